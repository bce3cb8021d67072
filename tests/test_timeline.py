"""The dated-text reader (malicli/sources/timeline.py), tried on cases written as data.

tests/data/timeline_cases.json: a sentence or a short passage and what a careful
reader takes from it (dates with their rule and certainty, places, actors with
roles, how many events). tests/docs/timeline/: whole documents of three kinds
(a timeline page, an encyclopedia excerpt, an analysis piece), each with its
expected events in tests/data/timeline/<name>.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from malicli.sources import datedtext, detect, parse

DATA = Path(__file__).resolve().parent / "data"
DOCS = Path(__file__).resolve().parent / "docs" / "timeline"
CASES = json.loads((DATA / "timeline_cases.json").read_text(encoding="utf-8"))
DOC_NAMES = sorted(p.stem for p in DOCS.glob("*.txt"))


def _described(events) -> list[tuple]:
    return [(e.line_start, e.date.start, e.date.rule, e.summary[:60]) for e in events]


def _find(events, expected: dict):
    found = [
        e
        for e in events
        if expected["contains"] in e.summary
        and ("start" not in expected or e.date.start == expected["start"])
        and ("line" not in expected or e.line_start == expected["line"])
    ]
    assert found, f"no event for {expected} in {_described(events)}"
    return found[0]


def _check(event, expected: dict) -> None:
    d = event.date
    for key in ("end", "precision", "rule", "certain"):
        if key in expected:
            assert getattr(d, key) == expected[key], (key, d)
    if "candidates" in expected:
        assert list(d.year_candidates) == expected["candidates"], d
    if "candidates_include" in expected:
        assert set(expected["candidates_include"]) <= set(d.year_candidates), d
    if not d.certain:
        assert d.year_candidates and d.reason, "an uncertain year keeps its candidates and its reason"
    if "place" in expected:
        assert event.place_id == expected["place"], (event.place_id, event.place_text)
    for key, attr in (
        ("place_text", "place_text"),
        ("qualifier", "place_qualifier"),
        ("place_rule", "place_rule"),
    ):
        if key in expected:
            assert getattr(event, attr) == expected[key], (key, getattr(event, attr))
    if "other_places" in expected:
        assert event.other_place_ids == expected["other_places"]
    roles = {p.actor_id: p.role for p in event.participants}
    for actor, role in expected.get("actors", {}).items():
        assert roles.get(actor) == role, (actor, roles)
    for actor in expected.get("no_actors", []):
        assert actor not in roles, (actor, roles)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_timeline_case(case):
    events = datedtext.parse(case["text"]).events
    if "events" in case:
        assert len(events) == case["events"], _described(events)
    for expected in case["expect"]:
        _check(_find(events, expected), expected)


def test_case_table_covers_the_points():
    assert len(CASES) >= 50
    rules = {e.get("rule") for c in CASES for e in c["expect"]}
    assert {"explicit", "relative", "year_from_heading", "year_from_order", "year_from_anchor"} <= rules
    assert any(e.get("certain") is False for c in CASES for e in c["expect"])
    assert sum(1 for c in CASES if c.get("events") == 0) >= 5  # non-events


@pytest.mark.parametrize("name", DOC_NAMES)
def test_timeline_document(name):
    text = (DOCS / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((DATA / "timeline" / f"{name}.json").read_text(encoding="utf-8"))
    assert detect(text).FORMAT == expected["format"]
    doc = parse(text)
    lines = text.splitlines()
    if "events" in expected:
        assert len(doc.events) == expected["events"], _described(doc.events)
    for exp in expected["expect"]:
        _check(_find(doc.events, exp), exp)
    for line, fragment in expected.get("not_events", []):
        assert fragment in lines[line - 1]
        assert not [e for e in doc.events if e.date_line == line and fragment in e.date.text], (
            line,
            fragment,
        )
    notes = {n.actor_id: n.description for n in doc.actor_notes}
    for actor, description in expected.get("actor_notes", {}).items():
        assert notes.get(actor) == description, notes


def test_documents_have_expectations():
    assert len(DOC_NAMES) >= 3
    for name in DOC_NAMES:
        assert (DATA / "timeline" / f"{name}.json").exists(), name
