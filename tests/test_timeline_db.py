"""Every place of an event, mentions apart from participants, and years bounded by the text or
fixed by another document, on the database built from the seeds.

The seed overview says "On 17 January, attacks in Aguelhok and Tessalit were reported": one
event at two places, found under either. It says the junta "requested that MINUSMA peacekeepers
withdraw from Mali" on 16 June 2023: MINUSMA is only mentioned there, and the peacekeepers'
deaths the text dates without a year cannot fall after 2023; one of them, at Tessalit on
23 October, is the battle another seed dates 23 October 2013.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from malicli.query import MENTION_ROLES

from .conftest import DOCS

TWO_TOWNS = "attacks in Aguelhok and Tessalit"
WITHDRAWAL = "requested that MINUSMA peacekeepers withdraw"


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _one(items: list[dict], fragment: str) -> dict:
    found = [i for i in items if fragment in (i["summary"] or "")]
    assert len(found) == 1, [i["summary"] for i in items]
    return found[0]


def test_event_places_rows_hold(conn):
    assert not conn.execute("PRAGMA foreign_key_check(event_places)").fetchall()
    missing = conn.execute(
        "SELECT e.id FROM events e WHERE e.place_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
        " event_places p WHERE p.event_id = e.id AND p.place_id = e.place_id AND p.role = 'primary')"
    ).fetchall()
    assert not missing, "an event's own place is its primary place"
    wrong = conn.execute(
        "SELECT p.event_id FROM event_places p JOIN events e ON e.id = p.event_id"
        " WHERE p.role = 'primary' AND p.place_id IS NOT e.place_id"
    ).fetchall()
    assert not wrong
    assert conn.execute("SELECT COUNT(*) FROM event_places WHERE role = 'other'").fetchone()[0] >= 5


@pytest.mark.parametrize("town,primary", [("Aguelhok", True), ("Tessalit", False)])
def test_an_event_is_found_at_each_of_its_places(run, town, primary):
    item = _one(as_json(run("search", "--place", town, "--json")), TWO_TOWNS)
    assert item["place"]["id"] == "aguelhok"
    assert item["other_places"] == ["tessalit"]
    shown = as_json(run("place", "show", town, "--json"))
    assert _one(shown["events"], TWO_TOWNS)["id"] == item["id"]
    timeline = as_json(run("timeline", "--place", town, "--date", "2012-01", "--json"))
    assert item["id"] in {i["id"] for i in timeline}


def test_a_place_of_another_region_does_not_take_the_event(run):
    assert not [i for i in as_json(run("search", "--place", "Gao", "--json")) if TWO_TOWNS in i["summary"]]


@pytest.mark.parametrize("command", [("search",), ("timeline",)])
def test_mentions_only_with_the_option(run, command):
    plain = as_json(run(*command, "--actor", "MINUSMA", "--json"))
    assert not [i for i in plain if WITHDRAWAL in (i["summary"] or "")]
    wide = as_json(run(*command, "--actor", "MINUSMA", "--with-mentions", "--json"))
    _one(wide, WITHDRAWAL)
    assert {i["id"] for i in plain} < {i["id"] for i in wide}


def test_actor_show_leaves_mentions_out_unless_asked(run):
    plain = as_json(run("actor", "show", "MINUSMA", "--json"))
    assert plain["events"] and not [e for e in plain["events"] if e["role"] in MENTION_ROLES]
    assert plain["mentions_left_out"] >= 1
    wide = as_json(run("actor", "show", "MINUSMA", "--with-mentions", "--json"))
    assert [e for e in wide["events"] if e["role"] in MENTION_ROLES]
    assert wide["mentions_left_out"] == 0
    text = run("actor", "show", "MINUSMA").stdout
    assert "--with-mentions" in text


@pytest.mark.parametrize("command", [("search",), ("timeline",), ("actor", "show")])
def test_the_option_is_documented(run, command):
    assert "--with-mentions" in run(*command, "--help").stdout


def test_no_peacekeeper_death_after_the_mission_left(run):
    items = as_json(run("search", "--actor", "MINUSMA", "--json"))
    for i in items:
        d = i["date"]
        if d["start"] and i["type"] == "timeline":
            assert d["start"][:4] <= "2023" or d["certain"] is False, i["summary"]
    peacekeepers = [i for i in items if "Chadian" in (i["summary"] or "") and "peacekeeper" in i["summary"]]
    assert len(peacekeepers) >= 4
    for i in peacekeepers:
        d = i["date"]
        if d["rule"] == "year_from_other_source":
            assert d["certain"] is True and d["start"][:4] <= "2023", i
        elif d["rule"] != "explicit":
            assert d["certain"] is False and max(d["candidates"]) <= 2023, i
    text = run("search", "--actor", "MINUSMA", "--from", "2016").stdout
    assert "-06-11?" in text  # shown as uncertain, never as a stated date


TESSALIT = "two Chadian peacekeepers were killed in an attack in Tessalit"


def test_a_year_left_open_is_fixed_by_another_document(run, conn):
    """The overview's "On 23 October" at Tessalit, with Chadian peacekeepers, is the battle the
    Kidal page dates 23 October 2013: only 2013 of the candidates agrees."""
    item = _one(as_json(run("search", "--place", "Tessalit", "--json")), TESSALIT)
    d = item["date"]
    assert (d["start"], d["certain"], d["rule"]) == ("2013-10-23", True, "year_from_other_source")
    assert "second-battle-of-kidal-mirror.txt" in d["reason"]
    assert item["battle_id"] == "battle-of-tessalit-october-2013"
    row = conn.execute("SELECT partner_id FROM build_year_links WHERE event_id = ?", (item["id"],)).fetchone()
    assert row["partner_id"] == item["battle_id"]


YEARS = DOCS / "years"  # a chronicle with "On 14 May" at Tessalit, a report dating it 14 May 2021


def _built(db, folder) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute(
            "SELECT date_start, date_certain, date_rule FROM events WHERE quote LIKE ?",
            ("%two Chadian peacekeepers were killed by a mine%",),
        ).fetchall()


def test_a_year_from_another_document_comes_and_goes_with_it(tmp_path):
    from benchmarks.compare import differences
    from malicli.build import build

    folder = tmp_path / "docs"
    folder.mkdir()
    for doc in YEARS.glob("*.txt"):
        (folder / doc.name).write_bytes(doc.read_bytes())
    db, full = tmp_path / "updated.db", tmp_path / "full.db"
    build(db, [folder])
    assert _built(db, folder) == [("2021-05-14", 1, "year_from_other_source")]
    (folder / "mine-report.txt").unlink()
    build(db, [folder])
    build(full, [folder], full=True)
    assert not differences(db, full)
    assert _built(db, folder) == [("2023-05-14", 0, "year_from_context")]  # open again: 2019-2023
    (folder / "mine-report.txt").write_bytes((YEARS / "mine-report.txt").read_bytes())
    build(db, [folder])
    build(full, [folder], full=True)
    assert not differences(db, full)
    assert _built(db, folder) == [("2021-05-14", 1, "year_from_other_source")]
