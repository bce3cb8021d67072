"""rich backend, for terminals. Imported only when rendering for one.

Document text goes in as ``rich.text.Text`` objects, never as markup, so a
``[red]`` in a source prints as itself.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table as RTable
from rich.text import Text

from .blocks import Fields, Heading, Para, Side, Sides, Table, Title, safe

STYLES = {
    "side1": "bold cyan",
    "side2": "bold magenta",
    "side3": "bold yellow",
    "claim": "dim italic",
    "dim": "dim",
    "title": "bold",
    "warn": "bold yellow",
    "date": "green",
    "match": "bold reverse",
    "label": "bold",
    "id": "dim",
}


def text(seg, style: str | None = None) -> Text:
    if isinstance(seg, str):
        return Text(safe(seg), style=STYLES.get(style or "", style or ""))
    t = Text()
    for part, st in seg:
        t.append(safe(part), style=STYLES.get(st, st or ""))
    return t


def make_console(file=None, width: int | None = None, record: bool = False) -> Console:
    return Console(
        file=file, width=width, record=record, highlight=False, emoji=False, markup=False, soft_wrap=False
    )


def render(blocks, console: Console) -> None:
    for block in blocks:
        r = _block(block)
        if r is not None:
            console.print(r)


def _fields(block: Fields):
    grid = RTable.grid(padding=(0, 2))
    grid.add_column(style=STYLES["label"], no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in block.rows:
        grid.add_row(Text(label), text(value))
    return grid


def _block(block):
    if isinstance(block, Title):
        t = Text(safe(block.text), style="bold")
        if block.subtitle:
            t.append("\n" + safe(block.subtitle), style="dim")
        return Panel(t, box=box.HEAVY, expand=True)
    if isinstance(block, Heading):
        return Rule(Text(safe(block.text), style="bold"), align="left")
    if isinstance(block, Fields):
        g = _fields(block)
        return Group(Text(safe(block.title), style="bold"), g) if block.title else g
    if isinstance(block, Table):
        t = RTable(
            box=box.SIMPLE_HEAD,
            title=safe(block.title) if block.title else None,
            title_justify="left",
            expand=False,
            show_lines=False,
        )
        for i, c in enumerate(block.columns):
            t.add_column(
                c,
                overflow="fold",
                no_wrap=i not in block.wrap and len(block.wrap) > 0,
                ratio=1 if i in block.wrap else None,
            )
        for row in block.rows:
            t.add_row(*[text(c) for c in row])
        return t
    if isinstance(block, Para):
        body = text(block.text, block.style)
        return Group(Text(safe(block.title), style="bold"), body, Text()) if block.title else body
    if isinstance(block, Sides):
        grid = RTable.grid(expand=True, padding=(0, 1))
        for _ in block.sides:
            grid.add_column(ratio=1)
        grid.add_row(*[_side(s) for s in block.sides])
        return grid
    return None


def _side(side: Side):
    parts = [r for b in side.blocks if (r := _block(b)) is not None]
    return Panel(
        Group(*parts),
        title=Text(safe(side.title), style=STYLES.get(side.style, "")),
        border_style=STYLES.get(side.style, ""),
        box=box.ROUNDED,
    )
