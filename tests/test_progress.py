"""The progress of a build: a bar on a terminal (stderr a pseudo-terminal here) once a
build takes half a second; the one-line summary alone in a pipe; Ctrl-C during an
update leaves the database as it was."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from malicli.build import build

from .conftest import DOCS, ROOT, SEEDS, run_in_pty

OVERVIEW = SEEDS / "mali-war-overview.txt"


def _slow_folder(folder: Path, copies: int = 40) -> Path:
    """Long documents: a build of a few seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    text = OVERVIEW.read_text(encoding="utf-8")
    for i in range(copies):
        (folder / f"overview-{i}.txt").write_text(text, encoding="utf-8")
    return folder


def _env(db: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "MALICLI_DB")}
    return env | {"PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": "120", "MALICLI_DB": str(db)}


def test_a_long_build_draws_a_bar_on_a_terminal(tmp_path):
    folder = _slow_folder(tmp_path / "many")
    code, terminal, out = run_in_pty(
        ["db", "build", "--source", str(folder)],
        _env(tmp_path / "m.db"),
        columns=120,
        lines=40,
        stream="stderr",
    )
    assert code == 0, terminal
    assert out == ""
    assert "Reading documents" in terminal or "Merging and writing" in terminal, terminal
    assert "━" in terminal  # the bar
    assert "documents," in terminal and "events" in terminal
    assert "0:00:0" in terminal  # the time elapsed
    last = terminal.replace("\r", "\n").strip().splitlines()[-1]
    assert "built" in last and "45 documents" in last, terminal


def test_a_quick_build_draws_no_bar(tmp_path):
    db = tmp_path / "m.db"
    build(db)
    code, terminal, _ = run_in_pty(["db", "build"], _env(db), stream="stderr")
    assert code == 0
    assert "━" not in terminal and "\x1b[" not in terminal
    assert terminal.strip().startswith("malicli: ") and "up to date" in terminal


def test_a_pipe_gets_no_bar_but_the_summary_line(tmp_path):
    folder = _slow_folder(tmp_path / "many", copies=20)
    r = subprocess.run(
        [sys.executable, "-m", "malicli", "db", "build", "--source", str(folder)],
        env=_env(tmp_path / "m.db"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert all(line.startswith("malicli: ") for line in lines), r.stderr  # warnings, then the summary
    assert lines[-1].startswith("malicli: built ") and "25 documents" in lines[-1]
    assert "\x1b" not in r.stderr and "━" not in r.stderr and "\r" not in r.stderr


def test_ctrl_c_during_an_update_leaves_the_database_untouched(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copyfile(DOCS / "konna-infobox.txt", folder / "konna.txt")
    db = tmp_path / "m.db"
    build(db, [folder])
    before = db.read_bytes()
    _slow_folder(folder, copies=12)  # an update (under half the documents), slow enough to interrupt
    proc = subprocess.Popen(
        [sys.executable, "-m", "malicli", "db", "build"],
        env=_env(db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the update ended before Ctrl-C arrived")
    assert proc.returncode == 130, err
    assert "Interrupted." in err and "Traceback" not in err
    assert db.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(("-journal", ".tmp"))]


def test_an_update_killed_midway_leaves_a_database_that_reads(tmp_path):
    """SIGKILL during an update in place: the journal it leaves is played back by the next
    command (a lookup opens read-only and could not), which sees the old or the new state."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copyfile(DOCS / "konna-infobox.txt", folder / "konna.txt")
    db = tmp_path / "m.db"
    build(db, [folder])
    _slow_folder(folder, copies=12)
    before = db.read_bytes()
    env = _env(db)
    for delay in (0.5, 1.5, 3.0):
        db.write_bytes(before)
        proc = subprocess.Popen(
            [sys.executable, "-m", "malicli", "db", "build"], env=env, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        r = subprocess.run(
            [sys.executable, "-m", "malicli", "battle", "show", "Battle of Konna", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert r.returncode == 0, r.stderr
        c = sqlite3.connect(db)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        c.close()
