"""Tests for malicli.sources: format detection by content, the four parsers on
the shipped seeds and on the hand-written documents of tests/docs, the
provenance invariants every parsed record must keep. The property tests of the parsers
(any text, mutated documents) are in tests/test_properties.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

from malicli import resolve  # noqa: E402
from malicli.build import parse_file  # noqa: E402
from malicli.dates import PRECISIONS  # noqa: E402
from malicli.sources import (  # noqa: E402
    UnknownFormat,
    common,
    detect,
    fields,
    parse,
)

from .test_properties import ROLES  # noqa: E402

DOCS = Path(__file__).resolve().parent / "docs"
SEEDS = ROOT / "seeds"

# every shipped or hand-written document and the format its content has
FORMATS = {
    SEEDS / "apa-wire-2025-06.txt": "news-wire",
    SEEDS / "mali-war-overview.txt": "overview-article",
    SEEDS / "second-battle-of-kidal-mirror.txt": "mirror-page",
    SEEDS / "second-battle-of-timbuktu.txt": "infobox-article",
    SEEDS / "siege-of-timbuktu.txt": "infobox-article",
    DOCS / "konna-infobox.txt": "infobox-article",
    DOCS / "mirror-sample.txt": "mirror-page",
    DOCS / "overview-sample.txt": "overview-article",
    DOCS / "wire-sample.txt": "news-wire",
}
ALL_FILES = sorted(FORMATS)
MONTHS = ("January February March April May June July August September October November December").split()

_CACHE: dict[Path, tuple[str, object]] = {}


def _ids(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def load(path: Path):
    """(text, Document) of a document, parsed once per session."""
    if path not in _CACHE:
        text = path.read_text(encoding="utf-8")
        _CACHE[path] = (text, parse(text))
    return _CACHE[path]


def lines_of(path: Path) -> list[str]:
    return load(path)[0].splitlines()


def fold(text: str) -> str:
    """Compare texts without reference marks, case or runs of spaces."""
    return " ".join(common.strip_refs(text).split()).lower()


def events(path: Path):
    return list(load(path)[1].all_events())


def event_named(path: Path, name: str):
    found = [e for e in load(path)[1].events if e.name and e.name.lower() == name.lower()]
    assert len(found) == 1, f"{name!r}: {[e.name for e in load(path)[1].events]}"
    return found[0]


def at_line(evs, line: int):
    return [e for e in evs if e.line_start == line]


ANY = object()


def figs(event, side=ANY, origin=None, strength=False):
    """The figures of an event (strength figures apart), for one side and origin."""
    return [
        f
        for f in event.figures
        if (side is ANY or f.side == side)
        and (origin is None or f.origin == origin)
        and ((f.category == "strength") == strength)
    ]


def short(found) -> list[tuple]:
    """(category, low, high, qualifier) of each figure, in order."""
    return [(f.category, f.low, f.high, f.qualifier) for f in found]


def participant(event, actor_id: str):
    found = [p for p in event.participants if p.actor_id == actor_id]
    assert found, f"no participant {actor_id!r} in {[(p.actor_id, p.side) for p in event.participants]}"
    return found[0]


# ---------------------------------------------------------------------------
# Detection by content
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_detect_by_content(path):
    text = path.read_text(encoding="utf-8")
    assert detect(text).FORMAT == FORMATS[path]
    assert parse(text).format == FORMATS[path]


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_detect_ignores_the_file_name(path, tmp_path):
    """A copy under a name and extension that suggest another format is read
    as the format of its content."""
    others = sorted({f for f in FORMATS.values() if f != FORMATS[path]})
    expected = parse_file(path).format
    assert expected == FORMATS[path]
    for i, misleading in enumerate(
        [f"{others[0]}.json", f"{others[1]}.md", f"{others[2]}", "siege-of-timbuktu.txt", "wire.html"]
    ):
        copy = tmp_path / f"{i}" / misleading
        copy.parent.mkdir()
        shutil.copyfile(path, copy)
        assert parse_file(copy).format == expected, misleading


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n\t  \n",
        "The quick brown fox jumps over the lazy dog. It was a sunny afternoon and nothing happened.",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nSed do eiusmod tempor incididunt.\n",
        "Shopping list\n- bread\n- milk\n- three apples\n",
    ],
    ids=["empty", "blank", "prose", "lorem", "list"],
)
def test_unknown_format(text):
    with pytest.raises(UnknownFormat):
        detect(text)
    with pytest.raises(UnknownFormat):
        parse(text)


def test_unknown_format_is_a_value_error():
    assert issubclass(UnknownFormat, ValueError)


# ---------------------------------------------------------------------------
# Infobox articles
# ---------------------------------------------------------------------------

SIEGE = SEEDS / "siege-of-timbuktu.txt"
TIMBUKTU2 = SEEDS / "second-battle-of-timbuktu.txt"
KONNA = DOCS / "konna-infobox.txt"


def test_infobox_siege_of_timbuktu():
    text, doc = load(SIEGE)
    assert doc.title == "Siege of Timbuktu"
    assert len(doc.events) == 1
    e = doc.events[0]
    assert (e.event_type, e.kind, e.name, e.name_rule) == ("battle", "siege", "Siege of Timbuktu", "stated")
    assert e.date.start == "2023-08-08" and e.date.precision == "day"
    assert e.date.end is None, "an ongoing siege has no end date"
    assert e.status == "ongoing"
    assert e.date_line == 7
    assert (e.place_id, e.place_rule, e.place_line) == ("timbuktu", "stated", 5)
    assert e.part_of == "Mali War"
    # the box's Status stands for its outcome ("Ongoing"), so it is shown rather than "not stated"
    assert (e.result, e.result_line) == ("Ongoing", 8)
    mali, wagner, jnim = (participant(e, a) for a in ("mali", "wagner", "jnim"))
    assert (mali.side, mali.role, mali.claimed_by, mali.line) == (1, "belligerent", None, 9)
    assert (wagner.side, wagner.role, wagner.claimed_by, wagner.line) == (1, "alleged", "jnim", 9)
    assert wagner.as_written == "Wagner Group"
    assert (jnim.side, jnim.role, jnim.line) == (2, "belligerent", 10)
    assert [(c.side, c.name, c.line) for c in e.commanders] == [
        (1, "Assimi Goïta", 11),
        (2, "Iyad Ag Ghaly", 12),
    ]
    assert figs(e, strength=True) == []


def test_infobox_siege_timeline_takes_the_infobox_year():
    e = load(SIEGE)[1].events[0]
    got = {(c.line_start, c.date.start, c.date.precision, c.date.rule) for c in e.children}
    for day in ("2023-08-26", "2023-08-30", "2023-09-11", "2023-09-21", "2023-09-27"):
        assert (17, day, "day", "year_from_context") in got, day
    assert (19, "2023-12-01", "month", "explicit") in got
    assert (21, "2025-06-01", "month", "explicit") in got
    for child in e.children:
        assert child.event_type == "timeline"
        assert child.date_line == child.line_start == child.line_end
        assert child.children == []


def test_infobox_second_battle_of_timbuktu():
    text, doc = load(TIMBUKTU2)
    e = doc.events[0]
    assert doc.title == e.name == "Second Battle of Timbuktu"
    assert e.kind == "battle"
    assert (e.date.start, e.date.end, e.date.precision, e.date.rule) == (
        "2013-03-30",
        "2013-04-01",
        "day",
        "explicit",
    )
    assert e.date_line == 4
    assert e.status == "ended"
    assert (e.result, e.result_line) == ("Malian/French victory", 8)
    assert (e.place_id, e.place_rule, e.place_line) == ("timbuktu", "stated", 7)
    assert e.part_of == "Mali War"
    aqim = participant(e, "aqim")
    assert (aqim.side, aqim.role, aqim.line) == (2, "belligerent", 10)
    # Combatant1 is empty (','): the lead names the side attacked and its helper, quoted from line 19
    assert [(p.actor_id, p.role, p.line) for p in e.participants if p.side == 1] == [
        ("mali", "belligerent", 19),
        ("france", "supported", 19),
    ]
    assert [(c.side, c.name, c.as_written, c.line) for c in e.commanders] == [
        (1, "Mamadou Mangara", "Col. Mamadou Mangara", 11)
    ]
    assert {(f.side, f.low, f.qualifier, f.text) for f in figs(e, strength=True)} == {
        (1, None, "unknown", "Unknown"),
        (2, None, "unknown", "Unknown"),
    }


def test_infobox_casualty_claims_are_not_summed():
    e = load(TIMBUKTU2)[1].events[0]
    # "2 killed, 10 wounded, 1 wounded": each figure stands on its own, never summed
    assert short(figs(e, 1, "infobox")) == [
        ("killed", 2, 2, "exact"),
        ("wounded", 10, 10, "exact"),
        ("wounded", 1, 1, "exact"),
    ]
    assert short(figs(e, 2, "infobox")) == [("killed", 19, 19, "exact")]
    # Casualties3 of a two-column box is its full-width row: civilians, no side's
    [civ] = figs(e, None, "infobox")
    assert (civ.category, civ.population, civ.low, civ.note) == ("killed", "civilians", 6, "1 Nigerian")
    for f in figs(e, origin="infobox"):
        assert f.claimant is None and f.claimant_actor_id is None


def test_infobox_timbuktu_timeline_year_from_infobox():
    e = load(TIMBUKTU2)[1].events[0]
    got = {(c.line_start, c.date.start, c.date.rule) for c in e.children}
    assert (23, "2013-03-20", "year_from_context") in got  # "On the night of March 20"
    assert (30, "2013-03-30", "year_from_context") in got  # "On the 30th of March"


def test_infobox_konna_document():
    text, doc = load(KONNA)
    e = doc.events[0]
    assert e.name == "Battle of Konna" and e.kind == "battle"
    assert (e.date.start, e.date.end, e.date.precision) == ("2013-01-10", "2013-01-17", "day")
    assert e.status == "ended"
    assert (e.place_id, e.place_rule, e.place_line) == ("konna", "stated", 7)
    assert (e.lat, e.lon, e.coordinates_line) == (14.9403, -3.8906, 17)
    assert e.part_of == "Northern Mali conflict"
    assert e.result == "Malian and French victory"
    sides = {(p.actor_id, p.side, p.role) for p in e.participants}
    assert {
        ("mali", 1, "belligerent"),
        ("france", 1, "belligerent"),
        ("ansar-dine", 2, "belligerent"),
        ("mojwa", 2, "belligerent"),
        ("aqim", 2, "supported"),
    } <= sides
    assert [(f.side, f.low) for f in figs(e, strength=True)] == [(1, 1200), (2, None)]
    assert [(c.side, c.name, c.as_written) for c in e.commanders] == [
        (1, "Example Officer", "Capt. Example Officer")
    ]
    side1 = figs(e, 1, "infobox")
    assert short(side1) == [("killed", 11, 11, "exact"), ("wounded", 60, 60, "exact")]
    for f in side1:
        assert f.claimant == "the Malian army" and f.claimant_actor_id == "mali"
    assert short(figs(e, 2, "infobox")) == [("killed", 46, 46, "exact")]
    prose = figs(e, origin="prose")
    assert [(f.side, f.actor_id, f.category, f.low, f.line) for f in prose] == [
        (1, "mali", "killed", 11, 22),
        (1, "mali", "wounded", 60, 22),
    ]
    got = {(c.line_start, c.date.start, c.date.rule) for c in e.children}
    assert {
        (22, "2013-01-10", "year_from_context"),
        (22, "2013-01-14", "year_from_context"),
        (22, "2013-01-17", "year_from_context"),
    } <= got


def test_infobox_konna_prose_claim_has_its_claimant():
    e = load(KONNA)[1].events[0]
    prose = figs(e, origin="prose")
    assert prose and prose[0].claimant_actor_id == "mali"
    assert "Malian army" in (prose[0].claimant or "")


# ---------------------------------------------------------------------------
# Mirror pages
# ---------------------------------------------------------------------------

KIDAL = SEEDS / "second-battle-of-kidal-mirror.txt"
TESSALIT = DOCS / "mirror-sample.txt"


def test_mirror_second_battle_of_kidal():
    text, doc = load(KIDAL)
    e = doc.events[0]
    assert doc.title == e.name == "Second Battle of Kidal"
    assert (e.event_type, e.kind, e.name_rule) == ("battle", "battle", "stated")
    # glued label "Date16–21 May 2014"
    assert (e.date.start, e.date.end, e.date.precision) == ("2014-05-16", "2014-05-21", "day")
    assert e.date_line == 9
    assert e.status == "ended"
    assert e.part_of == "Internal conflict in Azawad"
    assert e.result == "MNLA Victory" and e.result_line == 14
    assert e.place_id == "kidal"
    # flag lines "Flag of Mali.svg  Mali" / "MNLA flag.svg  Azawad" give the sides
    mali, mnla = participant(e, "mali"), participant(e, "mnla")
    assert (mali.side, mali.role, mali.line, mali.as_written) == (1, "belligerent", 18, "Mali")
    assert (mnla.side, mnla.role, mnla.line, mnla.as_written) == (2, "belligerent", 20, "Azawad")
    assert {p.side for p in e.participants} == {1, 2}


def test_mirror_strength_line_with_two_sides():
    e = load(KIDAL)[1].events[0]
    assert [(f.side, f.low, f.line) for f in figs(e, strength=True)] == [(1, 1500, 23), (2, None, 23)]
    e = load(TESSALIT)[1].events[0]
    assert [(f.side, f.low, f.line) for f in figs(e, strength=True)] == [(1, 400, 29), (2, 600, 29)]


def test_mirror_kidal_casualties_per_side_with_claimant():
    e = load(KIDAL)[1].events[0]
    side1 = figs(e, 1, "infobox")
    # one statement of the MNLA over five lines: quoted from its first line to its attribution
    assert [(f.category, f.low, f.line) for f in side1] == [
        ("killed", 40, 25),
        ("wounded", 50, 25),
        ("captured", 70, 25),
        ("vehicles", 50, 25),
        ("vehicles", 12, 25),
    ]
    assert side1[0].quote.startswith("40 killed / 50 wounded / ") and side1[0].quote.endswith(
        "(According to the MNLA) [2]"
    )
    for f in side1:
        assert f.claimant == "the MNLA" and f.claimant_actor_id == "mnla"
        assert f.actor_id == "mali"
    side2 = figs(e, 2, "infobox")
    assert [(f.category, f.low, f.line) for f in side2] == [("killed", 2, 31), ("wounded", 10, 31)]
    for f in side2:
        assert f.claimant_actor_id == "mnla" and f.actor_id == "mnla"
    prose = figs(e, origin="prose")
    assert [(f.side, f.actor_id, f.category, f.low, f.line) for f in prose] == [
        (1, "mali", "killed", 50, 51),
        (1, "mali", "wounded", 40, 51),
    ]


def test_mirror_kidal_coordinates_from_the_last_line():
    text, doc = load(KIDAL)
    e = doc.events[0]
    assert (e.lat, e.lon) == (18.4411, 1.4072)
    assert e.coordinates_line == len(text.splitlines())
    assert "18.4411" in e.coordinates_text


@pytest.mark.parametrize(
    "line",
    [
        "18°26′28″N1°24′26″E / 18.4411°N 1.4072°E / 18.4411; 1.4072",
        "18.4411; 1.4072",
        "18.4411°N 1.4072°E",
        "18°26′28″N 1°24′26″E",
    ],
)
def test_coordinates_forms(line):
    lat, lon = fields.parse_coordinates(line)
    assert lat == pytest.approx(18.4411, abs=1e-4) and lon == pytest.approx(1.4072, abs=1e-4)


RELATED_BATTLES = [
    # name, start, end, line, place
    ("Battle of Gao", "2012-06-26", "2012-06-28", 59, "gao"),
    ("Battle of Aguelhok", "2012-01-17", "2012-01-17", 61, "aguelhok"),
    ("Battle of In Emsal", "2012-01-20", "2012-01-20", 63, None),
    ("Ambush of Tinsalane", "2012-02-11", "2012-02-11", 65, None),
    ("First battle of Kidal", "2012-03-30", "2012-03-30", 67, "kidal"),
    ("Raid on Dioura", "2019-03-17", "2019-03-17", 75, "dioura"),
    ("Battle of Ber", "2023-08-11", "2023-08-12", 97, "ber"),
    ("Battle of Kidal", "2023-11-10", "2023-11-14", 101, "kidal"),
]


@pytest.mark.parametrize("name,start,end,line,place", RELATED_BATTLES, ids=[r[0] for r in RELATED_BATTLES])
def test_mirror_related_battles_become_events(name, start, end, line, place):
    e = event_named(KIDAL, name)
    assert e.event_type == "battle"
    assert (e.date.start, e.date.end, e.date.precision) == (start, end, "day")
    assert e.line_start == e.line_end == line
    assert e.name_rule == "stated"
    if place:
        assert e.place_id == place
    assert e.participants and all(p.side is None for p in e.participants)


def test_mirror_related_offensive_without_date():
    e = event_named(KIDAL, "Kidal offensive")
    assert e.line_start == 99 and e.kind == "offensive"
    assert e.date.start is None and e.date.end is None and e.date.precision is None
    assert e.date_line is None


def test_mirror_related_people_and_groups():
    doc = load(KIDAL)[1]
    people = {(p.name, p.line) for p in doc.people}
    assert {
        ("Ba Ag Moussa", 73),
        ("Hassan Ag Fagaga", 77),
        ("El Hadj Ag Gamou", 79),
        ("Hamada Ag Hama", 83),
    } <= people
    assert not [p for p in doc.people if common.EVENT_NAME.search(p.name)]
    notes = [n for n in doc.actor_notes if n.line == 71]
    assert len(notes) == 1
    assert notes[0].name == "Imghad Tuareg Self-Defense Group and Allies"
    assert notes[0].actor_id == resolve.resolve_actor(notes[0].name) is not None
    assert notes[0].description.startswith("The Imghad Tuareg Self-Defense Group")
    # a group paragraph and a person paragraph are not events
    assert not at_line(doc.events, 71) and not at_line(doc.events, 73)


def test_mirror_person_actor_ids_have_no_repeats():
    for p in load(KIDAL)[1].people:
        assert len(p.actor_ids) == len(set(p.actor_ids)), (p.name, p.actor_ids)


def test_mirror_tessalit_document():
    text, doc = load(TESSALIT)
    e = doc.events[0]
    assert e.name == "Battle of Tessalit"
    assert (e.date.start, e.date.end, e.date.precision, e.date_line) == ("2012-03-04", "2012-03-11", "day", 9)
    assert (e.place_id, e.place_rule, e.place_line) == ("tessalit", "stated", 11)
    assert e.result == "MNLA victory" and e.part_of == "Mali War"
    assert (participant(e, "mali").side, participant(e, "mnla").side) == (1, 2)
    assert e.commanders == [], "'Unknown' commanders are no commanders"
    side1, side2 = figs(e, 1, "infobox"), figs(e, 2, "infobox")
    assert short(side1) == [("killed", 5, 5, "exact"), ("captured", 12, 12, "exact")]
    for f in side1:
        assert f.claimant == "the Malian government" and f.claimant_actor_id == "mali"
    assert short(side2) == [("killed", 3, 3, "exact"), ("wounded", 7, 7, "exact")]
    assert {f.claimant_actor_id for f in side2} == {"mnla"}
    assert (e.lat, e.lon, e.coordinates_line) == (20.2, 1.0, 62)
    lere = event_named(TESSALIT, "Battle of Léré")
    assert (lere.date.start, lere.line_start, lere.place_id) == ("2012-04-12", 50, "lere")
    raid = event_named(TESSALIT, "Raid on Gao")
    assert (raid.kind, raid.date.start, raid.line_start, raid.place_id) == ("raid", "2013-02-10", 52, "gao")
    clash = at_line(doc.events, 54)
    assert len(clash) == 1 and clash[0].name_rule == "derived" and clash[0].date.start == "2013-03-03"
    assert [(p.name, p.line) for p in doc.people] == [("Example Ag Person", 56)]
    # the references block is not prose
    assert not [x for x in doc.all_events() if x.line_start >= 58 and x.line_start < 62]


# ---------------------------------------------------------------------------
# News-wire items
# ---------------------------------------------------------------------------

WIRE = SEEDS / "apa-wire-2025-06.txt"
WIRE2 = DOCS / "wire-sample.txt"


def test_newswire_weekday_sentence():
    """ "On Sunday, June 1, additional attacks were reported ...": the day dates every incident the
    paragraph then lists (three pairs of towns in Mali, two provinces of Burkina Faso)."""
    text, doc = load(WIRE)
    assert doc.title is None
    dated = [e for e in doc.events if e.date.rule == "year_from_weekday"]
    assert len(dated) == 5
    for e in dated:
        assert e.event_type == "incident"
        assert (e.date.start, e.date.end, e.date.precision) == ("2025-06-01", "2025-06-01", "day")
        assert e.line_start == 8 and e.date_line == 8
        assert e.quote.startswith("On Sunday, June 1")


def test_newswire_incidents_dated_from_the_item():
    doc = load(WIRE)[1]
    incidents = [e for e in doc.events if e.event_type == "incident"]
    assert len(incidents) >= 4
    for e in incidents:
        assert e.date.start and e.date.start.startswith("2025"), (e.line_start, e.date)
        assert e.date.rule in ("item_date", "year_from_weekday")
        assert e.name and e.name_rule == "derived"
    item_dated = [e for e in incidents if e.date.rule == "item_date"]
    assert item_dated
    for e in item_dated:
        assert (e.date.start, e.date.end, e.date.precision) == ("2025-06-01", "2025-06-30", "month")
    places = {(e.line_start, e.place_id) for e in incidents}
    assert {(1, "timbuktu"), (5, "kidal"), (7, "asday"), (9, "boulikessi")} <= places
    assert len({e.name for e in incidents}) == len(incidents), "each incident has a name of its own"


def test_newswire_background_is_not_an_incident():
    doc = load(WIRE)[1]
    line6 = [e for e in doc.events if e.line_start == 6]
    assert line6 and all(e.event_type == "timeline" and e.date.rule == "explicit" for e in line6)
    assert {e.date.start for e in line6} == {"2023-11-01", "2024-07-01"}


@pytest.mark.parametrize("path", [WIRE, WIRE2], ids=_ids)
def test_newswire_signature_line_ignored(path):
    text, doc = load(path)
    lines = text.splitlines()
    last = len(lines)
    assert "/" in lines[-1] and " " not in lines[-1].strip()
    for e in doc.all_events():
        assert e.line_end < last
        assert lines[-1].strip() not in e.quote
        assert all(p.line < last for p in e.participants)


def test_newswire_sample_document():
    doc = load(WIRE2)[1]
    weekday = [e for e in doc.events if e.date.rule == "year_from_weekday"]
    assert [(e.line_start, e.date.start, e.event_type, e.kind, e.place_id) for e in weekday] == [
        (3, "2025-03-05", "incident", "ambush", "gao")
    ]
    first = at_line(doc.events, 1)
    assert len(first) == 1 and first[0].event_type == "incident"
    assert (first[0].date.start, first[0].date.rule, first[0].place_id) == (
        "2025-03-01",
        "item_date",
        "boulikessi",
    )
    assert first[0].line_end == 2, "the next paragraph goes on about the same attack"
    assert short(first[0].figures) == [("killed", 20, 20, "exact")]
    assert not [e for e in doc.events if e.event_type == "incident" and e.line_start == 4]


# ---------------------------------------------------------------------------
# Overview articles
# ---------------------------------------------------------------------------

OVERVIEW = SEEDS / "mali-war-overview.txt"
OVERVIEW2 = DOCS / "overview-sample.txt"
_ON_DAY = re.compile(r"(?:^|(?<=[.!?\]\"”])\s?)On (\d{1,2}) (" + "|".join(MONTHS) + r")\b")


def _on_day_sentences(path: Path):
    """(line, day, month number, sentence start) of each sentence of the document
    that begins "On <day> <Month>", found with a plain regex."""
    out = []
    for number, line in enumerate(lines_of(path), 1):
        if common.MAINTENANCE.match(line.strip()):
            continue
        for m in _ON_DAY.finditer(line):
            out.append((number, int(m.group(1)), MONTHS.index(m.group(2)) + 1, m.group(0).strip()))
    return out


@pytest.mark.parametrize("path", [OVERVIEW, OVERVIEW2], ids=_ids)
def test_overview_every_dated_sentence_is_an_event(path):
    found = _on_day_sentences(path)
    assert len(found) >= (80 if path == OVERVIEW else 4)
    evs = events(path)
    missing = []
    for line, day, month, start in found:
        matches = [
            e
            for e in at_line(evs, line)
            if start in e.quote
            and e.date.start
            and int(e.date.start[5:7]) == month
            and int(e.date.start[8:10]) == day
        ]
        if not matches:
            missing.append((line, start))
            continue
        for e in matches:
            assert e.event_type == "timeline"
            assert e.date.precision == "day"
            assert e.date.rule in ("explicit", "year_from_context", "year_from_heading", "year_from_order")
            assert e.date_line == line
    assert not missing


@pytest.mark.parametrize(
    "line,start,precision,rule,opening",
    [
        (40, "2013-01-10", "day", "explicit", "On 10 January 2013"),
        (44, "2013-01-12", "day", "year_from_context", "On 12 January"),
        (88, "2014-02-20", "day", "year_from_heading", "On 20 February"),  # heading "2014–2015: ..."
        (16, "2012-01-17", "day", "year_from_context", "On 17 January"),
        (96, "2024-01-25", "day", "explicit", "On 25 January 2024"),
        (57, "2013-01-24", "day", "year_from_context", "On the evening of 24 January"),
        (68, "2013-02-08", "day", "year_from_context", "Between 8 and 10 February"),
    ],
)
def test_overview_dates(line, start, precision, rule, opening):
    found = [e for e in at_line(events(OVERVIEW), line) if e.quote.startswith(opening)]
    assert len(found) == 1
    e = found[0]
    assert (e.date.start, e.date.precision, e.date.rule) == (start, precision, rule)
    assert e.line_start == e.line_end == e.date_line == line
    assert e.quote in lines_of(OVERVIEW)[line - 1]


def test_overview_maintenance_and_heading_lines_give_no_event():
    lines = lines_of(OVERVIEW)
    skipped = [
        n
        for n, line in enumerate(lines, 1)
        if common.MAINTENANCE.match(line.strip()) or re.match(r"^\d{4}–\d{4}:", line)
    ]
    assert {3, 84, 85, 87, 89} <= set(skipped)
    evs = events(OVERVIEW)
    for n in skipped:
        assert not at_line(evs, n), (n, lines[n - 1])
    doc = load(OVERVIEW)[1]
    assert doc.format == "overview-article" and doc.title is None
    assert all(e.event_type == "timeline" for e in doc.events)


def test_overview_sample_document():
    evs = events(OVERVIEW2)
    got = {(e.line_start, e.date.start, e.date.precision, e.date.rule) for e in evs}
    assert {
        (3, "2015-08-07", "day", "explicit"),
        (3, "2015-11-20", "day", "year_from_context"),
        (4, "2016-01-01", "month", "explicit"),
        (4, "2016-02-12", "day", "year_from_context"),
        (6, "2019-01-01", "day", "explicit"),
        (6, "2019-03-23", "day", "year_from_context"),
        (8, "2019-09-30", "day", "explicit"),
    } <= got
    for n in (1, 2, 5, 7):  # title, headings, maintenance
        assert not at_line(evs, n)


# ---------------------------------------------------------------------------
# Provenance invariants, on every document
# ---------------------------------------------------------------------------


def _numbers(text: str) -> set[int]:
    return {common.to_int(m.group(0)) for m in re.finditer(common.NUM, common.strip_refs(text), re.I)}


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_event_quotes_come_from_their_lines(path):
    lines = lines_of(path)
    for e in events(path):
        assert 1 <= e.line_start <= e.line_end <= len(lines), (e.name, e.line_start, e.line_end)
        assert e.quote.strip()
        span = "\n".join(line.strip() for line in lines[e.line_start - 1 : e.line_end])
        for part in e.quote.split("\n"):
            assert part in span, (e.line_start, part[:80])
        if e.date_line:
            assert e.line_start <= e.date_line <= e.line_end
            assert fold(e.date.text) in fold(lines[e.date_line - 1]), (e.date_line, e.date.text)
        if e.place_line:
            assert fold(e.place_text) in fold(lines[e.place_line - 1])
        if e.result_line:
            assert fold(e.result) in fold(lines[e.result_line - 1])
        if e.coordinates_line:
            assert e.coordinates_text in lines[e.coordinates_line - 1]
            assert e.lat is not None and e.lon is not None


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_participants_commanders_strengths_are_quoted(path):
    lines = lines_of(path)
    for e in events(path):
        for p in e.participants:
            assert p.quote and p.quote in lines[p.line - 1], (p.line, p.quote[:60])
            assert p.as_written in p.quote
            assert e.line_start <= p.line <= e.line_end
            assert p.role in ROLES, p
            assert p.side in (None, 1, 2, 3)
        for k in e.commanders:
            assert k.quote in lines[k.line - 1]
            assert k.as_written in k.quote and k.name in k.as_written


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_figures_are_quoted(path):
    lines = lines_of(path)
    for e in events(path):
        for f in e.figures:
            assert f.origin in ("infobox", "prose")
            assert 1 <= f.line <= len(lines)
            # a flattened box's figure may carry its attribution line after the line itself
            assert f.quote.startswith(lines[f.line - 1].strip()) or f.quote in lines[f.line - 1], (
                f.line,
                f.quote,
            )
            assert fold(f.text) in fold(f.quote), (f.text, f.quote)
            for value in (f.low, f.high):
                one = value == 1 and re.match(r"\W*an?\b", f.text, re.I)  # "a French soldier was killed"
                assert value is None or value == 0 or one or value in _numbers(f.text), (value, f.text)
            if f.qualifier in ("vague", "unknown"):
                assert (f.low, f.high) == (None, None)
            if f.claimant:
                assert f.claimant.lower() in f.quote.lower()


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_notes_and_people_are_quoted(path):
    text, doc = load(path)
    lines = text.splitlines()
    for n in doc.actor_notes:
        assert fold(n.description)[:60] in fold(lines[n.line - 1])
        assert resolve.actor(n.actor_id) is not None
    for p in doc.people:
        assert p.name in lines[p.line - 1]


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_dates_are_well_formed(path):
    for e in events(path):
        d = e.date
        if d.start is None:
            assert d.precision is None and d.end is None
        else:
            assert d.precision in PRECISIONS
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", d.start)
            assert d.text, "a date always comes from a text"
            if d.end:
                assert d.start <= d.end
            else:
                assert d.ongoing, "only an ongoing event has an open end"


# ---------------------------------------------------------------------------
# Claimants of prose figures
# ---------------------------------------------------------------------------


def test_prose_claimant_after_the_figures():
    [f] = common.prose_casualties(
        "The Malian army said on Tuesday that it had repelled an attack, killing twenty assailants.", 1
    )
    assert (f.category, f.low, f.claimant_actor_id) == ("killed", 20, "mali")


def test_wire_claim_according_to_at_sentence_start():
    e = at_line(load(WIRE)[1].events, 1)[0]
    [f] = [f for f in e.figures if f.category == "killed" and f.low == 13]
    assert f.claimant_actor_id == "mali"
    assert "FAMa" in (f.claimant or "")


def test_prose_claimant_according_to_at_sentence_end():
    [f] = common.prose_casualties("Eleven soldiers were killed, according to the Malian army.", 1)
    assert f.claimant == "the Malian army"


def test_overview_claimant_is_not_a_place_and_conjunction():
    [e] = [e for e in at_line(events(OVERVIEW), 122) if e.date.start == "2020-02-01"]
    [f] = [f for f in e.figures if f.population == "civilians" and f.low == 456]
    assert f.claimant in (None, "HRW")


def test_overview_killing_and_injuring_in_one_sentence():
    [e] = [e for e in at_line(events(OVERVIEW), 116) if e.date.start == "2024-09-17"]
    got = {f.category: f.low for f in e.figures}
    assert got.get("killed") == 77
    assert got.get("wounded") == 255
