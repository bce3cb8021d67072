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
from dataclasses import dataclass, field

from .. import resolve
from . import vocab
from .fields import Belligerent, Flag, _actor_of
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
        if flag is None:
            return None
        if flag.key in self.by_flag:
            return self.by_flag[flag.key]
        return self.by_actor.get(flag.actor_id) if flag.actor_id else None

    def of_actor(self, actor_id: str | None) -> int | None:
        return self.by_actor.get(actor_id) if actor_id else None

    def entry_actor(self, flag: Flag | None) -> str | None:
        """The actor of the belligerent entry that carries a flag."""
        return self.flag_actor.get(flag.key) if flag else None

    flag_actor: dict[str, str | None] = field(default_factory=dict)


# ---------------------------------------------------------------- evidence from words


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


_VERBS = (
    r"attack(?:ed|s)?|ambush(?:ed|es)?|assault(?:ed|s)?|besieg(?:ed|es)|raid(?:ed|s)?|"
    r"fought(?:\s+against)?|clash(?:ed|es)?\s+with|repell?(?:ed|s)?|defeat(?:ed|s)?|against|versus|vs\.?"
)


def lead_groups(sentences: list[str]) -> list[set[str]]:
    """Two opposed groups of actors a lead sentence names: "fought between X
    and Y", "X attacked Y", "X against Y". Empty when no sentence says."""
    for sentence in sentences[:2]:
        s = clean(sentence)
        m = re.search(r"\bbetween\s+(?P<x>.+)", s, re.I)
        if m:
            groups = _between(m.group("x"))
            if groups:
                return groups
        m = re.search(rf"\b(?:{_VERBS})\b", s, re.I)
        if m:
            before = {a.id for a in resolve.find_actors(_clause_before(s[: m.start()]))}
            after = {a.id for a in resolve.find_actors(_clause_after(s[m.end() :]))}
            if before and after and not before & after:
                return [before, after]
    return []


def _clause_before(text: str) -> str:
    return re.split(r"[;:]|\b(?:when|after|while|as|in which|during)\b", text)[-1]


def _clause_after(text: str) -> str:
    return re.split(r"[.;:]|\b(?:when|after|while|in order|to (?:retake|capture|seize))\b", text)[0]


def _between(text: str) -> list[set[str]]:
    text = _clause_after(text)
    against = re.split(r"\s+(?:against|versus|vs\.?)\s+", text, maxsplit=1)
    if len(against) == 2:
        x, y = ({a.id for a in resolve.find_actors(p)} for p in against)
        return [x, y] if x and y and not x & y else []
    names = resolve.find_actors(text)
    for gap in re.finditer(r"\s+and\s+", text):
        if any(m.start < gap.start() < m.end for m in names):
            continue
        x = {a.id for a in names if a.end <= gap.start()}
        y = {a.id for a in names if a.start >= gap.end()}
        if x and y and not x & y:
            return [x, y]
    return []


# ---------------------------------------------------------------- columns of entries


def entry_sides(entries: list[Entry], winners: set[str], groups: list[set[str]], cells: int | None) -> Sides:
    """The side of each belligerent entry; ``cells`` is the number of columns
    other lines of the box show, when one does."""
    n = len(entries)
    gaps: list[str | None] = [None] * max(n - 1, 0)
    reasons: list[str] = []
    for i in range(1, n):
        e = entries[i]
        if e.sub or e.support:
            gaps[i - 1] = SAME
        elif e.header:
            gaps[i - 1] = CUT
    label = _labels(entries, winners, groups)
    _anchor_gaps(gaps, label, groups)
    _header_blocks(entries, gaps)
    count = cells
    if count is None and len(groups) == 2 and all(label):
        count = 2
    if count and n == count and all(g != SAME for g in gaps):
        gaps = [CUT] * len(gaps)
    _settle(gaps, count)
    for proposal in (_layout(entries), _flag_pattern(entries, count)):
        if None in gaps and proposal and _fits(gaps, proposal, label, count):
            gaps = [g or p for g, p in zip(gaps, proposal)]
            _settle(gaps, count)
    sides = _number(gaps, label, groups)
    for e, s in zip(entries, sides):
        if s is None:
            reasons.append(f"line {e.line}: no evidence tells the side of {e.belligerent.as_written!r}")
    return _side_map(entries, sides, count or (max((s for s in sides if s), default=0) or None), reasons)


def _labels(entries: list[Entry], winners: set[str], groups: list[set[str]]) -> list[int | None]:
    """Group 0 or 1 of each entry by the lead sentence; winners join the group
    of the winners the lead names."""
    label: list[int | None] = []
    win_group = None
    for g, members in enumerate(groups):
        if winners & members:
            win_group = g if win_group is None else (win_group if win_group == g else -1)
    for e in entries:
        found = {g for g, members in enumerate(groups) if e.actors & members}
        if not found and winners and e.actors & winners and win_group not in (None, -1):
            found = {win_group}
        if not groups and winners and e.actors & winners:
            found = {2}  # the winners' group, opposed to nobody known
        label.append(found.pop() if len(found) == 1 else None)
    return label


def _anchor_gaps(gaps: list[str | None], label: list[int | None], groups: list[set[str]]) -> None:
    anchored = [i for i, g in enumerate(label) if g is not None]
    for a, b in zip(anchored, anchored[1:]):
        if label[a] == label[b]:
            for g in range(a, b):
                gaps[g] = gaps[g] or SAME
        elif groups and b - a == 1:
            gaps[a] = gaps[a] or CUT


def _header_blocks(entries: list[Entry], gaps: list[str | None]) -> None:
    """Entries under a header line stay together until the next header."""
    under = False
    for i in range(1, len(entries)):
        if entries[i].header:
            under = True
        elif under and gaps[i - 1] is None:
            gaps[i - 1] = SAME


def _settle(gaps: list[str | None], count: int | None) -> None:
    if count and gaps.count(CUT) == count - 1:
        for i, g in enumerate(gaps):
            gaps[i] = g or SAME


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


def _consistent(gaps: list[str], label: list[int | None]) -> bool:
    side, seen = 0, {}
    for i, lab in enumerate(label):
        if i and gaps[i - 1] == CUT:
            side += 1
        if lab is not None:
            if seen.setdefault(lab, side) != side:
                return False
    return len(set(seen.values())) == len(seen)


def _number(gaps: list[str | None], label: list[int | None], groups: list[set[str]]) -> list[int | None]:
    """Side numbers of the runs of entries joined by known gaps."""
    runs: list[list[int]] = [[0]] if label else []
    joins: list[str | None] = []
    for i, g in enumerate(gaps):
        if g == SAME:
            runs[-1].append(i + 1)
        else:
            runs.append([i + 1])
            joins.append(g)
    sides: list[int | None] = [None] * len(label)
    position = 1
    for r, run in enumerate(runs):
        if r and joins[r - 1] is None:
            position = 0
        elif r:
            position = position + 1 if position else 0
        run_labels = {label[i] for i in run if label[i] is not None}
        by_group = None
        if len(groups) == 2 and len(run_labels) == 1:
            by_group = run_labels.pop() + 1
        side = position or by_group
        if position and by_group and position != by_group:
            side = None
        for i in run:
            sides[i] = side
    return sides


def _side_map(entries: list[Entry], sides: list[int | None], count: int | None, reasons: list[str]) -> Sides:
    out = Sides(sides, count, reasons=reasons)
    for e, s in zip(entries, sides):
        for a in e.actors:
            if a in out.by_actor and out.by_actor[a] != s:
                out.by_actor[a] = None
            else:
                out.by_actor.setdefault(a, s)
        if e.flag is not None:
            key = e.flag.key
            if key in out.by_flag and out.by_flag[key] != s:
                out.by_flag[key] = None
            else:
                out.by_flag.setdefault(key, s)
            out.flag_actor.setdefault(key, e.belligerent.actor_id or e.flag.actor_id)
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
        if out[j] and out[j] > 1 and sides.flag_status.get(out[j]) == "flagged":
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
