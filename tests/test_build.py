"""Acceptance tests of the knowledge base: the SQLite database built from the
seeds (fixture ``conn``), builds with extra source folders, atomic writes and
the freshness check of malicli.store."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from malicli.exitcodes import MalicliError

ROOT = Path(__file__).resolve().parent.parent

from malicli import dates  # noqa: E402
from malicli import open_database as store  # noqa: E402
from malicli.build import BuildError, build  # noqa: E402
from malicli.sources import common  # noqa: E402

DOCS = Path(__file__).resolve().parent / "docs"
SEEDS = ROOT / "seeds"
PACKAGE = ROOT / "malicli"

TABLES = (
    "sources",
    "events",
    "actors",
    "actor_aliases",
    "event_actors",
    "places",
    "place_names",
    "figures",
    "claims",
    "event_names",
    "event_sources",
    "commanders",
    "people",
    "meta",
)
PROVENANCE_TABLES = ("event_actors", "figures", "claims", "commanders", "people")
DATE_RULES = (*dates.RULES[:-1], "item_date")  # every rule but "unresolved", and the wire's item date


def fold(text: str) -> str:
    return " ".join(common.strip_refs(text).split()).lower()


def battle(conn, name: str):
    rows = conn.execute(
        "SELECT * FROM events WHERE event_type = 'battle' AND lower(name) = lower(?)", [name]
    ).fetchall()
    assert len(rows) == 1, f"{name!r}: {len(rows)} rows"
    return rows[0]


def rows(conn, sql: str, *args):
    return [dict(r) for r in conn.execute(sql, args).fetchall()]


def source_lines(conn, source_id: str) -> list[str]:
    file = conn.execute("SELECT file FROM sources WHERE id = ?", [source_id]).fetchone()["file"]
    return (SEEDS / file).read_text(encoding="utf-8").splitlines()


def tmp_files(folder: Path) -> list[str]:
    return [n for n in os.listdir(folder) if n.endswith(".tmp")]


def copy_docs(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for path in DOCS.glob("*.txt"):
        shutil.copyfile(path, dest / path.name)
    return dest


def open_ro(path: Path) -> sqlite3.Connection:
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    return c


# ---------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------


def test_tables_exist(conn):
    names = {r["name"] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(TABLES) <= names


def test_meta(conn):
    meta = {r["key"]: r["value"] for r in conn.execute("SELECT key, value FROM meta")}
    assert {"schema_version", "build_time", "source_fingerprint"} <= set(meta)
    assert meta["schema_version"].isdigit()
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", meta["build_time"])
    assert re.fullmatch(r"[0-9a-f]{16,}", meta["source_fingerprint"])


@pytest.mark.parametrize(
    "table,column,target",
    [
        ("event_actors", "event_id", "events"),
        ("event_actors", "actor_id", "actors"),
        ("event_actors", "source_id", "sources"),
        ("events", "place_id", "places"),
        ("events", "source_id", "sources"),
        ("events", "battle_id", "events"),
        ("figures", "event_id", "events"),
        ("figures", "source_id", "sources"),
        ("figures", "actor_id", "actors"),
        ("figures", "claimant_actor_id", "actors"),
        ("claims", "event_id", "events"),
        ("claims", "source_id", "sources"),
        ("event_names", "event_id", "events"),
        ("event_sources", "source_id", "sources"),
        ("commanders", "event_id", "events"),
        ("commanders", "actor_id", "actors"),
        ("people", "source_id", "sources"),
        ("actor_aliases", "actor_id", "actors"),
        ("place_names", "place_id", "places"),
    ],
)
def test_foreign_keys_declared(conn, table, column, target):
    fks = {(r["from"], r["table"], r["to"]) for r in conn.execute(f"PRAGMA foreign_key_list({table})")}
    assert (column, target, "id") in fks, fks


def test_foreign_key_check_is_clean(conn):
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize(
    "table,first",
    [
        ("events", "date_earliest"),
        ("events", "place_id"),
        ("event_actors", "actor_id"),
        ("event_actors", "event_id"),
        ("figures", "event_id"),
        ("claims", "event_id"),
    ],
)
def test_indexes(conn, table, first):
    leading = set()
    for idx in conn.execute(f"PRAGMA index_list({table})").fetchall():
        cols = conn.execute(f"PRAGMA index_info({idx['name']})").fetchall()
        if cols:
            leading.add(sorted(cols, key=lambda c: c["seqno"])[0]["name"])
    assert first in leading


# ---------------------------------------------------------------------------
# Full-text search
# ---------------------------------------------------------------------------


def test_fts_with_sqlite_utils(built_db):
    import sqlite_utils

    db = sqlite_utils.Database(open_ro(built_db))
    assert db["events"].detect_fts() == "events_fts"
    found = list(db["events"].search("Kidal"))
    assert found
    names = {r["name"] for r in found}
    assert "Second Battle of Kidal" in names
    assert all(
        "kidal" in fold(" ".join(str(r[k] or "") for k in ("name", "summary", "quote"))) for r in found
    )


def test_fts_accents_are_folded(built_db):
    import sqlite_utils

    db = sqlite_utils.Database(open_ro(built_db))
    assert {r["name"] for r in db["events"].search("Lere")} == {
        r["name"] for r in db["events"].search("Léré")
    }


def test_sqlite_utils_search_command(built_db):
    from click.testing import CliRunner
    from sqlite_utils.cli import cli

    result = CliRunner().invoke(cli, ["search", str(built_db), "events", "Kidal", "-c", "name"])
    assert result.exit_code == 0, result.output
    assert "Second Battle of Kidal" in result.output


# ---------------------------------------------------------------------------
# Battles
# ---------------------------------------------------------------------------

NAMED_BATTLES = [
    "Second Battle of Timbuktu",
    "Siege of Timbuktu",
    "Second Battle of Kidal",
    "Battle of Gao",
    "Battle of Aguelhok",
    "Battle of In Emsal",
    "Ambush of Tinsalane",
    "First battle of Kidal",
    "Battle of Ber",
    "Battle of Kidal",
    "Raid on Dioura",
    "Kidal offensive",
]


def test_named_battles(conn):
    names = [
        r["name"]
        for r in conn.execute("SELECT name FROM events WHERE event_type = 'battle' AND name IS NOT NULL")
    ]
    assert len(names) >= 15
    lowered = {n.lower() for n in names}
    assert not [n for n in NAMED_BATTLES if n.lower() not in lowered]


def test_battle_of_kidal_2023(conn):
    e = battle(conn, "Battle of Kidal")
    assert (e["date_start"], e["date_end"], e["date_precision"]) == ("2023-11-10", "2023-11-14", "day")
    assert e["place_id"] == "kidal"


def test_second_battle_of_kidal(conn):
    e = battle(conn, "Second Battle of Kidal")
    assert (e["date_start"], e["date_end"], e["date_precision"]) == ("2014-05-16", "2014-05-21", "day")
    assert e["place_id"] == "kidal"
    assert (e["latitude"], e["longitude"]) == (18.4411, 1.4072)
    assert "MNLA" in e["result"]
    actors = rows(conn, "SELECT actor_id, side, role FROM event_actors WHERE event_id = ?", e["id"])
    assert {"actor_id": "mali", "side": 1, "role": "belligerent"} in actors
    assert {"actor_id": "mnla", "side": 2, "role": "belligerent"} in actors
    figures = rows(
        conn,
        "SELECT side, category, low, high, qualifier, claimant_actor_id AS claimant, origin, line"
        " FROM figures WHERE event_id = ?",
        e["id"],
    )
    assert {"side": 1, "category": "strength", "low": 1500, "high": 1500} in [
        {k: f[k] for k in ("side", "category", "low", "high")} for f in figures
    ]

    def stated(side, origin, claimant=None):
        # one figure a line on a mirror page: the figures of one claim are gathered by side and claimant
        merged: dict = {}
        for f in figures:
            if f["side"] == side and f["origin"] == origin and f["claimant"] == claimant:
                merged.setdefault(f["category"], f["low"])
        return [merged]

    assert {"killed": 40, "wounded": 50, "captured": 70} in [
        {k: v for k, v in x.items() if k in ("killed", "wounded", "captured")}
        for x in stated(1, "infobox", "mnla")
    ]
    assert {"killed": 50, "wounded": 40} in stated(1, "prose")
    assert {"killed": 2, "wounded": 10} in stated(2, "infobox", "mnla")


def test_siege_of_timbuktu(conn):
    e = battle(conn, "Siege of Timbuktu")
    assert (e["date_start"], e["date_precision"]) == ("2023-08-08", "day")
    assert e["date_end"] is None
    assert e["status"] == "ongoing"
    assert e["place_id"] == "timbuktu"
    actors = rows(
        conn,
        "SELECT actor_id, side, role, claimant_actor_id AS claimed_by FROM event_actors WHERE event_id = ?",
        e["id"],
    )
    assert {"actor_id": "mali", "side": 1, "role": "belligerent", "claimed_by": None} in actors
    assert {"actor_id": "wagner", "side": 1, "role": "alleged", "claimed_by": "jnim"} in actors
    assert [a for a in actors if a["actor_id"] == "jnim" and a["side"] == 2]
    commanders = rows(conn, "SELECT side, name FROM commanders WHERE event_id = ?", e["id"])
    assert {"side": 1, "name": "Assimi Goïta"} in commanders
    assert {"side": 2, "name": "Iyad Ag Ghaly"} in commanders


def test_second_battle_of_timbuktu(conn):
    e = battle(conn, "Second Battle of Timbuktu")
    assert (e["date_start"], e["date_end"], e["date_precision"]) == ("2013-03-30", "2013-04-01", "day")
    actors = rows(conn, "SELECT actor_id, side FROM event_actors WHERE event_id = ?", e["id"])
    assert {"actor_id": "aqim", "side": 2} in actors
    commanders = rows(conn, "SELECT side, name, as_written FROM commanders WHERE event_id = ?", e["id"])
    assert {"side": 1, "name": "Mamadou Mangara", "as_written": "Col. Mamadou Mangara"} in commanders


def test_timeline_children_point_to_their_battle(conn):
    for child in rows(
        conn,
        "SELECT e.*, p.event_type AS parent_type, p.source_id AS parent_source "
        "FROM events e JOIN events p ON p.id = e.battle_id WHERE e.source_id = p.source_id",
    ):
        assert child["parent_type"] == "battle"
        assert child["source_id"] == child["parent_source"]
        assert child["event_type"] == "timeline"
    siege = battle(conn, "Siege of Timbuktu")
    days = {
        r["date_start"]
        for r in conn.execute("SELECT date_start FROM events WHERE battle_id = ?", [siege["id"]])
    }
    assert {"2023-08-26", "2023-09-21"} <= days


# ---------------------------------------------------------------------------
# News item
# ---------------------------------------------------------------------------


def test_news_incidents(conn):
    src = conn.execute("SELECT id FROM sources WHERE file = 'apa-wire-2025-06.txt'").fetchone()["id"]
    incidents = rows(conn, "SELECT * FROM events WHERE source_id = ? AND event_type = 'incident'", src)
    assert len(incidents) >= 4
    assert all(i["date_start"] and i["date_start"].startswith("2025") for i in incidents)
    weekday = [i for i in incidents if i["date_rule"] == "year_from_weekday"]
    assert len(weekday) == 5, "the day dates every incident listed under it"
    for w in weekday:
        assert w["date_start"] == "2025-06-01" and w["date_precision"] == "day"
        assert w["quote"].startswith("On Sunday, June 1")
    assert len({i["name"] for i in incidents}) == len(incidents), "each incident has a name of its own"
    assert {i["date_rule"] for i in incidents} == {"item_date", "year_from_weekday"}
    all_types = {
        r["event_type"] for r in conn.execute("SELECT event_type FROM events WHERE source_id = ?", [src])
    }
    assert all_types <= {"incident", "timeline"}


# ---------------------------------------------------------------------------
# Provenance and dates
# ---------------------------------------------------------------------------


def test_sources_rows(conn):
    got = {r["file"]: r["format"] for r in conn.execute("SELECT file, format FROM sources")}
    assert got == {
        "apa-wire-2025-06.txt": "news-wire",
        "mali-war-overview.txt": "overview-article",
        "second-battle-of-kidal-mirror.txt": "mirror-page",
        "second-battle-of-timbuktu.txt": "infobox-article",
        "siege-of-timbuktu.txt": "infobox-article",
    }
    for r in conn.execute("SELECT * FROM sources"):
        assert (
            r["event_count"]
            == conn.execute("SELECT count(*) FROM events WHERE source_id = ?", [r["id"]]).fetchone()[0]
        )
        assert re.fullmatch(r"[0-9a-f]{64}", r["sha256"])


def test_sources_line_count_is_the_number_of_lines(conn):
    for r in conn.execute("SELECT file, line_count FROM sources"):
        text = (SEEDS / r["file"]).read_text(encoding="utf-8")
        assert r["line_count"] == len(text.splitlines()), r["file"]


def test_event_provenance(conn):
    bad = rows(
        conn,
        """
        SELECT e.id, e.line_start, e.line_end, s.line_count FROM events e
        LEFT JOIN sources s ON s.id = e.source_id
        WHERE s.id IS NULL OR e.line_start < 1 OR e.line_end < e.line_start
           OR e.line_end > s.line_count OR e.quote IS NULL OR trim(e.quote) = ''""",
    )
    assert bad == []


@pytest.mark.parametrize("table", PROVENANCE_TABLES)
def test_row_provenance(conn, table):
    bad = rows(
        conn,
        f"""
        SELECT t.* FROM {table} t LEFT JOIN sources s ON s.id = t.source_id
        WHERE s.id IS NULL OR t.line IS NULL OR t.line < 1 OR t.line > s.line_count
           OR t.quote IS NULL OR trim(t.quote) = ''""",
    )
    assert bad == []
    assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0


@pytest.mark.parametrize("table,column", [("event_actors", "as_written"), ("commanders", "as_written")])
def test_quotes_are_the_source_lines(conn, table, column):
    cache: dict[str, list[str]] = {}
    for r in conn.execute(f"SELECT * FROM {table}"):
        lines = cache.setdefault(r["source_id"], source_lines(conn, r["source_id"]))
        assert r["quote"] in lines[r["line"] - 1], (table, r["line"], r["quote"])
        assert fold(r[column]) in fold(r["quote"])


def test_claims_quote_their_source_line(conn):
    cache: dict[str, list[str]] = {}
    for r in conn.execute("SELECT * FROM claims WHERE field IN ('date', 'result', 'coordinates')"):
        lines = cache.setdefault(r["source_id"], source_lines(conn, r["source_id"]))
        assert r["quote"] in lines[r["line"] - 1], (r["field"], r["line"], r["quote"])
        assert fold(r["value"]) in fold(r["quote"]), (r["field"], r["value"])


def test_event_quotes_are_in_the_source(conn):
    cache: dict[str, list[str]] = {}
    for r in conn.execute("SELECT * FROM events"):
        lines = cache.setdefault(r["source_id"], source_lines(conn, r["source_id"]))
        span = "\n".join(line.strip() for line in lines[r["line_start"] - 1 : r["line_end"]])
        for part in r["quote"].split("\n"):
            assert part in span, (r["id"], part[:60])


def test_no_date_means_no_precision(conn):
    assert (
        rows(
            conn,
            "SELECT id FROM events WHERE date_start IS NULL AND "
            "(date_precision IS NOT NULL OR date_end IS NOT NULL)",
        )
        == []
    )
    assert rows(conn, "SELECT id FROM events WHERE date_start IS NOT NULL AND date_precision IS NULL") == []
    assert rows(conn, "SELECT id FROM events WHERE date_end < date_start") == []
    assert rows(conn, "SELECT id FROM events WHERE date_precision NOT IN ('day', 'month', 'year')") == []
    undated = battle(conn, "Kidal offensive")
    assert undated["date_start"] is None and undated["date_precision"] is None


def test_dates_are_never_made_up(conn):
    """Every date comes from a text of its document, at its date line when it has one."""
    cache: dict[str, list[str]] = {}
    for r in conn.execute("SELECT * FROM events WHERE date_start IS NOT NULL"):
        assert r["date_rule"] in DATE_RULES, (r["id"], r["date_rule"])
        assert r["date_text"], r["id"]
        lines = cache.setdefault(r["source_id"], source_lines(conn, r["source_id"]))
        assert fold(r["date_text"]) in fold("\n".join(lines)), (r["id"], r["date_text"])
        if r["date_end"] is None:
            assert r["status"] == "ongoing", r["id"]
    for r in conn.execute("SELECT * FROM claims WHERE field = 'date' AND date_start IS NOT NULL"):
        lines = cache.setdefault(r["source_id"], source_lines(conn, r["source_id"]))
        assert fold(r["value"]) in fold(lines[r["line"] - 1]), (r["event_id"], r["value"])


# ---------------------------------------------------------------------------
# Builds with extra folders
# ---------------------------------------------------------------------------


def _seed_events(path: Path) -> set[tuple]:
    c = open_ro(path)
    try:
        return {
            (r["file"], r["name"], r["event_type"], r["date_start"], r["line_start"])
            for r in c.execute(
                "SELECT s.file, e.* FROM events e JOIN sources s ON s.id = e.source_id WHERE s.path LIKE ?",
                [str(SEEDS) + "%"],
            )
        }
    finally:
        c.close()


def test_build_with_extra_folder(tmp_path, built_db):
    extra = copy_docs(tmp_path / "extra")
    path = tmp_path / "out" / "malicli.db"
    messages: list[str] = []
    report = build(path, extra_dirs=[extra], warn=messages.append)
    assert report.skipped == []
    c = open_ro(path)
    try:
        for name, place in (("Battle of Konna", "konna"), ("Battle of Tessalit", "tessalit")):
            e = battle(c, name)
            assert e["place_id"] == place
            src = c.execute("SELECT path FROM sources WHERE id = ?", [e["source_id"]]).fetchone()[0]
            assert Path(src).parent == extra
        assert battle(c, "Battle of Konna")["date_start"] == "2013-01-10"
        assert battle(c, "Battle of Tessalit")["date_end"] == "2012-03-11"
        files = {r[0] for r in c.execute("SELECT file FROM sources")}
        assert {p.name for p in DOCS.glob("*.txt")} | {p.name for p in SEEDS.glob("*.txt")} == files
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        meta = dict(c.execute("SELECT key, value FROM meta").fetchall())
    finally:
        c.close()
    assert _seed_events(path) == _seed_events(built_db)
    assert [Path(p) for p in json.loads(meta["source_dirs"])] == [extra.resolve()]


def test_build_skips_unreadable_files(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copyfile(DOCS / "konna-infobox.txt", extra / "konna.txt")
    (extra / "empty.txt").write_bytes(b"")
    (extra / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 200)
    (extra / "notes.txt").write_text(
        "Buy bread and milk. Call the plumber on the way home.\n", encoding="utf-8"
    )
    (extra / "latin1.txt").write_bytes("Tombouctou, été 2013: des combats à Léré.\n".encode("latin-1"))
    path = tmp_path / "malicli.db"
    messages: list[str] = []
    report = build(path, extra_dirs=[extra], warn=messages.append)
    for name in ("empty.txt", "binary.txt", "notes.txt", "latin1.txt"):
        assert [m for m in messages if name in m], (name, messages)
        assert [s for s in report.skipped if Path(s[0]).name == name]
    assert not [m for m in messages if "konna.txt" in m]
    c = open_ro(path)
    try:
        assert battle(c, "Battle of Konna")["date_start"] == "2013-01-10"
        assert battle(c, "Second Battle of Kidal")["date_start"] == "2014-05-16"
        files = {r[0] for r in c.execute("SELECT file FROM sources")}
        assert "konna.txt" in files
        assert not {"empty.txt", "binary.txt", "notes.txt", "latin1.txt"} & files
    finally:
        c.close()
    assert tmp_files(tmp_path) == []


# ---------------------------------------------------------------------------
# Atomic writes
# ---------------------------------------------------------------------------


def test_failed_build_leaves_previous_database(tmp_path):
    path = tmp_path / "malicli.db"
    build(path)
    before = path.read_bytes()
    assert tmp_files(tmp_path) == []
    with pytest.raises(BuildError):
        build(path, extra_dirs=[tmp_path / "no-such-folder"])
    assert path.read_bytes() == before
    assert tmp_files(tmp_path) == []
    not_a_dir = tmp_path / "file.txt"
    not_a_dir.write_text("x", encoding="utf-8")
    with pytest.raises(BuildError):
        build(path, extra_dirs=[not_a_dir])
    assert path.read_bytes() == before
    assert tmp_files(tmp_path) == []


def test_old_database_intact_during_rebuild(tmp_path):
    path = tmp_path / "db" / "malicli.db"
    build(path)
    before = path.read_bytes()
    extra = copy_docs(tmp_path / "extra")
    (extra / "empty.txt").write_bytes(b"")
    seen: list[bool] = []

    def warn(msg):
        # called while the new database is being made
        seen.append(path.read_bytes() == before)
        c = open_ro(path)
        try:
            assert c.execute("SELECT count(*) FROM sources").fetchone()[0] == 5
        finally:
            c.close()

    build(path, extra_dirs=[extra], warn=warn)
    assert seen and all(seen)
    assert path.read_bytes() != before
    c = open_ro(path)
    try:
        assert c.execute("SELECT count(*) FROM sources").fetchone()[0] == 9
    finally:
        c.close()
    assert tmp_files(path.parent) == []


def test_failure_while_writing_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "malicli.db"
    target.mkdir()  # the database path is taken by a folder: moving into place fails
    (target / "keep").write_text("x", encoding="utf-8")
    with pytest.raises((OSError, BuildError)):
        build(target)
    assert tmp_files(tmp_path) == []
    assert (target / "keep").read_text(encoding="utf-8") == "x"


def test_successful_builds_leave_no_temporary_file(tmp_path):
    path = tmp_path / "malicli.db"
    build(path)
    build(path)
    assert sorted(os.listdir(tmp_path)) == ["malicli.db"]


# ---------------------------------------------------------------------------
# Freshness
# ---------------------------------------------------------------------------


def test_stale_reason(tmp_path):
    path = tmp_path / "malicli.db"
    assert store.stale_reason(path) is not None  # no database yet
    build(path)
    assert store.stale_reason(path) is None
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 3])  # truncated: malicli's own file, rebuilt
    assert store.stale_reason(path) is not None
    build(path)
    assert store.stale_reason(path) is None
    path.write_bytes(b"this is not a database \x00\x01" * 100)  # not ours: never overwritten
    with pytest.raises(MalicliError, match="not a SQLite database"):
        store.stale_reason(path)
    path.unlink()
    build(path)
    assert store.stale_reason(path) is None
    path.unlink()
    assert store.stale_reason(path) is not None


def test_stale_reason_with_extra_folder(tmp_path):
    extra = copy_docs(tmp_path / "extra")
    path = tmp_path / "malicli.db"
    build(path, extra_dirs=[extra])
    assert store.stale_reason(path) is None
    (extra / "more.txt").write_text((DOCS / "wire-sample.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert store.stale_reason(path) is not None


# ---------------------------------------------------------------------------
# The knowledge comes from the documents, not from the code
# ---------------------------------------------------------------------------

FORBIDDEN = [
    "Second Battle of Kidal",
    "Siege of Timbuktu",
    "Mamadou Mangara",
    "Iyad Ag Ghaly",
    "Moussa Mara",
    "Battle of Ber",
    "Battle of Gao",
    "Battle of Aguelhok",
]


def _offending(files) -> list[str]:
    out = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for s in FORBIDDEN:
            for n, line in enumerate(text.splitlines(), 1):
                if s in line:
                    out.append(f"{path.relative_to(ROOT)}:{n}: {s}")
    return out


def test_parsing_code_names_no_event():
    files = [
        p
        for p in PACKAGE.rglob("*.py")
        if p.parent.name == "sources" or p.name in ("build.py", "dates.py", "resolve.py", "open_database.py")
    ]
    assert len(files) >= 8
    assert _offending(files) == []


def test_no_python_file_names_an_event():
    assert _offending(sorted(PACKAGE.rglob("*.py"))) == []
