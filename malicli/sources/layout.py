"""The layout of a dated text: paragraphs, timeline entries, date headings and page dates.

A page is read line by line into items, in order:

* :class:`Anchor` - a line that dates the page rather than an event: a
  publication or update stamp ("Published: 29 January 2013"), a byline with a
  date, a date line at the top, a news dateline ("Sept 27 (Reuters) -");
* :class:`Heading` - a heading, with the years it governs when it is a year or
  date heading ("2013", "January 2012", "2014–2015: ...", "... (2023–present)");
* :class:`Para` - a paragraph of prose or a timeline entry (a paragraph that
  opens with a date and a separator: "March 22, 2012 –", "January 21:",
  "Jan. 10 _", "- Sept. 2 -").

Reference lists (after a "References" heading, caret lines, "Retrieved ..."
and "Archived ..." lines), maintenance notes and image lines give no item.
Hard-wrapped text (lines cut at about 70 characters) is joined into
paragraphs; a paragraph keeps where each of its lines starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import DateContext, DateValue, find_dates, parse_date
from ..datewords import YEAR_DIGITS, month_number, weekday_number, years_in_line
from .text import IMAGE_LINE, MAINTENANCE, is_heading, is_reference_heading, is_reference_line

__all__ = ["Anchor", "Heading", "Layout", "Para", "is_wrapped", "read_layout"]


@dataclass
class Anchor:
    """A date that dates the page: strong ones fix the year of undated entries."""

    line: int
    value: DateValue
    strong: bool
    text: str


@dataclass
class Heading:
    line: int
    text: str
    years: list[int]  # the years it governs; empty for a heading that is not a year heading
    value: DateValue | None = None  # a month or day heading ("January 2012") dates its first paragraph
    open_ended: bool = False  # "(2023–present)"


@dataclass
class Para:
    """A paragraph: lines joined with newlines; ``starts`` says where each begins."""

    lines: list[int]  # line numbers
    cols: list[int]  # column where the paragraph's text starts on each line
    text: str
    entry: tuple[int, int] | None = None  # span of the leading date of a timeline entry
    heading: Heading | None = None  # the date heading right above it

    def locate(self, offset: int) -> int:
        """The line number of an offset of ``text``."""
        pos = 0
        for number, piece in zip(self.lines, self.text.split("\n")):
            if offset <= pos + len(piece):
                return number
            pos += len(piece) + 1
        return self.lines[-1]


@dataclass
class Layout:
    items: list[Anchor | Heading | Para] = field(default_factory=list)
    page: Anchor | None = None  # the strong page date, if any
    wrapped: bool = False


_BULLET = re.compile(r"^\s*(?:[-–—•*·▪►‣◦]\s*|\d{1,3}[.)]\s+)?")
_SEASON = re.compile(r"(?:spring|summer|autumn|fall|winter)\s+(?=" + YEAR_DIGITS + r")", re.I)
_ENTRY_SEP = re.compile(r"\s*(?:[:–—_]|\s-|-\s)\s*")
_SENTENCE_END = re.compile(r"[.!?\"”)\]]\s*$")
_CAPTION = re.compile(
    r"\((?:photo|picture|image|credit|file photo|reuters|afp|ap|getty|epa)\b[^()]*\)\s*$|^\s*(?:photo|image):",
    re.I,
)
_STAMP = re.compile(
    r"^\s*(?P<key>published|updated|last updated|posted|first published|date|dated|filed|modified|"
    r"last modified|release date|issued)(?:\s+(?:on|at))?\s*[:\-–]?\s*(?P<rest>.*\d.*)$",
    re.I,
)
_WEAK_STAMP = re.compile(r"^\s*this (?:page|article) was last (?:edited|modified|updated)\b", re.I)
_BYLINE = re.compile(
    r"^\s*[Bb]y\s+(?P<who>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|ag|and|&)){0,6})"
    r"\s*(?:(?:[,|·•–—-]|\bon\b|\bupdated\b)\s*(?P<rest>.*))?$",
)
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z .'’-]{2,30},\s+)?(?P<date>[A-Z][a-z]{2,8}\.?\s+[0-9]{1,2}(?:,?\s+"
    + YEAR_DIGITS
    + r")?)"
    r"\s*(?:\((?P<agency>[A-Z][\w .&-]{1,30})\))?\s*[-–—]\s+(?=\S)"
)
_TIME = re.compile(
    r"\b[0-9]{1,2}[:.][0-9]{2}(?::[0-9]{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*(?:GMT|UTC|CET|CEST|EST|EDT|WAT|[A-Z]{3,4}))?\b|\bat\b|[|·•,]",
    re.I,
)
_WEEKDAY_WORD = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?", re.I)
_HEADING_MARKUP = re.compile(r"^[=#*\s]+|[=#*\s]+$")
_YEAR_HEADING = re.compile(
    rf"^(?:(?P<lead>[A-Za-z]+\.?\s+)?{YEAR_DIGITS}\b|.*\(\s*{YEAR_DIGITS}\s*(?:[–—-]\s*(?:{YEAR_DIGITS}|present|today)\s*)?\)\s*$)",
    re.I,
)
_OPEN = re.compile(r"[–—-]\s*(?:present|today|ongoing)\b", re.I)


def _only_date(text: str) -> DateValue | None:
    """The date a line consists of, weekday and time of day aside; else None."""
    rest = _WEEKDAY_WORD.sub(" ", _TIME.sub(" ", text)).strip(" ,.|-–—:")
    mentions = find_dates(rest)
    if len(mentions) != 1:
        return None
    m = mentions[0]
    if rest[: m.start].strip(" ,.") or rest[m.end :].strip(" ,.()"):
        return None
    value = parse_date(text)
    return value if value.start else None


def _stamp(line: str, number: int, top: bool) -> Anchor | None:
    """A page date: stamp, byline with a date, date line at the top of the page, dateline."""
    m = _STAMP.match(line)
    if m and len(line) < 120:
        value = _only_date(m.group("rest")) or parse_date(m.group("rest"))
        if value.start and value.rule == "explicit":
            return Anchor(number, value, True, line.strip())
    if _WEAK_STAMP.match(line):
        found = [d for d in find_dates(line) if d.has_year]
        value = parse_date(found[0].text) if found else parse_date("")
        return Anchor(number, value, False, line.strip())
    b = _BYLINE.match(line)
    if b and _is_byline(b):
        rest = b.group("rest") or ""
        dated = _only_date(rest) if rest else None
        return Anchor(number, dated or parse_date(""), dated is not None, line.strip())
    if top and len(line) < 80:
        alone = _only_date(line)
        if alone is not None and alone.rule == "explicit" and alone.precision == "day":
            return Anchor(number, alone, True, line.strip())
    return None


def _is_byline(b: re.Match[str]) -> bool:
    """ "By Awa Diarra | 26 May 2021", "By The Associated Press": a name, then a date or nothing."""
    who, rest = b.group("who"), (b.group("rest") or "").strip()
    first = who.split()[0].rstrip(".").lower()
    if month_number(first) is not None or weekday_number(first) is not None or find_dates(who):
        return False  # "By December, ...": a date, not a name
    if rest:
        return _only_date(rest) is not None and len(b.group(0)) < 140
    return len(who) < 60 and not who.rstrip().endswith(".")


def _heading(line: str, number: int) -> Heading | None:
    text = _HEADING_MARKUP.sub("", line).strip()
    if not text or not (is_heading(text) or (text.endswith(":") and len(text) < 40)):
        return None
    text = text.rstrip(":").strip()
    years: list[int] = []
    value = None
    if _YEAR_HEADING.match(text):
        lead = _YEAR_HEADING.match(text).group("lead")  # type: ignore[union-attr]
        found = years_in_line(text)
        if found and (lead is None or parse_date(text[: text.find(str(found[0])) + 4]).start):
            years = list(range(found[0], found[-1] + 1)) if len(found) > 1 else found[:1]
        whole = _only_date(text)
        if whole is not None and whole.precision in ("day", "month"):
            value = whole
    return Heading(number, text, years, value, bool(_OPEN.search(text)))


def entry_span(text: str) -> tuple[int, int] | None:
    """The span of the date that opens a timeline entry ("March 22, 2012 – ..."), else None."""
    start = _BULLET.match(text).end()  # type: ignore[union-attr]
    season = _SEASON.match(text, start)
    mentions = find_dates(text[:120])
    if not mentions:
        return None
    first = mentions[0]
    if first.start not in (start, season.end() if season else -1):
        return None
    sep = _ENTRY_SEP.match(text, first.end)
    if sep is None or sep.end() >= len(text.rstrip()):
        return None
    if first.precision == "year" and len(text) < 80 and not _SENTENCE_END.search(text):
        return None  # "2014–2015: Insurgents regroup": a heading
    return first.start, first.end


def is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text: most lines of 45-90 characters, many of them ending mid-sentence."""
    body = [line.strip() for line in lines if line.strip()]
    if len(body) < 8:
        return False
    mid = [line for line in body if 45 <= len(line) <= 90]
    open_ended = [line for line in mid if not _SENTENCE_END.search(line)]
    return len(mid) >= 0.6 * len(body) and len(open_ended) >= 0.4 * len(mid)


def _skipped(line: str) -> bool:
    return bool(
        is_reference_line(line)
        or MAINTENANCE.match(line)
        or _CAPTION.search(line)
        or (IMAGE_LINE.search(line) and len(line) < 120 and not line.endswith("."))
    )


def _dateline(line: str, number: int, page: Anchor | None) -> tuple[Anchor | None, int]:
    """A news dateline ("Sept 27 (Reuters) - ..."): its date as an anchor, and where the prose starts."""
    m = _DATELINE.match(line)
    if m is None or (m.group("agency") is None and "," not in line[: m.start("date")]):
        return None, 0
    value = parse_date(m.group("date"))
    if value.start is None and page is not None and page.value.start:
        value = parse_date(m.group("date"), DateContext(default_year=int(page.value.start[:4])))
    return Anchor(number, value, bool(value.start), m.group(0).strip()), m.end()


class _Reader:
    """Builds a Layout line by line."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.layout = Layout(wrapped=is_wrapped(lines))
        self.current: Para | None = None
        self.pending: Heading | None = None
        self.in_refs = False
        self.seen_prose = False

    def _standalone(self, index: int) -> bool:
        """A line with blank lines (or the edges of the text) around it."""
        before = index == 0 or not self.lines[index - 1].strip()
        after = index + 1 >= len(self.lines) or not self.lines[index + 1].strip()
        return before and after

    def _anchor(self, anchor: Anchor) -> None:
        self.layout.items.append(anchor)
        if anchor.strong and self.layout.page is None and anchor.value.start:
            self.layout.page = anchor
        self.current = None

    def line(self, index: int, raw: str) -> None:
        number, s = index + 1, raw.strip()
        if not s:
            self.current = None
            return
        if self.in_refs or _skipped(s):
            self.current = None
            return
        if is_reference_heading(_HEADING_MARKUP.sub("", s)):
            self.in_refs, self.current = True, None
            return
        anchor = _stamp(s, number, not self.seen_prose)
        if anchor is not None:
            self._anchor(anchor)
            return
        dateline, col = _dateline(raw, number, self.layout.page)
        if dateline is not None:
            self._anchor(dateline)
        entry = entry_span(raw[col:])
        if entry is None and col == 0 and (not self.layout.wrapped or self._standalone(index)):
            heading = _heading(s, number)
            if heading is not None:
                self.layout.items.append(heading)
                self.pending = heading if heading.value is not None else None
                self.current = None
                return
        self._text(number, raw, col, entry)

    def _text(self, number: int, raw: str, col: int, entry: tuple[int, int] | None) -> None:
        if self.layout.wrapped and self.current is not None and entry is None:
            self.current.lines.append(number)
            self.current.cols.append(0)
            self.current.text += "\n" + raw
            return
        para = Para([number], [col], raw[col:], entry, self.pending)
        self.layout.items.append(para)
        self.current, self.pending, self.seen_prose = para, None, True


def read_layout(text: str) -> Layout:
    """The items of a page, in order (see the module's description)."""
    reader = _Reader(text.splitlines())
    for index, raw in enumerate(reader.lines):
        reader.line(index, raw)
    return reader.layout
