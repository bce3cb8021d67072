"""A small document model that views are written in once and rendered twice:
as plain text (pipes, NO_COLOR, TERM=dumb) and with colour and boxes (terminals).

Standard library only. Text from documents is sanitised here: control
characters and escape sequences are made visible, never sent to a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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
class Col:
    """A table column and how it gives way when the table is wider than the screen.

    ``wrap``: the cell wraps onto several lines (names, sentences); ``cut``: the
    cell is shortened with an ellipsis; neither: the cell keeps its width (dates,
    numbers, file:line). ``min``: the narrowest the column may become before it
    is dropped. ``drop``: the order in which columns are left out (1 first;
    ``None``: never). Columns that may be dropped also shrink first, in the
    same order; the never-dropped wrapping column shrinks last.
    """

    header: str
    wrap: bool = False
    cut: bool = False
    min: int = 0
    drop: int | None = None


@dataclass
class Table:
    columns: Sequence[Col | str]  # a plain string is a column that keeps its width
    rows: list[list[Seg]]
    title: str | None = None


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
