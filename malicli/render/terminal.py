"""Terminal renderer: the plain layout with boxes, rules and colour (SGR codes).

Standard library only, so that a terminal view starts as fast as a JSON one.
Text from documents is made safe in the layout (control characters shown as
``\\xNN``); the only escape codes in the output are the colours written here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .layout import Line, layout

if TYPE_CHECKING:
    from collections.abc import Iterable

# semantic style -> SGR parameters (16 colours, understood by every terminal)
STYLES = {
    "side1": "1;36",
    "side2": "1;35",
    "side3": "1;33",
    "claim": "2;3",
    "dim": "2",
    "title": "1",
    "warn": "1;33",
    "date": "32",
    "match": "1;7",
    "label": "1",
    "id": "2",
    "cyan": "36",  # the bars of stats
}


def styled(line: Line) -> str:
    """One line with its colours; every styled run ends with a reset."""
    out = []
    for text, style in line:
        code = STYLES.get(style)
        out.append(f"\x1b[{code}m{text}\x1b[0m" if code and text else text)
    return "".join(out)


def render(blocks: Iterable[object], width: int) -> str:
    """Blocks as a terminal ``width`` cells wide shows them, with colour."""
    return "".join(styled(line) + "\n" for line in layout(blocks, width, fancy=True))


def render_text(blocks: Iterable[object], width: int) -> str:
    """The same layout without colour (what the terminal shows, as text)."""
    return "".join("".join(t for t, _ in line) + "\n" for line in layout(blocks, width, fancy=True))
