"""Any English text with dates: timeline pages, encyclopedia excerpts, analysis pieces.

The reader of last resort, tried after every more specific format: each
sentence or timeline entry that dates something becomes a timeline event
(see :mod:`malicli.sources.timeline`).  A text that dates nothing is not
claimed, and is reported as skipped.
"""

from __future__ import annotations

from .records import Document
from .timeline import count_dated_sentences, read_dated_text

FORMAT = "dated-text"
MAX_SCORE = 0.3  # the lowest score that claims a document: any more specific format wins


def score(text: str) -> float:
    """0.3 (the lowest score that claims a document) when the text dates at least one event."""
    return MAX_SCORE if count_dated_sentences(text, limit=1) else 0.0


def parse(text: str) -> Document:
    """Every dated event of a text with no more specific format, as timeline events."""
    return read_dated_text(text, FORMAT)
