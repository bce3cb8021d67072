"""The command line as a user sees it: every command and option, through CliRunner,
against the database built once from the shipped seeds (see conftest.py)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent / "docs"

KIDAL2 = "second-battle-of-kidal"
TIMBUKTU2 = "second-battle-of-timbuktu"
SIEGE = "siege-of-timbuktu"
BER = "battle-of-ber"
DIOURA = "raid-on-dioura"


def ok(result):
    assert result.exit_code == 0, (
        f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    return result


def as_json(result):
    return json.loads(ok(result).stdout)


def ids(items) -> set[str]:
    return {i["id"] for i in items}


def overlaps(item: dict, lo: str, hi: str) -> bool:
    d = item["date"]
    if not d["start"]:
        return False
    start, end = d["start"], d["end"] or ("9999-12-31" if item.get("status") == "ongoing" else d["start"])
    if not d.get("certain", True):  # a year the text leaves open: every candidate year counts
        years = d["candidates"]
        start, end = f"{min(years):04d}{start[4:]}", f"{max(years):04d}{end[4:]}"
    return start <= hi and end >= lo


# ---------------------------------------------------------------- help, version, paths

COMMANDS = [
    [],
    ["battle"],
    ["battle", "list"],
    ["battle", "show"],
    ["search"],
    ["timeline"],
    ["actor"],
    ["actor", "list"],
    ["actor", "show"],
    ["place"],
    ["place", "list"],
    ["place", "show"],
    ["db"],
    ["db", "build"],
    ["db", "info"],
    ["db", "path"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "malicli")
def test_help_has_examples(run, command):
    r = ok(run(*command, "--help"))
    assert "Example" in r.stdout
    assert r.stdout.startswith("Usage: ")


def test_short_help_flag(run):
    assert "Example" in ok(run("-h")).stdout


def test_root_help_lists_commands_and_exit_codes(run):
    out = ok(run("--help")).stdout
    for name in ("battle", "search", "timeline", "actor", "place", "db"):
        assert name in out
    assert "Exit codes" in out and "130" in out


def test_version(run):
    from malicli import __version__

    r = ok(run("--version"))
    assert __version__ in r.stdout
    assert "malicli" in r.stdout


def test_db_path_follows_env(run, db):
    assert ok(run("db", "path")).stdout.strip() == str(db)


def test_db_path_option_wins(run, tmp_path):
    target = tmp_path / "elsewhere.db"
    assert ok(run("db", "path", "--db", str(target))).stdout.strip() == str(target)
    assert ok(run("--db", str(target), "db", "path")).stdout.strip() == str(target)


def test_db_path_default_is_xdg(run, tmp_path):
    r = ok(run("db", "path", env={"MALICLI_DB": None}))
    assert r.stdout.strip() == str(tmp_path / "xdg" / "malicli" / "malicli.db")
    assert not (tmp_path / "xdg" / "malicli" / "malicli.db").exists()  # db path does not build


# ---------------------------------------------------------------- battle list


def test_battle_list_text(run):
    out = ok(run("battle", "list")).stdout
    assert "Second Battle of Kidal" in out
    assert "Siege of Timbuktu" in out
    assert "Battles (" in out


def test_battle_list_only_battles_in_date_order(run):
    items = as_json(run("battle", "list", "--json"))
    assert {KIDAL2, TIMBUKTU2, SIEGE, BER, DIOURA} <= ids(items)
    assert all(i["type"] == "battle" for i in items)
    dated = [i["date"]["start"] for i in items if i["date"]["start"]]
    assert dated == sorted(dated)
    # undated battles come last
    seen_undated = False
    for i in items:
        if not i["date"]["start"]:
            seen_undated = True
        else:
            assert not seen_undated, "a dated battle after an undated one"


def test_battle_list_year(run):
    items = as_json(run("battle", "list", "--year", "2023", "--json"))
    assert {SIEGE, BER} <= ids(items)
    assert KIDAL2 not in ids(items)
    assert all(overlaps(i, "2023-01-01", "2023-12-31") for i in items)


def test_battle_list_actor(run):
    items = as_json(run("battle", "list", "--actor", "JNIM", "--json"))
    assert {SIEGE, BER, DIOURA} <= ids(items)
    assert all("jnim" in i["actors"] for i in items)


def test_battle_list_actor_repeatable_all_must_hold(run):
    mnla = ids(as_json(run("battle", "list", "--actor", "MNLA", "--json")))
    mali = ids(as_json(run("battle", "list", "--actor", "Mali", "--json")))
    both = as_json(run("battle", "list", "--actor", "MNLA", "--actor", "Mali", "--json"))
    assert ids(both) == mnla & mali
    assert KIDAL2 in ids(both)
    assert all({"mnla", "mali"} <= set(i["actors"]) for i in both)


def test_battle_list_place_french_name(run):
    items = as_json(run("battle", "list", "--place", "Tombouctou", "--json"))
    assert {TIMBUKTU2, SIEGE} <= ids(items)
    assert all(i["place"] and i["place"]["id"] == "timbuktu" for i in items)
    assert ids(items) == ids(as_json(run("battle", "list", "--place", "Timbuktu", "--json")))


def test_battle_list_kind(run):
    items = as_json(run("battle", "list", "--kind", "siege", "--json"))
    assert SIEGE in ids(items)
    assert all(i["kind"] == "siege" for i in items)
    raids = as_json(run("battle", "list", "--kind", "raid", "--json"))
    assert DIOURA in ids(raids) and all(i["kind"] == "raid" for i in raids)


def test_battle_list_status(run):
    ongoing = as_json(run("battle", "list", "--status", "ongoing", "--json"))
    ended = as_json(run("battle", "list", "--status", "ended", "--json"))
    assert SIEGE in ids(ongoing)
    assert all(i["status"] == "ongoing" for i in ongoing)
    assert KIDAL2 in ids(ended) and SIEGE not in ids(ended)
    assert all(i["status"] == "ended" for i in ended)


def test_battle_list_sort_name(run):
    items = as_json(run("battle", "list", "--sort", "name", "--json"))
    names = [i["name"] for i in items]
    assert names == sorted(names, key=str.casefold)
    assert ids(items) == ids(as_json(run("battle", "list", "--sort", "date", "--json")))


def test_battle_list_limit(run):
    everything = as_json(run("battle", "list", "--json"))
    first = as_json(run("battle", "list", "--limit", "3", "--json"))
    assert [i["id"] for i in first] == [i["id"] for i in everything[:3]]


def test_battle_list_csv(run):
    items = as_json(run("battle", "list", "--json"))
    out = ok(run("battle", "list", "--csv")).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    assert {"id", "name", "kind", "status"} <= set(rows[0])


def test_battle_list_nl(run):
    items = as_json(run("battle", "list", "--json"))
    lines = ok(run("battle", "list", "--nl")).stdout.splitlines()
    assert [json.loads(line) for line in lines] == items


def test_battle_list_combined_filters(run):
    items = as_json(
        run(
            "battle",
            "list",
            "--year",
            "2014",
            "--actor",
            "MNLA",
            "--place",
            "Kidal",
            "--kind",
            "battle",
            "--status",
            "ended",
            "--json",
        )
    )
    assert ids(items) == {KIDAL2}


# ---------------------------------------------------------------- battle show


def test_battle_show_text(run):
    out = ok(run("battle", "show", "Second Battle of Kidal")).stdout
    assert out.startswith("Second Battle of Kidal")
    for expected in (
        "16–21 May 2014",
        "Kidal",
        "MNLA",
        "Side 1",
        "Side 2",
        "second-battle-of-kidal-mirror.txt",
    ):
        assert expected in out


def test_battle_show_json_acceptance(run):
    b = as_json(run("battle", "show", "Second Battle of Kidal", "--json"))
    assert b["id"] == KIDAL2
    assert b["date"]["start"] == "2014-05-16"
    side2 = next(s for s in b["sides"] if s["side"] == 2)
    assert "mnla" in [x["actor"] for x in side2["belligerents"]]


@pytest.mark.parametrize(
    "name", ["second battle of kidal", "SECOND BATTLE OF KIDAL", "  Second   Battle of Kidal ", KIDAL2]
)
def test_battle_show_resolves_any_case(run, name):
    assert as_json(run("battle", "show", name, "--json"))["id"] == KIDAL2


def test_battle_show_accents_optional(run):
    a = as_json(run("battle", "show", "Battle of Anefis (May 2013)", "--json"))
    assert a["name"] == "Battle of Anéfis (May 2013)"


def test_battle_show_typo_suggests(run):
    r = run("battle", "show", "Second Battle of Kidl")
    assert r.exit_code == 3
    assert r.stdout == ""
    assert "Second Battle of Kidal" in r.stderr
    assert "Did you mean" in r.stderr


@pytest.mark.parametrize(
    "name,candidates",
    [
        ("Battle of", ["Battle of Ber", "Battle of Gao"]),
        ("Timbuktu", ["Second Battle of Timbuktu", "Siege of Timbuktu"]),
        ("Second", ["Second Battle of Kidal", "Second Battle of Timbuktu"]),
        ("Anefis", ["Battle of Anéfis (May 2013)", "Clashes at Anéfis (June 2013)"]),
    ],
)
def test_battle_show_ambiguous(run, name, candidates):
    r = run("battle", "show", name)
    assert r.exit_code == 4
    assert r.stdout == ""
    assert "Candidates" in r.stderr
    for c in candidates:
        assert c in r.stderr


def test_battle_show_why(run):
    out = ok(run("battle", "show", "Second Battle of Kidal", "--why")).stdout
    assert "Where each field comes from" in out
    assert "second-battle-of-kidal-mirror.txt:" in out
    plain = ok(run("battle", "show", "Second Battle of Kidal")).stdout
    assert "Where each field comes from" not in plain


def test_battle_show_why_json_is_the_same_json(run):
    a = as_json(run("battle", "show", KIDAL2, "--json"))
    b = as_json(run("battle", "show", KIDAL2, "--json", "--why"))
    assert a == b


def test_battle_show_ongoing_siege(run):
    b = as_json(run("battle", "show", "Siege of Timbuktu", "--json"))
    assert b["status"] == "ongoing"
    assert b["date"]["start"] == "2023-08-08"
    assert b["date"]["end"] is None
    assert "ongoing since" in ok(run("battle", "show", "Siege of Timbuktu")).stdout


# ---------------------------------------------------------------- search


def test_search_actor_jnim(run):
    items = as_json(run("search", "--actor", "JNIM", "--json"))
    assert {SIEGE, BER, DIOURA} <= ids(items)
    named = [i for i in items if i["type"] == "timeline" and "JNIM" in (i["summary"] or "")]
    assert named, "no timeline event naming JNIM"
    assert all("jnim" in i["actors"] for i in items)


@pytest.mark.parametrize(
    "alias",
    ["Group for the Support of Islam and Muslims", "GSIM", "jnim", "Jama'at Nasr al-Islam wal Muslimin"],
)
def test_search_actor_aliases_same_set(run, alias):
    base = ids(as_json(run("search", "--actor", "JNIM", "--limit", "1000", "--json")))
    assert ids(as_json(run("search", "--actor", alias, "--limit", "1000", "--json"))) == base


def test_search_actor_repeatable(run):
    both = as_json(run("search", "--actor", "JNIM", "--actor", "Wagner Group", "--limit", "1000", "--json"))
    assert {SIEGE, BER} <= ids(both)
    assert DIOURA not in ids(both)
    assert all({"jnim", "wagner"} <= set(i["actors"]) for i in both)


def test_search_date_day(run):
    items = as_json(run("search", "--date", "2013-03-31", "--json"))
    assert TIMBUKTU2 in ids(items)
    assert all(overlaps(i, "2013-03-31", "2013-03-31") for i in items)


def test_search_date_month_holds_ongoing_siege(run):
    items = as_json(run("search", "--date", "2023-09", "--limit", "1000", "--json"))
    assert SIEGE in ids(items)
    siege = next(i for i in items if i["id"] == SIEGE)
    assert siege["status"] == "ongoing"
    assert all(overlaps(i, "2023-09-01", "2023-09-30") for i in items)


def test_search_actor_and_year(run):
    items = as_json(run("search", "--actor", "MNLA", "--date", "2014", "--json"))
    assert KIDAL2 in ids(items)
    assert all("mnla" in i["actors"] and overlaps(i, "2014-01-01", "2014-12-31") for i in items)


@pytest.mark.parametrize(
    "forms",
    [
        ("2013-03", "March 2013"),
        ("2013-03-31", "31 March 2013"),
    ],
)
def test_search_date_forms_agree(run, forms):
    results = [ids(as_json(run("search", "--date", f, "--limit", "1000", "--json"))) for f in forms]
    assert results[0] == results[1]
    assert TIMBUKTU2 in results[0]


@pytest.mark.parametrize(
    "date,lo,hi",
    [
        ("2013", "2013-01-01", "2013-12-31"),
        ("2013-03", "2013-03-01", "2013-03-31"),
        ("2013-03-31", "2013-03-31", "2013-03-31"),
        ("March 2013", "2013-03-01", "2013-03-31"),
        ("31 March 2013", "2013-03-31", "2013-03-31"),
    ],
)
def test_search_date_accepted_forms(run, date, lo, hi):
    items = as_json(run("search", "--date", date, "--limit", "1000", "--json"))
    assert TIMBUKTU2 in ids(items)
    assert all(overlaps(i, lo, hi) for i in items)


def test_search_year_is_wider_than_month(run):
    year = ids(as_json(run("search", "--date", "2013", "--limit", "1000", "--json")))
    month = ids(as_json(run("search", "--date", "2013-03", "--limit", "1000", "--json")))
    assert month < year


def test_search_from_to(run):
    items = as_json(run("search", "--from", "2013-03", "--to", "2013-04", "--limit", "1000", "--json"))
    assert TIMBUKTU2 in ids(items)
    assert all(overlaps(i, "2013-03-01", "2013-04-30") for i in items)
    later = as_json(run("search", "--from", "2023-01", "--limit", "1000", "--json"))
    assert SIEGE in ids(later)
    assert all(overlaps(i, "2023-01-01", "9999-12-31") for i in later)
    earlier = as_json(run("search", "--to", "2012-02", "--limit", "1000", "--json"))
    assert earlier and all(overlaps(i, "0001-01-01", "2012-02-29") for i in earlier)


def test_search_place(run):
    items = as_json(run("search", "--place", "Tombouctou", "--date", "2013-03", "--json"))
    assert TIMBUKTU2 in ids(items)
    assert all(i["place"] and i["place"]["id"] == "timbuktu" for i in items)


def test_search_kind(run):
    items = as_json(run("search", "--kind", "siege", "--limit", "1000", "--json"))
    assert SIEGE in ids(items)
    assert all(i["kind"] == "siege" for i in items)


def test_search_limit(run):
    assert len(as_json(run("search", "--limit", "5", "--json"))) == 5
    assert len(as_json(run("search", "--json"))) == 50  # the default


def test_search_text_has_snippets(run):
    items = as_json(run("search", "car bomb", "--json"))
    assert items
    for i in items:
        assert "snippet" in i
        assert "car" in i["snippet"].lower() and "bomb" in i["snippet"].lower()


def test_search_text_output(run):
    out = ok(run("search", "car bomb")).stdout
    assert "Results (" in out
    assert "car bomb" in out.lower()


def test_search_csv_and_nl_match_json(run):
    items = as_json(run("search", "--actor", "JNIM", "--json"))
    rows = list(csv.DictReader(io.StringIO(ok(run("search", "--actor", "JNIM", "--csv")).stdout)))
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    nl = [json.loads(x) for x in ok(run("search", "--actor", "JNIM", "--nl")).stdout.splitlines()]
    assert nl == items


def test_search_no_hits(run):
    r = ok(run("search", "zzzqqqxyzzy", "--json"))
    assert json.loads(r.stdout) == []
    r = ok(run("search", "zzzqqqxyzzy"))
    assert "No matching events" in r.stdout
    assert json.loads(ok(run("search", "--date", "1990", "--json")).stdout) == []


def test_search_punctuation_only_is_no_hits(run):
    assert json.loads(ok(run("search", "!!!", "--json")).stdout) == []


def test_search_unknown_actor(run):
    r = run("search", "--actor", "Nobody")
    assert r.exit_code == 3
    assert r.stdout == ""
    assert "Nobody" in r.stderr
    assert "actor list" in r.stderr  # a way forward


def test_search_unknown_actor_without_near_names_gives_a_hint(run):
    r = run("search", "--actor", "Nobody")
    assert r.exit_code == 3
    assert r.stdout == ""
    assert "no actor named 'Nobody'" in r.stderr
    assert "Hint: list them with: malicli actor list" in r.stderr


def test_search_near_miss_actor_suggests(run):
    r = run("search", "--actor", "MNLAA")
    assert r.exit_code == 3
    assert "Did you mean" in r.stderr and '"MNLA"' in r.stderr


# ---------------------------------------------------------------- timeline


def test_timeline_grouped_by_year(run):
    out = ok(run("timeline", "--from", "2013-09", "--to", "2014-06")).stdout
    lines = out.splitlines()
    for year in ("2013", "2014"):
        assert year in lines, f"no heading for {year}"
        assert lines[lines.index(year) + 1].startswith("----")
    assert lines.index("2013") < lines.index("2014")
    assert "Second Battle of Kidal" in out


def test_timeline_json_dated_in_order(run):
    items = as_json(run("timeline", "--json"))
    starts = [i["date"]["start"] for i in items]
    assert all(starts)
    assert starts == sorted(starts)


def test_timeline_filters(run):
    items = as_json(run("timeline", "--actor", "JNIM", "--json"))
    assert {SIEGE, BER, DIOURA} <= ids(items)
    assert all("jnim" in i["actors"] for i in items)
    dated = as_json(run("timeline", "--date", "2013-03", "--json"))
    assert TIMBUKTU2 in ids(dated)
    assert all(overlaps(i, "2013-03-01", "2013-03-31") for i in dated)
    ranged = as_json(run("timeline", "--from", "2014-05", "--to", "2014-05", "--json"))
    assert KIDAL2 in ids(ranged)
    placed = as_json(run("timeline", "--place", "Kidal", "--json"))
    assert placed and all("kidal" in [(i["place"] or {}).get("id"), *i["other_places"]] for i in placed)
    assert any(i["place"]["id"] != "kidal" for i in placed)  # an event at Kidal among other places
    kinds = as_json(run("timeline", "--kind", "siege", "--json"))
    assert SIEGE in ids(kinds) and all(i["kind"] == "siege" for i in kinds)
    assert len(as_json(run("timeline", "--limit", "4", "--json"))) == 4


def test_timeline_csv_nl(run):
    items = as_json(run("timeline", "--date", "2014", "--json"))
    rows = list(csv.DictReader(io.StringIO(ok(run("timeline", "--date", "2014", "--csv")).stdout)))
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    nl = ok(run("timeline", "--date", "2014", "--nl")).stdout.splitlines()
    assert [json.loads(x)["id"] for x in nl] == [i["id"] for i in items]


def test_timeline_empty(run):
    r = ok(run("timeline", "--date", "1990"))
    assert "No matching events" in r.stdout


# ---------------------------------------------------------------- actors


def test_actor_list(run):
    out = ok(run("actor", "list")).stdout
    assert "Actors (" in out and "jnim" in out
    items = as_json(run("actor", "list", "--json"))
    assert {"jnim", "mnla", "mali"} <= ids(items)
    rows = list(csv.DictReader(io.StringIO(ok(run("actor", "list", "--csv")).stdout)))
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    nl = ok(run("actor", "list", "--nl")).stdout.splitlines()
    assert len(nl) == len(items)


@pytest.mark.parametrize("name", ["JNIM", "GSIM", "Group for the Support of Islam and Muslims", "jnim"])
def test_actor_show_aliases(run, name):
    a = as_json(run("actor", "show", name, "--json"))
    assert a["id"] == "jnim"
    assert "GSIM" in a["aliases"]
    assert {SIEGE, BER, DIOURA} <= {e["id"] for e in a["events"]}


def test_actor_show_text(run):
    out = ok(run("actor", "show", "MNLA")).stdout
    assert "National Movement for the Liberation of Azawad" in out
    assert "Second Battle of Kidal" in out


def test_actor_show_unknown(run):
    r = run("actor", "show", "Nobody")
    assert r.exit_code == 3 and r.stdout == ""


# ---------------------------------------------------------------- places


def test_place_list(run):
    out = ok(run("place", "list")).stdout
    assert "Places (" in out and "Timbuktu" in out and "Tombouctou" in out
    items = as_json(run("place", "list", "--json"))
    timbuktu = next(p for p in items if p["id"] == "timbuktu")
    assert timbuktu["name_fr"] == "Tombouctou"
    rows = list(csv.DictReader(io.StringIO(ok(run("place", "list", "--csv")).stdout)))
    assert [r["id"] for r in rows] == [p["id"] for p in items]
    assert len(ok(run("place", "list", "--nl")).stdout.splitlines()) == len(items)


def test_place_show_french_name(run):
    p = as_json(run("place", "show", "Tombouctou", "--json"))
    assert p["name"] == "Timbuktu"
    assert p["id"] == "timbuktu"
    assert SIEGE in ids(p["events"])


def test_place_show_without_accent(run):
    assert as_json(run("place", "show", "Menaka", "--json"))["name"] == "Ménaka"


def test_place_show_text(run):
    out = ok(run("place", "show", "Tombouctou")).stdout
    assert out.startswith("Timbuktu")
    assert "Tombouctou" in out


def test_place_show_typo_suggests(run):
    r = run("place", "show", "Tombuktu")
    assert r.exit_code == 3 and r.stdout == ""
    assert "Timbuktu" in r.stderr


# ---------------------------------------------------------------- db


def test_db_info(run, db):
    out = ok(run("db", "info")).stdout
    assert str(db) in out
    info = as_json(run("db", "info", "--json"))
    assert info["path"] == str(db)
    assert info["schema_version"] >= 1
    assert info["counts"]["events"] > 0
    files = {s["file"] for s in info["sources"]}
    assert "second-battle-of-kidal-mirror.txt" in files


def test_db_build_with_source(run, tmp_path):
    src = tmp_path / "docs"
    shutil.copytree(DOCS, src)
    target = tmp_path / "built" / "mine.db"
    r = ok(run("db", "build", "--db", str(target), "--source", str(src)))
    assert r.stdout == ""
    assert "built" in r.stderr
    assert target.exists()

    info = as_json(run("--db", str(target), "db", "info", "--json"))
    files = {s["file"] for s in info["sources"]}
    assert {p.name for p in DOCS.glob("*.txt")} <= files
    assert "second-battle-of-kidal-mirror.txt" in files

    konna = as_json(run("--db", str(target), "battle", "show", "Battle of Konna", "--json"))
    assert konna["date"]["start"] == "2013-01-10"
    assert konna["sources"][0]["file"] == "konna-infobox.txt"
    # the shared session database does not know the extra document
    assert run("battle", "show", "Battle of Konna").exit_code == 3


def test_db_build_missing_source_dir(run, tmp_path):
    r = run("db", "build", "--db", str(tmp_path / "x.db"), "--source", str(tmp_path / "missing"))
    assert r.exit_code in (1, 2)
    assert r.stdout == ""
    assert not (tmp_path / "x.db").exists()


def test_first_use_builds_the_database(run, tmp_path):
    target = tmp_path / "fresh.db"
    r = ok(run("--db", str(target), "battle", "show", KIDAL2, "--json"))
    assert json.loads(r.stdout)["id"] == KIDAL2
    assert target.exists()
    assert "building" in r.stderr


# ---------------------------------------------------------------- colour


def test_no_escape_codes_when_not_a_tty(run):
    r = ok(run("battle", "list"))
    assert "\x1b" not in r.stdout
    r = ok(run("battle", "show", "Second Battle of Kidal"))
    assert "\x1b" not in r.stdout


def test_no_color(run):
    r = ok(run("battle", "list", env={"NO_COLOR": "1", "FORCE_COLOR": None}))
    assert "\x1b" not in r.stdout
    assert "Second Battle of Kidal" in r.stdout


def test_term_dumb(run):
    r = ok(run("battle", "list", env={"TERM": "dumb"}))
    assert "\x1b" not in r.stdout


def test_force_color(run):
    r = ok(run("battle", "list", env={"FORCE_COLOR": "1"}))
    assert "\x1b[" in r.stdout
    assert "Battles (" in r.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("battle", "list", "--json"),
        ("battle", "show", KIDAL2, "--json"),
        ("search", "--json"),
        ("timeline", "--json"),
        ("actor", "show", "JNIM", "--json"),
        ("db", "info", "--json"),
        ("search", "--actor", "JNIM", "--csv"),
        ("search", "--actor", "JNIM", "--nl"),
    ],
)
def test_machine_output_never_coloured(run, args):
    r = ok(run(*args, env={"FORCE_COLOR": "1"}))
    assert "\x1b" not in r.stdout


@pytest.mark.parametrize(
    "args,first",
    [
        (["search", "--date", "1990", "--csv"], "id,name,name_rule,type,kind,date_start"),
        (["battle", "list", "--year", "1990", "--csv"], "id,name,name_rule,type,kind,date_start"),
        (["timeline", "--date", "1990", "--csv"], "id,name,name_rule,type,kind,date_start"),
    ],
)
def test_empty_csv_prints_its_header(run, args, first):
    r = run(*args)
    assert r.exit_code == 0
    assert r.stdout.splitlines() == [r.stdout.strip()] and r.stdout.startswith(first)


def test_csv_header_is_the_same_with_or_without_rows(run):
    empty = run("search", "--date", "1990", "--csv").stdout.splitlines()[0]
    full = run("search", "--date", "2013", "--csv").stdout.splitlines()[0]
    assert empty == full
    assert ",place," not in full and "place_id,place_name" in full  # a null place adds no column


def test_actor_and_place_csv_headers(run):
    assert run("actor", "list", "--csv").stdout.startswith("id,name,full_name,kind,events\n")
    assert run("place", "list", "--csv").stdout.startswith("id,name,name_fr,kind,region,country,lat,lon")


# ---------------------------------------------------------------- dates on the command line

QUERY_DATES = json.loads((Path(__file__).parent / "data" / "query_dates.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", QUERY_DATES, ids=lambda c: c["text"] or "empty")
def test_query_dates(case):
    from malicli.exitcodes import ExitCode, MalicliError
    from malicli.query import parse_query_date

    if "range" in case:
        assert list(parse_query_date(case["text"])) == case["range"]
        return
    with pytest.raises(MalicliError) as exc:
        parse_query_date(case["text"])
    assert exc.value.code == ExitCode.USAGE
    said = f"{exc.value.message} {exc.value.hint or ''}"
    for name in case["names"]:
        assert name in said, said


@pytest.mark.parametrize("option", ["--date", "--from", "--to"])
@pytest.mark.parametrize(
    "text,named", [("spring 2013", "'spring'"), ("Q1 2013", "'Q1'"), ("1/2/2013", "2013-02-01")]
)
def test_unknown_date_words_are_a_usage_error(run, option, text, named):
    r = run("search", option, text, "--json")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert named in r.stderr


def test_french_month_on_the_command_line(run):
    french = ids(as_json(run("search", "--date", "17 mai 2014", "--json")))
    iso = ids(as_json(run("search", "--date", "2014-05-17", "--json")))
    assert french == iso and french


# ---------------------------------------------------------------- names typed by a person

NAME_CASES = json.loads((Path(__file__).parent / "data" / "name_lookup.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", NAME_CASES, ids=lambda c: f"{c['what']}:{c['name']}")
def test_name_lookup(run, case):
    r = run(case["what"], "show", case["name"], "--json")
    if case["expect"] == "not_found":
        assert r.exit_code == 3, r.stdout[:200]
        assert r.stdout == ""
        for near in case.get("suggests", []):
            assert f'"{near}"' in r.stderr.split("Did you mean:")[1].splitlines()[0], r.stderr
    elif case["expect"] == "ambiguous":
        assert r.exit_code == 4, r.stdout[:200]
    else:
        assert r.exit_code == 0, r.stderr
        assert json.loads(r.stdout)["id"] == case["expect"]
