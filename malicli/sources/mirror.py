"""Scraped mirror pages of an encyclopedia article.

The infobox arrives flattened into lines: a site banner, the title, labels
glued to their values (``Date16–21 May 2014``) or on their own line with the
value below (``Location`` / the place / its coordinates), ``Part of ...``, then
``Belligerents`` / ``Commanders and leaders`` / ``Strength`` / ``Casualties and
losses`` blocks whose columns are flattened one after the other. The lead
paragraph may come before or after the box. Then ``Contents``, prose with bare
heading lines, ``Related Research Articles`` (one paragraph per related
article), ``References`` and coordinates.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .. import resolve
from ..dates import DateContext, find_dates, parse_date
from ..datewords import YEAR_DIGITS, years_in_line
from . import box as boxes
from . import common, fields, sides, vocab
from .records import ActorNote, Document, Event, Person
from .text import is_prose
from .timeline import read_dated_text

FORMAT = "mirror-page"
BLOCKS = ("belligerents", "commanders and leaders", "units involved", "strength", "casualties and losses")
LABEL = re.compile(
    r"^(Date|Location|Result|Status|Territorial changes|Territorial|Coordinates|Place)(?![a-z])\s*:?\s*(.*)$"
)
GLUED = re.compile(r"^(Date|Location|Result|Status|Territorial changes|Coordinates)\s*(.*)$")
SPAN_TITLE = re.compile(r'<span class="mw-page-title-main">(.*?)</span>\s*(.*)$')
ENDS = ("Contents", "Related Research Articles", "References")


def score(text: str) -> float:
    """How sure it is that the text is a mirror page, from the headings it shows."""
    lines = [line.strip() for line in text.splitlines()]
    s = 0.0
    if "Belligerents" in lines:
        s += 0.4
    if "Casualties and losses" in lines or "Strength" in lines or "Commanders and leaders" in lines:
        s += 0.2
    if "Related Research Articles" in lines or "Contents" in lines:
        s += 0.2
    if "Last updated" in lines[:6]:
        s += 0.3
    if any(GLUED.match(line) and re.search(r"\d", line) for line in lines[:60]):
        s += 0.2
    if "Belligerents" not in lines and any(re.match(r"Result\s*\S", line) for line in lines[:60]):
        s += 0.2 if s >= 0.4 else 0.0  # a mobile page's box: its header cells lost, its labels kept
    return min(s, 1.0)


@dataclass
class Box:
    """Where the flattened infobox lies and what its labels say (0-based lines)."""

    start: int
    end: int
    values: dict[str, tuple[str, int]] = field(default_factory=dict)  # label -> (value, 1-based line)
    extra: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # lines under a label
    blocks: dict[str, boxes.Block] = field(default_factory=dict)
    part_of: str | None = None
    title_line: int | None = None  # the title repeated at the top of the box
    read: set[int] = field(default_factory=set)  # lines of the box's head that were read (0-based)
    odd: list[str] = field(default_factory=list)  # lines under a label that are not its kind of value


def _is_banner(s: str) -> bool:
    low = s.lower()
    return any(
        low == w.lower() or (len(w) > 12 and low.startswith(w.lower())) for w in vocab.words("banner_lines")
    )


def _is_caption(s: str) -> bool:
    return bool(re.search(vocab.alternation("map_caption_lines"), s, re.I)) and len(s) < 120


def _title(stripped: list[str]) -> tuple[str | None, int]:
    for i, s in enumerate(stripped[:12]):
        if s and not _is_banner(s) and common.clean(s):
            return common.clean(s), i
    return None, 0


def _limit(stripped: list[str]) -> int:
    """Where the box can no longer be: the related articles or the references
    (a "Contents" line may fall inside a flattened box)."""
    return next((i for i, s in enumerate(stripped) if s in ENDS[1:]), len(stripped))


def find_box(lines: list[str], title: str | None) -> Box | None:
    """The lines of the flattened box: from its first label to the end of its
    last block, wherever it stands (after a banner, an image caption or the
    lead paragraph)."""
    stripped = [line.strip() for line in lines]
    limit = _limit(stripped)
    marks: list[tuple[int, str]] = []
    for i in range(limit):
        s = stripped[i]
        if s.lower() in BLOCKS:
            marks.append((i, s.lower()))
        elif s.startswith("Part of ") and len(s) < 200 and not is_prose(s):
            marks.append((i, "part of"))
        elif LABEL.match(s) and not is_prose(s) and len(s) < 200:
            marks.append((i, "label"))
    if not any(kind in BLOCKS or kind == "label" for _, kind in marks):
        return None
    box = Box(start=marks[0][0], end=marks[-1][0] + 1)
    if box.start and title and common.clean(stripped[box.start - 1]).startswith(title.split(" (")[0][:20]):
        box.title_line = box.start - 1
    block_starts = [(i, k) for i, k in marks if k in BLOCKS]
    for (i, kind), nxt in zip(block_starts, [*block_starts[1:], (None, None)]):
        stop = nxt[0] if nxt[0] is not None else _block_end(stripped, i + 1, limit, title)
        box.blocks[kind] = boxes.Block(kind, [(j + 1, lines[j]) for j in range(i + 1, stop)])
        box.end = max(box.end, stop)
    for i, kind in marks:
        box.read.add(i)
        if kind == "part of" and box.part_of is None:
            box.part_of = re.sub(r"^the\s+", "", stripped[i][len("Part of ") :].strip(), flags=re.I)
    _labels(box, stripped, [i for i, k in marks if k == "label"], [i for i, _ in marks])
    return box


def _block_end(stripped: list[str], start: int, limit: int, title: str | None) -> int:
    """The last block ends at the first line of prose, a map caption, the
    title repeated, or a label."""
    for j in range(start, limit):
        s = stripped[j]
        if is_prose(s) or _is_caption(s) or (title and common.clean(s) == title) or LABEL.match(s):
            return j
    return limit


def _labels(box: Box, stripped: list[str], label_lines: list[int], all_marks: list[int]) -> None:
    """Each label's value: glued, on its line, or on the lines under it."""
    for i in label_lines:
        m = LABEL.match(stripped[i])
        assert m is not None
        name = "Territorial changes" if m.group(1) == "Territorial" else m.group(1)
        if name == "Place":
            name = "Location"
        value, line = m.group(2).strip(), i + 1
        nxt = min([j for j in all_marks if j > i] + [box.end])
        under = [(stripped[j], j + 1) for j in range(i + 1, nxt) if stripped[j]]
        if (
            name == "Territorial changes"
            and m.group(1) == "Territorial"
            and under
            and under[0][0] == "changes"
        ):
            under = under[1:]
        if not value and under:
            value, line = under[0]
            under = under[1:]
        box.values.setdefault(name, (value, line if value else 0))
        box.extra.setdefault(name, under)
        box.read.update([i, *range(i + 1, nxt)])
        box.odd += [
            f"line {n}: box line not understood under {name}: {t[:60]!r}" for t, n in under if _odd(name, t)
        ]


def _unread(box: Box, stripped: list[str]) -> list[str]:
    """Lines of the box's head that are neither a label, its value, an image
    with its caption, a map caption nor the title."""
    first_block = min((n - 2 for b in box.blocks.values() for n, _ in b.lines[:1]), default=box.end)
    out, after_image = [], False
    for i in range(box.start, max(first_block, box.start)):
        s = stripped[i]
        if not s or i in box.read or i == box.title_line or _is_caption(s) or _is_banner(s):
            after_image = False
            continue
        if common.IMAGE_LINE.search(s) or after_image:
            after_image = not after_image
            continue
        out.append(f"line {i + 1}: box line not understood: {s[:60]!r}")
    return out


def _odd(label: str, line: str) -> bool:
    """A line under a label that is not what such a label carries below its value:
    a duration, bullets, coordinates, a map caption."""
    if label == "Territorial changes" or re.match(r"^\(.*\)$|^[•·*▪-]|^Contents$", line) or _is_caption(line):
        return False
    return not (label in ("Location", "Coordinates") and (fields.parse_coordinates(line) or len(line) < 60))


def _header_fields(event: Event, box: Box, doc: Document, stripped: list[str]) -> None:
    result, result_line = box.values.get("Result", ("", 0))
    status, status_line = box.values.get("Status", ("", 0))
    if result and not common.IMAGE_LINE.search(result):
        event.result, event.result_line = common.clean(result), result_line
    elif status:
        event.result, event.result_line = common.clean(status), status_line
    else:
        doc.warnings.append("result: the box states no Result or Status")
    if box.part_of is None:
        doc.warnings.append("part of: the box states none")
    doc.warnings.extend(_unread(box, stripped) + box.odd)
    place, place_line = box.values.get("Location", ("", 0))
    if place and not LABEL.match(place) and not fields.parse_coordinates(place):
        common.set_stated_place(event, place, place_line)
    elif "Location" in box.values:
        doc.warnings.append("place: the Location label has no value")
    for text, n in [
        box.values.get("Location", ("", 0)),
        *box.extra.get("Location", []),
        box.values.get("Coordinates", ("", 0)),
    ]:
        coords = fields.parse_coordinates(text) if text else None
        if coords and event.lat is None:
            event.lat, event.lon = coords
            event.coordinates_text, event.coordinates_line = text, n


def _new_event(name: str, box: Box | None, stripped: list[str], title_line: int, doc: Document) -> Event:
    raw_date, date_line = box.values.get("Date", ("", 0)) if box else ("", 0)
    raw_status = box.values.get("Status", ("", 0))[0] if box else ""
    ongoing = bool(re.search(r"\bongoing\b", raw_status or "", re.I)) or bool(
        re.search(r"\bpresent\b", raw_date or "", re.I)
    )
    date = parse_date(common.clean(re.sub(r"(?i)[–-]\s*present\b", "", raw_date)), ongoing=ongoing)
    if not date.start:
        doc.warnings.append(
            f"date: {'not understood: ' + repr(raw_date) if raw_date else 'the box states none'}"
        )
    part_of = box.part_of if box else None
    return Event(
        event_type="battle",
        kind=common.kind_from_name(name),
        name=name,
        name_rule="stated",
        date=date,
        date_line=date_line or None,
        line_start=1,
        line_end=len(stripped),
        quote=stripped[date_line - 1] if date_line else stripped[title_line] if stripped else "",
        status="ongoing" if ongoing else ("ended" if date.start else None),
        part_of=part_of,
    )


def parse(text: str) -> Document:
    """The battle of a mirror page from its flattened infobox and prose; the related articles it lists too."""
    lines = text.splitlines()
    stripped = [line.strip() for line in lines]
    title, title_line = _title(stripped)
    doc = Document(format=FORMAT, title=title)
    box = find_box(lines, title)
    event = _new_event(title or "Untitled", box, stripped, title_line, doc)
    lead = _lead(stripped, box, title_line)
    side_map = None
    if box is None:
        doc.warnings.append("box: no Belligerents block and no labels found; only the prose is read")
    else:
        _header_fields(event, box, doc, stripped)
        if box.title_line is not None:
            alias = common.clean(stripped[box.title_line])
            if alias and alias != event.name and not LABEL.match(alias):
                event.aliases.append(alias)
        side_map = _box_sides(event, box, lead, doc)
    known = {a: s for a, s in (side_map.by_actor.items() if side_map else []) if s is not None}
    _prose(event, lines, box, lead, known)
    _tail_coordinates(event, stripped)
    common.set_place_from_name(event)
    if event.place_id is None and event.place_text is None:
        doc.warnings.append("place: neither the box nor the name states a place")
    doc.events.append(event)
    related = next((i for i, s in enumerate(stripped) if s == "Related Research Articles"), None)
    if related is not None:
        references = next(
            (i for i in range(related, len(stripped)) if stripped[i] == "References"), len(lines)
        )
        _related(doc, lines, related + 1, references)
    return doc


def _box_sides(event: Event, box: Box, lead: list[tuple[int, str]], doc: Document) -> sides.Sides:
    blocks = box.blocks
    entries = boxes.belligerent_entries(blocks.get("belligerents", boxes.Block("belligerents")), doc.warnings)
    if not entries:
        doc.warnings.append("belligerents: none read from the box")
    winners = sides.result_winners(event.result)
    names = {e.belligerent.as_written: sides.entry_key(e) for e in entries if not e.belligerent.actor_id}
    groups = sides.lead_groups(
        [s for _, p in lead for _, s in common.split_sentences(p)][: sides.LEAD_SENTENCES], names
    )
    hint = boxes.cells_hint([b for k, b in blocks.items() if k not in ("belligerents", "units involved")])
    others = [b for k, b in blocks.items() if k not in ("belligerents", "units involved")]
    side_map = sides.entry_sides(entries, winners, groups, hint, boxes.first_row_cells(others))
    event.participants.extend(boxes.entry_participants(entries, side_map.of_entry))
    doc.warnings.extend(side_map.reasons)
    if "commanders and leaders" in blocks:
        boxes.add_commanders(
            event, boxes.leader_items(blocks["commanders and leaders"]), side_map, doc.warnings
        )
    strength = blocks.get("strength") or boxes.units_as_strength(blocks)
    for block, context in ((strength, "strength"), (blocks.get("casualties and losses"), "casualties")):
        if block is not None:
            boxes.add_figures(event, boxes.figure_items(block, context), side_map, doc.warnings)
    return side_map


def _lead(stripped: list[str], box: Box | None, title_line: int) -> list[tuple[int, str]]:
    """The lead paragraph: prose before the box, else the prose after it up to
    the contents or the first heading."""
    start = box.start if box else len(stripped)
    before = [
        (i + 1, s)
        for i, s in enumerate(stripped[:start])
        if i > title_line and is_prose(s) and not _is_banner(s)
    ]
    if before:
        return before
    out: list[tuple[int, str]] = []
    for i in range(box.end if box else title_line + 1, _limit(stripped)):
        s = stripped[i]
        if not s or _is_banner(s) or _is_caption(s):
            continue
        if common.is_heading(s) and out:
            break
        if is_prose(s) or (out and not common.is_heading(s)):
            out.append((i + 1, s))
        elif out:
            break
    return out


def _prose(event: Event, lines: list[str], box: Box | None, lead: list[tuple[int, str]], known: dict) -> None:
    stripped = [line.strip() for line in lines]
    stop = next((i for i, s in enumerate(stripped) if s in ENDS[1:]), len(lines))
    start = box.end if box else 0
    ctx = DateContext(default_year=int(event.date.start[:4]) if event.date.start else None)
    last: list = [None]
    numbers = [n - 1 for n, _ in lead if box is None or n - 1 < box.start] + list(range(start, stop))
    for i in numbers:
        s = stripped[i]
        if not s or s == "Contents" or common.is_heading(s) or _is_banner(s) or _is_caption(s):
            continue
        for _, sentence in common.split_sentences(lines[i]):
            common.read_battle_sentence(event, sentence, i + 1, ctx, last, known)
    event.summary = " ".join(common.clean(s) for _, s in lead) or None


def _tail_coordinates(event: Event, stripped: list[str]) -> None:
    if event.lat is not None:
        return
    references = next((i for i, s in enumerate(stripped) if s == "References"), len(stripped))
    for i in range(len(stripped) - 1, references - 1, -1):
        coords = fields.parse_coordinates(stripped[i])
        if coords:
            event.lat, event.lon = coords
            event.coordinates_text, event.coordinates_line = stripped[i], i + 1
            return


def _related(doc: Document, lines: list[str], start: int, stop: int) -> None:
    """Paragraphs under Related Research Articles: battles become events of
    their own; people and groups enrich the actor records."""
    pending_title = None
    for i in range(start, stop):
        raw = lines[i].strip()
        if not raw:
            continue
        m = SPAN_TITLE.search(raw)
        if m:
            pending_title = html.unescape(m.group(1)).strip()
            continue
        para = common.clean(html.unescape(raw))
        title, pending_title = pending_title, None
        _related_paragraph(doc, para, raw, i + 1, title)


_SUBJECT = re.compile(
    r"^(?:The\s+)?(?P<subject>.+?)(?:,.*?,)?\s+(?:was|is|were|are|took place|occurred|began|started|"
    r"refers to|happened)\b"
)


def _related_paragraph(doc: Document, para: str, raw: str, line: int, title: str | None) -> None:
    sentences = [s for _, s in common.split_sentences(para)]
    if not sentences:
        return
    first = sentences[0]
    m = _SUBJECT.match(first)
    subject = m.group("subject").strip() if m else None
    named = None
    for candidate in (title, subject):
        if (
            candidate
            and common.EVENT_NAME.search(candidate)
            and len(candidate) < 80
            and not find_dates(candidate)
        ):
            named = re.sub(rf"\s*\({YEAR_DIGITS}\)$", "", candidate)
            break
    dated = any(d.precision in ("day", "month") for d in find_dates(para))
    kind = common.kind_from_text(para)
    if named or (dated and kind and not _is_person(first)):
        _related_event(doc, para, raw, line, named, kind)
        return
    who = title or subject or ""
    actor_id = resolve.resolve_actor(who) if who else None
    if actor_id is None and who:
        found = resolve.find_actors(who)
        actor_id = found[0].id if found and found[0].as_written.strip() == who.strip() else None
    if actor_id:
        doc.actor_notes.append(ActorNote(actor_id, who, para, line))
    elif subject and _is_person(first):
        name = re.split(r",", subject)[0].strip()
        doc.people.append(
            Person(name, para, line, list(dict.fromkeys(a.id for a in resolve.find_actors(para))))
        )
    else:
        doc.warnings.append(f"line {line}: related paragraph not understood, skipped")


def _is_person(sentence: str) -> bool:
    return bool(re.search(r"\b(?:born|was an?|is an?)\b", sentence)) and not common.EVENT_NAME.search(
        sentence.split(" was ")[0].split(" is ")[0]
    )


def _related_event(doc, para, raw, line, named, kind) -> None:
    ctx_years = years_in_line(para)
    ctx = DateContext(default_year=ctx_years[0] if ctx_years else None)
    date = parse_date("")
    for d in find_dates(para):
        if d.precision in ("day", "month"):
            date = parse_date(d.text, ctx)
            break
    kind = common.kind_from_name(named) if named else (kind or "event")
    if kind == "event" and common.kind_from_text(para):
        kind = common.kind_from_text(para)
    place_id, place_text = common.best_place(named or "")
    place_rule = "from_name"
    if not place_id:
        place_id, place_text = common.best_place(para)
        place_rule = "from_text"
    name, rule = (named[0].upper() + named[1:], "stated") if named else (None, None)
    if name is None:
        name, rule = common.derived_name(kind, place_id, date), "derived"
    event = Event(
        event_type="battle",
        kind=kind,
        name=name,
        name_rule=rule,
        date=date,
        date_line=line if date.start else None,
        line_start=line,
        line_end=line,
        quote=raw,
        summary=para,
        status="ended" if date.start else None,
        place_text=place_text,
        place_id=place_id,
        place_rule=place_rule if place_id else None,
        place_line=line if place_id else None,
    )
    event.participants = common.mentioned_actors(para, line, raw, role="participant")
    for _, sentence in common.split_sentences(para):
        event.figures.extend(common.prose_casualties(sentence, line))
    event.children.extend(paragraph_events(event, para, line))
    if event.name is None:
        doc.warnings.append(f"line {line}: an event with no name and no place, kept unnamed")
    doc.events.append(event)


def paragraph_events(event: Event, para: str, line: int) -> list[Event]:
    """Every dated event of a related article's paragraph, read by the shared timeline reader
    (each dated sentence, each date that dates an event: "By the 28 June ...", "captured the city
    on November 14", "took power in 2021"), except those that only restate the event's own dates."""
    read = read_dated_text("\n" * (line - 1) + para, "mirror-page")  # the paragraph at its own line
    return [e for e in read.events if e.date.start and not common.restates(e, event)]
