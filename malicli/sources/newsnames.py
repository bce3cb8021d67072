"""Names of the incidents a news item reports, derived from the text and marked as such.

"Attack in Dioura (March 2021)", "Ambush between Boni and Hombori (August
2021)", "Kidnapping near Kita (May 2022)", "Attack near the border with
Mauritania (September 2016)": the word of the incident's kind, where, and the
month. A year the text leaves open is not written ("(September, year
uncertain)"). Two incidents of one item never share a name: the day, else a
number, tells them apart.
"""

from __future__ import annotations

from collections import Counter

from .. import resolve
from ..datewords import month_name
from .records import Event

__all__ = ["distinct_names", "incident_name"]

_KIND_WORDS = {"ambush": "Ambush", "raid": "Raid", "clash": "Clashes", "siege": "Siege"}
_NEAR = ("near", "outside", "around", "close to")


def _place_name(place_id: str | None, written: str | None) -> str | None:
    if place_id:
        return (resolve.place(place_id) or {}).get("name") or written
    return written


def incident_name(event: Event, word: str = "Attack") -> str | None:
    """A descriptive name for an incident (None without a place)."""
    place = _place_name(event.place_id, event.place_text)
    if not place:
        return None
    word = _KIND_WORDS.get(event.kind) or word
    q = event.place_qualifier
    if q == "between" and event.other_place_ids:
        where = f"between {place} and {_place_name(event.other_place_ids[0], None)}"
    elif event.place_id is None and place.startswith("border with"):
        where = f"{q if q in _NEAR else 'near'} the {place}"
    elif q in _NEAR or (q or "").endswith(" of"):
        where = f"{q} {place}"
    else:
        where = f"in {place}"
    return f"{word} {where}{_when(event)}"


def _when(event: Event) -> str:
    d = event.date
    if not d.start or d.precision not in ("day", "month"):
        return f" ({d.start[:4]})" if d.start and d.precision == "year" and d.certain else ""
    month = month_name(int(d.start[5:7]))
    return f" ({month} {d.start[:4]})" if d.certain else f" ({month}, year uncertain)"


def distinct_names(events: list[Event]) -> None:
    """Each incident of an item has a name of its own: the day, then a number, tells twins apart."""
    counts = Counter(e.name for e in events if e.name)
    for name, n in counts.items():
        if n < 2:
            continue
        twins = [e for e in events if e.name == name]
        days = {t.date.start for t in twins if t.date.precision == "day"}
        for i, e in enumerate(twins, 1):
            d = e.date
            if len(days) == n and d.start and d.certain:
                e.name = f"{name[: name.rfind(' (')]} ({int(d.start[8:])} {month_name(int(d.start[5:7]))} {d.start[:4]})"
            elif i > 1:
                e.name = f"{name} ({i})"
