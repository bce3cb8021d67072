"""Every place of an event, mentions apart from participants, and years bounded by the text,
on the database built from the seeds.

The seed overview says "On 17 January, attacks in Aguelhok and Tessalit were reported": one
event at two places, found under either. It says the junta "requested that MINUSMA peacekeepers
withdraw from Mali" on 16 June 2023: MINUSMA is only mentioned there, and the peacekeepers'
deaths the text dates without a year cannot fall after 2023.
"""

from __future__ import annotations

import json

import pytest

from malicli.query import MENTION_ROLES

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
        if i["date"]["rule"] != "explicit":
            assert i["date"]["certain"] is False and max(i["date"]["candidates"]) <= 2023, i
    text = run("search", "--actor", "MINUSMA", "--from", "2016").stdout
    assert "-10-23?" in text  # shown as uncertain, never as a stated date
