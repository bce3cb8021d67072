"""The read path: standard-library sqlite3, plain dicts out.

Nothing here imports rich, sqlite_utils or dateutil for the common cases.
"""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING, Any

from .datewords import days_in_month, month_name, month_number
from .exitcodes import Ambiguous, NotFound, UsageError
from .text import name_key

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .paths import PathArg

DATE_HELP = "2013, 2013-03, 2013-03-31, 'March 2013', '31 March 2013' or '17 mai 2014'"


def fold(text: str) -> str:
    """The lookup key of a name (see malicli.text): the form names are stored in."""
    return name_key(text)


# ---------------------------------------------------------------- dates


def _day_range(y: int, mo: int | None = None, d: int | None = None) -> tuple[str, str]:
    """(first day, last day) of a year, a month or a day that exists; else a usage error."""
    if y < 1:
        raise ValueError
    if mo is None:
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    last = days_in_month(y, mo) if 1 <= mo <= 12 else 0
    if not last or (d is not None and not 1 <= d <= last):
        raise ValueError
    if d is None:
        return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{last:02d}"
    return (f"{y:04d}-{mo:02d}-{d:02d}",) * 2


def parse_query_date(text: str) -> tuple[str, str]:
    """A date given on the command line -> (first day, last day) of what it names.

    ISO (2013, 2013-03, 2013-03-31, or with / or .), a day-month-year of numbers
    when only one reading exists, or words: English and French months ("17 May
    2014", "May 17, 2014", "17 mai 2014", "juin 2013", "late March 2013"). Anything
    else is a usage error naming what was not understood; 1/2/2013 is refused as
    ambiguous, with the ISO forms of both readings.
    """
    s = " ".join((text or "").split())
    if not s:
        raise UsageError("give a date", hint=f"use {DATE_HELP}")
    try:
        m = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?", s)
        if m:
            y, mo, d = (int(g) if g else None for g in m.groups())
            return _day_range(y or 0, mo, d)
        m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})", s)
        if m:
            return _numeric_date(s, *(int(g) for g in m.groups()))
        return _word_date(s)
    except ValueError:
        raise UsageError(f"not a real date: {_short(s)!r}", hint=f"use {DATE_HELP}") from None


def _numeric_date(s: str, a: int, b: int, y: int) -> tuple[str, str]:
    """a/b/year: accepted when one reading only is a real date (17/5/2014, 5/17/2014)."""
    if y < 100:
        raise UsageError(f"write the year of {s!r} in full", hint=f"for example {2000 + y}-{b:02d}-{a:02d}")
    readings = {}
    for day, month in ((a, b), (b, a)):
        try:
            key = _day_range(y, month, day)
        except ValueError:
            continue
        readings[key] = f"{day} {month_name(month)}"
    if len(readings) == 1:
        return next(iter(readings))
    if not readings:
        raise ValueError
    forms = " or ".join(f"{lo} ({words})" for (lo, _), words in readings.items())
    raise UsageError(f"the date {s!r} is ambiguous (day first or month first?)", hint=f"write {forms}")


_FILLERS = {"the", "of", "le", "en"}
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th|er|re|e)?")


def _month_of(token: str) -> int | None:
    """1-12 for a whole month word, English or French ("march", "sept", "juin", "août")."""
    return None if token.isdigit() else month_number(token)


def _word_date(s: str) -> tuple[str, str]:
    """A date in words: [qualifier] [day] month year, month day year, or a year with a qualifier."""
    from .dates import QUALIFIERS, parse_date

    day = month = year = qualifier = None
    unknown: list[str] = []
    for token in re.findall(r"[^\s,]+", s)[:20]:
        t = token.casefold().rstrip(".")
        if re.fullmatch(r"\d{4}", t) and year is None:
            year = int(t)
        elif (m := _DAY.fullmatch(t)) and day is None:
            day = int(m.group(1))
        elif (n := _month_of(t)) and month is None:
            month = n
        elif t in QUALIFIERS and qualifier is None:
            qualifier = t
        elif t not in _FILLERS:
            unknown.append(token)
    if unknown:
        what = ", ".join(repr(_short(u, 30)) for u in unknown[:5])
        verb = "is not a day, month or year" if len(unknown) == 1 else "are not days, months or years"
        raise UsageError(
            f"cannot read the date {_short(s)!r}: {what} {verb}",
            hint=f"use {DATE_HELP} (English or French month names)",
        )
    if year is None:
        raise UsageError(f"the date {s!r} has no year", hint=f"add one: '{s} 2013'")
    if day is not None and (month is None or qualifier):
        raise UsageError(f"cannot read the date {s!r}", hint=f"use {DATE_HELP}")
    if qualifier:  # early/mid/late: the ranges of the date reader
        value = parse_date(f"{qualifier} {month_name(month)} {year}" if month else f"{qualifier} {year}")
        return value.start or "", value.end or value.start or ""
    return _day_range(year, month, day)


# ---------------------------------------------------------------- names


# A candidate name: (id, name, canonical). Canonical names are an entity's own names
# (a battle's name, an actor's short and full names, a place's English and French
# names); the others are aliases and names other sources give.
Candidate = tuple[str, str, bool]
_WORD = re.compile(r"\w+")


def _words(key: str) -> set[str]:
    return set(_WORD.findall(key))


def _resolve(candidates: list[Candidate], name: str, what: str) -> str:
    """Pick one id for a name typed by a person, tier by tier: the exact name; its id;
    a whole name or alias (any case, accents, dashes); whole words of a name or alias
    ("Timbuktu", "Group for the Support"); the start of an entity's own name, at least
    3 characters ("Second Bat", "Tomb"). The first tier with a match decides: one id
    is the answer, several are ambiguous (exit 4). A part of a word or of an alias
    finds nothing (exit 3), with near names suggested."""
    if not name or not name.strip():
        raise UsageError(f"give a {what} name")
    key = fold(name)
    words = _words(key)
    keyed = [(i, n, canon, fold(n)) for i, n, canon in candidates]
    tiers = (
        lambda n, canon, k: n == name,
        lambda n, canon, k: False,  # the id: handled below
        lambda n, canon, k: k == key,
        lambda n, canon, k: bool(words) and words <= _words(k),
        lambda n, canon, k: canon and len(key) >= 3 and k.startswith(key),
    )
    for number, test in enumerate(tiers):
        if number == 1:
            if name.strip() in {i for i, *_ in candidates}:
                return name.strip()
            continue
        matched: dict[str, str] = {}
        for i, n, canon, k in keyed:
            if test(n, canon, k):
                matched.setdefault(i, n)
        if len(matched) == 1:
            return next(iter(matched))
        if matched:
            shown = sorted(_display_names(candidates, matched).values(), key=str.casefold)
            raise Ambiguous(
                f"{len(matched)} {what}s match {_short(name)!r}",
                shown,
                hint="be more specific, or use the id",
            )
    raise NotFound(
        f"no {what} named {_short(name)!r}",
        _near_names(keyed, key),
        hint=f"list them with: malicli {what} list",
    )


def _display_names(candidates: list[Candidate], matched: dict[str, str]) -> dict[str, str]:
    """Each matched id with its own name (the first canonical one listed) when it has one."""
    own: dict[str, str] = {}
    for i, n, canon in candidates:
        if canon:
            own.setdefault(i, n)
    return {i: own.get(i, n) for i, n in matched.items()}


def _near_names(keyed: list[tuple[str, str, bool, str]], key: str) -> list[str]:
    """Up to three names to suggest: names with a word that starts with the text typed,
    then names that are spelled alike."""
    near: dict[str, str] = {}
    if len(key) >= 3:
        for _, n, _, k in keyed:
            if any(w.startswith(key) for w in _words(k)):
                near.setdefault(k, n)
    by_key: dict[str, str] = {}
    for _, n, _, k in keyed:
        by_key.setdefault(k, n)
    import difflib

    for k in difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6):
        near.setdefault(k, by_key[k])
    return list(near.values())[:3]


def _short(text: str, n: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def resolve_battle(conn: sqlite3.Connection, name: str) -> str:
    """A battle's id from its id, its name or any name a source gives it."""
    return resolve_event(conn, name, "battle")


def resolve_event(conn: sqlite3.Connection, name: str, what: str = "event") -> str:
    """An event's id from its id or any of its names (``what`` 'battle': battles only)."""
    only = " AND e.event_type = 'battle'" if what == "battle" else ""
    rows = conn.execute(f"SELECT id FROM events e WHERE id = ?{only}", (name,)).fetchall()
    rows = (
        rows
        or conn.execute(
            f"SELECT DISTINCT e.id FROM event_names n JOIN events e ON e.id = n.event_id"
            f" WHERE n.name_folded = ?{only}",
            (fold(name or ""),),
        ).fetchall()
    )
    if len(rows) == 1:
        return rows[0][0]
    if len(rows) > 1:
        ids = [r[0] for r in rows]
        raise Ambiguous(
            f"{len(ids)} {what}s are named {_short(name)!r}",
            ids,
            hint=f"give the id: malicli {what} show ID",
            details=_candidates(conn, ids),
        )
    pairs: list[Candidate] = [
        (r[0], r[1], bool(r[2]))
        for r in conn.execute(
            f"SELECT e.id, e.name, 1 FROM events e WHERE e.name IS NOT NULL{only} UNION ALL"
            f" SELECT e.id, n.name, n.name = e.name FROM event_names n JOIN events e ON e.id = n.event_id"
            f" WHERE 1{only}"
        )
    ]
    try:
        return _resolve(pairs, name, what)
    except Ambiguous as exc:
        ids = sorted({i for i, n, _ in pairs if n in exc.candidates})
        exc.details = _candidates(conn, ids)
        raise


def event_named(conn: sqlite3.Connection, name: str) -> tuple[str, str] | None:
    """(id, type) of the one event of any type with this id or name, else None."""
    rows = conn.execute(
        "SELECT DISTINCT e.id, e.event_type FROM events e LEFT JOIN event_names n ON n.event_id = e.id"
        " WHERE e.id = ? OR n.name_folded = ?",
        (name, fold(name or "")),
    ).fetchall()
    if len(rows) != 1:
        return None
    kind = {"incident": "incident", "timeline": "event of a timeline"}.get(rows[0][1], rows[0][1])
    return rows[0][0], kind


def _candidates(conn, ids: list[str]) -> list[tuple[str, ...]]:
    """(id, name, date, place, sources) of each candidate event, to tell them apart."""
    out: list[tuple[str, ...]] = []
    for eid in ids[:50]:
        r = conn.execute(
            "SELECT e.id, e.name, e.date_start, e.date_end, p.name AS place,"
            " (SELECT group_concat(s.file, ', ') FROM event_sources es JOIN sources s"
            "  ON s.id = es.source_id WHERE es.event_id = e.id) AS files"
            " FROM events e LEFT JOIN places p ON p.id = e.place_id WHERE e.id = ?",
            (eid,),
        ).fetchone()
        when = r["date_start"] or "undated"
        if r["date_end"] and r["date_end"] != r["date_start"]:
            when += f"..{r['date_end']}"
        out.append((r["id"], r["name"] or "", when, r["place"] or "no place", r["files"] or ""))
    return out


def _resolve_alias(conn, name: str, what: str, exact_sql: str, names_sql: str) -> str:
    """Resolve a name through an alias table: its folded form first (one indexed lookup),
    then :func:`_resolve` over every (id, name, canonical) row of ``names_sql``."""
    rows = conn.execute(exact_sql, (fold(name or ""),)).fetchall()
    if len(rows) == 1:
        return rows[0][0]
    return _resolve([(r[0], r[1], bool(r[2])) for r in conn.execute(names_sql)], name, what)


def resolve_actor(conn: sqlite3.Connection, name: str) -> str:
    """An actor's id from its id, short or full name, or any alias (see :func:`_resolve`)."""
    return _resolve_alias(
        conn,
        name,
        "actor",
        "SELECT DISTINCT actor_id FROM actor_aliases WHERE alias_folded = ?",
        "SELECT id, short_name, 1 FROM actors WHERE short_name IS NOT NULL"
        " UNION ALL SELECT id, full_name, 1 FROM actors WHERE full_name IS NOT NULL"
        " UNION ALL SELECT a.actor_id, a.alias, a.alias IN (x.short_name, x.full_name)"
        " FROM actor_aliases a JOIN actors x ON x.id = a.actor_id",
    )


def resolve_place(conn: sqlite3.Connection, name: str) -> str:
    """A place's id from its id, English or French name, or any other name (see :func:`_resolve`)."""
    return _resolve_alias(
        conn,
        name,
        "place",
        "SELECT DISTINCT place_id FROM place_names WHERE name_folded = ?",
        "SELECT id, name, 1 FROM places UNION ALL SELECT id, name_fr, 1 FROM places WHERE name_fr IS NOT NULL"
        " UNION ALL SELECT n.place_id, n.name, n.name IN (p.name, p.name_fr) FROM place_names n"
        " JOIN places p ON p.id = n.place_id",
    )


# ---------------------------------------------------------------- events

_ITEM_COLUMNS = """
    e.id, e.name, e.name_rule, e.event_type, e.kind, e.date_start, e.date_end,
    e.date_precision, e.date_certain, e.date_candidates, e.date_reason, e.date_text, e.date_rule, e.status,
    e.place_id, p.name AS place_name, e.summary, s.file AS source_file, e.line_start, e.battle_id,
    COALESCE(e.latitude, p.latitude) AS lat, COALESCE(e.longitude, p.longitude) AS lon
"""
_JOINS = "LEFT JOIN places p ON p.id = e.place_id JOIN sources s ON s.id = e.source_id"


def date_dict(row: sqlite3.Row) -> dict:
    """The date of an event row, with its precision, rule and certainty."""
    keys = row.keys()
    certain = bool(row["date_certain"]) if "date_certain" in keys else True
    out = {
        "start": row["date_start"],
        "end": row["date_end"],
        "precision": row["date_precision"],
        "text": row["date_text"],
        "rule": row["date_rule"],
        "certain": certain,
    }
    if not certain and row["date_candidates"]:
        import json

        out["candidates"] = json.loads(row["date_candidates"])
    if "date_reason" in keys and row["date_reason"]:
        out["reason"] = row["date_reason"]
    return out


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


def _other_places(conn, ids: list[str]) -> dict[str, list[str]]:
    """The ids of each event's places other than its primary one (event_places), in text order."""
    out: dict[str, list[str]] = {i: [] for i in ids}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for r in conn.execute(
            f"SELECT event_id, place_id FROM event_places WHERE event_id IN {_in(part)} AND role = 'other'"
            " ORDER BY event_id, rank, source_id",
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
        "battle_id": row["battle_id"],
        "source": {"file": row["source_file"], "line": row["line_start"]},
    }


_FTS_WORD = re.compile(r"\w+\*?")
_MAX_WORDS = 32


def fts_query(text: str, conn: sqlite3.Connection | None = None) -> str | None:
    """User text -> a safe FTS5 query: every word must occur (each quoted, so nothing the
    user types is query syntax); a word ending in * is a prefix (``coup*``). With a
    connection, the names of actors and places are expanded: a word or words naming one
    match any of its names (``GSIM`` finds JNIM, ``Tombouctou`` Timbuktu). The index
    stems English words (porter), so ``kill`` finds ``killed``."""
    tokens = _FTS_WORD.findall(text or "")[:_MAX_WORDS]
    if not tokens:
        return None
    groups = _alias_groups(conn, [t.rstrip("*") for t in tokens]) if conn is not None else {}
    parts, i = [], 0
    while i < len(tokens):
        span = groups.get(i)
        if span:
            end, names = span
            parts.append("(" + " OR ".join(_phrase(n) for n in names) + ")")
            i = end
            continue
        word = tokens[i]
        parts.append(_phrase(word.rstrip("*")) + ("*" if word.endswith("*") else ""))
        i += 1
    return " AND ".join(parts)


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _alias_groups(conn, words: list[str], longest: int = 6) -> dict[int, tuple[int, list[str]]]:
    """Runs of words that name an actor or a place: {start: (end, every name of it)},
    longest runs first, not overlapping."""
    spans = {
        (a, b): fold(" ".join(words[a:b]))
        for a in range(len(words))
        for b in range(a + 1, min(len(words), a + longest) + 1)
    }
    keys = sorted(set(spans.values()))
    q = _in(keys)
    found: dict[str, set[tuple[str, str]]] = {}
    for key, kind, eid in conn.execute(
        f"SELECT alias_folded, 'actor', actor_id FROM actor_aliases WHERE alias_folded IN {q}"
        f" UNION SELECT name_folded, 'place', place_id FROM place_names WHERE name_folded IN {q}",
        [*keys, *keys],
    ):
        found.setdefault(key, set()).add((kind, eid))
    out: dict[int, tuple[int, list[str]]] = {}
    taken: set[int] = set()
    for (a, b), key in sorted(spans.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        if key in found and not taken & set(range(a, b)):
            out[a] = (b, _entity_names(conn, found[key]))
            taken |= set(range(a, b))
    return out


def _entity_names(conn, entities: set[tuple[str, str]], most: int = 40) -> list[str]:
    names: dict[str, str] = {}
    for kind, eid in sorted(entities):
        sql = (
            "SELECT alias FROM actor_aliases WHERE actor_id = ?"
            if kind == "actor"
            else "SELECT name FROM place_names WHERE place_id = ?"
        )
        for (name,) in conn.execute(sql, (eid,)):
            names.setdefault(fold(name), name)
    return sorted(names.values(), key=len)[:most]


class EventQuery:
    """The parts of a SELECT over events, composed filter by filter (no dataclass: the
    read path does not import dataclasses)."""

    def __init__(self) -> None:
        self.source = "events e"
        self.joins: list[str] = [_JOINS]
        self.where: list[str] = []
        self.params: list = []
        self.order = "e.sort_key"
        self.columns = _ITEM_COLUMNS
        self.distinct = False

    def add(self, condition: str, *params: object) -> None:
        """Add a condition (joined with AND) and its parameters."""
        self.where.append(condition)
        self.params.extend(params)

    def sql(self, limit: int | None = None, offset: int = 0) -> tuple[str, list]:
        """The SELECT of the matching events in order, with its parameters (and LIMIT/OFFSET when given)."""
        where = f" WHERE {' AND '.join(self.where)}" if self.where else ""
        head = "SELECT DISTINCT" if self.distinct else "SELECT"
        sql = f"{head} {self.columns} FROM {self.source} {' '.join(self.joins)}{where} ORDER BY {self.order}"
        params = list(self.params)
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else int(limit), int(offset)]
        return sql, params

    def count_sql(self) -> tuple[str, list]:
        """The SELECT that counts the matching events, with its parameters."""
        where = f" WHERE {' AND '.join(self.where)}" if self.where else ""
        return (
            f"SELECT COUNT(DISTINCT e.id) FROM {self.source} {' '.join(self.joins)}{where}",
            list(self.params),
        )


def _in(values: list) -> str:
    return f"({','.join('?' * len(values))})"


def _date_bounds(year, date, date_from, date_to) -> tuple[str | None, str | None]:
    lo = hi = None
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
    return lo, hi


def _filter_dates(q: EventQuery, lo: str | None, hi: str | None) -> None:
    """Events whose dates overlap lo..hi; a date whose year is uncertain by its whole
    candidate range (date_earliest..date_latest)."""
    if lo or hi:
        q.add("e.date_earliest IS NOT NULL")
    if hi:
        q.add("e.date_earliest <= ?", hi)
    if lo:
        q.add(
            "COALESCE(e.date_latest, CASE WHEN e.status = 'ongoing' THEN '9999-12-31' "
            "ELSE e.date_earliest END) >= ?",
            lo,
        )


MENTION_ROLES = ("mentioned", "claimant")  # named, but not taking part


def _filter_actors(q: EventQuery, actor_ids: list[str], types, walk: bool, mentions: bool = False) -> None:
    """Events the actors take part in (mentions too when ``mentions``); the first actor's
    events walked in date order (through its index) when ``walk``."""
    role = "" if mentions else f" AND {{t}}.role NOT IN {_in(list(MENTION_ROLES))}"
    role_params = [] if mentions else list(MENTION_ROLES)
    if walk and actor_ids:
        q.source = "event_actors a0 JOIN events e ON e.id = a0.event_id"
        q.distinct = True
        q.add("a0.actor_id = ?" + role.format(t="a0"), actor_ids[0], *role_params)
        if types:
            q.add(f"a0.event_type IN {_in(types)}", *types)
        q.order = "a0.sort_key"
        actor_ids = actor_ids[1:]
    elif types:
        q.add(f"e.event_type IN {_in(types)}", *types)
    for aid in actor_ids:
        q.add(
            "EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND x.actor_id = ?"
            + role.format(t="x")
            + ")",
            aid,
            *role_params,
        )


def _filter_place(conn, q: EventQuery, place: str) -> None:
    """Events at the place (or, for a region, at any of its towns), by any of their places."""
    pid = resolve_place(conn, place)
    ids = [pid] + [
        r[0]
        for r in conn.execute(  # a region takes its towns
            "SELECT id FROM places WHERE region = (SELECT name FROM places WHERE id = ?)", (pid,)
        )
    ]
    q.add(f"e.id IN (SELECT event_id FROM event_places WHERE place_id IN {_in(ids)})", *ids)
    if q.order == "e.sort_key":  # a place has few events: find them by place, then sort them
        q.order = "+e.sort_key"


def _filter_text(q: EventQuery, fts: str) -> None:
    q.columns += ", snippet(events_fts, -1, '«', '»', '…', 16) AS snippet"
    q.joins.append("JOIN events_fts ON events_fts.rowid = e.rowid")
    q.add("events_fts MATCH ?", fts)
    q.order = "events_fts.rank, " + q.order


def event_query(
    conn: sqlite3.Connection,
    *,
    text: str | None = None,
    actors: Sequence[str] = (),
    date: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    place: str | None = None,
    kind: str | None = None,
    types: Sequence[str] | None = None,
    status: str | None = None,
    year: int | None = None,
    sort: str = "date",
    commander: str | None = None,
    min_killed: int | None = None,
    dated: bool = False,
    mentions: bool = False,
) -> EventQuery | None:
    """The query for events matching every filter given (None when the text has no word).
    Names are resolved first (errors raised)."""
    actor_ids = [resolve_actor(conn, a) for a in actors]
    fts = fts_query(text, conn) if text is not None else None
    if text is not None and text.strip() and fts is None:
        return None
    q = EventQuery()  # sort: "date" (ranked first when there is text), "time" (dates only), "name"
    if sort == "name":
        q.order = "e.name IS NULL, e.name COLLATE NOCASE, e.id"
    _filter_actors(q, actor_ids, types, walk=sort in ("date", "time") and not fts, mentions=mentions)
    _filter_dates(q, *_date_bounds(year, date, date_from, date_to))
    if place:
        _filter_place(conn, q, place)
    if kind:
        q.add("e.kind = ?", kind)
    if status:
        q.add("e.status = ?", status)
    if dated:
        q.add("e.date_start IS NOT NULL")
    _filter_people_and_figures(conn, q, commander, min_killed)
    if fts and text is not None:  # fts comes from the text
        _filter_text_or_person(conn, q, fts, text, by_date_only=sort == "time")
    return q


def _filter_people_and_figures(conn, q: EventQuery, commander, min_killed) -> None:
    if commander:
        names = person_names(conn, resolve_person(conn, commander))
        q.add(
            f"EXISTS (SELECT 1 FROM commanders c WHERE c.event_id = e.id AND c.name IN {_in(names)})", *names
        )
    if min_killed is not None:
        q.add(
            "EXISTS (SELECT 1 FROM figures f WHERE f.event_id = e.id AND f.category = 'killed' AND f.low >= ?)",
            int(min_killed),
        )


def _filter_text_or_person(conn, q: EventQuery, fts: str, text: str, by_date_only: bool) -> None:
    """Full-text matches, ranked (in date order for the timeline); when the whole text names
    a person, the battles they commanded count as matches too (then in date order)."""
    commanded = _commanded_by_text(conn, text)
    if commanded:
        q.add(
            f"(e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?) OR e.id IN {_in(commanded)})",
            fts,
            *commanded,
        )
        return
    by_date = q.order
    _filter_text(q, fts)
    if by_date_only:
        q.order = by_date


def _commanded_by_text(conn, text: str) -> list[str]:
    """The events commanded by the person the whole text names, if it names one."""
    key = fold(text)
    names = [n for n in _people_rows(conn).get(_person_id(text), []) if fold(n) == key]
    if not names:
        return []
    return [
        r[0]
        for r in conn.execute(f"SELECT DISTINCT event_id FROM commanders WHERE name IN {_in(names)}", names)
    ]


def find_events(
    conn: sqlite3.Connection, *, limit: int | None = 50, offset: int = 0, **filters: Any
) -> list[dict]:
    """Events matching every filter given (see event_query), in date order by default."""
    q = event_query(conn, **filters)
    if q is None:
        return []
    rows = conn.execute(*q.sql(limit, offset)).fetchall()
    acts = _actor_ids(conn, [r["id"] for r in rows])
    others = _other_places(conn, [r["id"] for r in rows])
    items = []
    for r in rows:
        item = _item(r, acts[r["id"]]) | {"other_places": others[r["id"]]}
        if "snippet" in r.keys():
            item["snippet"] = r["snippet"]
        items.append(item)
    return items


def check_kind(conn: sqlite3.Connection, kind: str | None) -> None:
    """A usage error (exit 2) naming the kinds there are when ``kind`` is none of them."""
    if not kind:
        return
    kinds = sorted(r[0] for r in conn.execute("SELECT DISTINCT kind FROM events WHERE kind IS NOT NULL"))
    if kind not in kinds:
        raise UsageError(f"no event is of kind {_short(kind)!r}", hint=f"the kinds are: {', '.join(kinds)}")


def killed(conn: sqlite3.Connection, items: list[dict]) -> dict[str, dict | None]:
    """The killed figures claimed for each event, as {low, high, open_ended} (None when no
    claim gives a number): claims of one statement add up, claims of several statements
    about the same losses are never added (see malicli.stats.event_span)."""
    from . import stats

    facts = stats.event_facts(conn, items)
    for f in facts:
        f.root = f.id  # each event on its own
    claims = stats.load_claims(conn, facts)
    return {f.id: stats.casualties([f], claims)["killed"] for f in facts}


def count_events(conn: sqlite3.Connection, **filters: Any) -> int:
    """How many events match the filters (what a --limit leaves out is reported with it)."""
    q = event_query(conn, **filters)
    return 0 if q is None else conn.execute(*q.count_sql()).fetchone()[0]


# ---------------------------------------------------------------- one battle or event


def _source(row) -> dict:
    return {"file": row["source_file"], "line": row["line"], "quote": row["quote"]}


def figure_dict(r: sqlite3.Row) -> dict:
    """A figure claim as scripts see it: low, high, qualifier, claimant and source."""
    return {
        "category": r["category"],
        "population": r["population"],
        "low": r["low"],
        "high": r["high"],
        "qualifier": r["qualifier"],
        "text": r["text"],
        "note": r["note"],
        "actor": r["actor_id"],
        "claimed_by": r["claimant_actor_id"] or r["claimant_text"],
        "claimed_by_text": r["claimant_text"],
        "claimed_by_name": r["claimant_name"] or r["claimant_text"],
        "origin": r["origin"],
        "source": _source(r),
    }


_DETAIL_SQL = {
    "belligerents": """
        SELECT t.side, t.actor_id, COALESCE(a.short_name, t.as_written) AS name, t.as_written, t.role,
               t.claimant_actor_id, c.short_name AS claimant_name, s.file AS source_file, t.line, t.quote
        FROM event_actors t LEFT JOIN actors a ON a.id = t.actor_id
        LEFT JOIN actors c ON c.id = t.claimant_actor_id JOIN sources s ON s.id = t.source_id
        WHERE t.event_id = ? ORDER BY t.id""",
    "commanders": """
        SELECT t.side, t.name, t.rank, t.fate, t.actor_id, t.as_written, s.file AS source_file, t.line,
               t.quote FROM commanders t JOIN sources s ON s.id = t.source_id
        WHERE t.event_id = ? ORDER BY t.id""",
    "figures": """
        SELECT t.*, c.short_name AS claimant_name, s.file AS source_file FROM figures t
        LEFT JOIN actors c ON c.id = t.claimant_actor_id JOIN sources s ON s.id = t.source_id
        WHERE t.event_id = ? ORDER BY t.id""",
}


def _belligerent(r) -> dict:
    return {
        "actor": r["actor_id"],
        "name": r["name"],
        "as_written": r["as_written"],
        "role": r["role"],
        "claimed_by": r["claimant_actor_id"],
        "claimed_by_name": r["claimant_name"],
        "source": _source(r),
    }


def _commander(r) -> dict:
    return {
        "name": r["name"],
        "rank": r["rank"],
        "fate": r["fate"],
        "actor": r["actor_id"],
        "as_written": r["as_written"],
        "source": _source(r),
    }


def sides(conn: sqlite3.Connection, eid: str) -> tuple[list[dict], dict]:
    """(numbered sides, what belongs to no side the texts make clear) of an event."""
    out: dict = {}

    def side(n):
        return out.setdefault(
            n, {"side": n, "belligerents": [], "commanders": [], "strength": [], "casualties": []}
        )

    for r in conn.execute(_DETAIL_SQL["belligerents"], (eid,)):
        side(r["side"])["belligerents"].append(_belligerent(r))
    for r in conn.execute(_DETAIL_SQL["commanders"], (eid,)):
        side(r["side"])["commanders"].append(_commander(r))
    for r in conn.execute(_DETAIL_SQL["figures"], (eid,)):
        key = "strength" if r["category"] == "strength" else "casualties"
        side(r["side"])[key].append(figure_dict(r))
    numbered = [out[k] for k in sorted(k for k in out if k is not None)]
    for s in [*numbered, out.get(None)]:
        if s:
            s["disputed"] = disputed(s["casualties"])
    unclear = out.get(None) or side(None)
    unclear.pop("side", None)
    return numbered, unclear


COMBATANTS = {None: "combatants", "soldiers": "combatants", "fighters": "combatants"}


def disputed(claims: list[dict]) -> bool:
    """True when separate statements (other source, line or claimant) give different figures
    for the same category and population. A side's figure that names no population counts its
    combatants ("40 killed" under a side against "50 soldiers killed"); civilians stay apart."""
    seen: dict[tuple, set] = {}
    for c in claims:
        if c["low"] is None and c["high"] is None:
            continue
        key = (c["category"], COMBATANTS.get(c["population"], c["population"]), c["actor"])
        statement = (c["source"]["file"], c["source"]["line"], c["claimed_by"])
        seen.setdefault(key, set()).add((statement, c["low"], c["high"]))
    for values in seen.values():
        statements = {s for s, _, _ in values}
        if len(statements) > 1 and len({(lo, hi) for _, lo, hi in values}) > 1:
            return True
    return False


def claims(conn: sqlite3.Connection, eid: str) -> dict[str, list[dict]]:
    """Every stated value of a battle, field by field, with its source."""
    out: dict[str, list[dict]] = {}
    for r in conn.execute(
        "SELECT c.*, s.file AS source_file, p.name AS place_name FROM claims c"
        " JOIN sources s ON s.id = c.source_id LEFT JOIN places p ON p.id = c.place_id"
        " WHERE c.event_id = ? ORDER BY c.id",
        (eid,),
    ):
        entry = {"value": r["value"], "rule": r["rule"], "source": _source(r)}
        if r["field"] == "date":
            entry["date"] = {
                "start": r["date_start"],
                "end": r["date_end"],
                "precision": r["date_precision"],
                "certain": bool(r["date_certain"]),
            }
        elif r["field"] == "place":
            entry["place"] = {"id": r["place_id"], "name": r["place_name"]} if r["place_id"] else None
        elif r["field"] == "coordinates":
            entry["lat"], entry["lon"] = r["latitude"], r["longitude"]
        out.setdefault(r["field"], []).append(entry)
    return out


def disagreements(all_claims: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Fields whose sources give different values: each distinct value with its sources."""
    out = {}
    for field_name in ("date", "place", "result", "status", "part_of"):
        by_value: dict = {}
        for c in all_claims.get(field_name, []):
            key = _claim_key(field_name, c)
            by_value.setdefault(
                key, {"value": c["value"], **{k: c[k] for k in ("date", "place") if k in c}, "sources": []}
            )
            by_value[key]["sources"].append(c["source"])
        if len(by_value) > 1:
            out[field_name] = list(by_value.values())
    return out


def _claim_key(field_name: str, c: dict):
    if field_name == "date":
        d = c["date"]
        return (d["start"], d["end"], d["precision"])
    if field_name == "place":
        return c["place"]["id"] if c.get("place") else fold(c["value"])
    return fold(c["value"])


def event_sources(conn: sqlite3.Connection, eid: str) -> list[dict]:
    """Every document that speaks of the event: file, format, role and lines, articles first."""
    return [
        dict(r)
        for r in conn.execute(
            "SELECT s.file, s.format, es.role, es.line_start, es.line_end FROM event_sources es"
            " JOIN sources s ON s.id = es.source_id WHERE es.event_id = ?"
            " ORDER BY es.role != 'article', s.file, es.line_start",
            (eid,),
        )
    ]


def _event_row(conn, eid: str):
    row = conn.execute(
        f"SELECT {_ITEM_COLUMNS}, e.result, e.part_of, e.place_text, e.place_rule, e.place_qualifier,"
        f" e.line_end, e.quote, e.latitude AS doc_lat"
        f" FROM events e {_JOINS} WHERE e.id = ?",
        (eid,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no event with id {eid!r}")
    return row


def _place_dict(row) -> dict | None:
    if not row["place_id"]:
        return None
    return {
        "id": row["place_id"],
        "name": row["place_name"],
        "as_written": row["place_text"],
        "qualifier": row["place_qualifier"],
        "rule": row["place_rule"],
        "lat": row["lat"],
        "lon": row["lon"],
        "coordinates_from": "document" if row["doc_lat"] is not None else "gazetteer",
    }


def event(conn: sqlite3.Connection, eid: str) -> dict:
    """One event of any type: its fields, sides, figures, names, sources and claims."""
    row = _event_row(conn, eid)
    numbered, unclear = sides(conn, eid)
    all_claims = claims(conn, eid)
    out = _item(row, _actor_ids(conn, [eid])[eid])
    out.update(
        {
            "part_of": row["part_of"],
            "result": row["result"],
            "place": _place_dict(row),
            "aliases": sorted(
                {r[0] for r in conn.execute("SELECT name FROM event_names WHERE event_id = ?", (eid,))}
                - {row["name"]}
            ),
            "sides": numbered,
            "side_unclear": unclear,
            "quote": row["quote"],
            "sources": event_sources(conn, eid),
            "claims": all_claims,
            "disagreements": disagreements(all_claims),
        }
    )
    if row["event_type"] == "battle":
        out["events"] = _children(conn, eid)
        out["related"] = related_battles(conn, eid, row)
    elif row["battle_id"]:
        b = conn.execute("SELECT id, name FROM events WHERE id = ?", (row["battle_id"],)).fetchone()
        out["battle"] = {"id": b["id"], "name": b["name"]}
    return out


def battle(conn: sqlite3.Connection, eid: str) -> dict:
    """A battle with everything every source says of it (see event)."""
    return event(conn, eid)


def _children(conn, eid: str) -> list[dict]:
    rows = conn.execute(
        f"SELECT {_ITEM_COLUMNS}, e.quote FROM events e {_JOINS} WHERE e.battle_id = ?"
        f" ORDER BY e.date_start IS NULL, e.date_start, e.line_start",
        (eid,),
    ).fetchall()
    return [item | {"quote": r["quote"]} for item, r in zip(_items(conn, rows), rows)]


def _items(conn, rows: list[sqlite3.Row]) -> list[dict]:
    """List items of event rows, each with the ids of its actors."""
    acts = _actor_ids(conn, [r["id"] for r in rows])
    return [_item(r, acts[r["id"]]) for r in rows]


_RELATED = """
    WITH mine AS (SELECT DISTINCT actor_id FROM event_actors
                  WHERE event_id = :id AND actor_id IS NOT NULL),
    shared AS (SELECT x.event_id AS id, COUNT(DISTINCT x.actor_id) AS n
               FROM mine m JOIN event_actors x ON x.actor_id = m.actor_id AND x.event_type = 'battle'
               WHERE x.event_id != :id
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
             date_start IS NULL, ABS(julianday(date_start) - julianday(:start)), id
    LIMIT :limit
"""


def related_battles(conn: sqlite3.Connection, eid: str, row: sqlite3.Row, limit: int = 5) -> list[dict]:
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


# ---------------------------------------------------------------- people


def _person_id(name: str) -> str:
    return "-".join(_WORD.findall(fold(name)))


def _people_rows(conn) -> dict[str, list[str]]:
    """Every person the texts name (commanders and described people): id -> names as written."""
    out: dict[str, list[str]] = {}
    for (name,) in conn.execute("SELECT name FROM commanders UNION SELECT name FROM people"):
        ids = out.setdefault(_person_id(name), [])
        if name not in ids:
            ids.append(name)
    return out


def resolve_person(conn: sqlite3.Connection, name: str) -> str:
    """A person's id from the name (whole, whole words, or the start of it; see :func:`_resolve`)."""
    people = _people_rows(conn)
    return _resolve([(pid, n, True) for pid, names in people.items() for n in names], name, "person")


def person_names(conn: sqlite3.Connection, pid: str) -> list[str]:
    """The names a person is written with (in commanders and people)."""
    return _people_rows(conn).get(pid, [])


def _commanded(conn, names: list[str]) -> list[dict]:
    rows = conn.execute(
        f"SELECT c.event_id, c.side, c.rank, c.fate, c.actor_id, c.as_written, c.line, c.quote,"
        f" s.file, e.name, e.event_type, e.kind, e.date_start, e.date_end, e.date_precision, e.date_text,"
        f" e.date_rule, (SELECT group_concat(DISTINCT ea.actor_id) FROM event_actors ea"
        f"  WHERE ea.event_id = c.event_id AND ea.side = c.side AND ea.actor_id IS NOT NULL) AS side_actors"
        f" FROM commanders c JOIN events e ON e.id = c.event_id JOIN sources s ON s.id = c.source_id"
        f" WHERE c.name IN {_in(names)} ORDER BY e.date_start IS NULL, e.date_start, c.id",
        names,
    ).fetchall()
    return [
        {
            "id": r["event_id"],
            "name": r["name"],
            "type": r["event_type"],
            "kind": r["kind"],
            "date": {k: r[f"date_{k}"] for k in ("start", "end", "precision", "text", "rule")},
            "side": r["side"],
            "side_actors": (r["side_actors"] or "").split(",") if r["side_actors"] else [],
            "actor": r["actor_id"],
            "rank": r["rank"],
            "fate": r["fate"],
            "as_written": r["as_written"],
            "source": {"file": r["file"], "line": r["line"], "quote": r["quote"]},
        }
        for r in rows
    ]


def people(conn: sqlite3.Connection) -> list[dict]:
    """Every person: id, name, the battles they commanded, the actors of their sides."""
    out = []
    for pid, names in _people_rows(conn).items():
        commanded = _commanded(conn, names)
        actors_ = sorted({a for c in commanded for a in ([c["actor"]] if c["actor"] else c["side_actors"])})
        out.append(
            {
                "id": pid,
                "name": names[0],
                "commanded": len({c["id"] for c in commanded}),
                "actors": actors_,
                "described": bool(
                    conn.execute(f"SELECT 1 FROM people WHERE name IN {_in(names)}", names).fetchone()
                ),
            }
        )
    return sorted(out, key=lambda p: (-p["commanded"], p["name"].casefold()))


def person(conn: sqlite3.Connection, pid: str) -> dict:
    """One person: names, descriptions with their sources, battles commanded (side, rank,
    fate where stated), the sentences naming them, and the source files."""
    names = person_names(conn, pid)
    if not names:
        raise NotFound(f"no person with id {pid!r}")
    described = [
        {
            "text": r["description"] or r["quote"],
            "source": {"file": r["file"], "line": r["line"], "quote": r["quote"]},
        }
        for r in conn.execute(
            f"SELECT p.description, p.quote, p.line, s.file FROM people p JOIN sources s ON s.id = p.source_id"
            f" WHERE p.name IN {_in(names)} ORDER BY p.id",
            names,
        )
    ]
    commanded = _commanded(conn, names)
    mentions = _mentions(conn, names)
    files = sorted(
        {d["source"]["file"] for d in described}
        | {c["source"]["file"] for c in commanded}
        | {m["source"]["file"] for m in mentions}
    )
    return {
        "id": pid,
        "name": names[0],
        "names": names,
        "descriptions": described,
        "commanded": commanded,
        "mentions": mentions,
        "sources": files,
    }


def _mentions(conn, names: list[str]) -> list[dict]:
    """Events whose text names the person (any of their names, as a phrase)."""
    fts = " OR ".join(_phrase(n) for n in names)
    rows = conn.execute(
        f"SELECT {_ITEM_COLUMNS} FROM events e {_JOINS} JOIN events_fts ON events_fts.rowid = e.rowid"
        f" WHERE events_fts MATCH ? ORDER BY e.sort_key",
        (fts,),
    ).fetchall()
    return _items(conn, rows)


# ---------------------------------------------------------------- actors, places, db


def actors(conn: sqlite3.Connection) -> list[dict]:
    """Every actor with its number of events, the busiest first."""
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


def _mention_count(conn, aid: str) -> int:
    """How many events name the actor only in a role of MENTION_ROLES."""
    roles = list(MENTION_ROLES)
    return conn.execute(
        f"SELECT COUNT(DISTINCT event_id) FROM event_actors WHERE actor_id = ? AND role IN {_in(roles)}"
        f" AND event_id NOT IN (SELECT event_id FROM event_actors WHERE actor_id = ?"
        f" AND role NOT IN {_in(roles)})",
        (aid, *roles, aid, *roles),
    ).fetchone()[0]


def _actor_events(conn, aid: str, mentions: bool = False) -> list[dict]:
    roles = list(MENTION_ROLES)
    role = "" if mentions else f" AND ea.role NOT IN {_in(roles)}"
    rows = conn.execute(
        f"""
        SELECT DISTINCT e.id, e.name, e.event_type, e.date_start, e.date_end, e.date_precision,
          e.date_certain, e.date_candidates, e.date_reason, e.date_text, e.date_rule, ea.side, ea.role,
          e.summary
        FROM event_actors ea JOIN events e ON e.id = ea.event_id
        WHERE ea.actor_id = ?{role} ORDER BY e.date_start IS NULL, e.date_start, e.id""",
        (aid, *([] if mentions else roles)),
    ).fetchall()
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "type": r["event_type"],
            "date": date_dict(r),
            "side": r["side"],
            "role": r["role"],
            "summary": r["summary"],
        }
        for r in rows
    ]


def _allies_and_opponents(conn, aid: str) -> tuple[list[dict], list[dict]]:
    """Actors on the same side and on another side of the same battles, by count."""
    allies: dict[str, int] = {}
    opponents: dict[str, int] = {}
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

    def ranked(counts):
        return [{"actor": k, "events": v} for k, v in sorted(counts.items(), key=lambda kv: -kv[1])]

    return ranked(allies), ranked(opponents)


def _actor_commanders(conn, aid: str) -> list[dict]:
    return [
        dict(r)
        for r in conn.execute(
            """
        SELECT c.name, COUNT(DISTINCT c.event_id) AS events FROM commanders c JOIN event_actors ea
          ON ea.event_id = c.event_id AND ea.side = c.side
        WHERE ea.actor_id = ? AND ea.role = 'belligerent' GROUP BY c.name ORDER BY events DESC, c.name""",
            (aid,),
        )
    ]


def actor(conn: sqlite3.Connection, aid: str, mentions: bool = False) -> dict:
    """One actor: names, description with its source, events, allies, opponents, commanders.
    Events that only mention the actor are listed when ``mentions``, else counted."""
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
    allies, opponents = _allies_and_opponents(conn, aid)
    return {
        "id": a["id"],
        "name": a["short_name"],
        "full_name": a["full_name"],
        "kind": a["kind"],
        "origin": a["origin"],
        "aliases": aliases,
        "description": a["description"],
        "description_source": (
            {"file": a["description_file"], "line": a["description_line"]} if a["description"] else None
        ),
        "note": a["note"],
        "events": _actor_events(conn, aid, mentions),
        "mentions_left_out": 0 if mentions else _mention_count(conn, aid),
        "allies": allies,
        "opponents": opponents,
        "commanders": _actor_commanders(conn, aid),
    }


def places(conn: sqlite3.Connection) -> list[dict]:
    """Every place with its number of events, the busiest first."""
    rows = conn.execute("""
        SELECT p.*, (SELECT COUNT(DISTINCT event_id) FROM event_places WHERE place_id = p.id) AS events
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


def place(conn: sqlite3.Connection, pid: str) -> dict:
    """A place with all its names and the events there."""
    r = conn.execute("SELECT * FROM places WHERE id = ?", (pid,)).fetchone()
    names = [
        x[0] for x in conn.execute("SELECT name FROM place_names WHERE place_id = ? ORDER BY name", (pid,))
    ]
    out = _place(r) | {"names": names}
    out["events"] = find_events(conn, place=r["name"], limit=None) if r else []
    return out


def db_info(conn: sqlite3.Connection, path: PathArg) -> dict:
    """The database: its path, folders, schema version, build time, row counts and sources."""
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
            "SELECT file, format, title, line_count AS lines, event_count AS events, path, problems"
            " FROM sources ORDER BY file"
        )
    ]
    import json

    for s in sources:
        s["problems"] = json.loads(s["problems"]) if s["problems"] else []
    return {
        "path": str(path),
        "source_folders": json.loads(meta.get("source_dirs") or "[]"),
        "schema_version": int(meta.get("schema_version", 0)),
        "build_time": meta.get("build_time"),
        "source_fingerprint": meta.get("source_fingerprint"),
        "counts": counts,
        "sources": sources,
    }
