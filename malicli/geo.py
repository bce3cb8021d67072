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


POINT_KINDS = ("town", "village")  # places small enough to stand as a point on a map


def event_coordinates(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[float, float]]:
    """(longitude, latitude) of each event that has any: the document's own coordinates,
    else its place's from the gazetteer."""
    return {eid: (lon, lat) for eid, (lon, lat, _doc, _kind) in _locations(conn, ids).items()}


def _locations(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple]:
    """(lon, lat, from the document?, place kind) of events, None where unknown."""
    out: dict[str, tuple] = {}
    for i in range(0, len(ids), 500):
        part = list(ids[i : i + 500])
        q = ",".join("?" * len(part))
        for eid, elon, elat, plon, plat, kind in conn.execute(
            "SELECT e.id, e.longitude, e.latitude, p.longitude, p.latitude, p.kind"
            f" FROM events e LEFT JOIN places p ON p.id = e.place_id WHERE e.id IN ({q})",
            part,
        ):
            if elon is not None and elat is not None:
                out[eid] = (float(elon), float(elat), True, kind)
            elif plon is not None and plat is not None:
                out[eid] = (float(plon), float(plat), False, kind)
            else:
                out[eid] = (None, None, False, kind)
    return out


def located_place(conn: sqlite3.Connection, pid: str, lon: float, lat: float) -> tuple[float, float]:
    """A gazetteer place's own coordinates (the given ones when it has none)."""
    row = conn.execute("SELECT longitude, latitude FROM places WHERE id = ?", (pid,)).fetchone()
    return (row[0], row[1]) if row and row[0] is not None and row[1] is not None else (lon, lat)


def places_with_events(conn: sqlite3.Connection) -> list[dict]:
    """Every town or village of the gazetteer that has coordinates and at least one event."""
    kinds = ",".join("?" * len(POINT_KINDS))
    rows = conn.execute(
        "SELECT p.id, p.name, p.longitude, p.latitude, COUNT(e.id) FROM places p"
        " JOIN events e ON e.place_id = p.id WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL"
        f" AND p.kind IN ({kinds}) GROUP BY p.id ORDER BY p.id",
        POINT_KINDS,
    ).fetchall()
    return [{"id": r[0], "name": r[1], "lon": r[2], "lat": r[3], "events": r[4]} for r in rows]


def map_points(conn: sqlite3.Connection, items: list[dict]) -> dict:
    """The selected events placed on the map: one point per town (or per pair of
    coordinates a document gives), with its counts; and why the others are not on it."""
    located = _locations(conn, [it["id"] for it in items])
    points: dict[tuple, dict] = {}
    unplaced: dict[str, dict[str, int]] = {"no_place": {}, "not_a_point": {}, "no_coordinates": {}}
    for it in items:
        lon, lat, from_doc, kind = located.get(it["id"], (None, None, False, None))
        place = it.get("place")
        name = place["name"] if place else None
        reason = None
        if lon is None:
            reason = "no_coordinates" if place else "no_place"
        elif not from_doc and kind not in POINT_KINDS:
            reason = "not_a_point"
        if reason:
            unplaced[reason][name or ""] = unplaced[reason].get(name or "", 0) + 1
            continue
        key: tuple
        if place and kind in POINT_KINDS:  # the town, even where the document gives its own coordinates
            key = (place["id"],)
            lon, lat = located_place(conn, place["id"], lon, lat)
        else:
            key = (round(lon, 3), round(lat, 3))
        point = points.setdefault(
            key,
            {
                "place_id": place["id"] if place else None,
                "name": name,
                "lon": lon,
                "lat": lat,
                "events": 0,
                "battles": 0,
            },
        )
        point["events"] += 1
        point["battles"] += it["type"] == "battle"
    ordered = sorted(points.values(), key=lambda p: (-p["events"], p["name"] or ""))
    return {"events": len(items), "points": ordered, "unplaced": unplaced}


def outline() -> dict:
    """The outline data file: a GeoJSON FeatureCollection with its origin and licence."""
    return json.loads(OUTLINE.read_text("utf-8"))


def rings(feature: dict) -> list[list[list[float]]]:
    """The exterior rings of a Polygon or MultiPolygon feature."""
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]
