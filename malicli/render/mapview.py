"""The map of ``malicli map``: Mali's outline and its neighbours' (Natural Earth
1:110m, public domain), the towns of the gazetteer that have events, and the
selected events as markers sized and shaded by count, drawn by plotext (braille
dots, or ASCII with --ascii), then a legend.

Imported only by ``malicli map``.
"""

from __future__ import annotations

import math

import plotext as plt

GLYPHS = {
    "unicode": {"markers": ("•", "●", "◉"), "town": "·", "focus": "braille", "neighbour": "braille"},
    "ascii": {"markers": ("o", "O", "@"), "town": "+", "focus": "#", "neighbour": "."},
}
SHADES = ("yellow", "orange", "red")  # plotext colours, fewest to most events
MARGIN = 1.0  # degrees around Mali's bounding box
LABELS = 8  # towns named on the map at most


def frame(outline: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north): Mali's bounding box and a margin."""
    focus = next(f for f in outline["features"] if f["properties"]["role"] == "focus")
    ring = focus["geometry"]["coordinates"][0]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs) - MARGIN, min(ys) - MARGIN, max(xs) + MARGIN, max(ys) + MARGIN


def buckets(largest: int) -> list[tuple[int, int]]:
    """Up to three count ranges for the marker sizes, from the largest count."""
    if largest <= 1:
        return [(1, 1)]
    if largest <= 3:
        return [(1, 1), (2, largest)]
    low = max(1, round(largest ** (1 / 3)))
    mid = max(low + 1, round(largest ** (2 / 3)))
    return [(1, low), (low + 1, mid), (mid + 1, largest)] if mid < largest else [(1, low), (low + 1, largest)]


def _bucket(count: int, ranges: list[tuple[int, int]]) -> int:
    return next(i for i, (lo, hi) in enumerate(ranges) if lo <= count <= hi)


def size(width: int, box: tuple[float, float, float, float]) -> tuple[int, int]:
    """(columns, rows) of the figure: the width given, and the height that keeps the
    map's proportions (a terminal cell is about twice as high as it is wide)."""
    west, south, east, north = box
    ratio = (north - south) / ((east - west) * math.cos(math.radians((north + south) / 2)))
    plot_cols = max(20, width - 7)
    return width, max(10, round(plot_cols * ratio / 2) + 3)


def _ticks(west: float, south: float, east: float, north: float) -> None:
    lons = [x for x in range(-15, 10, 5) if west <= x <= east]
    lats = [y for y in range(5, 30, 5) if south <= y <= north]
    plt.xticks(lons, [f"{abs(x)}°{'W' if x < 0 else 'E' if x > 0 else ''}" for x in lons])
    plt.yticks(lats, [f"{y}°N" for y in lats])


def draw(data: dict, width: int, colour: bool, ascii_only: bool) -> str:
    """The map as text: plotext's figure, then the legend."""
    glyphs = GLYPHS["ascii" if ascii_only else "unicode"]
    box = frame(data["outline"])
    west, south, east, north = box
    cols, rows = size(width, box)
    plt.clear_figure()
    plt.theme("clear")
    plt.limit_size(False, False)  # the size asked for, not the terminal's
    plt.plotsize(cols, rows)
    order = {"neighbour": 0, "focus": 1}  # Mali last, over the borders it shares
    features = [f for f in data["outline"]["features"] if f["properties"]["role"] in order]
    for feature in sorted(features, key=lambda f: order[f["properties"]["role"]]):
        role = feature["properties"]["role"]
        for ring in _rings(feature):
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            plt.plot(xs, ys, marker=glyphs[role], color="gray" if role == "neighbour" else None)
    inside = [p for p in data["points"] if west <= p["lon"] <= east and south <= p["lat"] <= north]
    chosen = {p["place_id"] for p in inside if p["place_id"]}
    towns = [t for t in data["towns"] if t["id"] not in chosen]
    if towns:
        plt.scatter([t["lon"] for t in towns], [t["lat"] for t in towns], marker=glyphs["town"], color="gray")
    ranges = buckets(max((p["events"] for p in inside), default=1))
    for i in range(len(ranges)):
        mine = [p for p in inside if _bucket(p["events"], ranges) == i]
        if mine:
            shade = SHADES[i - len(ranges)]
            plt.scatter(
                [p["lon"] for p in mine], [p["lat"] for p in mine], marker=glyphs["markers"][i], color=shade
            )
    area = Area(box, cols - (0 if ascii_only else AXES_W), rows - (0 if ascii_only else AXES_H))
    _labels(data["outline"], inside, area)
    plt.xlim(west, east)
    plt.ylim(south, north)
    if ascii_only:
        plt.frame(False)
        plt.xticks([])
        plt.yticks([])
    else:
        _ticks(*box)
    text = plt.build()
    if not colour:
        text = plt.uncolorize(text)
    lines = [line.rstrip() for line in text.splitlines()]
    head = ["Events per place" + (" (" + _filters(data["filters"]) + ")" if data.get("filters") else "")]
    return "\n".join(head + lines + [""] + legend(data, inside, ranges, glyphs, box, width)) + "\n"


def _filters(filters: dict) -> str:
    return ", ".join(f"{k} {','.join(v) if isinstance(v, list) else v}" for k, v in filters.items())


AXES_W = 6  # the latitude labels ("25°N") and the frame's two sides
AXES_H = 3  # the frame's top and bottom, and the longitude labels


class Area:
    """The plot's cells: where a longitude and latitude fall, in columns and rows."""

    def __init__(self, box: tuple[float, float, float, float], cols: int, rows: int):
        self.box, self.cols, self.rows = box, cols, rows

    def cell(self, lon: float, lat: float) -> tuple[int, int]:
        """(column from the left, row from the top), rounded half up as plotext does."""
        west, south, east, north = self.box
        col = math.floor((lon - west) / (east - west) * (self.cols - 1) + 0.5)
        up = math.floor((lat - south) / (north - south) * (self.rows - 1) + 0.5)
        return col, self.rows - 1 - up

    def lon(self, col: int) -> float:
        """The longitude of a column's left edge on the map."""
        west, _, east, _ = self.box
        return west + col * (east - west) / (self.cols - 1)


def _rings(feature: dict) -> list[list[list[float]]]:
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _labels(outline: dict, points: list[dict], area: Area) -> None:
    """Names of the busiest towns, then of the countries, where they overlap nothing."""
    taken = {area.cell(p["lon"], p["lat"]) for p in points}
    wanted = [(f"{p['name']} {p['events']}", p["lon"], p["lat"], True) for p in points if p["name"]][:LABELS]
    wanted += [
        (f["properties"]["name"].upper(), *f["properties"]["label_point"], False)
        for f in outline["features"]
        if f["properties"]["role"] != "context" and f["properties"]["label_point"]
    ]
    for text, lon, lat, beside in wanted:
        c, r = area.cell(lon, lat)
        start = c + 2 if beside else c - len(text) // 2
        if beside and start + len(text) > area.cols:
            start = c - 1 - len(text)
        span = {(x, r) for x in range(start - 1, start + len(text) + 1)}
        if start < 0 or start + len(text) > area.cols or span & taken:
            continue
        taken |= span
        plt.text(text, area.lon(start), lat, alignment="left", color=None if beside else "gray")


def legend(
    data: dict,
    inside: list[dict],
    ranges: list[tuple[int, int]],
    glyphs: dict,
    box: tuple[float, float, float, float],
    width: int,
) -> list[str]:
    """What the markers mean, what is not on the map and why, and where the outline comes from."""
    import textwrap

    on_map = sum(p["events"] for p in inside)
    sizes = "  ".join(
        f"{glyphs['markers'][i - len(ranges)]} {lo}" + (f"-{hi}" if hi > lo else "")
        for i, (lo, hi) in enumerate(ranges)
    )
    lines = [
        f"{on_map:,} of {data['events']:,} events at {len(inside)} places. Events per place: {sizes}"
        f"   {glyphs['town']} a town with other events",
    ]
    west, south, east, north = box
    outside = [p for p in data["points"] if p not in inside]
    if outside:
        lines.append(
            "Outside the map: "
            + _named((p["name"] or f"{p['lat']:.2f}, {p['lon']:.2f}", p["events"]) for p in outside)
        )
    why = data["unplaced"]
    parts = []
    if why["no_place"]:
        parts.append(f"{sum(why['no_place'].values()):,} name no place")
    if why["not_a_point"]:
        parts.append(
            f"{sum(why['not_a_point'].values()):,} name only a country, region or area ("
            + _named(why["not_a_point"].items())
            + ")"
        )
    if why["no_coordinates"]:
        parts.append(
            f"{sum(why['no_coordinates'].values()):,} name a place without coordinates ("
            + _named(why["no_coordinates"].items())
            + ")"
        )
    if parts:
        lines.append("Not on the map: " + "; ".join(parts) + ".")
    lines.append("Outline: Natural Earth 1:110m (public domain), simplified; borders approximate.")
    return [w for line in lines for w in textwrap.wrap(line, width, subsequent_indent="  ")]


def _named(pairs, limit: int = 5) -> str:
    pairs = sorted(pairs, key=lambda kv: (-kv[1], kv[0]))
    text = ", ".join(f"{name} {n}" for name, n in pairs[:limit])
    return text + (f" and {len(pairs) - limit} more" if len(pairs) > limit else "")
