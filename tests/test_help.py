"""Every command's --help ends with examples; every example runs."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import click
import pytest

from malicli.cli import cli

EXAMPLES = json.loads(
    (Path(__file__).resolve().parent.parent / "malicli" / "data" / "examples.json").read_text()
)


def all_commands(group=cli, path=("malicli",)):
    yield path, group
    if isinstance(group, click.Group):
        for name, sub in group.commands.items():
            yield from all_commands(sub, (*path, name))


COMMANDS = [" ".join(p) for p, _ in all_commands()]


@pytest.mark.parametrize("path", COMMANDS)
def test_every_command_has_examples_in_its_help(path, run):
    result = run(*path.split()[1:], "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert path in EXAMPLES and EXAMPLES[path]
    for example in EXAMPLES[path]:
        assert example in result.stdout


def test_examples_name_only_real_commands():
    assert set(EXAMPLES) - {"note"} <= set(COMMANDS)


RUNNABLE = sorted(
    {
        e
        for k, v in EXAMPLES.items()
        if k != "note"
        for e in v
        # a server runs until stopped: tests/test_serve.py starts one
        if e.startswith("malicli ") and "my-documents" not in e and not e.startswith("malicli serve")
    }
)


@pytest.mark.parametrize("example", RUNNABLE)
def test_example_runs(example, run, tmp_path, monkeypatch):
    if "db build" in example:
        monkeypatch.setenv("MALICLI_DB", str(tmp_path / "built.db"))
    result = run(*shlex.split(example.split(" | ")[0])[1:])
    assert result.exit_code == 0, (example, result.stderr)


def test_root_help_lists_exit_codes(run):
    out = run("--help").stdout
    for code in ("0", "1", "2", "3", "4", "130"):
        assert f"\n    {code} " in out
