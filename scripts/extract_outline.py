"""Extract the outline of Mali and of the countries around it into
malicli/data/mali_outline.geojson, once, from Natural Earth's 1:110m
"Admin 0 - Countries" shapefile as geopandas shipped it (versions before 1.0,
geopandas/datasets/naturalearth_lowres).

malicli never needs geopandas: this script reads the shapefile with pyshp at
extraction time only.

    python -m pip download --no-deps --dest /tmp/ne "geopandas<1.0"
    python -m pip install pyshp
    python scripts/extract_outline.py /tmp/ne/geopandas-0.14.4-py3-none-any.whl

Natural Earth data is in the public domain (https://www.naturalearthdata.com/about/terms-of-use/).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import zipfile
from pathlib import Path

import shapefile  # pyshp

OUT = Path(__file__).resolve().parent.parent / "malicli" / "data" / "mali_outline.geojson"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
# the frame of the map: Mali's bounding box and a margin; countries reaching into it are kept
FRAME = (-15.5, 7.5, 6.5, 27.0)  # west, south, east, north
DIGITS = 4  # about 11 m: far finer than the 1:110m data


def read_shapes(wheel: Path) -> list[tuple[dict, list[list[list[float]]]]]:
    """(record, rings) of every country in the shapefile inside the wheel."""
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            zf.extract(f"{MEMBER}.{ext}", tmp)
        reader = shapefile.Reader(str(Path(tmp) / MEMBER))
        out = []
        for sr in reader.iterShapeRecords():
            shape = sr.shape
            bounds = [*shape.parts, len(shape.points)]
            rings = [
                [[round(x, DIGITS), round(y, DIGITS)] for x, y in shape.points[a:b]]
                for a, b in zip(bounds, bounds[1:])
            ]
            out.append((sr.record.as_dict(), rings))
        reader.close()
    return out


def counterclockwise(ring: list[list[float]]) -> list[list[float]]:
    """RFC 7946 wants exterior rings counterclockwise; shapefiles store them clockwise."""
    area2 = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))
    return ring if area2 > 0 else ring[::-1]


def inside(x: float, y: float, ring: list[list[float]]) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def edge_distance(x: float, y: float, ring: list[list[float]]) -> float:
    best = float("inf")
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy or 1.0)))
        best = min(best, ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)
    return best


def label_point(rings: list[list[list[float]]]) -> list[float] | None:
    """A point inside the country and inside the frame, as far as a 0.25-degree grid finds
    from the country's edges and the frame's: where a map can write its name."""
    west, south, east, north = FRAME
    best, where = 0.0, None
    for ring in rings:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        x = max(west, min(xs))
        while x <= min(east, max(xs)):
            y = max(south, min(ys))
            while y <= min(north, max(ys)):
                if inside(x, y, ring):
                    d = min(edge_distance(x, y, ring), x - west, east - x, y - south, north - y)
                    if d > best:
                        best, where = d, [round(x, 2), round(y, 2)]
                y += 0.25
            x += 0.25
    return where


def touches_frame(rings) -> bool:
    west, south, east, north = FRAME
    return any(west <= x <= east and south <= y <= north for ring in rings for x, y in ring)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="a geopandas wheel older than 1.0")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    shapes = read_shapes(args.wheel)
    mali = next(rings for rec, rings in shapes if rec["iso_a3"] == "MLI")
    border = {tuple(p) for ring in mali for p in ring}
    features = []
    for rec, rings in shapes:
        if not touches_frame(rings):
            continue
        if rec["iso_a3"] == "MLI":
            role = "focus"
        elif border & {tuple(p) for ring in rings for p in ring}:
            role = "neighbour"
        else:
            role = "context"
        kept = [counterclockwise(ring) for ring in rings if touches_frame([ring])]
        geometry = (
            {"type": "Polygon", "coordinates": [kept[0]]}
            if len(kept) == 1
            else {"type": "MultiPolygon", "coordinates": [[r] for r in kept]}
        )
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": rec["name"],
                    "iso_a3": rec["iso_a3"],
                    "role": role,
                    "label_point": label_point(kept),
                },
                "geometry": geometry,
            }
        )
    features.sort(
        key=lambda f: (
            {"focus": 0, "neighbour": 1, "context": 2}[f["properties"]["role"]],
            f["properties"]["name"],
        )
    )
    doc = {
        "type": "FeatureCollection",
        "origin": (
            f"Natural Earth 1:110m Admin 0 - Countries, as bundled in {args.wheel.name} "
            "(geopandas/datasets/naturalearth_lowres); extracted by scripts/extract_outline.py: "
            f"countries reaching into the frame {list(FRAME)} (west, south, east, north), "
            f"rings outside it dropped, coordinates rounded to {DIGITS} decimals; label_point: a point "
            "inside the country and the frame, far from both edges, computed from the rings"
        ),
        "licence": "public domain (Natural Earth, https://www.naturalearthdata.com/about/terms-of-use/)",
        "note": "Boundaries are Natural Earth's de facto lines at 1:110m, simplified: a town near a border "
        "may fall a few kilometres on the wrong side of it.",
        "features": features,
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    # one feature a line: small, and readable in a diff
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"').replace(
        '"features":[', '"features":[\n'
    )
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(features)} countries, {args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
