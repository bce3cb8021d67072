"""Incremental builds: an existing database brought up to date in one SQLite
transaction, re-reading only the documents that were added, changed or
removed, and re-merging only the battles they touch.

A document counts as unchanged when its size and modification time are those
the cache holds; when only the time differs, the hash of its bytes decides.
The rows that depend on a changed document are deleted and written again:

* its own rows (``sources``, people, incidents and timeline events);
* every battle that one of its battle mentions (old or new) is grouped with,
  re-merged from all the mentions of that name, the other documents' records
  coming from the cache; and any battle whose id that changes;
* the actors and places its text names (each row comes from the first
  mention in the order of a full build), the descriptions of the actors it
  describes, and the links from timeline events to battles at the places of
  the battles re-merged.

The result is the database a full build of the same documents makes, row for
row; only the integer ids of ``claims``, ``figures``, ``event_actors``,
``commanders`` and ``people`` (row numbers; their order within an event is
kept) and SQLite's statistics may differ. What only a full build does exactly
(a document's source id that another document's arrival changes, a cache
entry that cannot be read, most documents changed) is left to a full build:
:func:`update` then returns the reason.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from . import cache
from .corpus import (
    ROW_TABLES,
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
    source_ids,
    write_descriptions,
    write_text_entities,
)
from .documents import Parsed, kept_mtime, parsed, tell
from .merge import Battle, IdClaim, group_battles, id_claim, mention_key, plan_ids
from .rows import Rows
from .schema import CACHE_TABLES
from .write import insert, link_to_battles, undo_years, years_from_other_sources

if TYPE_CHECKING:
    from . import Announce, Progress, Warn

MOST = 0.5  # when more than this share of the documents changed, a full build is as quick
_EVENT_ID = re.compile(r"(.+)-[0-9a-f]{8}")


class NeedsFull(Exception):
    """Only a full build makes this change exactly as it should (the message says why)."""


class _Raced(Exception):
    """Another build changed or replaced the database meanwhile: plan again."""


@dataclass
class Sources:
    """What to build from."""

    dirs: list[str]
    files: list[str]
    fingerprint: str
    meta: dict[str, str]  # the meta rows to write


@dataclass
class Outcome:
    kind: str  # incremental | fresh
    sources: list[dict]
    skipped: list[tuple[str, str]]
    changes: dict[str, int]


@dataclass
class Cached:
    size: int
    mtime_ns: int
    sha256: str | None
    source_id: str | None


@dataclass
class Plan:
    cached: dict[str, Cached]
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    touched: dict[str, tuple[int, int]] = field(default_factory=dict)  # same bytes, new size/time

    @property
    def dirty(self) -> list[str]:
        """Every document added, changed or removed since the last build."""
        return [*self.added, *self.changed, *self.removed]

    def describe(self) -> str:
        """The plan in words, such as "1 document added, 2 documents changed"."""
        return describe(self.changes())

    def changes(self) -> dict[str, int]:
        """How many documents were added, changed and removed."""
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed)}


def describe(changes: dict[str, int]) -> str:
    """ "1 document added, 2 documents changed" """
    return ", ".join(f"{n} document{'s' if n != 1 else ''} {what}" for what, n in changes.items() if n)


def update(db_path: Path, src: Sources, warn: Warn, progress: Progress, announce: Announce) -> Outcome | str:
    """The database brought up to date in place, or the reason only a full build will do."""
    if not db_path.is_file():
        return "no database yet"
    for _ in range(3):
        try:
            return _attempt(db_path, src, warn, progress, announce)
        except _Raced:
            continue
        except NeedsFull as exc:
            return str(exc)
        except sqlite3.DatabaseError as exc:
            return f"the database could not be updated in place ({exc})"
    return "other builds kept changing the database"


def _attempt(db_path: Path, src: Sources, warn: Warn, progress: Progress, announce: Announce) -> Outcome:
    inode = os.stat(db_path).st_ino
    conn = sqlite3.connect(db_path, timeout=60, isolation_level=None)
    try:
        _check_meta(conn)
        before = conn.execute("PRAGMA data_version").fetchone()[0]
        plan = make_plan(conn, src.files)
        if not plan.dirty:
            try:
                _commit(conn, db_path, inode, before, lambda: _refresh(conn, plan, src))
            except sqlite3.OperationalError:
                pass  # a database that cannot be written is still up to date
            return _outcome(conn, "fresh", plan)
        if len(plan.dirty) > max(20, MOST * len(src.files)):
            raise NeedsFull(f"{plan.describe()}: most documents changed")
        announce("updating", plan.describe())
        new = _read(plan, warn, progress)
        progress.phase("merging and writing")
        _commit(conn, db_path, inode, before, lambda: _apply(conn, src, plan, new, warn))
        return _outcome(conn, "incremental", plan)
    finally:
        conn.close()


def _commit(
    conn: sqlite3.Connection, db_path: Path, inode: int, before: int, work: Callable[[], None]
) -> None:
    """``work`` in one write transaction, if nobody changed (``PRAGMA data_version``) or replaced
    the database since the plan was made."""
    conn.execute("BEGIN IMMEDIATE")
    committed = False
    try:
        if os.stat(db_path).st_ino != inode or conn.execute("PRAGMA data_version").fetchone()[0] != before:
            raise _Raced()
        work()
        conn.execute("COMMIT")
        committed = True
    finally:
        if not committed and conn.in_transaction:  # an error, Ctrl-C: nothing of the update stays
            conn.execute("ROLLBACK")


def _check_meta(conn: sqlite3.Connection) -> dict:
    """The meta rows of a database an update can start from; NeedsFull otherwise."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        raise NeedsFull("the database has no malicli tables")
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("schema_version") != str(paths.SCHEMA_VERSION):
        raise NeedsFull(f"schema version {meta.get('schema_version')} is not {paths.SCHEMA_VERSION}")
    if not set(CACHE_TABLES) <= tables:
        raise NeedsFull("the database keeps no parsed records (built by an earlier malicli)")
    if meta.get("parser_version") != cache.parser_version():
        raise NeedsFull("malicli's parsers, dictionaries or build code changed")
    return meta


def make_plan(conn: sqlite3.Connection, files: list[str]) -> Plan:
    """Which documents were added, changed or removed: size and time first, the hash of the
    bytes only when the size is the same and the time is not."""
    plan = Plan(
        {
            r[0]: Cached(r[1], r[2], r[3], r[4])
            for r in conn.execute("SELECT path, size, mtime_ns, sha256, source_id FROM document_cache")
        }
    )
    stats = paths.file_stats(files)
    for path in files:
        if path not in stats:
            continue  # gone since the folder was listed
        size, mtime = stats[path]
        old = plan.cached.get(path)
        if old is None:
            plan.added.append(path)
        elif (size, mtime) == (old.size, old.mtime_ns):
            continue
        elif size == old.size and old.sha256 and cache.file_digest(path) == old.sha256:
            plan.touched[path] = (size, kept_mtime(mtime))
        else:
            plan.changed.append(path)
    present = set(stats)
    plan.removed = sorted(p for p in plan.cached if p not in present)
    return plan


def _read(plan: Plan, warn, progress) -> dict[str, Parsed]:
    """The added and changed documents parsed, their warnings told."""
    todo = [*plan.added, *plan.changed]
    progress.start(len(todo))
    out: dict[str, Parsed] = {}
    for item in parsed(todo):
        tell(item, warn)
        out[item.path] = item
        progress.advance(
            0 if item.document is None else sum(1 + len(e.children) for e in item.document.events)
        )
    return out


def _refresh(conn: sqlite3.Connection, plan: Plan, src: Sources) -> None:
    """No document changed: the sizes and times of those touched, and the fingerprint."""
    _touch(conn, plan)
    keep = {"build_time": conn.execute("SELECT value FROM meta WHERE key = 'build_time'").fetchone()[0]}
    _write_meta(conn, src.meta | keep)


def _touch(conn: sqlite3.Connection, plan: Plan) -> None:
    conn.executemany(
        "UPDATE document_cache SET size = ?, mtime_ns = ? WHERE path = ?",
        [(size, mtime, path) for path, (size, mtime) in plan.touched.items()],
    )


def _write_meta(conn: sqlite3.Connection, meta: dict[str, str]) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(meta.items()))


def _outcome(conn: sqlite3.Connection, kind: str, plan: Plan) -> Outcome:
    sources = [
        {
            "file": r[0],
            "path": r[1],
            "format": r[2],
            "reader_reason": r[3],
            "events": r[4],
            "problems": json.loads(r[5]) if r[5] else [],
        }
        for r in conn.execute(
            "SELECT file, path, format, reader_reason, event_count, problems FROM sources ORDER BY path"
        )
    ]
    skipped = conn.execute("SELECT path, skipped FROM document_cache WHERE skipped IS NOT NULL ORDER BY path")
    return Outcome(kind, sources, [(r[0], r[1]) for r in skipped], plan.changes())


# ---------------------------------------------------------------- the update itself


@dataclass
class _Work:
    """One update: the documents, the battles re-merged, what the deletions touched."""

    conn: sqlite3.Connection
    plan: Plan
    position: dict[str, int]
    sids: dict[str, str]
    units: dict[str, Unit] = field(default_factory=dict)  # new versions of changed documents
    loaded: dict[str, Unit] = field(default_factory=dict)  # unchanged documents, from the cache
    keys: set[str] = field(default_factory=set)
    battles: list[Battle] = field(default_factory=list)
    reserved: set[str] = field(default_factory=set)  # every battle id
    text_ids: set[tuple[str, str]] = field(default_factory=set)
    actor_ids: set[str] = field(default_factory=set)
    relink: list[str] = field(default_factory=list)  # events whose year another document fixed or freed

    def pos(self, path: str) -> int:
        return self.position[path]


def _apply(conn: sqlite3.Connection, src: Sources, plan: Plan, new: dict[str, Parsed], warn) -> None:
    dirty = set(plan.dirty)
    work = _Work(conn, plan, {p: i for i, p in enumerate(src.files)}, _source_ids(src.files, plan, new))
    for path in [*plan.added, *plan.changed]:
        item = new[path]
        if path in work.sids:
            if item.records is None:
                raise NeedsFull(f"{Path(path).name}: its records could not be kept ({item.store_error})")
            work.units[path] = prepare(path, work.sids[path], item.document, item.text)  # type: ignore[arg-type]
    _temp_table(conn, "_dirty", dirty)
    work.keys = {r[0] for r in conn.execute("SELECT key FROM build_mentions WHERE path IN _dirty")}
    work.keys |= {mention_key(m) for u in work.units.values() for m in u.mentions.values()}
    problems = _regroup(work)
    for message in problems:
        warn(message)
    places = _delete_old(work, {c.source_id for p in dirty if (c := plan.cached.get(p)) and c.source_id})
    for path in [*plan.added, *plan.changed]:
        insert(conn, "document_cache", [cache_row(new[path], work.sids.get(path))])
        if path in work.units:
            document_rows(conn, work.units[path], new[path].text or "", new[path].reason)
    new_ids, new_places = _insert_new(work)
    write_text_entities(conn, work.text_ids, work.pos)
    write_descriptions(conn, work.actor_ids, work.pos)
    work.relink += years_from_other_sources(conn)
    _relink(conn, [*new_ids, *work.relink], places | new_places)
    _touch(conn, plan)
    _write_meta(conn, src.meta)


def _source_ids(files: list[str], plan: Plan, new: dict[str, Parsed]) -> dict[str, str]:
    """The source id of every document read; NeedsFull when an unchanged document's would change."""
    read = [
        p
        for p in files
        if (p in new and new[p].document is not None and new[p].text is not None)
        or (p not in new and p in plan.cached and plan.cached[p].source_id)
    ]
    sids = source_ids(read)
    for p, sid in sids.items():
        if p not in new and plan.cached[p].source_id != sid:
            raise NeedsFull(f"the source id of {Path(p).name} changes with the documents added or removed")
    return sids


def _temp_table(conn: sqlite3.Connection, name: str, values) -> None:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id TEXT PRIMARY KEY)")
    conn.execute(f"DELETE FROM {name}")
    conn.executemany(f"INSERT OR IGNORE INTO {name} (id) VALUES (?)", [(v,) for v in values])


def _load(work: _Work, path: str) -> Unit:
    """An unchanged document's records, from the cache."""
    unit = work.loaded.get(path)
    if unit is None:
        row = work.conn.execute(
            "SELECT source_id, records FROM document_cache WHERE path = ?", (path,)
        ).fetchone()
        if row is None or row[0] is None or row[1] is None:
            raise NeedsFull(f"the cache holds no records of {Path(path).name}")
        try:
            doc, text = cache.load(row[1])
        except ValueError as exc:
            raise NeedsFull(f"the cached records of {Path(path).name} cannot be read ({exc})") from None
        unit = work.loaded[path] = prepare(path, row[0], doc, text)
    return unit


def _regroup(work: _Work) -> list[str]:
    """The battles of every name the changed documents mention, merged again from all their
    mentions; ids planned over every battle (a battle whose id that changes is merged again
    too). Returns the merge's warnings."""
    conn = work.conn
    while True:
        _temp_table(conn, "_keys", work.keys)
        mentions = [m for u in work.units.values() for m in u.mentions.values()]
        for path, idx in conn.execute(
            "SELECT path, idx FROM build_mentions WHERE key IN _keys AND path NOT IN _dirty ORDER BY path, idx"
        ).fetchall():
            mentions.append(_load(work, path).mentions[idx])
        battles, problems = group_battles(mentions)
        others = conn.execute(
            "SELECT id, key, slug, start, name, sort FROM build_battles WHERE key NOT IN _keys"
        )
        kept = [(r[0], r[1], IdClaim(r[2], r[3], r[4], tuple(json.loads(r[5])))) for r in others.fetchall()]
        ids = plan_ids([c for _, _, c in kept] + [id_claim(b) for b in battles], set())
        moved = {key for (old, key, _), now in zip(kept, ids, strict=False) if old != now}
        if not moved:
            break
        work.keys |= moved
    for b, battle_id in zip(battles, ids[len(kept) :], strict=True):
        b.id = battle_id
    work.battles, work.reserved = battles, set(ids)
    return problems


def _check_ids(work: _Work, old_battles: set[str]) -> None:
    """A battle id shaped like an event id of a known source would renumber that event: only a
    full build settles which one gives way."""
    sources = {r[0] for r in work.conn.execute("SELECT id FROM sources")} | set(work.sids.values())
    for battle_id in old_battles | {b.id for b in work.battles}:
        m = _EVENT_ID.fullmatch(battle_id)
        if m and m.group(1) in sources:
            raise NeedsFull(f"the battle id {battle_id} looks like an event id")


def _delete_old(work: _Work, old_sids: set[str]) -> set[str]:
    """Every row of the changed documents and of the battles re-merged; returns the places of
    those battles. Records which text actors and places and which descriptions to redo."""
    conn = work.conn
    old_battles = {r[0] for r in conn.execute("SELECT id FROM build_battles WHERE key IN _keys")}
    _check_ids(work, old_battles)
    _temp_table(conn, "_sids", old_sids)
    _temp_table(conn, "_gone", old_battles)
    conn.execute(
        "INSERT OR IGNORE INTO _gone SELECT id FROM events WHERE source_id IN _sids AND event_type != 'battle'"
    )
    places = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT place_id FROM events WHERE id IN _gone AND event_type = 'battle'"
        )
    } - {None}
    conn.execute(
        "INSERT INTO events_fts (events_fts, rowid, name, summary, quote)"
        " SELECT 'delete', rowid, name, summary, quote FROM events WHERE id IN _gone"
    )
    work.relink += undo_years(conn, "_gone")
    for table in ROW_TABLES[1:]:
        conn.execute(f"DELETE FROM {table} WHERE event_id IN _gone")
    conn.execute("DELETE FROM events WHERE id IN _gone")
    _temp_table(conn, "_battles", old_battles)
    refs = "FROM build_text_refs WHERE (phase = 1 AND unit IN _battles) OR (phase != 1 AND unit IN _dirty)"
    work.text_ids |= {(r[0], r[1]) for r in conn.execute(f"SELECT DISTINCT kind, ref_id {refs}")}
    conn.execute(f"DELETE {refs}")
    work.actor_ids |= {r[0] for r in conn.execute("SELECT actor_id FROM build_notes WHERE path IN _dirty")}
    for sql in (
        "DELETE FROM build_notes WHERE path IN _dirty",
        "DELETE FROM people WHERE source_id IN _sids",
        "DELETE FROM sources WHERE id IN _sids",
        "DELETE FROM build_children WHERE path IN _dirty",
        "DELETE FROM build_mentions WHERE path IN _dirty OR key IN _keys",
        "DELETE FROM build_battles WHERE key IN _keys",
        "DELETE FROM document_cache WHERE path IN _dirty",
    ):
        conn.execute(sql)
    return places


def _insert_new(work: _Work) -> tuple[list[str], set[str]]:
    """The rows of the battles re-merged and of the changed documents' events; returns the ids
    of the events written and the places of the battles."""
    conn, rows = work.conn, Rows()
    every = [*work.units.values(), *work.loaded.values()]
    battles_rows(rows, work.battles, {u.source_id: u.lines for u in every})
    battle_of = {(m.source_id, m.order[3]): b.id for b in work.battles for m in b.mentions}
    children: list[dict] = []
    for path in sorted(work.units, key=work.pos):
        u = work.units[path]
        own = {i: battle_of[(u.source_id, i)] for i in u.mentions}
        children += document_event_rows(rows, u, own, work.reserved)
    insert_rows(conn, rows)
    place_refs = [r for u in work.units.values() for r in u.place_refs]
    insert_refs(conn, place_refs)
    insert(conn, "build_children", children)
    insert(conn, "build_mentions", mention_rows(work.battles, {u.source_id: u.path for u in every}))
    insert(conn, "build_battles", battle_rows_of_ids(work.battles))
    for u in work.loaded.values():  # the timelines of unchanged articles follow their battle's id
        for i in u.mentions:
            if (u.source_id, i) in battle_of:
                conn.execute(
                    "UPDATE events SET battle_id = ? WHERE id IN"
                    " (SELECT event_id FROM build_children WHERE path = ? AND parent_idx = ?)",
                    (battle_of[(u.source_id, i)], u.path, i),
                )
    events = rows.tables.get("events", [])
    new_ids = [r["id"] for r in events]
    places = {r["place_id"] for r in events if r["event_type"] == "battle" and r["place_id"]}
    _temp_table(conn, "_new", new_ids)
    conn.execute(
        "INSERT INTO events_fts (rowid, name, summary, quote) SELECT rowid, name, summary, quote"
        " FROM events WHERE id IN _new"
    )
    work.text_ids |= {(r[0], r[1]) for r in [*rows.refs, *place_refs]}
    work.actor_ids |= {n.actor_id for u in work.units.values() for n in u.document.actor_notes}
    return new_ids, places


def _relink(conn: sqlite3.Connection, new_ids: list[str], places: set[str]) -> None:
    """Links to battles made again for the events written and for those at the places of the
    battles re-merged (not for a battle article's own timeline, which follows its battle)."""
    _temp_table(conn, "_places", places)
    _temp_table(conn, "_relink", new_ids)
    conn.execute(
        "INSERT OR IGNORE INTO _relink SELECT id FROM events WHERE place_id IN _places AND event_type != 'battle'"
    )
    conn.execute("DELETE FROM _relink WHERE id IN (SELECT event_id FROM build_children)")
    conn.execute("UPDATE events SET battle_id = NULL WHERE id IN _relink AND event_type != 'battle'")
    link_to_battles(conn, "_relink")
