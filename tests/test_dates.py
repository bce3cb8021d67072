"""Tests for malicli.dates: parsing date texts and finding dates in prose."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent

from malicli import dates  # noqa: E402
from malicli.dates import (  # noqa: E402
    PRECISIONS,
    DateContext,
    DateMention,
    DateValue,
    find_dates,
    parse_date,
    years_in,
)

DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"

PARSE_CASES = json.loads((DATA / "date_cases.json").read_text(encoding="utf-8"))
FIND_CASES = json.loads((DATA / "find_date_cases.json").read_text(encoding="utf-8"))


def _case_id(case: dict) -> str:
    parts = [repr(case["text"])]
    if case.get("context_year") is not None:
        parts.append(f"year={case['context_year']}")
    if case.get("years_in_text"):
        parts.append(f"years={case['years_in_text']}")
    if case.get("ongoing"):
        parts.append("ongoing")
    return " ".join(parts)


# ---------------------------------------------------------------------------
# Table-driven cases
# ---------------------------------------------------------------------------


def test_case_table_is_large_enough():
    assert len(PARSE_CASES) >= 50
    assert len(FIND_CASES) >= 20


@pytest.mark.parametrize("case", PARSE_CASES, ids=[_case_id(c) for c in PARSE_CASES])
def test_parse_date_cases(case):
    context = DateContext(
        default_year=case.get("context_year"),
        years_in_text=case.get("years_in_text", ()),
    )
    value = parse_date(case["text"], context, ongoing=case.get("ongoing", False))
    assert isinstance(value, DateValue)
    assert value.text == case["text"]
    got = dataclasses.asdict(value)
    for key, expected in case["expect"].items():
        assert got[key] == expected, f"{key}: {got}"


@pytest.mark.parametrize("case", FIND_CASES, ids=[c["sentence"][:50] for c in FIND_CASES])
def test_find_dates_cases(case):
    sentence = case["sentence"]
    mentions = find_dates(sentence)
    got = [{"text": m.text, "precision": m.precision, "has_year": m.has_year} for m in mentions]
    assert got == case["mentions"]
    for m in mentions:
        assert sentence[m.start : m.end] == m.text


# ---------------------------------------------------------------------------
# Details of the API
# ---------------------------------------------------------------------------


def test_unresolved_shape():
    value = parse_date("foo")
    assert value == DateValue(start=None, end=None, precision=None, text="foo", rule="unresolved")


def test_verbatim_text_is_kept():
    text = "  On the night of 11 January 2013, "
    value = parse_date(text)
    assert value.text == text
    assert (value.start, value.end) == ("2013-01-11", "2013-01-11")


def test_ongoing_flag_on_a_range_keeps_the_start():
    value = parse_date("16–21 May 2014", ongoing=True)
    assert (value.start, value.end, value.ongoing) == ("2014-05-16", None, True)


def test_no_context_never_guesses_a_year():
    for text in ("17 May", "On 17 May", "March 20", "early June", "Between 8 and 10 February"):
        assert parse_date(text).rule == "unresolved"
        assert parse_date(text, DateContext()).rule == "unresolved"


def test_context_year_prefers_last_seen_year():
    context = DateContext(default_year=2012, years_in_text=[2012, 2013])
    assert context.year == 2012
    assert parse_date("17 January", context).start == "2012-01-17"
    context.see_year(2013)
    assert context.year == 2013
    value = parse_date("17 January", context)
    assert (value.start, value.rule) == ("2013-01-17", "year_from_context")


def test_weekday_beats_context_year():
    # the wire names 2023 and 2024; 1 June is a Sunday only in 2025
    context = DateContext(years_in_text=[2023, 2024])
    context.see_year(2024)
    value = parse_date("On Sunday, June 1", context)
    assert (value.start, value.rule) == ("2025-06-01", "year_from_weekday")


def test_apa_wire_sunday_june_first():
    text = (SEEDS / "apa-wire-2025-06.txt").read_text(encoding="utf-8")
    context = DateContext(years_in_text=years_in(text))
    assert context.years_in_text == [2023, 2024]
    (mention,) = [m for m in find_dates(text) if not m.has_year]
    assert mention.text == "Sunday, June 1"
    assert parse_date(mention.text, context).start == "2025-06-01"


def test_context_year_setter():
    context = DateContext(default_year=2012)
    context.year = 2014
    assert context.year == 2014
    context.year = None
    assert context.year == 2012


def test_weekday_picks_the_year_among_the_candidates():
    def year(text, candidates):
        value = parse_date(text, DateContext(years_in_text=candidates))
        return int(value.start[:4]) if value.rule == "year_from_weekday" else None

    assert year("Sunday, June 1", [2022, 2023, 2024, 2025]) == 2025
    assert year("Sun, June 1", range(2000, 2030)) == 2025
    assert year("Saturday, March 30", [2012, 2013, 2014]) == 2013
    # 29 February only exists in leap years
    assert year("Wednesday, February 29", [2011, 2012, 2013]) == 2012


def test_weekday_prefers_the_latest_year():
    # 1 June was a Sunday in 2014, 2025 and 2031
    value = parse_date("Sunday, June 1", DateContext(years_in_text=range(2010, 2032)))
    assert value.start == "2031-06-01"
    value = parse_date("Sunday, June 1", DateContext(years_in_text=range(2010, 2026)))
    assert value.start == "2025-06-01"


def test_years_in():
    assert years_in("from 2012-2015 to (2023–present), [2019] 600,000 in 1962.") == [2012, 2015, 2023, 1962]
    assert years_in("a Mirage 2000-D, 10.5771/9783748900740-71 and 12345") == []
    assert years_in("2013 and 2013 and 2012") == [2013, 2012]
    assert years_in("") == []


def test_mention_dataclass():
    m = DateMention(text="17 May", start=0, end=6, precision="day", has_year=False)
    with pytest.raises(AttributeError):
        m.text = "x"  # frozen


# ---------------------------------------------------------------------------
# The seeds
# ---------------------------------------------------------------------------


def _seed_lines():
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield path.name, line


def test_find_dates_on_the_seeds():
    total = 0
    for name, line in _seed_lines():
        mentions = find_dates(line)
        last_end = -1
        for m in mentions:
            assert line[m.start : m.end] == m.text
            assert m.start >= last_end, (name, line)
            last_end = m.end
            assert m.precision in PRECISIONS
            if m.has_year:
                value = parse_date(m.text)
                assert value.rule == "explicit", (name, m.text)
            else:
                value = parse_date(m.text, DateContext(default_year=2013, years_in_text=[2024]))
                assert value.rule in ("year_from_context", "year_from_weekday"), (name, m.text)
        total += len(mentions)
    assert total > 200


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

# that parse_date and find_dates never raise and keep their invariants on any text is a
# property of tests/test_properties.py; here, real dates written in many ways come back.

_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_DAY_FORMATS = [
    lambda d, B, b, A: f"{d.day} {B} {d.year}",
    lambda d, B, b, A: f"{d.day:02d} {B} {d.year}",
    lambda d, B, b, A: f"{B} {d.day}, {d.year}",
    lambda d, B, b, A: d.isoformat(),
    lambda d, B, b, A: f"{d.day} {b} {d.year}",
    lambda d, B, b, A: f"{b}. {d.day}, {d.year}",
    lambda d, B, b, A: f"the {_ordinal(d.day)} of {B} {d.year}",
    lambda d, B, b, A: f"{_ordinal(d.day)} {B} {d.year}",
    lambda d, B, b, A: f"{A}, {B} {d.day}, {d.year}",
    lambda d, B, b, A: f"{A} {d.day} {B} {d.year}",
    lambda d, B, b, A: f"On {d.day} {B.upper()} {d.year}",
    lambda d, B, b, A: f"During the night of {d.day} {B} {d.year},",
]

_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@settings(max_examples=300, deadline=None)
@given(_dates, st.sampled_from(_DAY_FORMATS))
def test_real_dates_round_trip(d, fmt):
    text = fmt(d, _MONTH_NAMES[d.month - 1], _MONTH_NAMES[d.month - 1][:3], _WEEKDAY_NAMES[d.weekday()])
    value = parse_date(text)
    assert (value.start, value.end, value.precision, value.rule) == (
        d.isoformat(),
        d.isoformat(),
        "day",
        "explicit",
    ), text
    sentence = f"Reports said that {text.rstrip(',')} the convoy was attacked.[12]"
    mentions = find_dates(sentence)
    assert len(mentions) == 1, (sentence, mentions)
    assert parse_date(mentions[0].text).start == d.isoformat()


@settings(max_examples=200, deadline=None)
@given(_dates)
def test_months_round_trip(d):
    text = f"{_MONTH_NAMES[d.month - 1]} {d.year}"
    value = parse_date(text)
    assert value.precision == "month"
    assert value.start == d.replace(day=1).isoformat()
    assert date.fromisoformat(value.end).month == d.month
    assert parse_date(text, ongoing=True).end is None


@settings(max_examples=200, deadline=None)
@given(_dates)
def test_year_from_context_and_weekday_round_trip(d):
    B = _MONTH_NAMES[d.month - 1]
    value = parse_date(f"{d.day} {B}", DateContext(default_year=d.year))
    assert (value.start, value.rule) == (d.isoformat(), "year_from_context")
    # within +-1 year the same day falls on a different weekday every year
    text = f"{_WEEKDAY_NAMES[d.weekday()]}, {B} {d.day}"
    value = parse_date(text, DateContext(years_in_text=[d.year]))
    assert (value.start, value.rule) == (d.isoformat(), "year_from_weekday")


@settings(max_examples=200, deadline=None)
@given(_dates, _dates, st.sampled_from([" – ", "–", "-", " to ", " — "]))
def test_ranges_round_trip(d1, d2, sep):
    a, b = sorted((d1, d2))
    text = f"{a.day} {_MONTH_NAMES[a.month - 1]} {a.year}{sep}{b.day} {_MONTH_NAMES[b.month - 1]} {b.year}"
    value = parse_date(text)
    assert (value.start, value.end, value.precision) == (a.isoformat(), b.isoformat(), "day"), text
    # the same text with the endpoints reversed is not a date range
    if a != b:
        reversed_text = (
            f"{b.day} {_MONTH_NAMES[b.month - 1]} {b.year}{sep}{a.day} {_MONTH_NAMES[a.month - 1]} {a.year}"
        )
        assert parse_date(reversed_text).rule == "unresolved"


# ---------------------------------------------------------------------------
# dateutil stays out of the common path
# ---------------------------------------------------------------------------


def test_common_forms_do_not_import_dateutil():
    code = (
        "import sys, malicli.dates as d\n"
        "for t in ['2023-08-08', '16–21 May 2014', '30 March 2013 – 1 April 2013',\n"
        "          'between March 30 and April 1, 2013', 'June 2025', 'late January 2013',\n"
        "          'mid-2014', '2014–2015', 'Sunday, June 1', 'On 17 May', 'Ongoing', '']:\n"
        "    d.parse_date(t, d.DateContext(2014, [2023, 2024]))\n"
        "d.find_dates(open(sys.argv[1], encoding='utf-8').read())\n"
        "assert 'dateutil' not in sys.modules, 'dateutil imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(SEEDS / "mali-war-overview.txt")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_dateutil_fallback_for_free_form_text():
    value = parse_date("30/03/2013")
    assert (value.start, value.precision, value.rule) == ("2013-03-30", "day", "explicit")
    # numbers alone are not dates, even if dateutil would read them as one
    assert parse_date("3 4").rule == "unresolved"
    assert parse_date("10pm").rule == "unresolved"
    assert parse_date("13").rule == "unresolved"


def test_module_constants():
    assert dates.PRECISIONS == ("day", "month", "year")
    assert dates.RULES == (
        "explicit",
        "year_from_context",
        "year_from_heading",
        "year_from_order",
        "year_from_anchor",
        "year_from_weekday",
        "relative",
        "year_from_other_source",
        "unresolved",
    )
