"""Real terminals and shell completion: colour only where it belongs."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from malicli.cli import cli
from malicli.render.layout import cell_width

from .conftest import run_in_pty


@pytest.fixture
def tty_env(db):
    env = {
        k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PAGER", "MALICLI_PAGER")
    }
    env["MALICLI_DB"] = str(db)
    env["COLUMNS"] = "100"
    env["TERM"] = "xterm-256color"
    return env


def test_terminal_gets_colour(tty_env):
    code, out, _ = run_in_pty(["battle", "list"], tty_env)
    assert code == 0
    assert "\x1b[" in out


@pytest.mark.parametrize("var,value", [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_color_and_dumb_terminal_get_plain_text(tty_env, var, value):
    code, out, _ = run_in_pty(["battle", "list"], tty_env | {var: value})
    assert code == 0
    assert "\x1b" not in out
    assert "Second Battle of Kidal" in out


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("colour", [True, False], ids=["colour", "NO_COLOR"])
def test_output_follows_the_terminal_width(tty_env, columns, colour):
    """With or without colour, a terminal's width is followed (no $COLUMNS here)."""
    env = {k: v for k, v in tty_env.items() if k != "COLUMNS"} | ({} if colour else {"NO_COLOR": "1"})
    for args in (["battle", "list"], ["battle", "show", "Second Battle of Kidal"], ["place", "list"]):
        code, out, _ = run_in_pty([*args, "--no-pager"], env, columns=columns, lines=50)
        assert code == 0
        lines = re.sub(r"\x1b\[[0-9;]*m", "", out).replace("\r\n", "\n").splitlines()
        assert max(cell_width(line) for line in lines) <= columns, args
        assert ("\x1b[" in out) is colour
        assert "Name" in "".join(lines[:3]) or "Second Battle of Kidal" in out


def test_pipe_gets_plain_text(db):
    env = os.environ | {"MALICLI_DB": str(db)}
    out = subprocess.run(
        [sys.executable, "-m", "malicli", "battle", "list"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "\x1b" not in out and "Battle of Ber" in out


@pytest.mark.parametrize(
    "words,expected",
    [
        ("malicli battle show Second", "Second Battle of Kidal"),
        ("malicli actor show GS", "GSIM"),
        ("malicli place show Tomb", "Tombouctou"),
        ("malicli search --actor JN", "JNIM"),
    ],
)
def test_shell_completion_from_the_database(db, words, expected):
    from click.testing import CliRunner

    env = {
        "_MALICLI_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
        "MALICLI_DB": str(db),
    }
    result = CliRunner().invoke(cli, [], env=env, prog_name="malicli")
    assert f"plain,{expected.replace(' ', chr(92) + ' ')}" in result.output  # spaces escaped for bash


# ---------------------------------------------------------------- the pager

PAGER = f"{sys.executable} -c \"import sys; data = sys.stdin.read(); print('PAGED', len(data.splitlines()))\""


@pytest.mark.parametrize("var", ["MALICLI_PAGER", "PAGER"])
def test_long_output_on_a_terminal_goes_through_the_pager(tty_env, var):
    env = tty_env | {var: PAGER}
    code, out, err = run_in_pty(["timeline"], env, columns=100, lines=30, pager=True)
    assert code == 0, err
    assert "PAGED" in out
    assert int(out.split("PAGED")[1].split()[0]) > 30


def test_malicli_pager_wins_over_pager(tty_env):
    env = tty_env | {"MALICLI_PAGER": PAGER, "PAGER": "false"}
    assert "PAGED" in run_in_pty(["timeline"], env, columns=100, lines=30, pager=True)[1]


@pytest.mark.parametrize("how", ["--no-pager", "MALICLI_PAGER=", "PAGER=cat"])
def test_the_pager_can_be_turned_off(tty_env, how):
    env = tty_env | {"MALICLI_PAGER": PAGER}
    args = ["timeline"]
    if how == "--no-pager":
        args.append(how)
    else:
        env.pop("MALICLI_PAGER")
        var, value = how.split("=")
        env[var] = value
    code, out, _ = run_in_pty(args, env, columns=100, lines=30, pager=True)
    assert code == 0 and "PAGED" not in out
    assert "Konna" in out  # printed directly


def test_short_output_is_not_paged(tty_env):
    env = tty_env | {"MALICLI_PAGER": PAGER}
    code, out, _ = run_in_pty(["battle", "list", "--year", "2013"], env, columns=100, lines=50, pager=True)
    assert code == 0 and "PAGED" not in out and "Battle of Tessalit" in out


def test_no_pager_when_piped(db):
    env = os.environ | {"MALICLI_DB": str(db), "MALICLI_PAGER": PAGER, "LINES": "10"}
    out = subprocess.run(
        [sys.executable, "-m", "malicli", "timeline"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "PAGED" not in out and len(out.splitlines()) > 100


def test_a_pager_that_cannot_start_prints_directly(tty_env):
    env = tty_env | {"MALICLI_PAGER": "/nonexistent/pager"}
    code, out, err = run_in_pty(["timeline"], env, columns=100, lines=30, pager=True)
    assert code == 0 and "Konna" in out and err == ""
