"""The read path: standard-library sqlite3, plain dicts out.

Nothing here imports rich, sqlite_utils or dateutil for the common cases.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from .datewords import days_in_month
from .exitcodes import Ambiguous, NotFound, UsageError

DATE_HELP = "2013, 2013-03, 2013-03-31, 'March 2013' or '31 March 2013'"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


# ---------------------------------------------------------------- dates


def parse_query_date(text: str) -> tuple[str, str]:
    """A date given on the command line -> (first day, last day) of what it names."""
    s = (text or "").strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s)
    if m:
        y = int(m.group(1))
        mo = int(m.group(2)) if m.group(2) else None
        d = int(m.group(3)) if m.group(3) else None
        if mo is None:
            return f"{y:04d}-01-01", f"{y:04d}-12-31"
        if 1 <= mo <= 12 and y >= 1:
            last = days_in_month(y, mo)
            if d is None:
                return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{last:02d}"
            if 1 <= d <= last:
                return (f"{y:04d}-{mo:02d}-{d:02d}",) * 2
        raise UsageError(f"not a real date: {text!r}", hint=f"use {DATE_HELP}")
    if len(s) <= 60:
        from .dates import parse_date

        value = parse_date(s)
        if value.start and value.rule == "explicit":
            return value.start, value.end or value.start
    raise UsageError(f"cannot read the date {text[:60]!r}", hint=f"use {DATE_HELP}")


# ---------------------------------------------------------------- names


def _resolve(candidates: list[tuple[str, str]], name: str, what: str, extra=()) -> str:
    """Pick one id from (id, name) pairs: exact, folded, prefix, substring."""
    if not name or not name.strip():
        raise UsageError(f"give a {what} name")
    wanted = fold(name)
    exact = {i for i, n in candidates if n == name}
    if len(exact) == 1:
        return exact.pop()
    folded = {i for i, n in candidates if fold(n) == wanted}
    if len(folded) == 1:
        return folded.pop()
    ids = {i for i, _ in candidates}
    if wanted in ids:
        return wanted
    pool = folded or {
        i for i, n in candidates if fold(n).startswith(wanted) or (len(wanted) >= 3 and wanted in fold(n))
    }
    if len(pool) == 1:
        return pool.pop()
    if pool:
        names = {}
        for i, n in candidates:
            if i in pool:
                names.setdefault(i, n)
        shown = sorted(names.items(), key=lambda kv: kv[1])
        raise Ambiguous(
            f"{len(pool)} {what}s match {name!r}",
            [n for _, n in shown],
            hint="be more specific, or use the id",
        )
    by_fold: dict[str, str] = {}
    for _, n in candidates:
        by_fold.setdefault(fold(n), n)
    import difflib

    close = difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0.6)
    raise NotFound(
        f"no {what} named {_short(name)!r}",
        [by_fold[c] for c in close],
        hint=f"list them with: malicli {what} list",
    )


def _short(text: str, n: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def resolve_battle(conn: sqlite3.Connection, name: str) -> str:
    row = conn.execute(
        "SELECT id FROM events WHERE event_type = 'battle' AND (name = ? OR id = ?)", (name, name)
    ).fetchall()
    if len(row) == 1:
        return row[0][0]
    pairs = [
        (r[0], r[1])
        for r in conn.execute("SELECT id, name FROM events WHERE event_type = 'battle' AND name IS NOT NULL")
    ]
    return _resolve(pairs, name, "battle")


def _resolve_alias(
    conn, name: str, table: str, id_col: str, name_col: str, what: str, extra_sql: str = ""
) -> str:
    """Resolve a name through an alias table (folded exact first, then _resolve)."""
    rows = conn.execute(
        f"SELECT DISTINCT {id_col} FROM {table} WHERE {name_col}_folded = ?", (fold(name or ""),)
    ).fetchall()
    if len(rows) == 1:
        return rows[0][0]
    pairs = [(r[0], r[1]) for r in conn.execute(f"SELECT {id_col}, {name_col} FROM {table}")]
    if extra_sql:
        pairs += [(r[0], r[1]) for r in conn.execute(extra_sql)]
    return _resolve(pairs, name, what)


def resolve_actor(conn: sqlite3.Connection, name: str) -> str:
    return _resolve_alias(
        conn, name, "actor_aliases", "actor_id", "alias", "actor", "SELECT id, id FROM actors"
    )


def resolve_place(conn: sqlite3.Connection, name: str) -> str:
    return _resolve_alias(conn, name, "place_names", "place_id", "name", "place")


# ---------------------------------------------------------------- events

_ITEM_COLUMNS = """
    e.id, e.name, e.name_rule, e.event_type, e.kind, e.date_start, e.date_end,
    e.date_precision, e.date_text, e.date_rule, e.status, e.place_id, p.name AS place_name,
    e.summary, s.file AS source_file, e.line_start, e.parent_id,
    COALESCE(e.latitude, p.latitude) AS lat, COALESCE(e.longitude, p.longitude) AS lon
"""
_FROM = " FROM events e LEFT JOIN places p ON p.id = e.place_id JOIN sources s ON s.id = e.source_id "


def date_dict(row) -> dict:
    return {
        "start": row["date_start"],
        "end": row["date_end"],
        "precision": row["date_precision"],
        "text": row["date_text"],
        "rule": row["date_rule"],
    }


def _actor_ids(conn, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {i: [] for i in ids}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        q = ",".join("?" * len(part))
        for r in conn.execute(
            f"SELECT event_id, actor_id FROM event_actors WHERE event_id IN ({q}) "
            f"AND actor_id IS NOT NULL ORDER BY id",
            part,
        ):
            if r[1] not in out[r[0]]:
                out[r[0]].append(r[1])
    return out


def _item(row, actors) -> dict:
    return {
        "id": row["id"],
        "name": row["name"],
        "name_rule": row["name_rule"],
        "type": row["event_type"],
        "kind": row["kind"],
        "date": date_dict(row),
        "status": row["status"],
        "place": {"id": row["place_id"], "name": row["place_name"]} if row["place_id"] else None,
        "actors": actors,
        "summary": row["summary"],
        "parent_id": row["parent_id"],
        "source": {"file": row["source_file"], "line": row["line_start"]},
    }


def fts_query(text: str) -> str | None:
    """User text -> a safe FTS5 query: every word must occur (quoted tokens)."""
    words = re.findall(r"\w+", text or "")
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words[:32])


def find_events(
    conn: sqlite3.Connection,
    *,
    text: str | None = None,
    actors=(),
    date=None,
    date_from=None,
    date_to=None,
    place=None,
    kind=None,
    types=None,
    status=None,
    year=None,
    sort="date",
    limit: int | None = 50,
) -> list[dict]:
    """Events matching every filter given. Names are resolved (errors raised)."""
    where, params = [], []
    actor_ids = [resolve_actor(conn, a) for a in actors]
    q = fts_query(text) if text is not None else None
    if text is not None and text.strip() and q is None:
        return []
    select, frm = _ITEM_COLUMNS, _FROM
    order = {"date": "e.sort_key", "name": "e.name IS NULL, e.name COLLATE NOCASE, e.id"}[sort]
    if actor_ids and sort == "date" and not q:
        # walk the first actor's events in date order (index on actor_id, event_type, sort_key)
        select = "DISTINCT " + select
        frm = " FROM event_actors a0 JOIN events e ON e.id = a0.event_id" + frm[len(" FROM events e") :]
        where.append("a0.actor_id = ?")
        params.append(actor_ids.pop(0))
        if types:
            where.append(f"a0.event_type IN ({','.join('?' * len(types))})")
            params += list(types)
        order = "a0.sort_key"
    elif types:
        where.append(f"e.event_type IN ({','.join('?' * len(types))})")
        params += list(types)
    for aid in actor_ids:
        where.append("EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND x.actor_id = ?)")
        params.append(aid)
    lo, hi = None, None
    if year is not None:
        lo, hi = f"{int(year):04d}-01-01", f"{int(year):04d}-12-31"
    if date:
        lo, hi = parse_query_date(date)
    if date_from:
        lo = parse_query_date(date_from)[0]
    if date_to:
        hi = parse_query_date(date_to)[1]
    if lo and hi and lo > hi:
        raise UsageError(f"the range ends before it starts ({lo} > {hi})", hint="swap --from and --to")
    if lo or hi:
        where.append("e.date_start IS NOT NULL")
    if hi:
        where.append("e.date_start <= ?")
        params.append(hi)
    if lo:
        where.append(
            "COALESCE(e.date_end, CASE WHEN e.status = 'ongoing' THEN '9999-12-31' "
            "ELSE e.date_start END) >= ?"
        )
        params.append(lo)
    if place:
        pid = resolve_place(conn, place)
        ids = [pid] + [
            r[0]
            for r in conn.execute(  # a region takes its towns
                "SELECT id FROM places WHERE region = (SELECT name FROM places WHERE id = ?)", (pid,)
            )
        ]
        where.append(f"e.place_id IN ({','.join('?' * len(ids))})")
        params += ids
        if not q and "a0" not in frm:  # a place has few events: find them first, then sort
            frm = frm.replace(" events e ", " events e INDEXED BY idx_events_place_sort ", 1)
    if kind:
        where.append("e.kind = ?")
        params.append(kind)
    if status:
        where.append("e.status = ?")
        params.append(status)
    if q:
        select += ", snippet(events_fts, -1, '«', '»', '…', 16) AS snippet"
        frm += " JOIN events_fts ON events_fts.rowid = e.rowid "
        where.append("events_fts MATCH ?")
        params.append(q)
        order = "events_fts.rank, " + order
    sql = f"SELECT {select} {frm}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    rows = conn.execute(sql, params).fetchall()
    acts = _actor_ids(conn, [r["id"] for r in rows])
    items = []
    for r in rows:
        item = _item(r, acts[r["id"]])
        if q:
            item["snippet"] = r["snippet"]
        items.append(item)
    return items


def _side_rows(conn, table: str, eid: str, columns: str) -> list[sqlite3.Row]:
    return conn.execute(
        f"SELECT {columns}, t.side, s.file AS source_file, t.line, t.quote FROM {table} t "
        f"JOIN sources s ON s.id = t.source_id WHERE t.event_id = ? ORDER BY t.id",
        (eid,),
    ).fetchall()


def battle(conn: sqlite3.Connection, eid: str) -> dict:
    row = conn.execute(
        f"SELECT {_ITEM_COLUMNS}, e.result, e.result_line, e.part_of, e.place_text, e.place_rule,"
        f" e.place_line, e.date_line, e.line_end, e.quote, e.coordinates_text, e.coordinates_line,"
        f" e.latitude AS doc_lat"
        f" {_FROM} WHERE e.id = ?",
        (eid,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no event with id {eid!r}")
    file = row["source_file"]
    sides: dict = {}

    def side(n):
        return sides.setdefault(
            n, {"side": n, "belligerents": [], "commanders": [], "strength": [], "casualties": []}
        )

    for r in conn.execute(
        "SELECT t.actor_id, a.short_name, t.as_written, t.role, t.claimed_by, t.side, t.line,"
        " t.quote, c.short_name AS claimant FROM event_actors t"
        " LEFT JOIN actors a ON a.id = t.actor_id LEFT JOIN actors c ON c.id = t.claimed_by"
        " WHERE t.event_id = ? ORDER BY t.id",
        (eid,),
    ):
        entry = {
            "actor": r["actor_id"],
            "name": r["short_name"] or r["as_written"],
            "as_written": r["as_written"],
            "role": r["role"],
            "claimed_by": r["claimed_by"],
            "claimed_by_name": r["claimant"],
            "source": {"file": file, "line": r["line"], "quote": r["quote"]},
        }
        side(r["side"])["belligerents"].append(entry)
    for r in _side_rows(conn, "commanders", eid, "t.name, t.as_written"):
        side(r["side"])["commanders"].append(
            {
                "name": r["name"],
                "as_written": r["as_written"],
                "source": {"file": r["source_file"], "line": r["line"], "quote": r["quote"]},
            }
        )
    for r in _side_rows(conn, "strengths", eid, "t.value, t.text, t.claimed_by"):
        side(r["side"])["strength"].append(
            {
                "value": r["value"],
                "text": r["text"],
                "claimed_by": r["claimed_by"],
                "source": {"file": r["source_file"], "line": r["line"], "quote": r["quote"]},
            }
        )
    for r in _side_rows(
        conn,
        "casualties",
        eid,
        "t.killed, t.wounded, t.captured, t.missing, t.civilians, t.vehicles,"
        " t.text, t.claimed_by, t.claimed_by_actor_id, t.origin, t.actor_id",
    ):
        side(r["side"])["casualties"].append(
            {k: r[k] for k in ("killed", "wounded", "captured", "missing", "civilians", "vehicles", "text")}
            | {
                "claimed_by": r["claimed_by_actor_id"] or r["claimed_by"],
                "claimed_by_text": r["claimed_by"],
                "origin": r["origin"],
                "actor": r["actor_id"],
                "source": {"file": r["source_file"], "line": r["line"], "quote": r["quote"]},
            }
        )
    ordered = [sides[k] for k in sorted(k for k in sides if k is not None)]
    participants = sides.get(None)
    for s in ordered:
        s["disputed"] = _disputed(s["casualties"])
    events = _children(conn, eid)
    out = _item(row, _actor_ids(conn, [eid])[eid])
    out.update(
        {
            "part_of": row["part_of"],
            "result": row["result"],
            "place": (
                {
                    "id": row["place_id"],
                    "name": row["place_name"],
                    "as_written": row["place_text"],
                    "rule": row["place_rule"],
                    "lat": row["lat"],
                    "lon": row["lon"],
                    "coordinates_from": "document" if row["doc_lat"] is not None else "gazetteer",
                }
                if row["place_id"]
                else None
            ),
            "sides": ordered,
            "participants": participants["belligerents"] if participants else [],
            "casualties_unassigned": participants["casualties"] if participants else [],
            "events": events,
            "related": related_battles(conn, eid, row),
            "sources": [{"file": file, "line_start": row["line_start"], "line_end": row["line_end"]}],
            "why": {
                "date": {"file": file, "line": row["date_line"], "text": row["date_text"]},
                "result": {"file": file, "line": row["result_line"]} if row["result"] else None,
                "place": {
                    "file": file,
                    "line": row["place_line"],
                    "rule": row["place_rule"],
                    "text": row["place_text"],
                }
                if row["place_id"]
                else None,
                "coordinates": {
                    "file": file,
                    "line": row["coordinates_line"],
                    "text": row["coordinates_text"],
                }
                if row["coordinates_text"]
                else None,
                "summary": {"file": file, "line": row["line_start"]},
            },
        }
    )
    return out


def _disputed(claims: list[dict]) -> bool:
    """True when two separate statements (other lines or claimants) give different figures."""
    for field in ("killed", "wounded", "captured", "missing", "civilians"):
        by_statement: dict = {}
        for c in claims:
            if c[field] is not None:
                key = (c["source"]["line"], c["claimed_by"])
                by_statement.setdefault(key, set()).add(c[field])
        values = [v for v in by_statement.values()]
        if len(values) > 1 and len(set().union(*values)) > 1:
            return True
    return False


def _children(conn, eid: str) -> list[dict]:
    rows = conn.execute(
        f"SELECT {_ITEM_COLUMNS}, e.quote {_FROM} WHERE e.parent_id = ? OR e.related_battle_id = ?"
        f" ORDER BY e.date_start IS NULL, e.date_start, e.line_start",
        (eid, eid),
    ).fetchall()
    acts = _actor_ids(conn, [r["id"] for r in rows])
    return [_item(r, acts[r["id"]]) | {"quote": r["quote"]} for r in rows]


_RELATED = """
    WITH mine AS (SELECT DISTINCT actor_id FROM event_actors
                  WHERE event_id = :id AND actor_id IS NOT NULL),
    shared AS (SELECT x.event_id AS id, COUNT(DISTINCT x.actor_id) AS n
               FROM event_actors x INDEXED BY idx_event_actors_actor_event_type
               WHERE x.actor_id IN mine AND x.event_type = 'battle' AND x.event_id != :id
               GROUP BY x.event_id),
    candidates AS (
        SELECT b.id, b.name, b.date_start, b.place_id = :place AS same_place, s.n AS shared
        FROM shared s JOIN events b ON b.id = s.id
        UNION ALL
        SELECT id, name, date_start, 1, 0 FROM events
        WHERE event_type = 'battle' AND place_id = :place AND id != :id
          AND id NOT IN (SELECT id FROM shared))
    SELECT * FROM candidates
    ORDER BY same_place DESC, shared DESC,
             date_start IS NULL, ABS(julianday(date_start) - julianday(:start))
    LIMIT :limit
"""


def related_battles(conn, eid: str, row, limit: int = 5) -> list[dict]:
    """Other battles: same place first, then most shared actors, then nearest dates."""
    rows = conn.execute(
        _RELATED, {"id": eid, "place": row["place_id"], "start": row["date_start"], "limit": limit}
    ).fetchall()
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "date": r["date_start"],
            "same_place": bool(r["same_place"]),
            "shared_actors": r["shared"],
        }
        for r in rows
    ]


# ---------------------------------------------------------------- actors, places, db


def actors(conn) -> list[dict]:
    rows = conn.execute("""
        SELECT a.id, a.short_name, a.full_name, a.kind,
          (SELECT COUNT(DISTINCT event_id) FROM event_actors WHERE actor_id = a.id) AS events
        FROM actors a ORDER BY events DESC, a.short_name COLLATE NOCASE""").fetchall()
    return [
        {
            "id": r["id"],
            "name": r["short_name"],
            "full_name": r["full_name"],
            "kind": r["kind"],
            "events": r["events"],
        }
        for r in rows
    ]


def actor(conn, aid: str) -> dict:
    a = conn.execute(
        "SELECT a.*, s.file AS description_file FROM actors a LEFT JOIN sources s"
        " ON s.id = a.description_source_id WHERE a.id = ?",
        (aid,),
    ).fetchone()
    aliases = [
        r[0]
        for r in conn.execute(
            "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias COLLATE NOCASE", (aid,)
        )
    ]
    events = conn.execute(
        """
        SELECT DISTINCT e.id, e.name, e.event_type, e.date_start, e.date_end, e.date_precision,
          e.date_text, e.date_rule, ea.side, ea.role, e.summary
        FROM event_actors ea JOIN events e ON e.id = ea.event_id
        WHERE ea.actor_id = ? ORDER BY e.date_start IS NULL, e.date_start, e.id""",
        (aid,),
    ).fetchall()
    allies, opponents = {}, {}
    for r in conn.execute(
        """
        SELECT o.actor_id, (o.side = me.side) AS same FROM event_actors me
        JOIN event_actors o ON o.event_id = me.event_id AND o.actor_id != me.actor_id
        WHERE me.actor_id = ? AND me.side IS NOT NULL AND o.side IS NOT NULL
          AND o.actor_id IS NOT NULL""",
        (aid,),
    ):
        bucket = allies if r["same"] else opponents
        bucket[r["actor_id"]] = bucket.get(r["actor_id"], 0) + 1
    commanders = [
        dict(r)
        for r in conn.execute(
            """
        SELECT c.name, COUNT(*) AS events FROM commanders c JOIN event_actors ea
          ON ea.event_id = c.event_id AND ea.side = c.side
        WHERE ea.actor_id = ? AND ea.role = 'belligerent' GROUP BY c.name ORDER BY events DESC""",
            (aid,),
        )
    ]
    return {
        "id": a["id"],
        "name": a["short_name"],
        "full_name": a["full_name"],
        "kind": a["kind"],
        "aliases": aliases,
        "description": a["description"],
        "description_source": (
            {"file": a["description_file"], "line": a["description_line"]} if a["description"] else None
        ),
        "note": a["note"],
        "events": [
            {
                "id": r["id"],
                "name": r["name"],
                "type": r["event_type"],
                "date": date_dict(r),
                "side": r["side"],
                "role": r["role"],
                "summary": r["summary"],
            }
            for r in events
        ],
        "allies": [{"actor": k, "events": v} for k, v in sorted(allies.items(), key=lambda kv: -kv[1])],
        "opponents": [{"actor": k, "events": v} for k, v in sorted(opponents.items(), key=lambda kv: -kv[1])],
        "commanders": commanders,
    }


def places(conn) -> list[dict]:
    rows = conn.execute("""
        SELECT p.*, (SELECT COUNT(*) FROM events WHERE place_id = p.id) AS events
        FROM places p ORDER BY events DESC, p.name COLLATE NOCASE""").fetchall()
    return [_place(r) | {"events": r["events"]} for r in rows]


def _place(r) -> dict:
    return {
        "id": r["id"],
        "name": r["name"],
        "name_fr": r["name_fr"],
        "kind": r["kind"],
        "region": r["region"],
        "country": r["country"],
        "lat": r["latitude"],
        "lon": r["longitude"],
        "note": r["note"],
    }


def place(conn, pid: str) -> dict:
    r = conn.execute("SELECT * FROM places WHERE id = ?", (pid,)).fetchone()
    names = [
        x[0] for x in conn.execute("SELECT name FROM place_names WHERE place_id = ? ORDER BY name", (pid,))
    ]
    out = _place(r) | {"names": names}
    out["events"] = find_events(conn, place=r["name"], limit=None) if r else []
    return out


def db_info(conn, path) -> dict:
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'events_fts%'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    sources = [
        dict(r)
        for r in conn.execute(
            "SELECT file, format, title, line_count AS lines, event_count AS events, path"
            " FROM sources ORDER BY file"
        )
    ]
    return {
        "path": str(path),
        "schema_version": int(meta.get("schema_version", 0)),
        "build_time": meta.get("build_time"),
        "source_fingerprint": meta.get("source_fingerprint"),
        "counts": counts,
        "sources": sources,
    }
