"""Dates as they are written in the source texts.

The common forms found in the seeds ("10 January 2013", "March 30, 2013",
"16–21 May 2014", "between November 10 and 14, 2023", "2023-08-08",
"late January 2013", "mid-2014", "Sunday, June 1", "2014–2015",
"(2023–present)", ...) are recognised by precompiled regular expressions.
python-dateutil is only imported, lazily, as a last resort for free-form
text that none of those expressions accepts.

Dates without a year take it from a :class:`DateContext`: a weekday
("Sunday, June 1") selects the year among the years the document names;
otherwise the last explicit year seen in the document (or the document's
default year) is used. Without any such context the date stays unresolved:
a year is never guessed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .datewords import MONTH_TOKENS, YEAR_DIGITS, days_in_month, month_number, weekday_number

__all__ = [
    "PRECISIONS",
    "RULES",
    "QUALIFIERS",
    "DateValue",
    "DateMention",
    "DateContext",
    "parse_date",
    "find_dates",
    "years_in",
    "weekday_on_or_before",
]

PRECISIONS = ("day", "month", "year")
# What decided a date's year (and, for "relative", its day):
#   explicit           the text writes the year with the date
#   year_from_context  the year of the narrative: the last year stated before
#   year_from_heading  the year heading or section title the date stands under
#   year_from_order    the order of the narrative: a day and month that would
#                      go backwards belong to the next year
#   year_from_anchor   the page's publication date, a byline or a date line
#   year_from_weekday  the year in which the written weekday falls on that day
#   relative           counted from another date ("the next day", "that night")
#   unresolved         nothing fixes the date: no start, no end
RULES = (
    "explicit",
    "year_from_context",
    "year_from_heading",
    "year_from_order",
    "year_from_anchor",
    "year_from_weekday",
    "relative",
    "year_from_other_source",  # set by the build: another document dates the same event
    "unresolved",
)
QUALIFIERS = ("early", "mid", "late")

MIN_YEAR = 1900
MAX_YEAR = 2099

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DateValue:
    """A parsed date or date range.

    ``start``/``end`` are ISO ``YYYY-MM-DD`` strings bounding the range the
    text denotes (a month gives its first and last day, a year 1 January and
    31 December).  ``end`` is None when the range is open-ended (ongoing) or
    the text could not be resolved.
    """

    start: str | None
    end: str | None
    precision: str | None
    text: str
    rule: str
    ongoing: bool = False
    qualifier: str | None = None
    # False when the text leaves the year open: ``start``/``end`` then hold the
    # likeliest reading and ``year_candidates`` every year the evidence allows
    certain: bool = True
    year_candidates: tuple[int, ...] = ()
    # in words, what decided the year when the text does not write it
    # ("year heading '2014–2015: ...'", "the day after 5 April 2012"), and why
    # it stays uncertain when it does
    reason: str | None = None


@dataclass(frozen=True)
class DateMention:
    """A date found inside running prose; ``sentence[start:end] == text``."""

    text: str
    start: int
    end: int
    precision: str
    has_year: bool


class DateContext:
    """The year context a document gives for dates written without a year.

    ``default_year`` is e.g. the year of the document's infobox date;
    ``years_in_text`` the years the document names (see :func:`years_in`),
    used as candidates when a weekday fixes the year ("Sunday, June 1").
    While reading the document the parser reports explicit years with
    :meth:`see_year`; :attr:`year` is the last year seen, else ``default_year``.
    """

    def __init__(self, default_year: int | None = None, years_in_text: Iterable[int] = ()):
        self.default_year = int(default_year) if default_year is not None else None
        self.years_in_text: list[int] = list(dict.fromkeys(int(y) for y in years_in_text))
        self._last_seen: int | None = None
        self._seen: list[int] = []

    @property
    def year(self) -> int | None:
        """Current best year: the last explicit year seen, else the default year."""
        return self._last_seen if self._last_seen is not None else self.default_year

    @year.setter
    def year(self, value: int | None) -> None:
        if value is None:
            self._last_seen = None
        else:
            self.see_year(value)

    def see_year(self, year: int) -> None:
        """Record an explicit year read in the document."""
        year = int(year)
        self._last_seen = year
        if year not in self._seen:
            self._seen.append(year)

    def candidate_years(self) -> list[int]:
        """The known years of the document: named years, default year, years seen."""
        years = list(self.years_in_text)
        for y in [self.default_year, *self._seen]:
            if y is not None and y not in years:
                years.append(y)
        return sorted(years)

    def __repr__(self) -> str:
        return (
            f"DateContext(default_year={self.default_year!r}, "
            f"years_in_text={self.years_in_text!r}, year={self.year!r})"
        )


# ---------------------------------------------------------------------------
# Regular expressions
# ---------------------------------------------------------------------------

_WS = r"[^\S\r\n]+"
_OWS = r"[^\S\r\n]*"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\\-"
# Full names and abbreviations; a dot after the name belongs to it only when
# a number follows ("Jan. 5, 2013", "Sept. 2013"), not at the end of a sentence.
_MONTH = (
    r"\b(?:" + "|".join(sorted(map(re.escape, MONTH_TOKENS), key=lambda t: (-len(t), t))) + r")\b"
    r"(?:\.(?=[^\S\r\n]*[0-9]))?"
)
_WEEKDAY = (
    r"\b(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|(?:mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\b\.?)"
)
# 1-31, optional ordinal suffix; not part of a longer number, a reference
# mark "[12", a time "10:30" or a decimal "3.5".
_DAY = r"(?<![0-9\[:/])(?<![0-9][.,])(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])(?:st|nd|rd|th|er)?\b"
# 1900-2099, not inside a longer number, a reference mark or a path.
_YEAR = rf"(?<![\w.,/\[]){YEAR_DIGITS}(?!\w|[.,][0-9]|\]|-(?!present\b)[^\W\d_])"
_QUAL = rf"(?P<Q>early|mid|late)(?:{_OWS}-{_OWS}|{_WS})"
_TIME_OF_DAY = rf"the{_WS}(?:night|evening|morning|afternoon){_WS}of{_WS}"
_PFX = rf"(?:(?P<BTW>between){_WS}|(?P<NT>{_TIME_OF_DAY}))?"
_SEP = (
    rf"(?:{_OWS}[{_DASHES}]{_OWS}|{_WS}(?:to|until|till|through){_WS}"
    rf"|(?(BTW){_WS}and{_WS}|(?!)))"
)
_SEP_DAYS = rf"(?:{_OWS}[{_DASHES}]{_OWS}|{_WS}(?:to|and|until|till|through){_WS})"
_SEP_OPEN = rf"(?:{_OWS}[{_DASHES}]{_OWS}|{_WS}(?:to|until|till|through){_WS})"
_OPEN_WORD = r"(?P<OPEN>present|ongoing|today|now)\b"
# Numbers followed by these are quantities, not years ("2000 soldiers").
_NOT_A_YEAR_AFTER = (
    rf"(?!{_OWS}(?:%|per\s*cent|km\b|kilomet|metres|meters|miles?\b|soldiers|troops|fighters|"
    r"people|men\b|women\b|civilians|refugees|vehicles|militants|dead\b|killed\b|wounded\b))"
)


def _day_point(p: str) -> str:
    """Alternatives for a point with day precision; groups named p<i><k>."""

    def g(i: int, k: str, body: str) -> str:
        return f"(?P<{p}{i}{k}>{body})"

    def wd(i: int) -> str:
        return f"(?:{g(i, 'w', _WEEKDAY)},?{_WS})?"

    alts = [
        # 2023-08-08
        rf"{g(0, 'y', _YEAR)}-{g(0, 'm', '0[1-9]|1[0-2]')}-"
        rf"{g(0, 'd', '0[1-9]|[12][0-9]|3[01]')}(?![\w{_DASHES}])",
        # Sunday, 1 June 2025 / the 30th of March 2013
        rf"{wd(1)}(?:the{_WS})?{g(1, 'd', _DAY)}(?:{_WS}of)?{_WS}{g(1, 'm', _MONTH)},?{_WS}{g(1, 'y', _YEAR)}",
        # Sunday, June 1, 2025 / May 11, 2015 / Jan 4. 2013
        rf"{wd(2)}{g(2, 'm', _MONTH)}{_WS}{g(2, 'd', _DAY)}(?:,{_OWS}|\.?{_WS}){g(2, 'y', _YEAR)}",
        # Sunday 1 June / the 30th of March / 17 May
        rf"{wd(3)}(?:the{_WS})?{g(3, 'd', _DAY)}(?:{_WS}of)?{_WS}{g(3, 'm', _MONTH)}",
        # Sunday, June 1 / March 20
        rf"{wd(4)}{g(4, 'm', _MONTH)}{_WS}{g(4, 'd', _DAY)}",
    ]
    return "(?:" + "|".join(alts) + ")"


def _month_point(p: str) -> str:
    return (
        rf"(?:(?P<{p}0m>{_MONTH}),?{_WS}(?P<{p}0y>{_YEAR})"
        rf"|(?P<{p}1m>{_MONTH}))"
    )


def _any_point_with_year(p: str) -> str:
    day = _day_point(p)
    # the day alternatives without year (3, 4) are rejected at interpretation
    return rf"(?:{day}|(?P<{p}5m>{_MONTH}),?{_WS}(?P<{p}5y>{_YEAR})|(?P<{p}6y>{_YEAR}))"


_FLAGS = re.IGNORECASE

# (kind, pattern); kinds starting with "range"/"open" give two endpoints.
_PATTERN_SOURCES: list[tuple[str, str]] = [
    ("open", rf"{_PFX}{_any_point_with_year('a')}{_SEP_OPEN}{_OPEN_WORD}"),
    ("range_day", rf"{_PFX}{_day_point('a')}{_SEP}{_day_point('b')}"),
    (
        "range_days_dm",
        rf"{_PFX}(?:the{_WS})?(?P<ad>{_DAY}){_SEP_DAYS}(?:the{_WS})?(?P<bd>{_DAY})"
        rf"(?:{_WS}of)?{_WS}(?P<bm>{_MONTH})(?:,?{_WS}(?P<by>{_YEAR}))?",
    ),
    (
        "range_days_md",
        rf"{_PFX}(?P<bm>{_MONTH}){_WS}(?P<ad>{_DAY}){_SEP_DAYS}(?P<bd>{_DAY})"
        rf"(?:(?:,{_OWS}|{_WS})(?P<by>{_YEAR}))?",
    ),
    ("range_month", rf"{_PFX}{_month_point('a')}{_SEP}{_month_point('b')}"),
    (
        "range_year",
        rf"{_PFX}(?P<ay>{_YEAR}){_SEP}(?:(?P<by>{_YEAR})|(?P<bs>[0-9]{{2}})(?![\w{_DASHES}]|[.,][0-9]))",
    ),
    ("day", rf"(?P<NT>{_TIME_OF_DAY})?{_day_point('a')}"),
    ("month", rf"(?:{_QUAL})?(?P<am>{_MONTH}),?{_WS}(?P<ay>{_YEAR})"),
    ("qmonth", rf"{_QUAL}(?P<am>{_MONTH})"),
    ("year", rf"(?:{_QUAL})?(?P<ay>{_YEAR}){_NOT_A_YEAR_AFTER}"),
]

# Every form starts at a word boundary (or right after a label such as
# "Date16...") with one of these letters or a digit; checking that first keeps
# the scan of long texts fast.
_START = r"(?:\b|(?<=[^\W\d_])(?=[0-9]))(?=[0-9tbjfmasondwel])"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(_START + src, _FLAGS)) for kind, src in _PATTERN_SOURCES
]
# Cheap checks that let find_dates skip patterns that cannot match.
_HINTS: dict[str, re.Pattern[str]] = {
    "open": re.compile(r"present|ongoing|today|now", re.IGNORECASE),
}
# A month on its own is a date only after a preposition ("In January, ...").
_BARE_MONTH_IN_PROSE = re.compile(
    rf"\b(?:in|by|during|since|until|till|from|through|throughout|before|after|around|of)"
    rf"{_WS}(?P<body>(?P<am>{_MONTH}))",
    _FLAGS,
)
# In a date field a month alone is accepted ("January", context year).
_BARE_MONTH = re.compile(rf"(?P<am>{_MONTH})", _FLAGS)
_ISO_MONTH = re.compile(rf"(?P<ay>{_YEAR})-(?P<am>0[1-9]|1[0-2])", _FLAGS)

_STANDALONE_YEAR = re.compile(_YEAR, _FLAGS)
_WEEKDAY_RE = re.compile(_WEEKDAY, _FLAGS)
_MONTH_RE = re.compile(_MONTH, _FLAGS)
_ANY_YEAR = re.compile(r"\d{4}")

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_REF_MARK = re.compile(r"\[[^\[\]]{0,24}\]")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_LABEL = re.compile(r"^dates?(?:\s*:\s*|\s+|(?=[0-9]))", re.IGNORECASE)
_LEADING = re.compile(
    r"^(?:on|by|in|during|since|from|until|till|before|after|as\s+of|around|about|circa|"
    r"c\.|ca\.|approximately|approx\.|starting|beginning|"
    r"the\s+(?:night|evening|morning|afternoon|day|weekend)\s+of)\s+",
    re.IGNORECASE,
)
_TRAILING_PUNCT = re.compile(r"[\s,;:.]+$")
_OPEN_ONLY = re.compile(r"^(?:present|ongoing|today|now)$", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"[0-9]")
_LOWER_MAY = re.compile(r"(?<![A-Za-z])may(?![A-Za-z])")


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _month_number(token: str) -> int | None:
    return month_number(token)


def _weekday_number(token: str | int | None) -> int | None:
    if token is None:
        return None
    if isinstance(token, int):
        return token if 0 <= token <= 6 else None
    return weekday_number(str(token))


def _day_number(token: str) -> int:
    digits = re.match(r"[0-9]+", token)
    return int(digits.group(0)) if digits else 0


def _valid(y: int, m: int, d: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and 1 <= d <= days_in_month(y, m)


class _Point:
    """One endpoint as written: any part may be missing."""

    __slots__ = ("y", "m", "d", "w")

    def __init__(self, y=None, m=None, d=None, w=None):
        self.y, self.m, self.d, self.w = y, m, d, w

    @property
    def precision(self) -> str:
        if self.d is not None:
            return "day"
        if self.m is not None:
            return "month"
        return "year"

    def copy(self) -> "_Point":
        return _Point(self.y, self.m, self.d, self.w)


class _Shape:
    """What a date text says, before the year context is applied."""

    __slots__ = ("a", "b", "open", "qualifier")

    def __init__(self, a: _Point, b: _Point | None = None, open_: bool = False, qualifier=None):
        self.a, self.b, self.open, self.qualifier = a, b, open_, qualifier

    @property
    def has_year(self) -> bool:
        return self.a.y is not None or (self.b is not None and self.b.y is not None)

    @property
    def precision(self) -> str:
        if self.b is None or self.open:
            return self.a.precision
        pa, pb = self.a.precision, self.b.precision
        return pa if _PRECISION_RANK[pa] >= _PRECISION_RANK[pb] else pb


def _point_from_groups(gd: dict, p: str) -> _Point | None:
    """Collect the parts of endpoint ``p`` from groups named p<k> or p<i><k>."""
    parts: dict[str, str] = {}
    for key, val in gd.items():
        if val is None or not key or key[0] != p:
            continue
        middle = key[1:-1]
        if middle and not middle.isdigit():
            continue
        parts[key[-1]] = val
    if not parts:
        return None
    point = _Point()
    if "y" in parts:
        point.y = int(parts["y"])
    if "m" in parts:
        point.m = _month_number(parts["m"])
        if point.m is None:
            return None
    if "d" in parts:
        point.d = _day_number(parts["d"])
    if "w" in parts:
        point.w = _weekday_number(parts["w"])
    return point


def _interpret(kind: str, match: re.Match[str]) -> _Shape | None:
    """Turn a regex match into a _Shape; None when the shape is not a date."""
    gd = match.groupdict()
    qualifier = gd.get("Q")
    qualifier = qualifier.lower() if qualifier else None
    a = _point_from_groups(gd, "a")
    if a is None:
        return None
    if kind in ("day", "month", "qmonth", "year", "bare_month", "iso_month"):
        if kind == "day" and a.d is None:
            return None
        return _Shape(a, qualifier=qualifier if kind != "day" else None)
    if kind == "open":
        if a.y is None:
            return None
        return _Shape(a, None, open_=True)
    b = _point_from_groups(gd, "b")
    if kind in ("range_days_dm", "range_days_md"):
        if b is None:
            return None
        a.m = b.m
    elif kind == "range_year":
        short = gd.get("bs")
        if short is not None:
            y = (a.y // 100) * 100 + int(short)
            if y <= a.y:
                return None
            b = _Point(y=y)
    if b is None:
        return None
    if a.y is not None and b.y is None:
        # "30 December 2012 – 2 January" is not a form the texts use
        return None
    return _Shape(a, b)


def _fill_years(shape: _Shape, year: int) -> tuple[_Point, _Point | None]:
    """Complete a yearless shape with ``year`` as the year of its (last) endpoint."""
    a = shape.a.copy()
    b = shape.b.copy() if shape.b is not None else None
    if b is not None:
        if b.y is None:
            b.y = year
        if a.y is None:
            a.y = b.y
            if (a.m or 1, a.d or 1) > (b.m or 12, b.d or 31):
                a.y -= 1  # "30 December – 2 January 2013"
    elif a.y is None:
        a.y = year
    return a, b


def _weekdays_fit(a: _Point, b: _Point | None) -> bool:
    for p in (a, b):
        if p is None or p.w is None:
            continue
        if p.d is None or p.m is None or not _valid(p.y, p.m, p.d):
            return False
        if date(p.y, p.m, p.d).weekday() != p.w:
            return False
    return True


def _widen(years: Iterable[int]) -> list[int]:
    out: set[int] = set()
    for y in years:
        out.update((y - 1, y, y + 1))
    return sorted(y for y in out if MIN_YEAR <= y <= MAX_YEAR)


def _closest_to_max(matching: list[int], candidates: list[int]) -> int | None:
    if not matching:
        return None
    top = max(candidates)
    return min(matching, key=lambda y: (abs(y - top), -y))


def _first_day(p: _Point) -> date:
    return date(p.y, p.m or 1, p.d or 1)


def _last_day(p: _Point) -> date:
    if p.d is not None:
        return date(p.y, p.m, p.d)
    m = p.m or 12
    return date(p.y, m, days_in_month(p.y, m))


def _qualified(start: date, end: date, precision: str, qualifier: str) -> tuple[date, date]:
    y = start.year
    if precision == "month":
        m = start.month
        last = days_in_month(y, m)
        first, final = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[qualifier]
        return date(y, m, first), date(y, m, final)
    if precision == "year":
        parts = {"early": ((1, 1), (4, 30)), "mid": ((5, 1), (8, 31)), "late": ((9, 1), (12, 31))}
        (m1, d1), (m2, d2) = parts[qualifier]
        return date(y, m1, d1), date(y, m2, d2)
    return start, end


def _unresolved(text: str, ongoing: bool = False) -> DateValue:
    return DateValue(start=None, end=None, precision=None, text=text, rule="unresolved", ongoing=ongoing)


def _resolve(shape: _Shape, text: str, context: DateContext | None, ongoing: bool) -> DateValue:
    ongoing = ongoing or shape.open
    if shape.has_year:
        known = shape.b.y if shape.b is not None and shape.b.y is not None else shape.a.y
        a, b = _fill_years(shape, known)
        rule = "explicit"
    else:
        has_weekday = shape.a.w is not None or (shape.b is not None and shape.b.w is not None)
        if has_weekday:
            candidates = _widen(context.candidate_years()) if context is not None else []
            if not candidates:
                return _unresolved(text, ongoing)
            matching = [y for y in candidates if _weekdays_fit(*_fill_years(shape, y))]
            year = _closest_to_max(matching, candidates)
            if year is None:
                return _unresolved(text, ongoing)
            rule = "year_from_weekday"
        else:
            year = context.year if context is not None else None
            if year is None:
                return _unresolved(text, ongoing)
            rule = "year_from_context"
        a, b = _fill_years(shape, year)
    for p in (a, b):
        if p is None:
            continue
        if not (MIN_YEAR <= p.y <= MAX_YEAR):
            return _unresolved(text, ongoing)
        if p.m is not None and p.d is not None and not _valid(p.y, p.m, p.d):
            return _unresolved(text, ongoing)
    start = _first_day(a)
    end = _last_day(b if b is not None else a)
    if start > end:
        return _unresolved(text, ongoing)
    precision = shape.precision
    qualifier = None
    if shape.qualifier and b is None and precision in ("month", "year"):
        qualifier = shape.qualifier
        start, end = _qualified(start, end, precision, qualifier)
    if ongoing:
        precision = a.precision
        return DateValue(start.isoformat(), None, precision, text, rule, True, qualifier)
    return DateValue(start.isoformat(), end.isoformat(), precision, text, rule, False, qualifier)


def _clean(text: str) -> str:
    s = _SPACES.sub(" ", text).strip()
    s = _REF_MARK.sub("", s).strip()
    if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
        s = s[1:-1].strip()
    stripped = _TRAILING_PAREN.sub("", s)
    if stripped.strip():
        s = stripped.strip()
    s = _LABEL.sub("", s, count=1)
    previous = None
    while previous != s:
        previous = s
        s = _LEADING.sub("", s, count=1)
        s = _TRAILING_PUNCT.sub("", s)
    return s.strip()


def _shape_of(s: str) -> _Shape | None:
    """The shape of a cleaned date text matched as a whole, else None."""
    for kind, pattern in _PATTERNS:
        m = pattern.fullmatch(s)
        if m is not None:
            shape = _interpret(kind, m)
            if shape is not None:
                return shape
    for kind, pattern in (("bare_month", _BARE_MONTH), ("iso_month", _ISO_MONTH)):
        m = pattern.fullmatch(s)
        if m is not None:
            shape = _interpret(kind, m)
            if shape is not None:
                return shape
    return None


def _dateutil_shape(s: str) -> _Shape | None:
    """Fallback for free-form text: python-dateutil, imported only here."""
    if not s or len(s) > 80:
        return None
    has_month_name = _MONTH_RE.search(s) is not None
    if not has_month_name and not _HAS_DIGIT.search(s):
        return None
    try:
        from dateutil import parser as dateutil_parser
    except ImportError:  # pragma: no cover - dateutil is a dependency
        return None
    try:
        # Two different defaults tell which parts the text actually gave.
        d1 = dateutil_parser.parse(s, default=datetime(1904, 1, 1), dayfirst=True)
        d2 = dateutil_parser.parse(s, default=datetime(1908, 2, 2), dayfirst=True)
    except (ValueError, OverflowError):  # dateutil's ParserError is a ValueError
        return None
    year_given = d1.year == d2.year
    month_given = d1.month == d2.month
    day_given = d1.day == d2.day
    if not year_given and not has_month_name:
        return None
    if not month_given:
        if year_given and not day_given:
            return _Shape(_Point(y=d1.year))
        return None
    point = _Point(y=d1.year if year_given else None, m=d1.month, d=d1.day if day_given else None)
    if point.y is None and point.d is not None:
        w = _WEEKDAY_RE.search(s)
        if w is not None:
            point.w = _weekday_number(w.group(0))
    return _Shape(point)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def parse_date(text: str, context: DateContext | None = None, *, ongoing: bool = False) -> DateValue:
    """Parse a date text ("16–21 May 2014", "On 17 May", "2023-08-08", ...).

    ``ongoing=True`` (the status says the event is ongoing) makes the value
    open-ended: ``end`` is None.  Never raises; text that is not a date, or a
    date whose year cannot be known, gives a value with rule "unresolved".
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return _parse(text, context, bool(ongoing))


def _parse(text: str, context: DateContext | None, ongoing: bool) -> DateValue:
    s = _clean(text)
    if not s:
        return _unresolved(text, ongoing)
    if _OPEN_ONLY.match(s):
        return _unresolved(text, True)
    shape = _shape_of(s)
    if shape is None:
        shape = _dateutil_shape(s)
    if shape is None:
        mentions = find_dates(s)
        if len(mentions) == 1:
            shape = _shape_of(_clean(mentions[0].text))
    if shape is None:
        return _unresolved(text, ongoing)
    return _resolve(shape, text, context, ongoing)


_NEEDS_MONTH = {"range_days_dm", "range_days_md", "month", "qmonth"}
_NEEDS_YEAR = {"range_year", "year", "open"}


def _candidates(sentence: str) -> list[tuple[int, int, _Shape]]:
    found: list[tuple[int, int, _Shape]] = []
    has_month = _MONTH_RE.search(sentence) is not None
    has_year = _ANY_YEAR.search(sentence) is not None
    for kind, pattern in _PATTERNS:
        if (kind in _NEEDS_MONTH and not has_month) or (kind in _NEEDS_YEAR and not has_year):
            continue
        hint = _HINTS.get(kind)
        if hint is not None and hint.search(sentence) is None:
            continue
        for m in pattern.finditer(sentence):
            shape = _interpret(kind, m)
            if shape is None or m.end() <= m.start():
                continue
            found.append((m.start(), m.end(), shape))
    for m in _BARE_MONTH_IN_PROSE.finditer(sentence):
        token = m.group("body")
        if not token[:1].isupper():
            continue
        shape = _interpret("bare_month", m)
        if shape is not None:
            found.append((m.start("body"), m.end("body"), shape))
    return found


def _is_lowercase_may(sentence: str, start: int, end: int, shape: _Shape) -> bool:
    """The modal verb "may" is not a month unless a year goes with it."""
    if shape.has_year:
        return False
    return _LOWER_MAY.search(sentence, start, end) is not None


def find_dates(sentence: str) -> list[DateMention]:
    """The date mentions in a piece of prose (see _find_dates); cached per text."""
    if not isinstance(sentence, str) or not sentence:
        return []
    return list(_find_dates_cached(sentence))


@functools.lru_cache(maxsize=4096)
def _find_dates_cached(sentence: str) -> tuple[DateMention, ...]:
    return tuple(_find_dates(sentence))


def _find_dates(sentence: str) -> list[DateMention]:
    """The date mentions in a piece of prose, in order and non-overlapping.

    At each place the longest form wins: "between March 30 and April 1, 2013"
    and "16 and 17 January 2012" are one mention each.
    """
    if not isinstance(sentence, str) or not sentence:
        return []
    if _MONTH_RE.search(sentence) is None and _ANY_YEAR.search(sentence) is None:
        return []  # every date form names a month or a year
    found = _candidates(sentence)
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, _Shape]] = []
    for start, end, shape in found:
        if any(start < e and s < end for s, e, _ in taken):
            continue
        if _is_lowercase_may(sentence, start, end, shape):
            continue
        taken.append((start, end, shape))
    taken.sort(key=lambda c: c[0])
    return [
        DateMention(
            text=sentence[start:end],
            start=start,
            end=end,
            precision=shape.precision,
            has_year=shape.has_year,
        )
        for start, end, shape in taken
    ]


def weekday_on_or_before(day: date, weekday: int) -> date:
    """The latest date on or before ``day`` that falls on ``weekday`` (0 Monday to 6 Sunday):
    "on Sunday" in a dispatch dated Monday 8 March is Sunday 7 March."""
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def years_in(text: str) -> list[int]:
    """The four-digit years 1900-2099 a text names, in order of first appearance."""
    if not isinstance(text, str):
        return []
    seen: dict[int, None] = {}
    for m in _STANDALONE_YEAR.finditer(text):
        seen.setdefault(int(m.group(0)), None)
    return list(seen)
