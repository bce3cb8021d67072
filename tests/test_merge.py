"""One battle, many sources: battles merged across documents, every stated value a
claim with its source, and ids that do not depend on order, other documents or lines.

The documents are in tests/docs/merge (written for these tests); what a reader
expects of them is in tests/data/merge_expected.json.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from malicli import query
from malicli.build import build

TESTS = Path(__file__).resolve().parent
MERGE = TESTS / "docs" / "merge"
UNRELATED = TESTS / "docs" / "unrelated"
EXPECTED = json.loads((TESTS / "data" / "merge_expected.json").read_text(encoding="utf-8"))


def open_ro(path: Path) -> sqlite3.Connection:
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    return c


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> sqlite3.Connection:
    path = tmp_path_factory.mktemp("merge") / "malicli.db"
    build(path, [MERGE])
    return open_ro(path)


@pytest.mark.parametrize("battle_id", sorted(EXPECTED["battles"]))
def test_battle_gathers_its_sources(merged, battle_id):
    want = EXPECTED["battles"][battle_id]
    b = query.battle(merged, battle_id)
    assert b["name"] == want["name"]
    assert sorted({s["file"] for s in b["sources"]}) == want["sources"]
    assert set(want.get("aliases", [])) <= set(b["aliases"])
    dates = sorted({(c["date"]["start"], c["date"]["end"]) for c in b["claims"].get("date", [])})
    assert dates == [tuple(d) for d in want["dates"]]
    assert sorted(b["disagreements"]) == want["disagree"]


def test_no_battle_is_listed_twice(merged):
    rows = merged.execute("SELECT name FROM events WHERE event_type = 'battle'").fetchall()
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_every_name_a_source_uses_opens_the_battle(merged):
    for battle_id, want in EXPECTED["battles"].items():
        for name in [want["name"], *want.get("aliases", [])]:
            assert query.resolve_battle(merged, name) == battle_id, name
        assert query.resolve_battle(merged, battle_id) == battle_id


def test_both_date_claims_are_shown_side_by_side(merged):
    from malicli.render import plain, views

    text = plain.render(views.battle_blocks(query.battle(merged, "second-battle-of-kidal")))
    assert "the sources disagree" in text
    assert "16–21 May 2014" in text and "17–21 May 2014" in text
    assert "kidal-2014-infobox.txt:6" in text and "second-battle-of-kidal-mirror.txt:9" in text


def test_claims_of_both_sources_are_kept(merged):
    files = {
        r["file"]
        for r in merged.execute(
            "SELECT DISTINCT s.file FROM figures f JOIN sources s ON s.id = f.source_id"
            " WHERE f.event_id = 'second-battle-of-kidal'"
        )
    }
    assert files == {"kidal-2014-infobox.txt", "second-battle-of-kidal-mirror.txt"}


def test_figures_as_stated(merged):
    got = [
        dict(r)
        for r in merged.execute(
            "SELECT f.event_id AS battle, s.file, f.side, f.category, f.low, f.high, f.qualifier"
            " FROM figures f JOIN sources s ON s.id = f.source_id"
        )
    ]
    for want in EXPECTED["figures"]:
        assert want in got, want


def test_a_side_of_another_source_is_renumbered_by_its_actors(merged):
    sides = {
        (r["file"], r["actor_id"]): r["side"]
        for r in merged.execute(
            "SELECT s.file, t.actor_id, t.side FROM event_actors t JOIN sources s ON s.id = t.source_id"
            " WHERE t.event_id = 'second-battle-of-kidal' AND t.role = 'belligerent'"
        )
    }
    assert sides[("kidal-2014-infobox.txt", "mali")] == sides[("second-battle-of-kidal-mirror.txt", "mali")]
    assert sides[("kidal-2014-infobox.txt", "mnla")] == sides[("second-battle-of-kidal-mirror.txt", "mnla")]


# ---------------------------------------------------------------- stable ids


def event_ids(path: Path) -> dict[str, str | None]:
    with open_ro(path) as c:
        return {r["id"]: r["name"] for r in c.execute("SELECT id, name FROM events")}


def copy_folder(src: Path, dest: Path, blank_lines: int = 0) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for doc in src.glob("*.txt"):
        text = doc.read_text(encoding="utf-8")
        (dest / doc.name).write_text("\n" * blank_lines + text, encoding="utf-8")
    return dest


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(["merge", "unrelated", "overview"]), blank_lines=st.integers(0, 3))
def test_ids_do_not_depend_on_order_other_documents_or_lines(tmp_path_factory, order, blank_lines):
    """The same documents in another folder order, with blank lines at the top of each,
    beside an unrelated folder or not: the same ids for the same events."""
    base = tmp_path_factory.mktemp("ids")
    folders = {
        "merge": copy_folder(MERGE, base / "merge", blank_lines),
        "unrelated": copy_folder(UNRELATED, base / "unrelated"),
        "overview": base / "overview",
    }
    folders["overview"].mkdir()
    shutil.copyfile(TESTS / "docs" / "overview-sample.txt", folders["overview"] / "overview-sample.txt")
    build(base / "all.db", [folders[name] for name in order])
    build(base / "fewer.db", [MERGE, folders["overview"]])
    everything, fewer = event_ids(base / "all.db"), event_ids(base / "fewer.db")
    assert {i: everything.get(i) for i in fewer} == fewer


def test_a_blank_line_at_the_top_changes_no_id(tmp_path):
    plain_folder = copy_folder(MERGE, tmp_path / "a")
    shutil.copyfile(TESTS / "docs" / "overview-sample.txt", plain_folder / "overview-sample.txt")
    shifted = copy_folder(plain_folder, tmp_path / "b", blank_lines=1)
    build(tmp_path / "a.db", [plain_folder])
    build(tmp_path / "b.db", [shifted])
    assert event_ids(tmp_path / "a.db") == event_ids(tmp_path / "b.db")


# ---------------------------------------------------------------- every row can be opened


def test_every_event_opens_by_its_id(merged):
    for (eid,) in merged.execute("SELECT id FROM events"):
        assert query.resolve_event(merged, eid) == eid
        assert query.event(merged, eid)["id"] == eid


def test_search_ids_open_with_event_show(run):
    items = json.loads(run("search", "--json", "--limit", "1000").stdout)
    incident = next(i for i in items if i["type"] == "incident")
    r = run("event", "show", incident["id"], "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["id"] == incident["id"]


def test_battle_show_of_an_incident_points_to_event_show(run):
    items = json.loads(run("search", "--json", "--limit", "1000").stdout)
    incident = next(
        i for i in items if i["type"] == "incident" and i["name"].endswith("in Kidal (June 2025)")
    )
    r = run("battle", "show", incident["id"])
    assert r.exit_code == 3
    assert f"malicli event show {incident['id']}" in r.stderr


def test_ambiguity_lists_ids_dates_places_and_sources(run):
    r = run("battle", "show", "Kidal")
    assert r.exit_code == 4
    assert "Candidates (id, name, date, place, sources):" in r.stderr
    row = next(line for line in r.stderr.splitlines() if line.strip().startswith("second-battle-of-kidal "))
    assert "2014-05-16..2014-05-21" in row and "Kidal" in row and "second-battle-of-kidal-mirror.txt" in row


# ---------------------------------------------------------------- sources remembered


def test_db_build_remembers_added_folders_until_told_to_forget(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from malicli.cli import cli

    monkeypatch.setenv("MALICLI_DB", str(tmp_path / "m.db"))
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "build", "--source", str(MERGE)]).exit_code == 0
    assert runner.invoke(cli, ["db", "build"]).exit_code == 0
    info = json.loads(runner.invoke(cli, ["db", "info", "--json"]).stdout)
    assert info["source_folders"] == [str(MERGE)]
    assert "menaka-2024-article.txt" in {s["file"] for s in info["sources"]}
    assert runner.invoke(cli, ["db", "build", "--forget-sources"]).exit_code == 0
    info = json.loads(runner.invoke(cli, ["db", "info", "--json"]).stdout)
    assert info["source_folders"] == []
    assert "menaka-2024-article.txt" not in {s["file"] for s in info["sources"]}


# ---------------------------------------------------------------- for people who query the file


def test_views_for_direct_queries(merged):
    row = merged.execute("SELECT * FROM battle_summary WHERE id = 'second-battle-of-kidal'").fetchone()
    assert row["place"] == "Kidal" and "kidal-2014-infobox.txt" in row["sources"]
    claims = merged.execute("SELECT * FROM casualty_claims WHERE event_id = 'second-battle-of-kidal'")
    assert {r["source_file"] for r in claims} == {
        "kidal-2014-infobox.txt",
        "second-battle-of-kidal-mirror.txt",
    }


def test_enumerated_columns_are_checked(tmp_path):
    path = tmp_path / "m.db"
    build(path)
    c = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        c.execute("UPDATE figures SET qualifier = 'roughly' WHERE id = (SELECT MIN(id) FROM figures)")
    with pytest.raises(sqlite3.IntegrityError):
        c.execute("UPDATE events SET event_type = 'skirmish' WHERE rowid = 1")


def test_ids_on_the_terminal_with_ids(run):
    items = json.loads(run("search", "Kidal", "--json").stdout)
    text = run("search", "Kidal", "--ids").stdout
    assert text.splitlines()[2].startswith("Id ")
    assert all(i["id"] in text for i in items)
    timeline = run("timeline", "--actor", "MNLA", "--ids", "--limit", "5").stdout
    assert "Id " in timeline
