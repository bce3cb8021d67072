"""Output: JSON, CSV and NDJSON for scripts; plain text or rich for people.

rich is imported only when stdout is a terminal that may take colour.
"""

from __future__ import annotations

import json
import os
import sys


def use_rich(stream=None) -> bool:
    """rich when writing to a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR forces
    it (NO_COLOR wins over FORCE_COLOR)."""
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


def emit_blocks(blocks, width: int | None = None) -> None:
    if use_rich():
        from .rich_backend import make_console
        from .rich_backend import render as draw

        draw(blocks, make_console(width=width))
    else:
        from .plain import render

        write(render(blocks))
