"""Plain-text renderer: no escape codes, stable for pipes and diffs."""

from __future__ import annotations

from .layout import layout, line_text


def render(blocks, width: int | None = None) -> str:
    """Blocks as text ``width`` cells wide; ``None``: nothing wrapped or cut (for scripts)."""
    return "".join(line_text(line).rstrip() + "\n" for line in layout(blocks, width, fancy=False))
