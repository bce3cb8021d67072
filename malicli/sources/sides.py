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
from functools import lru_cache

from .. import resolve
from . import vocab
from .fields import Belligerent, Flag, _actor_of
from .figures import strip_claims
from .text import clean, split_sentences

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
    marks_of: dict[int, set[str]] = field(default_factory=dict)  # flag keys and actors of a side's entries
    drawn: dict[int, bool] = field(default_factory=dict)  # every entry of the side has a flag written out
    blanks_tell: bool = (
        True  # blank lines in the Belligerents block do not fall inside a side more than between
    )

    def not_of(self, flag: Flag | None) -> set[int]:
        """Sides a flag cannot stand for: sides whose every entry carries a flag,
        none of them this one, where the flag names an actor that is neither an
        entry of the side nor a member of one."""
        if flag is None or flag.actor_id is None or not self.count:
            return set()
        names = {flag.key, flag.actor_id, *resolve.parents(flag.actor_id)}
        return {
            s
            for s, marks in self.marks_of.items()
            if self.flag_status.get(s) == "flagged" and not names & marks
        }


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
    found += _troops_from(text)
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


LEAD_SENTENCES = 4  # the lead's first sentences read for sides


@lru_cache(maxsize=1)
def _troops_from_re() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    bare = {a.lower(): x["id"] for x in resolve.all_actors() for a in x.get("field_only_aliases", [])}
    name = "|".join(re.escape(n) for n in sorted(bare, key=len, reverse=True) if len(n) > 2)
    lead_in = r"\b(?:troops|forces|soldiers|units|contingents?|aircraft|jets|army|armies)\s+(?:from|of)\s+(?:the\s+)?"
    listed = re.compile(rf"{lead_in}((?:{name})(?:(?:,\s*|\s+and\s+)(?:{name}))*)\b", re.I)
    return listed, re.compile(rf"\b(?:{name})\b", re.I), bare


def _troops_from(text: str) -> list[tuple[int, int, str]]:
    """Countries named as the origin of forces: "troops from France and Niger",
    "forces of Chad" (a bare country name elsewhere in prose names the country)."""
    listed, one, bare = _troops_from_re()
    out: list[tuple[int, int, str]] = []
    for m in listed.finditer(text):
        for n in one.finditer(m.group(1)):
            out.append((m.start(1) + n.start(), m.start(1) + n.end(), bare[n.group(0).lower()]))
    return out


def lead_groups(sentences: list[str], names: dict[str, str] | None = None) -> list[list[set[str]]]:
    """Readings of the lead's sentences as two opposed groups of actors,
    likeliest first: "fought between X and Y" (each "and" outside a name a
    reading), "X attacked Y", "X against Y", "Y was repelled by X", "the attack
    by X on Y"; a subject such as "The attempt" or "It" stands for the actors
    of the sentence before. Empty when no sentence says."""
    out: list[list[set[str]]] = []
    previous: set[str] = set()
    for sentence in sentences[:LEAD_SENTENCES]:
        s = strip_claims(clean(sentence))
        m = re.search(r"\bbetween\s+(?P<x>.+)", s, re.I)
        if m:
            out += _between(m.group("x"), names)
        out += _passive(s, previous, names) + _action_by(s, names)
        for m in re.finditer(vocab.alternation("lead_verbs"), s, re.I):
            before = _keys(_clause_before(s[: m.start()]), names)
            after = _keys(_clause_after(s[m.end() :]), names)
            if before and after and not before & after:
                out.append([before, after])
        previous = _keys(s, names)
    return out


def lead_attacked(lead: list[tuple[int, str]]) -> list[tuple[str, str, str, int, str]]:
    """The side a lead names as attacked ("two attacks targeted the Malian army") and its
    helpers ("With help from the French"), for a box column left empty: (actor id, as written,
    role belligerent or supported, line, quote). Empty when the lead names no target."""
    out: list[tuple[str, str, str, int, str]] = []
    sentences = [(n, s) for n, p in lead for _, s in split_sentences(p)][:LEAD_SENTENCES]
    targets = rf"\b{vocab.alternation('lead_target_verbs')}\s+"
    helpers = rf"\b{vocab.alternation('lead_help_words')}\s+"
    for n, sentence in sentences:
        s = strip_claims(clean(sentence))
        for pattern, role in ((targets, "belligerent"), (helpers, "supported")):
            for m in re.finditer(pattern, s, re.I):
                part = re.split(r",", _clause_after(s[m.end() :]))[0]
                out += [(k, part[a:b], role, n, clean(sentence)) for a, b, k in mentions(part)]
    if not any(role == "belligerent" for _, _, role, _, _ in out):
        return []  # helpers of no named side: whom they helped is not said
    return out


def _keys(text: str, names: dict[str, str] | None) -> set[str]:
    return {k for _, _, k in mentions(text, names)}


def _passive(s: str, previous: set[str], names: dict[str, str] | None) -> list[list[set[str]]]:
    """Read "Y was repelled by X": the agent after "by" and the subject before the verb;
    a subject that is a pronoun or "the attempt" takes the sentence before's actors."""
    out = []
    verb = rf"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?{vocab.alternation('passive_lead_verbs')}\s+by\s+"
    for m in re.finditer(verb, s, re.I):
        subject = _clause_before(s[: m.start()])
        before = _keys(subject, names)
        if not before and re.fullmatch(rf"\W*{vocab.alternation('lead_anaphora')}\W*", subject, re.I):
            before = previous
        after = _keys(_clause_after(s[m.end() :]), names)
        if before and after and not before & after:
            out.append([after, before])
    return out


def _action_by(s: str, names: dict[str, str] | None) -> list[list[set[str]]]:
    """Read "the attack by X on Y", "offensives launched by X against Y", and
    the other order, "an attack on Y by X"."""
    out = []
    nouns = vocab.alternation("lead_action_nouns")
    by_first = rf"{nouns}\s+(?:\w+\s+)?by\s+(?P<x>.+?)\s+(?:on|against)\s+(?P<y>.+)"
    on_first = rf"{nouns}\s+(?:on|against)\s+(?P<y>[^.;:]+?)\s+by\s+(?P<x>.+)"
    for pattern in (by_first, on_first):
        for m in re.finditer(pattern, s, re.I):
            x, y = _keys(_clause_after(m.group("x")), names), _keys(m.group("y"), names)
            if pattern is by_first:
                y = _keys(_clause_after(m.group("y")), names)
            if x and y and not x & y:
                out.append([x, y])
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
    entries: list[Entry],
    winners: set[str],
    readings: list[list[set[str]]],
    cells: int | None,
    first_row: int | None = None,
) -> Sides:
    """The side of each belligerent entry.

    ``readings`` are the lead's readings (:func:`lead_groups`): the first that
    agrees with the layout's certain evidence is used. ``cells`` is the
    number of columns other lines of the box show, when one does; ``first_row``
    the cells of a first line of bare values above further lines ("Unknown
    Unknown"), taken for the count only when the lead opposes two groups.
    """
    n = len(entries)
    structure: list[str | None] = [None] * max(n - 1, 0)
    for i in range(1, n):
        e = entries[i]
        if e.sub or e.support or (e.same_line and not _kinds_differ(entries[i - 1], e)):
            structure[i - 1] = SAME
        elif e.header:
            structure[i - 1] = CUT
    if n > 1 and all(e.same_line for e in entries[1:]):
        # the whole block on one line ("MNLA MAA"): one column cannot hold every side, so these are cells
        structure = [CUT] * (n - 1) if n == 2 else [None] * (n - 1)
    _header_blocks(entries, structure)
    groups, label, gaps = _reading(entries, winners, readings, structure, _row_gaps(entries, structure))
    _same_flags(entries, gaps, label)
    count = cells
    if count is None and len(groups) == 2 and all(x in (0, 1) for x in label):
        count = 2
    if count is None and len(groups) == 2 and {0, 1} <= set(label) and first_row == 2:
        count = 2  # the lead opposes two groups and a first row of values shows two cells
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
    if (count or (2 if len(groups) == 2 else None)) == 2:
        _kinds_between(entries, sides)
    if n == 1 and _others_named(entries[0], winners, readings):
        sides = [None]  # a lone entry where the page names another party: the lost column may be either
    reasons = [
        f"line {e.line}: no evidence tells the side of {e.belligerent.as_written!r}"
        for e, s in zip(entries, sides)
        if s is None
    ]
    known = max((s for s in sides if s), default=0)
    return _side_map(entries, sides, count or (known if known > 1 else None), reasons)


def _others_named(entry: Entry, winners: set[str], readings: list[list[set[str]]]) -> bool:
    """The Result line or the lead names an actor other than the entry's."""
    own = entry.actors | {entry_key(entry)}
    named = winners | {a for groups in readings for g in groups for a in g}
    return bool(named - own - {p for a in own for p in resolve.parents(a)})


def _row_gaps(entries: list[Entry], structure: list[str | None]) -> list[str | None]:
    """The gaps with those left open that only sharing a line closed: a line
    may be the first row of two columns flattened ("Flag of X.svg X Flag of
    Y.svg Y", then Y's allies below)."""
    out = list(structure)
    for i in range(1, len(entries)):
        e = entries[i]
        if structure[i - 1] == SAME and e.same_line and not (e.sub or e.support):
            out[i - 1] = None
    return out


def _reading(
    entries: list[Entry],
    winners: set[str],
    readings: list[list[set[str]]],
    structure: list[str | None],
    row_gaps: list[str | None],
) -> tuple[list[set[str]], list[int | None], list[str | None]]:
    """The first lead reading the layout's certain gaps allow, preferring one
    that the blank lines agree with too ("between the Malian army and Wagner
    contractors and the CMA" read where the blank line cuts). A reading that
    opposes two entries of one line, where the rest of the layout allows it,
    reads that line as a row of two columns."""
    layout = _layout(entries)
    fallback = None
    for groups in readings:
        label = _labels(entries, winners, groups)
        gaps = list(structure)
        if not (_anchor_gaps(gaps, label, True) and _consistent(gaps, label)):
            gaps = list(row_gaps)
            if row_gaps == structure or not (_anchor_gaps(gaps, label, True) and _consistent(gaps, label)):
                continue
        if layout is None or _fits(gaps, layout, label, None):
            return groups, label, gaps
        fallback = fallback or (groups, label, gaps)
    if fallback:
        return fallback
    label = _labels(entries, winners, [])
    gaps = list(structure)
    _anchor_gaps(gaps, label, False)  # an inconsistent Result reading still leaves what it anchored
    return [], label, gaps


def _kind(e: Entry) -> str | None:
    found = resolve.actor(e.belligerent.actor_id) if e.belligerent.actor_id else None
    return vocab.table("side_kinds", "side").get((found or {}).get("kind", "").lower())


def _kinds_differ(a: Entry, b: Entry) -> bool:
    """A state's forces and an armed group written on one line: the line may
    be the first row of two columns, so sharing it does not join them."""
    ka, kb = _kind(a), _kind(b)
    return ka is not None and kb is not None and ka != kb


def _kinds_between(entries: list[Entry], sides: list[int | None]) -> None:
    """Tie-breaker, two columns: entries left between the last known entry of
    side 1 and the first of side 2 go with the side of their kind, where each
    side is of one kind (states against armed groups) and
    the entries between fall into a run of each kind, in column order."""
    ones = [i for i, s in enumerate(sides) if s == 1]
    twos = [i for i, s in enumerate(sides) if s == 2]
    if not ones or not twos or max(ones) > min(twos):
        return
    a, b = max(ones), min(twos)
    span = list(range(a + 1, b))
    kinds = [_kind(entries[i]) for i in span]
    first = {_kind(entries[i]) for i in ones} - {None}
    second = {_kind(entries[i]) for i in twos} - {None}
    if not span or None in kinds or len(first) != 1 or len(second) != 1 or first == second:
        return
    one = first.pop()
    if set(kinds) - {one} - second or kinds != sorted(kinds, key=lambda k: k != one):
        return
    for i, k in zip(span, kinds):
        sides[i] = 1 if k == one else 2


def _labels(entries: list[Entry], winners: set[str], groups: list[set[str]]) -> list[int | None]:
    """The lead group (0 or 1) of each entry; winners join the group of the
    winners the lead names, or a group of their own."""
    groups = _with_parents(groups)
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


def _with_parents(groups: list[set[str]]) -> list[set[str]]:
    """Each lead group with the groups its actors belong to ("ISGS" brings
    "Islamic State", which a page may list instead), except a parent both
    groups share."""
    wider = [g | {p for a in g for p in resolve.parents(a)} for g in groups]
    shared = set.intersection(*wider) if len(wider) > 1 else set()
    return [w - (shared - g) for w, g in zip(wider, groups)]


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
    """Cuts where the most blank lines are; but where two or more blank lines
    stand beside single or no blank lines, they are a separator inside a column
    (a "----" rule flattened) and the cuts are at the most blank lines of the rest."""
    blanks = [e.blanks for e in entries[1:]]
    if len(set(blanks)) < 2:
        return None
    top = max(blanks)
    if top >= 2:
        rest = [b for b in blanks if b < 2]
        if not rest:
            return None
        cut = max(rest)
        return [SAME if b >= 2 else CUT if b == cut else SAME for b in blanks]
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
    cut_blanks = [e.blanks for e, a, b in zip(entries[1:], sides, sides[1:]) if a and b and a != b]
    same_blanks = [e.blanks for e, a, b in zip(entries[1:], sides, sides[1:]) if a and a == b and not e.sub]
    out.blanks_tell = not (cut_blanks and same_blanks and max(same_blanks) >= min(cut_blanks))
    for e, s in zip(entries, sides):
        if s:
            out.marks_of.setdefault(s, set()).update(e.actors | ({e.flag.key} if e.flag else set()))
    for s in {s for s in sides if s}:
        marks = [e.flagged for e, x in zip(entries, sides) if x == s and not e.sub]
        out.flag_status[s] = "flagged" if all(marks) else "unflagged" if not any(marks) else "mixed"
        out.drawn[s] = all(e.flag is not None for e, x in zip(entries, sides) if x == s and not e.sub)
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
    ranks: tuple[int, ...] = ()  # the place of its counts in a loss list: killed 0, wounded 1, ...
    claimant: str | None = None  # who states it, folded
    statement: int = 0  # the line of its statement: its own, or its "Per X:" header's


def item_sides(items: list[Item], sides: Sides) -> list[int | None]:
    """The side of each item, from its flag, its neighbours and the counts."""
    out: list[int | None] = [None] * len(items)
    from_flag = [False] * len(items)
    _after_full_row(items, sides.count)
    for i, it in enumerate(items):
        if not it.apart:
            out[i] = sides.of_flag(it.flag) or sides.of_actor(it.actor_id)
            from_flag[i] = it.flag is not None and out[i] is not None
    _ends(items, out, sides)
    _other_flags(items, out, sides)
    for _ in range(3):
        _follow(items, out, from_flag, sides)
        _cells(items, out, sides.count)
        _contiguous(items, out)
        _alone(items, out)
        _subs(items, out)
    if sides.count == 2:
        _same_claimant(items, out)
    if sides.count and sides.count >= 2:
        _counts_again(items, out, sides.count)
        _subs(items, out)
    _contiguous(items, out)  # what the claimants and the counts told closes a column around its items
    if None in [o for o, it in zip(out, items) if not it.apart]:
        _pair(items, out, sides.count if sides.blanks_tell else None)
    return out


def _ordered(items: list[Item], out: list[int | None], first: list[int], second: list[int]) -> bool:
    """Two runs of a two-column block can be side 1 then side 2: nothing before
    the second run's start is known to be side 2, nothing after the first run's end side 1."""
    a, b = max(first), min(second)
    return a < b and all(
        out[i] is None or out[i] == (1 if i <= a else 2 if i >= b else out[i])
        for i in range(len(items))
        if not items[i].apart and (i <= a or i >= b)
    )


def _same_claimant(items: list[Item], out: list[int | None]) -> None:
    """One claimant's two statements in a two-column block are of the two sides,
    in column order: "10 killed (per Mali) / 97 killed (per CSP) / 9 killed (per
    CSP) / 46 killed (per Mali)"."""
    runs: dict[str, dict[int, list[int]]] = {}
    for i, it in enumerate(items):
        if it.claimant and not it.apart:
            runs.setdefault(it.claimant, {}).setdefault(it.statement, []).append(i)
    for statements in runs.values():
        pair = list(statements.values())
        if len(pair) == 2 and _ordered(items, out, pair[0], pair[1]):
            for side, run in zip((1, 2), pair):
                for i in run:
                    out[i] = out[i] or side


def _counts_again(items: list[Item], out: list[int | None], count: int) -> None:
    """A column lists its losses in the usual order (killed, wounded, captured
    or missing, then materiel); a list that goes back in that order ("32
    killed, 20 wounded, 21 vehicles / 7 fighters killed") starts the second
    column there, when it does so once only and no claimant splits the block
    (with three columns, the list before it is side 1's and the column after unknown)."""
    own = [i for i, it in enumerate(items) if not it.apart and not it.sub and it.ranks]
    if any(it.claimant for it in items) or not own:
        return
    starts = [b for a, b in zip(own, own[1:]) if items[b].ranks[0] < items[a].ranks[-1]]
    if len(starts) != 1:
        return
    first = [i for i in range(starts[0]) if not items[i].apart]
    second = [i for i in range(starts[0], len(items)) if not items[i].apart]
    if first and _ordered(items, out, first, second):
        for i in first:
            out[i] = out[i] or 1
        for i in second if count == 2 else []:
            out[i] = out[i] or 2


def _after_full_row(items: list[Item], count: int | None) -> None:
    """A first line that gives every column its cell ("Unknown Unknown") leaves
    the lines under it to a row across the columns or to the last column's
    cell: which, nothing tells, so they take no side from their place."""
    row = [it for it in items if it.line == items[0].line] if items else []
    if count and len(row) == count and all(it.alone for it in row):
        for it in items[len(row) :]:
            if it.flag is None and it.actor_id is None:
                it.apart = True


def _other_flags(items: list[Item], out: list[int | None], sides: Sides) -> None:
    """With two columns, an item under a flag that cannot stand for one side is
    of the other (a flag of a group no entry of a fully flagged side belongs to)."""
    if sides.count != 2:
        return
    for i, it in enumerate(items):
        if out[i] is None and not it.apart:
            left = {1, 2} - sides.not_of(it.flag)
            out[i] = left.pop() if len(left) == 1 else None


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
        if sides.count == 2 or items[last].alone:  # a third column's cell is often left empty
            out[last] = out[last] or sides.count
    flagged = [i for i in own if items[i].flag is not None and out[i]]
    # side 1 carries no flags; or, with two columns, only some, while every line from the
    # first flagged line of side 2 on carries a flag (side 2 writes its flags on its lines)
    status = sides.flag_status.get(1)
    if flagged and (
        status == "unflagged"
        or (status == "mixed" and sides.count == 2 and all(items[i].flag for i in own if i >= flagged[0]))
    ):
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
        if status == "flagged" and after == "unflagged":
            out[i] = prev + 1
        elif prev == sides.count or sides.drawn.get(prev + 1):
            out[i] = prev  # the next column's lines would carry its flags
        else:
            continue
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
