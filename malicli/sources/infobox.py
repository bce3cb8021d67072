"""List-infobox articles: a ``= Title =`` line, a box of ``- Key: value`` lines
(under an ``Infobox`` line or another one-word heading), then prose with
``==Section==`` headings.

Numbered fields give the columns: ``Combatant1`` / ``Commander1`` /
``Strength1`` / ``Casualties1`` are side 1, and so on. A numbered field beyond
the last combatant column (``Casualties3`` of a two-sided box) is the box's
full-width row: civilians or totals, no side's.
"""

from __future__ import annotations

import re

from ..dates import DateContext, parse_date
from . import common, fields, figures
from .records import Document, Event, Participant
from .sides import lead_attacked as sides_of_lead

FORMAT = "infobox-article"
TITLE = re.compile(r"^\s*=\s*([^=].*?)\s*=\s*$")
SECTION = re.compile(r"^\s*==+\s*(.*?)\s*==+\s*$")
FIELD = re.compile(r"^\s*-\s*([A-Za-z][A-Za-z0-9 _]*?)\s*:\s?(.*)$")
# the same fields written bare, one per line ("Combatant1: X", "Partof:the Y"): only the
# parameter names of a battle box are taken, so that a sentence with a colon is none
BARE_FIELD = re.compile(
    r"^\s*(conflict|part ?of|date|place|location|coordinates|result|status|territory|"
    r"(?:combatant|commander|units|strength|casualties)\s?\d)\s*:\s?(.*)$",
    re.I,
)
NUMBERED = re.compile(r"^([a-z_ ]+?)\s*(\d+)$")
UNKNOWN = {"", "unknown", "none", "n/a", "not stated", "?", "-", ",", "—"}


def score(text: str) -> float:
    """How sure it is that the text is an infobox article: a title line, then an Infobox line or fields."""
    lines = text.splitlines()[:10]
    head = [line for line in lines if line.strip()]
    if sum(1 for line in lines if BARE_FIELD.match(line)) >= 4 and any(
        BARE_FIELD.match(line) and line.strip().lower().startswith("conflict") for line in lines
    ):
        return 0.9  # a box of bare fields opened by its Conflict field
    if not head or not TITLE.match(head[0]):
        return 0.0
    if any(line.strip().lower() == "infobox" for line in lines):
        return 1.0
    return 0.9 if sum(1 for line in lines if FIELD.match(line)) >= 3 else 0.6


def _value(raw: str) -> str | None:
    v = common.clean(raw)
    return None if v.strip(" ,;").lower() in UNKNOWN else v


def read_fields(
    lines: list[str], warnings: list[str]
) -> tuple[str | None, dict[str, tuple[str, int]], range]:
    """(title, fields by folded key, the lines of the box).

    The box is the first run of ``- Key: value`` lines with the heading line
    before it ("Infobox"); an indented or bulleted line inside it goes on with
    the field above; a lead paragraph before it is not part of it. A box of
    bare ``Key:value`` fields (a battle box's parameter names) is read the
    same way; there any line up to the first blank line goes on with the field above.
    """
    title = None
    found: dict[str, tuple[str, int]] = {}
    first, last, key = 0, 0, None
    bare = False
    for i, line in enumerate(lines, 1):
        if title is None and not found and TITLE.match(line):
            title = common.clean(TITLE.match(line).group(1))  # type: ignore[union-attr]
            continue
        m = FIELD.match(line)
        if not m and (bare or not found) and (m := BARE_FIELD.match(line)):
            bare = True
        elif bare and found and not line.strip():
            break
        elif bare and found and key:
            value, n = found[key]
            found[key], last = (f"{value}\n{line.strip()}", n), i
            continue
        if m:
            key = m.group(1).strip().lower().replace(" ", "").replace("_", "")
            found[key] = (m.group(2), i)
            first, last = first or i, i
            continue
        if found and key and line.strip() and re.match(r"^(?:\s+|\s*[*•]\s)", line):
            value, n = found[key]
            found[key], last = (f"{value}\n{line.strip()}", n), i
            continue
        if found and line.strip():
            if line.lstrip().startswith("-"):
                warnings.append(f"line {i}: not a '- Key: value' field; the box ends here")
            break
    if not found:
        warnings.append("box: no '- Key: value' fields found; only the prose is read")
        return title, found, range(0)
    if last == len(lines) or not any(line.strip() for line in lines[last:]):
        warnings.append("the document ends inside the infobox: its last field may be cut short")
    if first > 1 and re.fullmatch(r"\s*[A-Za-z]+\s*", lines[first - 2]):
        first -= 1  # the box's heading line: "Infobox"
    return title, found, range(first, last + 1)


def parse(text: str) -> Document:
    """The battle of an infobox article: its fields, sides, commanders and figures, and the prose around the box."""
    lines = text.splitlines()
    warnings: list[str] = []
    title, box, box_lines = read_fields(lines, warnings)
    if title is None:
        title = _value(box.get("conflict", ("", 0))[0])
    doc = Document(format=FORMAT, title=title, warnings=warnings)

    def field(*names: str) -> tuple[str | None, int | None]:
        for n in names:
            if n in box:
                return box[n]
        return None, None

    event = _new_event(title or "Untitled", field, lines, warnings)
    sides = _columns(event, box, lines, warnings)
    _empty_column_from_lead(event, box, _lead(lines, box_lines), sides)
    _prose(event, lines, box_lines, sides)
    doc.events.append(event)
    return doc


def _new_event(name: str, field, lines: list[str], warnings: list[str]) -> Event:
    raw_date, date_line = field("date")
    raw_status, status_line = field("status")
    ongoing = bool(raw_status and re.search(r"\bongoing\b", raw_status, re.I)) or bool(
        raw_date and re.search(r"\bpresent\b", raw_date, re.I)
    )
    date = parse_date(
        common.clean(re.sub(r"(?i)[–-]\s*present\b|,\s*\(\s*\)", "", raw_date or "")), ongoing=ongoing
    )
    if not date.start:
        warnings.append(f"date: {'not understood: ' + repr(raw_date) if raw_date else 'the box states none'}")
    status = "ongoing" if ongoing else ("ended" if date.end or (raw_status and raw_status.strip()) else None)
    if status is None and date.start:
        status = "ended"
    event = Event(
        event_type="battle",
        kind=common.kind_from_name(name),
        name=name,
        name_rule="stated",
        date=date,
        date_line=date_line,
        line_start=1,
        line_end=len(lines),
        quote=lines[date_line - 1].strip() if date_line else (lines[0].strip() if lines else ""),
        status=status,
    )
    raw_result, result_line = field("result")
    event.result = _value(raw_result or "")
    event.result_line = result_line if event.result else None
    if event.result is None and raw_status and _value(raw_status):
        event.result, event.result_line = _value(raw_status), status_line
    if event.result is None:
        warnings.append("result: the box states no Result or Status")
    raw_part, _ = field("partof")
    if raw_part and _value(raw_part):
        event.part_of = re.sub(r"^the\s+", "", _value(raw_part) or "", flags=re.I)
    else:
        warnings.append("part of: the box states none")
    _place(event, field, warnings)
    return event


def _place(event: Event, field, warnings: list[str]) -> None:
    raw_place, place_line = field("place", "location")
    if raw_place and _value(raw_place):
        common.set_stated_place(event, _value(raw_place) or "", place_line)
    elif raw_place is not None:
        warnings.append("place: the Place field is empty")
    else:
        warnings.append("place: the box has no Place field")
    for raw, line in (field("coordinates", "coord"), (raw_place, place_line)):
        coords = fields.parse_coordinates(raw) if raw else None
        if coords and event.lat is None:
            event.lat, event.lon = coords
            event.coordinates_text, event.coordinates_line = common.clean(raw or ""), line
    common.set_place_from_name(event)


def _columns(event: Event, box: dict[str, tuple[str, int]], lines: list[str], warnings: list[str]) -> dict:
    """Participants, commanders and figures of the numbered fields."""
    numbered = sorted(
        (
            (int(m.group(2)), m.group(1), raw, n)
            for key, (raw, n) in box.items()
            if (m := NUMBERED.match(key))
        ),
        key=lambda t: t[3],
    )
    columns = max((k for k, base, _, _ in numbered if base == "combatant"), default=0)
    sides: dict[str, int] = {}
    for k, base, raw, n in numbered:
        side = k if k <= columns else None
        quote = lines[n - 1].strip()
        if base == "combatant":
            if not fields.parse_belligerents(raw):
                warnings.append(f"line {n}: Combatant{k} names no belligerent (a field of flags alone?)")
            for b in fields.parse_belligerents(raw):
                event.participants.append(
                    Participant(b.as_written, b.actor_id, side, b.role, b.claimed_by, n, quote)
                )
                if b.actor_id and b.role == "belligerent" and side:
                    sides.setdefault(b.actor_id, side)
    only = {s: _only_actor(event, s) for s in range(1, columns + 1)}
    for k, base, raw, n in numbered:
        side = k if k <= columns else None
        quote = lines[n - 1].strip()
        if base == "commander":
            _commanders(event, raw, side, n, quote, only.get(side or 0), warnings)
        elif base in ("strength", "casualties"):
            context = "strength" if base == "strength" else "casualties"
            found = [
                f
                for part, at in _field_lines(raw, n, lines)
                for f in figures.read_figures(
                    part, line=at, quote=lines[at - 1].strip(), context=context, side=side
                )
            ]
            for f in found:
                if f.population not in ("civilians", "overall"):
                    f.actor_id = f.actor_id or only.get(side or 0)
            if not found and _value(raw):
                warnings.append(f"line {n}: no figure read in {common.clean(raw)[:60]!r}")
            event.figures.extend(found)
    return sides


def _field_lines(raw: str, n: int, lines: list[str]) -> list[tuple[str, int]]:
    """A field's value line by line with the line each stands on: a line that
    goes on with the field above is quoted from its own line."""
    parts = raw.split("\n")
    out = [(parts[0], n)]
    at = n
    for part in parts[1:]:
        at = next((i for i in range(at + 1, len(lines) + 1) if lines[i - 1].strip() == part), at)
        out.append((part, at))
    return out


def _only_actor(event: Event, side: int) -> str | None:
    actors = {p.actor_id for p in event.participants if p.side == side and p.role == "belligerent"}
    return actors.pop() if len(actors) == 1 else None


def _commanders(event: Event, raw: str, side, n: int, quote: str, actor, warnings: list[str]) -> None:
    on_side = {p.actor_id for p in event.participants if p.side == side and p.actor_id}
    for flag, entry, _ in fields.leader_entries(raw.replace("\n", ", ")):
        leader = fields.parse_leader(entry)
        if leader is None:
            if not fields.not_a_person(entry):
                warnings.append(f"line {n}: commander entry not understood: {entry[:60]!r}")
            continue
        flagged = flag.actor_id if flag and flag.actor_id in on_side else None
        event.commanders.append(fields.leader_commander(leader, side, n, quote, flagged or actor))


def _lead(lines: list[str], box_lines: range) -> list[tuple[int, str]]:
    """The lines of prose before the first section heading, with their numbers."""
    out: list[tuple[int, str]] = []
    for i in range(1, len(lines) + 1):
        line = lines[i - 1]
        if i in box_lines or not line.strip() or FIELD.match(line) or BARE_FIELD.match(line):
            continue
        if SECTION.match(line):
            break
        if not TITLE.match(line):
            out.append((i, line))
    return out


def _empty_column_from_lead(
    event: Event, box: dict[str, tuple[str, int]], lead: list[tuple[int, str]], sides: dict[str, int]
) -> None:
    """One Combatant field left empty while the others name belligerents: the side the lead
    names as attacked ("two attacks targeted the Malian army") and its helpers ("With help from
    the French") fill it, quoted from the lead; nothing when the lead names no target."""
    combatants = [
        (int(m.group(2)), raw)
        for key, (raw, _) in box.items()
        if (m := NUMBERED.match(key)) and m.group(1) == "combatant"
    ]
    empty = [k for k, raw in combatants if not fields.parse_belligerents(raw)]
    named = {p.actor_id for p in event.participants if p.actor_id}
    if len(empty) != 1 or len(combatants) < 2 or not named:
        return
    for actor_id, written, role, line, quote in sides_of_lead(lead):
        if actor_id in named:
            continue
        named.add(actor_id)
        event.participants.append(Participant(written, actor_id, empty[0], role, None, line, quote))
        if role == "belligerent":
            sides.setdefault(actor_id, empty[0])
    only = _only_actor(event, empty[0])  # the column's commanders and losses are that actor's
    for c in event.commanders:
        c.actor_id = c.actor_id or (only if c.side == empty[0] else None)
    for f in event.figures:
        if f.side == empty[0] and f.population not in ("civilians", "overall"):
            f.actor_id = f.actor_id or only


def _prose(event: Event, lines: list[str], box_lines: range, sides: dict[str, int]) -> None:
    """Lead summary, dated sentences and figures of the prose around the box."""
    ctx = DateContext(default_year=int(event.date.start[:4]) if event.date.start else None)
    last: list = [None]
    lead: list[str] = []
    in_lead = True
    for i in range(1, len(lines) + 1):
        line = lines[i - 1]
        if i in box_lines or not line.strip() or FIELD.match(line) or BARE_FIELD.match(line):
            continue
        if SECTION.match(line) or TITLE.match(line):
            in_lead = in_lead and not SECTION.match(line)
            continue
        if in_lead:
            lead.append(common.clean(line))
        for _, sentence in common.split_sentences(line):
            common.read_battle_sentence(event, sentence, i, ctx, last, sides)
    event.summary = " ".join(lead) or None
