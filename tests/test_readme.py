"""Every example in the README is run; every shown output is the real one.

Regenerate the outputs with: UPDATE_README=1 python3 -m pytest tests/test_readme.py
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
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


def test_readme_outputs_are_real(run):
    """The outputs are shown as a 100-column terminal without colour shows them."""
    text = README.read_text()

    def real(m):
        result = run(*argv(m.group("cmd")), env={"COLUMNS": "100"})
        assert result.exit_code == 0, result.stderr
        return f"<!-- output: {m.group('cmd')} -->\n```\n{result.stdout}```\n"

    new = OUTPUT.sub(real, text)
    if os.environ.get("UPDATE_README") == "1":
        README.write_text(new)
    assert new == text, "README outputs are stale: run UPDATE_README=1 python3 -m pytest tests/test_readme.py"


def test_readme_opens_with_install_then_query():
    text = README.read_text()
    first = re.search(r"```bash\n(.*?)```", text, re.S).group(1).strip().splitlines()
    assert first[0].startswith("python3 -m pip install")
    assert first[1].startswith("malicli ")
    assert "pytest" in text.split("## A tour")[0]
