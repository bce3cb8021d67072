"""Start-up: the lookup paths import neither rich, sqlite_utils, dateutil, plotext nor datasette.

Each command runs in a fresh interpreter (``sys.executable -c``) through
``malicli.cli.main``, against a database built beforehand, and then prints
which of those packages ended up in ``sys.modules``. The terminal view draws
its own colour and boxes; sqlite_utils is for building, dateutil for free-form dates.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("rich", "sqlite_utils", "dateutil", "plotext", "datasette")
MARK = "MODULES="

CHILD = """
import json, sys
from malicli.cli import main
code = 0
try:
    main({argv!r})
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
heavy = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})
print()
print({mark!r} + json.dumps({{"code": code, "heavy": heavy}}))
"""


@pytest.fixture
def fresh_db(built_db) -> Path:
    """The shared database, rebuilt first if the sources or code changed since it was built,
    so that no command below builds (which would rightly import sqlite_utils)."""
    from malicli.open_database import stale_reason

    if stale_reason(built_db):
        from malicli.build import build

        build(built_db)
    return built_db


@pytest.fixture
def battle_name(fresh_db) -> str:
    """A battle from the database whose name is unique, dated and placed."""
    conn = sqlite3.connect(f"file:{fresh_db}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT name FROM events WHERE event_type = 'battle' AND name IS NOT NULL"
            " AND date_start IS NOT NULL AND place_id IS NOT NULL"
            " GROUP BY name HAVING COUNT(*) = 1 ORDER BY name LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    assert row, "the seeds hold no named, dated battle"
    return row[0]


def run_child(db: Path, argv: list[str], **env_changes) -> tuple[dict, str, str]:
    """Run ``main(argv)`` in a new interpreter; (report, stdout before it, stderr)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "MALICLI_SOURCES", "MALICLI_DEBUG")
    }
    env.update(MALICLI_DB=str(db), TERM="xterm-256color", PYTHONPATH=str(ROOT), **env_changes)
    code = CHILD.format(argv=argv, heavy=HEAVY, mark=MARK)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    rebuilt = "building the database" in proc.stderr or "updating the database" in proc.stderr
    assert not rebuilt or "db" in argv, (
        f"the command rebuilt the database, so its imports say nothing: {proc.stderr}"
    )
    head, sep, tail = proc.stdout.rpartition(MARK)
    assert sep, f"the child printed no report (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return json.loads(tail), head, proc.stderr


def json_paths(name: str) -> list[list[str]]:
    return [
        ["battle", "show", name, "--json"],
        ["search", "--actor", "JNIM", "--json"],
        ["timeline", "--json"],
        ["--version"],
        ["stats", "--by", "actor", "--json"],
        ["map", "--json"],
        ["timeline", "--geojson"],
    ]


@pytest.mark.parametrize(
    "which",
    range(7),
    ids=["battle-show", "search-actor", "timeline", "version", "stats", "map", "timeline-geojson"],
)
def test_json_paths_import_no_heavy_package(fresh_db, battle_name, which):
    argv = json_paths(battle_name)[which]
    report, out, err = run_child(fresh_db, argv)
    assert report["code"] in (0, None), f"{argv} failed: {err}"
    if argv != ["--version"]:
        data = json.loads(out)
        assert data, f"{argv} printed nothing useful"
    else:
        assert "malicli" in out
    assert report["heavy"] == [], f"{argv} imported {report['heavy']}"


@pytest.mark.parametrize(
    "argv",
    [["battle", "show", None], ["search", "--actor", "JNIM"], ["timeline"]],
    ids=["battle-show", "search-actor", "timeline"],
)
def test_plain_text_path_imports_no_rich(fresh_db, battle_name, argv):
    """stdout is a pipe here, not a terminal: plain text, no rich (nor the build's packages)."""
    argv = [battle_name if a is None else a for a in argv]
    report, out, err = run_child(fresh_db, argv)
    assert report["code"] in (0, None), f"{argv} failed: {err}"
    assert out.strip(), f"{argv} printed nothing"
    assert "\x1b[" not in out, "plain text carries no escape sequences"
    assert report["heavy"] == [], f"{argv} imported {report['heavy']}"


def test_terminal_rendering_imports_no_heavy_package(fresh_db, battle_name):
    """The terminal view (colour, boxes) is drawn by malicli itself: no rich either."""
    report, out, err = run_child(fresh_db, ["battle", "show", battle_name], FORCE_COLOR="1", COLUMNS="100")
    assert report["code"] in (0, None), err
    assert "\x1b[" in out and "┏" in out
    assert report["heavy"] == [], report["heavy"]


def test_a_build_does_import_sqlite_utils(fresh_db, tmp_path):
    """The control: a build loads sqlite_utils, so the checks above can fail."""
    report, out, err = run_child(fresh_db, ["--db", str(tmp_path / "new.db"), "db", "build"])
    assert report["code"] in (0, None), err
    assert "sqlite_utils" in {m.split(".")[0] for m in report["heavy"]}


def test_drawing_a_map_does_import_plotext(fresh_db):
    """The control for plotext: the map is drawn by it, and only the map."""
    report, out, err = run_child(fresh_db, ["map", "--width", "80"])
    assert report["code"] in (0, None), err
    assert "plotext" in {m.split(".")[0] for m in report["heavy"]}
    assert "datasette" not in {m.split(".")[0] for m in report["heavy"]}
