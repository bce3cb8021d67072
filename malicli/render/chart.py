"""``malicli stats`` for people: a table of counts with a bar for each group
(drawn as text, so that rich renders it on a terminal and the plain backend in a
pipe), or a cross table when two dimensions are asked for.

Imported only when stats are drawn; standard library only.
"""

from __future__ import annotations

import os
import shutil
import sys

from .blocks import Fields, Para, Table, Title

EIGHTHS = " ▏▎▍▌▋▊▉"
PAD = 3  # what a table column takes beside its text (rich pads cells on both sides)
TITLES = {
    "year": "Year",
    "month": "Month",
    "actor": "Actor",
    "place": "Place",
    "kind": "Kind",
    "region": "Region",
}


def term_width(default: int = 80) -> int:
    """$COLUMNS, else the terminal's width when stdout is one, else ``default``."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        if sys.stdout.isatty():
            return shutil.get_terminal_size((default, 24)).columns
    except (AttributeError, ValueError):
        pass
    return default


def bar(value: int, maximum: int, width: int) -> str:
    """A horizontal bar of ``width`` characters for ``maximum``, in eighths of a character."""
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / maximum * width * 8))
    return "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def span_text(span: dict | None) -> str:
    """{"low", "high", "open_ended"} as "40–60", "40", "40+"; an en dash when no claim gave a number."""
    if not span:
        return "—"
    text = f"{span['low']:,}" if span["low"] == span["high"] else f"{span['low']:,}–{span['high']:,}"
    return text + ("+" if span["open_ended"] else "")


def _summary(report: dict) -> str:
    t = report["totals"]
    parts = [f"{t['events']:,} events", f"{t['battles']:,} battles"]
    if "casualty_claims" in t:
        parts.append(f"{t['casualty_claims']:,} casualty claims")
        if t.get("killed"):
            parts.append(f"killed {span_text(t['killed'])}")
    shown = report.get("filters") or {}
    if shown:
        parts.append("filters: " + ", ".join(f"{k}={_filter_text(v)}" for k, v in shown.items()))
    return "; ".join(parts)


def _filter_text(value) -> str:
    return ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def counted_block(report: dict) -> Fields:
    """What the statistics counted: events, battles, casualty claims and the killed."""
    c = report["counted"]
    rows = [("Events", c["events"]), ("Battles", c["battles"]), ("Claims", c["casualty_claims"])]
    if "casualties" in c:
        rows.append(("Killed", c["casualties"]))
    return Fields(rows, title="Counted")


def stats_blocks(report: dict, width: int | None = None) -> list:
    """The statistics report as blocks: a title, the table of groups, notes and what was counted."""
    width = width or term_width()
    by = report["by"]
    title = "Events by " + " and ".join(by)
    blocks: list = [Title(title, _summary(report))]
    if not report["groups"]:
        return blocks + [Para("No events match."), counted_block(report)]
    if len(by) == 1:
        blocks.append(_one_table(report, width))
    else:
        table = _cross_table(report, width)
        blocks += [table, *filter(None, [_hidden_columns(report, table)])]
    if report.get("groups_not_shown"):
        blocks.append(Para(f"{report['groups_not_shown']:,} smaller groups not shown (--top).", style="dim"))
    if len(by) == 1 and "casualty_claims" in report["totals"]:
        blocks.append(Para("Wounded, captured and missing per group: --json or --csv.", style="dim"))
    return blocks + [counted_block(report)]


def _one_table(report: dict, width: int) -> Table:
    dim = report["by"][0]
    groups = report["groups"]
    claims = "casualty_claims" in report["totals"]
    columns = [TITLES[dim], "Events", "", "Battles"] + (["Claims", "Killed"] if claims else [])
    cells = []
    for g in groups:
        row = [g[f"{dim}_label"], f"{g['events']:,}", "", f"{g['battles']:,}"]
        if claims:
            row += [f"{g['casualty_claims']:,}", span_text(g.get("killed"))]
        cells.append(row)
    widths = [max(len(str(r[i])) for r in [columns, *cells]) for i in range(len(columns))]
    for row in cells:  # numbers to the right
        for i in range(1, len(columns)):
            row[i] = row[i].rjust(widths[i])
    used = sum(w for i, w in enumerate(widths) if i != 2)
    room = max(8, min(50, width - used - PAD * len(columns) - 2))
    top = max(g["events"] for g in groups)
    rows: list[list] = []
    for g, row in zip(groups, cells):
        row[2] = [(bar(g["events"], top, room), "cyan")]
        rows.append(row)
    return Table(columns, rows)


def _cross_table(report: dict, width: int) -> Table:
    d1, d2 = report["by"]
    margins = report["margins"]
    first = [(m[d1], m[f"{d1}_label"]) for m in margins[d1]]
    second = [(m[d2], m[f"{d2}_label"]) for m in margins[d2]]
    cell = {(g[d1], g[f"{d1}_label"], g[d2], g[f"{d2}_label"]): g["events"] for g in report["groups"]}
    label_w = max(len(TITLES[d1]), *(len(lab) for _, lab in first))
    room = width - label_w - 2 * PAD - 5 - 2  # the label column, the "All" column, the edges
    shown = []
    for key in second:
        need = max(len(key[1]), 3) + PAD
        if room < need:
            break
        shown.append(key)
        room -= need
    columns = [TITLES[d1], *[lab for _, lab in shown], "All"]
    totals = {(m[d1], m[f"{d1}_label"]): m["events"] for m in margins[d1]}
    rows = []
    for key in first:
        counts = [f"{cell.get((*key, *k), 0) or '·'}" for k in shown] + [f"{totals[key]:,}"]
        rows.append([key[1], *[c.rjust(max(len(h), 3)) for c, h in zip(counts, columns[1:])]])
    return Table(columns, rows, title=f"Events per {d1} (rows) and {d2} (columns)")


def _hidden_columns(report: dict, table: Table) -> Para | None:
    d2 = report["by"][1]
    hidden = len(report["margins"][d2]) - (len(table.columns) - 2)
    if hidden <= 0:
        return None
    return Para(f"{hidden} more {d2} columns: --json or --csv, or a wider terminal.", style="dim")
