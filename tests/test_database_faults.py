"""Faults of the database file: damaged, foreign, unwritable, raced, killed mid-build."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from malicli import open_database as store
from malicli.build import build

from .conftest import DOCS, ROOT


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def malicli(*args, env=None, **kw):
    full = os.environ | {"PYTHONPATH": str(ROOT)} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "malicli", *args], env=full, capture_output=True, text=True, **kw
    )


@pytest.fixture
def fresh(tmp_path, built_db) -> Path:
    """A private copy of the built database."""
    path = tmp_path / "db" / "malicli.db"
    path.parent.mkdir()
    shutil.copy(built_db, path)
    return path


def test_truncated_database_is_rebuilt_and_announced(run, fresh):
    data = fresh.read_bytes()
    fresh.write_bytes(data[: len(data) // 4])
    r = run("--db", str(fresh), "battle", "list", "--json")
    assert r.exit_code == 0
    assert "building the database" in r.stderr and "corrupt or truncated" in r.stderr
    assert len(json.loads(r.stdout)) >= 15
    assert store.stale_reason(fresh) is None


def _scribble_over_tables(path: Path, tables: tuple[str, ...]) -> None:
    """Overwrite the root page of each table with the same pseudo-random bytes every run."""
    c = sqlite3.connect(path)
    try:
        page = c.execute("PRAGMA page_size").fetchone()[0]
        marks = ",".join("?" * len(tables))
        roots = [
            r[0] for r in c.execute(f"SELECT rootpage FROM sqlite_master WHERE name IN ({marks})", tables)
        ]
    finally:
        c.close()
    assert len(roots) == len(tables), roots
    data = bytearray(path.read_bytes())
    noise = random.Random(2013)
    for root in roots:  # the header and the schema (page 1) stay intact
        assert root > 1
        data[(root - 1) * page : root * page] = noise.randbytes(page)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("args", [["search", "Kidal", "--json"], ["battle", "list"], ["timeline", "--json"]])
def test_damaged_pages_give_a_clear_error_naming_the_path(run, fresh, args):
    _scribble_over_tables(fresh, ("events", "events_fts_data"))
    r = run("--db", str(fresh), *args)
    assert r.exit_code == 1, (r.exit_code, r.stderr)
    assert "Traceback" not in r.stderr
    assert r.stdout == ""
    assert str(fresh) in r.stderr and "damaged" in r.stderr
    assert "malicli db build" in r.stderr  # the way out


def test_non_sqlite_file_is_never_overwritten(run, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my own notes, not a database\n")
    r = run("--db", str(path), "battle", "list")
    assert r.exit_code == 1
    assert str(path) in r.stderr and "not a SQLite database" in r.stderr
    assert "--db" in r.stderr
    assert path.read_text() == "my own notes, not a database\n"


def test_another_programs_database_is_never_overwritten(run, tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    before = sha(path)
    r = run("--db", str(path), "db", "build")
    assert r.exit_code == 1
    assert "another program's SQLite database" in r.stderr
    assert sha(path) == before


def test_other_schema_version_is_rebuilt(run, fresh):
    conn = sqlite3.connect(fresh)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    r = run("--db", str(fresh), "db", "info", "--json")
    assert r.exit_code == 0
    assert "schema version 0" in r.stderr
    assert json.loads(r.stdout)["schema_version"] >= 1


def test_empty_file_is_built(run, tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    r = run("--db", str(path), "battle", "list", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_unwritable_location_is_a_clear_error_with_the_hint(run, tmp_path, where):
    if where == "under-a-file":
        blocker = tmp_path / "file"
        blocker.write_text("x")
        path = blocker / "malicli.db"
    else:
        path = Path("/proc/malicli-test/malicli.db")
    r = run("--db", str(path), "battle", "list")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert str(path) in r.stderr
    assert "--db PATH or MALICLI_DB" in r.stderr


def test_a_lookup_never_writes(fresh):
    folder_before = sorted(p.name for p in fresh.parent.iterdir())
    digest, mtime = sha(fresh), fresh.stat().st_mtime_ns
    for args in (
        ["battle", "list", "--json"],
        ["search", "Kidal"],
        ["timeline", "--json"],
        ["actor", "show", "JNIM"],
        ["place", "show", "Gao"],
        ["db", "info"],
    ):
        r = malicli("--db", str(fresh), *args)
        assert r.returncode == 0, r.stderr
    assert sha(fresh) == digest and fresh.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in fresh.parent.iterdir()) == folder_before


def test_eight_processes_on_a_missing_database(tmp_path):
    path = tmp_path / "race" / "malicli.db"
    env = os.environ | {"PYTHONPATH": str(ROOT), "MALICLI_DB": str(path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "malicli", "search", "--actor", "JNIM", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert json.loads(out)
        assert "Traceback" not in err
    assert store.stale_reason(path) is None
    assert [p.name for p in path.parent.iterdir()] == ["malicli.db"]


def _processes_naming(text: str, wait: float = 5.0) -> list[int]:
    """The ids of live processes whose command line contains `text`, after up to `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                state = (proc / "stat").read_text().split(") ")[-1][:1]
            except OSError:
                continue
            if text in cmdline and state != "Z":
                found.append(int(proc.name))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_a_build_killed_at_any_moment_leaves_the_previous_database(tmp_path, built_db):
    """SIGKILL a rebuild at several moments: the old database stays whole and in use."""
    path = tmp_path / "kill" / "malicli.db"
    path.parent.mkdir()
    shutil.copy(built_db, path)
    extra = tmp_path / "extra"
    extra.mkdir()
    for f in DOCS.glob("*.txt"):  # a bigger build, so that kills land inside it
        for i in range(15):
            (extra / f"{f.stem}-{i}.txt").write_text(f.read_text())
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    original = sha(path)
    outcomes = set()
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.7):
        proc = subprocess.Popen(
            [sys.executable, "-m", "malicli", "--db", str(path), "db", "build", "--source", str(extra)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        digest = sha(path)
        outcomes.add("old" if digest == original else "new")
        conn = sqlite3.connect(store.uri(path), uri=True)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM events WHERE event_type = 'battle'").fetchone()[0] >= 15
        conn.close()
        r = malicli("--db", str(path), "battle", "list", "--json")
        assert r.returncode == 0 and json.loads(r.stdout)
        if digest != original:  # a build that finished: start again from the old one
            shutil.copy(built_db, path)
            original = sha(path)
    assert "old" in outcomes
    assert _processes_naming(str(extra)) == [], "worker processes outlived their killed build"
    leftovers = [p for p in path.parent.iterdir() if p.name != "malicli.db"]
    for p in leftovers:  # killed builds leave only temporary files, never a half database
        assert p.name.startswith(".malicli.db.") and p.name.endswith(".tmp")


def test_abandoned_temporary_files_are_removed_by_the_next_build(tmp_path):
    path = tmp_path / "malicli.db"
    stale = tmp_path / ".malicli.db.abc123.tmp"
    stale.write_bytes(b"half")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    build(path)
    assert not stale.exists()
