"""Documents -> records -> battles merged across sources -> a SQLite file.

The rooms: ``documents`` reads and parses files, ``cache`` keeps each
document's records, ``corpus`` turns what each document contributes into
rows, ``merge`` gathers the mentions of one battle, ``rows`` turns entities
into rows with their sources, ``schema`` holds the SQL, ``write`` fills a
temporary file and moves it into place, and ``incremental`` brings an
existing database up to date by re-reading only the documents that changed.

A build is incremental when it can be: the database is malicli's, of this
schema and of this parser version, with its document cache. Otherwise (and
with ``full=True``) every document is read again into a new file.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from . import cache, incremental
from .corpus import (
    Unit,
    battle_rows_of_ids,
    battles_rows,
    cache_row,
    document_event_rows,
    document_rows,
    insert_refs,
    insert_rows,
    mention_rows,
    prepare,
    source_id,
    write_descriptions,
    write_text_entities,
)
from .documents import MAX_BYTES, Parsed, parse_file, parsed, read_document, tell
from .merge import assign_ids, group_battles, slug
from .rows import Rows
from .write import (
    BuildError,
    atomic_file,
    finish,
    insert,
    link_to_battles,
    open_new,
    write_dictionaries,
    years_from_other_sources,
)

__all__ = [
    "MAX_BYTES",
    "BuildError",
    "BuildReport",
    "Progress",
    "build",
    "parse_file",
    "read_document",
    "slug",
]

Warn = Callable[[str], None]
Announce = Callable[[str, str], None]


@dataclass
class BuildReport:
    path: Path
    sources: list[dict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    kind: str = "full"  # full | incremental | fresh (nothing to rebuild)
    changes: dict[str, int] = field(default_factory=dict)  # added / changed / removed documents

    def summary(self) -> str:
        """One line: what the build did, and what the database now holds."""
        total = sum(s["events"] for s in self.sources)
        holds = f"{len(self.sources)} documents ({total} events; {len(self.skipped)} skipped)"
        if self.kind == "fresh":
            return f"{self.path} is up to date: {holds}"
        if self.kind == "incremental":
            return f"updated {self.path} ({incremental.describe(self.changes)}): {holds}"
        return f"built {self.path} from {holds}"


class Progress:
    """What a build tells about its progress; this one tells nobody (see render.progress)."""

    def start(self, total: int) -> None:
        """``total`` documents are about to be read."""

    def advance(self, events: int) -> None:
        """One more document read, with ``events`` events."""

    def phase(self, text: str) -> None:
        """The documents are read; now ``text`` (merging, writing)."""


def source_folders(extra_dirs: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Absolute, distinct source folders; BuildError for one that does not exist."""
    dirs: list[str] = []
    for d in extra_dirs:
        if not os.path.isdir(d):
            raise BuildError(f"source folder not found: {d}")
        if os.path.abspath(d) not in dirs:
            dirs.append(os.path.abspath(d))
    return dirs


def build(
    db_path: str | os.PathLike[str],
    extra_dirs: Sequence[str | os.PathLike[str]] = (),
    warn: Warn = lambda msg: None,
    *,
    full: bool = False,
    progress: Progress | None = None,
    announce: Announce = lambda verb, why: None,
) -> BuildReport:
    """Bring the database at ``db_path`` up to date with the sources: in place, re-reading
    only the documents that changed, when it can; else (or with ``full``) by parsing every
    document into a new file moved into place. ``announce(verb, why)`` is told before any
    work that takes time ("updating" or "building")."""
    db_path = Path(db_path)
    dirs = source_folders(extra_dirs)
    fingerprint = paths.fingerprint(dirs)  # before reading: a change during the build shows later
    files = paths.source_files(dirs)
    progress = progress or Progress()
    why = "a full build was asked for"
    if not full:
        outcome = incremental.update(
            db_path,
            incremental.Sources(dirs, files, fingerprint, meta(fingerprint, dirs)),
            warn,
            progress,
            announce,
        )
        if not isinstance(outcome, str):
            return _report(db_path, outcome)
        why = outcome
    announce("building", why)
    return _full_build(db_path, dirs, files, fingerprint, warn, progress)


def _report(db_path: Path, outcome: incremental.Outcome) -> BuildReport:
    return BuildReport(
        path=db_path,
        sources=outcome.sources,
        skipped=outcome.skipped,
        kind=outcome.kind,
        changes=outcome.changes,
    )


def meta(fingerprint: str, dirs: list[str]) -> dict[str, str]:
    """The ``meta`` rows of a build."""
    from .. import __version__

    return {
        "schema_version": str(paths.SCHEMA_VERSION),
        "build_time": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "source_fingerprint": fingerprint,
        "source_dirs": json.dumps(dirs),
        "malicli_version": __version__,
        "parser_version": cache.parser_version(),
    }


def _full_build(
    db_path: Path, dirs: list[str], files: list[str], fingerprint: str, warn: Warn, progress: Progress
) -> BuildReport:
    """Every document parsed again, into a temporary file moved into place."""
    report = BuildReport(path=db_path)
    with atomic_file(db_path) as tmp:
        conn = open_new(tmp)
        try:
            conn.execute("BEGIN")
            write_dictionaries(conn)
            units = _read_all(conn, files, report, warn, progress)
            progress.phase("merging and writing")
            _write_entities(conn, units, files, warn)
            years_from_other_sources(conn)
            link_to_battles(conn)
            conn.execute("COMMIT")
            report.counts = finish(conn, meta(fingerprint, dirs))
        finally:
            conn.close()
    return report


def _read_all(
    conn: sqlite3.Connection, files: list[str], report: BuildReport, warn: Warn, progress: Progress
) -> list[Unit]:
    units: list[Unit] = []
    taken: set[str] = set()
    progress.start(len(files))
    for item in parsed(files):
        unit = store(conn, item, taken, warn)
        if unit is None:
            report.skipped.append((item.path, item.skipped or "not read"))
            progress.advance(0)
            continue
        n = unit_events(unit)
        units.append(unit)
        report.sources.append(source_entry(unit, item.reason, n))
        progress.advance(n)
    return units


def source_entry(unit: Unit, reason: str | None, events: int) -> dict:
    """A document of the build, as ``BuildReport.sources`` lists it."""
    doc = unit.document
    return {
        "file": Path(unit.path).name,
        "path": unit.path,
        "format": doc.format,
        "reader_reason": reason,
        "events": events,
        "problems": list(doc.warnings),
    }


def unit_events(unit: Unit) -> int:
    """How many events a document holds: each top-level event and each of its children."""
    return sum(1 + len(e.children) for e in unit.document.events)


def store(conn: sqlite3.Connection, item: Parsed, taken: set[str], warn: Warn) -> Unit | None:
    """A document read: its warnings told, its cache entry and its own rows written (whole or
    not at all); its prepared records, or None when it is skipped (``item.skipped`` says why)."""
    tell(item, warn)
    if item.skipped or item.document is None or item.text is None:
        insert(conn, "document_cache", [cache_row(item, None)])
        return None
    sid = source_id(item.path, taken)
    try:
        conn.execute("SAVEPOINT document")  # a document goes in whole or not at all
        if item.records is None:
            raise ValueError(item.store_error or "its records could not be kept")
        unit = prepare(item.path, sid, item.document, item.text)
        document_rows(conn, unit, item.text, item.reason)
        insert(conn, "document_cache", [cache_row(item, sid)])
        conn.execute("RELEASE document")
    except (sqlite3.Error, ValueError, TypeError) as exc:
        conn.execute("ROLLBACK TO document")
        conn.execute("RELEASE document")
        warn(f"skipped {item.path}: could not store it ({exc})")
        item.skipped = f"store error: {exc}"
        return None
    return unit


def _write_entities(conn: sqlite3.Connection, units: list[Unit], files: list[str], warn: Warn) -> None:
    battles, problems = group_battles([m for u in units for m in u.mentions.values()])
    for message in problems:
        warn(message)
    assign_ids(battles, set())
    rows = Rows()
    battles_rows(rows, battles, {u.source_id: u.lines for u in units})
    battle_of = {(m.source_id, m.order[3]): b.id for b in battles for m in b.mentions}
    reserved = {b.id for b in battles}
    children: list[dict] = []
    for u in units:
        own = {i: battle_of[(u.source_id, i)] for i in u.mentions}
        children += document_event_rows(rows, u, own, reserved)
    insert_rows(conn, rows)
    place_refs = [r for u in units for r in u.place_refs]
    insert_refs(conn, place_refs)
    insert(conn, "build_children", children)
    insert(conn, "build_mentions", mention_rows(battles, {u.source_id: u.path for u in units}))
    insert(conn, "build_battles", battle_rows_of_ids(battles))
    position = {p: i for i, p in enumerate(files)}
    write_text_entities(conn, {(r[0], r[1]) for r in [*rows.refs, *place_refs]}, position.__getitem__)
    write_descriptions(
        conn, {n.actor_id for u in units for n in u.document.actor_notes}, position.__getitem__
    )
