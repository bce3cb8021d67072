"""A small document model that views are written in once and rendered twice:
as plain text (pipes, NO_COLOR, TERM=dumb) and with rich (terminals).

Standard library only. Text from documents is sanitised here: control
characters and escape sequences are made visible, never sent to a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text) -> str:
    """Text as it may reach a terminal: control characters shown as \\xNN."""
    if text is None:
        return ""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(text))


# A segment is plain text, or (text, style) pairs; styles are semantic names
# (side1, side2, claim, dim, title, warn, date, match) mapped by each backend.
Seg = str | list[tuple[str, str]]


def seg_text(seg: Seg) -> str:
    if isinstance(seg, str):
        return safe(seg)
    return "".join(safe(t) for t, _ in seg)


@dataclass
class Title:
    text: str
    subtitle: str | None = None


@dataclass
class Fields:
    rows: list[tuple[str, Seg]]
    title: str | None = None


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Seg]]
    title: str | None = None
    wrap: tuple[int, ...] = ()  # columns that may wrap (the others keep their width)


@dataclass
class Para:
    text: Seg
    title: str | None = None
    style: str | None = None


@dataclass
class Side:
    title: str
    style: str
    blocks: list = field(default_factory=list)


@dataclass
class Sides:
    sides: list[Side]


@dataclass
class Heading:
    text: str
