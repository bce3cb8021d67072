"""Records -> SQLite, written with sqlite-utils into a temporary file in the
same directory, then moved into place with os.replace: a reader never sees
half a database, and a failed build leaves the previous one as it was."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import paths, resolve
from .sources import UnknownFormat, detect
from .sources.records import Document, Event

MAX_BYTES = 10 * 1024 * 1024


class BuildError(Exception):
    """The database could not be written."""


@dataclass
class BuildReport:
    path: Path
    sources: list[dict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def read_document(path: Path, warn=lambda msg: None) -> str:
    """The text of a document, or raise ValueError saying why it cannot be read."""
    size = path.stat().st_size
    if size == 0:
        raise ValueError("the file is empty")
    if size > MAX_BYTES:
        raise ValueError(
            f"the file is too large ({size // (1024 * 1024)} MiB; the limit is "
            f"{MAX_BYTES // (1024 * 1024)} MiB)"
        )
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise ValueError("the file is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if sum(b < 32 and b not in (9, 10, 13) for b in data[:65536]) > 0:
            raise ValueError(f"the file is not UTF-8 text (byte {exc.start})") from None
        warn(f"{path.name}: not UTF-8 (byte {exc.start}); read as Latin-1")
        text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_file(path: Path, warn=lambda msg: None) -> Document:
    """Read a document and parse it with the parser its content calls for."""
    text = read_document(path, warn)
    return detect(text).parse(text)


PARALLEL_FROM = 40  # documents; fewer are parsed in this process


def _parse_one(path: str):
    """Read and parse one document (in a worker process for large builds).

    Returns (path, text, document, messages, reason skipped).
    """
    messages: list[str] = []
    try:
        text = read_document(Path(path), messages.append)
        doc = detect(text).parse(text)
    except (ValueError, UnknownFormat) as exc:
        return path, None, None, messages, str(exc)
    except Exception as exc:  # a parser broke on this document: skip it, keep the rest
        return path, None, None, messages, f"a parser failed on it ({type(exc).__name__}: {exc})"
    messages += [f"{Path(path).name}: {w}" for w in doc.warnings]
    return path, text, doc, messages, None


def _ignore_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _parsed(files: list[str]):
    """Parsed documents in order; parsed by worker processes when there are many."""
    workers = min(os.cpu_count() or 1, 4)
    if len(files) < PARALLEL_FROM or workers < 2:
        yield from map(_parse_one, files)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, initializer=_ignore_sigint) as pool:
        yield from pool.map(_parse_one, files, chunksize=4)


def build(db_path: Path, extra_dirs=(), warn=lambda msg: None) -> BuildReport:
    """Parse every source and write the database at ``db_path`` atomically.

    Documents are parsed and written one at a time, so memory stays bounded.
    """
    import sqlite_utils

    db_path = Path(db_path)
    dirs: list[str] = []
    for d in extra_dirs:
        if not os.path.isdir(d):
            raise BuildError(f"source folder not found: {d}")
        if os.path.abspath(d) not in dirs:
            dirs.append(os.path.abspath(d))
    fingerprint = paths.fingerprint(dirs)  # before reading: a change during the build shows later
    files = [Path(f) for f in paths.source_files(dirs)]
    report = BuildReport(path=db_path)

    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(db_path)
        fd, tmp = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
        os.close(fd)
    except OSError as exc:
        raise BuildError(f"cannot write the database at {db_path}: {exc.strerror}") from None
    try:
        db = sqlite_utils.Database(tmp)
        conn = db.conn
        conn.execute("PRAGMA journal_mode=MEMORY")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute(f"PRAGMA application_id = {paths.APPLICATION_ID}")
        with db.atomic():
            _create_schema(db)
            _write_dictionaries(db)
            used_ids: set[str] = set()
            for name, text, doc, messages, reason in _parsed([str(f) for f in files]):
                path = Path(name)
                for message in messages:
                    warn(message)
                if reason:
                    warn(f"skipped {path}: {reason}")
                    report.skipped.append((str(path), reason))
                    continue
                try:
                    with db.atomic():  # a savepoint: a document goes in whole or not at all
                        n, used = _write_document(db, path, text, doc, used_ids)
                except (sqlite3.Error, ValueError, TypeError) as exc:
                    warn(f"skipped {path}: could not store it ({exc})")
                    report.skipped.append((str(path), f"store error: {exc}"))
                    continue
                used_ids = used
                report.sources.append({"file": path.name, "format": doc.format, "events": n})
            _link_timeline(db)
            db["events"].enable_fts(["name", "summary", "quote"], tokenize="unicode61 remove_diacritics 2")
            db["meta"].insert_all(
                [
                    {"key": "schema_version", "value": str(paths.SCHEMA_VERSION)},
                    {
                        "key": "build_time",
                        "value": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                    },
                    {"key": "source_fingerprint", "value": fingerprint},
                    {"key": "source_dirs", "value": json.dumps(dirs)},
                    {"key": "malicli_version", "value": _version()},
                ]
            )
        conn.execute("ANALYZE")
        for table in db.table_names():
            if not table.startswith("events_fts"):
                report.counts[table] = db[table].count
        conn.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, db_path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return report


def _remove_abandoned(db_path: Path, age: float = 3600) -> None:
    """Temporary files of builds that were killed (older than an hour) are removed."""
    import time

    for tmp in db_path.parent.glob(f".{db_path.name}.*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > age:
                tmp.unlink()
        except OSError:
            pass


def _version() -> str:
    from . import __version__

    return __version__


def _create_schema(db) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["sources"].create(
        {
            "id": str,
            "file": str,
            "path": str,
            "format": str,
            "title": str,
            "sha256": str,
            "line_count": int,
            "event_count": int,
        },
        pk="id",
    )
    db["actors"].create(
        {
            "id": str,
            "short_name": str,
            "full_name": str,
            "kind": str,
            "description": str,
            "description_source_id": str,
            "description_line": int,
            "note": str,
        },
        pk="id",
        foreign_keys=[("description_source_id", "sources", "id")],
    )
    db["actor_aliases"].create(
        {"actor_id": str, "alias": str, "alias_folded": str},
        pk=("actor_id", "alias"),
        foreign_keys=[("actor_id", "actors", "id")],
    )
    db["places"].create(
        {
            "id": str,
            "name": str,
            "name_fr": str,
            "kind": str,
            "region": str,
            "country": str,
            "latitude": float,
            "longitude": float,
            "note": str,
        },
        pk="id",
    )
    db["place_names"].create(
        {"place_id": str, "name": str, "name_folded": str},
        pk=("place_id", "name"),
        foreign_keys=[("place_id", "places", "id")],
    )
    db["events"].create(
        {
            "id": str,
            "name": str,
            "name_rule": str,
            "event_type": str,
            "kind": str,
            "date_start": str,
            "date_end": str,
            "date_precision": str,
            "date_text": str,
            "date_rule": str,
            "date_line": int,
            "status": str,
            "result": str,
            "result_line": int,
            "part_of": str,
            "place_id": str,
            "place_text": str,
            "place_rule": str,
            "place_line": int,
            "latitude": float,
            "longitude": float,
            "coordinates_text": str,
            "coordinates_line": int,
            "summary": str,
            "parent_id": str,
            "related_battle_id": str,
            "source_id": str,
            "line_start": int,
            "line_end": int,
            "quote": str,
            "sort_key": str,
        },
        pk="id",
        foreign_keys=[
            ("place_id", "places", "id"),
            ("source_id", "sources", "id"),
            ("parent_id", "events", "id"),
            ("related_battle_id", "events", "id"),
        ],
    )
    common_cols = {"source_id": str, "line": int, "quote": str}
    db["event_actors"].create(
        {
            "id": int,
            "event_id": str,
            "actor_id": str,
            "side": int,
            "role": str,
            "claimed_by": str,
            "as_written": str,
            **common_cols,
            "event_type": str,
            "sort_key": str,
        },
        pk="id",
        foreign_keys=[
            ("event_id", "events", "id"),
            ("actor_id", "actors", "id"),
            ("source_id", "sources", "id"),
        ],
    )
    db["casualties"].create(
        {
            "id": int,
            "event_id": str,
            "side": int,
            "actor_id": str,
            "killed": int,
            "wounded": int,
            "captured": int,
            "missing": int,
            "civilians": int,
            "vehicles": int,
            "text": str,
            "claimed_by": str,
            "claimed_by_actor_id": str,
            "origin": str,
            **common_cols,
        },
        pk="id",
        foreign_keys=[
            ("event_id", "events", "id"),
            ("actor_id", "actors", "id"),
            ("source_id", "sources", "id"),
        ],
    )
    db["strengths"].create(
        {
            "id": int,
            "event_id": str,
            "side": int,
            "value": int,
            "text": str,
            "claimed_by": str,
            **common_cols,
        },
        pk="id",
        foreign_keys=[("event_id", "events", "id"), ("source_id", "sources", "id")],
    )
    db["commanders"].create(
        {
            "id": int,
            "event_id": str,
            "side": int,
            "name": str,
            "as_written": str,
            **common_cols,
        },
        pk="id",
        foreign_keys=[("event_id", "events", "id"), ("source_id", "sources", "id")],
    )
    db["people"].create(
        {
            "id": int,
            "name": str,
            "description": str,
            "actor_ids": str,
            **common_cols,
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db["events"].create_index(["date_start", "date_end"])
    db["events"].create_index(["sort_key"])
    db["events"].create_index(["event_type", "sort_key"])
    db["events"].create_index(["place_id", "sort_key"], index_name="idx_events_place_sort")
    db.execute(
        "CREATE INDEX idx_events_battles_place ON events (place_id, date_start) WHERE event_type = 'battle'"
    )
    db["events"].create_index(["name"], index_name="idx_events_name_nocase")
    db["events"].create_index(["parent_id"])
    db["events"].create_index(["related_battle_id"])
    db["events"].create_index(["source_id"])
    db["event_actors"].create_index(["actor_id", "sort_key"])
    db["event_actors"].create_index(
        ["actor_id", "event_type", "sort_key"], index_name="idx_event_actors_actor_event_type"
    )
    db["event_actors"].create_index(["event_id"])
    db["casualties"].create_index(["event_id"])
    db["strengths"].create_index(["event_id"])
    db["commanders"].create_index(["event_id"])
    db["actor_aliases"].create_index(["alias_folded"])
    db["place_names"].create_index(["name_folded"])


def _write_dictionaries(db) -> None:
    db["actors"].insert_all(
        {
            "id": a["id"],
            "short_name": a["short_name"],
            "full_name": a.get("full_name"),
            "kind": a.get("kind"),
            "description": None,
            "description_source_id": None,
            "description_line": None,
            "note": a.get("note"),
        }
        for a in resolve.all_actors()
    )
    seen = set()
    rows = []
    for actor_id, alias in resolve.actor_aliases():
        if (actor_id, alias) not in seen:
            seen.add((actor_id, alias))
            rows.append({"actor_id": actor_id, "alias": alias, "alias_folded": resolve.fold(alias)})
    db["actor_aliases"].insert_all(rows)
    db["places"].insert_all(
        {
            "id": p["id"],
            "name": p["name"],
            "name_fr": p.get("name_fr"),
            "kind": p.get("kind"),
            "region": p.get("region"),
            "country": p.get("country"),
            "latitude": p.get("lat"),
            "longitude": p.get("lon"),
            "note": p.get("note"),
        }
        for p in resolve.all_places()
    )
    seen = set()
    rows = []
    for place_id, name in resolve.place_names():
        if (place_id, name) not in seen:
            seen.add((place_id, name))
            rows.append({"place_id": place_id, "name": name, "name_folded": resolve.fold(name)})
    db["place_names"].insert_all(rows)


def _insert(conn, table: str, rows: list[dict]) -> None:
    """Rows of one shape into a table whose schema sqlite-utils made (one prepared INSERT)."""
    if not rows:
        return
    columns = list(rows[0])
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    conn.executemany(sql, [tuple(r[c] for c in columns) for r in rows])


def _event_id(event: Event, source_id: str, used: set[str], index: int) -> str:
    if event.name:
        base = slug(event.name)
        if base in used and event.date.start:
            base = f"{base}-{event.date.start[:4]}"
    else:
        base = f"{source_id}-l{event.line_start}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def _write_document(db, path: Path, text: str, doc: Document, used: set[str]) -> int:
    source_id = slug(path.stem)
    while db.conn.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone():
        source_id += "-2"
    events, actors, casualties, strengths, commanders = [], [], [], [], []

    def add(event: Event, parent_id: str | None, index: int):
        eid = _event_id(event, source_id, used, index)
        d = event.date
        sort_key = f"{d.start or '~'} {d.end or '~'} {eid}"  # date order, undated last
        events.append(
            {
                "id": eid,
                "name": event.name,
                "name_rule": event.name_rule,
                "event_type": event.event_type,
                "kind": event.kind,
                "date_start": d.start,
                "date_end": d.end,
                "date_precision": d.precision,
                "date_text": d.text or None,
                "date_rule": d.rule,
                "date_line": event.date_line,
                "status": event.status,
                "result": event.result,
                "result_line": event.result_line,
                "part_of": event.part_of,
                "place_id": event.place_id,
                "place_text": event.place_text,
                "place_rule": event.place_rule,
                "place_line": event.place_line,
                "latitude": event.lat,
                "longitude": event.lon,
                "coordinates_text": event.coordinates_text,
                "coordinates_line": event.coordinates_line,
                "summary": event.summary,
                "parent_id": parent_id,
                "related_battle_id": parent_id,
                "source_id": source_id,
                "line_start": event.line_start,
                "line_end": event.line_end,
                "quote": event.quote,
                "sort_key": sort_key,
            }
        )
        for p in event.participants:
            actors.append(
                {
                    "event_id": eid,
                    "actor_id": p.actor_id,
                    "side": p.side,
                    "role": p.role,
                    "claimed_by": p.claimed_by,
                    "as_written": p.as_written,
                    "source_id": source_id,
                    "line": p.line,
                    "quote": p.quote,
                    "event_type": event.event_type,
                    "sort_key": sort_key,
                }
            )
        for c in event.casualties:
            casualties.append(
                {
                    "event_id": eid,
                    "side": c.side,
                    "actor_id": c.actor_id,
                    **{k: getattr(c, k) for k in c.FIELDS},
                    "text": c.text,
                    "claimed_by": c.claimed_by,
                    "claimed_by_actor_id": c.claimed_by_actor_id,
                    "origin": c.origin,
                    "source_id": source_id,
                    "line": c.line,
                    "quote": c.quote,
                }
            )
        for s in event.strengths:
            strengths.append(
                {
                    "event_id": eid,
                    "side": s.side,
                    "value": s.value,
                    "text": s.text,
                    "claimed_by": s.claimed_by,
                    "source_id": source_id,
                    "line": s.line,
                    "quote": s.quote,
                }
            )
        for c in event.commanders:
            commanders.append(
                {
                    "event_id": eid,
                    "side": c.side,
                    "name": c.name,
                    "as_written": c.as_written,
                    "source_id": source_id,
                    "line": c.line,
                    "quote": c.quote,
                }
            )
        return eid

    used = set(used)
    count = 0
    for i, event in enumerate(doc.events):
        eid = add(event, None, i)
        count += 1
        for j, child in enumerate(event.children):
            add(child, eid, j)
            count += 1
    lines = text.splitlines()
    _insert(
        db.conn,
        "sources",
        [
            {
                "id": source_id,
                "file": path.name,
                "path": str(path),
                "format": doc.format,
                "title": doc.title,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "line_count": len(lines),
                "event_count": count,
            }
        ],
    )
    _insert(db.conn, "events", events)
    _insert(db.conn, "event_actors", actors)
    _insert(db.conn, "casualties", casualties)
    _insert(db.conn, "strengths", strengths)
    _insert(db.conn, "commanders", commanders)
    for note in doc.actor_notes:
        db["actors"].update(
            note.actor_id,
            {
                "description": note.description,
                "description_source_id": source_id,
                "description_line": note.line,
            },
        )
    _insert(
        db.conn,
        "people",
        [
            {
                "name": p.name,
                "description": p.description,
                "actor_ids": json.dumps(p.actor_ids),
                "source_id": source_id,
                "line": p.line,
                "quote": lines[p.line - 1].strip(),
            }
            for p in doc.people
        ],
    )
    return count, used


def _link_timeline(db) -> None:
    """Timeline events of other documents that fall within a battle's dates at
    its place are linked to that battle (``related_battle_id``)."""
    db.execute("""
        UPDATE events SET related_battle_id = (
            SELECT b.id FROM events b
            WHERE b.event_type = 'battle' AND b.place_id = events.place_id
              AND b.date_start IS NOT NULL AND b.date_precision = 'day'
              AND events.date_start >= b.date_start
              AND events.date_start <= COALESCE(b.date_end, '9999-12-31')
            ORDER BY b.date_start DESC LIMIT 1)
        WHERE event_type = 'timeline' AND related_battle_id IS NULL
          AND place_id IS NOT NULL AND date_precision = 'day'
    """)
