"""GeoJSON output (RFC 7946): one Point feature per row that has coordinates,
longitude before latitude, the row's --json object as its properties.

Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Callable


def _valid(lon, lat) -> bool:
    return (
        isinstance(lon, (int, float))
        and isinstance(lat, (int, float))
        and math.isfinite(lon)
        and math.isfinite(lat)
        and -180 <= lon <= 180
        and -90 <= lat <= 90
    )


def feature_collection(
    items: list[dict], locate: Callable[[dict], tuple[float, float] | None]
) -> tuple[dict, list[dict]]:
    """(FeatureCollection, the rows left out for want of coordinates).

    ``locate`` gives a row's (longitude, latitude), or None."""
    features, missing = [], []
    for item in items:
        where = locate(item)
        if where is None or not _valid(*where):
            missing.append(item)
            continue
        lon, lat = where
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": item,
        }
        if item.get("id") is not None:
            feature["id"] = item["id"]
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}, missing


def missing_note(missing: list[dict], total: int) -> str:
    """One line for stderr naming the rows that have no coordinates."""
    names = [str(m.get("name") or m.get("id")) for m in missing]
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return f"{len(missing)} of {total} rows have no coordinates and are not in the GeoJSON: {shown}"
