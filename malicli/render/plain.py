"""Plain-text backend: no escape codes, stable for pipes and diffs."""

from __future__ import annotations

import textwrap

from .blocks import Fields, Heading, Para, Side, Sides, Table, Title, safe, seg_text


def render(blocks, width: int = 100) -> str:
    out: list[str] = []
    for block in blocks:
        out.extend(_block(block, width))
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    lines = []
    for para in text.split("\n"):
        lines.extend(textwrap.wrap(para, width, initial_indent=indent, subsequent_indent=indent) or [indent])
    return lines


def _block(block, width: int) -> list[str]:
    if isinstance(block, Title):
        t = safe(block.text)
        lines = [t, "=" * min(len(t), width)]
        if block.subtitle:
            lines.insert(1, safe(block.subtitle))
        return lines + [""]
    if isinstance(block, Heading):
        t = safe(block.text)
        return [t, "-" * min(len(t), width)]
    if isinstance(block, Fields):
        lines = [safe(block.title)] if block.title else []
        w = max((len(label) for label, _ in block.rows), default=0)
        for label, value in block.rows:
            text = seg_text(value)
            wrapped = _wrap(text, max(20, width - w - 2))
            lines.append(f"{label.ljust(w)}  {wrapped[0]}")
            lines.extend(" " * (w + 2) + x for x in wrapped[1:])
        return lines + [""]
    if isinstance(block, Table):
        lines = [safe(block.title)] if block.title else []
        rows = [[seg_text(c).replace("\n", " ") for c in row] for row in block.rows]
        widths = [len(c) for c in block.columns]
        for row in rows:
            for i, c in enumerate(row):
                widths[i] = max(widths[i], len(c))
        excess = sum(widths) + 2 * (len(widths) - 1) - width
        for i in block.wrap:
            if excess > 0:
                cut = min(excess, widths[i] - max(24, len(block.columns[i])))
                if cut > 0:
                    widths[i] -= cut
                    excess -= cut
        lines.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(block.columns)).rstrip())
        lines.append("  ".join("-" * widths[i] for i in range(len(block.columns))))
        for row in rows:
            cells = [
                textwrap.wrap(c, widths[i]) or [""] if i in block.wrap else [c] for i, c in enumerate(row)
            ]
            for k in range(max(len(c) for c in cells)):
                lines.append(
                    "  ".join(
                        (c[k] if k < len(c) else "").ljust(widths[i]) for i, c in enumerate(cells)
                    ).rstrip()
                )
        return lines + [""]
    if isinstance(block, Para):
        lines = [safe(block.title)] if block.title else []
        return lines + _wrap(seg_text(block.text), width) + [""]
    if isinstance(block, Sides):
        lines = []
        for side in block.sides:
            lines.extend(_side(side, width))
        return lines
    return []


def _side(side: Side, width: int) -> list[str]:
    lines = [safe(side.title), "-" * min(len(safe(side.title)), width)]
    for b in side.blocks:
        lines.extend(_block(b, width))
    return lines
