"""Every test runs against a real SQLite file in a temporary directory; none
touches the user's data directory."""

from __future__ import annotations

import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

DOCS = Path(__file__).resolve().parent / "docs"
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Point the data directory at tmp_path; clear variables that change output."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    for name in (
        "MALICLI_DB",
        "MALICLI_SOURCES",
        "NO_COLOR",
        "FORCE_COLOR",
        "MALICLI_DEBUG",
        "COLUMNS",
        "LINES",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """One database built from the shipped seeds, shared by the read-only tests."""
    from malicli.build import build

    path = tmp_path_factory.mktemp("db") / "malicli.db"
    build(path)
    return path


@pytest.fixture
def db(built_db, monkeypatch) -> Path:
    monkeypatch.setenv("MALICLI_DB", str(built_db))
    return built_db


@pytest.fixture
def conn(built_db):
    c = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    yield c
    c.close()


@pytest.fixture
def run(db):
    """Invoke the CLI in-process with CliRunner; stdout and stderr kept apart."""
    from click.testing import CliRunner

    from malicli.cli import cli

    def invoke(*args, env=None, input=None):
        return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)

    return invoke


def run_in_pty(
    args, env, columns: int = 0, lines: int = 0, pager: bool = False, stream: str = "stdout"
) -> tuple[int, str, str]:
    """Run ``python -m malicli ARGS`` with stdout (or ``stream="stderr"``) on a pseudo-terminal
    (of that size when given; 0 x 0, an unknown size, otherwise); no pager unless ``pager``.

    Returns (exit code, what reached the terminal, the other stream).
    """
    if not pager:
        env = {**env, "MALICLI_PAGER": ""}
    master, slave = pty.openpty()
    if columns or lines:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    streams = {"stdout": slave, "stderr": subprocess.PIPE}
    if stream == "stderr":
        streams = {"stdout": subprocess.PIPE, "stderr": slave}
    proc = subprocess.Popen([sys.executable, "-m", "malicli", *args], **streams, env=env, cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    other = proc.stderr if stream == "stdout" else proc.stdout
    err = other.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace"), err
