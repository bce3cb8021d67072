"""The words and numbers of the calendar: month names, month ends, weekdays, years.

The one home of this vocabulary for the whole package: the date reader
(:mod:`malicli.dates`), the source parsers and the read path all take their
month names, month lengths and year pattern from here.  Nothing here is
compiled at import time beyond one small regular expression, so the read path
can use it without slowing start-up.
"""

from __future__ import annotations

import re

__all__ = [
    "MONTH_NAMES",
    "MONTH_TOKENS",
    "WEEKDAY_NAMES",
    "WEEKDAY_TOKENS",
    "YEAR_DIGITS",
    "days_in_month",
    "month_end",
    "month_name",
    "month_number",
    "weekday_number",
    "years_in_line",
]

MONTH_NAMES = (
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
)
_FRENCH = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# Abbreviations as newspapers and timelines write them, with or without a
# period ("Sept. 23", "Jan 4", "févr."): English first, then French.
_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "febr": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "janv": 1,
    "févr": 2,
    "fevr": 2,
    "avr": 4,
    "juil": 7,
    "déc": 12,
}


def _month_tokens() -> dict[str, int]:
    tokens: dict[str, int] = {}
    for number, (english, french) in enumerate(zip(MONTH_NAMES, _FRENCH), 1):
        tokens[english.lower()] = number
        tokens[french] = number
        # the French names are also written without their accents
        tokens[french.replace("é", "e").replace("û", "u")] = number
    for token, number in _ABBREVIATIONS.items():
        tokens.setdefault(token, number)
    return tokens


# every written form of a month, lower case, -> its number (1-12)
MONTH_TOKENS: dict[str, int] = _month_tokens()

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# written forms of weekdays, lower case, -> 0 (Monday) to 6 (Sunday)
WEEKDAY_TOKENS: dict[str, int] = {
    **{name.lower(): n for n, name in enumerate(WEEKDAY_NAMES)},
    **{name.lower()[:3]: n for n, name in enumerate(WEEKDAY_NAMES)},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}

# The years the texts speak of: 1900-2099.  A pattern source, to be embedded
# in larger expressions with the boundaries each needs.
YEAR_DIGITS = r"(?:19|20)[0-9]{2}"
_YEAR_IN_LINE = re.compile(rf"(?<![0-9]){YEAR_DIGITS}(?![0-9])")


def month_number(token: str) -> int | None:
    """1-12 for a month as written ("March", "Sept.", "mars", "3"), else None."""
    token = token.strip().rstrip(".").casefold().replace("\u0131", "i")
    if token.isdigit():
        n = int(token)
        return n if 1 <= n <= 12 else None
    return MONTH_TOKENS.get(token)


def month_name(month: int) -> str:
    """The English name of month 1-12."""
    return MONTH_NAMES[month - 1]


def weekday_number(token: str) -> int | None:
    """0 (Monday) to 6 (Sunday) for a weekday as written ("Sunday", "Sun.", "Thurs"), else None."""
    return WEEKDAY_TOKENS.get(token.strip().rstrip(".").casefold().replace("\u0131", "i"))


def days_in_month(year: int, month: int) -> int:
    """The number of days of a month (Gregorian calendar)."""
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def month_end(year: int, month: int) -> str:
    """The ISO date of the last day of a month: ``month_end(2024, 2) == "2024-02-29"``."""
    return f"{year:04d}-{month:02d}-{days_in_month(year, month):02d}"


def years_in_line(text: str) -> list[int]:
    """Every four-digit year 1900-2099 a line names, in order, repeats kept ("2014–2015" -> [2014, 2015])."""
    return [int(y) for y in _YEAR_IN_LINE.findall(text)]
