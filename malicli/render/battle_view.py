"""The infobox view of one battle or event: every value with its source, and
where sources disagree, each value side by side."""

from __future__ import annotations

from .blocks import Col, Fields, Para, Seg, Side, Sides, Table, Title
from .views import DATE, RULE_NOTES, SIDE_STYLES, format_date, plural, short_date

CATEGORY_WORDS = {"killed": "killed", "wounded": "wounded", "captured": "captured", "missing": "missing"}


def _n(value: int) -> str:
    return f"{value:,}"


def figure_number(f: dict) -> str | None:
    """The number of a figure as stated: "32–49", "at least 20", "about 40"; None when vague."""
    low, high, q = f.get("low"), f.get("high"), f.get("qualifier")
    if low is None:
        return None if high is None else f"at most {_n(high)}"
    if q == "at_least" or high is None:
        return f"at least {_n(low)}"
    if q == "at_most":
        return f"at most {_n(high)}"
    number = _n(low) if low == high else f"{_n(low)}–{_n(high)}"
    return f"about {number}" if q == "approximate" else number


SINGULAR = {
    "civilians": "civilian",
    "soldiers": "soldier",
    "fighters": "fighter",
    "vehicles": "vehicle",
    "helicopters": "helicopter",
    "boats": "boat",
}
THINGS = ("vehicles", "aircraft", "helicopters", "boats", "weapons")  # what their note says happened to them


def _count_noun(word: str, number: str) -> str:
    """``word`` after ``number``: "1 civilian", "1 vehicle", "at least 1 soldier", "2 vehicles"."""
    return SINGULAR.get(word, word) if number.rsplit(" ", 1)[-1] == "1" else word


def figure_text(f: dict) -> str:
    """A figure as a reader writes it: "32–49 killed", "at least 20 wounded", "dozens killed"."""
    number = figure_number(f)
    if number is None:
        return f.get("text") or "not stated"
    category = _count_noun(f.get("category") or "", number)
    if category == "strength":
        return number
    if f.get("category") in THINGS and f.get("note"):
        return f"{number} {category} {f['note']}"  # "50 vehicles captured", "1 helicopter lost"
    who = (
        f" {_count_noun(f['population'], number)}"
        if f.get("population") in ("civilians", "soldiers", "fighters")
        else ""
    )
    if f.get("population") == "overall":
        who = " in all"
        return f"{number} {CATEGORY_WORDS.get(category, category)}{who}"
    return f"{number}{who} {CATEGORY_WORDS.get(category, category)}"


def _statements(figures: list[dict]) -> list[list[dict]]:
    """Figures grouped by statement: one source line and one claimant."""
    groups: dict[tuple, list[dict]] = {}
    for f in figures:
        key = (f["source"]["file"], f["source"]["line"], f.get("claimed_by"))
        groups.setdefault(key, []).append(f)
    return list(groups.values())


def _claim_seg(group: list[dict]) -> Seg:
    first = group[0]
    text = ", ".join(figure_text(f) for f in group)
    who = first.get("claimed_by_name") or first.get("claimed_by_text") or first.get("claimed_by")
    notes = [f"claimed by {who}" if who else "", "prose" if first.get("origin") == "prose" else ""]
    notes.append(f"{first['source']['file']}:{first['source']['line']}")
    return [(text, ""), (" — " + "; ".join(n for n in notes if n), "claim")]


def _labelled(label: str, segs: list[Seg]) -> list[tuple[str, Seg]]:
    return [(label if i == 0 else "", s) for i, s in enumerate(segs)]


def _unique(segs: list[Seg]) -> list[Seg]:
    """Segments as shown once each (several sources name the same belligerent)."""
    out: list[Seg] = []
    for seg in segs:
        if seg not in out:
            out.append(seg)
    return out


def _belligerent_seg(bel: dict, style: str) -> Seg:
    seg = [(bel["name"] or bel["as_written"], style)]
    if bel["as_written"] and bel["as_written"] != bel["name"]:
        seg.append((f" (as written: {bel['as_written']})", "dim"))
    if bel["role"] not in ("belligerent",):
        by = f" by {bel.get('claimed_by_name') or bel['claimed_by']}" if bel.get("claimed_by") else ""
        seg.append((f" — {bel['role']}{by}", "claim"))
    return seg


def _commander_seg(c: dict) -> Seg:
    name = f"{c['rank']} {c['name']}" if c.get("rank") else c["name"]
    seg = [(name, "")]
    if c.get("fate"):
        seg.append((f" ({c['fate']})", "warn"))
    return seg


def side_rows(s: dict, style: str) -> list[tuple[str, Seg]]:
    """The rows of one side: belligerents, commanders, strength and casualty claims."""
    rows = _labelled("Belligerents", _unique([_belligerent_seg(b, style) for b in s["belligerents"]]))
    rows += _labelled("Commanders", _unique([_commander_seg(c) for c in s["commanders"]]))
    rows += _labelled("Strength", [_claim_seg(g) for g in _statements(s["strength"])])
    rows += _labelled("Casualties", [_claim_seg(g) for g in _statements(s["casualties"])])
    if s.get("disputed"):
        rows.append(("", [("! the claims disagree", "warn")]))
    return rows


def _sides_block(b: dict) -> list:
    panels = []
    for s in b.get("sides", []):
        n = s["side"]
        rows = side_rows(s, SIDE_STYLES.get(n, "")) or [("Belligerents", [("not stated", "dim")])]
        panels.append(Side(f"Side {n}", SIDE_STYLES.get(n, ""), [Fields(rows)]))
    unclear = b.get("side_unclear") or {}
    on_a_side = {x["actor"] for s in b.get("sides", []) for x in s["belligerents"] if x["actor"]}
    fighting = {
        **unclear,
        "belligerents": [
            x
            for x in unclear.get("belligerents", [])
            if x["role"] != "mentioned" and x["actor"] not in on_a_side
        ],
    }
    rows = (
        side_rows(fighting, "")
        if any(fighting.get(k) for k in ("belligerents", "commanders", "strength", "casualties"))
        else []
    )
    if rows:
        panels.append(Side("Side unclear", "", [Fields(rows)]))
    return [Sides(panels)] if panels else []


def _date_seg(b: dict) -> Seg:
    seg: list[tuple[str, str]] = [(format_date(b["date"], b["status"]), "date")]
    if not b["date"].get("certain", True):
        candidates = b["date"].get("candidates") or []
        years = f": {candidates[0]}–{candidates[-1]}" if len(candidates) > 1 else ""
        seg.append((f" (year uncertain{years})", "warn"))
    elif b["date"].get("rule") in RULE_NOTES:
        seg.append((f" ({RULE_NOTES[b['date']['rule']]})", "dim"))
    return seg


def _disagreement_rows(b: dict, field: str) -> list[Seg]:
    """Each value the sources give for a field, with the sources that give it."""
    out: list[Seg] = []
    for v in b.get("disagreements", {}).get(field, []):
        where = ", ".join(f"{s['file']}:{s['line']}" for s in v["sources"])
        shown = format_date(v["date"] | {"text": v["value"]}) if field == "date" else v["value"]
        out.append([(shown, "date" if field == "date" else ""), (f" — {where}", "claim")])
    return out


def _place_seg(b: dict) -> Seg:
    p = b.get("place")
    if not p:
        return [("not stated", "dim")]
    coords = ""
    if p.get("lat") is not None:
        src = "from the document" if p.get("coordinates_from") == "document" else "gazetteer"
        coords = f"  {p['lat']:.4f}, {p['lon']:.4f} ({src})"
    note = {"from_name": " (taken from the name)", "from_text": " (taken from the text)"}.get(
        p.get("rule") or "", ""
    )
    qualifier = f"{p['qualifier']} " if p.get("qualifier") else ""
    return [(qualifier + (p["name"] or ""), ""), (note, "dim"), (coords, "dim")]


def header_rows(b: dict) -> list[tuple[str, Seg]]:
    """The labelled rows at the head of an event's view: names, battle, date, place, status, result."""
    rows: list[tuple[str, Seg]] = []
    if b.get("aliases"):
        rows.append(("Also called", "; ".join(b["aliases"])))
    if b.get("battle"):
        rows.append(("Part of battle", f"{b['battle']['name']} ({b['battle']['id']})"))
    disagreeing = _disagreement_rows(b, "part_of")
    if disagreeing:
        rows += _labelled("Part of", disagreeing)
    elif b.get("part_of"):
        rows.append(("Part of", b["part_of"]))
    for field, label, default in (("date", "Date", _date_seg(b)), ("place", "Place", _place_seg(b))):
        disagreeing = _disagreement_rows(b, field)
        if disagreeing:
            rows += _labelled(label, [[("the sources disagree:", "warn")], *disagreeing])
        else:
            rows.append((label, default))
    if b["status"] == "ongoing":
        rows.append(("Status", "ongoing"))
    elif b.get("type", "battle") == "battle":
        disagreeing = _disagreement_rows(b, "result")
        if disagreeing:
            rows += _labelled("Result", [[("the sources disagree:", "warn")], *disagreeing])
        else:
            rows.append(("Result", b["result"] if b.get("result") else [("not stated", "dim")]))
    return rows


def _refs(refs: list[tuple[str | None, int | None]], title: str) -> tuple[Col, list, str]:
    """The source column of a table: when one file holds every row, the file is named
    once in the title and each row gives its line; otherwise file:line, kept whole."""
    files = {f for f, _ in refs if f}
    one = files.pop() if len(files) == 1 else None
    cells = [
        [((str(line) if one else f"{file}:{line}") if file and line else "—", "dim")] for file, line in refs
    ]
    return (Col("Line") if one else Col("Source")), cells, f"{title} ({one})" if one else title


def _timeline_table(b: dict) -> list:
    if not b.get("events"):
        return []
    ref, cells, title = _refs([(e["source"]["file"], e["source"]["line"]) for e in b["events"]], "Timeline")
    rows = [[[(short_date(e["date"]), "date")], e["summary"] or "", c] for e, c in zip(b["events"], cells)]
    return [Table([DATE, Col("Event", wrap=True, min=20), ref], rows, title=title)]


def _related_table(b: dict) -> list:
    if not b.get("related"):
        return []
    rows = []
    for r in b["related"]:
        shared = r["shared_actors"]
        why = ["same place" if r["same_place"] else "", plural(shared, "shared actor") if shared else ""]
        rows.append([r["name"] or r["id"], [(r["date"] or "—", "date")], ", ".join(x for x in why if x)])
    return [
        Table([Col("Related battle", wrap=True, min=16), DATE, Col("Why", wrap=True, min=12, drop=1)], rows)
    ]


def _sources_rows(b: dict) -> list:
    return _labelled(
        "Sources",
        [f"{s['file']}:{s['line_start']}-{s['line_end']} ({s['role']})" for s in b.get("sources", [])],
    )


def battle_blocks(b: dict, why: bool = False) -> list:
    """Title, header fields, sides, summary, timeline, related battles, sources (and --why)."""
    kind = b["kind"] + (" — name derived from the text" if b.get("name_rule") == "derived" else "")
    if b.get("type") and b["type"] != "battle":
        kind = f"{b['type']}: {kind}"
    blocks: list = [Title(b["name"] or "(unnamed event)", kind), Fields(header_rows(b))]
    blocks += _sides_block(b)
    mentioned = [x for x in (b.get("side_unclear") or {}).get("belligerents", []) if x["role"] == "mentioned"]
    if mentioned:
        blocks.append(Fields([("Named in the text", ", ".join(sorted({x["name"] for x in mentioned})))]))
    if b.get("summary"):
        blocks.append(Para(b["summary"], title="Summary"))
    blocks += _timeline_table(b) + _related_table(b)
    blocks.append(Fields(_sources_rows(b)))
    if why:
        blocks.append(why_table(b))
    return blocks


def why_table(b: dict) -> Table:
    """Every claim about the event with its file:line and quote."""
    d, src = b["date"], b.get("source") or {}
    how = "; ".join(
        x
        for x in (d.get("rule"), "year uncertain" if not d.get("certain", True) else "", d.get("reason"))
        if x
    )
    rows: list[tuple[str, str, str | None, int | None]] = [
        (
            "date shown",
            f"{short_date(d)} — {d.get('text') or 'not stated'} ({how})",
            src.get("file"),
            src.get("line"),
        )
    ]
    for field, claims in b.get("claims", {}).items():
        for c in claims:
            src = c["source"]
            same = str(c["value"]) == (src["quote"] or "")
            rows.append(
                (field, src["quote"] if same else f"{c['value']} — {src['quote']}", src["file"], src["line"])
            )
    groups = [(f"side {s['side']}", s) for s in b.get("sides", [])]
    if b.get("side_unclear"):
        groups.append(("side unclear", b["side_unclear"]))
    for label, s in groups:
        for kind in ("belligerents", "commanders", "strength", "casualties"):
            for x in s.get(kind, []):
                src = x["source"]
                rows.append((f"{label} {kind}", src["quote"] or "", src["file"], src["line"]))
    rows = list(dict.fromkeys(rows))  # several figures read from one quote: the quote once
    ref, cells, title = _refs([(f, line) for _, _, f, line in rows], "Where each field comes from")
    return Table(
        [Col("Field"), Col("Quote", wrap=True, min=20), ref],
        [[field, quote, c] for (field, quote, _, _), c in zip(rows, cells)],
        title=title,
    )
