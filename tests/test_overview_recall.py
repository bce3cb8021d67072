"""Recall of the dated-text reader on the seed overview, against a list written by reading it.

tests/data/overview_events.json lists the dated events of seeds/mali-war-overview.txt with the
date a careful reader fixes, the place where each happened and the actors it names. The reader
must find at least 97% of the events whose year the text fixes, with the right date and a
certain year; every event whose year the text leaves open must be shown as uncertain; and the
place and the actors must be right in at least 97% of the events found.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from malicli.sources import parse
from malicli.sources.records import Event

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "overview_events.json"
EXPECTED = json.loads(DATA.read_text(encoding="utf-8"))["events"]
THRESHOLD = 0.97
_PRECISION = {10: "day", 7: "month", 4: "year"}


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return parse((ROOT / "seeds" / "mali-war-overview.txt").read_text(encoding="utf-8")).events


def _date_right(e: Event, exp: dict) -> bool:
    d, want = e.date, exp["date"]
    if not d.start:
        return False
    if exp.get("fixable", True) is False:
        return not d.certain and d.start[5:].startswith(want)
    if not d.certain or not d.start.startswith(want):
        return False
    if exp.get("precision") != "any" and d.precision != _PRECISION[len(want)]:
        return False
    return "end" not in exp or d.end == exp["end"]


def _candidates(events: list[Event], exp: dict) -> list[Event]:
    line, fragment = exp["line"], exp["contains"]
    return [
        e
        for e in events
        if e.line_start <= line <= e.line_end and (fragment in e.quote or fragment in (e.summary or ""))
    ]


def _match(events: list[Event], exp: dict) -> tuple[Event | None, bool]:
    """The event told by the expected sentence (the one with the right date if several), and
    whether its date is right."""
    found = _candidates(events, exp)
    right = [e for e in found if _date_right(e, exp)]
    if right:
        return right[0], True
    return (found[0] if found else None), False


def _place_right(e: Event, exp: dict) -> bool:
    allowed = exp["place"] if isinstance(exp["place"], list) else [exp["place"]]
    return e.place_id in allowed


def _actors_right(e: Event, exp: dict) -> bool:
    named = {p.actor_id for p in e.participants if p.actor_id}
    return set(exp["actors"]) <= named <= set(exp["actors"]) | set(exp.get("also", []))


def _describe(e: Event | None) -> str:
    if e is None:
        return "no event"
    d = e.date
    named = sorted({p.actor_id for p in e.participants if p.actor_id})
    return f"{d.start}{'' if d.certain else '?'} {d.precision} {d.rule} | {e.place_id} | {named}"


def score(events: list[Event]) -> dict:
    """Recall (of the events whose year the text fixes), shares of right places and actors (of
    the events found), and what went wrong, in words."""
    misses, wrong_place, wrong_actors = [], [], []
    found = missed_fixable = 0
    for exp in EXPECTED:
        e, right = _match(events, exp)
        label = f"line {exp['line']} {exp['contains']!r} {exp['date']}"
        if not right:
            misses.append(f"{label}: {_describe(e)}")
            missed_fixable += exp.get("fixable", True) is not False
        if e is None:
            continue
        found += 1
        if not _place_right(e, exp):
            wrong_place.append(f"{label}: {e.place_id} (want {exp['place']})")
        if not _actors_right(e, exp):
            wrong_actors.append(f"{label}: {_describe(e)} (want {exp['actors']} + {exp.get('also', [])})")
    fixable = sum(1 for x in EXPECTED if x.get("fixable", True) is not False)
    return {
        "recall": 1 - missed_fixable / fixable,
        "places": 1 - len(wrong_place) / max(found, 1),
        "actors": 1 - len(wrong_actors) / max(found, 1),
        "misses": misses,
        "wrong_place": wrong_place,
        "wrong_actors": wrong_actors,
    }


def test_the_list_was_written_from_the_text():
    lines = (ROOT / "seeds" / "mali-war-overview.txt").read_text(encoding="utf-8").splitlines()
    assert len(EXPECTED) >= 150
    for exp in EXPECTED:
        assert exp["contains"] in lines[exp["line"] - 1], exp


def test_recall_of_dated_events(events):
    s = score(events)
    assert s["recall"] >= THRESHOLD, f"recall {s['recall']:.1%}:\n" + "\n".join(s["misses"])


def test_every_open_year_is_shown_uncertain(events):
    for exp in EXPECTED:
        if exp.get("fixable", True) is False:
            e, right = _match(events, exp)
            assert e is not None and right, (exp, _describe(e))


@pytest.mark.parametrize("what", ["places", "actors"])
def test_places_and_actors(events, what):
    s = score(events)
    wrong = s[f"wrong_{'place' if what == 'places' else 'actors'}"]
    assert s[what] >= THRESHOLD, f"{what} right in {s[what]:.1%}:\n" + "\n".join(wrong)
