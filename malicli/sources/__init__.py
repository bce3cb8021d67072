"""Source parsers, one per document format, chosen by the document's content.

Each module has ``FORMAT``, ``score(text) -> float`` (how sure it is that the
text is of its format, 0 to 1) and ``parse(text) -> Document``.
"""

from __future__ import annotations

from . import infobox, mirror, newswire, overview, pipetable
from .records import Document

PARSERS = (infobox, pipetable, mirror, newswire, overview)
MIN_SCORE = 0.3
SURE = 0.9


class UnknownFormat(ValueError):
    """No parser recognises the document."""


def detect(text: str):
    """The parser module for a text, or raise UnknownFormat."""
    if not text.strip():
        raise UnknownFormat("the document is empty")
    best, best_score = None, 0.0
    for parser in PARSERS:  # structural formats first: they are cheap to recognise
        s = parser.score(text)
        if s >= SURE:
            return parser
        if s > best_score:
            best, best_score = parser, s
    if best is None or best_score < MIN_SCORE:
        raise UnknownFormat(
            "no parser recognises its format (expected an infobox article, a mirror page, "
            "a pipe-table page, a news-wire item or an overview article)"
        )
    return best


def parse(text: str) -> Document:
    return detect(text).parse(text)
