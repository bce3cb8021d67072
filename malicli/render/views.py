"""Views: query results -> blocks, written once for both backends."""

from __future__ import annotations

import datetime as _dt
import re

from .blocks import Col, Fields, Heading, Para, Seg, Table, Title

MONTHS = ("January February March April May June July August September October November December").split()
SIDE_STYLES = {1: "side1", 2: "side2", 3: "side3"}

# Columns shared by the views: how each gives way on a narrow screen (see blocks.Col).
DATE = Col("Date")
KIND = Col("Kind", cut=True, min=6, drop=2)
PLACE = Col("Place", cut=True, min=8, drop=3)
ACTORS = Col("Actors", cut=True, min=14, drop=1)


def plural(n: int, word: str) -> str:
    """ "1 shared actor", "2 shared actors"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


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
        if date.get(
            "reason"
        ):  # the reader's own words: "'Monday' with no date of the dispatch to count from"
            return f"not stated ({date['reason']})"
        return f"not stated ({date['text']!r} could not be read)" if date.get("text") else "not stated"
    if end is None and status == "ongoing":
        today = today or _dt.date.today()
        days = (today - _dt.date.fromisoformat(start)).days
        since = _point(start, precision) if precision != "day" else _day(start, True)
        return f"ongoing since {since} ({days} day{'s' if days != 1 else ''})"
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
        return f"{text} ({days} day{'s' if days != 1 else ''})"
    return f"{_point(start, precision)} – {_point(end, precision)}"


def short_date(date: dict) -> str:
    """A compact date; "?" after it when the text leaves the year open."""
    start, precision = date.get("start"), date.get("precision")
    if not start:
        return "—"
    mark = "" if date.get("certain", True) else "?"
    if precision == "year":
        return start[:4] + mark
    if precision == "month":
        return start[:7] + mark
    end = date.get("end")
    text = start if not end or end == start else f"{start}…{end[5:] if end[:4] == start[:4] else end}"
    return text + mark


RULE_NOTES = {
    "year_from_context": "year inferred from context",
    "year_from_heading": "year from the section heading",
    "year_from_order": "year inferred from the order of the text",
    "year_from_anchor": "year from the page's date",
    "year_from_weekday": "year inferred from the weekday",
    "weekday_in_span": "day from the weekday, within the battle's dates",
    "relative": "counted from a date before it",
    "item_date": "the item's date, inferred",
}


def _rule_note(date: dict) -> str:
    """How a date's year was found, when the text does not state it; "year uncertain" first."""
    notes = [] if date.get("certain", True) else ["year uncertain"]
    if date.get("rule") in RULE_NOTES:
        notes.append(RULE_NOTES[date["rule"]])
    return f" ({'; '.join(notes)})" if notes else ""


def brief(text: str | None, n: int = 140) -> str:
    """The start of a long text, cut at a word, marked with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= n:
        return text
    return text[:n].rsplit(" ", 1)[0].rstrip(",;:") + "…"


KILLED = Col("Killed", drop=0)  # shown when there is room: the first to go on a narrow screen
KILLED_ASKED = Col("Killed", drop=4)  # --with-casualties: kept longer than actors, kind and place


def _killed_col(killed: bool | str) -> list[Col]:
    """The Killed column: none, "room" (only when there is room) or asked for (True)."""
    if not killed:
        return []
    return [KILLED if killed == "room" else KILLED_ASKED]


def killed_text(span: dict | None) -> str:
    """{"low", "high", "open_ended"} as "40–60", "40", "40+"; "—" when no claim gives a number."""
    if not span:
        return "—"
    text = f"{span['low']:,}" if span["low"] == span["high"] else f"{span['low']:,}–{span['high']:,}"
    return text + ("+" if span.get("open_ended") else "")


def _name_cell(it: dict, snippet: bool) -> list:
    """An event's name; with a snippet, the words that matched, never the same text twice:
    a sentence (no name) is shown by its matching part, a name gets the snippet under it
    only when the match is elsewhere than in the name."""
    text = it.get("snippet") if snippet else None
    if not text:
        return [(it["name"] or brief(it["summary"]), "title" if it["name"] else "")]
    if not it["name"]:
        return _highlight(text)
    bare = " ".join(text.replace("«", "").replace("»", "").strip("…").split())
    if bare.casefold() in it["name"].casefold():
        return [(it["name"], "title")]
    return [(it["name"], "title"), ("\n", ""), *_highlight(text)]


def _with_ids(table: Table, items: list[dict], ids: bool) -> Table:
    """The table with an Id column first (never dropped, never cut: it is what event show takes)."""
    if ids:
        table.columns = [Col("Id"), *table.columns]
        table.rows = [[[(it["id"], "id")], *row] for it, row in zip(items, table.rows, strict=True)]
    return table


def event_rows(
    items: list[dict], snippet: bool = False, place: bool = True, killed: bool | str = False
) -> Table:
    """Events as a table; ``place=False`` leaves out the Place column (a place's own page);
    ``killed`` adds the killed figures claimed."""
    cols = [DATE, Col("Name", wrap=True, min=20), KIND, PLACE, ACTORS] + _killed_col(killed)
    rows = []
    for it in items:
        rows.append(
            [
                [(short_date(it["date"]), "date")],
                _name_cell(it, snippet),
                it["kind"],
                it["place"]["name"] if it["place"] else "—",
                ", ".join(it["actors"]),
            ]
            + ([killed_text(it.get("killed"))] if killed else [])
        )
    if not place:
        cols.pop(3)
        rows = [r[:3] + r[4:] for r in rows]
    return Table(cols, rows)


def _highlight(snippet: str) -> list[tuple[str, str]]:
    """A snippet with its matches marked « » (kept in plain text) and styled."""
    out, rest = [], re.sub(r"»(\s+)«", r"\1", snippet)  # neighbouring words as one match
    while "«" in rest and "»" in rest.split("«", 1)[1]:
        before, after = rest.split("«", 1)
        hit, rest = after.split("»", 1)
        out += [(before, "dim"), (f"«{hit}»", "match")]
    out.append((rest, "dim"))
    return out


def list_blocks(
    items: list[dict],
    title: str,
    snippet: bool = False,
    place: bool = True,
    killed: bool | str = False,
    ids: bool = False,
) -> list:
    """Events as a table under a heading with their count, or a line saying none match."""
    if not items:
        return [Para([("No matching events.", "dim")])]
    return [
        Heading(f"{title} ({len(items)})"),
        _with_ids(event_rows(items, snippet, place, killed), items, ids),
    ]


TIMELINE_COLUMNS = [
    DATE,
    Col("Event", wrap=True, min=24),
    Col("Place", cut=True, min=8, drop=1),
    Col("Source", drop=2),
]


def timeline_blocks(items: list[dict], killed: bool | str = False, ids: bool = False) -> list:
    """Events in date order, one table per year (undated last), or a line saying none match."""
    if not items:
        return [Para([("No matching events.", "dim")])]
    columns = TIMELINE_COLUMNS + _killed_col(killed)
    blocks: list = []
    year = object()
    rows: list = []
    shown: list[dict] = []
    for it in items:
        y = it["date"]["start"][:4] if it["date"]["start"] else "Undated"
        if y != year:
            if rows:
                blocks.append(_with_ids(Table(columns, rows), shown, ids))
            blocks.append(Heading(y))
            rows, year, shown = [], y, []
        shown.append(it)
        label = it["name"] + ": " if it["name"] and it["type"] != "timeline" else ""
        rows.append(
            [
                [(short_date(it["date"]), "date")],
                [(label, "title"), (it["summary"] or "", ""), (_rule_note(it["date"]), "dim")],
                it["place"]["name"] if it["place"] else "—",
                [(f"{it['source']['file']}:{it['source']['line']}", "dim")],
            ]
            + ([killed_text(it.get("killed"))] if killed else [])
        )
    if rows:
        blocks.append(_with_ids(Table(columns, rows), shown, ids))
    return blocks


def person_list_blocks(items: list[dict]) -> list:
    """People as a table: name, battles commanded, actors, whether described."""
    return [
        Heading(f"People ({len(items)})"),
        Table(
            [
                Col("Name", wrap=True, min=16),
                Col("Commanded"),
                Col("Actors", cut=True, min=12, drop=1),
                Col("Described", drop=2),
            ],
            [
                [
                    [(p["name"], "title")],
                    str(p["commanded"]),
                    ", ".join(p["actors"]),
                    "yes" if p["described"] else "",
                ]
                for p in items
            ],
        ),
    ]


def person_blocks(p: dict) -> list:
    """A person: other names, descriptions, battles commanded, sentences naming them, sources."""
    blocks: list = [Title(p["name"], "person")]
    rows: list[tuple[str, Seg]] = []
    if len(p["names"]) > 1:
        rows.append(("Also written", ", ".join(p["names"][1:])))
    rows.append(("Sources", ", ".join(p["sources"]) or [("none", "dim")]))
    blocks.append(Fields(rows))
    for d in p["descriptions"]:
        blocks.append(Para(d["text"], title=f"Description ({d['source']['file']}:{d['source']['line']})"))
    if p["commanded"]:
        blocks.append(
            Table(
                [
                    DATE,
                    Col("Commanded", wrap=True, min=16),
                    Col("Side", wrap=True, min=10, drop=3),
                    Col("Rank, fate", cut=True, min=8, drop=2),
                    Col("Source", drop=1),
                ],
                [
                    [
                        [(short_date(c["date"]), "date")],
                        [(c["name"] or c["id"], "title")],
                        f"{c['side'] or '?'}: {', '.join(c['side_actors'])}"
                        if c["side_actors"]
                        else str(c["side"] or "unclear"),
                        ", ".join(x for x in (c["rank"], c["fate"]) if x) or "—",
                        [(f"{c['source']['file']}:{c['source']['line']}", "dim")],
                    ]
                    for c in p["commanded"]
                ],
                title="Battles commanded",
            )
        )
    if p["mentions"]:
        blocks += list_blocks(p["mentions"], "Sentences naming them")
    return blocks


def actor_list_blocks(items: list[dict]) -> list:
    """Actors as a table: id, name, kind and number of events."""
    return [
        Heading(f"Actors ({len(items)})"),
        Table(
            [
                Col("Id", cut=True, min=8, drop=2),
                Col("Name", wrap=True, min=16),
                Col("Kind", cut=True, min=14, drop=1),
                Col("Events"),
            ],
            [
                [[(a["id"], "id")], a["full_name"] or a["name"], a["kind"] or "", str(a["events"])]
                for a in items
            ],
        ),
    ]


def actor_blocks(a: dict) -> list:
    """An actor: id, kind, aliases, description, allies, opponents, commanders and events."""
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
                [
                    DATE,
                    Col("Event", wrap=True, min=20),
                    Col("Side", drop=2),
                    Col("Role", cut=True, min=11, drop=1),
                ],
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
            )
        )
    if a.get("mentions_left_out"):
        n = a["mentions_left_out"]
        note = f"{n} event{'s' if n != 1 else ''} only mentioning it left out (--with-mentions lists them)."
        blocks.append(Para([(note, "dim")]))
    return blocks


def place_list_blocks(items: list[dict]) -> list:
    """Places as a table: id, names, kind, region, coordinates and number of events."""
    return [
        Heading(f"Places ({len(items)})"),
        Table(
            [
                Col("Id", cut=True, min=8, drop=3),
                Col("Name", wrap=True, min=12),
                Col("French", cut=True, min=8, drop=2),
                Col("Kind", cut=True, min=7, drop=4),
                Col("Region", cut=True, min=8, drop=1),
                Col("Coordinates", drop=5),
                Col("Events"),
            ],
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
    """A place: its names, region, country, coordinates and source, then the events there."""
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
    elsewhere = any((e["place"] or {}).get("id") != p["id"] for e in p["events"])
    blocks += list_blocks(p["events"], "Events here", place=elsewhere)
    return blocks


def db_info_blocks(info: dict) -> list:
    """The database: path, schema, build time, added folders, row counts and each source."""
    return [
        Title("malicli database", info["path"]),
        Fields(
            [
                ("Schema version", str(info["schema_version"])),
                ("Built", info["build_time"] or "unknown"),
                ("Added folders", ", ".join(info.get("source_folders") or []) or [("none", "dim")]),
            ]
        ),
        Table(["Table", "Rows"], [[k, str(v)] for k, v in info["counts"].items()]),
        Table(
            ["Source", Col("Format", drop=1), "Events", "Lines", Col("Problems", drop=2)],
            [
                [s["file"], s["format"], str(s["events"]), str(s["lines"]), str(len(s.get("problems") or []))]
                for s in info["sources"]
            ],
        ),
    ]


def build_report_blocks(rows: list[dict]) -> list:
    """db build --report: each document, its reader and why, and what it did not understand."""
    blocks: list = [Heading(f"Build report ({len(rows)} documents)")]
    for r in rows:
        if r["skipped"]:
            blocks.append(Fields([("Document", r["file"]), ("Skipped", [(r["skipped"], "warn")])]))
            continue
        fields: list = [
            ("Document", r["file"]),
            ("Reader", f"{r['reader']}: {r['why']}"),
            ("Events", str(r["events"])),
        ]
        fields += [("Problems" if i == 0 else "", [(p, "warn")]) for i, p in enumerate(r["problems"])]
        blocks.append(Fields(fields))
    return blocks


from .battle_view import battle_blocks, why_table  # noqa: E402,F401  (the view of one battle)
