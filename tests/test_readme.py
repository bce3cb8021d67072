"""Every example in the README is run; every shown output is the real one.

An output block that differs from what the command prints fails the test; the README is
never rewritten by a test run. After a deliberate change of the output, rewrite the blocks
on purpose with

    MALICLI_REGENERATE_GOLDENS=1 python3 -m pytest tests/test_readme.py

and read the diff (``git diff README.md``) before committing it.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CI = ROOT / ".ci" / "run"
REGENERATE = os.environ.get("MALICLI_REGENERATE_GOLDENS") == "1"
OUTPUT = re.compile(r"<!-- output: (?P<cmd>.+?) -->\n```\n(?P<body>.*?)```\n", re.S)


def commands() -> list[str]:
    text = README.read_text()
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("malicli "):
                found.append(line)
    found += re.findall(r"`(malicli [^`]+)`", text)
    found += [m.group("cmd") for m in OUTPUT.finditer(text)]
    return list(dict.fromkeys(found))


def argv(command: str) -> list[str]:
    command = command.split(" | ")[0]
    return shlex.split(command)[1:]


@pytest.mark.parametrize("command", commands())
def test_readme_example_runs(command, run, tmp_path, monkeypatch):
    monkeypatch.chdir(README.parent)
    if "db build" in command:
        monkeypatch.setenv("MALICLI_DB", str(tmp_path / "built.db"))
    result = run(*argv(command))
    assert result.exit_code == 0, (command, result.stderr)


def shown_outputs() -> list[tuple[str, str]]:
    """(command, output shown under it) for each ``<!-- output: ... -->`` block of the README."""
    return [(m.group("cmd"), m.group("body")) for m in OUTPUT.finditer(README.read_text())]


def test_readme_shows_outputs():
    assert len(shown_outputs()) >= 5


@pytest.mark.parametrize("command,shown", shown_outputs(), ids=[c for c, _ in shown_outputs()])
def test_readme_output_is_real(run, command, shown):
    """Outputs are shown as a 100-column terminal without colour shows them."""
    result = run(*argv(command), env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    if REGENERATE and result.stdout != shown:
        block = f"<!-- output: {command} -->\n```\n"
        text = README.read_text()
        assert text.count(block + shown + "```\n") == 1, command
        README.write_text(text.replace(block + shown + "```\n", block + result.stdout + "```\n"))
        return
    assert result.stdout == shown, (
        f"the README shows another output for `{command}` than it prints "
        "(MALICLI_REGENERATE_GOLDENS=1 rewrites the README's output blocks on purpose)"
    )


def test_readme_test_command_is_what_ci_runs():
    """The command the README gives for the tests is, word for word, a line of .ci/run."""
    intro = README.read_text().split("## A tour")[0]
    blocks = re.findall(r"```bash\n(.*?)```", intro, re.S)
    (command,) = [b.strip() for b in blocks if "pytest" in b]
    ci_lines = [line.strip() for line in CI.read_text().splitlines()]
    assert command in ci_lines, f"{command!r} is not a line of .ci/run"


def test_readme_opens_with_install_then_query():
    text = README.read_text()
    first = re.search(r"```bash\n(.*?)```", text, re.S).group(1).strip().splitlines()
    assert first[0].startswith("git clone ") and first[1].startswith("cd ")
    assert first[2].startswith("python3 -m pip install")
    assert first[3].startswith("malicli ")
    assert "pipx install ." in text.split("## A tour")[0]
    assert "pytest" in text.split("## A tour")[0]
