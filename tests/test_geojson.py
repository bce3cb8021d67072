"""--geojson against RFC 7946: a FeatureCollection of Point features, positions
[longitude, latitude] in range, no "crs" member, the --json rows as properties,
and the rows without coordinates named on stderr."""

from __future__ import annotations

import json
import math

import pytest

COMMANDS = [
    ["battle", "list"],
    ["search", "--limit", "100000"],
    ["timeline"],
    ["place", "list"],
    ["search", "Kidal"],
]


def check_rfc7946(doc: dict) -> None:
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc  # RFC 7946 section 4: no other reference system
    assert isinstance(doc["features"], list)
    for f in doc["features"]:
        assert f["type"] == "Feature"
        assert set(f) <= {"type", "id", "geometry", "properties", "bbox"}
        assert isinstance(f["properties"], dict)
        if "id" in f:
            assert isinstance(f["id"], (str, int))
        g = f["geometry"]
        assert g["type"] == "Point"
        position = g["coordinates"]
        assert isinstance(position, list) and len(position) == 2
        lon, lat = position
        assert all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in position
        )
        assert -180 <= lon <= 180 and -90 <= lat <= 90


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_geojson_is_rfc7946_with_the_json_rows_as_properties(run, args):
    result = run(*args, "--geojson")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    check_rfc7946(doc)
    rows = json.loads(run(*args, "--json").stdout)
    props = [f["properties"] for f in doc["features"]]
    assert props == [r for r in rows if r in props], "features keep the rows' order and keys"
    missing = len(rows) - len(props)
    assert doc["features"], "the seeds have rows with coordinates"
    if missing:
        assert f"{missing} of {len(rows)} rows have no coordinates" in result.stderr
    else:
        assert result.stderr == ""


def test_longitude_comes_before_latitude(run):
    """Timbuktu is at about 3.0 W, 16.8 N: [-3.0, 16.8], never [16.8, -3.0]."""
    doc = json.loads(run("place", "list", "--geojson").stdout)
    timbuktu = next(f for f in doc["features"] if f["id"] == "timbuktu")
    lon, lat = timbuktu["geometry"]["coordinates"]
    assert -3.2 < lon < -2.8 and 16.6 < lat < 17.0
    assert timbuktu["properties"]["lon"] == lon and timbuktu["properties"]["lat"] == lat


def test_an_event_takes_the_coordinates_of_its_place(run, conn):
    doc = json.loads(run("search", "--place", "Timbuktu", "--geojson").stdout)
    assert doc["features"]
    for f in doc["features"]:
        place = f["properties"]["place"]["id"]  # the event's own place; Timbuktu may be another of them
        assert place == "timbuktu" or "timbuktu" in f["properties"]["other_places"]
        lon, lat = conn.execute("SELECT longitude, latitude FROM places WHERE id = ?", (place,)).fetchone()
        doc_coords = conn.execute(
            "SELECT longitude, latitude FROM events WHERE id = ?", (f["id"],)
        ).fetchone()
        want = [doc_coords[0], doc_coords[1]] if doc_coords[0] is not None else [lon, lat]
        assert f["geometry"]["coordinates"] == pytest.approx(want)


def test_an_empty_result_is_an_empty_collection(run):
    result = run("search", "nosuchwordanywhere", "--geojson")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"type": "FeatureCollection", "features": []}


def test_geojson_excludes_the_other_formats(run):
    result = run("timeline", "--geojson", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
