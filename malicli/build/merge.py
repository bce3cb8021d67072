"""Records -> entities: one battle gathers what every document says about it.

Two battle mentions are the same battle when

* their names match after folding (case, accents, punctuation, a leading
  "the") and after removing a parenthesised disambiguator ("(2023)",
  "(May 2013)"), which is itself evidence about the date;
* their dates are compatible: the ranges overlap (give or take a few days),
  or one of them is not dated at all;
* their places do not contradict (two different places, neither the region
  of the other).

A name derived by malicli (not stated by the text) only matches the same
derived name at the same place. Mentions are taken in a fixed order (full
articles first, then by file and line), so the result does not depend on the
order in which documents are read. Battle ids come from the canonical name
without its disambiguator; where two battles would share one, the later gets
its year (see :func:`assign_ids`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .. import resolve
from ..dates import DateValue, parse_date
from ..sources.records import Event
from ..text import fold

SLACK = timedelta(days=3)  # sources that differ by a day or two still speak of one battle
ROLE_RANK = {"article": 0, "related article": 1}
_DISAMBIGUATOR = re.compile(r"\s*\(([^()]*)\)\s*$")
_NOT_WORD = re.compile(r"[^\w\s]+")
_LEADING_THE = re.compile(r"^the\s+(?=\S)", re.I)


@dataclass
class Mention:
    """One event as one source tells it."""

    event: Event
    source_id: str
    role: str  # article | related article | timeline | news
    order: tuple  # (file, line): a fixed order across builds


@dataclass
class Battle:
    """A battle: every mention of it, the best first."""

    mentions: list[Mention]
    id: str = ""
    sides: dict[int, dict[int | None, int | None]] = field(default_factory=dict)  # mention -> side map

    @property
    def primary(self) -> Mention:
        """The best mention of the battle, which gives its id and its first date."""
        return self.mentions[0]

    @property
    def name(self) -> str:
        """The battle's canonical name, chosen from the names its mentions give."""
        return canonical_name(self.mentions)


def base_name(name: str) -> tuple[str, str | None]:
    """(folded name without disambiguator or leading article, the disambiguator)."""
    m = _DISAMBIGUATOR.search(name)
    disambiguator = m.group(1).strip() if m else None
    core = name[: m.start()] if m else name
    key = _NOT_WORD.sub(" ", fold(core))
    key = re.sub(r"^the\s+", "", " ".join(key.split()))
    return key, disambiguator


def _range(value: DateValue) -> tuple[date, date] | None:
    if not value.start:
        return None
    end = value.end or ("9999-12-31" if value.ongoing else value.start)
    return date.fromisoformat(value.start), date.fromisoformat(end)


def date_ranges(mention: Mention) -> list[tuple[date, date]]:
    """The date evidence of a mention: its date and its name's disambiguator."""
    out = []
    for value in (mention.event.date, _disambiguator_date(mention.event.name or "")):
        r = _range(value) if value else None
        if r:
            out.append(r)
    return out


def _disambiguator_date(name: str) -> DateValue | None:
    d = base_name(name)[1]
    if not d:
        return None
    value = parse_date(d)
    return value if value.start and value.rule == "explicit" else None


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] - SLACK <= b[1] and b[0] - SLACK <= a[1]


def dates_compatible(a: Mention, b: Mention) -> bool:
    """Whether every date range of one mention overlaps every range of the other (within SLACK)."""
    ra, rb = date_ranges(a), date_ranges(b)
    return all(_overlap(x, y) for x in ra for y in rb)


def _region_of(place_id: str) -> str | None:
    entry = resolve.place(place_id) or {}
    return entry.get("region")


def places_compatible(a: Mention, b: Mention) -> bool:
    """Whether two mentions may be at one place: the same, unknown, a country, or a town in its region."""
    pa, pb = a.event.place_id, b.event.place_id
    if not pa or not pb or pa == pb:
        return True
    kinds = {(resolve.place(p) or {}).get("kind") for p in (pa, pb)}
    if "country" in kinds:
        return True
    names = {p: (resolve.place(p) or {}).get("name") for p in (pa, pb)}
    return _region_of(pa) == names[pb] or _region_of(pb) == names[pa]


def _same_battle(m: Mention, group: Battle) -> bool:
    derived = m.event.name_rule == "derived"
    for other in group.mentions:
        if derived != (other.event.name_rule == "derived"):
            return False
        if derived and m.event.place_id != other.event.place_id:
            return False
        if not dates_compatible(m, other) or not places_compatible(m, other):
            return False
    return True


def _rank(m: Mention) -> tuple:
    """Full articles first, stated names, precise dates, the richest telling, then a fixed order."""
    e = m.event
    precision = {"day": 0, "month": 1, "year": 2}.get(e.date.precision or "", 3)
    richness = len(e.participants) + len(e.figures) + len(e.commanders) + len(e.children)
    return (ROLE_RANK.get(m.role, 2), e.name_rule != "stated", precision, -richness, m.order)


def mention_key(m: Mention) -> str:
    """What battle mentions are grouped by: the folded base name (an unnamed one stands alone)."""
    return base_name(m.event.name or "")[0] if m.event.name else f"#{m.source_id}#{m.order}"


def group_battles(mentions: list[Mention]) -> tuple[list[Battle], list[str]]:
    """Battle mentions grouped into battles; warnings for mentions that fit several."""
    by_key: dict[str, list[Battle]] = {}
    warnings: list[str] = []
    for m in sorted(mentions, key=_rank):
        key = mention_key(m)
        groups = by_key.setdefault(key, [])
        fits = [g for g in groups if _same_battle(m, g)]
        if len(fits) == 1:
            fits[0].mentions.append(m)
            continue
        if len(fits) > 1:
            warnings.append(
                f"{m.event.name!r} (line {m.order[1]}) could be any of {len(fits)} battles of that "
                "name; kept apart"
            )
        groups.append(Battle([m]))
    battles = [b for groups in by_key.values() for b in groups]
    return battles, warnings


def canonical_name(mentions: list[Mention]) -> str:
    """The primary mention's name when stated, else the most frequent stated name; a leading
    "The" is dropped (the name as written stays an alias)."""
    first = mentions[0].event
    stated = [m.event.name for m in mentions if m.event.name_rule == "stated" and m.event.name]
    if first.name_rule == "stated" or len(mentions) == 1 or not stated:
        name = first.name or ""
    else:
        name = sorted(set(stated), key=lambda n: (-stated.count(n), n))[0]
    return _LEADING_THE.sub("", name) if first.name_rule == "stated" else name


def slug(text: str) -> str:
    """The folded text with every run of other characters than a-z and 0-9 made one hyphen ("x" if empty)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def battle_slug(battle: Battle) -> str:
    """The slug of a battle's name, its disambiguator in brackets left out unless the name was derived."""
    name = battle.name
    if battle.primary.event.name_rule == "derived":
        return slug(name)
    return slug(_DISAMBIGUATOR.sub("", name)) or slug(name)


@dataclass(frozen=True)
class IdClaim:
    """What a battle's id depends on: its slug, its first date, its name and its first mention."""

    slug: str
    start: str | None
    name: str
    order: tuple


def id_claim(battle: Battle) -> IdClaim:
    """What a battle's id is chosen from: slug, first date, name and the order of its first mention."""
    return IdClaim(battle_slug(battle), battle.primary.event.date.start, battle.name, battle.primary.order)


def plan_ids(claims: list[IdClaim], taken: set[str]) -> list[str]:
    """Ids from names, in the order of ``claims``; where several battles share one, the earliest
    keeps it and the others get their year (then a number)."""
    by_slug: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_slug.setdefault(c.slug, []).append(i)
    out = [""] * len(claims)
    for base, group in sorted(by_slug.items()):
        group.sort(key=lambda i: (claims[i].start or "9999", claims[i].name, claims[i].order))
        for rank, i in enumerate(group):
            candidate, start = base, claims[i].start
            if rank and start:
                candidate = f"{base}-{start[:4]}"
            n = 2
            while candidate in taken:
                candidate, n = f"{base}-{n}", n + 1
            out[i] = candidate
            taken.add(candidate)
    return out


def assign_ids(battles: list[Battle], taken: set[str]) -> None:
    """Ids from names (see :func:`plan_ids`)."""
    for b, battle_id in zip(battles, plan_ids([id_claim(b) for b in battles], taken), strict=True):
        b.id = battle_id


def side_map(primary: Event, other: Event) -> dict[int | None, int | None]:
    """Sides of another source's telling, renumbered as the primary source's sides.

    A side maps where its actors are found on exactly one side of the primary;
    a last side left over maps to the last primary side left over; anything
    else becomes side unknown (None), never a guess.
    """
    mine = _actors_by_side(primary)
    theirs = _actors_by_side(other)
    out: dict[int | None, int | None] = {None: None}
    for side, actors in theirs.items():
        hits = {s for s, a in mine.items() if a & actors}
        out[side] = hits.pop() if len(hits) == 1 else None
    left_theirs = [s for s in theirs if out.get(s) is None]
    left_mine = [s for s in mine if s not in out.values()]
    if len(left_theirs) == 1 and len(left_mine) == 1 and len(theirs) == len(mine):
        out[left_theirs[0]] = left_mine[0]
    return out


def _actors_by_side(event: Event) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for p in event.participants:
        if p.side is not None and p.actor_id:
            out.setdefault(p.side, set()).add(p.actor_id)
    return out
