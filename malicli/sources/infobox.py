"""List-infobox articles: a ``= Title =`` line, an ``Infobox`` block of
``- Key: value`` lines, then prose with ``==Section==`` headings."""

from __future__ import annotations

import re

from .. import resolve
from ..dates import DateContext, parse_date
from . import common
from .records import Casualty, Commander, Document, Event, Participant, Strength

FORMAT = "infobox-article"
TITLE = re.compile(r"^\s*=\s*([^=].*?)\s*=\s*$")
SECTION = re.compile(r"^\s*==+\s*(.*?)\s*==+\s*$")
FIELD = re.compile(r"^\s*-\s*([A-Za-z][A-Za-z0-9 _]*?)\s*:\s?(.*)$")
NUMBERED = re.compile(r"^([a-z_ ]+?)\s*(\d+)$")
UNKNOWN = {"", "unknown", "none", "n/a", "not stated", "?", "-", ",", "—"}


def score(text: str) -> float:
    lines = text.splitlines()[:10]
    head = [line for line in lines if line.strip()]
    if not head or not TITLE.match(head[0]):
        return 0.0
    return 1.0 if any(line.strip().lower() == "infobox" for line in lines) else 0.6


def _value(raw: str) -> str | None:
    v = common.clean(raw)
    return None if v.strip(" ,;").lower() in UNKNOWN else v


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """Decimal (``18.44; 1.40``, ``18.44°N 1.40°E``) or DMS coordinates."""
    m = re.search(r"(-?\d{1,2}\.\d+)\s*°?\s*([NS])\s*,?\s*(-?\d{1,3}\.\d+)\s*°?\s*([EW])", text)
    if m:
        lat = float(m.group(1)) * (-1 if m.group(2) == "S" else 1)
        lon = float(m.group(3)) * (-1 if m.group(4) == "W" else 1)
        return lat, lon
    m = re.search(r"(-?\d{1,2}\.\d+)\s*[;,]\s*(-?\d{1,3}\.\d+)", text)
    if m:
        return float(m.group(1)), float(m.group(2))
    m = re.search(
        r"(\d{1,2})°\s*(\d{1,2})?[′']?\s*(\d{1,2}(?:\.\d+)?)?[″\"]?\s*([NS])\s*,?\s*"
        r"(\d{1,3})°\s*(\d{1,2})?[′']?\s*(\d{1,2}(?:\.\d+)?)?[″\"]?\s*([EW])",
        text,
    )
    if m:

        def dms(d, mi, s):
            return int(d) + int(mi or 0) / 60 + float(s or 0) / 3600

        lat = dms(m.group(1), m.group(2), m.group(3)) * (-1 if m.group(4) == "S" else 1)
        lon = dms(m.group(5), m.group(6), m.group(7)) * (-1 if m.group(8) == "W" else 1)
        return round(lat, 4), round(lon, 4)
    return None


_FIG = re.compile(rf"(?P<n>{common.NUM})\+?\s+(?P<what>[A-Za-z][A-Za-z ]*?)(?=\s*(?:[,;(]|$|\band\b))", re.I)


def figures(text: str) -> list[dict]:
    """Figures of an infobox casualty field, one dict per claim.

    A category that comes back ("10 wounded, 1 wounded") starts a new claim
    rather than being summed.
    """
    claims: list[dict] = [{}]
    for m in _FIG.finditer(common.strip_refs(text)):
        n = common.to_int(m.group("n"))
        what = m.group("what").lower()
        if n is None:
            continue
        if "vehicle" in what or "tank" in what or "aircraft" in what:
            cat = "vehicles"
        elif "civilian" in what:
            cat = "civilians"
        else:
            word = next(
                (
                    w
                    for w in (
                        "killed",
                        "dead",
                        "died",
                        "wounded",
                        "injured",
                        "captured",
                        "prisoner",
                        "missing",
                        "arrested",
                    )
                    if w in what
                ),
                None,
            )
            if word is None:
                continue
            cat = common.figure_category("taken prisoner" if word == "prisoner" else word, what)
        if cat in claims[-1]:
            claims.append({})
        claims[-1][cat] = n
    return [c for c in claims if c]


def side_claims(side, text, line, quote, origin="infobox", actor_id=None):
    """Casualty claims for one side from an infobox value with its attribution."""
    claimed_by = None
    claimed_actor = None
    m = re.search(r"\((?:according to|per|claimed by)\s+([^)]+)\)", text, re.I)
    if m:
        claimed_by = m.group(1).strip()
        found = resolve.find_actors(claimed_by)
        claimed_actor = found[0].id if found else resolve.resolve_actor(claimed_by)
    out = []
    for figs in figures(text):
        c = Casualty(
            side=side,
            actor_id=actor_id,
            text=common.clean(text),
            claimed_by=claimed_by,
            claimed_by_actor_id=claimed_actor,
            origin=origin,
            line=line,
            quote=quote,
        )
        for k, v in figs.items():
            setattr(c, k, v)
        out.append(c)
    return out


def strength_of(side, raw, line, quote) -> Strength | None:
    text = common.clean(raw)
    if not text.strip(" ,"):
        return None
    m = re.search(common.NUM, text, re.I)
    value = common.to_int(m.group(0)) if m and text.lower() not in UNKNOWN else None
    claimed = re.search(r"\((?:according to|per)\s+([^)]+)\)", text, re.I)
    return Strength(side, value, text, claimed.group(1) if claimed else None, line, quote)


def parse(text: str) -> Document:
    lines = text.splitlines()
    title = None
    fields: dict[str, tuple[str, int]] = {}
    body_start = 0
    in_box = False
    warnings: list[str] = []
    for i, line in enumerate(lines, 1):
        if title is None and TITLE.match(line):
            title = common.clean(TITLE.match(line).group(1))
            continue
        if line.strip().lower() == "infobox":
            in_box = True
            continue
        if in_box:
            m = FIELD.match(line)
            if m:
                fields[m.group(1).strip().lower().replace(" ", "")] = (m.group(2), i)
                continue
            if line.strip():
                if line.lstrip().startswith("-"):
                    warnings.append(f"line {i}: not a '- Key: value' field; the infobox ends here")
                in_box = False
                body_start = i - 1
                break
            if fields:
                in_box = False
                body_start = i
                break
    else:
        body_start = len(lines)
        if in_box:
            warnings.append("the document ends inside the infobox")
    if title is None:
        title = _value(fields.get("conflict", ("", 0))[0])
    doc = Document(format=FORMAT, title=title, warnings=warnings)

    def field(*names):
        for n in names:
            if n in fields:
                return fields[n]
        return None, None

    def quote(line_no):
        return lines[line_no - 1].strip() if line_no else ""

    raw_date, date_line = field("date")
    raw_status, status_line = field("status")
    ongoing = bool(raw_status and re.search(r"\bongoing\b", raw_status, re.I))
    date = parse_date(common.clean(raw_date or ""), ongoing=ongoing)
    status = "ongoing" if ongoing else ("ended" if date.end or (raw_status and raw_status.strip()) else None)
    if status is None and date.start:
        status = "ended"
    name = title or "Untitled"
    event = Event(
        event_type="battle",
        kind=common.kind_from_name(name),
        name=name,
        name_rule="stated",
        date=date,
        date_line=date_line,
        line_start=1,
        line_end=len(lines),
        quote=quote(date_line) if date_line else (lines[0].strip() if lines else ""),
        status=status,
    )
    raw_result, result_line = field("result")
    event.result = _value(raw_result or "")
    event.result_line = result_line if event.result else None
    raw_part, _ = field("partof", "part_of")
    if raw_part and _value(raw_part):
        event.part_of = re.sub(r"^the\s+", "", _value(raw_part), flags=re.I)
    raw_place, place_line = field("place", "location")
    if raw_place and _value(raw_place):
        common.set_stated_place(event, _value(raw_place), place_line)
    raw_coord, coord_line = field("coordinates", "coord")
    if raw_coord and parse_coordinates(raw_coord):
        event.lat, event.lon = parse_coordinates(raw_coord)
        event.coordinates_text, event.coordinates_line = common.clean(raw_coord), coord_line
    common.set_place_from_name(event)

    sides: dict[str, int] = {}
    for key, (raw, line_no) in sorted(fields.items()):
        m = NUMBERED.match(key)
        if not m:
            continue
        base, side = m.group(1), int(m.group(2))
        if base == "combatant":
            for b in resolve.parse_belligerents(raw):
                event.participants.append(
                    Participant(b.as_written, b.actor_id, side, b.role, b.claimed_by, line_no, quote(line_no))
                )
                if b.actor_id and b.role == "belligerent":
                    sides.setdefault(b.actor_id, side)
        elif base == "commander":
            for part in re.split(r"\s*(?:,|;|\band\b)\s*", common.clean(raw)):
                part = part.strip()
                if part and part.lower() not in UNKNOWN:
                    person = re.sub(
                        r"^(?:Col|Colonel|Gen|General|Capt|Captain|Lt|Maj|Major|Brig)\.?\s+", "", part
                    )
                    event.commanders.append(Commander(side, person, part, line_no, quote(line_no)))
        elif base == "strength":
            s = strength_of(side, raw, line_no, quote(line_no))
            if s:
                event.strengths.append(s)
        elif base == "casualties":
            event.casualties.extend(side_claims(side, raw, line_no, quote(line_no)))

    # prose: lead summary, sections, dated sentences, figures in the text
    ctx = DateContext(default_year=int(date.start[:4]) if date.start else None)
    last = [None]
    lead: list[str] = []
    in_lead = True
    for i in range(body_start + 1, len(lines) + 1):
        line = lines[i - 1]
        if not line.strip():
            continue
        if SECTION.match(line) or TITLE.match(line):
            in_lead = False
            continue
        if in_lead:
            lead.append(common.clean(line))
        for _, sentence in common.split_sentences(line):
            common.read_battle_sentence(event, sentence, i, ctx, last, sides)
    event.summary = " ".join(lead) or None
    doc.events.append(event)
    return doc
