"""Layout shared by the plain and the terminal renderers: blocks -> lines of styled runs.

A line is a list of ``(text, style)`` runs; styles are the semantic names of
blocks.py. The plain renderer joins the texts; the terminal renderer adds
colour. Widths are display cells (wide characters count two). ``width=None``
lays out for scripts: nothing wrapped, nothing cut, every column shown.

Tables fit the width this way: every column starts at its natural width; the
columns that may be dropped shrink first (down to their ``min``, with an
ellipsis or by wrapping), the main column last; when even the minimums do not
fit, the lowest-ranked columns are left out and a note under the table names
them. A cell is never cut without an ellipsis. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from .blocks import Col, Fields, Heading, Para, Seg, Side, Sides, Table, Title, safe

Run = tuple[str, str]
Line = list[Run]

GAP = 2  # spaces between table columns
SIDE_BY_SIDE = 48  # narrowest side panel drawn next to another one
_WORD = re.compile(r"\S+")


# ---------------------------------------------------------------- widths, wrapping, cutting


def cell_width(text: str) -> int:
    """Display width: combining and format characters take none, wide ones two."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def runs_of(seg: Seg, style: str = "") -> list[Run]:
    """A segment (plain text or (text, style) pairs) as safe runs."""
    if isinstance(seg, str):
        return [(safe(seg), style)] if seg else []
    return [(safe(t), s or style) for t, s in seg if t]


def line_width(line: Line) -> int:
    """How many cells a line takes on screen."""
    return sum(cell_width(t) for t, _ in line)


def line_text(line: Line) -> str:
    """A line's text without its styles."""
    return "".join(t for t, _ in line)


def _slice(runs: list[Run], start: int, end: int) -> Line:
    out, pos = [], 0
    for text, style in runs:
        a, b = max(start, pos), min(end, pos + len(text))
        if a < b:
            out.append((text[a - pos : b - pos], style))
        pos += len(text)
    return out


def _take(text: str, width: int) -> int:
    """How many characters of ``text`` fit in ``width`` cells (at least one)."""
    used = 0
    for i, ch in enumerate(text):
        used += cell_width(ch)
        if used > width:
            return max(i, 1)
    return len(text)


def _spans(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of one paragraph: (start, end) of each line; words longer
    than the width are broken (the rest continues on the next line)."""
    spans: list[tuple[int, int]] = []
    start = end = used = None
    for m in _WORD.finditer(text):
        a, b = m.span()
        w = cell_width(m.group())
        if start is not None and used is not None and end is not None:
            gap = cell_width(text[end:a])
            if used + gap + w <= width:
                end, used = b, used + gap + w
                continue
            spans.append((start, end))
            start = None
        while w > width:
            n = _take(text[a:b], width)
            spans.append((a, a + n))
            a += n
            w = cell_width(text[a:b])
        start, end, used = a, b, w
    if start is not None and end is not None:
        spans.append((start, end))
    return spans or [(0, 0)]


def wrap(runs: list[Run], width: int | None) -> list[Line]:
    """Styled text wrapped at ``width`` cells; a newline always starts a new line."""
    text = "".join(t for t, _ in runs)
    lines: list[Line] = []
    pos = 0
    for para in text.split("\n"):
        if width is None:
            lines.append(_slice(runs, pos, pos + len(para)))
        else:
            lines.extend(_slice(runs, pos + a, pos + b) for a, b in _spans(para, max(width, 1)))
        pos += len(para) + 1
    return lines


def cut(runs: list[Run], width: int | None) -> Line:
    """Styled text on one line; when wider than ``width``, shortened with an ellipsis."""
    runs = [(t.replace("\n", " "), s) for t, s in runs]
    if width is None or line_width(runs) <= width:
        return runs
    if width < 1:
        return []
    text = "".join(t for t, _ in runs)
    n = _take(text, width - 1) if width > 1 else 0
    while n and text[n - 1] in " ,;:":
        n -= 1
    line = _slice(runs, 0, n)
    return line + [("…", line[-1][1] if line else "")]


def pad(line: Line, width: int) -> Line:
    """The line with spaces added to fill ``width`` cells (unchanged when it is as wide or wider)."""
    gap = width - line_width(line)
    return line + [(" " * gap, "")] if gap > 0 else line


# ---------------------------------------------------------------- tables


def column(c: Col | str) -> Col:
    """A column as given, or a plain column of that header."""
    return c if isinstance(c, Col) else Col(c)


def fit_columns(cols: list[Col], natural: list[int], width: int) -> tuple[list[int], list[int]]:
    """(indexes of the columns kept, their widths) for a table ``width`` cells wide."""
    # a column shrinks no narrower than its header (headers are not cut on a wide enough screen)
    mins = [
        min(n, max(c.min, cell_width(c.header))) if (c.wrap or c.cut) else n for c, n in zip(cols, natural)
    ]
    keep = list(range(len(cols)))

    def total(ws) -> int:
        return sum(ws[i] for i in keep) + GAP * (len(keep) - 1)

    for i in sorted((i for i, c in enumerate(cols) if c.drop is not None), key=lambda i: cols[i].drop or 0):
        if total(mins) <= width:
            break
        keep.remove(i)
    widths = list(natural)
    order = sorted(keep, key=lambda i: (cols[i].drop is None, cols[i].drop or 0))
    shrinkable = [i for i in order if cols[i].wrap or cols[i].cut]
    fixed = [i for i in order if i not in shrinkable]
    # shrink to the minimums, then (very narrow screens only) below them
    for floors in (mins, [4 if cols[i].wrap else 1 for i in range(len(cols))]):
        for i in shrinkable + (fixed if floors is not mins else []):
            excess = total(widths) - width
            if excess <= 0:
                break
            widths[i] -= min(excess, max(0, widths[i] - floors[i]))
    return keep, [widths[i] for i in keep]


def _table(block: Table, width: int | None, fancy: bool) -> list[Line]:
    cols = [column(c) for c in block.columns]
    cells = [[runs_of(c) for c in row] for row in block.rows]
    natural = [cell_width(c.header) for c in cols]
    for row in cells:
        for i, cell in enumerate(row):
            if cols[i].wrap and width is not None:
                w = max((line_width(x) for x in wrap(cell, None)), default=0)
            else:
                w = line_width(cut(cell, None))
            natural[i] = max(natural[i], w)
    if width is None:
        keep, widths = list(range(len(cols))), natural
    else:
        keep, widths = fit_columns(cols, natural, width)
    lines: list[Line] = wrap(runs_of(block.title, "title"), width) if block.title else []
    header = [cut(runs_of(cols[i].header, "label" if fancy else ""), w) for i, w in zip(keep, widths)]
    lines.append(_join(header, widths))
    rule = "─" if fancy else "-"
    if fancy:
        lines.append([(rule * (sum(widths) + GAP * (len(widths) - 1)), "dim")])
    else:
        lines.append([("  ".join(rule * w for w in widths), "")])
    for row in cells:
        parts = [
            wrap(row[i], w) if cols[i].wrap and width is not None else [cut(row[i], w)]
            for i, w in zip(keep, widths)
        ]
        for k in range(max(len(p) for p in parts)):
            lines.append(_join([p[k] if k < len(p) else [] for p in parts], widths))
    left_out = [cols[i].header for i in range(len(cols)) if i not in keep]
    if left_out:
        note = f"({', '.join(left_out)} left out at this width; a wider terminal or --json shows everything)"
        lines.extend(wrap([(note, "dim")], width))
    return lines + [[]]


def _join(cells: list[Line], widths: list[int]) -> Line:
    out: Line = []
    for k, (cell, w) in enumerate(zip(cells, widths)):
        if k:
            out.append((" " * GAP, ""))
        out.extend(pad(cell, w) if k < len(cells) - 1 else cell)
    return _rstrip(out)


def _rstrip(line: Line) -> Line:
    while line and not line[-1][0].strip():
        line = line[:-1]
    if line:
        line = line[:-1] + [(line[-1][0].rstrip(), line[-1][1])]
    return line


# ---------------------------------------------------------------- other blocks


def _fields(block: Fields, width: int | None, fancy: bool) -> list[Line]:
    lines: list[Line] = wrap(runs_of(block.title, "title"), width) if block.title else []
    lw = max((cell_width(label) for label, _ in block.rows), default=0)
    vw = None if width is None else max(20, width - lw - GAP)
    for label, value in block.rows:
        wrapped = wrap(runs_of(value), vw)
        head = pad(runs_of(label, "label" if fancy else ""), lw + GAP)
        lines.append(_rstrip(head + wrapped[0]))
        lines.extend(_rstrip([(" " * (lw + GAP), "")] + x) for x in wrapped[1:])
    return lines + [[]]


def _title(block: Title, width: int | None, fancy: bool) -> list[Line]:
    body = wrap(runs_of(block.text, "title"), None if width is None else width - (4 if fancy else 0))
    if block.subtitle:
        body += wrap(runs_of(block.subtitle, "dim"), None if width is None else width - (4 if fancy else 0))
    if fancy and width is not None:
        return _box(body, width, "━┏┓┃┗┛", "")
    under = max(line_width(x) for x in body[:1]) if width is None else min(line_width(body[0]), width)
    return body + [[("=" * under, "")], []]


def _heading(block: Heading, width: int | None, fancy: bool) -> list[Line]:
    text = runs_of(block.text, "title")
    n = line_width(text)
    if fancy and width is not None:
        return [text + [(" " + "─" * max(0, width - n - 1), "dim")]]
    return [text, [("-" * (n if width is None else min(n, width)), "")]]


def _para(block: Para, width: int | None, fancy: bool) -> list[Line]:
    lines: list[Line] = wrap(runs_of(block.title, "title"), width) if block.title else []
    return lines + wrap(runs_of(block.text, block.style or ""), width) + [[]]


def _box(body: list[Line], width: int, chars: str, style: str, title: Line | None = None) -> list[Line]:
    """Lines framed by a box ``width`` cells wide: chars are horizontal, four corners, vertical."""
    h, tl, tr, v, bl, br = tuple(chars)
    inner = width - 4
    if title:
        title = cut(title, max(1, inner - 2))
        rest = width - 2 - line_width(title) - 2
        left = rest // 2
        top = [(tl + h * left + " ", style), *title, (" " + h * (rest - left) + tr, style)]
    else:
        top = [(tl + h * (width - 2) + tr, style)]
    lines = [top]
    for line in body:
        lines.append([(v + " ", style), *pad(line, inner), (" " + v, style)])
    lines.append([(bl + h * (width - 2) + br, style)])
    return lines


def _sides(block: Sides, width: int | None, fancy: bool) -> list[Line]:
    if not fancy or width is None:
        out: list[Line] = []
        for side in block.sides:
            out.extend(_side_plain(side, width))
        return out
    n = len(block.sides)
    each = (width - (n - 1)) // n if n else width
    if n > 1 and each < SIDE_BY_SIDE:
        return [line for side in block.sides for line in _side_box(side, width)]
    panels = [_side_box(side, each) for side in block.sides]
    height = max(len(p) for p in panels)
    lines = []
    for k in range(height):
        row: Line = []
        for j, p in enumerate(panels):
            if j:
                row.append((" ", ""))
            row.extend(p[k] if k < len(p) else [(" " * each, "")])
        lines.append(_rstrip(row))
    return lines


def _side_plain(side: Side, width: int | None) -> list[Line]:
    title = runs_of(side.title, side.style)
    n = line_width(title)
    lines: list[Line] = [title, [("-" * (n if width is None else min(n, width)), "")]]
    for b in side.blocks:
        lines.extend(block_lines(b, width, False))
    return lines


def _side_box(side: Side, width: int) -> list[Line]:
    body: list[Line] = []
    for b in side.blocks:
        body.extend(block_lines(b, width - 4, True))
    while body and not body[-1]:
        body.pop()
    return _box(body, width, "─╭╮│╰╯", side.style, runs_of(side.title, side.style))


_RENDER: dict[type, Callable[..., list[Line]]] = {
    Title: _title,
    Heading: _heading,
    Fields: _fields,
    Table: _table,
    Para: _para,
    Sides: _sides,
}


def block_lines(block: object, width: int | None, fancy: bool) -> list[Line]:
    """One block as lines: plain (``fancy`` false) or with boxes and rules for a terminal."""
    fn = _RENDER.get(type(block))
    return fn(block, width, fancy) if fn else []


def layout(blocks: Iterable[object], width: int | None, fancy: bool) -> list[Line]:
    """Every block, without trailing blank lines."""
    lines: list[Line] = []
    for block in blocks:
        lines.extend(block_lines(block, width, fancy))
    while lines and not lines[-1]:
        lines.pop()
    return lines
