"""Where things are: coordinates of events, events per place for the map, and the
outline of Mali and its neighbours (malicli/data/mali_outline.geojson).

Standard-library sqlite3 and json only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

OUTLINE = Path(__file__).parent / "data" / "mali_outline.geojson"


def event_coordinates(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[float, float]]:
    """(longitude, latitude) of each event that has any: the document's own coordinates,
    else its place's from the gazetteer."""
    out: dict[str, tuple[float, float]] = {}
    for i in range(0, len(ids), 500):
        part = list(ids[i : i + 500])
        q = ",".join("?" * len(part))
        for eid, lon, lat in conn.execute(
            "SELECT e.id, COALESCE(e.longitude, p.longitude), COALESCE(e.latitude, p.latitude)"
            f" FROM events e LEFT JOIN places p ON p.id = e.place_id WHERE e.id IN ({q})",
            part,
        ):
            if lon is not None and lat is not None:
                out[eid] = (float(lon), float(lat))
    return out


def places_with_events(conn: sqlite3.Connection) -> dict[str, dict]:
    """Every place of the gazetteer that has coordinates and at least one event."""
    rows = conn.execute(
        "SELECT p.id, p.name, p.longitude, p.latitude, COUNT(e.id) FROM places p"
        " JOIN events e ON e.place_id = p.id WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL"
        " GROUP BY p.id"
    ).fetchall()
    return {r[0]: {"id": r[0], "name": r[1], "lon": r[2], "lat": r[3], "all_events": r[4]} for r in rows}


def map_points(conn: sqlite3.Connection, items: list[dict]) -> dict:
    """The selected events placed on the map: one point per place (or per pair of
    coordinates a document gives), with its count; and the events that have none."""
    coords = event_coordinates(conn, [it["id"] for it in items])
    points: dict[tuple, dict] = {}
    unplaced = []
    for it in items:
        where = coords.get(it["id"])
        if where is None:
            unplaced.append({"id": it["id"], "place": it["place"]["name"] if it.get("place") else None})
            continue
        place = it.get("place")
        key = (place["id"],) if place else where
        point = points.setdefault(
            key,
            {
                "place_id": place["id"] if place else None,
                "name": place["name"] if place else None,
                "lon": where[0],
                "lat": where[1],
                "events": 0,
                "battles": 0,
            },
        )
        point["events"] += 1
        point["battles"] += it["type"] == "battle"
    ordered = sorted(points.values(), key=lambda p: (-p["events"], p["name"] or ""))
    return {"points": ordered, "unplaced": unplaced}


def outline() -> dict:
    """The outline data file: a GeoJSON FeatureCollection with its origin and licence."""
    return json.loads(OUTLINE.read_text("utf-8"))


def rings(feature: dict) -> list[list[list[float]]]:
    """The exterior rings of a Polygon or MultiPolygon feature."""
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]
