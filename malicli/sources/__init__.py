"""Source parsers, one per document format, chosen by the document's content.

Each module has ``FORMAT``, ``score(text) -> float`` (how sure it is that the
text is of its format, 0 to 1) and ``parse(text) -> Document``.
"""

from __future__ import annotations

from types import ModuleType

from . import datedtext, infobox, mirror, newswire, overview, pipetable
from .records import Document

# the dated-text reader comes last: it claims any text that dates something
PARSERS = (infobox, pipetable, mirror, newswire, overview, datedtext)
MIN_SCORE = 0.3
SURE = 0.9


class UnknownFormat(ValueError):
    """No parser recognises the document."""


def detect(text: str) -> ModuleType:
    """The parser module for a text, or raise UnknownFormat."""
    if not text.strip():
        raise UnknownFormat("the document is empty")
    best, best_score = None, 0.0
    for parser in PARSERS:  # structural formats first: they are cheap to recognise
        if best_score >= getattr(parser, "MAX_SCORE", 1.0):
            continue  # it cannot win: the reader of last resort is not even tried
        s = parser.score(text)
        if s >= SURE:
            return parser
        if s > best_score:
            best, best_score = parser, s
    if best is None or best_score < MIN_SCORE:
        raise UnknownFormat(
            "no parser recognises its format (expected an infobox article, a mirror page, "
            "a pipe-table page, a news-wire item, an overview article or a text with dated sentences)"
        )
    return best


# why a reader takes a document, in words (for the build report)
REASONS = {
    "infobox-article": "a '= Title =' line and an Infobox block of '- Key: value' fields",
    "mirror-page": "a mirror page: labels glued to values and a flattened infobox",
    "pipe-table-page": "a page rendered as a text table: a title row and cells between '|'",
    "news-wire": "a news dispatch: a dateline, an agency tag, a credit or signature line, or a headline and a date "
    "line over a lead that reports an incident",
    "overview-article": "at least three sentences open with a date",
    "dated-text": "no more specific format; the text dates at least one event",
}


def detect_with_reason(text: str) -> tuple[ModuleType, str]:
    """(parser module, why it takes the text), or raise UnknownFormat."""
    parser = detect(text)
    return parser, REASONS.get(parser.FORMAT, f"recognised as {parser.FORMAT}")


def parse(text: str) -> Document:
    """The document's records, read by the parser that recognises its format."""
    return detect(text).parse(text)
