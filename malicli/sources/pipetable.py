"""Mirror pages that render the encyclopedia box as a text table.

The box is a table whose rows end in a run of empty cells:
``Battle of X | |||||||``, a ``---|---|...`` rule, ``Part of ... | |||||||``,
``Belligerents | |||||||``, then rows of cells separated by ``|`` (a row may
run over several lines), one cell per column: ``MNLA | MOJWA | ||||||``. A row
with a single cell and no run of empty cells spans the whole width (civilians,
totals). The columns are explicit, so a cell's column is its side. The
nested table of Date / Location / Result is often lost; a date the box lacks
is taken from the lead sentence and said so. Prose follows the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import DateContext, find_dates, parse_date
from . import common, fields, figures
from .records import Document, Event, Participant

FORMAT = "pipe-table-page"
BLOCKS = ("belligerents", "commanders and leaders", "units involved", "strength", "casualties and losses")
_RUN = re.compile(r"\|\s*\|{2,}\s*$")
_RULE = re.compile(r"^\|?\s*-{3,}\s*(?:\|\s*-{3,}\s*)+\|?\s*$")
_LABEL = re.compile(r"^(Date|Location|Place|Result|Status|Coordinates)\b\s*:?\s*(.*)$")


def score(text: str) -> float:
    """How sure it is that the text is a page rendered as a pipe table: rules, headings and cell runs."""
    lines = [line.strip() for line in text.splitlines()[:80]]
    runs = sum(1 for line in lines if _RUN.search(line))
    rule = any(_RULE.match(line) for line in lines)
    heads = any(re.match(r"^\|?\s*(?:Belligerents|Casualties and losses)\s*\|", line) for line in lines)
    return min(1.0, (0.4 if rule else 0) + (0.4 if heads else 0) + min(runs, 4) * 0.1)


@dataclass
class Row:
    line: int  # first line of the row, 1-based
    last: int
    cells: list[str]
    spans: bool  # one cell and no run of empty cells: the row spans the table
    quote: str
    cell_lines: list[tuple[int, str]]  # for each cell, the line it starts on and that line as written
    lines: list[tuple[int, str]]  # the lines of the row as written

    def where(self, text: str, default: tuple[int, str]) -> tuple[int, str]:
        """The line of the row that writes ``text`` (else ``default``)."""
        want = " ".join(common.strip_refs(text).split())
        for n, s in self.lines:
            if want and want in " ".join(common.strip_refs(s).split()):
                return n, s
        return default


def read_rows(lines: list[str]) -> tuple[list[Row], int]:
    """The rows of the table and the index of the first line after it."""
    start = next((i for i, line in enumerate(lines) if _RUN.search(line) or _RULE.match(line.strip())), None)
    if start is None:
        return [], 0
    rows: list[Row] = []
    buf: list[tuple[int, str]] = []
    i = start
    leading = lines[start].lstrip().startswith("|")  # every row opens with "|": no empty first cell
    while i < len(lines):
        s = lines[i].strip()
        if not buf and ("|" not in s and (not s or _is_prose(s))):
            break
        if s:
            buf.append((i + 1, s))
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        after = lines[i + 2].strip() if i + 2 < len(lines) else ""
        closes = bool(_RUN.search(s)) or _RULE.match(s) is not None
        # the table ends before prose, or before a heading ("Background") and the prose under it
        heading = len(nxt) < 40 and "|" not in after and _is_prose(after)
        ends_table = s.endswith("|") and (not nxt or ("|" not in nxt and (_is_prose(nxt) or heading)))
        if buf and (closes or ends_table or i + 1 == len(lines)):
            rows.append(_row(buf, leading))
            buf = []
            if ends_table and not closes:
                i += 1
                break
        i += 1
    return rows, i


def _is_prose(s: str) -> bool:
    return len(s) >= 80 and len(s.split()) >= 12 and bool(re.search(r"[.!?][\"”’)\]]*(?:\s|\[|$)", s))


def _row(buf: list[tuple[int, str]], leading: bool) -> Row:
    """A row from its lines. Where rows do not all open with "|", a row that
    does has an empty first cell (an entry written as a flag alone, lost)."""
    text = "\n".join(s for _, s in buf)  # a line break inside a row parts two entries
    starts, pos = [], 0
    for n, s in buf:
        starts.append((pos, n, s))
        pos += len(s) + 1
    run = _RUN.search(text)
    body = text[: run.start()] if run else text
    cells: list[tuple[str, int]] = []
    pos = 0
    for piece in body.split("|"):
        lead = len(piece) - len(piece.lstrip())
        cells.append((piece.strip(), pos + lead))
        pos += len(piece) + 1
    if leading and cells and not cells[0][0]:
        cells.pop(0)
    while cells and not cells[-1][0]:
        cells.pop()
    if not any(c for c, _ in cells):
        cells = []
    where = [next((n, s) for p, n, s in reversed(starts) if p <= at) for _, at in cells]
    quote = " ".join(s for _, s in buf)
    return Row(
        buf[0][0], buf[-1][0], [c for c, _ in cells], len(cells) == 1 and not run, quote, where, list(buf)
    )


def parse(text: str) -> Document:
    """The battle of a pipe-table page: its rows read as infobox fields, and the prose after the table."""
    lines = text.splitlines()
    rows, after = read_rows(lines)
    rows = [r for r in rows if r.cells and not _RULE.match(r.quote)]
    title = common.clean(rows[0].cells[0]) if rows else None
    doc = Document(format=FORMAT, title=title)
    event = Event(
        event_type="battle",
        kind=common.kind_from_name(title or "Untitled"),
        name=title or "Untitled",
        name_rule="stated",
        date=parse_date(""),
        date_line=None,
        line_start=1,
        line_end=max(len(lines), 1),
        quote=lines[rows[0].line - 1].strip() if rows else (lines[0].strip() if lines else ""),
    )
    blocks = _read_header(event, rows[1:], doc)
    lead = _lead(lines, after, rows[0].line - 1 if rows else 0)
    if not blocks:
        doc.warnings.append("box: no Belligerents or Casualties rows found; only the prose is read")
    side_map = _read_blocks(event, blocks, lead, doc)
    _date_from_lead(event, lead, doc)
    if event.part_of is None:
        doc.warnings.append("part of: the table states none")
    if event.result is None:
        doc.warnings.append(
            "result: the table states none (its Date / Location / Result rows are often lost)"
        )
    _prose(event, lines, after, lead, side_map)
    common.set_place_from_name(event)
    doc.events.append(event)
    return doc


def _read_header(event: Event, rows: list[Row], doc: Document) -> dict[str, list[Row]]:
    """Part of, labels and the rows of each block."""
    blocks: dict[str, list[Row]] = {}
    current = None
    for row in rows:
        first = common.clean(row.cells[0])
        if first.lower() in BLOCKS and len(row.cells) == 1:
            current = first.lower()
            blocks[current] = []
        elif current is not None:
            blocks[current].append(row)
        elif first.startswith("Part of ") and event.part_of is None:
            event.part_of = re.sub(r"^the\s+", "", first[len("Part of ") :], flags=re.I)
        elif _LABEL.match(first):
            _label(event, row, doc)
    return blocks


def _label(event: Event, row: Row, doc: Document) -> None:
    m = _LABEL.match(common.clean(row.cells[0]))
    assert m is not None
    value = common.clean(" ".join([m.group(2), *row.cells[1:]]))
    name = m.group(1)
    if name == "Date":
        event.date = parse_date(
            re.sub(r"(?i)[–-]\s*present\b", "", value), ongoing="present" in value.lower()
        )
        event.date_line = row.line if event.date.start else None
        event.status = "ongoing" if event.date.ongoing else ("ended" if event.date.start else None)
        event.quote = row.quote
    elif name in ("Location", "Place"):
        common.set_stated_place(event, value, row.line)
        coords = fields.parse_coordinates(value)
        if coords:
            event.lat, event.lon = coords
            event.coordinates_text, event.coordinates_line = value, row.line
    elif name in ("Result", "Status"):
        event.result = event.result or value or None
        event.result_line = row.line if event.result else None
        if name == "Status" and "ongoing" in value.lower():
            event.status = "ongoing"
    elif name == "Coordinates":
        coords = fields.parse_coordinates(value)
        if coords:
            event.lat, event.lon = coords
            event.coordinates_text, event.coordinates_line = value, row.line


def _columns(blocks: dict[str, list[Row]]) -> int | None:
    """The number of columns the content rows show (most rows of 2+ cells)."""
    counts = [len(r.cells) for rows in blocks.values() for r in rows if len(r.cells) > 1]
    return max(set(counts), key=counts.count) if counts else None


def _read_blocks(event: Event, blocks: dict[str, list[Row]], lead, doc: Document) -> dict[str, int]:
    count = _columns(blocks)
    known: dict[str, int] = {}
    for row in blocks.get("belligerents", []):
        side_of = (
            (lambda k: k + 1) if len(row.cells) == count or count is None and len(row.cells) > 1 else None
        )
        for k, cell in enumerate(row.cells):
            if not cell:
                continue
            side = side_of(k) if side_of else None
            n, quote = row.cell_lines[k]
            if side is None:
                doc.warnings.append(f"line {n}: column of {common.clean(cell)[:40]!r} not told")
            for name in _names(cell):
                for x in fields.parse_belligerents(name):
                    n, quote = row.where(x.as_written, row.cell_lines[k])
                    event.participants.append(
                        Participant(x.as_written, x.actor_id, side, x.role, x.claimed_by, n, quote)
                    )
                    if x.actor_id and side:
                        known.setdefault(x.actor_id, side)
    # a cell loses an entry written as a flag alone: a side's single visible
    # actor is not taken as the actor of its commanders and figures
    only: dict[int, str | None] = {}
    for row in blocks.get("commanders and leaders", []):
        for k, cell in enumerate(row.cells):
            if not cell:
                continue
            side = k + 1 if len(row.cells) == count else None
            _cell_commanders(event, cell, side, row, k, only.get(side or 0), doc)
    for name, context in (("strength", "strength"), ("casualties and losses", "casualties")):
        for row in blocks.get(name, []):
            for k, cell in enumerate(row.cells):
                if not cell:
                    continue
                side = k + 1 if len(row.cells) == count and not row.spans else None
                n, quote = row.where(cell.split()[0] if cell.split() else "", row.cell_lines[k])
                if common.strip_refs(cell) not in " ".join(common.strip_refs(quote).split()):
                    n, quote = row.cell_lines[k][0], row.quote
                found = figures.read_figures(cell, line=n, quote=quote, context=context, side=side)
                for f in found:
                    if f.population not in ("civilians", "overall"):
                        f.actor_id = f.actor_id or only.get(side or 0)
                if not found:
                    doc.warnings.append(f"line {n}: no figure read in {common.clean(cell)[:60]!r}")
                elif side is None and not row.spans:
                    doc.warnings.append(f"line {n}: column not told for {common.clean(cell)[:60]!r}")
                event.figures.extend(found)
    return known


def _names(cell: str) -> list[str]:
    head = re.match(r"^\s*([^:]{2,40}):\s*", cell)
    body = cell[head.end() :] if head and not fields.resolve_loose(head.group(1)) else cell
    return [n for n in fields.split_actor_run(fields.clean_name(body)) if n]


def _cell_commanders(event: Event, cell: str, side, row: Row, k: int, actor, doc: Document) -> None:
    for _, entry in fields.split_leaders(cell):
        for name in fields.split_entry_names(entry):
            leader = fields.parse_leader(name)
            n, quote = row.where(leader.name if leader else name, row.cell_lines[k])
            if leader is None:
                if not fields.not_a_person(name):
                    doc.warnings.append(f"line {n}: commander entry not understood: {name[:60]!r}")
                continue
            event.commanders.append(fields.leader_commander(leader, side, n, quote, actor))


def _lead(lines: list[str], after: int, start: int = 0) -> list[tuple[int, str]]:
    """The lead: prose before the table (some mirrors put it first), else the
    first paragraph after it."""
    before = [(i + 1, s.strip()) for i, s in enumerate(lines[:start]) if _is_prose(s.strip())]
    if before:
        return before
    out: list[tuple[int, str]] = []
    for i in range(after, len(lines)):
        s = lines[i].strip()
        if not s:
            if out:
                break
            continue
        if common.is_heading(s) and not out:
            continue
        out.append((i + 1, s))
        if len(out) >= 3:
            break
    return out


def _date_from_lead(event: Event, lead: list[tuple[int, str]], doc: Document) -> None:
    """No Date in the box: the first full date of the lead, said to come from it."""
    if event.date.start:
        return
    for n, text in lead:
        for m in find_dates(common.strip_refs(text)):
            if m.has_year and m.precision in ("day", "month"):
                event.date, event.date_line, event.quote = parse_date(m.text), n, text
                event.status = "ended"
                doc.warnings.append(f"date: the box states none; taken from the lead sentence (line {n})")
                return
    doc.warnings.append("date: neither the box nor the lead states one")


def _prose(event: Event, lines: list[str], after: int, lead, known: dict[str, int]) -> None:
    ctx = DateContext(default_year=int(event.date.start[:4]) if event.date.start else None)
    last: list = [None]
    for i in range(after, len(lines)):
        s = lines[i].strip()
        if not s or common.is_heading(s) or "|" in s:
            continue
        for _, sentence in common.split_sentences(lines[i]):
            common.read_battle_sentence(event, sentence, i + 1, ctx, last, known)
    event.summary = " ".join(common.clean(s) for _, s in lead) or None
