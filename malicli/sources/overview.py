"""Overview articles: long prose with no title line and no section markup,
bare heading lines, and many sentences that open with a date whose year may
come from context.  Read with the dated-text machinery of
:mod:`malicli.sources.timeline`; only the recognition is this module's own."""

from __future__ import annotations

import re

from . import common
from .records import Document
from .timeline import read_dated_text

FORMAT = "overview-article"

# "On 12 January", "By the night of 8 June", "[27] In late June": the opening words, then the date
_DATED_START = re.compile(
    r"^(?:\s*\[[^\]]{1,20}\])*\s*(?:On|By|During|In|Between)"
    r"(?:\s+(?:the\s+)?(?:night|evening|morning|afternoon)\s+of)?\s*$"
)


def _opens_with_date(sentence: str) -> bool:
    mention = common.dated_mention(sentence)
    if mention is None:
        return False
    prefix = sentence[: mention.start]
    if not prefix.strip(" [0123456789]") and mention.text.lower().startswith(("between", "the ")):
        return True  # "Between 8 and 10 February, ...", "The night of 11 January ..."
    return _DATED_START.match(prefix) is not None


def score(text: str) -> float:
    """Many sentences that open with a date: an overview (stops counting at 20)."""
    dated = 0
    for line in text.splitlines():
        for _, sentence in common.split_sentences(line):
            if _opens_with_date(sentence):
                dated += 1
                if dated >= 20:
                    return 0.8
    return 0.3 if dated >= 3 else 0.0


def parse(text: str) -> Document:
    """Every dated event of an overview article, as timeline events."""
    return read_dated_text(text, FORMAT)
