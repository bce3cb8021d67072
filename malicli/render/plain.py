"""Plain-text renderer: no escape codes, stable for pipes and diffs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .layout import layout, line_text

if TYPE_CHECKING:
    from collections.abc import Iterable


def render(blocks: Iterable[object], width: int | None = None) -> str:
    """Blocks as text ``width`` cells wide; ``None``: nothing wrapped or cut (for scripts)."""
    return "".join(line_text(line).rstrip() + "\n" for line in layout(blocks, width, fancy=False))
