"""Scraped mirror pages of an encyclopedia article.

The infobox arrives flattened into lines: labels glued to their values
(``Date16–21 May 2014``), flag image lines (``Flag of Mali.svg  Mali``),
``Belligerents`` / ``Commanders and leaders`` / ``Strength`` /
``Casualties and losses`` blocks in side order with ``(According to X)``
attributions, then a lead, ``Contents``, prose with bare heading lines,
``Related Research Articles`` (one paragraph per related article),
``References`` and coordinates.
"""

from __future__ import annotations

import html
import re

from .. import resolve
from ..dates import DateContext, find_dates, parse_date
from ..datewords import YEAR_DIGITS, years_in_line
from . import common
from .infobox import parse_coordinates, side_claims, strength_of
from .records import ActorNote, Commander, Document, Event, Participant, Person

FORMAT = "mirror-page"
BLOCKS = ("belligerents", "commanders and leaders", "units involved", "strength", "casualties and losses")
LABELS = ("Date", "Location", "Result", "Status", "Territorial changes", "Coordinates")
GLUED = re.compile(r"^(Date|Location|Result|Status|Territorial changes|Coordinates)\s*(.*)$")
SPAN_TITLE = re.compile(r'<span class="mw-page-title-main">(.*?)</span>\s*(.*)$')
ATTRIBUTION = re.compile(r"^\(\s*(?:according to|per|claimed by)\b.*\)\s*$", re.I)


def score(text: str) -> float:
    lines = [line.strip() for line in text.splitlines()]
    s = 0.0
    if "Belligerents" in lines:
        s += 0.4
    if "Casualties and losses" in lines or "Strength" in lines:
        s += 0.2
    if "Related Research Articles" in lines or "Contents" in lines:
        s += 0.2
    if "Last updated" in lines[:6]:
        s += 0.3
    if any(GLUED.match(line) and re.search(r"\d", line) for line in lines[:40]):
        s += 0.2
    return min(s, 1.0)


def _blocks(lines: list[str], start: int, stop: int) -> dict[str, list[tuple[int, str]]]:
    """The infobox blocks between ``start`` and ``stop`` (0-based, exclusive)."""
    blocks: dict[str, list[tuple[int, str]]] = {}
    current = None
    for i in range(start, stop):
        s = lines[i].strip()
        if s.lower() in BLOCKS:
            current = s.lower()
            blocks[current] = []
        elif current is not None:
            blocks[current].append((i + 1, lines[i]))
    return blocks


def _groups(entries: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Side groups: runs of non-blank lines; a lone run of several lines is one side a line."""
    groups: list[list[tuple[int, str]]] = [[]]
    for n, text in entries:
        if text.strip():
            groups[-1].append((n, text.strip()))
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    if len(groups) == 1 and len(groups[0]) > 1:
        groups = [[e] for e in groups[0]]
    return groups


def _belligerent_line(text: str) -> tuple[str, str]:
    """Split ``Flag of Mali.svg  Mali`` into (image part, visible name)."""
    m = re.match(r"^(.*\.(?:svg|png|jpe?g|gif))\s+(.*)$", text, re.I)
    return (m.group(1), m.group(2)) if m else ("", text)


def parse(text: str) -> Document:
    lines = text.splitlines()
    stripped = [line.strip() for line in lines]
    nonblank = [(i, s) for i, s in enumerate(stripped) if s]
    titled = [(i, common.clean(s)) for i, s in nonblank[:5] if common.clean(s)]
    title = titled[0][1] if titled else None
    title_line = titled[0][0] if titled else 0
    doc = Document(format=FORMAT, title=title)

    def find(label, after=0):
        for i in range(after, len(stripped)):
            if stripped[i] == label:
                return i
        return None

    # the flattened infobox ends where the lead paragraph starts: the first
    # long line with sentence punctuation after the casualty block
    box_end = None
    for i, s in enumerate(stripped):
        if len(s) > 80 and re.search(r"[.!?](?:\s|\[|$)", s) and not common.IMAGE_LINE.search(s):
            box_end = i
            break
    if box_end is None:
        box_end = len(lines)

    fields: dict[str, tuple[str, int]] = {}
    part_of = None
    for i in range(box_end):
        s = stripped[i]
        if part_of is None and s.startswith("Part of "):
            part_of = s[len("Part of ") :].strip()
            continue
        m = GLUED.match(s)
        if m and m.group(1) not in fields:
            value = m.group(2).strip()
            if not value:  # value on the following non-blank line(s), if not a label
                for j in range(i + 1, min(i + 4, box_end)):
                    t = stripped[j]
                    if not t:
                        continue
                    if GLUED.match(t) or t.lower() in BLOCKS:
                        break
                    value, i = t, j
                    break
            fields[m.group(1)] = (value, (i + 1) if value else 0)

    name = title or "Untitled"
    raw_date, date_line = fields.get("Date", ("", 0))
    raw_status = fields.get("Status", ("", 0))[0]
    ongoing = bool(re.search(r"\bongoing\b", raw_status or "", re.I))
    date = parse_date(common.clean(raw_date), ongoing=ongoing)
    event = Event(
        event_type="battle",
        kind=common.kind_from_name(name),
        name=name,
        name_rule="stated",
        date=date,
        date_line=date_line or None,
        line_start=1,
        line_end=len(lines),
        quote=stripped[date_line - 1] if date_line else stripped[title_line] if lines else "",
        status="ongoing" if ongoing else ("ended" if date.start else None),
        part_of=re.sub(r"^the\s+", "", part_of, flags=re.I) if part_of else None,
    )
    result, result_line = fields.get("Result", ("", 0))
    if result and not common.IMAGE_LINE.search(result):
        event.result, event.result_line = common.clean(result), result_line
    loc, loc_line = fields.get("Location", ("", 0))
    if loc:
        common.set_stated_place(event, common.clean(loc), loc_line)

    blocks = _blocks(lines, 0, box_end)
    sides: dict[str, int] = {}
    for side, group in enumerate(_groups(blocks.get("belligerents", [])), 1):
        for n, entry in group:
            image, visible = _belligerent_line(entry)
            found = resolve.parse_belligerents(f"{image}  {visible}" if image else visible)
            for b in found:
                event.participants.append(
                    Participant(b.as_written, b.actor_id, side, b.role, b.claimed_by, n, entry)
                )
                if b.actor_id and b.role == "belligerent":
                    sides.setdefault(b.actor_id, side)
    for side, group in enumerate(_groups(blocks.get("commanders and leaders", [])), 1):
        for n, entry in group:
            _, visible = _belligerent_line(entry)
            name_ = common.clean(visible)
            if name_ and name_.lower() not in ("unknown", "none"):
                event.commanders.append(Commander(side, name_, visible, n, entry))
    strength = [(n, t) for n, t in blocks.get("strength", []) if t.strip()]
    if len(strength) == 1:
        n, t = strength[0]
        parts = re.findall(
            rf"{common.NUM}\+?(?:\s*(?:–|-|to)\s*{common.NUM})?(?:\s*\[\w+\])*|unknown", t, re.I
        )
        for side, part in enumerate(parts, 1):
            s = strength_of(side, part, n, t.strip())
            if s:
                event.strengths.append(s)
    else:
        for side, (n, t) in enumerate(strength, 1):
            s = strength_of(side, t, n, t.strip())
            if s:
                event.strengths.append(s)
    _casualties(event, blocks.get("casualties and losses", []), sides)

    # the rest of the page
    contents = find("Contents", box_end)
    related = find("Related Research Articles", box_end)
    references = find("References", related or box_end)
    end_prose = related if related is not None else (references if references is not None else len(lines))
    lead = []
    ctx = DateContext(default_year=int(date.start[:4]) if date.start else None)
    last = [None]
    for i in range(box_end, end_prose):
        s = stripped[i]
        if not s or s == "Contents" or common.is_heading(s):
            continue
        if contents is None or i < contents:
            lead.append(common.clean(s))
        for _, sentence in common.split_sentences(lines[i]):
            common.read_battle_sentence(event, sentence, i + 1, ctx, last, sides)
    event.summary = " ".join(lead) or None

    tail_start = references if references is not None else len(lines)
    for i in range(len(lines) - 1, tail_start - 1, -1):
        coords = parse_coordinates(stripped[i])
        if coords:
            event.lat, event.lon = coords
            event.coordinates_text, event.coordinates_line = stripped[i], i + 1
            break
    common.set_place_from_name(event)
    doc.events.append(event)

    if related is not None:
        _related(doc, lines, related + 1, references if references is not None else len(lines))
    return doc


def _casualties(event: Event, entries, sides) -> None:
    side = 1
    buf: list[tuple[int, str]] = []

    def flush(attribution: str = "", line: int = 0):
        nonlocal buf
        if not buf:
            return
        text = ", ".join(t.strip() for _, t in buf)
        quote = " / ".join(t.strip() for _, t in buf) + (f" {attribution}" if attribution else "")
        actor = next((a for a, s in sides.items() if s == side), None)
        for c in side_claims(
            side, text + (" " + attribution if attribution else ""), buf[0][0], quote, actor_id=actor
        ):
            c.text = common.clean(quote)  # the lines as written, " / " between them
            event.casualties.append(c)
        buf = []

    groups_by_blank = any(not t.strip() for _, t in entries[:-1])
    for n, t in entries:
        s = t.strip()
        if ATTRIBUTION.match(common.strip_refs(s)):
            flush(common.strip_refs(s), n)
            side += 1
        elif not s:
            if (
                buf
                and groups_by_blank
                and not any(ATTRIBUTION.match(common.strip_refs(x.strip())) for _, x in entries)
            ):
                flush()
                side += 1
        else:
            buf.append((n, s))
    flush()


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
        event.casualties.extend(common.prose_casualties(sentence, line))
    if event.name is None:
        doc.warnings.append(f"line {line}: an event with no name and no place, kept unnamed")
    doc.events.append(event)
