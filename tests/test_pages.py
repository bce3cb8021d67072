"""Battle pages read as a careful reader reads them.

Each document of ``tests/docs/pages`` reproduces conventions of real pages
(mirror scrapes with their columns flattened, list-infobox articles, pipe
tables); ``tests/data/pages`` holds, for each, the record a careful reader
takes from it, written by hand. One test compares the parser's Document
with it field by field. Property tests follow: every stored number is in its
quote, no name keeps a file name or a marker, and no line gets a side the
document gives no evidence for.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from malicli import resolve
from malicli.sources import detect, figures, mirror, parse

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs" / "pages"
EXPECTED = sorted((HERE / "data" / "pages").glob("*.json"))
FIGURE_KEYS = {
    "side": "side",
    "category": "category",
    "population": "population",
    "low": "low",
    "high": "high",
    "qualifier": "qualifier",
    "claimant": "claimant",
    "claimant_actor": "claimant_actor_id",
    "actor": "actor_id",
    "note": "note",
}


def _load(case: dict):
    text = (DOCS / case["doc"]).read_text(encoding="utf-8")
    return text, parse(text)


def test_enough_documents():
    assert len(EXPECTED) >= 20
    assert {p.stem for p in EXPECTED} == {p.stem for p in DOCS.glob("*.txt")}
    formats = {json.loads(p.read_text(encoding="utf-8"))["format"] for p in EXPECTED}
    assert formats == {"mirror-page", "infobox-article", "pipe-table-page"}


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_page_reads_as_expected(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    text, doc = _load(case)
    assert doc.format == case["format"]
    e = doc.events[0]
    assert e.name == case["name"]
    assert (e.date.start, e.date.end) == (case["date"]["start"], case["date"]["end"])
    assert e.status == case["status"]
    assert e.result == case["result"]
    assert e.part_of == case["part_of"]
    place = case["place"]
    assert (e.place_id, e.place_text, e.place_qualifier, e.region_text, e.other_place_ids) == (
        place["id"],
        place["text"],
        place["qualifier"],
        place["region"],
        place["others"],
    )
    if case["coordinates"] is None:
        assert e.lat is None and e.lon is None
    else:
        assert (e.lat, e.lon) == pytest.approx(tuple(case["coordinates"]), abs=1e-4)
    got = [
        {"name": p.as_written, "actor": p.actor_id, "side": p.side, "role": p.role} for p in e.participants
    ]
    assert got == [{k: v for k, v in b.items() if k != "line"} for b in case["belligerents"]]
    for p, want in zip(e.participants, case["belligerents"]):
        assert "line" not in want or p.line == want["line"], (p.as_written, p.line)  # a side from the lead
    got = [
        {"name": c.name, "rank": c.rank, "fate": c.fate, "side": c.side, "actor": c.actor_id}
        for c in e.commanders
    ]
    assert got == case["commanders"]
    box = [f for f in e.figures if f.origin == "infobox"]
    assert len(box) == len(case["figures"]), [(f.category, f.low, f.text) for f in box]
    for f, want in zip(box, case["figures"]):
        got_f = {k: getattr(f, attr) for k, attr in FIGURE_KEYS.items() if k in want}
        if "note" in want:  # a note may say more than the expectation names
            got_f["note"] = want["note"] if want["note"] in (f.note or "") else f.note
        assert got_f == want, f.text
    for needle in case.get("warnings", []):
        assert any(needle in w for w in doc.warnings), (needle, doc.warnings)
    if "summary_starts" in case:
        assert (e.summary or "").startswith(case["summary_starts"])


# ---------------------------------------------------------------------------
# Invariants on every page document
# ---------------------------------------------------------------------------

# markers of fate, reference marks ("[1]", "[a]"), image file names and sizes, flag alt texts
_MARKERS = re.compile(
    r"†|\bKIA\b|\bWIA\b|\bPOW\b|\[(?:\d+|[a-z]|citation needed)\]|\.(?:svg|png|jpe?g|gif)\b|\bflag\b|\d+px",
    re.I,
)


def _numbers(text: str) -> set[int]:
    out = {figures.to_int(m.group(0)) for m in re.finditer(figures.NUM, text, re.I)}
    if re.search(r"(?i)\bnone\b|\bno (?:casualties|losses)\b", text):
        out.add(0)
    return {n for n in out if n is not None}


def check_page(doc, text: str) -> None:
    lines = text.splitlines()
    for e in doc.all_events():
        for f in e.figures:
            for value in (f.low, f.high):
                assert value is None or value in _numbers(f.quote), (value, f.quote)
            assert f.side is None or f.population not in ("civilians", "overall"), f
        for c in e.commanders:
            assert c.name and not _MARKERS.search(c.name), c.name
            assert c.name in " ".join(lines[c.line - 1].split()), (c.name, c.line)
        for p in e.participants:
            assert p.as_written and not _MARKERS.search(p.as_written), p.as_written
            assert p.actor_id is None or resolve.actor(p.actor_id) is not None


@pytest.mark.parametrize("path", sorted(DOCS.glob("*.txt")), ids=lambda p: p.stem)
def test_page_invariants(path):
    text = path.read_text(encoding="utf-8")
    check_page(detect(text).parse(text), text)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

PAGE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.txt"))]
PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated_pages(draw):
    """A page of the collection with lines deleted, duplicated or swapped."""
    lines = draw(st.sampled_from(PAGE_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        j = draw(st.integers(0, max(len(lines) - 1, 0)))
        op = draw(st.sampled_from(("delete", "duplicate", "swap")))
        if not lines:
            break
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[j])
        else:
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@PROPERTY
@given(mutated_pages())
def test_numbers_names_and_sides_keep_their_invariants(text):
    try:
        parser = detect(text)
    except ValueError:
        return
    check_page(parser.parse(text), text)


NAMES = st.sampled_from(
    [
        "Mali",
        "France",
        "MNLA",
        "JNIM",
        "Ansar Dine",
        "MOJWA",
        "Wagner Group",
        "Katiba Macina",
        "Ganda Iso",
        "Dozo militias",
        "AQIM",
        "ISGS",
        "MINUSMA",
        "Niger",
        "Chad",
    ]
)
PEOPLE = st.sampled_from(
    ["Amadou Diallo", "Issa Touré", "Bilal Ag Hamed", "Omar Ould Sidi", "Unknown", "Paul Martin"]
)
VALUES = st.sampled_from(
    [
        "12 killed",
        "3 wounded",
        "Unknown",
        "about 40 killed",
        "5 captured",
        "20+ killed",
        "2 killed, 7 wounded",
        "dozens killed",
        "15–20 dead",
    ]
)


@st.composite
def pages_without_side_evidence(draw):
    """A flattened box with no flag, no blank line, no header, no Result and no
    lead: nothing tells where one column ends."""
    bel = draw(st.lists(NAMES, min_size=2, max_size=6, unique=True))
    com = draw(st.lists(PEOPLE, min_size=1, max_size=5))
    cas = draw(st.lists(VALUES, min_size=1, max_size=6))
    lines = [
        "Battle of Example",
        "",
        "Battle of Example",
        "Part of the Mali War",
        "Date3 May 2014",
        "Belligerents",
        *bel,
        "Commanders and leaders",
        *com,
        "Casualties and losses",
        *cas,
        "",
        "Fighting broke out in the morning and lasted until the evening of the same day, witnesses said.",
    ]
    return "\n".join(lines)


@PROPERTY
@given(pages_without_side_evidence())
def test_no_side_without_evidence(text):
    doc = mirror.parse(text)
    e = doc.events[0]
    assert e.participants
    assert all(p.side is None for p in e.participants), [(p.as_written, p.side) for p in e.participants]
    assert all(c.side is None for c in e.commanders), [(c.name, c.side) for c in e.commanders]
    assert all(f.side is None for f in e.figures), [(f.text, f.side) for f in e.figures]
    assert any("no evidence tells the side" in w for w in doc.warnings)
