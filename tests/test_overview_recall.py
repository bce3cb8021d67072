"""Recall of the readers on every seed, against lists written by reading the seeds.

tests/data/overview_events.json lists the dated events of seeds/mali-war-overview.txt, and
tests/data/seed_events/<seed>.json those of each other seed, with the date a careful reader
fixes, the place where each happened and the actors it names. For each seed the readers must
find at least 97% of the events whose year the text fixes, with the right date and a certain
year; every event whose year the text leaves open must be shown as uncertain; and the place and
the actors must be right in at least 97% of the events found.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from malicli.sources import parse
from malicli.sources.records import Event

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LISTS = {"mali-war-overview.txt": DATA / "overview_events.json"} | {
    json.loads(p.read_text(encoding="utf-8"))["seed"]: p
    for p in sorted((DATA / "seed_events").glob("*.json"))
}
EXPECTED = {seed: json.loads(p.read_text(encoding="utf-8"))["events"] for seed, p in LISTS.items()}
# (seed, measure) known to fall short, and why: strict, so that the mark must go when it is fixed
NOT_YET: dict[tuple[str, str], str] = {}
THRESHOLD = 0.97
_PRECISION = {10: "day", 7: "month", 4: "year"}


def _seed_params(measure: str) -> list:
    return [
        pytest.param(
            seed,
            marks=[pytest.mark.xfail(reason=NOT_YET[seed, measure], strict=True)]
            if (seed, measure) in NOT_YET
            else [],
        )
        for seed in LISTS
    ]


@pytest.fixture(scope="module")
def parsed() -> dict[str, list[Event]]:
    return {
        seed: list(parse((ROOT / "seeds" / seed).read_text(encoding="utf-8")).all_events()) for seed in LISTS
    }


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
    if right:  # one sentence, several events (one per place): the one at the expected place
        return next((e for e in right if _place_right(e, exp)), right[0]), True
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


def score(events: list[Event], expected: list[dict]) -> dict:
    """Recall (of the events whose year the text fixes), shares of right places and actors (of
    the events found with the right date), and what went wrong, in words."""
    misses, wrong_place, wrong_actors = [], [], []
    found = missed_fixable = 0
    for exp in expected:
        e, right = _match(events, exp)
        label = f"line {exp['line']} {exp['contains']!r} {exp['date']}"
        if not right:
            misses.append(f"{label}: {_describe(e)}")
            missed_fixable += exp.get("fixable", True) is not False
            continue  # another event of the sentence is not the one expected: no place or actors to judge
        found += 1
        if not _place_right(e, exp):
            wrong_place.append(f"{label}: {e.place_id} (want {exp['place']})")
        if not _actors_right(e, exp):
            wrong_actors.append(f"{label}: {_describe(e)} (want {exp['actors']} + {exp.get('also', [])})")
    fixable = sum(1 for x in expected if x.get("fixable", True) is not False)
    return {
        "recall": 1 - missed_fixable / fixable,
        "places": 1 - len(wrong_place) / max(found, 1),
        "actors": 1 - len(wrong_actors) / max(found, 1),
        "misses": misses,
        "wrong_place": wrong_place,
        "wrong_actors": wrong_actors,
    }


def test_the_lists_were_written_from_the_texts():
    assert set(LISTS) == {p.name for p in (ROOT / "seeds").glob("*.txt")}, "a seed has no list"
    assert len(EXPECTED["mali-war-overview.txt"]) >= 150
    for seed, expected in EXPECTED.items():
        lines = (ROOT / "seeds" / seed).read_text(encoding="utf-8").splitlines()
        assert expected, seed
        for exp in expected:
            assert exp["contains"] in lines[exp["line"] - 1], (seed, exp)


@pytest.mark.parametrize("seed", _seed_params("recall"))
def test_recall_of_dated_events(parsed, seed):
    s = score(parsed[seed], EXPECTED[seed])
    assert s["recall"] >= THRESHOLD, f"{seed}: recall {s['recall']:.1%}:\n" + "\n".join(s["misses"])


@pytest.mark.parametrize("seed", _seed_params("open years"))
def test_every_open_year_is_shown_uncertain(parsed, seed):
    for exp in EXPECTED[seed]:
        if exp.get("fixable", True) is False:
            e, right = _match(parsed[seed], exp)
            assert e is not None and right, (seed, exp, _describe(e))


@pytest.mark.parametrize("seed", _seed_params("places"))
def test_places(parsed, seed):
    s = score(parsed[seed], EXPECTED[seed])
    assert s["places"] >= THRESHOLD, f"{seed}: places right in {s['places']:.1%}:\n" + "\n".join(
        s["wrong_place"]
    )


@pytest.mark.parametrize("seed", _seed_params("actors"))
def test_actors(parsed, seed):
    s = score(parsed[seed], EXPECTED[seed])
    assert s["actors"] >= THRESHOLD, f"{seed}: actors right in {s['actors']:.1%}:\n" + "\n".join(
        s["wrong_actors"]
    )


def test_open_years_keep_the_text_order(parsed):
    """Dates whose year the text leaves open, on neighbouring lines, are shown in the text's order
    (their likeliest years do not make a later line earlier), and stay uncertain."""
    for seed, expected in EXPECTED.items():
        run: list[tuple[int, str]] = []
        for exp in [x for x in expected if x.get("fixable", True) is False] + [{"line": 10**9}]:
            e = _match(parsed[seed], exp)[0] if "contains" in exp else None
            if run and exp["line"] - run[-1][0] > 1:
                shown = [start for _, start in run]
                assert shown == sorted(shown), (seed, run)
                run = []
            if e is not None and e.date.start:
                assert not e.date.certain, (seed, exp)
                run.append((exp["line"], e.date.start))
