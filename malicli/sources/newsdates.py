"""When the incident of a dispatch happened, counted from the dispatch's own date.

The anchor is the date the dispatch was filed: its dateline's date, with the
year from the dateline or a publication date line; else a publication date
line alone. Dates in the text are read against it:

* a weekday ("on Sunday", "late Tuesday", "Tuesday's attack") is the latest
  such day on or before the anchor; a night from one day to the next
  ("overnight Tuesday to Wednesday") spans both;
* relative words ("yesterday", "overnight", "last week", "earlier this
  month", "at the weekend") count from the anchor;
* a day and month without a year ("on 28 February", "late August", also in a
  quotation) take the latest year that puts them on or before the anchor;
* a date written with its year is read as written.

A date right after a verb of saying ("officials said on Sunday", "a statement
released Tuesday") is when the news was given, not when the incident
happened; "next Sunday" or "by Sunday" dates no event. When nothing fixes the
anchor's year, every date counted from it is uncertain (``certain=False``)
with every year the war allows; a year is never guessed. Each date keeps the
rule and, in words, the reason that decided it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..dates import DateContext, DateValue, find_dates, parse_date, weekday_on_or_before, years_in
from ..datewords import WEEKDAY_NAMES, days_in_month, month_end, weekday_number
from .dateline import alternation, words
from .mentions import _data
from .newsitem import NewsItem

__all__ = ["Anchor", "NewsDate", "dispatch_anchor", "item_month", "sentence_dates", "text_date"]


@dataclass(frozen=True)
class Anchor:
    """The dispatch's date: what relative dates count from."""

    value: DateValue  # day precision; certain=False with year_candidates when the year is open
    line: int | None
    text: str
    kind: str  # dateline | date line | text (the latest date the text states: no count from it)


@dataclass(frozen=True)
class NewsDate:
    """A date of a sentence: its span, its value and what it dates."""

    start: int
    end: int
    text: str
    value: DateValue
    role: str  # incident | report | plan | year


def _start(value: DateValue) -> date:
    return date.fromisoformat(value.start)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the anchor


def dispatch_anchor(item: NewsItem, text: str, today: date | None = None) -> Anchor | None:
    """The date the dispatch was filed (see the module's description), or None."""
    lines = [(n, d) for n, d in item.date_lines if not d.weak] or item.date_lines
    dl = item.dateline
    if dl is not None and dl.date_words:
        written = parse_date(dl.date_words)
        if written.start and written.precision == "day":
            return Anchor(written, item.dateline_line, dl.text, "dateline")
        for n, found in lines:
            value = _near(dl.date_words, found.value)
            if value is not None:
                why = f"the dateline's year from the date line '{found.text}' (line {n})"
                return Anchor(
                    replace(value, rule="year_from_anchor", reason=why),
                    item.dateline_line,
                    dl.text,
                    "dateline",
                )
        return _open_year(dl.date_words, item.dateline_line, dl.text, text, today or date.today())
    if lines:
        n, found = lines[0]
        return Anchor(found.value, n, found.text, "date line")
    value = text_date(text)
    return Anchor(value, None, value.text, "text") if value is not None else None


def _near(written: str, stamp: DateValue) -> DateValue | None:
    """The reading of a yearless dateline date closest to a date line, within 45 days."""
    best = None
    for year in (int(stamp.start[:4]) - 1, int(stamp.start[:4]), int(stamp.start[:4]) + 1):  # type: ignore[index]
        value = parse_date(written, DateContext(default_year=year))
        if value.start and abs((_start(value) - _start(stamp)).days) <= 45:
            if best is None or abs((_start(value) - _start(stamp)).days) < abs(
                (_start(best) - _start(stamp)).days
            ):
                best = value
    return best


def _open_year(written: str, line: int | None, dateline: str, text: str, today: date) -> Anchor | None:
    """A dateline without a year and nothing else to fix it: every year of the war, the latest as reading."""
    first = max([words_first_year(), *[y for y in years_in(text) if y <= today.year]])
    years = []
    for year in range(first, today.year + 1):
        value = parse_date(written, DateContext(default_year=year))
        if value.start and _start(value) <= today:
            years.append(year)
    if not years:
        return None
    value = parse_date(written, DateContext(default_year=years[-1]))
    why = (
        f"the dateline '{dateline}' writes no year and no date line gives one: "
        f"any year from {years[0]} to {years[-1]}"
    )
    value = replace(
        value, rule="year_from_anchor", certain=len(years) == 1, year_candidates=tuple(years), reason=why
    )
    return Anchor(value, line, dateline, "dateline")


def words_first_year() -> int:
    """The first year of the war, from ``news_words.json``."""
    return int(_data("news_words.json")["war_years"]["first"])


def text_date(text: str) -> DateValue | None:
    """An undated item's own date: a day the text writes without its year, dated by its weekday
    among the years the text names ("On Sunday, June 1"); else the latest day it writes in full."""
    ctx = DateContext(years_in_text=years_in(text))
    full = []
    for m in find_dates(text):
        if not m.has_year and m.precision == "day":
            value = parse_date(m.text, ctx)
            if value.rule == "year_from_weekday" and value.start:
                return value
        elif m.has_year and m.precision == "day":
            full.append(parse_date(m.text))
    full = [v for v in full if v.start]
    return max(full, key=lambda v: v.start or "") if full else None


def item_month(anchor: Anchor | None, line: int | None = None) -> DateValue:
    """The date of an incident the text does not date: the month of the dispatch (rule item_date)."""
    if anchor is None or not anchor.value.start:
        return DateValue(
            None,
            None,
            None,
            "",
            "unresolved",
            certain=False,
            reason="nothing dates the dispatch to count its dates from",
        )
    a = _start(anchor.value)
    where = f" (line {anchor.line})" if anchor.line else ""
    return replace(
        anchor.value,
        start=f"{a.year:04d}-{a.month:02d}-01",
        end=month_end(a.year, a.month),
        precision="month",
        rule="item_date",
        reason=f"the text does not date it: the month of the dispatch, {anchor.value.text.strip()}{where}",
    )


# ---------------------------------------------------------------- dates of a sentence


class _Vocab:
    def __init__(self) -> None:
        rel = _data("relative_dates.json")["page_expressions"]
        news = words("anchor_expressions")
        self.expressions = [(re.compile(rf"\b(?:{e['words']})\b", re.I), e["offset"]) for e in rel]
        self.anchor = [(re.compile(rf"\b(?:{e['word']})\b", re.I), e) for e in news]
        weekday = "|".join(WEEKDAY_NAMES)
        forms = _data("news_words.json")["weekday_forms"]
        self.range = re.compile(forms["range"].replace("WEEKDAY", weekday), re.I)
        self.weekday = re.compile(rf"\b(?P<w>{weekday})(?:'s|’s)?\b")
        self.plan = re.compile(rf"\b(?:{forms['plan_before']})\s+(?:the\s+)?$", re.I)
        verbs = alternation("report_verbs", escape=False)
        self.report = re.compile(
            rf"\b{verbs}\b(?:[\s,]+(?!that\b|when\b|after\b|as\b)[\w'’-]+){{0,6}}?[\s,]+"
            r"(?:on\s+|late\s+(?:on\s+)?|early\s+(?:on\s+)?)?$",
            re.I,
        )


@functools.cache
def _vocab() -> _Vocab:
    return _Vocab()


def sentence_dates(sentence: str, anchor: Anchor | None, years: list[int]) -> list[NewsDate]:
    """The dates of a sentence, in order and apart, each with its value and role."""
    found = _written(sentence, anchor, years)
    taken = [(d.start, d.end) for d in found]
    relative = [d for d in _relative(sentence, anchor) if not _quoted(sentence, d.start)]
    for d in relative + _weekdays(sentence, anchor):
        if not any(s < d.end and d.start < e for s, e in taken):
            found.append(d)
            taken.append((d.start, d.end))
    found.sort(key=lambda d: d.start)
    return [replace(d, role=_role(sentence, d)) for d in found]


def _quoted(sentence: str, at: int) -> bool:
    """Inside a quotation ('"This morning, the convoy struck ..."'): "this morning", "yesterday" are
    the speaker's, not counted from the dispatch's date."""
    before = sentence[:at]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _role(sentence: str, d: NewsDate) -> str:
    if d.role != "incident":
        return d.role
    before = sentence[max(0, d.start - 90) : d.start]
    if _vocab().plan.search(before[-25:]):
        return "plan"
    if re.search(r"(?i)\b(?:since|as of|until|till)\s+(?:the\s+)?(?:early\s+|mid-?\s*|late\s+)?$", before):
        return "state"  # "has reinforced its positions since January 2025": no event
    after = sentence[d.end : d.end + 30]
    if _vocab().report.search(before) and not _NOUN_AFTER.match(after):
        return "report"  # "claimed the January 5 attack": still the attack's date
    return "incident"


_NOUN_AFTER = re.compile(
    r"(?:'s|’s)?\s+(?:attacks?|ambush(?:es)?|raids?|assaults?|strikes?|bombings?|massacres?)\b", re.I
)


_NIGHT = re.compile(
    r"\b(?:(?:the\s+)?(?:night|evening)\s+)?of\s+(?P<d1>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?:to|-|–|and)\s+"
    r"(?P<rest>[0-9]{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?(?:,?\s+[0-9]{4})?)",
    re.I,
)


def _nights(sentence: str, anchor: Anchor | None, years: list[int]) -> list[NewsDate]:
    """ "On the night of 22 to 23 January 2020": both days, the month and year of the second."""
    out = []
    for m in _NIGHT.finditer(sentence):
        rest = m.group("rest")
        value = parse_date(rest) if re.search(r"[0-9]{4}$", rest) else _yearless(rest, anchor, years)
        if not value.start or value.precision != "day":
            continue
        last = _start(value)
        first = last.replace(day=int(m.group("d1"))) if int(m.group("d1")) < last.day else None
        if first is None:
            continue
        value = replace(value, start=first.isoformat(), text=m.group(0))
        out.append(NewsDate(m.start(), m.end(), m.group(0), value, "incident"))
    return out


def _written(sentence: str, anchor: Anchor | None, years: list[int]) -> list[NewsDate]:
    out = _nights(sentence, anchor, years)
    for m in find_dates(sentence):
        if any(d.start <= m.start < d.end for d in out):
            continue
        if m.has_year:
            value = parse_date(m.text)
            role = "year" if value.precision == "year" else "incident"
        else:
            value = _yearless(m.text, anchor, years)
            role = "incident"
        out.append(NewsDate(m.start, m.end, m.text, value, role))  # an open one too: it dates apart
    return out


def _yearless(text: str, anchor: Anchor | None, years: list[int]) -> DateValue:
    """A day or month written without its year: the latest reading on or before the anchor."""
    if anchor is None or anchor.kind == "text":
        value = parse_date(text, DateContext(years_in_text=years))
        if value.rule == "year_from_weekday" or anchor is None:
            return value if value.start else replace(value, certain=False, reason="no date of the dispatch")
        return _closest(text, anchor)
    a = _start(anchor.value)
    value = parse_date(text, DateContext(default_year=a.year))
    if value.start and _start(value) > a:
        value = parse_date(text, DateContext(default_year=a.year - 1))
    if not value.start:
        return value
    return replace(
        value,
        rule="year_from_anchor",
        certain=anchor.value.certain,
        year_candidates=anchor.value.year_candidates,
        reason=f"the latest {text} on or before the dispatch's date, {_anchor_words(anchor)}",
    )


def _closest(text: str, anchor: Anchor) -> DateValue:
    """No dispatch date: a day and month take the year that puts them closest to the date the
    text writes in full; sure within two months of it, else open between the two years around it."""
    a = _start(anchor.value)
    readings = [parse_date(text, DateContext(default_year=y)) for y in (a.year - 1, a.year, a.year + 1)]
    readings = [r for r in readings if r.start]
    if not readings:
        return parse_date(text)
    best = min(readings, key=lambda r: abs((_start(r) - a).days))
    near = abs((_start(best) - a).days) <= 62
    years = () if near else tuple(sorted({int(r.start[:4]) for r in readings}))  # type: ignore[index]
    why = f"the year of {anchor.value.text.strip()}, the date the text writes in full"
    return replace(best, rule="year_from_context", certain=near, year_candidates=years, reason=why)


def _anchor_words(anchor: Anchor) -> str:
    where = f" (line {anchor.line})" if anchor.line else ""
    open_ = "" if anchor.value.certain else "; the dispatch's year is not fixed"
    return f"{anchor.value.text.strip()}{where}{open_}"


def _counted(anchor: Anchor, text: str, first: date, last: date, precision: str = "day") -> DateValue:
    return replace(
        anchor.value,
        start=first.isoformat(),
        end=last.isoformat(),
        precision=precision,
        text=text,
        rule="relative",
        qualifier=None,
        reason=f"'{text}' counted from the dispatch's date, {_anchor_words(anchor)}",
    )


def _relative(sentence: str, anchor: Anchor | None) -> list[NewsDate]:
    """ "yesterday", "overnight", "last week", ...: counted from the anchor."""
    if anchor is None or anchor.kind == "text":
        return []
    a = _start(anchor.value)
    out = []
    for rx, offset in _vocab().expressions:
        for m in rx.finditer(sentence):
            d = a + timedelta(days=int(offset))
            out.append(
                NewsDate(m.start(), m.end(), m.group(0), _counted(anchor, m.group(0), d, d), "incident")
            )
    for rx, e in _vocab().anchor:
        for m in rx.finditer(sentence):
            span = _span(e, m, a)
            if span is not None:
                value = _counted(anchor, m.group(0), span[0], span[1], span[2])
                out.append(NewsDate(m.start(), m.end(), m.group(0), value, "incident"))
    return sorted(out, key=lambda d: (d.start, -(d.end - d.start)))


def _n(value: int | str, m: re.Match[str]) -> int:
    if isinstance(value, int):
        return value
    word = (m.groupdict().get("n") or "").lower()
    count = int(word) if word.isdigit() else _data("relative_dates.json")["numbers"].get(word, 0)
    return -count if value.startswith("-") else count


def _span(e: dict, m: re.Match[str], a: date) -> tuple[date, date, str] | None:
    lo, hi = _n(e["from"], m), _n(e["to"], m)
    if e["unit"] == "days":
        return a + timedelta(days=lo), a + timedelta(days=hi), "day"
    if e["unit"] == "week":
        monday = a - timedelta(days=a.weekday()) + timedelta(weeks=lo)
        last = monday + timedelta(days=6)
        return monday, min(last, a), "day"
    if e["unit"] == "weekend":
        sunday = weekday_on_or_before(a, 6)
        return sunday - timedelta(days=1), sunday, "day"
    y, mo = divmod(a.year * 12 + a.month - 1 + lo, 12)
    first = date(y, mo + 1, 1)
    last = date(y, mo + 1, days_in_month(y, mo + 1))
    return first, min(last, a), "month"


def _open_weekdays(sentence: str) -> list[NewsDate]:
    """Weekdays with no date of the dispatch to count them from: named, never dated (the year, the
    month and the day are all open); each says why."""
    out = []
    for m in _vocab().weekday.finditer(sentence):
        why = f"'{m.group('w')}' and no date of the dispatch to count it from: the day is not known"
        value = DateValue(None, None, None, m.group("w"), "unresolved", certain=False, reason=why)
        out.append(NewsDate(m.start("w"), m.end("w"), m.group("w"), value, "incident"))
    return out


def _weekdays(sentence: str, anchor: Anchor | None) -> list[NewsDate]:
    """Weekdays counted back from the anchor; a night from one day to the next spans both."""
    if anchor is None or anchor.kind == "text":
        return _open_weekdays(sentence)
    a = _start(anchor.value)
    out: list[NewsDate] = []
    for m in _vocab().range.finditer(sentence):
        last = weekday_on_or_before(a, weekday_number(m.group("w2")) or 0)
        gap = ((weekday_number(m.group("w2")) or 0) - (weekday_number(m.group("w1")) or 0)) % 7 or 7
        out.append(
            NewsDate(
                m.start(),
                m.end(),
                m.group(0),
                _counted(anchor, m.group(0), last - timedelta(days=gap), last),
                "incident",
            )
        )
    for m in _vocab().weekday.finditer(sentence):
        if any(d.start <= m.start() < d.end for d in out):
            continue
        day = weekday_on_or_before(a, weekday_number(m.group("w")) or 0)
        if re.search(r"(?i)\blast\s+$", sentence[: m.start()]) and day == a:
            day -= timedelta(days=7)  # "last Monday" written on a Monday
        out.append(
            NewsDate(
                m.start("w"), m.end("w"), m.group("w"), _counted(anchor, m.group("w"), day, day), "incident"
            )
        )
    return out


def same_day(a: DateValue, b: DateValue) -> bool:
    """Two dates that overlap: the same incident may carry both."""
    if not a.start or not b.start:
        return False
    return _start(a) <= date.fromisoformat(b.end or b.start) and _start(b) <= date.fromisoformat(
        a.end or a.start
    )


def days_before(a: DateValue, b: DateValue) -> int:
    """How many days ``a`` ends before ``b`` starts (negative when after)."""
    return (_start(b) - date.fromisoformat(a.end or a.start)).days  # type: ignore[arg-type]


__all__ += ["days_before", "same_day"]
