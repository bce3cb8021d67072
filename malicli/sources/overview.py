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

_DATED_START = re.compile(r"^(?:\[[^\]]{1,20}\]\s*)*(?:On|By|During|In|Between)\b")


def score(text: str) -> float:
    """Many sentences that open with a date: an overview (stops counting at 20)."""
    dated = 0
    for line in text.splitlines():
        for _, sentence in common.split_sentences(line):
            if _DATED_START.match(sentence) and common.dated_mention(common.strip_refs(sentence)):
                dated += 1
                if dated >= 20:
                    return 0.8
    return 0.3 if dated >= 3 else 0.0


def parse(text: str) -> Document:
    return read_dated_text(text, FORMAT)
