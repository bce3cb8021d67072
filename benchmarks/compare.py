"""Compare two malicli databases row for row (a full build and an incremental one).

    python benchmarks/compare.py A.db B.db     # prints the differences; exit 1 if any

Every table is compared as a set of rows, every column included, except:

* ``meta.build_time`` (the time of the build) and ``document_cache.mtime_ns``
  (0 for a file modified just before it was read, so it depends on timing);
* the integer ids of ``claims``, ``figures``, ``event_actors``, ``commanders``
  and ``people``, which are row numbers: their rows are compared without the
  id, and their order within each event (each source for ``people``) must be
  the same, since the read path lists them in id order;
* SQLite's statistics (``sqlite_stat*``) and the full-text index's own tables,
  which are checked instead: the index must agree with the events
  (``integrity-check``) and give the same events for every word of their names.
"""

from __future__ import annotations

import sqlite3
import sys
from collections import Counter

ROW_NUMBERED = {
    "claims": "event_id",
    "figures": "event_id",
    "event_actors": "event_id",
    "commanders": "event_id",
}
ROW_NUMBERED["people"] = "source_id"


def _connect(path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'events_fts%' ORDER BY name"
        )
    ]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _rows(conn: sqlite3.Connection, table: str) -> tuple[Counter, dict]:
    """(multiset of rows without a row-number id, rows of each group in id order)."""
    columns = _columns(conn, table)
    group = ROW_NUMBERED.get(table)
    keep = [c for c in columns if not (group and c == "id") and (table, c) != ("document_cache", "mtime_ns")]
    where = " WHERE key != 'build_time'" if table == "meta" else ""
    order = " ORDER BY id" if group else ""
    sql = f'SELECT {", ".join(keep)} FROM "{table}"{where}{order}'
    rows = conn.execute(sql).fetchall()
    ordered: dict = {}
    if group:
        at = keep.index(group)
        for r in rows:
            ordered.setdefault(r[at], []).append(r)
    return Counter(rows), ordered


def _search_results(conn: sqlite3.Connection) -> dict[str, list[str]]:
    words = set()
    for (name,) in conn.execute("SELECT name FROM events WHERE name IS NOT NULL"):
        words.update(w for w in "".join(c if c.isalnum() else " " for c in name).split() if len(w) > 2)
    out = {}
    for w in sorted(words)[:300]:
        out[w] = sorted(
            r[0]
            for r in conn.execute(
                "SELECT e.id FROM events_fts JOIN events e ON e.rowid = events_fts.rowid WHERE events_fts MATCH ?",
                (f'"{w}"',),
            )
        )
    return out


def _fts_ok(path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.rollback()
        conn.close()
    return None


def differences(a, b, limit: int = 20) -> list[str]:
    """What differs between the databases at ``a`` and ``b`` (empty when they are the same)."""
    ca, cb = _connect(a), _connect(b)
    out: list[str] = []
    try:
        schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'"
        if sorted(ca.execute(schema).fetchall()) != sorted(cb.execute(schema).fetchall()):
            out.append("the schemas differ")
        for table in sorted(set(_tables(ca)) | set(_tables(cb))):
            if table not in _tables(ca) or table not in _tables(cb):
                out.append(f"{table}: in one database only")
                continue
            (ra, oa), (rb, ob) = _rows(ca, table), _rows(cb, table)
            if ra != rb:
                only_a, only_b = ra - rb, rb - ra
                out.append(
                    f"{table}: {sum(only_a.values())} rows only in A, {sum(only_b.values())} only in B"
                )
                out += [f"  A: {r}" for r in list(only_a)[:limit]]
                out += [f"  B: {r}" for r in list(only_b)[:limit]]
            elif oa != ob:
                groups = [g for g in oa if oa[g] != ob.get(g)]
                out.append(
                    f"{table}: the same rows, in another order within {len(groups)} groups: {groups[:5]}"
                )
        for path in (a, b):
            problem = _fts_ok(path)
            if problem:
                out.append(f"full-text index of {path}: {problem}")
        if _search_results(ca) != _search_results(cb):
            out.append("the full-text index finds other events")
    finally:
        ca.close()
        cb.close()
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    found = differences(*argv)
    for line in found:
        print(line)
    print("identical" if not found else f"{len(found)} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
