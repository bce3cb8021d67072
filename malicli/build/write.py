"""Writing the database file: a temporary file in the same directory, filled,
then moved into place with os.replace, so a reader never sees half a
database and a failed build leaves the previous one as it was."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import paths, resolve
from ..text import name_key
from . import schema


class BuildError(Exception):
    """The database could not be written."""


def remove_abandoned(db_path: Path, age: float = 3600) -> None:
    """Temporary files of builds that were killed (older than an hour) are removed."""
    for tmp in db_path.parent.glob(f".{db_path.name}.*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > age:
                tmp.unlink()
        except OSError:
            pass


@contextmanager
def atomic_file(db_path: Path) -> Iterator[str]:
    """A temporary path beside ``db_path``; moved into place when the block succeeds."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(db_path)
        fd, tmp = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
        os.close(fd)
    except OSError as exc:
        raise BuildError(f"cannot write the database at {db_path}: {exc.strerror}") from None
    moved = False
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        replace_locked(tmp, db_path)
        moved = True
    finally:
        if not moved:  # an error, Ctrl-C or a kill: the temporary file goes, the old database stays
            try:
                os.unlink(tmp)
            except OSError:
                pass


def replace_locked(tmp: str, db_path: Path) -> None:
    """Move the new file into place while holding the old database's write lock, so that no
    update in place is under way, nor left half done in a journal, when the file is replaced
    (that journal would otherwise be played back into the new file)."""
    conn = None
    try:
        with open(db_path, "rb") as f:
            is_sqlite = f.read(16) == b"SQLite format 3\x00"
    except OSError:
        is_sqlite = False
    if is_sqlite:
        try:
            conn = sqlite3.connect(db_path, timeout=60, isolation_level=None)
            conn.execute("BEGIN EXCLUSIVE")  # rolls back what a killed update left, waits for readers
        except sqlite3.Error:
            if conn is not None:
                conn.close()
            conn = None
    try:
        os.replace(tmp, db_path)
    finally:
        if conn is not None:
            conn.execute("ROLLBACK")
            conn.close()


def open_new(tmp: str) -> sqlite3.Connection:
    """A connection to the empty temporary file, with the schema created."""
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA journal_mode=MEMORY")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute(f"PRAGMA application_id = {paths.APPLICATION_ID}")
    schema.create(conn)
    return conn


def insert(conn: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    """Rows of one shape into a table (one prepared INSERT)."""
    if not rows:
        return
    columns = list(rows[0])
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    conn.executemany(sql, [tuple(r[c] for c in columns) for r in rows])


def write_dictionaries(conn: sqlite3.Connection) -> None:
    """The actor dictionary and the gazetteer, with every name they give."""
    insert(
        conn,
        "actors",
        [
            {
                "id": a["id"],
                "short_name": a["short_name"],
                "full_name": a.get("full_name"),
                "kind": a.get("kind"),
                "description": None,
                "description_source_id": None,
                "description_line": None,
                "note": a.get("note"),
                "origin": "dictionary",
            }
            for a in resolve.all_actors()
        ],
    )
    aliases = dict.fromkeys(resolve.actor_aliases())
    insert(
        conn, "actor_aliases", [{"actor_id": i, "alias": a, "alias_folded": name_key(a)} for i, a in aliases]
    )
    insert(
        conn,
        "places",
        [
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
                "origin": "gazetteer",
            }
            for p in resolve.all_places()
        ],
    )
    names = dict.fromkeys(resolve.place_names())
    insert(conn, "place_names", [{"place_id": i, "name": n, "name_folded": name_key(n)} for i, n in names])


def link_to_battles(conn: sqlite3.Connection, only: str | None = None) -> None:
    """Timeline events and news incidents that describe a known battle are linked to it:
    same place, a day inside the battle's dates, and a fighting word or the battle's name.
    ``only``: a table of the ids of the events to link (all of them when None)."""
    restrict = f" AND id IN (SELECT id FROM {only})" if only else ""
    conn.execute(f"""
        UPDATE events SET battle_id = (
            SELECT b.id FROM events b
            WHERE b.event_type = 'battle' AND b.place_id = events.place_id
              AND b.date_start IS NOT NULL AND b.date_precision = 'day'
              AND events.date_start >= b.date_start
              AND events.date_start <= COALESCE(b.date_end, '9999-12-31')
              AND (events.kind != 'event' OR instr(lower(events.quote), lower(b.name)) > 0)
            ORDER BY b.date_start DESC, b.id LIMIT 1)
        WHERE event_type != 'battle' AND battle_id IS NULL
          AND place_id IS NOT NULL AND date_precision = 'day' AND date_certain = 1{restrict}
    """)


_YEAR_PARTNERS = """
    SELECT e.id, e.date_start, e.date_end, e.date_candidates, p.id AS partner, p.date_start AS p_start,
           COALESCE(p.date_end, p.date_start) AS p_end, COALESCE(p.name, p.quote) AS p_name,
           s.file AS p_file, p.line_start AS p_line
      FROM events e
      JOIN events p ON p.place_id = e.place_id AND p.source_id != e.source_id AND p.date_certain = 1
       AND p.date_precision = 'day' AND COALESCE(p.date_rule, '') != 'year_from_other_source'
      JOIN sources s ON s.id = p.source_id
     WHERE e.date_certain = 0 AND e.date_precision = 'day' AND e.date_candidates IS NOT NULL
       AND EXISTS (SELECT 1 FROM event_actors a JOIN event_actors b ON b.actor_id = a.actor_id
                    WHERE a.event_id = e.id AND b.event_id = p.id
                      AND a.role NOT IN ('mentioned', 'claimant') AND b.role NOT IN ('mentioned', 'claimant'))
     ORDER BY e.id, p.id
"""


YEAR_COLUMNS = (
    "date_start",
    "date_end",
    "date_certain",
    "date_candidates",
    "date_rule",
    "date_reason",
    "date_earliest",
    "date_latest",
    "sort_key",
)


def years_from_other_sources(conn: sqlite3.Connection) -> list[str]:
    """An event whose year its text leaves open takes the year of an event another document dates
    for sure, at the same place, on the same day and month, with an actor in common, when exactly
    one candidate year agrees ("On 23 October, two Chadian peacekeepers were killed in Tessalit"
    and a battle page's "October 23, 2013 ... Chadian peacekeepers in Tessalit"). The pair and the
    event's date before are kept in build_year_links, for an update to undo. Returns the ids fixed."""
    import json

    found: dict[str, dict[int, sqlite3.Row]] = {}
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    for r in cursor.execute(_YEAR_PARTNERS).fetchall():
        for year in json.loads(r["date_candidates"]):
            day = f"{year:04d}{r['date_start'][4:]}"
            if r["p_start"] <= day <= r["p_end"]:
                found.setdefault(r["id"], {}).setdefault(year, r)
    fixed = []
    for eid, years in found.items():
        if len(years) == 1:
            ((year, r),) = years.items()
            _fix_year(conn, eid, year, r)
            fixed.append(eid)
    return fixed


def _fix_year(conn: sqlite3.Connection, eid: str, year: int, r: sqlite3.Row) -> None:
    import json

    before = conn.execute(f"SELECT {', '.join(YEAR_COLUMNS)} FROM events WHERE id = ?", (eid,)).fetchone()
    start, end = f"{year:04d}{r['date_start'][4:]}", f"{year:04d}{(r['date_end'] or r['date_start'])[4:]}"
    name = " ".join(str(r["p_name"]).split())
    name = name if len(name) <= 80 else name[:79] + "…"
    reason = f"the same day, place and actor as {name} ({r['p_file']}:{r['p_line']}), dated {year} there"
    key = f"{start} {end} {eid}"
    conn.execute(
        "UPDATE events SET date_start = ?, date_end = ?, date_certain = 1, date_candidates = NULL,"
        " date_rule = 'year_from_other_source', date_reason = ?, date_earliest = ?, date_latest = ?,"
        " sort_key = ? WHERE id = ?",
        (start, end, reason, start, end, key, eid),
    )
    conn.execute("UPDATE event_actors SET sort_key = ? WHERE event_id = ?", (key, eid))
    conn.execute(
        "INSERT INTO build_year_links (event_id, partner_id, original) VALUES (?, ?, ?)",
        (eid, r["partner"], json.dumps(list(before))),
    )


def undo_years(conn: sqlite3.Connection, gone: str) -> list[str]:
    """The years taken from events about to go (ids in the table ``gone``) put back as the text left
    them, on events that stay; their links to battles dropped. Returns the ids put back."""
    import json

    rows = conn.execute(
        f"SELECT event_id, original FROM build_year_links WHERE partner_id IN {gone} AND event_id NOT IN {gone}"
    ).fetchall()
    sets = ", ".join(f"{c} = ?" for c in YEAR_COLUMNS)
    for eid, original in rows:
        values = json.loads(original)
        conn.execute(f"UPDATE events SET {sets} WHERE id = ?", (*values, eid))
        conn.execute("UPDATE event_actors SET sort_key = ? WHERE event_id = ?", (values[-1], eid))
    conn.execute(f"DELETE FROM build_year_links WHERE event_id IN {gone} OR partner_id IN {gone}")
    return [r[0] for r in rows]


def finish(conn: sqlite3.Connection, meta: dict[str, str]) -> dict[str, int]:
    """Full-text index, meta rows, statistics; the row count of every table."""
    import sqlite_utils

    sqlite_utils.Database(conn)["events"].enable_fts(  # type: ignore[union-attr]
        ["name", "summary", "quote"], tokenize="porter unicode61 remove_diacritics 2"
    )
    insert(conn, "meta", [{"key": k, "value": v} for k, v in meta.items()])
    conn.execute("ANALYZE")
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'events_fts%'"
            " AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
