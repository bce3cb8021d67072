"""Text helpers shared by the source parsers: sentences, headings, kinds, figures.

Everything here works on any text of the supported formats; nothing names a
particular event.
"""

from __future__ import annotations

import functools
import re

from .. import resolve
from ..dates import DateContext, DateMention, DateValue, find_dates, parse_date, weekday_within
from ..datewords import month_name
from . import fields, figures  # noqa: F401  (the parsers use these through common)
from .mentions import actors_in as _actors_in
from .mentions import best_place, event_places, mentioned_actors  # noqa: F401  (used through common)
from .records import Event, Figure, Participant  # noqa: F401
from .text import (  # noqa: F401  (the parsers use these through common)
    IMAGE_LINE,
    MAINTENANCE,
    REF_MARK,
    clean,
    heading_years,
    is_heading,
    split_sentences,
    strip_refs,
)

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
    """The kind of event a name says (battle, siege, raid...), else "event"."""
    return kind_from_text(name) or "event"


def kind_from_text(text: str) -> str | None:
    """The first kind of event whose word the text contains, or None."""
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


def month_year(date: DateValue) -> str | None:
    """The date as "March 2013", or "2013" for a year alone; None when undated."""
    if not date.start:
        return None
    y, m = int(date.start[:4]), int(date.start[5:7])
    if date.precision == "year":
        return str(y)
    return f"{month_name(m)} {y}"


# ---------------------------------------------------------------- figures

NUM = figures.NUM
to_int = figures.to_int
claimant = figures.claimant


def prose_casualties(sentence: str, line: int, sides: dict[str, int] | None = None) -> list[Figure]:
    """Casualty figures stated in a sentence of prose (see :func:`figures.prose_figures`)."""
    return figures.prose_figures(sentence, line, sides)


# ---------------------------------------------------------------- places, actors
# best_place, mentioned_actors: see malicli/sources/mentions.py


# ---------------------------------------------------------------- timeline


def dated_mention(sentence: str) -> DateMention | None:
    """The first mention in a sentence that dates it to a day or a month."""
    for m in find_dates(sentence):
        if m.precision in ("day", "month"):
            return m
    return None


def timeline_event(sentence: str, line: int, ctx: DateContext, last: list) -> Event | None:
    """A timeline event for a sentence that dates something to a day or month.

    ``last`` is a one-item list holding the document's previous date (a DateValue), so that
    a day-month that falls far before it (more than six months) is read as
    belonging to the next year of the narrative, and a day counted from it ("the next day")
    is that date's neighbour.
    """
    text = strip_refs(sentence)
    mention = dated_mention(text)
    if mention is None:  # "the next day", "on the day of the announcement": from the date before
        from .timeline import relative_day  # the timeline reader uses this module

        when = relative_day(text, last[0])
        return _timeline_record(sentence, text, line, when) if when else None
    return _timeline_record(sentence, text, line, _narrative_date(mention, ctx, last))


def _narrative_date(mention: DateMention, ctx: DateContext, last: list) -> DateValue:
    date = parse_date(mention.text, ctx)
    if date.rule == "year_from_context" and date.start and last[0]:
        prev = last[0].start
        if int(prev[:4]) == int(date.start[:4]) and _month_index(prev) - _month_index(date.start) > 6:
            nxt = DateContext(default_year=int(date.start[:4]) + 1)
            date = parse_date(mention.text, nxt)
    if date.start and date.rule == "explicit" and date.precision in ("day", "month"):
        ctx.see_year(int(date.start[:4]))
    if date.start:
        last[0] = date
    return date


def _timeline_record(sentence: str, text: str, line: int, date: DateValue) -> Event:
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
    )
    places = event_places(text)
    if places:
        event.place_id, event.place_text, event.place_qualifier = (
            places[0].place_id,
            places[0].text,
            places[0].qualifier,
        )
        event.place_rule, event.place_line = "from_text", line
        event.other_place_ids = [p.place_id for p in places[1:] if p.place_id]
    event.participants = _actors_in(text, line, sentence)
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
    """No place stated: the place the event's name names, marked as taken from it;
    a town the gazetteer lacks ("Battle of Inazaren (2022)") is a place of its own."""
    if event.place_id is None and event.place_text is None and event.name:
        pid, written = best_place(event.name)
        if pid:
            event.place_id, event.place_text, event.place_rule = pid, written, "from_name"
        elif town := town_in_name(event.name):
            event.place_text, event.place_rule = town, "from_name"
    place_children(event)


def place_children(event: Event) -> None:
    """A battle's timeline events that name no place ("fighting in the city", "on 26 August,
    shelling near the bank") took place at the battle's place, marked as taken from it."""
    if event.place_id is None and event.place_text is None:
        return
    for child in event.children:
        if child.place_id is None and child.place_text is None:
            child.place_id, child.place_text, child.region_text = (
                event.place_id,
                event.place_text,
                event.region_text,
            )
            child.place_rule, child.place_line = "from_battle", event.place_line


_NAMED_PLACE = (
    re.compile(
        r"^(?:(?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))\s+)?"
        r"(?:battle|siege|raid|ambush|clash(?:es)?|attack|assault|capture|fall|liberation|recapture)"
        r"\s+(?:of|on|at|in|near)\s+(?:the\s+)?(?P<x>.+)$",
        re.I,
    ),
    re.compile(
        r"^(?:\d{4}\s+)?(?P<x>.+?)\s+(?:offensive|attack|attacks|ambush|massacre|clashes|raid|siege)$", re.I
    ),
)


def town_in_name(name: str) -> str | None:
    """The town a battle's name is named after, where the name is only that:
    "Battle of X (2023)", "Siege of X", "X offensive", "2019 X attack"; never
    an actor ("Attack on MINUSMA"), a country or a region."""
    core = re.sub(r"\s*\([^()]*\)\s*$", "", clean(name)).strip()
    for rx in _NAMED_PLACE:
        m = rx.match(core)
        if not m:
            continue
        x = m.group("x").strip()
        words = x.split()
        if not (1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)):
            return None
        if resolve.resolve_actor(x) or resolve.find_actors(x) or re.search(r"(?i)\bregion\b", x):
            return None
        return x
    return None


def read_battle_sentence(
    event: Event, sentence: str, line: int, ctx: DateContext, last: list, sides: dict[str, int]
) -> None:
    """A sentence of a battle article: a timeline event if dated, figures for a known side."""
    child = timeline_event(sentence, line, ctx, last)
    if child is None:  # "On Sunday morning": the one Sunday of the battle's stated days
        when = weekday_within(strip_refs(sentence), event.date.start, event.date.end)
        child = _timeline_record(sentence, strip_refs(sentence), line, when) if when else None
    if child and not restates(child, event):
        event.children.append(child)
        place_children(event)
    event.figures.extend(f for f in prose_casualties(sentence, line, sides) if f.side is not None)


def restates(child: Event, battle: Event) -> bool:
    """A dated sentence that only restates the battle's own dates (a lead sentence): the same
    dates, or a coarser date (the month, the year) that holds all of the battle's."""
    c, b = child.date, battle.date
    if c.start is None or b.start is None:
        return False
    if c.start == b.start and c.precision == b.precision:
        return c.end == b.end or battle.status == "ongoing"
    coarser = {"day": 0, "month": 1, "year": 2}
    if coarser.get(c.precision or "", 0) <= coarser.get(b.precision or "", 0):
        return False
    return c.start <= b.start and (c.end or c.start) >= (b.end or b.start)


def _month_index(iso: str) -> int:
    return int(iso[5:7])


def see_explicit_years(text: str, ctx: DateContext) -> None:
    """Let a document's explicit full dates move the year context forward."""
    for m in find_dates(strip_refs(text)):
        if m.has_year and m.precision in ("day", "month"):
            d = parse_date(m.text)
            if d.start:
                ctx.see_year(int(d.start[:4]))


@functools.cache
def _unnamed_words() -> frozenset[str]:
    from .mentions import _data

    return frozenset(w.lower() for w in _data("news_words.json")["unnamed_attackers"]["words"])


def is_unnamed_actor(as_written: str) -> bool:
    """Words that name attackers without a group ("gunmen", "unidentified armed men"): the actor
    is unknown; the build makes no actor of them (``news_words.json``, ``unnamed_attackers``)."""
    words = re.sub(r"^(?:the|an?)\s+", "", " ".join(as_written.split()), flags=re.I).lower()
    return words in _unnamed_words()
