"""Entities -> table rows: events, names, sources, claims, actors, commanders, figures.

Every row that states something carries its source, line and quote. Ids do
not depend on line numbers: a battle's comes from its name (see merge), an
incident's or timeline event's from its source and its own sentence.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Set
from dataclasses import dataclass, field

from .. import resolve
from ..sources.common import is_unnamed_actor
from ..sources.records import Event
from ..text import fold, name_key
from .merge import Battle, Mention, side_map, slug

_TEXT_NAME = re.compile(r"^[^\W\d_][\w .'’()\-/&]{1,79}$")


@dataclass
class Rows:
    """The rows of a build, table by table, in insertion order, and the references to
    actors and places that no dictionary holds (made into rows by :func:`text_entity_rows`)."""

    tables: dict[str, list[dict]] = field(default_factory=dict)
    # (kind, id, phase, unit, seq, value): kind "actor" or "place"; the first reference in
    # (phase, unit, seq) order names the row, as the first mention did in a single pass
    refs: list[tuple] = field(default_factory=list)
    phase: int = 0
    unit: str = ""  # a battle id (phase 1) or a document's path (phases 0, 2 and 3)
    seq: int = 0
    keys: set[tuple] = field(default_factory=set)  # the primary keys of event_places written

    def add(self, table: str, row: dict) -> None:
        """Append ``row`` to the rows of ``table``."""
        self.tables.setdefault(table, []).append(row)

    def start(self, phase: int, unit: str) -> None:
        """References from here on belong to ``unit`` in ``phase``."""
        self.phase, self.unit, self.seq = phase, unit, 0

    def refer(self, kind: str, ref_id: str, value: list) -> None:
        """Record a reference to an actor or place no dictionary holds, in the current unit's order."""
        self.refs.append((kind, ref_id, self.phase, self.unit, self.seq, value))
        self.seq += 1


def sort_key(event: Event, eid: str) -> str:
    """A key that orders events by start date, then end date, then id, undated ones last."""
    d = event.date
    return f"{d.start or '~'} {d.end or '~'} {eid}"  # date order, undated last


def event_id(source_id: str, event: Event, taken: set[str], reserved: Set[str] = frozenset()) -> str:
    """An incident's or timeline event's id: its source and a hash of its own sentence.
    ``taken``: the ids given so far in its document; ``reserved``: the battle ids."""
    seed = f"{fold(event.quote)}|{event.date.start or ''}"
    base = f"{source_id}-{hashlib.sha1(seed.encode()).hexdigest()[:8]}"
    candidate, n = base, 2
    while candidate in taken or candidate in reserved:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


# ---------------------------------------------------------------- actors and places from the text


def text_actor(rows: Rows, name: str) -> str | None:
    """The id of an actor the dictionary lacks, made from its name (None for no name)."""
    name = " ".join((name or "").split())
    if not _TEXT_NAME.match(name):
        return None
    aid = slug(name)
    if resolve.actor(aid) is not None:
        aid = f"{aid}-text"
    rows.refer("actor", aid, [name])
    return aid


def text_place(rows: Rows, event: Event) -> str | None:
    """A town the gazetteer lacks becomes a place of its own (marked as from the text); so do
    the event's further towns the gazetteer lacks ("between Douentza and Boni"), added to its
    other places."""
    for other in event.other_place_texts:
        pid = _text_place_id(rows, other, event.region_text, None, None)
        if pid is not None and pid not in event.other_place_ids:
            event.other_place_ids.append(pid)
    if event.place_id:
        return event.place_id
    return _text_place_id(rows, event.place_text or "", event.region_text, event.lat, event.lon)


def _text_place_id(rows: Rows, text: str, region: str | None, lat, lon) -> str | None:
    name = " ".join(text.split())
    if not _TEXT_NAME.match(name) or "," in name:
        return None
    pid = slug(name)
    if resolve.place(pid) is not None:
        pid = f"{pid}-text"
    rows.refer("place", pid, [name, region, lat, lon])
    return pid


def text_entity_rows(kind: str, ref_id: str, value: list) -> tuple[dict, dict]:
    """(row, name row) of an actor or a place named by a text, from the reference that names it."""
    if kind == "actor":
        (name,) = value
        row = {
            "id": ref_id,
            "short_name": name,
            "full_name": None,
            "kind": None,
            "description": None,
            "description_source_id": None,
            "description_line": None,
            "note": "named in a source text; not in the actor dictionary",
            "origin": "text",
        }
        return row, {"actor_id": ref_id, "alias": name, "alias_folded": name_key(name)}
    name, region, lat, lon = value
    row = {
        "id": ref_id,
        "name": name,
        "name_fr": None,
        "kind": "town",
        "region": region,
        "country": None,
        "latitude": lat,
        "longitude": lon,
        "note": "named in a source text; not in the gazetteer",
        "origin": "text",
    }
    return row, {"place_id": ref_id, "name": name, "name_folded": name_key(name)}


# ---------------------------------------------------------------- events


def _open_year(d) -> bool:
    return bool(d.start and not d.certain and d.year_candidates)


def _bound(iso: str | None, year: int) -> str | None:
    """An ISO date moved to another year (the string compares right even for 29 February)."""
    return f"{year:04d}{iso[4:]}" if iso else None


def event_row(event: Event, eid: str, source_id: str, battle_id: str | None) -> dict:
    """The ``events`` row of an event, with its source and the battle it belongs to, if any."""
    d = event.date
    return {
        "id": eid,
        "name": event.name,
        "name_rule": event.name_rule,
        "event_type": event.event_type,
        "kind": event.kind,
        "date_start": d.start,
        "date_end": d.end,
        "date_precision": d.precision,
        "date_certain": 0 if d.start and not d.certain else 1,
        "date_candidates": json.dumps(list(d.year_candidates)) if d.year_candidates else None,
        "date_reason": d.reason,
        "date_earliest": _bound(d.start, min(d.year_candidates)) if _open_year(d) else d.start,
        "date_latest": _bound(d.end or d.start, max(d.year_candidates)) if _open_year(d) else d.end,
        "date_text": d.text or None,
        "date_rule": d.rule,
        "status": event.status,
        "result": event.result,
        "part_of": event.part_of,
        "place_id": event.place_id,
        "place_text": event.place_text,
        "place_qualifier": event.place_qualifier,
        "place_rule": event.place_rule,
        "latitude": event.lat,
        "longitude": event.lon,
        "summary": event.summary,
        "battle_id": battle_id,
        "source_id": source_id,
        "line_start": event.line_start,
        "line_end": event.line_end,
        "quote": event.quote,
        "sort_key": sort_key(event, eid),
    }


ACTOR_COLUMNS = (
    "event_id",
    "actor_id",
    "side",
    "role",
    "as_written",
    "claimant_actor_id",
    "claimant_text",
    "source_id",
    "line",
    "quote",
    "event_type",
    "sort_key",
)
COMMANDER_COLUMNS = (
    "event_id",
    "side",
    "actor_id",
    "name",
    "rank",
    "fate",
    "as_written",
    "source_id",
    "line",
    "quote",
)
FIGURE_COLUMNS = (
    "event_id",
    "side",
    "actor_id",
    "category",
    "population",
    "low",
    "high",
    "qualifier",
    "text",
    "note",
    "claimant_actor_id",
    "claimant_text",
    "origin",
    "source_id",
    "line",
    "quote",
)
CLAIM_COLUMNS = (
    "event_id",
    "field",
    "value",
    "date_start",
    "date_end",
    "date_precision",
    "date_certain",
    "place_id",
    "latitude",
    "longitude",
    "rule",
    "claimant_actor_id",
    "claimant_text",
    "source_id",
    "line",
    "quote",
)


def add_details(
    rows: Rows,
    event: Event,
    eid: str,
    source_id: str,
    sides: dict[int | None, int | None] | None = None,
    key: str = "",
) -> None:
    """Actors, commanders and figures of one telling of an event, sides renumbered by ``sides``."""
    sides = sides or {}

    def side(n):
        return sides.get(n, n) if sides else n

    key = key or sort_key(event, eid)
    for p in event.participants:
        unnamed = p.actor_id is None and is_unnamed_actor(p.as_written)  # "gunmen": no actor of their own
        actor_id = p.actor_id or (None if unnamed else text_actor(rows, p.as_written))
        values: tuple = (eid, actor_id, side(p.side), p.role, p.as_written, p.claimed_by, None)
        rows.add("event_actors", _row(ACTOR_COLUMNS, values, source_id, p, event.event_type, key))
    for c in event.commanders:
        values = (eid, side(c.side), c.actor_id, c.name, c.rank, c.fate, c.as_written)
        rows.add("commanders", _row(COMMANDER_COLUMNS, values, source_id, c))
    for f in event.figures:
        values = (eid, side(f.side), f.actor_id, f.category, f.population, f.low, f.high, f.qualifier)
        values += (f.text, f.note, f.claimant_actor_id, f.claimant, f.origin)
        rows.add("figures", _row(FIGURE_COLUMNS, values, source_id, f))


def add_places(rows: Rows, event: Event, eid: str, source_id: str, primary: str | None) -> None:
    """Every place of one telling of an event, in text order (``primary``: the event row's
    place, the others are marked 'other'); a place told twice by one source is kept once."""
    for rank, pid in enumerate(dict.fromkeys([event.place_id, *event.other_place_ids])):
        if not pid or (eid, pid, source_id) in rows.keys:
            continue
        rows.keys.add((eid, pid, source_id))
        role = "primary" if pid == primary else "other"
        row = {"event_id": eid, "place_id": pid, "role": role, "rank": rank, "source_id": source_id}
        rows.add("event_places", row)


def _row(columns: tuple[str, ...], values: tuple, source_id: str, record, *tail) -> dict:
    """A row of ``columns``: the values, then the source, line and quote of the record, then ``tail``."""
    return dict(zip(columns, (*values, source_id, record.line, record.quote, *tail), strict=True))


def add_claims(rows: Rows, event: Event, eid: str, source_id: str, lines: list[str]) -> None:
    """The stated values of one telling of a battle, each a claim with its source."""

    def claim(field_, value, line, **extra):
        line = line or event.line_start
        quote = lines[line - 1].strip() if 0 < line <= len(lines) else event.quote
        row = dict.fromkeys(CLAIM_COLUMNS)
        row.update(event_id=eid, field=field_, value=value, source_id=source_id, line=line, quote=quote)
        rows.add("claims", row | extra)

    d = event.date
    if event.name:
        claim("name", event.name, event.line_start, rule=event.name_rule)
    if d.start or d.text:
        claim(
            "date",
            d.text or d.start,
            event.date_line,
            date_start=d.start,
            date_end=d.end,
            date_precision=d.precision,
            date_certain=int(d.certain),
            rule=d.rule,
        )
    if event.place_id or event.place_text:
        claim(
            "place",
            event.place_text or event.place_id,
            event.place_line,
            place_id=event.place_id,
            rule=event.place_rule,
        )
    if event.result:
        claim("result", event.result, event.result_line)
    if event.part_of:
        claim("part_of", event.part_of, None)
    if event.status:
        claim("status", event.status, event.date_line)
    if event.coordinates_text and event.lat is not None:
        claim(
            "coordinates",
            event.coordinates_text,
            event.coordinates_line,
            latitude=event.lat,
            longitude=event.lon,
        )


def battle_rows(rows: Rows, battle: Battle, texts: dict[str, list[str]]) -> None:
    """The event row of a merged battle, its names, sources, claims and details."""
    primary = battle.primary.event
    merged = _merged_event(battle)
    rows.add("events", event_row(merged, battle.id, battle.primary.source_id, None))
    key = sort_key(merged, battle.id)
    seen_names: set[tuple[str, str]] = set()
    for m in battle.mentions:
        e = m.event
        if e.name and (e.name, m.source_id) not in seen_names:
            seen_names.add((e.name, m.source_id))
            rows.add(
                "event_names",
                {
                    "event_id": battle.id,
                    "name": e.name,
                    "name_folded": name_key(e.name),
                    "source_id": m.source_id,
                    "line": e.line_start,
                },
            )
        rows.add(
            "event_sources",
            {
                "event_id": battle.id,
                "source_id": m.source_id,
                "role": m.role,
                "line_start": e.line_start,
                "line_end": e.line_end,
            },
        )
        add_claims(rows, e, battle.id, m.source_id, texts[m.source_id])
        sides = side_map(primary, e) if m is not battle.primary else None
        add_places(rows, e, battle.id, m.source_id, merged.place_id)
        add_details(rows, e, battle.id, m.source_id, sides, key)


def _merged_event(battle: Battle) -> Event:
    """The primary telling, with fields it leaves blank filled from the next ones."""
    from dataclasses import replace

    out = replace(battle.primary.event, name=battle.name)
    for m in battle.mentions[1:]:
        e = m.event
        if not out.date.start and e.date.start:
            out.date, out.date_line = e.date, e.date_line
        if not out.place_id and e.place_id:
            out.place_id, out.place_text, out.place_rule = e.place_id, e.place_text, e.place_rule
        if out.lat is None and e.lat is not None:
            out.lat, out.lon = e.lat, e.lon
        for f in ("result", "part_of", "summary", "status"):
            if not getattr(out, f) and getattr(e, f):
                setattr(out, f, getattr(e, f))
    return out


def other_event_rows(rows: Rows, m: Mention, eid: str, battle_id: str | None) -> None:
    """An incident or timeline event: its row, its source and its details."""
    e = m.event
    rows.add("events", event_row(e, eid, m.source_id, battle_id))
    rows.add(
        "event_sources",
        {
            "event_id": eid,
            "source_id": m.source_id,
            "role": m.role,
            "line_start": e.line_start,
            "line_end": e.line_end,
        },
    )
    if e.name:
        rows.add(
            "event_names",
            {
                "event_id": eid,
                "name": e.name,
                "name_folded": name_key(e.name),
                "source_id": m.source_id,
                "line": e.line_start,
            },
        )
    add_places(rows, e, eid, m.source_id, e.place_id)
    add_details(rows, e, eid, m.source_id)
