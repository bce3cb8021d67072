"""Tests for malicli.resolve and its gazetteers (malicli/data/actors.json, places.json)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent

from malicli import resolve  # noqa: E402
from malicli.resolve import ACTOR_KINDS, PLACE_KINDS, Match  # noqa: E402

CASES = json.loads((Path(__file__).parent / "data" / "resolve_cases.json").read_text(encoding="utf-8"))
SEEDS = ROOT / "seeds"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", resolve.fold(name)).strip("-")


def _case_id(case: dict) -> str:
    return f"{case['fn']}:{case['input'][:40]}"


# ---------------------------------------------------------------------------
# Table-driven cases
# ---------------------------------------------------------------------------


def test_enough_cases():
    assert len(CASES) >= 60
    assert {c["fn"] for c in CASES} >= {"resolve_actor", "resolve_place", "find_actors", "find_places"}


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_case(case):
    fn = getattr(resolve, case["fn"])
    got = fn(case["input"])
    if case["fn"] in ("find_actors", "find_places"):
        got = [m.id for m in got]
    assert got == case["expect"]


# ---------------------------------------------------------------------------
# find_* details
# ---------------------------------------------------------------------------


def test_match_offsets_point_into_original_text():
    text = "Le 17 janvier, les forces de l’Opération Serval à Ménaka et Tombouctou."
    places = resolve.find_places(text)
    assert [(m.id, m.as_written) for m in places] == [("menaka", "Ménaka"), ("timbuktu", "Tombouctou")]
    for m in places + resolve.find_actors(text):
        assert text[m.start : m.end] == m.as_written
    assert [(m.id, m.as_written) for m in resolve.find_actors(text)] == [("france", "Opération Serval")]


def test_offsets_survive_length_changing_folds():
    # "ß" folds to two letters and a decomposed "é" to one: offsets still index the original.
    text = "Straße nach Me\u0301naka und Kidal"
    got = resolve.find_places(text)
    assert [m.id for m in got] == ["menaka", "kidal"]
    assert got[0].as_written == "Me\u0301naka"
    assert all(text[m.start : m.end] == m.as_written for m in got)


def test_longest_match_wins():
    got = resolve.find_actors("Al-Qaeda in the Islamic Maghreb and Al-Qaeda")
    assert [(m.id, m.as_written) for m in got] == [
        ("aqim", "Al-Qaeda in the Islamic Maghreb"),
        ("al-qaeda", "Al-Qaeda"),
    ]
    got = resolve.find_places("Kidal Region; Kidal regional airport")
    assert [(m.id, m.as_written) for m in got] == [("kidal-region", "Kidal Region"), ("kidal", "Kidal")]


def test_space_and_hyphen_are_interchangeable_inside_names():
    assert [m.id for m in resolve.find_actors("Al Qaeda in the Islamic Maghreb")] == ["aqim"]
    assert resolve.resolve_place("In Afarak") == resolve.resolve_place("In-Afarak") == "in-afarak"
    assert resolve.resolve_actor("Jama'at Nasr al-Islam wal-Muslimin") == "jnim"


def test_field_only_aliases_are_not_used_in_prose():
    for actor in resolve.all_actors():
        for name in actor["field_only_aliases"]:
            assert resolve.resolve_actor(name) == actor["id"], name
            assert [m for m in resolve.find_actors(f"in {name} today") if m.as_written == name] == [], name


def test_find_actors_is_fast():
    text = (SEEDS / "mali-war-overview.txt").read_text(encoding="utf-8")[5000:6000]
    resolve.find_actors(text)
    resolve.find_places(text)
    start = time.perf_counter()
    for _ in range(200):
        resolve.find_actors(text)
        resolve.find_places(text)
    per_call = (time.perf_counter() - start) / 400
    assert per_call < 0.001


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_texts_resolve_cleanly(seed):
    text = seed.read_text(encoding="utf-8")
    for m in resolve.find_actors(text) + resolve.find_places(text):
        assert text[m.start : m.end] == m.as_written


def test_named_seed_places_are_all_covered():
    for name in [
        "Timbuktu",
        "Kidal",
        "Gao",
        "Ménaka",
        "Menaka",
        "Aguelhok",
        "Aguelhoc",
        "Tessalit",
        "Konna",
        "Mopti",
        "Sévaré",
        "Diabaly",
        "Douentza",
        "Léré",
        "Lere",
        "Hombori",
        "Ansongo",
        "Bourem",
        "Anéfis",
        "Anefis",
        "Anefif",
        "Anéfif",
        "Ber",
        "Dioura",
        "Bamba",
        "Taoussa",
        "Tinzaouaten",
        "Tinzaoutene",
        "Tinzawatene",
        "Tin Zaouatine",
        "In-Afarak",
        "Intahaka",
        "Diallassagou",
        "Bamako",
        "Kati",
        "Banamba",
        "Niono",
        "Dogofry",
        "Diré",
        "Goundam",
        "In Khalil",
        "Khalil",
        "Amazragane",
        "Tin Telout",
        "Fooïta",
        "Tidermène",
        "In Emsal",
        "Tinsalane",
        "Tamalat",
        "Insinane",
        "Mondoro",
        "Boulikessi",
        "San",
        "Kimbala",
        "Niena",
        "Komani",
        "Kolokani",
        "Djedjeni",
        "Adrar des Ifoghas",
        "Adrar de Ifhogas",
        "Tigharghar",
        "Kidal Region",
        "Gao Region",
        "Tombouctou Region",
        "Timbuktu Region",
        "Ménaka Region",
        "Mopti Region",
        "Ségou Region",
        "Sikasso Region",
        "Koulikoro Region",
        "Douentza region",
        "Mali",
        "Algeria",
        "Niger",
        "Mauritania",
        "Burkina Faso",
        "Chad",
        "In Amenas",
        "In Aménas",
        "Ouagadougou",
        "Okene",
    ]:
        assert resolve.resolve_place(name) is not None, name


def test_required_actor_ids_exist():
    ids = {a["id"] for a in resolve.all_actors()}
    required = {
        "mali",
        "france",
        "jnim",
        "aqim",
        "mnla",
        "ansar-dine",
        "mojwa",
        "wagner",
        "minusma",
        "chad",
        "cma",
        "csp-psd",
        "isgs",
        "gatia",
        "maa",
        "fla",
        "mia",
        "ecowas",
    }
    assert required <= ids


def test_match_is_frozen():
    m = Match("mali", "Mali", 0, 4)
    with pytest.raises(AttributeError):
        m.start = 1  # type: ignore[misc]


# ---------------------------------------------------------------------------
# Data integrity
# ---------------------------------------------------------------------------


def test_actor_entries_are_complete():
    actors = resolve.all_actors()
    assert len({a["id"] for a in actors}) == len(actors)
    for a in actors:
        for field in ("id", "short_name", "full_name", "kind", "note"):
            assert isinstance(a.get(field), str) and a[field].strip(), (a.get("id"), field)
        assert a["kind"] in ACTOR_KINDS, a["id"]
        assert isinstance(a["aliases"], list) and isinstance(a["field_only_aliases"], list), a["id"]
        assert a["id"] == _slug(a["short_name"]), a["id"]


def test_no_alias_maps_to_two_actors():
    owner: dict[str, str] = {}
    for id_, name in resolve.actor_aliases():
        key = " ".join(re.split(r"[\s\-]+", resolve.fold(name))).strip()
        assert owner.setdefault(key, id_) == id_, (name, owner[key], id_)


def test_no_place_name_maps_to_two_places():
    owner: dict[str, str] = {}
    for id_, name in resolve.place_names():
        key = " ".join(re.split(r"[\s\-]+", resolve.fold(name))).strip()
        assert owner.setdefault(key, id_) == id_, (name, owner[key], id_)


def test_no_bare_adjectives_in_prose_aliases():
    for a in resolve.all_actors():
        for name in a["aliases"]:
            assert resolve.fold(name) not in {"malian", "french", "chadian", "russian", "nigerien"}, name


# Rough bounding boxes (lat_min, lat_max, lon_min, lon_max) of the countries places lie in.
COUNTRY_BOUNDS = {
    "Mali": (10.0, 25.1, -12.3, 4.3),
    "Algeria": (18.9, 37.2, -8.7, 12.0),
    "Niger": (11.6, 23.6, 0.1, 16.0),
    "Mauritania": (14.7, 27.3, -17.1, -4.8),
    "Burkina Faso": (9.4, 15.1, -5.6, 2.4),
    "Chad": (7.4, 23.5, 13.4, 24.0),
    "France": (41.3, 51.1, -5.2, 9.6),
    "Nigeria": (4.2, 13.9, 2.6, 14.7),
    "Libya": (19.5, 33.2, 9.3, 25.2),
    "Côte d'Ivoire": (4.3, 10.8, -8.6, -2.5),
    "Germany": (47.2, 55.1, 5.8, 15.1),
    "Canada": (41.6, 83.2, -141.1, -52.6),
}


def test_place_entries_are_complete():
    places = resolve.all_places()
    assert len({p["id"] for p in places}) == len(places)
    for p in places:
        assert p["kind"] in PLACE_KINDS, p["id"]
        assert isinstance(p.get("note"), str) and p["note"].strip(), p["id"]
        assert p["id"] == _slug(p["name"]), p["id"]
        assert isinstance(p["alt_names"], list), p["id"]
        assert p["region"] is None or isinstance(p["region"], str), p["id"]
        lat, lon = p["lat"], p["lon"]
        assert (lat is None) == (lon is None), p["id"]
        if lat is None:
            continue
        assert isinstance(lat, (int, float)) and isinstance(lon, (int, float)), p["id"]
        assert round(lat, 4) == lat and round(lon, 4) == lon, p["id"]
        lat_min, lat_max, lon_min, lon_max = COUNTRY_BOUNDS[p["country"]]
        assert lat_min <= lat <= lat_max and lon_min <= lon <= lon_max, p["id"]


def test_lookups_return_copies():
    entry = resolve.actor("mali")
    assert entry is not None and entry["id"] == "mali"
    entry["aliases"].clear()
    assert resolve.actor("mali")["aliases"]
    assert resolve.place("timbuktu")["name_fr"] == "Tombouctou"
    assert resolve.actor("nope") is None and resolve.place("nope") is None


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

NAMEISH = st.sampled_from(
    [
        "Mali",
        "Ménaka",
        "Kidal Region",
        "JNIM",
        "Jama’at Nasr al-Islam wal-Muslimin",
        "Al-Qaeda",
        "San",
        "Ber",
        "20px",
        "Flag of Mali.svg",
        "(alleged by JNIM)",
        ", ",
        " and ",
        "\n",
        "ß",
        "e\u0301",
        "ﬁ",
        "İ",
        "–",
        "[1]",
    ]
)
TEXT = st.one_of(st.text(), st.lists(st.one_of(NAMEISH, st.text(max_size=5)), max_size=20).map("".join))


def _check_matches(text: str, matches: list[Match]) -> None:
    end = 0
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= end
        assert text[m.start : m.end] == m.as_written
        end = m.end


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_find_never_raises_and_matches_are_ordered(text):
    _check_matches(text, resolve.find_actors(text))
    _check_matches(text, resolve.find_places(text))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_resolve_never_raises(text):
    resolve.resolve_actor(text)
    resolve.resolve_place(text)
