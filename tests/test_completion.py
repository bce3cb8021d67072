"""Shell completion of names with spaces: typed in real interactive bash, zsh and fish
(each skipped where the shell is not installed), and the completion protocol itself."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import sys
import time

import pytest
from click.testing import CliRunner

from malicli.cli import cli
from malicli.completion import bash_escape

from .conftest import ROOT


def complete(db, shell: str, words: str, current: str | None = None, cword: int = 3) -> list[str]:
    """What malicli answers the shell's completion request, one completion a line."""
    env = {
        "_MALICLI_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword) if shell != "fish" else words.split(" ")[-1],
        "MALICLI_DB": str(db),
    }
    if current is not None:
        env["COMP_CURRENT"] = current
    result = CliRunner().invoke(cli, [], env=env, prog_name="malicli")
    return result.output.splitlines()


def test_bash_escapes_spaces_and_special_characters():
    assert bash_escape("Siege of Timbuktu") == "Siege\\ of\\ Timbuktu"
    assert bash_escape("Jama'at (JNIM), [x]") == "Jama\\'at\\ \\(JNIM\\)\\,\\ \\[x\\]"


def test_bash_completion_is_escaped(db):
    assert "plain,Siege\\ of\\ Timbuktu" in complete(db, "bash", "malicli battle show Sie", current="Sie")


def test_bash_completion_inside_an_open_quote_is_bare(db):
    out = complete(db, "bash", 'malicli battle show "Sie', current='"Sie')
    assert "plain,Siege of Timbuktu" in out


def test_bash_completion_of_an_escaped_prefix(db):
    out = complete(db, "bash", "malicli battle show Siege\\ of", current="Siege\\ of")
    assert out == ["plain,Siege\\ of\\ Timbuktu"]


def test_zsh_gets_the_bare_name_for_compadd_to_quote(db):
    out = complete(db, "zsh", "malicli battle show Sie")
    assert out[:3] == ["plain", "Siege of Timbuktu", "_"]


def test_fish_gets_whole_names_even_with_commas(db):
    out = complete(db, "fish", "malicli actor show Permanent")
    assert "plain,Permanent Strategic Framework for Peace, Security, and Development" in out
    source = CliRunner().invoke(cli, [], env={"_MALICLI_COMPLETE": "fish_source"}, prog_name="malicli")
    assert 'string split -m 1 "," -- $completion' in source.output


def test_bash_source_is_malicli_s(db):
    source = CliRunner().invoke(cli, [], env={"_MALICLI_COMPLETE": "bash_source"}, prog_name="malicli")
    assert 'COMPREPLY+=("$value")' in source.output and "COMP_CURRENT=" in source.output


# ---------------------------------------------------------------- real shells

SHELLS = {
    "bash": (
        ["bash", "--norc", "--noprofile", "-i"],
        'eval "$(_MALICLI_COMPLETE=bash_source malicli)"; echo loaded',
        "echo status=$?",
    ),
    "zsh": (
        ["zsh", "-f", "-i"],
        'autoload -U compinit; compinit -u; eval "$(_MALICLI_COMPLETE=zsh_source malicli)"; echo loaded',
        "echo status=$?",
    ),
    "fish": (
        ["fish", "--no-config", "-i"],
        "function fish_prompt; echo '$ '; end; env _MALICLI_COMPLETE=fish_source malicli | source; echo loaded",
        "echo status=$status",
    ),
}


def _shell_session(db, tmp_path, shell: str, typed: str, name_end: str) -> str:
    """Type ``typed``, press Tab, then Enter, in an interactive shell with malicli's
    completion loaded; returns what the terminal showed."""
    argv, setup, status = SHELLS[shell]
    bindir = tmp_path / "bin"
    bindir.mkdir()
    wrapper = bindir / "malicli"
    wrapper.write_text(f'#!/bin/sh\nexec {sys.executable} -m malicli "$@"\n')
    wrapper.chmod(0o755)
    env = os.environ | {
        "PATH": f"{bindir}:{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "MALICLI_DB": str(db),
        "PS1": "$ ",
        "PROMPT": "$ ",
        "TERM": "xterm",
        "INPUTRC": "/dev/null",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execvpe(argv[0], argv, env)

    def read(until: str, timeout: float) -> str:
        out, end = b"", time.time() + timeout
        while time.time() < end and until.encode() not in out:
            if select.select([fd], [], [], 0.2)[0]:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    break
        return out.decode("utf-8", "replace")

    try:
        read("$ ", 30)
        os.write(fd, setup.encode() + b"\n")
        read("loaded", 60)
        os.write(fd, typed.encode() + b"\t")
        shown = read(name_end, 60)  # the completion landed on the line
        os.write(fd, b"\n")
        shown += read("\r\n}\r\n", 60)  # the JSON object, closed at the start of a line
        os.write(fd, status.encode() + b"\n")
        return shown + read("status=0", 30)
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


@pytest.mark.parametrize("shell", sorted(SHELLS))
@pytest.mark.parametrize(
    "typed,name_end,name",
    [
        ("malicli battle show --json Sie", "Timbuktu", "Siege of Timbuktu"),
        ('malicli battle show --json "Siege of T', 'Timbuktu"', "Siege of Timbuktu"),
        ("malicli actor show --json Group\\ for\\ the\\ Sup", "Muslims", "JNIM"),
    ],
    ids=["bare", "open-quote", "escaped"],
)
def test_a_real_shell_completes_a_name_with_spaces_into_one_argument(
    db, tmp_path, shell, typed, name_end, name
):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    shown = _shell_session(db, tmp_path, shell, typed, name_end)
    assert "status=0" in shown, shown[-800:]
    assert "unexpected extra argument" not in shown
    body = shown[shown.index("{") : shown.rindex("}") + 1]
    assert json.loads(body)["name"] == name
