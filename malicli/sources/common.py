"""Text helpers shared by the source parsers: sentences, headings, kinds, figures.

Everything here works on any text of the supported formats; nothing names a
particular event.
"""

from __future__ import annotations

import re

from .. import resolve
from ..dates import DateContext, DateValue, find_dates, parse_date
from . import fields, figures
from .records import Event, Figure, Participant
from .text import REF_MARK, clean, strip_refs

__all__ = ["REF_MARK", "clean", "strip_refs"]

IMAGE_LINE = re.compile(r"\.(?:svg|png|jpe?g|gif|tiff?)\b", re.I)
MAINTENANCE = re.compile(r"^(?:This (?:article|section|page)\b|For other\b|See also\b|Main article\b)", re.I)

_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "col",
    "capt",
    "gen",
    "lt",
    "sgt",
    "st",
    "no",
    "vs",
    "jr",
    "sr",
    "maj",
    "brig",
    "cpl",
    "pte",
    "prof",
    "gov",
    "sen",
    "rep",
    "fig",
    "approx",
    "inc",
    "ltd",
    "co",
    "mt",
    "ft",
    "e.g",
    "i.e",
    "etc",
    "al",
}
_SENT_END = re.compile(r"[.!?][\"”’')]*(?:\[[^\]]{1,20}\])*(?=\s+[\"“'(\[]?[A-Z0-9ÀÉÈÎÔ])")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Split a paragraph into (offset, sentence) pairs; offsets index ``text``."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        head = text[start : m.start()]
        word = re.search(r"([A-Za-z.]+)$", head)
        if word:
            w = word.group(1).lower().rstrip(".")
            if w in _ABBREV or (len(w) == 1 and w.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                continue
        end = m.end()
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, piece.strip()))
        start = end
    piece = text[start:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append((start + lead, piece.strip()))
    return out


def is_heading(line: str) -> bool:
    """A bare heading line: short, no sentence-final punctuation."""
    s = line.strip()
    if not s or len(s) > 120:
        return False
    if s[-1] in '.!?"”;,:' or REF_MARK.search(s[-6:] or ""):
        return False
    if s.endswith("]"):
        return False
    return s[0].isupper() or s[0].isdigit()


def heading_years(line: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", line)]


KINDS = (
    ("siege", r"\bsiege\b|\bbesieg(?:ed|ing)\b|\bblockade\b"),
    ("raid", r"\braid\b"),
    ("ambush", r"\bambush(?:ed|es)?\b"),
    ("clash", r"\bclash(?:es|ed)?\b"),
    ("battle", r"\bbattle\b"),
    ("offensive", r"(?<!counter-)\boffensive\b"),
    ("attack", r"\battack(?:s|ed)?\b|\bassault\b|\bincursion\b|\binfiltration\b"),
)
_KIND_RE = {k: re.compile(p, re.I) for k, p in KINDS}
EVENT_NAME = re.compile(
    r"\b(?:battle|siege|raid|ambush|clash(?:es)?|offensive|massacre|attack|capture|fall|liberation|operation)\b",
    re.I,
)


def kind_from_name(name: str) -> str:
    return kind_from_text(name) or "event"


def kind_from_text(text: str) -> str | None:
    for kind, rx in _KIND_RE.items():
        if rx.search(text):
            return kind
    return None


_DERIVED = {
    "battle": "Battle of {}",
    "siege": "Siege of {}",
    "raid": "Raid on {}",
    "ambush": "Ambush at {}",
    "clash": "Clashes at {}",
    "offensive": "Offensive on {}",
    "attack": "Attack in {}",
    "event": "Events at {}",
}


def derived_name(kind: str, place_id: str | None, date: DateValue) -> str | None:
    """A descriptive name for an event the text does not name (marked as derived)."""
    place = (resolve.place(place_id) or {}).get("name") if place_id else None
    if not place:
        return None
    name = _DERIVED.get(kind, "Events at {}").format(place)
    when = month_year(date)
    return f"{name} ({when})" if when else name


_MONTHS = ("January February March April May June July August September October November December").split()


def month_year(date: DateValue) -> str | None:
    if not date.start:
        return None
    y, m = int(date.start[:4]), int(date.start[5:7])
    if date.precision == "year":
        return str(y)
    return f"{_MONTHS[m - 1]} {y}"


# ---------------------------------------------------------------- figures

NUM = figures.NUM
to_int = figures.to_int
claimant = figures.claimant


def prose_casualties(sentence: str, line: int, sides: dict[str, int] | None = None) -> list[Figure]:
    """Casualty figures stated in a sentence of prose (see :func:`figures.prose_figures`)."""
    return figures.prose_figures(sentence, line, sides)


# ---------------------------------------------------------------- places, actors


_KINDS: dict[str, str] = {}


def _place_kinds() -> dict[str, str]:
    if not _KINDS:
        _KINDS.update({p["id"]: p.get("kind") or "town" for p in resolve.all_places()})
    return _KINDS


def best_place(text: str) -> tuple[str | None, str | None]:
    """The most specific place a text names: (place id, as written)."""
    taken = [(m.start, m.end) for m in resolve.find_actors(text)]
    found = [m for m in resolve.find_places(text) if not any(s <= m.start and m.end <= e for s, e in taken)]
    rank = {"town": 0, "village": 0, "area": 1, "region": 2, "country": 3}
    kinds = _place_kinds()
    best = None
    for m in found:
        kind = kinds.get(m.id, "town")
        key = rank.get(kind, 1)
        if best is None or key < best[0]:
            best = (key, m)
    return (best[1].id, best[1].as_written) if best else (None, None)


def mentioned_actors(text: str, line: int, quote: str, role: str = "mentioned") -> list[Participant]:
    seen: dict[str, Participant] = {}
    for m in resolve.find_actors(text):
        if m.id not in seen:
            seen[m.id] = Participant(m.as_written, m.id, None, role, None, line, quote)
    return list(seen.values())


# ---------------------------------------------------------------- timeline


def dated_mention(sentence: str):
    """The first mention in a sentence that dates it to a day or a month."""
    for m in find_dates(sentence):
        if m.precision in ("day", "month"):
            return m
    return None


def timeline_event(sentence: str, line: int, ctx: DateContext, last: list) -> Event | None:
    """A timeline event for a sentence that dates something to a day or month.

    ``last`` is a one-item list holding the document's previous start date, so that
    a day-month that falls far before it (more than six months) is read as
    belonging to the next year of the narrative.
    """
    text = strip_refs(sentence)
    mention = dated_mention(text)
    if mention is None:
        return None
    date = parse_date(mention.text, ctx)
    if date.rule == "year_from_context" and date.start and last[0]:
        prev = last[0]
        if int(prev[:4]) == int(date.start[:4]) and _month_index(prev) - _month_index(date.start) > 6:
            nxt = DateContext(default_year=int(date.start[:4]) + 1)
            date = parse_date(mention.text, nxt)
    if date.start and date.rule == "explicit" and date.precision in ("day", "month"):
        ctx.see_year(int(date.start[:4]))
    if date.start:
        last[0] = date.start
    place_id, place_text = best_place(text)
    event = Event(
        event_type="timeline",
        kind=kind_from_text(text) or "event",
        name=None,
        name_rule=None,
        date=date,
        date_line=line,
        line_start=line,
        line_end=line,
        quote=sentence,
        summary=clean(sentence),
        place_text=place_text,
        place_id=place_id,
        place_rule="from_text" if place_id else None,
        place_line=line if place_id else None,
    )
    event.participants = mentioned_actors(text, line, sentence)
    event.figures = prose_casualties(sentence, line)
    return event


def set_stated_place(event: Event, text: str, line: int | None) -> None:
    """A place field ("Outskirts of X, Y Region, Mali"): the town with its
    qualifier, further towns and the region. A town the gazetteer lacks keeps
    its clean name and no id; the region or the country is never taken instead."""
    found = fields.parse_place(text)
    if found is None or not found.place_text:
        return
    event.place_text, event.place_id = found.place_text, found.place_id
    event.place_qualifier, event.region_text = found.qualifier, found.region_text
    event.other_place_ids = found.other_place_ids
    event.place_rule, event.place_line = "stated", line


def set_place_from_name(event: Event) -> None:
    """No place stated: the place the event's name names, marked as taken from it."""
    if event.place_id is None and event.place_text is None and event.name:
        pid, written = best_place(event.name)
        if pid:
            event.place_id, event.place_text, event.place_rule = pid, written, "from_name"


def read_battle_sentence(
    event: Event, sentence: str, line: int, ctx: DateContext, last: list, sides: dict[str, int]
) -> None:
    """A sentence of a battle article: a timeline event if dated, figures for a known side."""
    child = timeline_event(sentence, line, ctx, last)
    if child and not restates(child, event):
        event.children.append(child)
    event.figures.extend(f for f in prose_casualties(sentence, line, sides) if f.side is not None)


def restates(child: Event, battle: Event) -> bool:
    """A dated sentence that only restates the battle's own dates (a lead sentence)."""
    return (
        child.date.start is not None
        and child.date.start == battle.date.start
        and child.date.precision == battle.date.precision
        and (child.date.end == battle.date.end or battle.status == "ongoing")
    )


def _month_index(iso: str) -> int:
    return int(iso[5:7])


def see_explicit_years(text: str, ctx: DateContext) -> None:
    """Let a document's explicit full dates move the year context forward."""
    for m in find_dates(strip_refs(text)):
        if m.has_year and m.precision in ("day", "month"):
            d = parse_date(m.text)
            if d.start:
                ctx.see_year(int(d.start[:4]))
