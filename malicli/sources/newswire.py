"""News items: any agency's report of an incident, read as a careful reader would.

Recognised by content (see :mod:`malicli.sources.newsitem`): a dateline in
the style of its agency, a publication date line, an agency tag, a credit or
signature line, a headline, and a lead that reports an incident. The reader
keeps apart what the item reports (its main incident, and any further
incident it reports in its own right) from what it recalls (background
events, each dated by its own text); the headline repeats the lead and is
the document's title. Dates count from the dispatch's date (see
:mod:`malicli.sources.newsdates`), places are where the incident happened,
never the dateline's city unless the text says so (see
:mod:`malicli.sources.newsplaces`), figures keep their claimant and actors
their role (see :mod:`malicli.sources.newsevents`).
"""

from __future__ import annotations

from .newsdates import dispatch_anchor
from .newsevents import read_incidents
from .newsitem import score_item
from .records import Document

FORMAT = "news-wire"


def score(text: str) -> float:
    """0.9 for a dispatch that reports an incident, 0.5 for a weaker one (see :func:`newsitem.score_item`)."""
    return score_item(text)[0]


def parse(text: str) -> Document:
    """The incident of a news item, with the further incidents and background events it reports."""
    _, item = score_item(text)
    doc = Document(format=FORMAT, title=item.headline)
    body = "\n".join(p.text for p in item.paras)  # captions and page furniture date nothing
    anchor = dispatch_anchor(item, body)
    incidents, background = read_incidents(item, anchor, text)
    doc.events = incidents + background
    doc.events.sort(key=lambda e: (e.line_start, e.event_type != "incident"))
    return doc
