"""Views: query results -> blocks, written once for both backends."""

from __future__ import annotations

import datetime as _dt

from .blocks import Fields, Heading, Para, Side, Sides, Table, Title

MONTHS = ("January February March April May June July August September October November December").split()
SIDE_STYLES = {1: "side1", 2: "side2", 3: "side3"}


def _plural(n: int, noun: str) -> str:
    """``noun`` in the number ``n`` asks for: "1 day", "5 days"."""
    return noun if n == 1 else f"{noun}s"


def _day(iso: str, short: bool = False) -> str:
    y, m, d = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    month = MONTHS[m - 1][:3] if short else MONTHS[m - 1]
    return f"{d} {month} {y}"


def _point(iso: str, precision: str | None) -> str:
    if precision == "year":
        return iso[:4]
    if precision == "month":
        return f"{MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"
    return _day(iso)


def format_date(date: dict, status: str | None = None, today: _dt.date | None = None) -> str:
    """A date as a person reads it, at its real precision."""
    start, end, precision = date.get("start"), date.get("end"), date.get("precision")
    if not start:
        return f"not stated ({date['text']!r} could not be read)" if date.get("text") else "not stated"
    if end is None and status == "ongoing":
        today = today or _dt.date.today()
        days = (today - _dt.date.fromisoformat(start)).days
        since = _point(start, precision) if precision != "day" else _day(start, True)
        return f"ongoing since {since} ({days} {_plural(days, 'day')})"
    if precision == "month" and start[:7] == (end or start)[:7]:
        base = _point(start, "month")
        q = date.get("qualifier")
        return f"{q} {base}" if q else base
    if precision == "year" and start[:4] == (end or start)[:4]:
        return start[:4]
    if not end or end == start:
        return _point(start, precision)
    if precision == "day":
        days = (_dt.date.fromisoformat(end) - _dt.date.fromisoformat(start)).days
        if start[:7] == end[:7]:
            text = f"{int(start[8:])}–{_day(end)}"
        elif start[:4] == end[:4]:
            text = f"{int(start[8:])} {MONTHS[int(start[5:7]) - 1]} – {_day(end)}"
        else:
            text = f"{_day(start)} – {_day(end)}"
        return f"{text} ({days} {_plural(days, 'day')})"
    return f"{_point(start, precision)} – {_point(end, precision)}"


def short_date(date: dict) -> str:
    start, precision = date.get("start"), date.get("precision")
    if not start:
        return "—"
    if precision == "year":
        return start[:4]
    if precision == "month":
        return start[:7]
    end = date.get("end")
    return start if not end or end == start else f"{start}…{end[5:] if end[:4] == start[:4] else end}"


def _rule_note(date: dict) -> str:
    rule = date.get("rule") or ""
    return {
        "year_from_context": " (year inferred from context)",
        "year_from_weekday": " (year inferred from the weekday)",
        "item_date": " (the item's date, inferred)",
    }.get(rule, "")


def brief(text: str | None, n: int = 140) -> str:
    """The start of a long text, cut at a word, marked with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= n:
        return text
    return text[:n].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _figures(c: dict) -> str:
    parts = []
    for k in ("killed", "wounded", "captured", "missing"):
        if c.get(k) is not None:
            parts.append(f"{c[k]:,} {k}")
    if c.get("civilians") is not None:
        parts.append(f"{c['civilians']:,} {_plural(c['civilians'], 'civilian')} killed")
    if c.get("vehicles") is not None:
        parts.append(f"{c['vehicles']:,} {_plural(c['vehicles'], 'vehicle')}")
    return ", ".join(parts) or c.get("text") or ""


def battle_blocks(b: dict, why: bool = False) -> list:
    kind = b["kind"] + (" — name derived from the text" if b.get("name_rule") == "derived" else "")
    blocks: list = [Title(b["name"] or "(unnamed event)", kind)]
    rows = []
    if b.get("part_of"):
        rows.append(("Part of", b["part_of"]))
    rows.append(("Date", [(format_date(b["date"], b["status"]), "date"), (_rule_note(b["date"]), "dim")]))
    p = b.get("place")
    if p:
        coords = ""
        if p.get("lat") is not None:
            src = "from the document" if p.get("coordinates_from") == "document" else "gazetteer"
            coords = f"  {p['lat']:.4f}, {p['lon']:.4f} ({src})"
        note = (
            " (taken from the name)"
            if p.get("rule") == "from_name"
            else (" (taken from the text)" if p.get("rule") == "from_text" else "")
        )
        rows.append(("Place", [(p["name"], ""), (note, "dim"), (coords, "dim")]))
    else:
        rows.append(("Place", [("not stated", "dim")]))
    if b["status"] == "ongoing":
        rows.append(("Status", "ongoing"))
    else:
        rows.append(("Result", b["result"] if b.get("result") else [("not stated", "dim")]))
    blocks.append(Fields(rows))
    sides = []
    for s in b["sides"]:
        n = s["side"]
        inner: list = []
        lines = []
        for bel in s["belligerents"]:
            seg = [(bel["name"], SIDE_STYLES.get(n, ""))]
            if bel["as_written"] and bel["as_written"] != bel["name"]:
                seg.append((f" (as written: {bel['as_written']})", "dim"))
            if bel["role"] not in ("belligerent",):
                by = f" by {bel.get('claimed_by_name') or bel['claimed_by']}" if bel.get("claimed_by") else ""
                seg.append((f" — {bel['role']}{by}", "claim"))
            lines.append(seg)
        rows = [("Belligerents" if i == 0 else "", x) for i, x in enumerate(lines)] or [
            ("Belligerents", [("not stated", "dim")])
        ]
        rows += [("Commanders" if i == 0 else "", c["as_written"]) for i, c in enumerate(s["commanders"])]
        rows += [
            ("Strength" if i == 0 else "", f"{x['value']:,}" if x["value"] is not None else x["text"])
            for i, x in enumerate(s["strength"])
        ]
        for i, c in enumerate(s["casualties"]):
            claim = f" — claimed by {c['claimed_by_text'] or c['claimed_by']}" if c.get("claimed_by") else ""
            origin = " (prose)" if c.get("origin") == "prose" else ""
            rows.append(("Casualties" if i == 0 else "", [(_figures(c), ""), (claim + origin, "claim")]))
        if s.get("disputed"):
            rows.append(("", [("! the claims disagree", "warn")]))
        inner.append(Fields(rows))
        sides.append(Side(f"Side {n}", SIDE_STYLES.get(n, ""), inner))
    if sides:
        blocks.append(Sides(sides))
    if b.get("participants"):
        blocks.append(
            Fields([("Named in the text", ", ".join(sorted({x["name"] for x in b["participants"]})))])
        )
    if b.get("summary"):
        blocks.append(Para(b["summary"], title="Summary"))
    if b.get("events"):
        blocks.append(
            Table(
                ["Date", "Event", "Source"],
                [
                    [
                        [(short_date(e["date"]), "date")],
                        e["summary"] or "",
                        [(f"{e['source']['file']}:{e['source']['line']}", "dim")],
                    ]
                    for e in b["events"]
                ],
                title="Timeline",
                wrap=(1,),
            )
        )
    if b.get("related"):
        blocks.append(
            Table(
                ["Related battle", "Date", "Why"],
                [
                    [
                        r["name"] or r["id"],
                        r["date"] or "—",
                        ", ".join(
                            x
                            for x in (
                                "same place" if r["same_place"] else "",
                                (
                                    f"{r['shared_actors']} shared {_plural(r['shared_actors'], 'actor')}"
                                    if r["shared_actors"]
                                    else ""
                                ),
                            )
                            if x
                        ),
                    ]
                    for r in b["related"]
                ],
            )
        )
    blocks.append(
        Fields(
            [("Sources", ", ".join(f"{s['file']}:{s['line_start']}-{s['line_end']}" for s in b["sources"]))]
        )
    )
    if why:
        blocks.append(why_table(b))
    return blocks


def why_table(b: dict) -> Table:
    rows = []
    w = b["why"]
    file = b["sources"][0]["file"]

    def add(field, line, quote):
        rows.append([field, quote or "", [(f"{file}:{line}" if line else "—", "dim")]])

    add("date", w["date"]["line"], w["date"]["text"])
    if w.get("place"):
        add("place", w["place"]["line"], f"{w['place']['text']} ({w['place']['rule']})")
    if w.get("coordinates"):
        add("coordinates", w["coordinates"]["line"], w["coordinates"]["text"])
    if w.get("result"):
        add("result", w["result"]["line"], b["result"])
    for s in b["sides"]:
        for kind, items in (
            ("belligerent", s["belligerents"]),
            ("commander", s["commanders"]),
            ("strength", s["strength"]),
            ("casualties", s["casualties"]),
        ):
            for x in items:
                src = x["source"]
                rows.append(
                    [f"side {s['side']} {kind}", src["quote"], [(f"{src['file']}:{src['line']}", "dim")]]
                )
    return Table(["Field", "Quote", "Source"], rows, title="Where each field comes from", wrap=(1,))


def event_rows(items: list[dict], snippet: bool = False) -> Table:
    cols = ["Date", "Name", "Kind", "Place", "Actors"]
    rows = []
    for it in items:
        label = it["name"] or brief(it["summary"])
        text = it.get("snippet") if snippet and it.get("snippet") else None
        name: list = [(label, "title" if it["name"] else "")]
        if text:
            name.append(("\n", ""))
            name.extend(_highlight(text))
        rows.append(
            [
                [(short_date(it["date"]), "date")],
                name,
                it["kind"],
                it["place"]["name"] if it["place"] else "—",
                ", ".join(it["actors"]),
            ]
        )
    return Table(cols, rows, wrap=(1,))


def _highlight(snippet: str) -> list[tuple[str, str]]:
    out, rest = [], snippet
    while "«" in rest and "»" in rest.split("«", 1)[1]:
        before, after = rest.split("«", 1)
        hit, rest = after.split("»", 1)
        out += [(before, "dim"), (hit, "match")]
    out.append((rest, "dim"))
    return out


def list_blocks(items: list[dict], title: str, snippet: bool = False) -> list:
    if not items:
        return [Para([("No matching events.", "dim")])]
    return [Heading(f"{title} ({len(items)})"), event_rows(items, snippet)]


def timeline_blocks(items: list[dict]) -> list:
    if not items:
        return [Para([("No matching events.", "dim")])]
    blocks: list = []
    year = object()
    rows: list = []
    for it in items:
        y = it["date"]["start"][:4] if it["date"]["start"] else "Undated"
        if y != year:
            if rows:
                blocks.append(Table(["Date", "Event", "Place", "Source"], rows, wrap=(1,)))
            blocks.append(Heading(y))
            rows, year = [], y
        label = it["name"] + ": " if it["name"] and it["type"] != "timeline" else ""
        rows.append(
            [
                [(short_date(it["date"]), "date")],
                [(label, "title"), (it["summary"] or "", ""), (_rule_note(it["date"]), "dim")],
                it["place"]["name"] if it["place"] else "—",
                [(f"{it['source']['file']}:{it['source']['line']}", "dim")],
            ]
        )
    if rows:
        blocks.append(Table(["Date", "Event", "Place", "Source"], rows, wrap=(1,)))
    return blocks


def actor_list_blocks(items: list[dict]) -> list:
    return [
        Heading(f"Actors ({len(items)})"),
        Table(
            ["Id", "Name", "Kind", "Events"],
            [
                [[(a["id"], "id")], a["full_name"] or a["name"], a["kind"] or "", str(a["events"])]
                for a in items
            ],
            wrap=(1,),
        ),
    ]


def actor_blocks(a: dict) -> list:
    blocks: list = [Title(a["name"], a["full_name"])]
    rows = [("Id", a["id"]), ("Kind", a["kind"] or "not stated"), ("Aliases", ", ".join(a["aliases"]))]
    blocks.append(Fields(rows))
    if a["description"]:
        src = a["description_source"]
        blocks.append(Para(a["description"], title=f"Description ({src['file']}:{src['line']})"))
    for key, label in (("allies", "Allies"), ("opponents", "Opponents")):
        if a[key]:
            blocks.append(Fields([(label, ", ".join(f"{x['actor']} ({x['events']})" for x in a[key]))]))
    if a["commanders"]:
        blocks.append(Fields([("Commanders", ", ".join(c["name"] for c in a["commanders"]))]))
    if a["events"]:
        blocks.append(
            Table(
                ["Date", "Event", "Side", "Role"],
                [
                    [
                        [(short_date(e["date"]), "date")],
                        e["name"] or brief(e["summary"]),
                        str(e["side"]) if e["side"] else "—",
                        e["role"],
                    ]
                    for e in a["events"]
                ],
                title="Events",
                wrap=(1,),
            )
        )
    return blocks


def place_list_blocks(items: list[dict]) -> list:
    return [
        Heading(f"Places ({len(items)})"),
        Table(
            ["Id", "Name", "French", "Kind", "Region", "Coordinates", "Events"],
            [
                [
                    [(p["id"], "id")],
                    p["name"],
                    p["name_fr"] or "",
                    p["kind"] or "",
                    p["region"] or "",
                    f"{p['lat']:.4f}, {p['lon']:.4f}" if p["lat"] is not None else "—",
                    str(p["events"]),
                ]
                for p in items
            ],
        ),
    ]


def place_blocks(p: dict) -> list:
    blocks: list = [Title(p["name"], p["kind"])]
    blocks.append(
        Fields(
            [
                ("Names", ", ".join(p["names"])),
                ("French", p["name_fr"] or "not stated"),
                ("Region", p["region"] or "not stated"),
                ("Country", p.get("country") or "not stated"),
                ("Coordinates", f"{p['lat']:.4f}, {p['lon']:.4f}" if p["lat"] is not None else "not known"),
                ("Source", p["note"] or ""),
            ]
        )
    )
    blocks += list_blocks(p["events"], "Events here")
    return blocks


def db_info_blocks(info: dict) -> list:
    return [
        Title("malicli database", info["path"]),
        Fields([("Schema version", str(info["schema_version"])), ("Built", info["build_time"] or "unknown")]),
        Table(["Table", "Rows"], [[k, str(v)] for k, v in info["counts"].items()]),
        Table(
            ["Source", "Format", "Events", "Lines"],
            [[s["file"], s["format"], str(s["events"]), str(s["lines"])] for s in info["sources"]],
        ),
    ]
