"""Lists a researcher can trust: nothing cut silently (--limit, --offset, a note on stderr
in every format), one set of filters on battle list, search and timeline, text search with
several words, prefixes, stems and aliases, casualties in lists, and people."""

from __future__ import annotations

import csv
import io
import json

import pytest

LISTS = [["battle", "list"], ["search"], ["timeline"]]


def items(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ids(result) -> list[str]:
    return [i["id"] for i in items(result)]


# ---------------------------------------------------------------- nothing cut silently


@pytest.mark.parametrize("fmt", ["--json", "--csv", "--nl", None])
def test_a_limit_that_cuts_is_reported_on_stderr_in_every_format(run, fmt):
    full = run("search", "--date", "2013", "--limit", "1000", "--json")
    total = len(items(full))
    assert total > 50
    r = run("search", "--date", "2013", *([fmt] if fmt else []))
    assert r.exit_code == 0
    assert f"showing 50 of {total} (use --limit or --offset)" in r.stderr
    if fmt == "--json":
        assert isinstance(json.loads(r.stdout), list) and len(json.loads(r.stdout)) == 50
    if fmt == "--csv":
        assert len(list(csv.DictReader(io.StringIO(r.stdout)))) == 50


def test_no_note_when_nothing_is_cut(run):
    r = run("search", "--date", "2013-03", "--json")
    assert r.exit_code == 0 and r.stderr == ""


def test_offset_pages_through_the_results(run):
    everything = ids(run("search", "--date", "2013", "--limit", "1000", "--json"))
    first = run("search", "--date", "2013", "--limit", "20", "--json")
    second = run("search", "--date", "2013", "--limit", "20", "--offset", "20", "--json")
    assert ids(first) + ids(second) == everything[:40]
    assert f"showing 21–40 of {len(everything)}" in second.stderr
    last = run("search", "--date", "2013", "--offset", str(len(everything) - 2), "--json")
    assert ids(last) == everything[-2:]


@pytest.mark.parametrize("args", LISTS, ids=" ".join)
def test_every_list_takes_limit_and_offset(run, args):
    r = run(*args, "--limit", "2", "--offset", "1", "--json")
    assert len(items(r)) == 2 and "showing 2–3 of" in r.stderr


# ---------------------------------------------------------------- one set of filters

FILTER_ARGS = [
    ["--year", "2013"],
    ["--date", "2013"],
    ["--from", "2013", "--to", "2013"],
    ["--actor", "MNLA"],
    ["--place", "Kidal"],
    ["--kind", "battle"],
    ["--status", "ended"],
    ["--commander", "Iyad Ag Ghaly"],
    ["--min-killed", "10"],
]


@pytest.mark.parametrize("args", LISTS, ids=" ".join)
@pytest.mark.parametrize("filter_args", FILTER_ARGS, ids=lambda a: a[0])
def test_the_same_filters_everywhere(run, args, filter_args):
    r = run(*args, *filter_args, "--limit", "1000", "--json")
    assert r.exit_code == 0, r.stderr


def test_year_and_date_mean_the_same(run):
    for args in LISTS:
        by_year = ids(run(*args, "--year", "2013", "--limit", "1000", "--json"))
        by_date = ids(run(*args, "--date", "2013", "--limit", "1000", "--json"))
        assert by_year == by_date, args


def test_battle_list_filters_agree_with_search(run):
    battles = ids(run("battle", "list", "--actor", "MNLA", "--date", "2013", "--json"))
    found = items(run("search", "--actor", "MNLA", "--date", "2013", "--limit", "1000", "--json"))
    assert battles == [i["id"] for i in found if i["type"] == "battle"]


@pytest.mark.parametrize("args", LISTS, ids=" ".join)
def test_an_unknown_kind_is_a_usage_error_naming_the_kinds(run, args):
    r = run(*args, "--kind", "massacre")
    assert r.exit_code == 2 and r.stdout == ""
    assert "massacre" in r.stderr and "siege" in r.stderr


def test_kind_completes_from_the_data(db):
    from click.testing import CliRunner

    from malicli.cli import cli

    env = {
        "_MALICLI_COMPLETE": "bash_complete",
        "COMP_WORDS": "malicli search --kind si",
        "COMP_CWORD": "3",
        "MALICLI_DB": str(db),
    }
    out = CliRunner().invoke(cli, [], env=env, prog_name="malicli").output
    assert out.splitlines() == ["plain,siege"]


def test_timeline_takes_text_and_stays_in_date_order(run):
    found = items(run("timeline", "Konna", "--json"))
    assert found and all(
        "konna" in (i["summary"] or "").lower() or i["place"]["id"] == "konna" for i in found
    )
    dates = [i["date"]["start"] for i in found]
    assert dates == sorted(dates)


# ---------------------------------------------------------------- text search


def test_several_words_all_must_match(run):
    both = items(run("search", "MINUSMA", "withdrawal", "--json"))
    assert both
    quoted = items(run("search", "MINUSMA withdrawal", "--json"))
    assert [i["id"] for i in both] == [i["id"] for i in quoted]
    one = ids(run("search", "withdrawal", "--limit", "1000", "--json"))
    assert {i["id"] for i in both} <= set(one) and len(both) < len(one)


def test_stemming(run):
    assert ids(run("search", "kill", "--limit", "1000", "--json")) == ids(
        run("search", "killed", "--limit", "1000", "--json")
    )
    assert ids(run("search", "kill", "--limit", "1000", "--json"))


def test_prefix(run):
    coups = items(run("search", "coup*", "--json"))
    plain = items(run("search", "coup", "--json"))
    assert len(coups) >= len(plain) > 0
    assert any("«coup" in (i["snippet"] or "").lower() for i in coups)


@pytest.mark.parametrize("alias,name", [("GSIM", "JNIM"), ("Tombouctou", "Timbuktu")])
def test_aliases_are_expanded(run, alias, name):
    assert ids(run("search", alias, "--limit", "1000", "--json")) == ids(
        run("search", name, "--limit", "1000", "--json")
    )
    assert ids(run("search", alias, "--json"))


def test_query_syntax_is_still_text(run):
    for text in ['"', "AND", "NEAR(", "*", "-Kidal", "name:Kidal", "(Kidal OR"]:
        assert run("search", "--json", "--", text).exit_code == 0, text


def test_snippets_never_repeat_the_sentence(run):
    out = run("search", "checkpoint").stdout
    for line in out.splitlines():
        if "«checkpoint»" in line:
            assert "checkpoint" not in line.replace("«checkpoint»", ""), line
    assert out.count("On 26 February, a car bomb exploded in Kidal") == 1


# ---------------------------------------------------------------- casualties in lists


def test_with_casualties_adds_the_killed_span(run):
    found = {i["id"]: i for i in items(run("battle", "list", "--with-casualties", "--json"))}
    kidal = found["second-battle-of-kidal"]["killed"]
    # side 1: 40 (the MNLA) or 50 (prose); side 2: 2 -- sides add up, claims about the same
    # losses do not
    assert kidal == {"low": 42, "high": 52, "open_ended": False}
    assert found["battle-of-gao"]["killed"] is None


def test_killed_is_only_in_json_when_asked(run):
    assert all("killed" not in i for i in items(run("battle", "list", "--json")))


def test_battle_list_shows_killed_when_there_is_room(run):
    wide = run("battle", "list", env={"COLUMNS": "140"}).stdout
    assert "Killed" in wide and "42–52" in wide
    narrow = run("battle", "list", env={"COLUMNS": "60"}).stdout
    header = narrow.splitlines()[2]
    assert "Name" in header and "Killed" not in header
    note = " ".join(narrow.split("\n(")[1].split())
    assert "Killed" in note.split("left out")[0]


def test_min_killed_uses_a_claim_s_low_figure(run):
    found = ids(run("battle", "list", "--min-killed", "30", "--json"))
    assert "second-battle-of-kidal" in found  # claims of 40 and 50 killed
    assert "second-battle-of-timbuktu" not in found  # 27 at most
    assert ids(run("battle", "list", "--min-killed", "51", "--json")) == []


# ---------------------------------------------------------------- people


def test_person_list(run):
    people = {p["name"]: p for p in items(run("person", "list", "--json"))}
    assert people["Iyad Ag Ghaly"]["commanded"] == 1
    assert people["Iyad Ag Ghaly"]["actors"] == ["jnim"]
    assert people["El Hadj Ag Gamou"]["described"] is True


def test_person_show(run):
    p = json.loads(run("person", "show", "Iyad Ag Ghaly", "--json").stdout)
    assert p["id"] == "iyad-ag-ghaly"
    (c,) = p["commanded"]
    assert c["id"] == "siege-of-timbuktu" and c["side"] == 2 and c["side_actors"] == ["jnim"]
    assert c["source"]["file"] == "siege-of-timbuktu.txt"
    text = run("person", "show", "Iyad").stdout
    assert "Battles commanded" in text and "Siege of Timbuktu" in text


def test_person_show_description(run):
    p = json.loads(run("person", "show", "Gamou", "--json").stdout)
    assert p["descriptions"] and "division general" in p["descriptions"][0]["text"]


def test_unknown_person(run):
    r = run("person", "show", "Nobody Atall")
    assert r.exit_code == 3


def test_search_finds_a_person(run):
    assert "siege-of-timbuktu" in ids(run("search", "Iyad Ag Ghaly", "--json"))


def test_commander_filter(run):
    assert ids(run("battle", "list", "--commander", "Iyad Ag Ghaly", "--json")) == ["siege-of-timbuktu"]
    assert run("battle", "list", "--commander", "Nobody Atall").exit_code == 3


def test_actor_show_of_a_person_points_to_person_show(run):
    r = run("actor", "show", "Iyad Ag Ghaly")
    assert r.exit_code == 3
    assert "malicli person show iyad-ag-ghaly" in r.stderr
    assert run("person", "show", "iyad-ag-ghaly", "--json").exit_code == 0
