"""The blocks of a battle box (Belligerents, Commanders and leaders, Strength,
Casualties and losses) read into records, for the formats that flatten the
box into lines (mirror pages) or cells (pipe tables).

Each block becomes a list of items (an entry, a commander, a figure cell) in
column order; :mod:`.sides` tells their sides; the records then carry the
side, the actor, the line and the quote. Whatever is not understood becomes
a warning of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import resolve
from . import figures as figs
from . import vocab
from .fields import (
    Belligerent,
    group_header,
    is_support_header,
    leader_entries,
    parse_belligerents,
    parse_leader,
    split_flags,
)
from .records import Commander, Event, Figure, Participant
from .sides import Entry, Item, Sides, item_sides
from .text import REF_MARK, clean, is_prose, strip_refs

_BULLET = re.compile(r"^\s*[•·*▪◦‣-]\s*")
_YEARS = re.compile(r"^\(?(?:19|20)\d\d(?:\s*[–-]\s*(?:(?:19|20)?\d\d|present))?\)?:?$")


@dataclass
class Block:
    """The lines of one block: (line number, line as written)."""

    name: str
    lines: list[tuple[int, str]] = field(default_factory=list)


# ---------------------------------------------------------------- belligerents


def _side_by_side(text: str) -> list[str] | None:
    """Names of the dictionary written side by side with nothing else between
    them ("MNLA MAA"): one entry each."""
    found = resolve.find_actors(text)
    if len(found) < 2 or text[: found[0].start].strip() or text[found[-1].end :].strip():
        return None
    if any(text[a.end : b.start].strip() for a, b in zip(found, found[1:])):
        return None
    return [m.as_written for m in found]


def belligerent_entries(block: Block, warnings: list[str]) -> list[Entry]:
    """The entries of a flattened Belligerents block, with the layout around them."""
    entries: list[Entry] = []
    blanks, header, support = 0, False, False
    for n, raw in block.lines:
        s = raw.strip()
        if not s:
            blanks += 1
            support = support and not (entries and entries[-1].support)
            continue
        if is_support_header(s):
            support, header = True, False
            continue
        if is_prose(s):
            warnings.append(f"line {n}: a sentence inside the Belligerents block left out: {s[:60]!r}")
            continue
        if group_header(s) or _YEARS.match(clean(s)):
            header = bool(entries) or header
            continue
        sub = bool(_BULLET.match(raw))
        space_flag = raw.startswith(" ") and not raw.startswith("  ") and not sub
        found = 0
        for k, piece in enumerate(split_flags(_BULLET.sub("", s))):
            texts = (None if piece.flag else _side_by_side(piece.text)) or [piece.text]
            found_here = [
                b
                for text in texts
                for b in parse_belligerents(text, mode="supported" if support else "belligerent")
            ]
            for j, b in enumerate(found_here):
                flag = piece.flag if j == 0 else None
                if not b.as_written and flag is None:
                    continue
                entries.append(
                    Entry(
                        n,
                        s,
                        b,
                        flag,
                        bool(flag) or space_flag,
                        sub,
                        support and found == 0,
                        header and found == 0,
                        blanks if found == 0 else 0,
                        found > 0 or k > 0,
                    )
                )
                found += 1
        if not found:
            warnings.append(f"line {n}: belligerent line not understood: {s[:60]!r}")
        blanks, header = 0, False
    return entries


def entry_participants(entries: list[Entry], sides: list[int | None]) -> list[Participant]:
    """One participant per belligerent entry, on the side found for it."""
    out: list[Participant] = []
    for e, side in zip(entries, sides):
        b: Belligerent = e.belligerent
        out.append(Participant(b.as_written, b.actor_id, side, b.role, b.claimed_by, e.line, e.quote))
    return out


# ---------------------------------------------------------------- commanders


def leader_items(block: Block) -> list[tuple[Item, str, str]]:
    """(item, entry text, quote) for each commander entry of a flattened block."""
    out: list[tuple[Item, str, str]] = []
    blanks, group = 0, 0
    for n, raw in block.lines:
        s = raw.strip()
        if not s:
            blanks += 1
            continue
        if blanks and out:
            group += 1
        for k, (flag, entry, boundary) in enumerate(leader_entries(s)):
            leader = parse_leader(entry)
            item = Item(n, entry, flag, new_cell=boundary, blanks=blanks if k == 0 else 0, group=group)
            item.actor_id = leader.actor_id if leader else None
            item.alone = bool(re.fullmatch(r"(?i)\W*unknown\W*", strip_refs(entry)))
            out.append((item, entry, s))
        blanks = 0
    return out


def add_commanders(
    event: Event, items: list[tuple[Item, str, str]], sides: Sides, warnings: list[str]
) -> None:
    """Add a commander to the event for each entry understood, on its side; warn of the others."""
    found = item_sides([i for i, _, _ in items], sides)
    for (item, entry, quote), side in zip(items, found):
        leader = parse_leader(entry)
        if leader is None:
            if not re.fullmatch(r"(?i)\W*(?:unknown|none|n/a|various|\?)\W*", strip_refs(entry)):
                warnings.append(f"line {item.line}: commander entry not understood: {entry[:60]!r}")
            continue
        actor = leader.actor_id or sides.entry_actor(item.flag) or sides.only_actor(side)
        event.commanders.append(
            Commander(side, leader.name, leader.as_written, item.line, quote, leader.rank, leader.fate, actor)
        )


# ---------------------------------------------------------------- figures


_CELL_CUT = re.compile(r"(?<=\S)(\s*(?:\[[^\]\n]{1,20}\]\s*)+)(?=\S)")


def value_cells(text: str) -> list[str]:
    """The cells of a line of values: a reference mark followed by a further
    value ("1,500 [1] unknown") ends a cell, and so does each word of a line
    made only of bare values ("Unknown Unknown", "400 600")."""
    cells, start = [], 0
    marks = [(m, True) for m in _CELL_CUT.finditer(text)] + [(m, False) for m in _SPACE_CUT.finditer(text)]
    for m, ref in sorted(marks, key=lambda t: t[0].start()):
        rest, cell = text[m.end() :], text[start : m.start()]
        if cell.rstrip().endswith(",") or m.start() < start:
            continue  # "100+ militants,[11] ~12 technicals": a list goes on in its cell
        found = figs.find_quantities(rest[:40])
        # after a reference mark a value is a new cell unless a list is under way in the cell
        if found and found[0].start == 0 and ((ref and "," not in cell) or _new_cell(cell, rest)):
            cells.append(text[start : m.start()])
            start = m.end()
    cells.append(text[start:])
    out: list[str] = []
    bare = rf"(?:{figs.NUM}\+?|{vocab.alternation('unknown')}|{vocab.alternation('vague')})"
    for c in cells:
        text = strip_refs(c)
        words = text.split()
        found = figs.find_quantities(text)
        spans = [text[q.start : q.end] for q in found]
        if found and " ".join(spans).split() == words:
            # values only, each a cell: "~100 Several dozen", "Unknown Several hundred"; "Several dozen" is one
            out.extend(spans)
        elif len(words) >= 2 and all(re.fullmatch(bare, w, re.I) for w in words):
            out.extend(words)
        else:
            out.append(c)
    return [c for c in out if c.strip()]


_SPACE_CUT = re.compile(r"(?<=[a-z])(\s+)(?=[~\d]|(?:Unknown|Unclear|None)\b)")  # a capital starts a cell


def _new_cell(cell: str, rest: str) -> bool:
    """A value after a cell starts a cell of its own when it is bare ("1,500 [1]
    unknown") or counts again what the cell has counted ("1 killed, 8 wounded 10
    killed"); "1 contractor [11] 2 technicals" goes on with a list."""
    connector = (
        r"(?i)\b(?:to|and|or|of|from|between|than|over|about|around|some|nearly|least|most|approx\.?)\s*$"
    )
    if not figs.find_quantities(cell) or cell.count("(") > cell.count(")") or re.search(connector, cell):
        return False  # "about 80", "(as of October 2)": the value goes on with its words
    head = re.split(r"[,;(\[]", rest, maxsplit=1)[0]
    if re.fullmatch(
        rf"\s*(?:{figs.NUM}\+?|{vocab.alternation('unknown')}|{vocab.alternation('vague')})\s*", head, re.I
    ):
        return True
    before = figs.read_figures(cell, line=0, quote=cell)
    after = figs.read_figures(head, line=0, quote=head)
    if _people_only(before) and _people_only(after):
        return True  # "100-150 soldiers 300 fighters": a number of people, then another
    seen, again = {f.category for f in before}, {f.category for f in after}
    return bool(seen & again & {"killed", "wounded", "captured", "missing"})


def _people_only(found: list[Figure]) -> bool:
    """One number of people ("300 fighters") with no word of what befell them."""
    return len(found) == 1 and found[0].category == "casualties" and found[0].population is not None


@dataclass
class FigureItem:
    item: Item
    figures: list[Figure]
    quote: str
    text: str


def figure_items(block: Block, context: str) -> list[FigureItem]:
    """The cells of a Strength or Casualties block with the figures each states."""
    out: list[FigureItem] = []
    blanks, group, header, total, goes_on, header_line = 0, 0, None, False, False, 0
    for n, raw in block.lines:
        s = raw.strip()
        if not s:
            blanks, header, goes_on = blanks + 1, None, False
            continue
        if blanks and out:
            group += 1
        quote = s
        if figs.claim_header(s):
            who = figs.claim_header(s) or ""
            header, header_line = (who, figs.claimant_actor(who)), n
            blanks = 0
            continue
        if figs.claim_line(s):
            _attribute(out, group, s)
            group, blanks = group + 1, 0
            continue
        if re.fullmatch(r"(?i)total\s*:|displaced\s*:", strip_refs(s)):
            total, blanks = True, 0
            continue
        k = 0
        for piece in split_flags(s, names_are_flags=True):
            for j, cell in enumerate(value_cells(piece.text)):
                item = Item(
                    n, cell, piece.flag if j == 0 else None, k > 0, blanks if k == 0 else 0, group=group
                )
                found = figs.read_figures(cell, line=n, quote=quote, context=context, claimant=header)
                if total:
                    for f in found:
                        f.population, f.side, f.actor_id = "overall", None, None
                item.apart = bool(found) and all(f.population in ("civilians", "overall") for f in found)
                item.actor_id = next((f.actor_id for f in found if f.actor_id), None)
                item.alone = bool(
                    re.fullmatch(rf"\W*{vocab.alternation('unknown')}\W*", strip_refs(cell), re.I)
                )
                item.sub = k == 0 and (goes_on or bool(re.fullmatch(r"\(.*\)", strip_refs(cell).strip())))
                if context == "casualties":
                    item.ranks = tuple(
                        _RANK.get(f.category, 3)
                        for f in found
                        if f.qualifier != "unknown" and f.category != "casualties"  # no category written
                    )
                claims = {f.claimant_actor_id or resolve.fold(f.claimant) for f in found if f.claimant}
                item.claimant = claims.pop() if len(claims) == 1 else None
                item.statement = header_line if header else n  # a "Per X:" block, else its line
                out.append(FigureItem(item, found, quote, cell))
                k += 1
        blanks, total = 0, False
        goes_on = strip_refs(s).rstrip().endswith((",", ":"))  # "9 killed, 10 wounded:" then its parts
    return out


# the usual order of a column's losses: people killed, wounded, captured or missing, then materiel
_RANK = {"killed": 0, "wounded": 1, "captured": 2, "missing": 2}


def _attribute(items: list[FigureItem], group: int, line: str) -> None:
    """An attribution line "(According to X)" claims the figures of its group:
    one statement, quoted from its first line to the attribution, at its first line."""
    claim = figs.find_claimant(strip_refs(line))
    members = [fi for fi in items if fi.item.group == group]
    if claim is None or not members:
        return
    written = list(dict.fromkeys(fi.quote for fi in members))
    quote = " / ".join(written) + f" {line}"
    for fi in members:
        for f in fi.figures:
            f.claimant, f.claimant_actor_id = claim.who, claim.actor_id
            f.line, f.quote = members[0].item.line, quote


def add_figures(event: Event, items: list[FigureItem], sides: Sides, warnings: list[str]) -> None:
    """Add the figures of each entry to the event; all but civilian and overall figures take its side.
    A line with no figure (a navigation box's "Mali War" after the box) is no evidence of a side."""
    for fi in items:
        fi.item.apart = fi.item.apart or not fi.figures
    found = item_sides([fi.item for fi in items], sides)
    for fi, side in zip(items, found):
        if not fi.figures:
            warnings.append(f"line {fi.item.line}: no figure read in {clean(fi.text)[:60]!r}")
            continue
        if side is None and not fi.item.apart:
            warnings.append(f"line {fi.item.line}: side not told for {clean(fi.text)[:60]!r}")
        actor = sides.entry_actor(fi.item.flag) or sides.only_actor(side)
        for f in fi.figures:
            if f.population in ("civilians", "overall"):
                continue
            f.side = side
            f.actor_id = f.actor_id or actor
        event.figures.extend(fi.figures)


def units_as_strength(blocks: dict[str, Block]) -> Block | None:
    """A "Units involved" block that holds bare values only ("100 Unknown"), in a
    box with no Strength block: the box's strengths, written under the wrong label."""
    units = blocks.get("units involved")
    if units is None or "strength" in blocks:
        return None
    own = [strip_refs(s).strip() for _, s in units.lines if s.strip()]
    for line in own:
        found = figs.find_quantities(line)
        if not found or " ".join(line[q.start : q.end] for q in found).split() != line.split():
            return None
    return Block("strength", units.lines) if own else None


def cells_hint(blocks: list[Block]) -> int | None:
    """The number of columns a block written on one line shows ("Unknown
    Unknown", "400 [1] 600"), when one does."""
    best = None
    for block in blocks:
        own = [(n, s) for n, s in block.lines if s.strip() and not _apart(s)]
        if len({n for n, _ in own}) == 1:
            count = (
                len(value_cells(own[0][1].strip()))
                if block.name != "commanders and leaders"
                else len(leader_entries(own[0][1].strip()))
            )
            if count > 1:
                best = max(best or 0, count)
    return best


def first_row_cells(blocks: list[Block]) -> int | None:
    """The cells of a block's first line when it holds bare values only
    ("Unknown Unknown" above further lines): at least that many columns."""
    best = None
    for block in blocks:
        own = [s.strip() for _, s in block.lines if s.strip() and not _apart(s)]
        if block.name != "commanders and leaders" and own:
            cells = value_cells(own[0])
            bare = all(not re.search(r"[A-Za-z]", strip_refs(c)) or figs.find_quantities(c) for c in cells)
            if len(cells) > 1 and bare and len(strip_refs(own[0]).split()) == len(cells):
                best = max(best or 0, len(cells))
    return best


def _apart(line: str) -> bool:
    found = figs.read_figures(line, line=0, quote=line)
    return bool(found) and all(f.population in ("civilians", "overall") for f in found)


def strip_marks(text: str) -> str:
    """The text without its reference marks ([1], [a], [citation needed])."""
    return REF_MARK.sub("", text)
