"""A small document model that views are written in once and rendered twice:
as plain text (pipes, NO_COLOR, TERM=dumb) and with colour and boxes (terminals).

Standard library only. Text from documents is sanitised here: control
characters and escape sequences are made visible, never sent to a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: object) -> str:
    """Text as it may reach a terminal: control characters shown as \\xNN."""
    if text is None:
        return ""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(text))


# A segment is plain text, or (text, style) pairs; styles are semantic names
# (side1, side2, claim, dim, title, warn, date, match) mapped by each backend.
Seg = str | list[tuple[str, str]]


def seg_text(seg: Seg) -> str:
    """A segment's text, made safe, without its styles."""
    if isinstance(seg, str):
        return safe(seg)
    return "".join(safe(t) for t, _ in seg)


class _Block:
    """Plain classes with slots rather than dataclasses: the terminal path stays light."""

    __slots__: tuple[str, ...] = ()

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__)
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(
            getattr(self, k) == getattr(other, k) for k in self.__slots__
        )

    __hash__ = None  # type: ignore[assignment]


class Title(_Block):
    __slots__ = ("text", "subtitle")

    def __init__(self, text: str, subtitle: str | None = None):
        self.text, self.subtitle = text, subtitle


class Fields(_Block):
    __slots__ = ("rows", "title")

    def __init__(self, rows: list[tuple[str, Seg]], title: str | None = None):
        self.rows, self.title = rows, title


class Col(_Block):
    """A table column and how it gives way when the table is wider than the screen.

    ``wrap``: the cell wraps onto several lines (names, sentences); ``cut``: the
    cell is shortened with an ellipsis; neither: the cell keeps its width (dates,
    numbers, file:line). ``min``: the narrowest the column may become before it
    is dropped. ``drop``: the order in which columns are left out (1 first;
    ``None``: never). Columns that may be dropped also shrink first, in the
    same order; the never-dropped wrapping column shrinks last.
    """

    __slots__ = ("header", "wrap", "cut", "min", "drop")

    def __init__(
        self, header: str, wrap: bool = False, cut: bool = False, min: int = 0, drop: int | None = None
    ):
        self.header, self.wrap, self.cut, self.min, self.drop = header, wrap, cut, min, drop


class Table(_Block):
    __slots__ = ("columns", "rows", "title")

    def __init__(self, columns: Sequence[Col | str], rows: list[list[Seg]], title: str | None = None):
        # a plain string is a column that keeps its width
        self.columns, self.rows, self.title = columns, rows, title


class Para(_Block):
    __slots__ = ("text", "title", "style")

    def __init__(self, text: Seg, title: str | None = None, style: str | None = None):
        self.text, self.title, self.style = text, title, style


class Side(_Block):
    __slots__ = ("title", "style", "blocks")

    def __init__(self, title: str, style: str, blocks: list | None = None):
        self.title, self.style, self.blocks = title, style, blocks if blocks is not None else []


class Sides(_Block):
    __slots__ = ("sides",)

    def __init__(self, sides: list[Side]):
        self.sides = sides


class Heading(_Block):
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text
