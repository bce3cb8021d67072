"""The lines around a news dispatch: datelines, date lines, agency tags, credits and signatures.

A dateline opens the first paragraph and says where and when the dispatch was
filed, in the style of its agency:

* ``BAMAKO, March 8 (Xinhua) --``, ``BAMAKO, Oct 3 (Reuters) -``,
  ``MADRID, 18 Mar. (EUROPA PRESS) -``, ``MOSCOW, June 10 (Sputnik) -``;
* ``Bamako [Mali], September 14 (ANI/Xinhua):``;
* ``BAMAKO, Mali (AP) —``, ``Bamako, Mali (PANA) -``, ``Bamako (AFP) -``,
  ``Bamako (AFP) Jan 23, 2020``, ``APA-Bamako (Mali) -``;
* ``MOSCOW (UrduPoint News / Sputnik - 29th September, 2021)``,
  ``(ANSA) - BAMAKO, 19 FEB -``, ``Sept 27 (Reuters) -``.

Its city is where the report was written, never by itself the place of the
incident. A date line dates the page ("Published on 05.03.2024 at 14h05",
"Source: Xinhua| 2021-03-08 23:10:45", "Thursday, 12 May 2022"); agency tags
("(ANI/Xinhua)", "(PANA/NAN)", "-0- PANA ... 17mai2022"), credit lines
("(Reporting by ...; Editing by ...)") and signature lines ("MD/te/sf/APA")
close it. The words are in ``malicli/data/news_words.json``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import resolve
from ..dates import DateValue, find_dates, parse_date
from ..datewords import MONTH_TOKENS, YEAR_DIGITS, days_in_month, month_name, month_number
from .mentions import _data

__all__ = [
    "Dateline",
    "DateLine",
    "agency_tag",
    "is_credit_line",
    "is_signature",
    "read_date_line",
    "read_dateline",
    "signature_date",
    "words",
]


@functools.cache
def words(key: str) -> list:
    """A list of ``news_words.json``: plain words, or entries with a ``word``."""
    entry = _data("news_words.json")[key]
    return list(entry["words"] if isinstance(entry, dict) and "words" in entry else entry)


def word_list(key: str) -> list[str]:
    """The words of a ``news_words.json`` list, the word of each entry that has one."""
    return [w["word"] if isinstance(w, dict) else w for w in words(key)]


def alternation(key: str, escape: bool = True) -> str:
    """The words of a list as one regex group, longest first."""
    items = sorted(word_list(key), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") if escape else w for w in items) + ")"


def _dateline_months() -> dict[str, int]:
    """Spanish and French month words of datelines the English month words lack (``news_words.json``)."""
    return dict(_data("news_words.json")["dateline_months"]["words"])


_MONTH = (
    r"(?:"
    + "|".join(
        sorted(
            {re.escape(t) for t in [*(t for t in MONTH_TOKENS if t.isascii()), *_dateline_months()]},
            key=len,
            reverse=True,
        )
    )
    + r")"
)
_DATE = (
    rf"(?:{_MONTH}\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{YEAR_DIGITS})?"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?(?:,?\s+{YEAR_DIGITS})?)"
)
_CITY = r"[A-ZÀ-Ý][A-Za-zÀ-ÿ'’.]+(?:[ -][A-ZÀ-Ý][A-Za-zÀ-ÿ'’.]+){0,2}"
_SEP = r"(?P<sep>\s*(?:--|—|–|-|:|_)\s*|\s*$|(?<=\))\s+(?=[A-Z\"“]))"


@functools.cache
def _dateline_re() -> re.Pattern[str]:
    return re.compile(
        rf"^\s*(?:APA\s*-\s*|\((?P<ag0>[^()\n]{{2,40}})\)\s*[-–—]\s*)?(?P<city>{_CITY})"
        rf"(?:\s*\[(?P<c1>[^\]\n]{{2,30}})\]|,\s*(?P<c2>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?=\s*[(,]|\s*$|\s*(?:--|—|–|-|:)))?"
        rf"(?:,?\s*(?P<d1>{_DATE}))?"
        rf"(?:,?\s*\((?P<ag>[^()\n]{{2,60}})\))?"
        rf"(?:,?\s*(?P<d2>{_DATE}))?{_SEP}",
        re.I,
    )


@functools.cache
def _bare_date_re() -> re.Pattern[str]:
    """ "Sept 27 (Reuters) -": a date and an agency, no city."""
    return re.compile(rf"^\s*(?P<d1>{_DATE})\s*\((?P<ag>[^()\n]{{2,60}})\){_SEP}", re.I)


@dataclass(frozen=True)
class Dateline:
    """Where and when a dispatch was filed, as written, and where its prose starts."""

    text: str
    city: str | None
    country: str | None
    agency: str | None
    date_text: str | None
    end: int  # offset of the prose after the dateline (the line's length when it stands alone)

    @property
    def date_words(self) -> str | None:
        """The dateline's date in English month words ("3 Ene." -> "3 January"), to be read as a date."""
        if not self.date_text:
            return None
        months = _dateline_months()

        def sub(m: re.Match[str]) -> str:
            number = months.get(m.group(1).lower())
            return month_name(number) if number else m.group(0)

        return re.sub(r"([^\W\d_]+)\.?", sub, self.date_text)


@functools.cache
def _agency_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){alternation('agencies')}(?![\w])", re.I)


def is_agency(text: str) -> bool:
    """Text that names a news agency ("Xinhua", "ANI/Xinhua", "EUROPA PRESS")."""
    return bool(_agency_re().search(text))


def _is_country(text: str) -> bool:
    pid = resolve.resolve_place(text.strip())
    return pid is not None and (resolve.place(pid) or {}).get("kind") == "country"


def read_dateline(line: str) -> Dateline | None:
    """The dateline that opens a paragraph, or None."""
    m = _dateline_re().match(line) or _bare_date_re().match(line)
    if m is None:
        return None
    g = m.groupdict()
    agency, country = g.get("ag0"), g.get("c1") or g.get("c2")
    inner = g.get("ag")
    date_text = g.get("d1") or g.get("d2")
    if inner and not is_agency(inner) and (_is_country(inner) or len(inner.split()) <= 3):
        country, inner = country or inner, None  # "APA-Bamako (Mali)": a country in brackets
    if inner and is_agency(inner):
        agency = inner
        found = [d for d in find_dates(inner) if d.precision == "day"]
        date_text = date_text or (
            found[0].text if found else None
        )  # "(UrduPoint News / Sputnik - 29th September, 2021)"
    elif inner:
        return None
    if not _plausible(m, agency, date_text, line):
        return None
    rest = line[m.end() :]
    if rest.strip() and not re.match(r"[\"“'‘A-ZÀ-Ý0-9(]", rest.lstrip()):
        return None  # the words after the separator are no sentence
    return Dateline(line[: m.end()].strip(), g.get("city"), country, agency, date_text, m.end())


def _plausible(m: re.Match[str], agency: str | None, date_text: str | None, line: str) -> bool:
    """A dateline needs an agency or a date, or a city in capitals (or a known town) before a dash."""
    sep = (m.group("sep") or "").strip()
    city = m.groupdict().get("city") or ""
    country = m.groupdict().get("c2") or m.groupdict().get("c1")
    if not sep and m.end() >= len(line.rstrip()) and city.isupper() and country:
        return True  # "KIGALI, Rwanda" alone on its line, the prose below
    if agency or (date_text and (sep or m.end() >= len(line.rstrip()))):
        return not (date_text and not agency and not sep and not city)
    if sep not in ("--", "—", "–", "-", ":") or not city:
        return False
    known = resolve.resolve_place(city)
    town = known is not None and (resolve.place(known) or {}).get("kind") == "town"
    if sep == ":" and not city.isupper():
        return town  # "Bamako: Gunmen killed ...": a known town before a colon
    return (city.isupper() and len(city) >= 4) or town


# ---------------------------------------------------------------- date lines


@dataclass(frozen=True)
class DateLine:
    """A line that dates the page: its date and whether it is a site's own stamp."""

    value: DateValue
    text: str
    weak: bool  # "Last update ...": the site's clock, not the dispatch's


_NUMERIC = re.compile(rf"(?<![\d.:/-])([0-9]{{1,2}})([./-])([0-9]{{1,2}})\2({YEAR_DIGITS})(?![\d])")
_GLUED = re.compile(rf"(?<![\w])([0-9]{{1,2}})([A-Za-zéûÉ]{{3,9}})({YEAR_DIGITS})(?![\d])")
_FURNITURE = re.compile(
    r"\b(?:published|updated|last\s+updated?|posted|first\s+published|modified|date|dated|filed|issued|"
    r"on|at|by|source|editor|views?|share|am|pm|gmt|utc|cet|cest|edt|est|wat|ist|created|"
    r"(?:[0-9]+\s+)?(?:hours?|minutes?|mins?|hrs?|days?)|ago|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|[0-9]{1,2}[:h][0-9]{1,2}(?::[0-9]{2})?|[+-][0-9]{1,2}(?::?[0-9]{2})?|[|,·•:;()\-–—/]",
    re.I,
)


def _numeric_date(text: str, month_day: tuple[int, int] | None = None) -> DateValue | None:
    """ "05.03.2024", "18/03/2024": day first, unless only the other reading is a date
    (or agrees with the dateline's month and day)."""
    m = _NUMERIC.search(text)
    if m is None:
        return None
    a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
    readings = [(d, mo) for d, mo in ((a, b), (b, a)) if 1 <= mo <= 12 and 1 <= d <= days_in_month(y, mo)]
    if month_day is not None:
        readings = [r for r in readings if (r[1], r[0]) == month_day] or readings
    if not readings:
        return None
    d, mo = readings[0]
    iso = f"{y:04d}-{mo:02d}-{d:02d}"
    return DateValue(iso, iso, "day", m.group(0), "explicit")


def signature_date(line: str) -> DateValue | None:
    """The date a signature line ends with: "-0- PANA GT/JSG/SOC 17mai2022"."""
    return _glued_date(line) if is_signature(line) else None


def _glued_date(text: str) -> DateValue | None:
    """ "17mai2022" (PANA signatures): day, month name, year glued together."""
    m = _GLUED.search(text)
    if m is None or month_number(m.group(2)) is None:
        return None
    value = parse_date(f"{m.group(1)} {m.group(2)} {m.group(3)}")
    return value if value.start else None


def _without_place_cells(line: str) -> str:
    """ "Reuters | Bamako | Updated: 04-02-2021 00:21 IST": the cells of a stamp that name a place
    (where the dispatch was filed) are no words of the date line."""
    if "|" not in line:
        return line
    cells = [c for c in line.split("|") if not (c.strip() and resolve.resolve_place(c.strip()))]
    return " | ".join(c.strip() for c in cells)


def _without_source_name(line: str) -> str:
    """ "Source: The Nation July 04, 2024 12:07 UTC": the name of the paper after "Source:" is
    furniture of the date line."""
    m = re.match(
        r"(?i)^\s*source\s*:\s*(?:[A-Z][\w.&'’-]*\s+){1,4}?(?=[A-Z][a-z]{2,8}\.?\s+[0-9]|[0-9])", line
    )
    return line[m.end() :] if m else line


def read_date_line(line: str, month_day: tuple[int, int] | None = None) -> DateLine | None:
    """A line that is a date with furniture around it (publication stamp, source line), or None."""
    s = _without_source_name(_without_place_cells(line.strip()))
    if not s or len(s) > 120:
        return None
    weak = bool(re.match(r"(?i)\s*last\s+update", s))
    found = [d for d in find_dates(s) if d.has_year and d.precision == "day"]
    if found:
        rest = s[: found[0].start] + " " + s[found[0].end :]
        value = parse_date(found[0].text)
    else:
        value = _numeric_date(s, month_day) or _glued_date(s)  # type: ignore[assignment]
        if value is None:
            return None
        rest = s.replace(value.text, " ")
    rest = _agency_re().sub(" ", _FURNITURE.sub(" ", rest))
    rest = re.sub(r"(?i)\b(?:huaxia|apa\s+news|news|by)\b|[0-9]{1,2}|\s+", " ", rest).strip(" .")
    if rest or not value.start:
        return None
    return DateLine(value, s, weak)


# ---------------------------------------------------------------- tags, credits, signatures

SIGNATURE = re.compile(r"^[A-Za-z]{1,5}(?:/[A-Za-z]{1,5}){1,8}$")
_PANA_TAIL = re.compile(r"^-0-\s*\w+")


def is_signature(line: str) -> bool:
    """An agency signature line: "MD/te/sf/lb/as/APA", "-0- PANA GT/JSG/SOC 17mai2022"."""
    s = line.strip()
    return (
        bool(SIGNATURE.match(s) and is_agency(s.split("/")[-1]))
        or bool(SIGNATURE.match(s) and s.count("/") >= 2)
        or bool(_PANA_TAIL.match(s))
    )


@functools.cache
def _credit_re() -> re.Pattern[str]:
    return re.compile(rf"^\s*[(\[]?\s*{alternation('credit_words')}\b", re.I)


def is_credit_line(line: str) -> bool:
    """ "(Reporting by A; Editing by B)": the credits of a dispatch."""
    return bool(_credit_re().match(line))


@functools.cache
def _tag_re() -> re.Pattern[str]:
    ag = alternation("agencies")
    return re.compile(
        rf"(?:\s*\(\s*{ag}(?:\s*/\s*{ag})*\s*\)|\s+[-–—]\s*{ag}|\s+{ag})\s*$"
        rf"|^\s*\(?\s*{ag}(?:\s*/\s*{ag})*\s*\)?\s*$",
        re.I,
    )


_ENDITEM = re.compile(r"\s+(?:Enditem|ENDITEM|/(?=[A-Z])[^/]{2,40})\s*$")


def agency_tag(text: str) -> tuple[int, int] | None:
    """The span of an agency tag ending a paragraph ("... seriously. (ANI/Xinhua)", "... -AFP"),
    or of a line that is nothing but one ("AFP")."""
    m = _tag_re().search(text)
    if m is None:
        end = _ENDITEM.search(text)  # "... forces. Enditem" (Xinhua), "... Keita./Agence France-Presse"
        if end and (end.group(0).strip() in ("Enditem", "ENDITEM") or is_agency(end.group(0))):
            return end.start(), end.end()
        return None
    if m.start() > 0 and not re.search(r"[.!?\"”)]\s*$", text[: m.start()]):
        return None  # "... told AFP": the agency is part of the sentence
    return m.start(), m.end()
