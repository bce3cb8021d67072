"""News items: each document of tests/docs/news/ is read and compared with its expected record
in tests/data/news/ (same name, .json): the events in order (the main incident, further
incidents, background events), each with its date (start, end, precision, rule, certain and,
for an open year, the candidates), its place, its actors with their roles and every figure
with its claimant. Datelines, date lines, tags and credits of many agencies are read from
tests/data/news_lines.json. Nothing here is derived from the code under test."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from malicli.build import build
from malicli.sources import UnknownFormat, detect, newswire
from malicli.sources.dateline import agency_tag, is_credit_line, is_signature, read_date_line, read_dateline

TESTS = Path(__file__).resolve().parent
DOCS = TESTS / "docs" / "news"
DATA = TESTS / "data" / "news"
LINES = json.loads((TESTS / "data" / "news_lines.json").read_text(encoding="utf-8"))
NAMES = sorted(p.stem for p in DOCS.glob("*.txt"))


def expected(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def parsed(name: str):
    return newswire.parse((DOCS / f"{name}.txt").read_text(encoding="utf-8"))


def test_every_document_has_its_record_and_back():
    assert len(NAMES) >= 10
    assert NAMES == sorted(p.stem for p in DATA.glob("*.json"))


@pytest.mark.parametrize("name", NAMES)
def test_recognised_as_news(name):
    text = (DOCS / f"{name}.txt").read_text(encoding="utf-8")
    assert detect(text) is newswire
    assert newswire.score(text) >= 0.9 or expected(name).get("weak")


def test_a_text_of_no_known_format_is_still_reported():
    """A short text about a market: no dateline, no tag, no incident; no reader takes it."""
    text = (TESTS / "docs" / "not-news" / "market-report.txt").read_text(encoding="utf-8")
    assert newswire.score(text) == 0.0
    with pytest.raises(UnknownFormat):
        detect(text)


@pytest.mark.parametrize("path", sorted((TESTS / "docs" / "not-news").glob("*.txt")), ids=lambda p: p.stem)
def test_pieces_that_are_no_dispatch_are_not_read_as_news(path):
    """A market report, an opinion column that recalls an ambush: no news item, whatever they recall."""
    text = path.read_text(encoding="utf-8")
    assert newswire.score(text) == 0.0
    try:
        assert detect(text) is not newswire
    except UnknownFormat:
        pass


def _claimant(text: str | None) -> str | None:
    """Claimants compare without case and without a leading article."""
    return re.sub(r"^(?:the)\s+", "", text.strip(), flags=re.I).lower() if text else None


def _date_matches(got, want: dict) -> None:
    assert (got.precision, got.rule, got.certain) == (want["precision"], want["rule"], want["certain"])
    for key in ("start", "end"):
        value, pattern = getattr(got, key), want[key]
        if pattern is None:
            assert value is None, (key, value)
            assert got.reason, "an unresolved date says why"
        elif pattern.startswith("????"):
            assert value is not None and value[4:] == pattern[4:], (key, value, pattern)
        else:
            assert value == pattern, (key, value, pattern)
    if "year_candidates" in want:
        first = int(want["year_candidates"].rstrip("-"))
        mmdd = want["end"][4:]
        last = date.today().year
        if f"{last}{mmdd}" > date.today().isoformat():
            last -= 1  # the dispatch cannot be dated after today
        assert list(got.year_candidates) == list(range(first, last + 1))
        assert got.start[:4] == str(last), "the reading of an open year is its latest candidate"
        assert got.reason


def _place_matches(event, want: dict) -> None:
    assert (event.place_id, event.place_text, event.place_qualifier) == (
        want["id"],
        want["text"],
        want["qualifier"],
    )
    if "region" in want:
        assert event.region_text == want["region"]
    if "others" in want:
        assert event.other_place_ids[: len(want["others"])] == want["others"]
    if "other_texts" in want:  # further towns the gazetteer lacks, as written
        assert event.other_place_texts == want["other_texts"]


def _actors_match(event, want: dict) -> None:
    got = {p.actor_id: p for p in event.participants if p.actor_id}
    assert sorted(got) == sorted(want), [(p.actor_id, p.role) for p in event.participants]
    for actor, role in want.items():
        if isinstance(role, dict):
            assert (got[actor].role, got[actor].claimed_by) == (role["role"], role["claimed_by"])
        else:
            assert got[actor].role == role, (actor, got[actor].role)


def _figure_key(f: dict) -> tuple:
    return (
        f["category"],
        f["low"],
        f["high"],
        f["qualifier"],
        f["population"],
        f["actor"],
        _claimant(f["claimant"]),
        f["claimant_actor"],
        f["line"],
    )


def _figures_match(event, want: list[dict]) -> None:
    got = [
        {
            "category": f.category,
            "low": f.low,
            "high": f.high,
            "qualifier": f.qualifier,
            "population": f.population,
            "actor": f.actor_id,
            "claimant": f.claimant,
            "claimant_actor": f.claimant_actor_id,
            "line": f.line,
            "note": f.note,
        }
        for f in event.figures
    ]
    assert Counter(map(_figure_key, got)) == Counter(map(_figure_key, want)), got
    for w in want:
        if "note" in w:
            assert any(_figure_key(g) == _figure_key(w) and g["note"] == w["note"] for g in got), w


@pytest.mark.parametrize("name", NAMES)
def test_news_item_record(name):
    want = expected(name)
    doc = parsed(name)
    assert doc.format == want["format"]
    assert doc.title == want["title"], "the headline is the title"
    assert [(e.event_type, e.line_start) for e in doc.events] == [
        (w["type"], w["line"]) for w in want["events"]
    ]
    for event, w in zip(doc.events, want["events"]):
        where = f"{name}: {w['type']} at line {w['line']}"
        if w["type"] == "incident":
            assert event.name == w["name"], where
            assert event.name_rule == "derived"
        _date_matches(event.date, w["date"])
        _place_matches(event, w["place"])
        _actors_match(event, w["actors"])
        if "unnamed" in w:  # attackers named without a group: the role kept, the actor unknown
            unnamed = [(p.as_written, p.role) for p in event.participants if p.actor_id is None]
            assert unnamed == [(a, "attacker") for a in w["unnamed"]], where
        _figures_match(event, w["figures"])


@pytest.mark.parametrize("name", NAMES)
def test_no_dateline_city_and_no_guessed_year(name):
    want, doc = expected(name), parsed(name)
    for event in doc.all_events():
        assert event.place_id not in want["never_places"], (event.summary, event.place_id)
        assert event.date.start is None or event.date.certain or event.date.year_candidates
        if event.name and not event.date.certain:
            assert not re.search(r"\b(?:19|20)\d\d\b", event.name), "an open year is not written in a name"
    incidents = [e.name for e in doc.events if e.event_type == "incident"]
    assert len(incidents) == len(set(incidents)), "each incident of an item has a name of its own"


@pytest.mark.parametrize("name", NAMES)
def test_headline_is_no_incident(name):
    doc, text = parsed(name), (DOCS / f"{name}.txt").read_text(encoding="utf-8")
    if doc.title is None:
        return
    headline_line = text.splitlines().index(doc.title) + 1
    assert all(e.line_start != headline_line for e in doc.all_events())
    assert all(f.line != headline_line for e in doc.all_events() for f in e.figures)


# ---------------------------------------------------------------- the lines around a dispatch


@pytest.mark.parametrize("case", LINES["datelines"], ids=lambda c: c["line"][:40])
def test_dateline_styles(case):
    found = read_dateline(case["line"])
    if case.get("city") is None and case.get("agency") is None and case.get("date") is None:
        assert found is None
        return
    assert found is not None
    assert (found.city, found.country, found.agency, found.date_text) == (
        case.get("city"),
        case.get("country"),
        case.get("agency"),
        case.get("date"),
    )
    assert case["line"][found.end :].strip() == case["prose"]


@pytest.mark.parametrize("case", LINES["date_lines"], ids=lambda c: c["line"][:40])
def test_date_lines(case):
    found = read_date_line(case["line"])
    if case["date"] is None:
        assert found is None
    else:
        assert found is not None and (found.value.start, found.weak) == (
            case["date"],
            case.get("weak", False),
        )


@pytest.mark.parametrize("case", LINES["closing_lines"], ids=lambda c: c["line"][:40])
def test_tags_credits_signatures(case):
    line = case["line"]
    span = agency_tag(line)
    got = {
        "tag": line[span[0] : span[1]].strip() if span else None,
        "credit": is_credit_line(line),
        "signature": is_signature(line),
    }
    assert got == {
        "tag": case.get("tag"),
        "credit": case.get("credit", False),
        "signature": case.get("signature", False),
    }


# ---------------------------------------------------------------- the seed wire and the database

SEED = TESTS.parent / "seeds" / "apa-wire-2025-06.txt"


def test_seed_wire_incidents_have_distinct_names_and_the_weekday_day():
    doc = newswire.parse(SEED.read_text(encoding="utf-8"))
    incidents = [e for e in doc.events if e.event_type == "incident"]
    names = [e.name for e in incidents]
    assert len(names) == len(set(names)) and all(names)
    dated = [e for e in incidents if e.date.rule == "year_from_weekday"]
    places = {e.place_id for e in dated}
    assert {"san", "niena", "kolokani", "kossi-province", "soum-province"} == places
    for e in dated:
        assert (e.date.start, e.date.end, e.date.precision) == ("2025-06-01", "2025-06-01", "day")
        assert e.quote.startswith("On Sunday, June 1")
    between = {e.place_id: e.other_place_ids for e in dated if e.place_qualifier == "between"}
    assert between == {"san": ["kimbala"], "niena": ["komani"], "kolokani": ["djedjeni"]}


def test_news_items_in_the_database(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("europapress-four-tolls", "ani-no-year", "urdupoint-days-ago"):
        (folder / f"{name}.txt").write_text(
            (DOCS / f"{name}.txt").read_text(encoding="utf-8"), encoding="utf-8"
        )
    report = build(tmp_path / "db.sqlite", [folder])
    assert not report.skipped
    import sqlite3

    conn = sqlite3.connect(report.path)
    conn.row_factory = sqlite3.Row
    strike = conn.execute("SELECT * FROM events WHERE name LIKE 'Drone strike in Amasrakad%'").fetchone()
    assert strike["place_id"] == "amasrakad" and strike["date_start"] == "2024-03-17"
    place = conn.execute("SELECT * FROM places WHERE id = 'amasrakad'").fetchone()
    assert (place["origin"], place["region"]) == ("text", "Gao Region")
    claims = conn.execute(
        "SELECT claimant_text, low FROM figures WHERE event_id = ? AND category = 'killed' ORDER BY low",
        [strike["id"]],
    ).fetchall()
    assert [(c["claimant_text"], c["low"]) for c in claims] == [
        ("Human Rights Watch", 8),
        ("a local member of parliament", 13),
        ("The Azawad Liberation Front (FLA)", 21),
        ("a retired army colonel from the region", 40),
    ]
    bus = conn.execute(
        "SELECT * FROM events WHERE source_id LIKE 'ani-no-year%' AND event_type = 'incident'"
    ).fetchone()
    assert bus["date_certain"] == 0 and json.loads(bus["date_candidates"])[0] == 2012
    assert bus["date_earliest"] == "2012-09-13"
    # "between Douentza and Boni": the town the gazetteer lacks is a place of the event too
    kidnap = conn.execute("SELECT id FROM events WHERE name LIKE 'Kidnapping in Douentza%'").fetchone()
    places = conn.execute(
        "SELECT ep.place_id, ep.role, p.origin FROM event_places ep JOIN places p ON p.id = ep.place_id"
        " WHERE ep.event_id = ? ORDER BY ep.rank",
        [kidnap["id"]],
    ).fetchall()
    assert [tuple(p) for p in places] == [("douentza", "primary", "gazetteer"), ("boni", "other", "text")]
