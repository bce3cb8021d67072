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


GROUPS = [[], ["battle"], ["actor"], ["place"], ["db"]]


@pytest.mark.parametrize("args", GROUPS, ids=lambda a: " ".join(["malicli", *a]))
def test_a_bare_group_prints_its_help_on_stdout(run, args):
    result = run(*args)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == run(*args, "--help").stdout
    assert result.stdout.startswith("Usage: ") and "COMMAND [ARGS]" in result.stdout.splitlines()[0]
    assert len(result.stdout.splitlines()) > 5  # the help as written, not squeezed onto a line


def test_a_bare_group_through_main(db, capsys):
    from malicli.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["battle"])
    assert exc.value.code == 0
    out, err = capsys.readouterr()
    assert out.startswith("Usage: malicli battle") and "Commands:" in out and err == ""


def test_multi_line_usage_errors_keep_their_lines(capsys):
    """A usage error of several lines keeps them; each line stays safe."""
    from malicli.cli import MalicliCommand

    def refuse(ctx, param, value):
        raise click.BadParameter("first line\nsecond line \x1b[2J")

    cmd = MalicliCommand("probe", params=[click.Option(["--x"], callback=refuse)])
    with pytest.raises(click.UsageError) as exc:
        cmd.main(["--x", "1"], standalone_mode=False)
    assert exc.value.message.splitlines() == ["first line", "second line \\x1b[2J"]
