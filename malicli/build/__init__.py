"""Documents -> records -> battles merged across sources -> a SQLite file.

The rooms: ``documents`` reads and parses files, ``merge`` gathers the
mentions of one battle, ``rows`` turns entities into rows with their
sources, ``schema`` holds the SQL, ``write`` fills a temporary file and moves
it into place.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..sources.records import Document, Event
from .documents import MAX_BYTES, Parsed, parse_file, parsed, read_document
from .merge import Mention, assign_ids, group_battles, slug
from .rows import Rows, battle_rows, event_id, other_event_rows, text_place
from .write import BuildError, atomic_file, finish, insert, link_to_battles, open_new, write_dictionaries

__all__ = ["MAX_BYTES", "BuildError", "BuildReport", "build", "parse_file", "read_document", "slug"]

ARTICLE_FORMATS = {"infobox-article", "mirror-page", "pipe-table"}
Warn = Callable[[str], None]


@dataclass
class BuildReport:
    path: Path
    sources: list[dict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Corpus:
    """What the documents said, gathered before battles are merged."""

    rows: Rows = field(default_factory=Rows)
    battles: list[Mention] = field(default_factory=list)
    children: list[tuple[Mention, int]] = field(default_factory=list)  # (event, index of its battle)
    others: list[Mention] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)
    source_ids: set[str] = field(default_factory=set)


def source_folders(extra_dirs) -> list[str]:
    """Absolute, distinct source folders; BuildError for one that does not exist."""
    dirs: list[str] = []
    for d in extra_dirs:
        if not os.path.isdir(d):
            raise BuildError(f"source folder not found: {d}")
        if os.path.abspath(d) not in dirs:
            dirs.append(os.path.abspath(d))
    return dirs


def build(db_path: Path, extra_dirs=(), warn: Warn = lambda msg: None) -> BuildReport:
    """Parse every source, merge what they say, and write the database at ``db_path`` atomically."""
    db_path = Path(db_path)
    dirs = source_folders(extra_dirs)
    fingerprint = paths.fingerprint(dirs)  # before reading: a change during the build shows later
    files = paths.source_files(dirs)
    report = BuildReport(path=db_path)
    with atomic_file(db_path) as tmp:
        conn = open_new(tmp)
        try:
            conn.execute("BEGIN")
            write_dictionaries(conn)
            corpus = _read_all(conn, files, report, warn)
            _write_entities(conn, corpus, warn)
            link_to_battles(conn)
            conn.execute("COMMIT")
            report.counts = finish(conn, _meta(fingerprint, dirs))
        finally:
            conn.close()
    return report


def _meta(fingerprint: str, dirs: list[str]) -> dict[str, str]:
    from .. import __version__

    return {
        "schema_version": str(paths.SCHEMA_VERSION),
        "build_time": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "source_fingerprint": fingerprint,
        "source_dirs": json.dumps(dirs),
        "malicli_version": __version__,
    }


def _read_all(conn: sqlite3.Connection, files: list[str], report: BuildReport, warn: Warn) -> _Corpus:
    corpus = _Corpus()
    for item in parsed(files):
        for message in item.messages:
            warn(message)
        if item.skipped or item.document is None or item.text is None:
            warn(f"skipped {item.path}: {item.skipped}")
            report.skipped.append((item.path, item.skipped or "not read"))
            continue
        name = Path(item.path).name
        problems = item.document.warnings
        if problems:  # one line a document; the full list with db build --report or in db info
            more = f" (and {len(problems) - 1} more: malicli db build --report)" if len(problems) > 1 else ""
            warn(f"{name}: {problems[0]}{more}")
        source_id = _source_id(item.path, corpus.source_ids)
        n = sum(1 + len(e.children) for e in item.document.events)
        try:
            conn.execute("SAVEPOINT document")  # a document goes in whole or not at all
            _write_source(conn, source_id, item, n)
            conn.execute("RELEASE document")
        except (sqlite3.Error, ValueError, TypeError) as exc:
            conn.execute("ROLLBACK TO document")
            conn.execute("RELEASE document")
            warn(f"skipped {item.path}: could not store it ({exc})")
            report.skipped.append((item.path, f"store error: {exc}"))
            continue
        _gather(corpus, source_id, item)
        report.sources.append(
            {
                "file": name,
                "path": item.path,
                "format": item.document.format,
                "reader_reason": item.reason,
                "events": n,
                "problems": list(problems),
            }
        )
    return corpus


def _source_id(path: str, taken: set[str]) -> str:
    sid = slug(Path(path).stem)
    if sid in taken:
        sid = f"{sid}-{hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:6]}"
    taken.add(sid)
    return sid


def _write_source(conn: sqlite3.Connection, source_id: str, item: Parsed, events: int) -> None:
    doc, text = item.document, item.text or ""
    assert doc is not None
    problems = list(doc.warnings)
    insert(
        conn,
        "sources",
        [
            {
                "id": source_id,
                "file": Path(item.path).name,
                "path": item.path,
                "format": doc.format,
                "reader_reason": item.reason,
                "title": doc.title,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "line_count": len(text.splitlines()),
                "event_count": events,
                "problems": json.dumps(problems) if problems else None,
            }
        ],
    )
    insert(
        conn,
        "people",
        [
            {
                "name": p.name,
                "description": p.description,
                "actor_ids": json.dumps(p.actor_ids),
                "source_id": source_id,
                "line": p.line,
                "quote": _line(text, p.line),
            }
            for p in doc.people
        ],
    )
    for note in doc.actor_notes:
        conn.execute(
            "UPDATE actors SET description = ?, description_source_id = ?, description_line = ? WHERE id = ?",
            (note.description, source_id, note.line, note.actor_id),
        )


def _line(text: str, n: int) -> str:
    lines = text.splitlines()
    return lines[n - 1].strip() if 0 < n <= len(lines) else ""


def _gather(corpus: _Corpus, source_id: str, item: Parsed) -> None:
    """Sort a document's events into battles (merged later) and the rest."""
    doc: Document = item.document  # type: ignore[assignment]
    corpus.texts[source_id] = (item.text or "").splitlines()
    for i, event in enumerate(doc.events):
        event.place_id = text_place(corpus.rows, event)
        order = (Path(item.path).name, source_id, event.line_start, i)
        mention = Mention(event, source_id, _role(doc, event, i), order)
        if event.event_type != "battle":
            corpus.others.append(mention)
            continue
        corpus.battles.append(mention)
        for j, child in enumerate(event.children):
            child.place_id = text_place(corpus.rows, child)
            child_order = (*order, j)
            corpus.children.append(
                (Mention(child, source_id, "article", child_order), len(corpus.battles) - 1)
            )


def _role(doc: Document, event: Event, index: int) -> str:
    if event.event_type == "battle":
        return "article" if index == 0 and doc.format in ARTICLE_FORMATS else "related article"
    return "news" if event.event_type == "incident" else "timeline"


def _write_entities(conn: sqlite3.Connection, corpus: _Corpus, warn: Warn) -> None:
    battles, problems = group_battles(corpus.battles)
    for message in problems:
        warn(message)
    taken: set[str] = set()
    assign_ids(battles, taken)
    battle_of = {id(m): b.id for b in battles for m in b.mentions}
    rows = corpus.rows
    for b in sorted(battles, key=lambda b: b.id):
        battle_rows(rows, b, corpus.texts)
    for child, index in corpus.children:
        battle_id = battle_of[id(corpus.battles[index])]
        other_event_rows(rows, _as_timeline(child), event_id(child.source_id, child.event, taken), battle_id)
    for m in corpus.others:
        other_event_rows(rows, m, event_id(m.source_id, m.event, taken), None)
    insert(conn, "actors", list(rows.text_actors.values()))
    insert(conn, "places", list(rows.text_places.values()))
    for table in (
        "actor_aliases",
        "place_names",
        "events",
        "event_names",
        "event_sources",
        "claims",
        "event_actors",
        "commanders",
        "figures",
    ):
        for chunk in _same_shape(rows.tables.get(table, [])):
            insert(conn, table, chunk)


def _as_timeline(m: Mention) -> Mention:
    m.role = "timeline" if m.event.event_type == "timeline" else "news"
    return m


def _same_shape(rows: list[dict]) -> list[list[dict]]:
    """Rows split into runs of the same columns (one prepared INSERT each)."""
    out: list[list[dict]] = []
    for row in rows:
        if out and out[-1][0].keys() == row.keys():
            out[-1].append(row)
        else:
            out.append([row])
    return out
