"""Output: JSON, CSV and NDJSON for scripts; plain text or colour for people.

Text follows the terminal's width when there is one ($COLUMNS, else the
terminal stdout is); in a pipe without $COLUMNS it is not wrapped at all.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import TextIO

MIN_WIDTH = 20


def use_colour(stream: TextIO | None = None) -> bool:
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


def to_json(data: object) -> str:
    """The data as indented JSON, non-ASCII characters kept as they are."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def write(text: str) -> None:
    """Write text to stdout and flush it."""
    sys.stdout.write(text)
    sys.stdout.flush()


def emit_json(data: object) -> None:
    """Print the data as indented JSON."""
    write(to_json(data) + "\n")


def emit_nl(items: Iterable[object]) -> None:
    """Print the items as newline-delimited JSON, one object a line."""
    write("".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items))


def _flat(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(_flat(v)) for v in value)
    return value


def flatten(item: dict, prefix: str = "") -> dict:
    """A flat row of an item: nested objects as prefixed keys, lists joined with ``;``, null as empty."""
    out = {}
    for k, v in item.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}_"))
        else:
            out[f"{prefix}{k}"] = _flat(v)
    return out


# The columns of each CSV list, in order, so that an empty list still prints its header;
# keys found in the items beyond these are added after them.
EVENT_COLUMNS = [
    "id",
    "name",
    "name_rule",
    "type",
    "kind",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "date_rule",
    "date_certain",
    "date_candidates",
    "date_reason",
    "status",
    "place_id",
    "place_name",
    "other_places",
    "actors",
    "summary",
    "battle_id",
    "source_file",
    "source_line",
]
ACTOR_COLUMNS = ["id", "name", "full_name", "kind", "events"]
PLACE_COLUMNS = ["id", "name", "name_fr", "kind", "region", "country", "lat", "lon", "note", "events"]
PERSON_COLUMNS = ["id", "name", "commanded", "actors", "described"]
CSV_COLUMNS = {
    "events": EVENT_COLUMNS,
    "actors": ACTOR_COLUMNS,
    "places": PLACE_COLUMNS,
    "people": PERSON_COLUMNS,
}


def emit_csv(items: Iterable[dict], columns: list[str] | None = None) -> None:
    """CSV with a header row (printed for an empty list too); nested objects flattened
    (``place_id``, ``place_name``), lists joined with ``;``, null as empty."""
    import csv
    import io

    rows = [flatten(it) for it in items]
    columns = list(columns or [])
    for r in rows:
        for k in r:
            # a null object ("place": null) is already covered by its flattened columns
            if k not in columns and not any(c.startswith(k + "_") for c in columns):
                columns.append(k)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    write(buf.getvalue())


def terminal_width(stream: TextIO | None = None) -> int | None:
    """$COLUMNS, else the width of the terminal ``stream`` (stdout) is; None for a pipe."""
    value = os.environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return max(MIN_WIDTH, int(value))
    try:
        columns = os.get_terminal_size((stream or sys.stdout).fileno()).columns
    except (AttributeError, OSError, ValueError):
        return None
    return max(MIN_WIDTH, columns) if columns else None  # a terminal of unknown size says 0


def render_blocks(blocks: Iterable[object]) -> str:
    """Blocks as stdout should show them: colour on a terminal, plain text otherwise."""
    width = terminal_width()
    if use_colour():
        from .terminal import render

        return render(blocks, width or 80)
    from .plain import render as render_plain

    return render_plain(blocks, width)


def emit_blocks(blocks: Iterable[object], pager: bool = True) -> None:
    """Blocks to stdout; through the pager when stdout is a terminal and the text is
    longer than the screen (never when piped)."""
    text = render_blocks(blocks)
    command = pager_command() if pager and _isatty(sys.stdout) else None
    if command and text.count("\n") >= _screen_lines():
        page(text, command)
    else:
        write(text)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _screen_lines() -> int:
    value = os.environ.get("LINES", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines or 24
    except (OSError, ValueError):
        return 24


def pager_command() -> list[str] | None:
    """$MALICLI_PAGER, else $PAGER, else less; None when set empty (or to cat) or not found."""
    import shlex

    for var in ("MALICLI_PAGER", "PAGER"):
        value = os.environ.get(var)
        if value is not None:
            try:
                words = shlex.split(value)
            except ValueError:
                return None
            return words if words and words != ["cat"] else None
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", "less")
        if os.access(candidate, os.X_OK) and not os.path.isdir(candidate):
            return [candidate]
    return None


def page(text: str, command: list[str]) -> None:
    """Text through the pager (less gets -FRX unless $LESS says otherwise); written
    directly when the pager cannot start. Ctrl-C belongs to the pager meanwhile."""
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        write(text)
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert proc.stdin is not None
        try:
            proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
            proc.stdin.close()
        except BrokenPipeError:
            pass  # the reader quit before the end
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
