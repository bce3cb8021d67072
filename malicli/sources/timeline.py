"""Reading any English text with dates into timeline events.

Every sentence (or timeline entry) that dates something becomes an event; a
sentence that dates two things becomes two events.  Dates come in three kinds:

* written dates ("10 January 2013", "On 12 January", "By 28 June", "mid-2014");
* relative dates, counted from the last date the text stated before them
  ("the next day", "two days later", "that night", "in the same month") or,
  for news pieces, from the page's date ("yesterday", "on Tuesday");
* ordinal days without a month ("between the 11th and the 12th"), which take
  the month of the date before them.

A date written without its year takes it from all the evidence: the year
heading or section title it stands under, the dates stated before and after
it (the narrative's order: a day and month that would go backwards belong to
the next year, unless a stated date soon after says otherwise), and the
page's publication date.  When the evidence leaves the year open the date is
stored as uncertain (``certain=False``) with every year the evidence allows
in ``year_candidates`` and the reason in words; it is never shown as stated.

Dates that are not events stay out: states and running totals "as of" a date,
forecasts and plans, dates inside names ("the 21 March Coup"), birth dates,
reference lists and page stamps, the end of a period already dated, a date
in an opening "After ..." clause.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..dates import DateContext, DateValue, find_dates, parse_date, weekday_on_or_before
from ..datewords import WEEKDAY_NAMES, days_in_month, month_name, weekday_number
from . import common, mentions
from .layout import Anchor, Heading, Layout, Para, read_layout
from .mentions import _data
from .records import Document, Event, Figure, Participant
from .text import FOOTNOTE, REF_MARK, split_sentences

__all__ = ["read_dated_text", "count_dated_sentences"]

FLASHBACK_DAYS = 62  # a step back in the narrative shorter than this is a flashback, not a new year
NEAR_SENTENCES = 3  # a stated date this close after a date bounds it exactly


# ---------------------------------------------------------------- vocabulary


def _words(entry: dict | str) -> str:
    words = entry["words"] if isinstance(entry, dict) else entry
    return "(?:" + "|".join(words) + ")" if isinstance(words, list) else "(?:" + words + ")"


class _Vocab:
    def __init__(self) -> None:
        rel = _data("relative_dates.json")
        ev = _data("event_words.json")
        self.numbers: dict[str, int] = rel["numbers"]
        self.relative = _combined(rel["expressions"])
        self.page = _combined(rel["page_expressions"])
        self.year_nouns = re.compile(rf"\b{_words(rel['year_event_nouns'])}\s+in\s+$", re.I)
        self.year_deeds = re.compile(rf"\b{_words(rel['year_event_deeds'])}\s+in\s+$")
        self.year_openers = re.compile(rf"^\W*(?:{_words(rel['year_openers'])}\s+)?(?:the\s+)?$", re.I)
        self.month_openers = re.compile(r"^\W*(?:in|during|by|later|early|late|then)?\s*$", re.I)
        self.state = re.compile(rf"\b{_words(ev['state'])}\s+(?:the\s+)?$", re.I)
        self.forecast = re.compile(rf"\b{_words(ev['forecast'])}\b", re.I)
        self.since = re.compile(rf"\b{_words(ev['since'])}\s+(?:the\s+)?$", re.I)
        self.period = re.compile(rf"\b{_words(ev['period'])}\s+(?:the\s+)?$", re.I)
        self.reference = re.compile(rf"\b{_words(ev['reference'])}\s*[:,]?\s*$", re.I)
        self.birth = re.compile(rf"(?:\b|\(){_words(ev['birth'])}\s+(?:on\s+|in\s+)?$", re.I)
        self.subordinate = re.compile(rf"^\W*{_words(ev['subordinate'])}\b", re.I)
        self.label_after = re.compile(
            rf"^\s+(?:[A-Z][\w'’-]+\s+){{0,2}}(?:peace\s+)?{_words(ev['label_after'])}\b", re.I
        )
        self.label_the = re.compile(r"(?:\bthe|\bits|\btheir|'s|’s)\s+$", re.I)
        self.label_of = re.compile(
            rf"\bthe\s+(?:[\w'’-]+\s+){{0,2}}{_words(ev['label_after'])}\s+of\s+(?:the\s+)?$", re.I
        )
        self.label_before = re.compile(rf"\b{_words(ev['label_before'])}\s+(?:of\s+)?(?:the\s+)?$")
        self.of_year = re.compile(
            r"^,?\s+of\s+(?P<which>the same|that|that same|the following|the next|the previous)\s+year\b",
            re.I,
        )
        self.presence_end = re.compile(_words(ev["presence_end"]))
        weekdays = "|".join(WEEKDAY_NAMES)
        self.bare_weekday = re.compile(
            rf"\b(?:[Oo]n|[Ll]ast|[Tt]his)\s+(?P<w>{weekdays})\b(?!,?\s+(?:the\s+)?[0-9])(?!,?\s+[A-Z][a-z]+\s+[0-9])"
        )


def _combined(expressions: list[dict]) -> tuple[re.Pattern[str], list[tuple[str, int | str]]]:
    """One pattern for a list of expressions: group e<i> for expression i, n<i> for its number."""
    parts = []
    for i, e in enumerate(expressions):
        parts.append(f"(?P<e{i}>{e['words'].replace('(?P<n>', f'(?P<n{i}>')})")
    units = [(e["unit"], e["offset"]) for e in expressions]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.I), units


@functools.cache
def _vocab() -> _Vocab:
    return _Vocab()


_ORDINAL = re.compile(
    r"\b(?:(?P<btw>between)\s+)?the\s+(?P<a>[0-9]{1,2})(?:st|nd|rd|th)"
    r"(?:\s+(?:and|to|-|–)\s+(?:the\s+)?(?P<b>[0-9]{1,2})(?:st|nd|rd|th))?\b"
    r"(?!\s+(?:century|centuries|anniversary|of\b|[A-Z]|[a-z]+\s+(?:regiment|brigade|battalion|division|century)))"
)
_CLAUSE_BREAK = re.compile(r"[;:]|,\s|\s[–—]\s|\(|\bhowever\b|\bbut\b|\bwhile\b|\band\s+(?=\S)")
_APPOSITION = re.compile(r"[\s,(]{0,4}")
_RELATIVE_CLAUSE = re.compile(r"\b(?:that|who|which)\b")
_JOINED = re.compile(r"\s*(?:,|and|or|,\s*and)?\s*")
_DASH_ASIDE = re.compile(r"\s[–—]\s.*?\s[–—]\s")


# ---------------------------------------------------------------- units


@dataclass
class Section:
    years: list[int] = field(default_factory=list)
    heading: Heading | None = None
    index: int = 0


@dataclass
class Sentence:
    para: Para
    start: int  # offsets in para.text
    end: int
    text: str  # the sentence with reference marks blanked out (same length as the raw text)
    index: int
    section: Section
    government: str | None = None  # the state the document's bare "the government" means

    @property
    def raw(self) -> str:
        """The sentence as written, reference marks included."""
        return self.para.text[self.start : self.end]

    def line_of(self, offset: int) -> int:
        """The line number of an offset in the sentence."""
        return self.para.locate(self.start + offset)

    def quote(self, start: int = 0, end: int | None = None) -> str:
        """The raw text of a part of the sentence, line breaks kept, each line stripped."""
        raw = self.raw[start : len(self.raw) if end is None else end]
        return "\n".join(part.strip() for part in raw.split("\n")).strip()


@dataclass
class Mention:
    sentence: Sentence
    start: int
    end: int
    text: str
    kind: str  # written | relative | ordinal | page | heading | entry
    precision: str
    has_year: bool = False
    unit: str | None = None  # relative: day | month | year
    offset: int = 0
    year_offset: int | None = None  # "September of the same year": 0
    event: bool = True
    why_not: str | None = None
    value: DateValue | None = None
    seq: int = 0


def _blank_refs(text: str) -> str:
    """Reference marks, footnote digits and line breaks replaced by spaces: offsets keep pointing
    at the raw text."""
    text = FOOTNOTE.sub(lambda m: " " * len(m.group(0)), REF_MARK.sub(lambda m: " " * len(m.group(0)), text))
    return text.replace("\n", " ")


def _sentences(layout: Layout) -> list[Sentence]:
    out: list[Sentence] = []
    section = Section()
    for item in layout.items:
        if isinstance(item, Heading) and item.years:
            section = Section(_section_years(item, layout), item, section.index + 1)
            continue
        if not isinstance(item, Para):
            continue
        for offset, sentence in split_sentences(item.text):
            end = offset + len(sentence)
            out.append(Sentence(item, offset, end, _blank_refs(item.text[offset:end]), len(out), section))
    return out


def _section_years(heading: Heading, layout: Layout) -> list[int]:
    if not heading.open_ended:
        return heading.years
    last = heading.years[-1]
    stated = [int(d.start[:4]) for d in (_explicit_years_in(layout)) if d.start]
    return list(range(heading.years[0], max([last, *stated]) + 1))


def _explicit_years_in(layout: Layout) -> list[DateValue]:
    values = []
    for item in layout.items:
        if isinstance(item, Para):
            values += [
                parse_date(m.text) for m in find_dates(item.text) if m.has_year and m.precision != "year"
            ]
    return values


# ---------------------------------------------------------------- mentions


def _find_mentions(s: Sentence, page: Anchor | None) -> list[Mention]:
    """The dates of a sentence, written or implied, in order and without overlaps."""
    found = [
        Mention(s, m.start, m.end, m.text, "written", m.precision, m.has_year) for m in find_dates(s.text)
    ]
    v = _vocab()
    for m in found:
        of = v.of_year.match(s.text[m.end :])
        if of and not m.has_year:
            which = of.group("which").lower()
            m.year_offset = (
                1 if which in ("the following", "the next") else -1 if which == "the previous" else 0
            )
    extra = _relative_mentions(s, v.relative, "relative")
    if page is not None:
        extra += _relative_mentions(s, v.page, "page") + _weekday_mentions(s)
    extra += [
        Mention(s, m.start(), m.end(), m.group(0), "ordinal", "day")
        for m in _ORDINAL.finditer(s.text)
        if int(m.group("a")) <= 31 and (m.group("b") is None or int(m.group("b")) <= 31)
    ]
    for m in sorted(extra, key=lambda x: (x.start, -(x.end - x.start))):
        if not any(o.start < m.end and m.start < o.end for o in found):
            found.append(m)
    found.sort(key=lambda x: x.start)
    return found


def _relative_mentions(s: Sentence, patterns: tuple, kind: str) -> list[Mention]:
    rx, units = patterns
    out = []
    for m in rx.finditer(s.text):
        i = int(next(k for k, v in m.groupdict().items() if v is not None and k[0] == "e")[1:])
        unit, offset = units[i]
        n = offset
        if isinstance(offset, str):
            word = (m.group(f"n{i}") or "").lower()
            count = int(word) if word.isdigit() else _vocab().numbers.get(word)
            if count is None:
                continue  # "several days later": no day to count
            n = -count if offset.startswith("-") else count
        out.append(Mention(s, m.start(), m.end(), m.group(0), kind, unit, unit=unit, offset=int(n)))
    return out


def _weekday_mentions(s: Sentence) -> list[Mention]:
    """ "on Tuesday" in a dated news piece: the last such weekday before the page's date."""
    out = []
    for m in _vocab().bare_weekday.finditer(s.text):
        w = weekday_number(m.group("w"))
        out.append(
            Mention(s, m.start("w"), m.end("w"), m.group("w"), "page", "day", unit="weekday", offset=w or 0)
        )
    return out


# ---------------------------------------------------------------- events or not


def _why_not(s: Sentence, m: Mention, others: list[Mention]) -> str | None:
    """Why a date of a sentence dates no event of its own, or None when it does."""
    v = _vocab()
    text = s.text
    before = text[max(0, m.start - 80) : m.start]
    clause = re.split(r"[;.!?]", before)[-1]
    if v.reference.search(before[-40:]):
        return "a reference or page date"
    if v.birth.search(before[-20:]):
        return "a birth or death date"
    if v.state.search(before[-20:]):
        return "a state or running total 'as of' a date"
    if v.since.search(before[-16:]):
        return "the start of a state that lasts"
    named = v.label_the.search(before[-12:]) or m.text.lower().startswith("the ")
    if v.label_before.search(before[-30:]) or (named and v.label_after.match(text[m.end :])):
        return "part of a name"
    if v.label_of.search(before[-60:]):
        return "part of a name"  # "the Tuareg rebellion of January 2012": an event named, not told
    if v.forecast.search(clause[-70:]):
        return "a plan or forecast"
    if _in_opening_clause(s, m, v):
        return "the date of an earlier event the sentence starts from"
    if _in_aside(s, m) and any(o is not m and not _in_aside(s, o) for o in others):
        return "an aside about an earlier event"
    if m.precision == "year" and m.kind != "entry" and not _year_event(s, m, others):
        return "a year mentioned in passing"
    if m.kind == "relative" and m.unit == "month" and not v.month_openers.match(text[: m.start]):
        return "a month mentioned in passing"
    return None


def _in_aside(s: Sentence, m: Mention) -> bool:
    """A date inside a dashed aside or parentheses ("MUJAO – who had ... on 26 January – launched")."""
    for aside in _DASH_ASIDE.finditer(s.text):
        if aside.start() < m.start and m.end < aside.end():
            return True
    opened = s.text.rfind("(", 0, m.start)
    return opened >= 0 and s.text.find(")", opened) >= m.end and s.text.rfind(")", 0, m.start) < opened


def _in_opening_clause(s: Sentence, m: Mention, v: _Vocab) -> bool:
    if not v.subordinate.match(s.text):
        return False
    comma = s.text.find(", ")
    return comma < 0 or m.start < comma


def _year_event(s: Sentence, m: Mention, others: list[Mention]) -> bool:
    v = _vocab()
    before = s.text[: m.start]
    if v.year_openers.match(re.sub(r"\b(?:early|mid|late)[\s-]*$", "", before, flags=re.I)):
        return True
    if v.year_nouns.search(before[-40:]) or v.year_deeds.search(before[-80:]):
        return True
    if re.search(r"\bin\s+(?:early|mid|late)[\s-]*$", before + re.sub(r"[0-9]{4}.*", "", m.text), re.I):
        return True  # "released a video in early 2013": a part of a year dates what was done
    previous = [o for o in others if o.end <= m.start and o.precision == "year" and o.kind == "written"]
    return (
        bool(previous) and re.fullmatch(r"\s*(?:,|and|or)\s*", s.text[previous[-1].end : m.start]) is not None
    )


def _classify(s: Sentence, found: list[Mention]) -> None:
    """Mark each date of a sentence as an event or say why it is not one."""
    for m in found:
        m.why_not = _why_not(s, m, found)
    periods = []
    for m in found:
        if m.why_not is None and _vocab().period.search(s.text[max(0, m.start - 12) : m.start]):
            periods.append(m)
    if periods and any(m.why_not is None and m not in periods for m in found):
        for m in periods:
            m.why_not = "one end of a period"
    for m in found:
        m.event = m.why_not is None


# ---------------------------------------------------------------- years


@dataclass
class _Evidence:
    """What bounds a yearless date: stated dates before (P) and after (N), the last sure date (L)."""

    p: Mention | None = None
    l: Mention | None = None  # noqa: E741
    n: Mention | None = None
    near: bool = False  # N is within a few sentences of the same paragraph
    loose: bool = False  # N bounds only the year: the text jumps back before reaching it
    reverse: bool = False
    page: Anchor | None = None
    span: tuple[int, int] | None = None  # the years the document states, first to last


def _start(value: DateValue) -> date:
    return date.fromisoformat(value.start)  # type: ignore[arg-type]


def _end(value: DateValue) -> date:
    return date.fromisoformat(value.end or value.start)  # type: ignore[arg-type]


def _fits(d: DateValue, ev: _Evidence) -> bool:
    """A reading of a yearless date that agrees with the stated dates around it and the page date."""
    if not d.start:
        return False
    if ev.page is not None and ev.page.value.end and _start(d) > _end(ev.page.value):
        return False
    p = ev.p.value if ev.p else None
    n = ev.n.value if ev.n else None
    if ev.reverse:
        p, n = n, p
    if p is not None and _end(d) < _start(p) - timedelta(days=FLASHBACK_DAYS):
        return False
    if n is not None:
        if not ev.loose and _start(d) > _end(n):
            return False
        if ev.loose and _start(d).year > _end(n).year:
            return False
    return True


def _heading_holds(ev: _Evidence, section: Section) -> bool:
    """A section's years bind its dates unless the dates stated around them fall outside them
    (a heading "2023–present" over paragraphs dated 2017 and 2021 does not date them)."""
    years = set(section.years)
    return bool(years) and all(
        _start(x.value).year in years for x in (ev.p, ev.n) if x is not None and x.value is not None
    )


def _candidates(ev: _Evidence, section: Section) -> list[int]:
    p, n = ev.p.value if ev.p else None, ev.n.value if ev.n else None
    if _heading_holds(ev, section):
        return list(section.years)
    if p is not None:
        y = _start(p).year
        back = (_start(p) - timedelta(days=FLASHBACK_DAYS)).year < y and not ev.reverse  # a short flashback
        if n is not None and _start(n).year > y and not ev.reverse:
            return list(range(y - back, _start(n).year + 1))
        return [y - 1, y] if ev.reverse else list(range(y - back, y + 2))
    if n is not None:
        y = _start(n).year
        return [y, y + 1] if ev.reverse else [y - 1, y]
    if ev.page is not None and ev.page.value.start:
        y = _start(ev.page.value).year
        return [y - 1, y]
    return list(range(ev.span[0], ev.span[1] + 1)) if ev.span else []


@functools.lru_cache(maxsize=4096)
def _reading(text: str, year: int) -> DateValue:
    return parse_date(text, DateContext(default_year=year))


def _preferred(m: Mention, ev: _Evidence, section: Section, options: list[int]) -> tuple[int, str]:
    """The likeliest year and what makes it so: a step from the last sure date (the same year, or the
    next when the day and month go back), else the section's first year, the next stated date, the page."""
    ref = ev.l or ev.p
    if ref is not None and ref.value is not None and ref.value.start:
        y = _start(ref.value).year
        here = _reading(m.text, y)
        step = (_start(here) - _start(ref.value)).days if here.start else 0
        if ev.reverse:
            return (y, "narrative") if step <= FLASHBACK_DAYS else (y - 1, "order")
        return (y, "narrative") if step >= -FLASHBACK_DAYS else (y + 1, "order")
    if section.years:
        return (max(section.years) if ev.reverse else min(section.years)), "heading"
    if ev.n is not None and ev.n.value is not None:
        return _before_next(m, ev), "next"
    if ev.page is not None and ev.page.value.start:
        return _before_next_page(m, ev), "page"
    return (max(options) if options else 0), "span"


def _before_next(m: Mention, ev: _Evidence) -> int:
    """The year that puts a date just before the next stated date."""
    assert ev.n is not None and ev.n.value is not None
    y = _start(ev.n.value).year
    here = _reading(m.text, y)
    return y - 1 if here.start and _start(here) > _end(ev.n.value) else y


def _before_next_page(m: Mention, ev: _Evidence) -> int:
    assert ev.page is not None
    y = _start(ev.page.value).year
    here = _reading(m.text, y)
    return y - 1 if here.start and _start(here) > _end(ev.page.value) else y


def _year_of(m: Mention, ev: _Evidence, section: Section) -> DateValue:
    """Resolve a written date without a year from the evidence around it."""
    options = _candidates(ev, section)
    if not options:
        return replace(parse_date(m.text), reason="nothing in the text fixes the year")
    ref = ev.l or ev.p
    if m.year_offset is not None and ref is not None and ref.value is not None and ref.value.start:
        y = _start(ref.value).year + m.year_offset
        why = f"the year after {ref.text}" if m.year_offset else f"the same year as {ref.text}"
        return replace(_reading(m.text, y), reason=f"{why} (line {ref.sentence.line_of(ref.start)})")
    if _has_weekday(m.text):
        return _by_weekday(m, ev, options)
    consistent = [y for y in options if _fits(_reading(m.text, y), ev)]
    if not consistent and ev.n is not None and not ev.near:
        ev.loose = True  # the narrative went back before the next stated date: it bounds the year only
        consistent = [y for y in options if _fits(_reading(m.text, y), ev)]
    if len(section.years) == 1 and (ev.l or ev.p) is None and _heading_holds(ev, section):
        chosen, basis = section.years[0], "heading"  # a year heading decides
    elif not consistent and ev.near and ev.n is not None:
        chosen, basis = _before_next(m, ev), "next"  # the stated date right after it is the better witness
    else:
        chosen, basis = _preferred(m, ev, section, options)
    if consistent and chosen not in consistent:
        chosen = min(consistent, key=lambda y: abs(y - chosen))
        basis = "next" if ev.n is not None and ev.n.value is not None else basis  # the date after decides
    value = _reading(m.text, chosen)
    if not value.start:
        return value
    certain = (
        len(consistent) == 1
        or _sure_step(value, ev)
        or (basis == "page" and chosen == max(consistent or [0]))
    )
    candidates = consistent if consistent else _span(ev, chosen)
    return replace(
        value,
        rule=_RULES[basis],
        certain=certain,
        year_candidates=() if certain else tuple(candidates),
        reason=_reason(basis, chosen, ev, section, certain, consistent),
    )


def _sure_step(value: DateValue, ev: _Evidence) -> bool:
    """A year fixed by the narrative: a step forward from a sure date of the same year, which the
    next stated date does not contradict and does not leave room for another year."""
    if not _fits(value, ev):
        return False
    if ev.n is not None and ev.n.value is not None and not ev.near:
        if _start(ev.n.value).year >= _start(value).year + 2:
            return False  # years pass before the next stated date: room for another year
    for ref in (ev.l, ev.p):
        if ref is None or ref.value is None or not ref.value.start or not ref.value.certain:
            continue
        back = timedelta(days=FLASHBACK_DAYS)  # a short flashback keeps the year
        if ev.reverse:
            forward = _start(value) <= _end(ref.value) + back
        else:
            forward = _end(value) >= _start(ref.value) - back
        if forward and _start(ref.value).year == _start(value).year:
            return True
    return False


def _span(ev: _Evidence, chosen: int) -> list[int]:
    lo, hi = ev.span or (chosen, chosen)
    return list(range(min(lo, chosen), max(hi, chosen) + 1))


_RULES = {
    "narrative": "year_from_context",
    "order": "year_from_order",
    "heading": "year_from_heading",
    "next": "year_from_context",
    "page": "year_from_anchor",
    "span": "year_from_context",
}


def _where(m: Mention) -> str:
    return f"{m.text} (line {m.sentence.line_of(m.start)})"


def _reason(basis: str, chosen: int, ev: _Evidence, section: Section, certain: bool, consistent: list) -> str:
    """In words, what decided the year, and why it stays open when it does."""
    ref = ev.l or ev.p
    if basis == "narrative" and ref is not None:
        why = f"the year of {_where(ref)}"
    elif basis == "order" and ref is not None:
        why = f"after {_where(ref)} the day and month go back: the next year"
    elif basis == "heading" and section.heading is not None:
        why = f"under the heading '{section.heading.text}' (line {section.heading.line})"
    elif basis == "next" and ev.n is not None:
        why = f"just before {_where(ev.n)}"
    elif basis == "page" and ev.page is not None:
        why = f"the page is dated {ev.page.value.text.strip()} (line {ev.page.line})"
    else:
        why = "the years the text names"
    if certain:
        return why
    if not consistent:
        bound = _where(ev.n) if ev.n is not None else "the dates around it"
        return f"{why}; but {bound} does not fit that year: the year is not fixed"
    return f"{why}; the year could be any of {', '.join(map(str, consistent))}"


def _has_weekday(text: str) -> bool:
    return any(weekday_number(w) is not None for w in re.findall(r"[A-Za-z]+", text))


def _by_weekday(m: Mention, ev: _Evidence, options: list[int]) -> DateValue:
    wide = sorted({y + k for y in options for k in (-1, 0, 1)})
    fitting = [y for y in wide if _reading(m.text, y).start and _weekday_fits(m.text, y)]
    if len(fitting) == 1:
        value = parse_date(m.text, DateContext(years_in_text=fitting))
        return replace(value, reason=f"{m.text} falls on that weekday only in {fitting[0]}")
    chosen, _ = _preferred(m, ev, Section(), options)
    value = _reading(m.text, chosen)
    if not value.start:
        return value
    return replace(
        value,
        certain=False,
        year_candidates=tuple(fitting or options),
        reason="the weekday does not single out one year",
    )


def _weekday_fits(text: str, year: int) -> bool:
    value = parse_date(text, DateContext(years_in_text=[year]))
    return value.start is not None and value.start[:4] == str(year)


# ---------------------------------------------------------------- relative dates


def _shift(anchor: DateValue, m: Mention) -> DateValue | None:
    """A relative date counted from its anchor's date."""
    a = _start(anchor)
    if m.unit == "day":
        if anchor.precision != "day":
            return None
        d = a + timedelta(days=m.offset)
        return _relative_value(m, d.isoformat(), d.isoformat(), "day", anchor)
    if m.unit == "month":
        if anchor.precision not in ("day", "month"):
            return None
        y, mo = divmod(a.year * 12 + a.month - 1 + m.offset, 12)
        mo += 1
        return _relative_value(
            m, f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{days_in_month(y, mo):02d}", "month", anchor
        )
    if m.unit == "year":
        y = a.year + m.offset
        return _relative_value(m, f"{y:04d}-01-01", f"{y:04d}-12-31", "year", anchor)
    return None


def relative_day(text: str, anchor: DateValue | None) -> DateValue | None:
    """The first day counted from the date stated before ("the next day", "on the day of the
    announcement") in a sentence that writes no date of its own, or None: no such words, the
    anchor is not a day, the words tell a plan ("would happen the next day"), or they count
    hours ("a few hours after", "three hours later": from a night's fighting, maybe the next day)."""
    if anchor is None or anchor.precision != "day" or not anchor.start:
        return None
    s = Sentence(Para([1], [0], text), 0, len(text), text, 0, Section())
    for m in _relative_mentions(s, _vocab().relative, "relative"):
        if "hour" in m.text.lower():
            continue
        if m.unit == "day" and not _vocab().forecast.search(re.split(r"[;.!?]", text[: m.start])[-1][-70:]):
            return _shift(anchor, m)
    return None


def _relative_value(m: Mention, start: str, end: str, precision: str, anchor: DateValue) -> DateValue:
    return DateValue(
        start=start,
        end=end,
        precision=precision,
        text=m.text,
        rule="relative",
        certain=anchor.certain,
        year_candidates=anchor.year_candidates,
        reason=f"'{m.text}' counted from {anchor.text.strip()}",
    )


def _ordinal_value(m: Mention, anchor: DateValue) -> DateValue | None:
    """ "between the 11th and the 12th": the days of the anchor's month."""
    a = _start(anchor)
    days = [int(x) for x in re.findall(r"[0-9]{1,2}", m.text)]
    if not days or max(days) > days_in_month(a.year, a.month):
        return None
    text = (
        f"{min(days)}–{max(days)} {month_name(a.month)} {a.year}"
        if len(days) > 1
        else f"{days[0]} {month_name(a.month)} {a.year}"
    )
    value = parse_date(text)
    if not value.start:
        return None
    return replace(
        value,
        text=m.text,
        rule="relative",
        certain=anchor.certain,
        year_candidates=anchor.year_candidates,
        reason=f"'{m.text}': the month of {anchor.text.strip()}",
    )


def _page_value(m: Mention, page: Anchor) -> DateValue | None:
    """ "yesterday", "on Tuesday": counted back from the page's date."""
    if page.value.precision != "day" or not page.value.start:
        return None
    p = _start(page.value)
    if m.unit == "weekday":
        d = weekday_on_or_before(p, m.offset)
    else:
        d = p + timedelta(days=m.offset)
    return replace(
        page.value,
        start=d.isoformat(),
        end=d.isoformat(),
        text=m.text,
        rule="relative",
        reason=f"'{m.text}' counted from the page's date, {page.value.text.strip()} (line {page.line})",
    )


# ---------------------------------------------------------------- the end of an actor's presence


@dataclass
class _End:
    """The text says an actor left the country: its year, and where."""

    year: int
    where: str


def _presence_ends(found: list[Mention]) -> dict[str, _End]:
    """Each actor the text says left the country, with the year of the stated date of that
    sentence (the earliest when said twice)."""
    ends: dict[str, _End] = {}
    pattern = _vocab().presence_end
    for m in found:
        if m.kind != "written" or not m.has_year or m.why_not is not None:
            continue
        value = parse_date(m.text)
        if not value.start or not value.certain:
            continue
        s = m.sentence
        for match in pattern.finditer(s.text):
            hits = mentions.actors_in(match.group("who"), 1, "")
            if not hits or not hits[-1].actor_id:
                continue
            aid, year = hits[-1].actor_id, _start(value).year
            at = match.start("who") + max(0, match.group("who").rfind(hits[-1].as_written))
            if aid not in ends or year < ends[aid].year:
                ends[aid] = _End(year, f"'{s.quote(at, match.end())}' (line {s.line_of(at)})")
    return ends


_TAKING_PART = ("participant", "attacker", "target", "victim", "belligerent", "supported")


def _bounded_by_ends(m: Mention, value: DateValue, ends: dict[str, _End], ev: _Evidence) -> DateValue:
    """A year taken from the evidence that falls after the text says an actor of the sentence left
    the country: the years are cut at that end; when none is left the year stays open."""
    if not ends or not value.start:
        return value
    actors = mentions.actors_in(m.sentence.text, 1, "")
    bounds = [ends[p.actor_id] for p in actors if p.actor_id in ends and p.role in _TAKING_PART]
    if not bounds:
        return value
    end = min(bounds, key=lambda e: e.year)
    year = _start(value).year
    if year <= end.year:
        return value
    kept = [y for y in (value.year_candidates or (year,)) if y <= end.year]
    why = f"the text says {end.where}"
    if len(kept) == 1:
        return replace(_reading(m.text, kept[0]), rule=value.rule, reason=f"{why}: not later than {end.year}")
    if not kept:
        lo = ev.span[0] if ev.span else end.year
        kept = list(range(min(lo, end.year), end.year + 1))
    n = ev.n.value if ev.n is not None else None
    chosen = _before_next(m, ev) if n is not None and n.start and _start(n).year <= end.year else max(kept)
    chosen = min(max(chosen, kept[0]), kept[-1])
    reason = f"{why}, so not later than {end.year}; the year could be any of {', '.join(map(str, kept))}"
    if len(kept) == 1:
        reason = f"{why}, so not later than {end.year}, against the order of the dates: the year is not fixed"
    return replace(
        _reading(m.text, chosen), rule=value.rule, certain=False, year_candidates=tuple(kept), reason=reason
    )


# ---------------------------------------------------------------- reading order

_NOT_ANCHORS = ("a reference or page date", "a birth or death date", "part of a name", "a plan or forecast")


class _Resolver:
    """Gives every date of the document its value, in reading order."""

    def __init__(self, found: list[Mention], layout: Layout):
        self.all = found
        for i, m in enumerate(found):
            m.seq = i
        self.page = layout.page
        self.stated = [
            m
            for m in found
            if m.kind in ("written", "entry")
            and m.has_year
            and m.precision in ("day", "month")
            and m.why_not not in _NOT_ANCHORS
        ]
        for m in self.stated:
            m.value = parse_date(m.text)
        self.stated = [m for m in self.stated if m.value and m.value.start]
        self.reverse = _reverse_order(found)
        years = [_start(m.value).year for m in self.stated if m.value]
        self.span = (min(years), max(years)) if years else None
        self.sure: Mention | None = None  # the last date whose year is sure
        self.last: Mention | None = None  # the last written date (anchor of relative dates)
        self.ends = _presence_ends(found)

    def evidence(self, m: Mention) -> _Evidence:
        section = m.sentence.section.index
        before = [o for o in self.stated if o.seq < m.seq and o.sentence.section.index == section]
        after = [o for o in self.stated if o.seq > m.seq and o.sentence.section.index == section]
        n = after[0] if after else None
        sure = self.sure if self.sure is not None and self.sure.sentence.section.index == section else None
        return _Evidence(
            p=before[-1] if before else None,
            l=sure,
            n=n,
            near=n is not None
            and n.sentence.para is m.sentence.para
            and n.sentence.index - m.sentence.index <= NEAR_SENTENCES,
            reverse=self.reverse,
            page=self.page,
            span=self.span,
        )

    def run(self) -> None:
        for m in self.all:
            if m.kind in ("written", "entry", "heading"):
                self._written(m)
                continue
            anchor = self.last.value if self.last is not None else None
            if m.kind == "relative" and anchor is not None and anchor.start:
                m.value = _shift(anchor, m)
            elif m.kind == "ordinal" and anchor is not None and anchor.start:
                if anchor.precision in ("day", "month"):
                    m.value = _ordinal_value(m, anchor)
            elif m.kind == "page" and self.page is not None:
                m.value = _page_value(m, self.page)
            if m.value is not None and m.value.precision == "day" and m.why_not is None:
                self.last = m  # "Two days later ... That night": counted from the date just read
        if not self.reverse:
            _in_text_order(self.all)

    def _written(self, m: Mention) -> None:
        if m.value is None and m.has_year:
            m.value = parse_date(m.text)
        elif m.value is None:
            ev = self.evidence(m)
            m.value = _bounded_by_ends(m, _year_of(m, ev, m.sentence.section), self.ends, ev)
        if not m.value.start or m.why_not in _NOT_ANCHORS:
            return
        if m.value.precision in ("day", "month"):
            self.last = m
            if m.value.certain:
                self.sure = m


def _in_text_order(found: list[Mention]) -> None:
    """An open year's likeliest reading keeps the text's order where its candidates allow: read
    back from each later date, a day and month that would fall after it take the latest candidate
    year that puts them before it. The year stays open; only the reading shown first changes."""
    later: tuple[Mention, DateValue] | None = None
    for m in reversed(found):
        v = m.value
        if v is None or not v.start or m.kind not in ("written", "entry") or m.why_not in _NOT_ANCHORS:
            continue
        if not v.certain and v.year_candidates and later is not None and _start(v) > _start(later[1]):
            bound = _start(later[1])
            years = [y for y in v.year_candidates if y < _start(v).year and _reading(m.text, y).start]
            years = [y for y in years if _start(_reading(m.text, y)) <= bound]
            if years:
                new = _reading(m.text, max(years))
                m.value = replace(
                    v,
                    start=new.start,
                    end=new.end,
                    reason=f"{v.reason}; {max(years)} shown, to come before {_where(later[0])}",
                )
        later = (m, m.value or v)


def _reverse_order(found: list[Mention]) -> bool:
    """Newest entries first: the written days mostly go backwards (by date where both
    state a year, by day and month inside one section otherwise)."""
    days = []
    for m in found:
        if m.kind not in ("written", "entry") or m.precision != "day" or m.why_not in _NOT_ANCHORS:
            continue
        value = m.value if m.has_year else _reading(m.text, 2000)  # 2000: a leap year, any 29 February
        if value is not None and value.start:
            days.append((m.sentence.section.index, m.has_year, _start(value)))
    ups = downs = 0
    for (sa, ya, a), (sb, yb, b) in zip(days, days[1:]):
        if not (ya and yb):
            if sa != sb:
                continue
            a, b = a.replace(year=2000), b.replace(year=2000)
        ups += b > a
        downs += b < a
    return downs >= 2 and downs > 2 * ups


# ---------------------------------------------------------------- events


@dataclass
class _Place:
    place_id: str
    text: str
    line: int


def _segments(s: Sentence, events: list[Mention]) -> list[tuple[int, int]]:
    """The part of the sentence each dated event is about: cut at the last clause break between two
    dates; dates joined by a mere "and" ("coups in 2020 and 2021") share the whole sentence."""
    if len(events) > 1 and all(
        _JOINED.fullmatch(s.text[a.end : b.start]) for a, b in zip(events, events[1:])
    ):
        return [(0, len(s.text))] * len(events)
    bounds = [0]
    for a, b in zip(events, events[1:]):
        breaks = [
            x.start()
            for x in _CLAUSE_BREAK.finditer(s.text, a.end, b.start)
            if x.group(0)[0] not in ", "
            or s.text[a.end : x.start()].strip(" ,")  # not the comma after a date
        ]
        if not breaks:  # "... movements that had signed the agreement in 2015": its relative clause
            breaks = [x.start() for x in _RELATIVE_CLAUSE.finditer(s.text, a.end, b.start)]
        bounds.append(breaks[-1] if breaks else b.start)
    bounds.append(len(s.text))
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        piece = s.text[lo:hi]
        lead = len(piece) - len(piece.lstrip(" ,;:–—(").lstrip())
        trail = len(piece) - len(piece.rstrip(" ,;:–—"))
        out.append((lo + lead, hi - trail) if hi - trail > lo + lead else (lo, hi))
    return out


def _event_mentions(s: Sentence, found: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in found:
        if not m.event or m.value is None:
            continue
        if m.value.start is None and m.kind != "written":
            continue
        same = [o for o in out if _same_date(o, m) and _APPOSITION.fullmatch(s.text[o.end : m.start])]
        if not same:  # "The next day, 12 September": one date said twice
            out.append(m)
    return out


def _same_date(a: Mention, b: Mention) -> bool:
    assert a.value is not None and b.value is not None
    return (a.value.start, a.value.end, a.value.precision) == (b.value.start, b.value.end, b.value.precision)


def _participants(s: Sentence, text: str, start: int, line: int, quote: str) -> list:
    found = mentions.actors_in(text, line, quote, s.government)
    if "\n" not in s.raw:
        return found
    kept = []
    for p in found:  # a sentence over several lines: each actor quoted from its own line
        at = s.text.find(p.as_written, start)
        if at < 0:
            continue
        p.line = s.line_of(at)
        p.quote = s.para.text.split("\n")[s.para.lines.index(p.line)].strip()
        if p.as_written in p.quote:
            kept.append(p)
    return kept


def _figures(s: Sentence, start: int, end: int) -> list[Figure]:
    raw = s.raw[start:end]
    out = []
    offset = 0
    for part in raw.split("\n"):
        line = s.line_of(start + offset)
        if part.strip():
            out += common.prose_casualties(part.strip(), line)
        offset += len(part) + 1
    return out


def _place(event: Event, s: Sentence, text: str, start: int, context: list[_Place | None]) -> None:
    """The event's places from its text; "the city" takes the place of the paragraph."""
    hits = mentions.event_places(text)
    if hits:
        first = hits[0]
        event.place_id, event.place_text = first.place_id, first.text
        event.place_qualifier = first.qualifier
        event.place_rule, event.place_line = "from_text", s.line_of(start + first.start)
        event.other_place_ids = [h.place_id for h in hits[1:] if h.place_id]
    elif mentions.context_word(text):
        earlier = [
            _Place(h.place_id, h.text, s.line_of(h.start))
            for h in mentions.event_places(s.text[:start])
            if h.place_id and h.kind in _TOWNS
        ]
        known = earlier[0] if earlier else context[0]
        if known is not None:
            event.place_id, event.place_text = known.place_id, known.text
            event.place_rule, event.place_line = "from_context", known.line


_TOWNS = ("town", "village", "area")


def _remember_place(s: Sentence, context: list[_Place | None]) -> None:
    for hit in mentions.event_places(s.text):
        if hit.place_id and hit.kind in _TOWNS and hit.qualifier != "between":
            context[0] = _Place(hit.place_id, hit.text, s.line_of(hit.start))
            return


def _event(
    s: Sentence, m: Mention, span: tuple[int, int], whole: bool, context: list[_Place | None]
) -> Event:
    start, end = (0, len(s.text)) if whole else span
    text = s.text[start:end]
    quote = s.quote(start, end)
    first_line, last_line = s.line_of(start), s.line_of(max(start, end - 1))
    date_line = s.line_of(m.start)
    heading = s.para.heading if m.kind == "heading" else None
    if heading is not None:
        quote, first_line, date_line = f"{heading.text}\n{quote}", heading.line, heading.line
    assert m.value is not None
    event = Event(
        event_type="timeline",
        kind=common.kind_from_text(text) or "event",
        name=None,
        name_rule=None,
        date=m.value,
        date_line=date_line,
        line_start=first_line,
        line_end=last_line,
        quote=quote,
        summary=common.clean(s.raw[start:end]),
    )
    _place(event, s, text, start, context)
    event.participants = _participants(
        s, text, start, first_line if heading is None else s.line_of(start), s.quote(start, end)
    )
    event.figures = _figures(s, start, end)
    return event


def _extend(lead: Event, s: Sentence, first: Sentence, context: list[_Place | None]) -> None:
    """An undated sentence of a timeline entry: more of the entry's event."""
    lead.line_end = s.line_of(len(s.text) - 1)
    raw = s.para.text[first.start : s.end]
    if lead.quote.startswith(first.para.heading.text + "\n") if first.para.heading else False:
        lead.quote = f"{first.para.heading.text}\n" + "\n".join(p.strip() for p in raw.split("\n")).strip()  # type: ignore[union-attr]
    else:
        lead.quote = "\n".join(p.strip() for p in raw.split("\n")).strip()
    lead.summary = f"{lead.summary} {common.clean(s.raw)}"
    if lead.place_id is None and lead.place_text is None:
        _place(lead, s, s.text, 0, context)
    known = {p.actor_id for p in lead.participants}
    line = s.line_of(0)
    for p in _participants(s, s.text, 0, line, s.quote()):
        if p.actor_id not in known:
            lead.participants.append(p)
    lead.figures += _figures(s, 0, len(s.text))


def _mark_lead(s: Sentence, found: list[Mention], first: bool) -> None:
    """The date of a timeline entry, or of the date heading right above the paragraph."""
    entry = s.para.entry
    if entry is not None and s.start <= entry[0] < s.end:
        for m in found:
            if m.start == entry[0] - s.start:
                m.kind = "entry"
    heading = s.para.heading
    if first and heading is not None and heading.value is not None and not any(m.event for m in found):
        lead = Mention(s, 0, 0, heading.text, "heading", heading.value.precision or "month", True)
        lead.value = heading.value
        found.insert(0, lead)


_TAKING_PART_FIRST = ("participant", "attacker", "belligerent")


@functools.cache
def _subject_pronoun() -> re.Pattern[str]:
    words = _data("roles.json")["subject_pronouns"]["words"]
    impersonal = r"(?:was|is|has|had|seems|seemed|appears|appeared|remains|remained|rains|rained)\b"
    return re.compile(
        rf"^(?:[^,;]{{0,60}},\s*)?(?P<p>{_words(words)})\s+(?!{impersonal})[a-z]+(?:ed|s)\b", re.I
    )


def _subject(s: Sentence, previous: str | None) -> str | None:
    """The actor a sentence names first as taking part (the one before it when it names none)."""
    for p in mentions.actors_in(s.text, 1, ""):
        if p.actor_id and p.role in _TAKING_PART_FIRST:
            return p.actor_id
    return previous


def _by_pronoun(event: Event, s: Sentence, text: str, start: int, subject: str | None) -> None:
    """An event told with "it" or "the group" as its subject and no actor: the actor the sentence
    before named first, quoted by the pronoun."""
    m = _subject_pronoun().match(text.lstrip())
    if subject is None or event.participants or m is None:
        return
    at = start + (len(text) - len(text.lstrip())) + m.start("p")
    line = s.line_of(at)
    quote = s.para.text.split("\n")[s.para.lines.index(line)].strip() if "\n" in s.raw else event.quote
    event.participants.append(Participant(m.group("p"), subject, None, "participant", None, line, quote))


def _collect_events(doc: Document, sentences: list[Sentence], per: list[list[Mention]]) -> None:
    context: list[_Place | None] = [None]
    lead: tuple[Event, Sentence] | None = None
    para: Para | None = None
    notes: set[str] = set()
    subject: str | None = None
    for s, found in zip(sentences, per):
        if s.para is not para:
            para, context[0], lead, subject = s.para, None, None, None
        events = _event_mentions(s, found)
        for m, span in zip(events, _segments(s, events)):
            event = _event(s, m, span, len(events) == 1, context)
            whole = (0, len(s.text)) if len(events) == 1 else span
            _by_pronoun(event, s, s.text[whole[0] : whole[1]], whole[0], subject)
            doc.events.append(event)
            if m.kind in ("entry", "heading"):
                lead = (event, s)
            elif lead is not None and m is events[0]:
                lead = None
        if not events and lead is not None:
            _extend(lead[0], s, lead[1], context)
        _remember_place(s, context)
        subject = _subject(s, subject)
        if "\n" not in s.raw:
            for note in mentions.actor_notes(s.text, s.line_of(0)):
                if note.actor_id not in notes:
                    notes.add(note.actor_id)
                    doc.actor_notes.append(note)


def _units(text: str) -> tuple[Layout, list[Sentence], list[list[Mention]]]:
    layout = read_layout(text)
    sentences = _sentences(layout)
    government = mentions.document_government(text)
    per: list[list[Mention]] = []
    for s in sentences:
        s.government = government
        found = _find_mentions(s, layout.page)
        first = s.para.text[: s.start].strip() == ""
        _mark_lead(s, found, first)
        _classify(s, found)
        per.append(found)
    return layout, sentences, per


def read_dated_text(text: str, fmt: str) -> Document:
    """Every dated event of a text, as timeline events of a Document of format ``fmt``."""
    layout, sentences, per = _units(text)
    _Resolver([m for found in per for m in found], layout).run()
    doc = Document(format=fmt, title=None)
    _collect_events(doc, sentences, per)
    return doc


def count_dated_sentences(text: str, limit: int = 20) -> int:
    """How many sentences date an event to a day, a month or a year (counting stops at ``limit``)."""
    count = 0
    for _, _, per in [_units(text)]:
        for found in per:
            if any(m.event and m.kind in ("written", "entry", "heading") for m in found):
                count += 1
                if count >= limit:
                    return count
    return count
