"""Query plans: search by actor, date, place, text and name go through an index.

The SQL is the read path's own: a trace callback on the connection handed to
``malicli.query`` records every statement it runs (with its parameters
expanded), and each SELECT that reads the events table is then explained with
``EXPLAIN QUERY PLAN``. A plan that walks the whole events table (``SCAN e``,
with or without a covering index) fails.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from malicli import query

# The table and the aliases the read path gives it ("events e", "events b", ...).
_ALIAS = re.compile(
    r"\b(?:FROM|JOIN)\s+events(?:\s+(?:AS\s+)?(?!WHERE|JOIN|LEFT|ON|ORDER|GROUP"
    r"|LIMIT|INNER|CROSS|USING)([A-Za-z_]\w*))?",
    re.I,
)
_SCAN = re.compile(r"^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?\b")


def traced(conn: sqlite3.Connection, call) -> list[str]:
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        call(conn)
    finally:
        conn.set_trace_callback(None)
    return statements


def events_aliases(sql: str) -> set[str]:
    return {m.group(1) or "events" for m in _ALIAS.finditer(sql)}


def plan(conn: sqlite3.Connection, sql: str) -> list[str]:
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]


def full_scans(conn: sqlite3.Connection, statements: list[str]) -> list[str]:
    """Every plan step that scans the events table, with the statement it came from."""
    found = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        aliases = events_aliases(sql)
        if not aliases:
            continue
        for step in plan(conn, sql):
            m = _SCAN.match(step)
            if m and m.group(1) in aliases:
                found.append(f"{step}  <-  {' '.join(sql.split())[:240]}")
    return found


def reads_events(statements: list[str]) -> bool:
    return any(events_aliases(s) for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH")))


CASES = {
    "actor": lambda c: query.find_events(c, actors=["JNIM"]),
    "date": lambda c: query.find_events(c, date="2013-03"),
    "place": lambda c: query.find_events(c, place="Timbuktu"),
    "region": lambda c: query.find_events(c, place="Kidal Region"),
    "text": lambda c: query.find_events(c, text="Timbuktu"),
    "name": "exact",
    "name-folded": "folded",
}


@pytest.fixture
def battle_name(conn) -> str:
    row = conn.execute(
        "SELECT name FROM events WHERE event_type = 'battle' AND name IS NOT NULL"
        " GROUP BY name HAVING COUNT(*) = 1 ORDER BY name LIMIT 1"
    ).fetchone()
    assert row, "the seeds hold no named battle"
    return row[0]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_lookup_uses_an_index(conn, battle_name, case):
    if case == "exact":
        call = lambda c: query.resolve_battle(c, battle_name)  # noqa: E731
    elif case == "folded":  # not the stored spelling: the fallback over battle names runs
        call = lambda c: query.resolve_battle(c, battle_name.upper())  # noqa: E731
    else:
        call = case
    statements = traced(conn, call)
    assert reads_events(statements), f"no statement on the events table was traced: {statements}"
    scans = full_scans(conn, statements)
    assert not scans, "full scans of the events table:\n" + "\n".join(scans)


def test_the_check_sees_a_full_scan(conn):
    """The control: an unindexed filter on events is reported."""
    statements = traced(
        conn, lambda c: c.execute("SELECT e.id FROM events e WHERE e.summary LIKE '%Kidal%'").fetchall()
    )
    assert full_scans(conn, statements)


def table_scans(conn: sqlite3.Connection, statements: list[str], table: str) -> list[str]:
    """Every plan step that walks the whole of ``table`` (by rows or along an index)."""
    alias = re.compile(rf"\b(?:FROM|JOIN)\s+{table}(?:\s+(?:AS\s+)?([A-Za-z_]\w*))?", re.I)
    found = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        names = {m.group(1) or table for m in alias.finditer(sql)} - {"WHERE", "ON", "JOIN", "LEFT", "GROUP"}
        for step in plan(conn, sql):
            m = _SCAN.match(step)
            if m and m.group(1) in names:
                found.append(f"{step}  <-  {' '.join(sql.split())[:240]}")
    return found


def test_battle_show_walks_no_whole_actor_table(conn):
    """The related battles of `battle show` are found through the actors' index: walking every
    row of event_actors took 150 ms at 100k events."""
    eid = conn.execute(
        "SELECT e.id FROM events e JOIN event_actors a ON a.event_id = e.id"
        " WHERE e.event_type = 'battle' AND a.actor_id IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    statements = traced(conn, lambda c: query.battle(c, eid))
    scans = table_scans(conn, statements, "event_actors")
    assert not scans, "full scans of event_actors:\n" + "\n".join(scans)
