"""The parts of a news item: headline, date lines, dateline, body, agency tags, credits.

A news item is recognised by its content, not by one signature: a dateline
(see :mod:`malicli.sources.dateline`), an agency tag, a credit line or a
signature line mark a dispatch; a publication date line and a headline add to
the evidence; and its first paragraphs report an incident (an attack word, a
figure of losses, an attribution). Page furniture around a copied page
("Skip to content", "Tags", "Back top", "Source link", comment forms) is left
out: the body stops at the first closing line once it has begun.

The headline repeats the lead and is kept as the document's title, never read
as an incident of its own.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .. import resolve
from ..dates import DateContext, find_dates, parse_date
from .dateline import (
    DateLine,
    Dateline,
    agency_tag,
    alternation,
    is_agency,
    is_credit_line,
    is_signature,
    read_date_line,
    read_dateline,
    signature_date,
    word_list,
    words,
)
from .layout import Para, is_wrapped
from .mentions import _data
from .text import split_sentences

__all__ = ["NewsItem", "is_chrome_line", "is_end_line", "read_item", "reports_incident", "score_item"]


@dataclass
class NewsItem:
    """A dispatch split into its parts; ``paras`` hold the body, dateline and tags cut out."""

    headline: str | None = None
    headline_line: int | None = None
    dateline: Dateline | None = None
    dateline_line: int | None = None
    date_lines: list[tuple[int, DateLine]] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # what marks it as news, in words

    def mark(self, what: str) -> None:
        """Record what marks the text as news, once."""
        if what not in self.evidence:
            self.evidence.append(what)


@functools.cache
def _line_sets() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(word_list("end_lines")), frozenset(word_list("chrome_lines"))


def _bare(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip().strip("•·|*#=-–—:").strip()).lower()


def is_end_line(line: str) -> bool:
    """Whether the line is page furniture that ends an item's text (tags, a copyright line)."""
    return _bare(line) in _line_sets()[0] or _bare(line).startswith(("copyright", "©", "all rights reserved"))


def is_chrome_line(line: str) -> bool:
    """Whether the line is page furniture to skip (a menu word) or has no word at all."""
    bare = _bare(line)
    return bare in _line_sets()[1] or not re.search(r"[A-Za-zÀ-ÿ]{2}", bare)


_BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}(?:\s*[,|]?\s*(?P<ag>.+))?$")


# "Some information for this report was provided by Reuters.", "With AFP": the agencies behind it
_SOURCE_NOTE = re.compile(
    r"^\s*(?:some information for this (?:report|article) was provided by|(?:with|avec)\s+(?=\S+\s*$)|"
    r"[\w\s,]{0,40}contributed (?:to )?this report)",
    re.I,
)


def _stamp_line(line: str) -> DateLine | None:
    """A short line above the body with a full date among other words ("0 Comment(s) Print
    E-mail Xinhua, October 18, 2021", "Hangzhou Net Release time: 2022-08-11 19:24"): the page's date."""
    if len(line.split()) > 15 or _prose_like(line):
        return None
    found = [d for d in find_dates(line) if d.has_year and d.precision == "day"]
    if len(found) != 1:
        return None
    value = parse_date(found[0].text)
    return DateLine(value, line.strip(), bool(re.search(r"(?i)last\s+update", line))) if value.start else None


def _is_byline(line: str) -> bool:
    """ "By ISSA TRAORE Associated Press", "By Awa Diarra | 26 May 2021": a name, then an agency or a date."""
    m = _BYLINE.match(line)
    if m is None or len(line) >= 90 or line.rstrip().endswith("."):
        return False
    rest = m.group("ag")
    return not rest or is_agency(rest) or read_date_line(rest) is not None


def _headline_like(line: str) -> bool:
    """A title: a few words, no sentence inside, no end stop; not a section label with an agency
    ("AP National News", "International › APA")."""
    s = line.strip()
    n = len(s.split())
    if not 3 <= n <= 24 or len(s) > 180 or re.search(r"[.!?;,]$|[.!?]\s*[A-Z][a-z]|[›»]", s):
        return False
    return (s[:1].isupper() or s[:1].isdigit()) and not (n <= 4 and is_agency(s))


def _prose_like(text: str) -> bool:
    """A paragraph of prose: a long run of words, or a shorter one that ends a sentence."""
    s = text.strip()
    n = len(s.split())
    return n >= 25 or (n >= 8 and bool(re.search(r"[.!?\"”’)]$", s)))


def _town_colon(raw: str) -> Dateline | None:
    """ "Bamako: At least three ...": a known town and a colon opening the paragraph."""
    m = re.match(r"^\s*([A-Z][a-zà-ÿ]+)\s*:\s+(?=[A-Z])", raw)
    pid = resolve.resolve_place(m.group(1)) if m else None
    if m is None or pid is None or (resolve.place(pid) or {}).get("kind") != "town":
        return None
    return Dateline(m.group(0).strip(), m.group(1), None, None, None, m.end())


class _Reader:
    """Fills a NewsItem line by line."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.item = NewsItem()
        self.wrapped = is_wrapped(lines)
        self.started = False  # the body has begun
        self.ended = False
        self.current: Para | None = None

    def run(self) -> NewsItem:
        for number, raw in enumerate(self.lines, 1):
            if not raw.strip():
                self.current = None
                continue
            if not self.ended:
                self._line(number, raw)
        return self.item

    def _line(self, number: int, raw: str) -> None:
        s = raw.strip()
        if re.match(r"^(?:FILE(?:\s+PHOTO)?|PHOTO|Photo|IMAGE)\s*[-–—:|]", s):
            return  # a photo caption ("FILE - United Nations forces patrol ... on Sept. 26, 2021.")
        if self._furniture(number, s):
            self.current = None
            return
        repeats = self.started and self._repeats_lead(raw)
        dateline = (
            (read_dateline(raw) or (_town_colon(raw) if repeats else None))
            if not self.started or repeats
            else None
        )
        if dateline is not None:
            self._dateline(number, raw, dateline)
            return
        byline = _staff_byline().match(raw) if not self.started else None
        if byline is not None:
            self.item.mark("a staff byline")
            self._body(number, raw, byline.end())
            return
        if not self.started and re.match(r"^[-•·*]\s", s):
            return  # a summary point over the dispatch ("- Mali was plunged into conflict in 2012 ...")
        if not self.started and not _prose_like(s):
            if _headline_like(s) and self.item.headline is None:
                self.item.headline, self.item.headline_line = s, number
                self.item.mark("a headline")
            return
        self._body(number, raw, 0)

    def _repeats_lead(self, raw: str) -> bool:
        """ "Bamako: At least three ... were killed today ..." under a standfirst that says the same:
        the dispatch starts here, and the standfirst is dropped."""
        item = self.item
        if item.dateline is not None or len(item.paras) != 1:
            return False
        found = read_dateline(raw) or _town_colon(raw)
        if found is None:
            return False
        words = raw[found.end :].split()[:8]
        if words and item.paras[0].text.split()[:8] == words:
            item.paras.clear()
            return True
        return False

    def _furniture(self, number: int, s: str) -> bool:
        """Lines that are not prose: date lines, bylines, tags, credits, signatures, page furniture."""
        item = self.item
        if self.started and is_end_line(s):
            self.ended = True
            item.mark("the closing furniture of a news page")
            return True
        if is_signature(s):
            item.mark("an agency signature line")
            found = signature_date(s)
            if found is not None:
                item.date_lines.append((number, DateLine(found, s, False)))
            return True
        if is_credit_line(s):
            item.mark("a credit line")
            return True
        found_date = read_date_line(s, self._dateline_md()) or (None if self.started else _stamp_line(s))
        if found_date is not None:
            item.date_lines.append((number, found_date))
            item.mark("a publication date line")
            if is_agency(s):
                item.mark("an agency tag")
            return True
        if _is_byline(s):
            if is_agency(s):
                item.mark("an agency tag")
            return True
        span = agency_tag(s)
        if span is not None and span[0] == 0:
            item.mark("an agency tag")
            return True
        label = len(s.split()) <= 5 and is_agency(s) and not s.rstrip().endswith(".")
        if not self.started and label and read_dateline(s) is None:
            item.mark("an agency tag")  # "International › APA", "AP National News": a section label
            return True
        if _SOURCE_NOTE.match(s):
            item.mark("a credit line")
            return True
        return is_chrome_line(s) or (not self.started and bool(re.match(r"(?i)^source\s*:", s)))

    def _dateline_md(self) -> tuple[int, int] | None:
        d = self.item.dateline
        if d is None or not d.date_words:
            return None
        value = parse_date(d.date_words, DateContext(default_year=2000))  # a leap year: any month and day
        return (int(value.start[5:7]), int(value.start[8:10])) if value.start else None

    def _dateline(self, number: int, raw: str, dateline: Dateline) -> None:
        item = self.item
        item.dateline, item.dateline_line = dateline, number
        item.mark("a dateline" + (f" ({dateline.agency})" if dateline.agency else ""))
        self.started = True
        if raw[dateline.end :].strip():
            self._body(number, raw, dateline.end)

    def _body(self, number: int, raw: str, col: int) -> None:
        self.started = True
        text = raw[col:].rstrip()
        span = agency_tag(text)
        if span is not None:
            self.item.mark("an agency tag")
            text = text[: span[0]] + " " * (span[1] - span[0])
        lead = len(text) - len(text.lstrip())
        if self.wrapped and self.current is not None:
            self.current.lines.append(number)
            self.current.cols.append(col + lead)
            self.current.text += "\n" + text.strip()
            return
        para = Para([number], [col + lead], text.strip().rstrip())
        self.item.paras.append(para)
        self.current = para


def read_item(text: str) -> NewsItem:
    """The parts of a news item (see the module's description)."""
    return _Reader(text.splitlines()).run()


@functools.cache
def _content_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    incident = re.compile(
        r"\b(?:" + "|".join(w["word"] for w in _kinds()) + r")\b|\b" + alternation("casualty_words", False),
        re.I,
    )
    number = r"\b(?:[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|scores|hundreds)\b"
    figure = re.compile(
        number
        + r"(?:\s+\S+){0,4}?\s+"
        + alternation("casualty_words", False)
        # "have killed at least two soldiers": the count after its verb
        + r"|\b(?:killed|killing|wounded|wounding|injured|kidnapped|abducted)\s+(?:at\s+least\s+|more\s+than\s+|"
        r"some\s+|about\s+|around\s+|nearly\s+)?" + number,
        re.I,
    )
    said = re.compile(r"\b(?:said|says|told|according to|reported|announced|statement)\b", re.I)
    return incident, figure, said


@functools.cache
def _staff_byline() -> re.Pattern[str]:
    """ "BY A STAFF REPORTER: At least ...": a staff byline opening the first paragraph."""
    return re.compile(rf"^\s*{alternation('staff_bylines')}\s*[:,–—-]\s*(?=\S)", re.I)


@functools.cache
def _lead_attribution() -> re.Pattern[str]:
    return re.compile(_data("news_words.json")["lead_attribution"]["pattern"], re.I)


@functools.cache
def _news_time() -> re.Pattern[str]:
    return re.compile(_data("news_words.json")["lead_attribution"]["news_time"], re.I)


def is_news_lead(paragraph: str, headline: bool) -> bool:
    """A first sentence that reports an incident (with a figure of losses, or under a headline),
    does not open on a full date as a chronicle does, and attributes what it reports
    (", the army said", "according to ...") or dates it as news does, from the day it is written
    ("were killed Tuesday", "today")."""
    sentences = split_sentences(paragraph)
    if not sentences:
        return False
    first = sentences[0][1]
    incident, figure, _ = _content_res()
    opens_dated = any(d.start < 20 and d.has_year for d in find_dates(first))
    if opens_dated or not incident.search(first):
        return False
    if _lead_attribution().search(first):
        return bool(figure.search(first)) or headline
    return bool(figure.search(first) and _news_time().search(first))  # "were killed Tuesday in ..."


@functools.cache
def _kinds() -> list[dict]:
    return list(words("incident_kinds"))


@functools.cache
def _agency_source() -> re.Pattern[str]:
    ag = alternation("agencies")
    return re.compile(
        rf"\b(?:told|tells|according to|reached by|contacted by|quoted by|provided by|speaking to)\s+(?:the\s+)?{ag}\b"
        rf"|\b{ag}\s+(?:can report|learnt|learned|reported|has learned)\b",
        re.I,
    )


def reports_incident(text: str) -> bool:
    """Prose that reports an incident: an attack or casualty word and a figure or an attribution."""
    incident, figure, said = _content_res()
    return bool(incident.search(text)) and bool(figure.search(text) or said.search(text))


@functools.cache
def _not_news_label() -> re.Pattern[str]:
    return re.compile(rf"^\W*{alternation('not_news_labels')}\s*(?:[:|›»–—-]|$)", re.I)


def _labelled_not_news(text: str, item: NewsItem) -> bool:
    """An opinion piece, an analysis, an editorial: a label opens its headline or a line above its body."""
    first_body = item.paras[0].lines[0] if item.paras else len(text.splitlines()) + 1
    above = [line for line in text.splitlines()[: first_body - 1] if line.strip()]
    return any(_not_news_label().match(line) for line in above)


def score_item(text: str) -> tuple[float, NewsItem]:
    """How sure it is that a text is a news item (0 to 1), and the item as read.

    A dateline, an agency tag, a credit line or a signature mark a dispatch:
    0.9 when its first paragraphs report an incident, 0.5 otherwise. Without
    any of them, a short text whose first paragraph reports an incident is
    news (0.6) when it names an agency as its source ("told AFP"), ends with
    the furniture of a news page ("Source link", "Back top", "Tags") or has a
    headline and a publication date line; anything less, 0: such a text is
    left to the readers of other formats, or reported as unknown.
    """
    item = read_item(text)
    if _labelled_not_news(text, item):
        return 0.0, item
    lead = " ".join(p.text for p in item.paras[:3])
    incident = reports_incident(lead)
    strong = any(
        e.startswith(("a dateline", "an agency", "a credit", "a staff byline")) for e in item.evidence
    )
    if strong:
        return (0.9 if incident else 0.5), item
    first = item.paras[0].text if item.paras else ""
    second = item.paras[1].text if len(item.paras) > 1 else ""
    if len(first.split()) < 30 and not reports_incident(first) and re.match(r"[\"“A-Z]", second):
        first = second  # a standfirst over the lead ("Mali has been plagued by ..."), not a list
    if not reports_incident(first) or len(text) >= 10000:
        return 0.0, item  # a piece that opens on anything but an incident is no dispatch
    if _agency_source().search(lead):
        item.mark("an agency named as its source")
        return 0.6, item
    if is_news_lead(first, item.headline is not None) and len(text) < 6000:
        item.mark("a news lead: an incident and who reports it")
        return 0.6, item
    furniture = "the closing furniture of a news page" in item.evidence
    return (0.6 if furniture or (item.headline and item.date_lines) else 0.0), item
