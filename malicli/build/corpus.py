"""What each document contributes to the database, and the entities that several
documents share, written the same way by a full build and by an incremental one.

A document contributes its ``sources`` row, its people, its incidents and
timeline events (with ids from its own sentences), its battle mentions, and
references to actors and places no dictionary holds. Entities that gather
several documents are computed from every contribution, whatever the order in
which the contributions arrived: a battle from all the mentions of its name
(see ``merge``), an actor or place named by a text from its first mention in
the order of a full build, an actor's description from the last document that
describes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..sources.records import Document, Event
from . import cache
from .documents import Parsed
from .merge import Battle, IdClaim, Mention, id_claim, mention_key, slug
from .rows import Rows, battle_rows, event_id, other_event_rows, text_entity_rows, text_place
from .write import insert

ARTICLE_FORMATS = {"infobox-article", "mirror-page", "pipe-table"}
TEXT_TABLES = {
    "actor": ("actors", "actor_aliases", "actor_id"),
    "place": ("places", "place_names", "place_id"),
}
ROW_TABLES = (
    "events",
    "event_names",
    "event_sources",
    "event_places",
    "claims",
    "event_actors",
    "commanders",
    "figures",
)


@dataclass
class Unit:
    """One stored document, its records prepared for merging."""

    path: str
    source_id: str
    document: Document
    lines: list[str]
    mentions: dict[int, Mention] = field(default_factory=dict)  # event index -> battle mention
    place_refs: list[tuple] = field(default_factory=list)


def source_id(path: str, taken: set[str]) -> str:
    """A document's source id: the slug of its name, with a hash of its path where an earlier
    document (in file order) took the slug."""
    sid = slug(Path(path).stem)
    if sid in taken:
        sid = f"{sid}-{hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:6]}"
    taken.add(sid)
    return sid


def source_ids(documents: Iterable[str]) -> dict[str, str]:
    """The source id of each document that was read, in file order."""
    taken: set[str] = set()
    return {path: source_id(path, taken) for path in documents}


def _role(doc: Document, event: Event, index: int) -> str:
    if event.event_type == "battle":
        return "article" if index == 0 and doc.format in ARTICLE_FORMATS else "related article"
    return "news" if event.event_type == "incident" else "timeline"


def prepare(path: str, source_id: str, doc: Document, text: str) -> Unit:
    """A document's battle mentions, with the places its text names (not its rows yet)."""
    unit = Unit(path, source_id, doc, text.splitlines())
    rows = Rows()
    rows.start(0, path)
    name = Path(path).name
    for i, event in enumerate(doc.events):
        event.place_id = text_place(rows, event)
        if event.event_type != "battle":
            continue
        unit.mentions[i] = Mention(
            event, source_id, _role(doc, event, i), (name, source_id, event.line_start, i)
        )
        for child in event.children:
            child.place_id = text_place(rows, child)
    unit.place_refs = rows.refs
    return unit


# ---------------------------------------------------------------- rows of one document


def cache_row(item: Parsed, sid: str | None) -> dict:
    """The ``document_cache`` row of a document read."""
    return {
        "path": item.path,
        "size": item.size,
        "mtime_ns": item.mtime_ns,
        "sha256": item.sha256,
        "parser_version": cache.parser_version(),
        "source_id": sid,
        "skipped": item.skipped if sid is None else None,
        "messages": json.dumps(item.messages, ensure_ascii=False) if item.messages else None,
        "records": item.records if sid is not None else None,
    }


def _line(lines: list[str], n: int) -> str:
    return lines[n - 1].strip() if 0 < n <= len(lines) else ""


def document_rows(conn: sqlite3.Connection, unit: Unit, text: str, reason: str | None) -> None:
    """The document's ``sources`` row (``reason``: why its reader took it), its people and the
    actor descriptions it gives."""
    doc = unit.document
    problems = list(doc.warnings)
    row = {
        "id": unit.source_id,
        "file": Path(unit.path).name,
        "path": unit.path,
        "format": doc.format,
        "reader_reason": reason,
        "title": doc.title,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "line_count": len(unit.lines),
        "event_count": sum(1 + len(e.children) for e in doc.events),
        "problems": json.dumps(problems) if problems else None,
    }
    insert(conn, "sources", [row])
    people = [
        {
            "name": p.name,
            "description": p.description,
            "actor_ids": json.dumps(p.actor_ids),
            "source_id": unit.source_id,
            "line": p.line,
            "quote": _line(unit.lines, p.line),
        }
        for p in doc.people
    ]
    insert(conn, "people", people)
    notes = [
        {
            "path": unit.path,
            "seq": i,
            "actor_id": n.actor_id,
            "description": n.description,
            "line": n.line,
            "source_id": unit.source_id,
        }
        for i, n in enumerate(doc.actor_notes)
    ]
    insert(conn, "build_notes", notes)


def document_event_rows(rows: Rows, unit: Unit, battle_of: dict[int, str], reserved: set[str]) -> list[dict]:
    """The rows of a document's incidents and timeline events (the timeline of a battle
    article belongs to its battle, ``battle_of`` its mention's index); its rows of
    ``build_children``. ``reserved``: every battle id, which no other event may take."""
    doc, sid = unit.document, unit.source_id
    taken: set[str] = set()
    children = []
    rows.start(2, unit.path)
    for i, event in enumerate(doc.events):
        if event.event_type != "battle":
            continue
        for child in event.children:
            role = "timeline" if child.event_type == "timeline" else "news"
            eid = event_id(sid, child, taken, reserved)
            other_event_rows(rows, Mention(child, sid, role, ()), eid, battle_of[i])
            children.append({"event_id": eid, "path": unit.path, "parent_idx": i})
    rows.start(3, unit.path)
    for i, event in enumerate(doc.events):
        if event.event_type != "battle":
            eid = event_id(sid, event, taken, reserved)
            other_event_rows(rows, Mention(event, sid, _role(doc, event, i), ()), eid, None)
    return children


# ---------------------------------------------------------------- battles


def battles_rows(rows: Rows, battles: list[Battle], texts: dict[str, list[str]]) -> None:
    """The rows of merged battles, in id order."""
    for b in sorted(battles, key=lambda b: b.id):
        rows.start(1, b.id)
        battle_rows(rows, b, texts)


def mention_rows(battles: list[Battle], path_of: dict[str, str]) -> list[dict]:
    """``build_mentions``: each mention with its key and battle (``path_of``: source id -> path)."""
    return [
        {"path": path_of[m.source_id], "idx": m.order[3], "key": mention_key(m), "battle_id": b.id}
        for b in battles
        for m in b.mentions
    ]


def claim_row(battle_id: str, key: str, claim: IdClaim) -> dict:
    """A ``build_battles`` row: a battle's id with what it was chosen from."""
    return {
        "id": battle_id,
        "key": key,
        "slug": claim.slug,
        "start": claim.start,
        "name": claim.name,
        "sort": json.dumps(list(claim.order), ensure_ascii=False),
    }


def battle_rows_of_ids(battles: list[Battle]) -> list[dict]:
    """``build_battles``: what each battle's id depends on."""
    return [claim_row(b.id, mention_key(b.primary), id_claim(b)) for b in battles]


def insert_rows(conn: sqlite3.Connection, rows: Rows) -> None:
    """Every table of ``rows``, each in runs of one shape (one prepared INSERT each); the
    references to actors and places as ``build_text_refs``."""
    for table in ROW_TABLES:
        for chunk in _same_shape(rows.tables.get(table, [])):
            insert(conn, table, chunk)
    insert_refs(conn, rows.refs)


def insert_refs(conn: sqlite3.Connection, refs: list[tuple]) -> None:
    """Write the references to actors and places that no dictionary holds into ``build_text_refs``."""
    conn.executemany(
        "INSERT INTO build_text_refs (kind, ref_id, phase, unit, seq, value) VALUES (?, ?, ?, ?, ?, ?)",
        [(*r[:5], json.dumps(r[5], ensure_ascii=False)) for r in refs],
    )


def _same_shape(rows: list[dict]) -> list[list[dict]]:
    """Rows split into runs of the same columns (one prepared INSERT each)."""
    out: list[list[dict]] = []
    for row in rows:
        if out and out[-1][0].keys() == row.keys():
            out[-1].append(row)
        else:
            out.append([row])
    return out


# ---------------------------------------------------------------- entities of several documents


def write_text_entities(
    conn: sqlite3.Connection, ids: set[tuple[str, str]], position: Callable[[str], int]
) -> None:
    """The rows of the actors and places a text names (``ids``: (kind, id)), each from its
    first reference in the order of a full build; none for an id no reference is left to."""
    for kind, ref_id in sorted(ids):
        found = conn.execute(
            "SELECT phase, unit, seq, value FROM build_text_refs WHERE kind = ? AND ref_id = ?",
            (kind, ref_id),
        ).fetchall()
        table, names, id_column = TEXT_TABLES[kind]
        gone = conn.execute(f"DELETE FROM {table} WHERE id = ? AND origin = 'text'", (ref_id,)).rowcount
        if gone:
            conn.execute(f"DELETE FROM {names} WHERE {id_column} = ?", (ref_id,))
        if not found:
            continue
        first = min(found, key=lambda r: (r[0], r[1] if r[0] == 1 else position(r[1]), r[2]))
        row, name_row = text_entity_rows(kind, ref_id, json.loads(first[3]))
        insert(conn, table, [row])
        insert(conn, names, [name_row])


def write_descriptions(conn: sqlite3.Connection, actor_ids: set[str], position: Callable[[str], int]) -> None:
    """Each dictionary actor's description: the last one the documents give, in file order."""
    for actor_id in sorted(actor_ids):
        notes = conn.execute(
            "SELECT path, seq, description, source_id, line FROM build_notes WHERE actor_id = ?", (actor_id,)
        ).fetchall()
        last = max(notes, key=lambda n: (position(n[0]), n[1])) if notes else (None, None, None, None, None)
        conn.execute(
            "UPDATE actors SET description = ?, description_source_id = ?, description_line = ?"
            " WHERE id = ? AND origin = 'dictionary'",
            (*last[2:], actor_id),
        )
