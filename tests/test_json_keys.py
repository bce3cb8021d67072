"""The machine-readable contract: --json, --nl and --csv output, and the keys scripts rely on."""

from __future__ import annotations

import csv
import io
import json

import pytest

KIDAL2 = "second-battle-of-kidal"

JSON_COMMANDS = [
    ("battle", "list", "--json"),
    ("battle", "show", "Second Battle of Kidal", "--json"),
    ("battle", "show", "Siege of Timbuktu", "--json"),
    ("battle", "show", "Second Battle of Kidal", "--why", "--json"),
    ("search", "--json"),
    ("search", "--actor", "JNIM", "--json"),
    ("search", "car bomb", "--json"),
    ("search", "zzzqqqxyzzy", "--json"),
    ("timeline", "--json"),
    ("actor", "list", "--json"),
    ("actor", "show", "JNIM", "--json"),
    ("place", "list", "--json"),
    ("place", "show", "Menaka", "--json"),
    ("db", "info", "--json"),
]

LIST_COMMANDS = [
    ("battle", "list"),
    ("search", "--actor", "JNIM"),
    ("search", "car bomb"),
    ("timeline", "--date", "2013"),
    ("actor", "list"),
    ("place", "list"),
]


def load(run, *args):
    r = run(*args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def need(obj: dict, keys, where: str = "") -> None:
    assert isinstance(obj, dict), f"{where}: not an object: {obj!r}"
    missing = set(keys) - set(obj)
    assert not missing, f"{where}: missing keys {sorted(missing)} in {sorted(obj)}"


def str_or_none(v) -> bool:
    return v is None or isinstance(v, str)


def int_or_none(v) -> bool:
    return v is None or (isinstance(v, int) and not isinstance(v, bool))


# ---------------------------------------------------------------- valid JSON, nothing else


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=lambda a: " ".join(a))
def test_json_is_the_whole_stdout(run, args):
    r = run(*args)
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)  # fails on any extra text before or after
    assert isinstance(data, (list, dict))
    # "JSON (indent 2) only", non-ASCII kept as is
    assert r.stdout == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_json_keeps_non_ascii(run):
    r = run("place", "show", "Menaka", "--json")
    assert "Ménaka" in r.stdout


@pytest.mark.parametrize("args", LIST_COMMANDS, ids=lambda a: " ".join(a))
def test_nl_one_object_per_line(run, args):
    items = load(run, *args, "--json")
    r = run(*args, "--nl")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert len(lines) == len(items)
    assert r.stdout == "".join(line + "\n" for line in lines)
    parsed = [json.loads(line) for line in lines]
    assert all(isinstance(p, dict) for p in parsed)
    assert parsed == items


@pytest.mark.parametrize("args", LIST_COMMANDS, ids=lambda a: " ".join(a))
def test_csv_header_and_rows(run, args):
    items = load(run, *args, "--json")
    r = run(*args, "--csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout)))
    header, body = rows[0], rows[1:]
    assert "id" in header
    assert len(header) == len(set(header))
    assert len(body) == len(items)
    assert all(len(row) == len(header) for row in body)
    dicts = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [d["id"] for d in dicts] == [i["id"] for i in items]


def test_csv_flattens_nested_fields(run):
    r = run("battle", "list", "--csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    header = set(rows[0])
    assert {
        "date_start",
        "date_end",
        "place_id",
        "place_name",
        "source_file",
        "source_line",
        "actors",
    } <= header
    kidal = next(x for x in rows if x["id"] == KIDAL2)
    assert kidal["date_start"] == "2014-05-16"
    assert "mnla" in kidal["actors"]


def test_empty_list_outputs(run):
    assert load(run, "search", "zzzqqqxyzzy", "--json") == []
    r = run("search", "zzzqqqxyzzy", "--nl")
    assert r.exit_code == 0 and r.stdout == ""
    r = run("search", "zzzqqqxyzzy", "--csv")
    assert r.exit_code == 0
    assert list(csv.DictReader(io.StringIO(r.stdout))) == []


# ---------------------------------------------------------------- battle show


def check_battle(b: dict) -> None:
    w = b.get("id", "?")
    need(
        b,
        [
            "id",
            "name",
            "kind",
            "date",
            "status",
            "place",
            "part_of",
            "result",
            "sides",
            "summary",
            "events",
            "sources",
        ],
        w,
    )
    assert isinstance(b["id"], str) and b["id"]
    assert str_or_none(b["name"]) and isinstance(b["kind"], str)
    need(b["date"], ["start", "end", "precision", "text", "rule"], f"{w}.date")
    for k in ("start", "end", "precision", "text", "rule"):
        assert str_or_none(b["date"][k]), f"{w}.date.{k}"
    assert str_or_none(b["status"])
    if b["place"] is not None:
        need(b["place"], ["id", "name", "lat", "lon"], f"{w}.place")
        for k in ("lat", "lon"):
            assert b["place"][k] is None or isinstance(b["place"][k], (int, float))
    assert str_or_none(b["part_of"]) and str_or_none(b["result"]) and str_or_none(b["summary"])
    assert isinstance(b["sides"], list)
    for s in b["sides"]:
        need(s, ["side", "belligerents", "commanders", "strength", "casualties"], f"{w}.sides[]")
        assert isinstance(s["side"], int)
        for x in s["belligerents"]:
            need(x, ["actor", "name", "as_written", "role"], f"{w}.belligerents[]")
            assert str_or_none(x["actor"]) and isinstance(x["role"], str)
        for x in s["commanders"]:
            need(x, ["name", "as_written"], f"{w}.commanders[]")
        for x in [*s["strength"], *s["casualties"]]:
            need(x, FIGURE_KEYS, f"{w}.figures[]")
            assert int_or_none(x["low"]) and int_or_none(x["high"]), f"{w}: {x}"
            assert x["qualifier"] in QUALIFIERS, f"{w}: {x['qualifier']}"
            assert isinstance(x["text"], str) and str_or_none(x["claimed_by"])
            need(x["source"], ["file", "line", "quote"], f"{w}.figures[].source")
    need(b["side_unclear"], ["belligerents", "commanders", "strength", "casualties"], f"{w}.side_unclear")
    for field, claims in b["claims"].items():
        assert field in ("name", "date", "place", "result", "part_of", "status", "coordinates"), field
        for c in claims:
            need(c, ["value", "source"], f"{w}.claims.{field}[]")
    assert isinstance(b["disagreements"], dict) and isinstance(b["aliases"], list)
    assert [s["side"] for s in b["sides"]] == sorted(s["side"] for s in b["sides"])
    assert isinstance(b["events"], list)
    for e in b["events"]:
        check_item(e)
    assert b["sources"]
    for s in b["sources"]:
        need(s, ["file", "role", "line_start", "line_end"], f"{w}.sources[]")
        assert isinstance(s["line_start"], int) and isinstance(s["line_end"], int)
        assert s["line_start"] <= s["line_end"]


FIGURE_KEYS = [
    "category",
    "population",
    "low",
    "high",
    "qualifier",
    "text",
    "claimed_by",
    "claimed_by_text",
    "origin",
    "source",
]
QUALIFIERS = ("exact", "approximate", "at_least", "at_most", "vague", "unknown")


def test_battle_show_keys(run):
    check_battle(load(run, "battle", "show", "Second Battle of Kidal", "--json"))


def test_battle_show_keys_every_battle(run):
    battles = load(run, "battle", "list", "--json")
    assert len(battles) >= 5
    for item in battles:
        b = load(run, "battle", "show", item["id"], "--json")
        assert b["id"] == item["id"]
        check_battle(b)


def test_battle_show_kidal_values(run):
    b = load(run, "battle", "show", "Second Battle of Kidal", "--json")
    assert (b["date"]["start"], b["date"]["end"], b["date"]["precision"]) == (
        "2014-05-16",
        "2014-05-21",
        "day",
    )
    assert b["place"]["id"] == "kidal"
    sides = {s["side"]: s for s in b["sides"]}
    assert set(sides) == {1, 2}
    assert "mali" in [x["actor"] for x in sides[1]["belligerents"]]
    assert "mnla" in [x["actor"] for x in sides[2]["belligerents"]]
    assert b["sources"][0]["file"] == "second-battle-of-kidal-mirror.txt"


# ---------------------------------------------------------------- list items


def check_item(i: dict, snippet: bool = False) -> None:
    w = i.get("id", "?")
    keys = ["id", "name", "kind", "date", "status", "place", "actors", "summary", "source"]
    need(i, keys + (["snippet"] if snippet else []), w)
    need(i["date"], ["start", "end", "precision", "text"], f"{w}.date")
    if i["place"] is not None:
        need(i["place"], ["id", "name"], f"{w}.place")
        assert isinstance(i["place"]["id"], str)
    assert isinstance(i["actors"], list) and all(isinstance(a, str) for a in i["actors"])
    need(i["source"], ["file", "line"], f"{w}.source")
    assert isinstance(i["source"]["file"], str)
    assert int_or_none(i["source"]["line"])
    if snippet:
        assert isinstance(i["snippet"], str) and i["snippet"]


@pytest.mark.parametrize(
    "args",
    [
        ("battle", "list"),
        ("battle", "list", "--status", "ongoing"),
        ("search",),
        ("search", "--limit", "1000"),
        ("search", "--actor", "JNIM"),
        ("timeline",),
        ("timeline", "--place", "Kidal"),
    ],
    ids=lambda a: " ".join(a),
)
def test_list_item_keys(run, args):
    items = load(run, *args, "--json")
    assert isinstance(items, list) and items
    for i in items:
        check_item(i)


@pytest.mark.parametrize("text", ["car bomb", "Timbuktu", "JNIM"])
def test_search_text_items_have_snippet(run, text):
    items = load(run, "search", text, "--json")
    assert items
    for i in items:
        check_item(i, snippet=True)


def test_place_show_events_are_items(run):
    p = load(run, "place", "show", "Tombouctou", "--json")
    need(p, ["id", "name", "name_fr", "kind", "region", "country", "lat", "lon", "names", "events"])
    assert p["events"]
    for i in p["events"]:
        check_item(i)


# ---------------------------------------------------------------- actors, places, db


def test_actor_show_keys(run):
    a = load(run, "actor", "show", "JNIM", "--json")
    need(a, ["id", "name", "full_name", "kind", "aliases", "description", "events"])
    assert isinstance(a["aliases"], list) and all(isinstance(x, str) for x in a["aliases"])
    assert str_or_none(a["description"])
    assert a["events"]
    for e in a["events"]:
        need(e, ["id", "name", "date", "side", "role"], f"actor.events[{e.get('id')}]")
        assert isinstance(e["date"], dict)
        need(e["date"], ["start", "end", "precision", "text"])
        assert int_or_none(e["side"])
        assert isinstance(e["role"], str)


@pytest.mark.parametrize("name", ["MNLA", "Mali", "Wagner Group"])
def test_actor_show_keys_others(run, name):
    a = load(run, "actor", "show", name, "--json")
    need(a, ["id", "name", "full_name", "kind", "aliases", "description", "events"])


def test_actor_list_keys(run):
    for a in load(run, "actor", "list", "--json"):
        need(a, ["id", "name", "full_name", "kind", "events"], a.get("id", "?"))
        assert isinstance(a["events"], int)


def test_place_list_keys(run):
    for p in load(run, "place", "list", "--json"):
        need(p, ["id", "name", "name_fr", "kind", "region", "lat", "lon", "events"], p.get("id", "?"))


def test_db_info_keys(run):
    info = load(run, "db", "info", "--json")
    need(info, ["path", "schema_version", "build_time", "counts", "sources"])
    assert isinstance(info["counts"], dict)
    assert all(isinstance(v, int) for v in info["counts"].values())
    for s in info["sources"]:
        need(s, ["file", "format", "events", "lines"], s.get("file", "?"))
