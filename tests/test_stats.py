"""malicli stats: the numbers against SQL counts written here on the seeds'
database, and the casualty sums against hand-worked cases (tests/data/casualty_sums.json)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from malicli import stats

CASES = json.loads((Path(__file__).parent / "data" / "casualty_sums.json").read_text("utf-8"))["cases"]
CASUALTY_CATEGORIES = ("killed", "wounded", "captured", "missing")


def columns(conn, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def certain_sql(conn) -> str:
    """SQL that is true for events whose year is certain (every event before date_certain existed)."""
    return "COALESCE(date_certain, 1) = 1" if "date_certain" in columns(conn, "events") else "1"


def report(run, *args) -> dict:
    result = run("stats", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def by_key(rep: dict, dim: str) -> dict:
    return {(g[dim], g[f"{dim}_label"]): g for g in rep["groups"]}


def test_totals_are_every_event_and_every_battle(run, conn):
    rep = report(run)
    assert rep["totals"]["events"] == conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert (
        rep["totals"]["battles"]
        == conn.execute("SELECT COUNT(*) FROM events WHERE event_type = 'battle'").fetchone()[0]
    )
    assert rep["by"] == ["year"]
    assert {"events", "battles", "casualty_claims"} <= set(rep["counted"])


def test_by_year_matches_sql(run, conn):
    groups = by_key(report(run, "--by", "year"), "year")
    ok = certain_sql(conn)
    sql = (
        f"SELECT substr(date_start, 1, 4), COUNT(*), SUM(event_type = 'battle') FROM events"
        f" WHERE date_start IS NOT NULL AND {ok} GROUP BY 1"
    )
    expected = {y: (n, b) for y, n, b in conn.execute(sql)}
    got = {k[0]: (g["events"], g["battles"]) for k, g in groups.items() if k[0] is not None}
    assert {y: v for y, v in got.items() if v != (0, 0)} == expected
    undated = conn.execute("SELECT COUNT(*) FROM events WHERE date_start IS NULL").fetchone()[0]
    assert groups.get((None, "undated"), {"events": 0})["events"] == undated
    # the years between the first and the last are all there, the empty ones with zero
    years = [int(k[0]) for k in groups if k[0] is not None]
    assert years == list(range(min(years), max(years) + 1))


def test_by_month_keeps_year_only_dates_apart(run, conn):
    groups = by_key(report(run, "--by", "month"), "month")
    ok = certain_sql(conn)
    expected = dict(
        conn.execute(
            f"SELECT substr(date_start, 1, 7), COUNT(*) FROM events WHERE date_start IS NOT NULL AND {ok}"
            " AND date_precision IN ('month', 'day') GROUP BY 1"
        ).fetchall()
    )
    got = {k[0]: g["events"] for k, g in groups.items() if k[0] and len(k[0]) == 7 and g["events"]}
    assert got == expected
    year_only = dict(
        conn.execute(
            f"SELECT substr(date_start, 1, 4), COUNT(*) FROM events WHERE date_precision = 'year' AND {ok}"
            " GROUP BY 1"
        ).fetchall()
    )
    for year, n in year_only.items():
        assert groups[(year, f"{year}, month not stated")]["events"] == n


def test_by_actor_counts_distinct_events_per_actor(run, conn):
    groups = by_key(report(run, "--by", "actor"), "actor")
    expected = dict(
        conn.execute(
            "SELECT actor_id, COUNT(DISTINCT event_id) FROM event_actors WHERE actor_id IS NOT NULL GROUP BY 1"
        ).fetchall()
    )
    assert {k[0]: g["events"] for k, g in groups.items() if k[0]} == expected
    none = conn.execute(
        "SELECT COUNT(*) FROM events e WHERE NOT EXISTS"
        " (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND a.actor_id IS NOT NULL)"
    ).fetchone()[0]
    assert groups[(None, "no actor named")]["events"] == none
    # largest first
    counts = [g["events"] for k, g in groups.items() if k[0]]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("dim,column", [("place", "place_id"), ("kind", "kind")])
def test_by_place_and_kind_match_sql(run, conn, dim, column):
    groups = by_key(report(run, "--by", dim), dim)
    expected = dict(conn.execute(f"SELECT {column}, COUNT(*) FROM events GROUP BY 1").fetchall())
    assert {k[0]: g["events"] for k, g in groups.items()} == expected


def test_by_region_takes_the_region_of_the_place(run, conn):
    groups = by_key(report(run, "--by", "region"), "region")
    expected = dict(
        conn.execute(
            "SELECT CASE WHEN p.region IS NOT NULL THEN p.region WHEN p.kind = 'region' THEN p.name END,"
            " COUNT(*) FROM events e LEFT JOIN places p ON p.id = e.place_id GROUP BY 1"
        ).fetchall()
    )
    assert {k[0]: g["events"] for k, g in groups.items()} == expected
    assert expected.get("Kidal Region"), "the seeds have events in the Kidal Region"


def test_filters_are_those_of_search(run):
    found = json.loads(run("search", "--actor", "JNIM", "--limit", "100000", "--json").stdout)
    rep = report(run, "--actor", "JNIM", "--by", "kind")
    assert rep["totals"]["events"] == len(found) > 0
    assert sum(g["events"] for g in rep["groups"]) == len(found)
    assert rep["filters"] == {"actor": ["JNIM"]}
    text = json.loads(run("search", "Timbuktu", "--date", "2013", "--limit", "100000", "--json").stdout)
    assert report(run, "Timbuktu", "--date", "2013")["totals"]["events"] == len(text) > 0


def test_cross_table_cells_match_sql(run, conn):
    rep = report(run, "--by", "kind", "--by", "year")
    ok = certain_sql(conn)
    expected = {
        (k, y): n
        for k, y, n in conn.execute(
            f"SELECT kind, substr(date_start, 1, 4), COUNT(*) FROM events WHERE date_start IS NOT NULL"
            f" AND {ok} GROUP BY 1, 2"
        )
    }
    got = {(g["kind"], g["year"]): g["events"] for g in rep["groups"] if g["year"]}
    assert got == expected
    assert sum(m["events"] for m in rep["margins"]["kind"]) == rep["totals"]["events"]


def test_casualty_claims_match_the_figures_table(run, conn):
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    rep = report(run)
    if "figures" not in tables:
        assert "not counted" in rep["counted"]["casualty_claims"]
        pytest.skip("this database has no figures table yet")
    q = ",".join("?" * len(CASUALTY_CATEGORIES))
    n = conn.execute(f"SELECT COUNT(*) FROM figures WHERE category IN ({q})", CASUALTY_CATEGORIES).fetchone()[
        0
    ]
    assert rep["totals"]["casualty_claims"] == n > 0
    assert "never added" in rep["counted"]["casualties"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_casualty_sums_never_add_claims_about_the_same_losses(case):
    claims: dict[str, list] = {}
    for c in case["claims"]:
        scope = tuple(c["scope"]) if c["scope"] else None
        span = stats.claim_span(c["low"], c["high"], c["qualifier"])
        statement = (c["statement"],) if "statement" in c else (c["root"], len(claims.get(c["root"], [])))
        claims.setdefault(c["root"], []).append(
            stats.Claim(c["root"], c["category"], scope, c["population"], span, statement)
        )
    facts = [
        stats.Fact(
            id=root,
            type="battle",
            kind="battle",
            start=None,
            precision=None,
            certain=True,
            place=None,
            region=None,
            root=root,
        )
        for root in claims
    ]
    got = stats.casualties(facts, claims)
    for key, want in case["expected"].items():
        assert got[key] == want, key


def test_terminal_table_says_what_was_counted(run):
    result = run("stats", "--by", "actor", "--top", "5")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Events by actor")
    assert "█" in out and "Counted" in out and "smaller groups not shown" in out
    table = out.split("\n\n")[1].splitlines()
    assert len(table) == 2 + 5  # header, rule, five groups


def test_cross_table_on_a_narrow_terminal_says_what_is_hidden(run):
    result = run("stats", "--by", "year", "--by", "actor", env={"COLUMNS": "60"})
    assert result.exit_code == 0
    assert "more actor columns" in result.stdout
    table = result.stdout.split("\n\n")[1].splitlines()
    assert table[0].startswith("Events per year (rows) and actor (columns)")
    assert max(len(line) for line in table[1:]) <= 60


def test_csv_has_one_row_per_group(run):
    rep = report(run, "--by", "kind")
    result = run("stats", "--by", "kind", "--csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["kind"] for r in rows] == [g["kind"] for g in rep["groups"]]
    assert [int(r["events"]) for r in rows] == [g["events"] for g in rep["groups"]]


@pytest.mark.parametrize(
    "args",
    [
        ["--by", "weekday"],
        ["--by", "year", "--by", "actor", "--by", "kind"],
        ["--json", "--csv"],
        ["--top", "0"],
    ],
)
def test_usage_errors(run, args):
    result = run("stats", *args)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""


def test_dimensions_of_the_command_are_those_of_the_module():
    from malicli.cli import STATS_DIMENSIONS

    assert STATS_DIMENSIONS == stats.DIMENSIONS


@pytest.mark.parametrize("dim", ["year", "month"])
def test_a_year_the_text_leaves_open_is_never_grouped_under_a_guess(dim):
    fact = stats.Fact(
        id="x",
        type="timeline",
        kind="event",
        start="2014-03-02",
        precision="day",
        certain=False,
        place=None,
        region=None,
        root="x",
    )
    assert stats.keys_of(fact, dim) == [(None, "year not certain", (1, ""))]
    sure = stats.Fact(
        id="y",
        type="timeline",
        kind="event",
        start="2014-03-02",
        precision="day",
        certain=True,
        place=None,
        region=None,
        root="y",
    )
    assert stats.keys_of(sure, dim)[0][0] == ("2014" if dim == "year" else "2014-03")
