"""Overview articles: long prose with no title line and no section markup,
bare heading lines, and many dated sentences whose year may come from context."""

from __future__ import annotations

import re

from ..dates import DateContext
from . import common
from .records import Document

FORMAT = "overview-article"


_DATED_START = re.compile(r"^(?:On|By|During|In|Between)\b")


def score(text: str) -> float:
    """Many sentences that open with a date: an overview (stops counting at 20)."""
    dated = 0
    for line in text.splitlines():
        for _, sentence in common.split_sentences(line):
            if _DATED_START.match(sentence) and common.dated_mention(sentence):
                dated += 1
                if dated >= 20:
                    return 0.8
    return 0.3 if dated >= 3 else 0.0


def parse(text: str) -> Document:
    lines = text.splitlines()
    doc = Document(format=FORMAT, title=None)
    ctx = DateContext()
    last = [None]
    for number, line in enumerate(lines, 1):
        s = line.strip()
        if not s or common.MAINTENANCE.match(s):
            continue
        if common.is_heading(s):
            years = common.heading_years(s)
            if years:
                ctx.see_year(years[0])
            continue
        for _, sentence in common.split_sentences(line):
            event = common.timeline_event(sentence, number, ctx, last)
            if event:
                doc.events.append(event)
            else:
                common.see_explicit_years(sentence, ctx)
    return doc
