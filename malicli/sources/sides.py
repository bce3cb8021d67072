"""Which side each line of a flattened infobox belongs to, from evidence only.

A scraped page flattens the box's columns into lines: all of side 1's
entries, then side 2's (then side 3's). The cuts between columns are found
from every signal together, and a side is given only where the evidence
settles it; otherwise the side is None with a reason:

* header lines ("Islamist groups:") start a column, "Supported by:" does not;
  a bullet ("  • 2nd Infantry Company") stays with the entry above;
* the lead sentence ("fought between X and Y", "X attacked Y") and the
  Result line ("Malian/French victory") put actors together or apart;
* several values on one line ("Unknown Unknown", "1,500 [1] unknown") tell how
  many columns the box has; when the number of belligerent entries is that
  number, each entry is a column;
* blank lines and flags count only when they agree with all of the above.

Commander, strength and casualty lines then take the side of their flag's
entry; an unflagged line follows the line above; lines between two lines of
one side are of that side; groups are paired with columns only when their
counts match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import resolve
from . import vocab
from .fields import Belligerent, Flag, _actor_of
from .figures import strip_claims
from .text import clean

CUT, SAME = "cut", "same"


@dataclass
class Entry:
    """One belligerent entry of a flattened box."""

    line: int
    quote: str
    belligerent: Belligerent
    flag: Flag | None
    flagged: bool  # a flag, an alt text, or the space a removed image left
    sub: bool = False  # a bullet under the entry above
    support: bool = False  # right after a "Supported by:" header
    header: bool = False  # right after another header line
    blanks: int = 0  # blank lines before it
    same_line: bool = False  # on the line of the entry before it

    @property
    def actors(self) -> set[str]:
        """The actors the entry names: its belligerent's and its flag's."""
        ids = {self.belligerent.actor_id, self.flag.actor_id if self.flag else None}
        return {i for i in ids if i}


@dataclass
class Sides:
    """The sides of a box's belligerent entries and what they tell about lines."""

    of_entry: list[int | None]
    count: int | None
    by_actor: dict[str, int | None] = field(default_factory=dict)
    by_flag: dict[str, int | None] = field(default_factory=dict)
    flag_status: dict[int, str] = field(default_factory=dict)  # side -> flagged | unflagged | mixed
    reasons: list[str] = field(default_factory=list)

    def of_flag(self, flag: Flag | None) -> int | None:
        """The side of the entries that carry this flag (or name its actor), or None."""
        if flag is None:
            return None
        if flag.key in self.by_flag:
            return self.by_flag[flag.key]
        return self.by_actor.get(flag.actor_id) if flag.actor_id else None

    def of_actor(self, actor_id: str | None) -> int | None:
        """The side of an actor's entries, or None."""
        return self.by_actor.get(actor_id) if actor_id else None

    def entry_actor(self, flag: Flag | None) -> str | None:
        """The actor of the belligerent entry that carries a flag (or the flag's
        own actor, where that actor is a belligerent of the page)."""
        if flag is None:
            return None
        if flag.key in self.flag_actor:
            return self.flag_actor[flag.key]
        return flag.actor_id if flag.actor_id and self.by_actor.get(flag.actor_id) else None

    def only_actor(self, side: int | None) -> str | None:
        """The actor of a side that has a single belligerent entry's actor."""
        found = set(self.entries_of.get(side, [])) if side else set()
        return found.pop() if len(found) == 1 else None

    flag_actor: dict[str, str | None] = field(default_factory=dict)
    entries_of: dict[int | None, list[str | None]] = field(default_factory=dict)


# ---------------------------------------------------------------- evidence from words


def entry_key(e: Entry) -> str:
    """The actor id of an entry, or a key made of its name when the dictionary lacks it."""
    return e.belligerent.actor_id or "name:" + resolve.fold(e.belligerent.as_written)


def result_winners(result: str | None) -> set[str]:
    """Actors a Result line names as winners: "Malian/French victory",
    "Russo-Malian victory", "MNLA Victory"."""
    if not result:
        return set()
    m = re.search(rf"^(?P<who>.*?)\b{vocab.alternation('outcome_words')}", clean(result), re.I)
    if not m:
        return set()
    out: set[str] = set()
    for word in re.split(r"\s*(?:/|–|-|,|\band\b|&)\s*|\s+", m.group("who")):
        actor = _actor_of(word) if word else None
        if actor:
            out.add(actor)
    for found in resolve.find_actors(m.group("who")):
        out.add(found.id)
    return out


def mentions(text: str, names: dict[str, str] | None = None) -> list[tuple[int, int, str]]:
    """The actors a text names, in order: dictionary names, demonyms before a
    noun ("Malian troops") and the page's own names for actors the dictionary
    lacks (``names``: name as written -> key)."""
    found = [(m.start, m.end, m.id) for m in resolve.find_actors(text)]
    for entry in vocab.entries("demonyms"):
        if entry.get("actor") and not entry["word"].endswith("o"):
            word, actor = entry["word"], entry["actor"]
            found += [(m.start(), m.end(), actor) for m in re.finditer(rf"\b{word}\b(?!-)", text)]
    for name, key in (names or {}).items():
        if len(name) > 2:
            found += [
                (m.start(), m.end(), key) for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I)
            ]
    out: list[tuple[int, int, str]] = []
    for s, e, k in sorted(found, key=lambda t: (t[0], -(t[1] - t[0]))):
        if not out or s >= out[-1][1]:
            out.append((s, e, k))
    return out


def lead_groups(sentences: list[str], names: dict[str, str] | None = None) -> list[list[set[str]]]:
    """Readings of a lead sentence as two opposed groups of actors, likeliest
    first: "fought between X and Y" (each "and" outside a name a reading), "X
    attacked Y", "X against Y". Empty when no sentence says."""
    out: list[list[set[str]]] = []
    for sentence in sentences[:2]:
        s = strip_claims(clean(sentence))
        m = re.search(r"\bbetween\s+(?P<x>.+)", s, re.I)
        if m:
            out += _between(m.group("x"), names)
        for m in re.finditer(vocab.alternation("lead_verbs"), s, re.I):
            before = {k for _, _, k in mentions(_clause_before(s[: m.start()]), names)}
            after = {k for _, _, k in mentions(_clause_after(s[m.end() :]), names)}
            if before and after and not before & after:
                out.append([before, after])
    return out


def _clause_before(text: str) -> str:
    return re.split(r"[;:]|\b(?:when|after|while|as|in which|during)\b", text)[-1]


def _clause_after(text: str) -> str:
    return re.split(
        r"[.;:]|\b(?:when|after|before|until|while|during|in order|to (?:retake|capture|seize))\b", text
    )[0]


def _between(text: str, names: dict[str, str] | None) -> list[list[set[str]]]:
    text = _clause_after(text)
    against = re.split(r"\s+(?:against|versus|vs\.?)\s+", text, maxsplit=1)
    if len(against) == 2:
        x, y = ({k for _, _, k in mentions(p, names)} for p in against)
        return [[x, y]] if x and y and not x & y else []
    found = mentions(text, names)
    out = []
    for gap in re.finditer(r"\s+and\s+", text):
        if any(s < gap.start() < e for s, e, _ in found):
            continue
        x = {k for _, e, k in found if e <= gap.start()}
        y = {k for s, _, k in found if s >= gap.end()}
        if x and y and not x & y:
            out.append([x, y])
    return out


# ---------------------------------------------------------------- columns of entries

_WIN = 9  # the label of the winners when no lead group holds them


def entry_sides(
    entries: list[Entry], winners: set[str], readings: list[list[set[str]]], cells: int | None
) -> Sides:
    """The side of each belligerent entry.

    ``readings`` are the lead's readings (:func:`lead_groups`): the first that
    agrees with the layout's certain evidence is used. ``cells`` is the
    number of columns other lines of the box show, when one does.
    """
    n = len(entries)
    structure: list[str | None] = [None] * max(n - 1, 0)
    for i in range(1, n):
        e = entries[i]
        if e.sub or e.support or e.same_line:
            structure[i - 1] = SAME
        elif e.header:
            structure[i - 1] = CUT
    _header_blocks(entries, structure)
    for groups in [*readings, []]:
        label = _labels(entries, winners, groups)
        gaps = list(structure)
        if _anchor_gaps(gaps, label, bool(groups)) and _consistent(gaps, label):
            break
    _same_flags(entries, gaps, label)
    count = cells
    if count is None and len(groups) == 2 and all(x in (0, 1) for x in label):
        count = 2
    if count and n == count and SAME not in gaps:
        gaps = [CUT] * len(gaps)
    _settle(gaps, count)
    proposals = [
        p for p in (_layout(entries), _flag_pattern(entries, count)) if p and _fits(gaps, p, label, count)
    ]
    if len(proposals) == 2 and any(a != b for a, b, g in zip(*proposals, gaps) if g is None):
        proposals = []  # blank lines and flags tell different cuts: neither is used
    for proposal in proposals[:1]:
        gaps = [g or p for g, p in zip(gaps, proposal)]
        _settle(gaps, count)
    sides = _number(gaps, label, count if count else (2 if len(groups) == 2 else None))
    reasons = [
        f"line {e.line}: no evidence tells the side of {e.belligerent.as_written!r}"
        for e, s in zip(entries, sides)
        if s is None
    ]
    known = max((s for s in sides if s), default=0)
    return _side_map(entries, sides, count or (known or None), reasons)


def _labels(entries: list[Entry], winners: set[str], groups: list[set[str]]) -> list[int | None]:
    """The lead group (0 or 1) of each entry; winners join the group of the
    winners the lead names, or a group of their own."""
    win_group: int | None = None
    for g, members in enumerate(groups):
        if winners & members:
            win_group = g if win_group is None else -1
    label: list[int | None] = []
    for e in entries:
        keys = e.actors | {entry_key(e)}
        found = {g for g, members in enumerate(groups) if keys & members}
        if not found and keys & winners:
            found = {win_group if win_group is not None and win_group >= 0 else _WIN}
        label.append(found.pop() if len(found) == 1 else None)
    return label


def _anchor_gaps(gaps: list[str | None], label: list[int | None], opposed: bool) -> bool:
    """Gaps the labels settle; False when they contradict the layout."""
    anchored = [i for i, g in enumerate(label) if g is not None]
    for a, b in zip(anchored, anchored[1:]):
        if label[a] == label[b]:
            if CUT in gaps[a:b]:
                return False
            for g in range(a, b):
                gaps[g] = SAME
        elif opposed and _WIN not in (label[a], label[b]) and b - a == 1:
            if gaps[a] == SAME:
                return False
            gaps[a] = CUT
    return True


def _same_flags(entries: list[Entry], gaps: list[str | None], label: list[int | None]) -> None:
    """Two neighbours under the same flag image stand in one column, where
    nothing else says otherwise."""
    for i in range(1, len(entries)):
        a, b = entries[i - 1].flag, entries[i].flag
        if gaps[i - 1] is None and a and b and a.kind == b.kind and a.key == b.key:
            gaps[i - 1] = SAME
            if not _consistent(gaps, label):
                gaps[i - 1] = None


def _header_blocks(entries: list[Entry], gaps: list[str | None]) -> None:
    """Entries under a header line stay together until the next header."""
    under = False
    for i in range(1, len(entries)):
        if entries[i].header:
            under = True
        elif under and gaps[i - 1] is None:
            gaps[i - 1] = SAME


def _settle(gaps: list[str | None], count: int | None) -> None:
    """With the number of columns known: once all cuts are found the other
    gaps are no cuts; when the open gaps are exactly the missing cuts, they are cuts."""
    if not count:
        return
    cuts, open_ = gaps.count(CUT), gaps.count(None)
    fill = SAME if cuts == count - 1 else CUT if cuts + open_ == count - 1 else None
    if fill:
        for i, g in enumerate(gaps):
            gaps[i] = g or fill


def _layout(entries: list[Entry]) -> list[str] | None:
    blanks = [e.blanks for e in entries[1:]]
    if len(set(blanks)) < 2:
        return None
    top = max(blanks)
    return [CUT if b == top else SAME for b in blanks]


def _flag_pattern(entries: list[Entry], count: int | None) -> list[str] | None:
    if count != 2:
        return None
    main = [e.flagged for e in entries]
    switches = [i for i in range(len(main) - 1) if main[i] != main[i + 1]]
    if len(switches) != 1:
        return None
    return [CUT if i == switches[0] else SAME for i in range(len(main) - 1)]


def _fits(gaps: list[str | None], proposal: list[str], label: list[int | None], count: int | None) -> bool:
    if any(g is not None and g != p for g, p in zip(gaps, proposal)):
        return False
    if count and proposal.count(CUT) != count - 1:
        return False
    merged = [g or p for g, p in zip(gaps, proposal)]
    return _consistent(merged, label)


def _consistent(gaps: Sequence[str | None], label: list[int | None]) -> bool:
    """Entries of one label have no cut between them; entries of the two
    opposed lead groups have a gap between them that may be a cut."""
    anchored = [(i, lab) for i, lab in enumerate(label) if lab is not None]
    for (a, la), (b, lb) in zip(anchored, anchored[1:]):
        between = gaps[a:b]
        if la == lb and CUT in between:
            return False
        if {la, lb} == {0, 1} and all(g == SAME for g in between):
            return False
    return True


def _number(gaps: list[str | None], label: list[int | None], count: int | None) -> list[int | None]:
    """Side numbers: runs of entries joined by known gaps, numbered in column
    order; a run after an open gap takes the side of its lead group, where
    another run of known position shows which side that group is."""
    if not label:
        return []
    runs: list[list[int]] = [[0]]
    joins: list[str | None] = []
    for i, g in enumerate(gaps):
        if g == SAME:
            runs[-1].append(i + 1)
        else:
            runs.append([i + 1])
            joins.append(g)
    positions: list[int | None] = [1]
    for r in range(1, len(runs)):
        prev = positions[-1]
        positions.append(prev + 1 if prev is not None and joins[r - 1] == CUT else None)
    if CUT not in gaps and None in gaps and not count and not {0, 1} <= set(label):
        positions = [None] * len(runs)  # nothing shows where a column ends: no position is known
    run_label = [_run_label(run, label) for run in runs]
    mapping: dict[int, int] = {}
    for pos, lab in zip(positions, run_label):
        if pos is not None and lab in (0, 1, _WIN):
            mapping.setdefault(lab, pos)
    if count == 2 and len({k for k in mapping if k in (0, 1)}) == 1:
        known = next(k for k in mapping if k in (0, 1))
        mapping.setdefault(1 - known, 3 - mapping[known])
    sides: list[int | None] = [None] * len(label)
    for run, pos, lab in zip(runs, positions, run_label):
        by_group = mapping.get(lab) if lab is not None else None
        side = pos if pos is not None else by_group
        if pos is not None and by_group is not None and pos != by_group:
            side = None
        for i in run:
            sides[i] = side
    return sides


def _run_label(run: list[int], label: list[int | None]) -> int | None:
    found = {label[i] for i in run if label[i] is not None}
    return found.pop() if len(found) == 1 else None


def _side_map(entries: list[Entry], sides: list[int | None], count: int | None, reasons: list[str]) -> Sides:
    out = Sides(sides, count, reasons=reasons)
    for e, s in zip(entries, sides):
        out.entries_of.setdefault(s, []).append(e.belligerent.actor_id)
        if s is None:
            continue  # an entry of unknown side says nothing about its flag or actor
        for a in e.actors:
            out.by_actor[a] = s if out.by_actor.get(a, s) == s else None
        if e.flag is not None:
            key = e.flag.key
            out.by_flag[key] = s if out.by_flag.get(key, s) == s else None
            actor = e.belligerent.actor_id or e.flag.actor_id
            out.flag_actor[key] = actor if out.flag_actor.get(key, actor) == actor else None
    for s in {s for s in sides if s}:
        marks = [e.flagged for e, x in zip(entries, sides) if x == s and not e.sub]
        out.flag_status[s] = "flagged" if all(marks) else "unflagged" if not any(marks) else "mixed"
    return out


# ---------------------------------------------------------------- other lines of the box


@dataclass
class Item:
    """One entry of a commander, strength or casualty block."""

    line: int
    text: str
    flag: Flag | None
    new_cell: bool = False  # a further cell on the line of the item before
    blanks: int = 0
    actor_id: str | None = None  # an actor the item itself names
    apart: bool = False  # civilians or an overall total: no side's
    group: int = 0  # its group: blank lines or an attribution line end one
    alone: bool = False  # "Unknown": the only entry of its column
    sub: bool = False  # goes on with the item above: "(30 executed)", a line after a trailing comma


def item_sides(items: list[Item], sides: Sides) -> list[int | None]:
    """The side of each item, from its flag, its neighbours and the counts."""
    out: list[int | None] = [None] * len(items)
    from_flag = [False] * len(items)
    for i, it in enumerate(items):
        if not it.apart:
            out[i] = sides.of_flag(it.flag) or sides.of_actor(it.actor_id)
            from_flag[i] = it.flag is not None and out[i] is not None
    _ends(items, out, sides)
    for _ in range(3):
        _follow(items, out, from_flag, sides)
        _cells(items, out, sides.count)
        _contiguous(items, out)
        _alone(items, out)
        _subs(items, out)
    if None in [o for o, it in zip(out, items) if not it.apart]:
        _pair(items, out, sides.count)
    return out


def _units(items: list[Item]) -> int:
    return len({(it.group, it.line) for it in items if not it.apart}) + sum(
        1 for it in items if it.new_cell and not it.apart
    )


def _ends(items: list[Item], out: list[int | None], sides: Sides) -> None:
    """Column order: the first item of a block is of side 1 and the last of the
    last side, when the block has at least as many lines and cells as columns;
    where side 1 carries no flags and the first flagged item is of a flagged
    side after it, the unflagged items before that item are of side 1."""
    own = [i for i, it in enumerate(items) if not it.apart]
    if not own:
        return
    if sides.count and sides.count > 1 and _units(items) >= sides.count:
        first, last = own[0], own[-1]
        out[first] = out[first] or 1
        out[last] = out[last] or sides.count
    flagged = [i for i in own if items[i].flag is not None and out[i]]
    if flagged and sides.flag_status.get(1) == "unflagged":
        j = flagged[0]
        first_side = out[j]
        if first_side is not None and first_side > 1 and sides.flag_status.get(first_side) == "flagged":
            for i in own:
                if i < j and items[i].flag is None:
                    out[i] = out[i] or 1


def _follow(items: list[Item], out: list[int | None], from_flag: list[bool], sides: Sides) -> None:
    """An unflagged item follows the flagged item above it (and the items that
    followed it); where that side carries flags and the next side none, an
    unflagged item after it starts the next side."""
    for i in range(1, len(items)):
        it, prev = items[i], out[i - 1]
        if out[i] is not None or it.apart or it.flag is not None or it.new_cell:
            continue
        if prev is None or items[i - 1].apart or not from_flag[i - 1]:
            continue
        status, after = sides.flag_status.get(prev), sides.flag_status.get(prev + 1)
        out[i] = prev + 1 if status == "flagged" and after == "unflagged" else prev
        from_flag[i] = True


def _cells(items: list[Item], out: list[int | None], count: int | None) -> None:
    """A further cell on a line is the next column after the cell before it."""
    for i in range(1, len(items)):
        if not items[i].new_cell or items[i].apart or items[i - 1].apart:
            continue
        a, b = out[i - 1], out[i]
        if a is not None and b is None and (not count or a + 1 <= count):
            out[i] = a + 1
        elif b is not None and a is None and b > 1:
            out[i - 1] = b - 1


def _contiguous(items: list[Item], out: list[int | None]) -> None:
    """An item between two items of one side is of that side."""
    known = [(i, s) for i, s in enumerate(out) if s is not None and not items[i].apart]
    for (a, sa), (b, sb) in zip(known, known[1:]):
        if sa == sb and b - a > 1:
            for i in range(a + 1, b):
                if not items[i].apart and not items[i].new_cell:
                    out[i] = out[i] or sa


def _alone(items: list[Item], out: list[int | None]) -> None:
    """An "Unknown" that stands for a whole column: the items between it and the
    previous column's last known item belong to that previous column."""
    for j, it in enumerate(items):
        column = out[j]
        if not it.alone or column is None or column == 1:
            continue
        i = j - 1
        while i >= 0 and out[i] is None and not items[i].apart:
            i -= 1
        if i >= 0 and out[i] == column - 1:
            for k in range(i + 1, j):
                if not items[k].apart:
                    out[k] = column - 1


def _subs(items: list[Item], out: list[int | None]) -> None:
    """An item that goes on with the item above is of its side, both ways."""
    for i in range(1, len(items)):
        if items[i].sub and not items[i].apart and not items[i - 1].apart:
            out[i] = out[i] or out[i - 1]
            out[i - 1] = out[i - 1] or out[i]


def _pair(items: list[Item], out: list[int | None], count: int | None) -> None:
    """Groups (runs split by blank lines or attribution lines) paired with
    columns, only when their number is the number of columns and they agree
    with what is already known."""
    if not count:
        return
    groups: dict[int, list[int]] = {}
    for i, it in enumerate(items):
        if not it.apart:
            groups.setdefault(it.group, []).append(i)
    if len(groups) != count:
        return
    for side, members in enumerate(groups.values(), 1):
        if any(out[i] not in (None, side) for i in members):
            return
    for side, members in enumerate(groups.values(), 1):
        for i in members:
            out[i] = side
