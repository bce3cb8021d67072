"""malicli map: the outline data file (valid, closed rings, Mali's bounding box,
the gazetteer's Malian towns inside), and the drawn map (width, legend, plain
characters, every selected event accounted for)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "malicli" / "data"
OUTLINE = json.loads((DATA / "mali_outline.geojson").read_text("utf-8"))
PLACES = json.loads((DATA / "places.json").read_text("utf-8"))["places"]
# Mali spans about 12.2 W to 4.3 E and 10.1 N to 25.0 N (any atlas)
MALI_BBOX = (-12.24, 10.1, 4.27, 25.0)
BORDER_SLACK = 0.25  # degrees: the 1:110m line is simplified, and some towns sit on a border


def feature(name: str) -> dict:
    return next(f for f in OUTLINE["features"] if f["properties"]["name"] == name)


def exterior_rings(f: dict) -> list[list[list[float]]]:
    g = f["geometry"]
    return [g["coordinates"][0]] if g["type"] == "Polygon" else [p[0] for p in g["coordinates"]]


def inside(lon: float, lat: float, ring) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def distance_to_edge(lon: float, lat: float, ring) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((lon - x1) * dx + (lat - y1) * dy) / ((dx * dx + dy * dy) or 1.0)))
        best = min(best, math.hypot(lon - x1 - t * dx, lat - y1 - t * dy))
    return best


def test_outline_is_a_feature_collection_with_origin_and_licence():
    assert OUTLINE["type"] == "FeatureCollection"
    assert "Natural Earth" in OUTLINE["origin"] and "1:110m" in OUTLINE["origin"]
    assert "public domain" in OUTLINE["licence"]
    roles = {f["properties"]["name"]: f["properties"]["role"] for f in OUTLINE["features"]}
    assert roles["Mali"] == "focus"
    for neighbour in ("Algeria", "Niger", "Burkina Faso", "Côte d'Ivoire", "Guinea", "Senegal", "Mauritania"):
        assert roles[neighbour] == "neighbour"
    assert (DATA / "mali_outline.geojson").stat().st_size < 64_000, "a small file"


@pytest.mark.parametrize("name", [f["properties"]["name"] for f in OUTLINE["features"]])
def test_rings_are_closed_and_valid(name):
    f = feature(name)
    assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    for ring in exterior_rings(f):
        assert len(ring) >= 4
        assert ring[0] == ring[-1], "a linear ring ends where it starts"
        for lon, lat in ring:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        area2 = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))
        assert area2 > 0, "RFC 7946: exterior rings counterclockwise"


def test_mali_has_its_bounding_box():
    ring = exterior_rings(feature("Mali"))[0]
    west, south = min(p[0] for p in ring), min(p[1] for p in ring)
    east, north = max(p[0] for p in ring), max(p[1] for p in ring)
    for got, want in zip((west, south, east, north), MALI_BBOX):
        assert got == pytest.approx(want, abs=0.1)


def test_the_gazetteers_malian_towns_fall_inside_mali():
    ring = exterior_rings(feature("Mali"))[0]
    towns = [
        p for p in PLACES if p["country"] == "Mali" and p.get("lat") is not None and p["kind"] != "country"
    ]
    assert len(towns) > 20
    outside = [
        p["id"]
        for p in towns
        if not inside(p["lon"], p["lat"], ring) and distance_to_edge(p["lon"], p["lat"], ring) > BORDER_SLACK
    ]
    assert outside == []
    timbuktu = next(p for p in towns if p["id"] == "timbuktu")
    assert inside(timbuktu["lon"], timbuktu["lat"], ring)


def test_label_points_lie_inside_their_country():
    for f in OUTLINE["features"]:
        point = f["properties"]["label_point"]
        if point:
            assert any(inside(*point, ring) for ring in exterior_rings(f)), f["properties"]["name"]


# ---------------------------------------------------------------- the command


@pytest.mark.parametrize("width", [80, 160])
def test_map_fits_the_width_and_has_a_legend(run, width):
    result = run("map", "--width", str(width))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "\x1b[" not in result.stdout, "no colour in a pipe"
    assert re.search(r"\d+ of \d+ events at \d+ places", result.stdout)
    assert "Natural Earth" in result.stdout
    assert "MALI" in result.stdout
    assert any(ch in result.stdout for ch in "⠁⠂⠄⡀⠈⠐⠠⢀"), "the outline in braille dots"


def test_map_width_follows_columns(run):
    result = run("map", env={"COLUMNS": "100"})
    assert max(len(line) for line in result.stdout.splitlines()) <= 100
    assert max(len(line) for line in result.stdout.splitlines()) > 80


def test_ascii_map_is_plain_ascii(run):
    result = run("map", "--ascii", "--width", "72")
    assert result.exit_code == 0
    assert all(ch.isascii() or ch.isalpha() for ch in result.stdout), (
        "ASCII drawing; names keep their accents"
    )
    assert "@" in result.stdout and "#" in result.stdout


def test_every_selected_event_is_on_the_map_or_said_not_to_be(run):
    rep = json.loads(run("map", "--actor", "MNLA", "--json").stdout)
    found = json.loads(run("search", "--actor", "MNLA", "--limit", "100000", "--json").stdout)
    assert rep["events"] == len(found) > 0
    on_map = sum(p["events"] for p in rep["points"])
    off_map = sum(sum(v.values()) for v in rep["unplaced"].values())
    assert on_map + off_map == len(found)
    counts = [p["events"] for p in rep["points"]]
    assert counts == sorted(counts, reverse=True)


def test_markers_are_sized_by_count(run, conn):
    """The busiest town gets the largest marker, and its label shows its count."""
    rep = json.loads(run("map", "--json").stdout)
    top = rep["points"][0]
    n = conn.execute("SELECT COUNT(*) FROM events WHERE place_id = ?", (top["place_id"],)).fetchone()[0]
    assert top["events"] == n
    out = run("map", "--width", "100").stdout
    assert f"◉ {top['name']} {n}" in out
    assert re.search(rf"◉ \d+-{n}\b", out), "the legend's largest range ends at the largest count"


def test_places_that_are_not_points_are_not_drawn_as_points(run):
    rep = json.loads(run("map", "--json").stdout)
    assert all(p["place_id"] not in ("mali", "kidal-region") for p in rep["points"])
    out = run("map").stdout
    assert "name only a country, region or area" in out
