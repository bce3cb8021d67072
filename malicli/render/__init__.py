"""Output: JSON, CSV and NDJSON for scripts; plain text or colour for people.

Text follows the terminal's width when there is one ($COLUMNS, else the
terminal stdout is); in a pipe without $COLUMNS it is not wrapped at all.
"""

from __future__ import annotations

import json
import os
import sys

MIN_WIDTH = 20


def use_colour(stream=None) -> bool:
    """Colour and boxes when writing to a terminal, unless NO_COLOR or TERM=dumb;
    FORCE_COLOR forces them (NO_COLOR wins over FORCE_COLOR)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def to_json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def emit_json(data) -> None:
    write(to_json(data) + "\n")


def emit_nl(items) -> None:
    write("".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items))


def _flat(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(_flat(v)) for v in value)
    return value


def flatten(item: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in item.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}_"))
        else:
            out[f"{prefix}{k}"] = _flat(v)
    return out


def emit_csv(items, columns: list[str] | None = None) -> None:
    import csv
    import io

    rows = [flatten(it) for it in items]
    if columns is None:
        columns = []
        for r in rows:
            for k in r:
                if k not in columns:
                    columns.append(k)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    write(buf.getvalue())


def terminal_width(stream=None) -> int | None:
    """$COLUMNS, else the width of the terminal ``stream`` (stdout) is; None for a pipe."""
    value = os.environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return max(MIN_WIDTH, int(value))
    try:
        columns = os.get_terminal_size((stream or sys.stdout).fileno()).columns
    except (AttributeError, OSError, ValueError):
        return None
    return max(MIN_WIDTH, columns) if columns else None  # a terminal of unknown size says 0


def render_blocks(blocks) -> str:
    """Blocks as stdout should show them: colour on a terminal, plain text otherwise."""
    width = terminal_width()
    if use_colour():
        from .terminal import render

        return render(blocks, width or 80)
    from .plain import render as render_plain

    return render_plain(blocks, width)


def emit_blocks(blocks) -> None:
    write(render_blocks(blocks))
