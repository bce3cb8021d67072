"""News-wire items: untitled, undated prose reporting several incidents,
ending with an agency signature line such as ``MD/te/sf/lb/as/APA``.

The item's date is inferred from its only date clue, a weekday with a day
(``On Sunday, June 1``): the year in which that day falls on that weekday,
among the years the text names. Incidents the text does not date carry the
item's month, marked with the rule ``item_date``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..dates import DateContext, DateValue, find_dates, parse_date, years_in
from ..datewords import month_end
from . import common
from .records import Document, Event

FORMAT = "news-wire"
SIGNATURE = re.compile(r"^[A-Za-z]{1,5}(?:/[A-Za-z]{1,5}){1,8}$")
INCIDENT = re.compile(
    r"\b(?:attack(?:s|ed)?|assault|ambush(?:ed)?|incursion|infiltration|clash(?:es)?|"
    r"raid|shell(?:ing|ed)|bomb(?:ing)?|IED|explosive device|offensive|targeted)\b",
    re.I,
)


def score(text: str) -> float:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return 0.0
    if SIGNATURE.match(lines[-1]):
        return 0.9
    return 0.0


def _item_date(text: str) -> DateValue | None:
    years = years_in(text)
    ctx = DateContext(years_in_text=years)
    for m in find_dates(common.strip_refs(text)):
        if not m.has_year and m.precision == "day":
            d = parse_date(m.text, ctx)
            if d.rule == "year_from_weekday" and d.start:
                return d
    return None


def parse(text: str) -> Document:
    lines = text.splitlines()
    doc = Document(format=FORMAT, title=None)
    item = _item_date(text)
    ctx = DateContext(default_year=int(item.start[:4]) if item else None, years_in_text=years_in(text))
    last = [None]
    current: Event | None = None
    for number, line in enumerate(lines, 1):
        s = line.strip()
        if not s or SIGNATURE.match(s):
            continue
        dated_here = []
        for _, sentence in common.split_sentences(line):
            event = common.timeline_event(sentence, number, ctx, last)
            if event:
                dated_here.append(event)
        place_id, place_text = common.best_place(common.strip_refs(s))
        background = bool(years_in(s))  # a paragraph naming years looks back, not at the news
        new_incident = (
            bool(INCIDENT.search(s))
            and place_id
            and not background
            and (current is None or place_id != current.place_id)
        )
        if dated_here and any(e.date.rule != "explicit" for e in dated_here):
            # a sentence dated by the weekday clue: an incident of its own
            for e in dated_here:
                if e.date.rule != "explicit":
                    e.event_type = "incident"
                    e.kind = common.kind_from_text(s) or "event"
                    e.summary = common.clean(s)
                    e.participants = common.mentioned_actors(s, number, s)
                    e.name = common.derived_name(e.kind, e.place_id, e.date)
                    e.name_rule = "derived" if e.name else None
                    e.status = "ended" if e.date.start else None
                    doc.events.append(e)
                    current = e
            doc.events.extend(e for e in dated_here if e.date.rule == "explicit")
            continue
        doc.events.extend(dated_here)
        if new_incident:
            date = (
                replace(
                    item,
                    precision="month",
                    start=item.start[:8] + "01",
                    end=month_end(int(item.start[:4]), int(item.start[5:7])),
                    rule="item_date",
                )
                if item
                else parse_date("")
            )
            kind = common.kind_from_text(s) or "event"
            current = Event(
                event_type="incident",
                kind=kind,
                name=common.derived_name(kind, place_id, date),
                name_rule="derived",
                date=date,
                date_line=None,
                line_start=number,
                line_end=number,
                quote=s,
                summary=common.clean(s),
                status="ended" if date.start else None,
                place_text=place_text,
                place_id=place_id,
                place_rule="from_text",
                place_line=number,
            )
            current.participants = common.mentioned_actors(s, number, s)
            for _, sentence in common.split_sentences(line):
                current.figures.extend(common.prose_casualties(sentence, number))
            doc.events.append(current)
        elif (
            current is not None
            and current.event_type == "incident"
            and not background
            and current.line_end == number - 1
        ):
            # a paragraph that goes on about the same incident
            current.line_end = number
            current.summary = f"{current.summary} {common.clean(s)}"
            current.quote = f"{current.quote}\n{s}"
            known = {p.actor_id for p in current.participants}
            current.participants += [
                p for p in common.mentioned_actors(s, number, s) if p.actor_id not in known
            ]
            for _, sentence in common.split_sentences(line):
                current.figures.extend(common.prose_casualties(sentence, number))
    return doc
