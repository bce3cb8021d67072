"""Exit codes: every member of malicli.exitcodes.ExitCode is produced by some invocation,
through CliRunner and through the console-script entry point malicli.cli.main."""

from __future__ import annotations

import pytest

from malicli.exitcodes import ExitCode

# (expected code, arguments, text expected on stderr)
CASES = [
    (ExitCode.OK, ["battle", "list"], None),
    (ExitCode.OK, ["search", "zzzqqqxyzzy", "--json"], None),
    (ExitCode.OK, ["search", "--date", "1990"], None),
    (ExitCode.OK, ["db", "path"], None),
    (ExitCode.OK, ["--version"], None),
    (ExitCode.ERROR, ["--db", "/proc/malicli.db", "battle", "list"], "cannot write the database"),
    (ExitCode.ERROR, ["--db", "/proc/malicli.db", "db", "build"], "cannot write the database"),
    (ExitCode.ERROR, ["db", "info", "--db", "/proc/malicli.db"], "cannot write the database"),
    (ExitCode.USAGE, ["search", "--limit", "0"], "--limit"),
    (ExitCode.USAGE, ["search", "--limit", "abc"], "--limit"),
    (ExitCode.USAGE, ["battle", "list", "--limit", "0"], "--limit"),
    (ExitCode.USAGE, ["timeline", "--limit", "-3"], "--limit"),
    (ExitCode.USAGE, ["search", "--date", "2013-02-30"], "2013-02-30"),
    (ExitCode.USAGE, ["search", "--date", "2013-13"], "2013-13"),
    (ExitCode.USAGE, ["search", "--date", "not a date"], "not a date"),
    (ExitCode.USAGE, ["timeline", "--date", "2013-02-30"], "2013-02-30"),
    (ExitCode.USAGE, ["search", "--from", "2014", "--to", "2013"], "Hint"),
    (ExitCode.USAGE, ["timeline", "--from", "2014", "--to", "2013"], "Hint"),
    (ExitCode.USAGE, ["battle", "list", "--json", "--csv"], "--json"),
    (ExitCode.USAGE, ["battle", "list", "--status", "finished"], "--status"),
    (ExitCode.USAGE, ["battle", "list", "--sort", "size"], "--sort"),
    (ExitCode.USAGE, ["battle", "list", "--year", "abc"], "--year"),
    (ExitCode.USAGE, ["battle", "show"], "NAME"),
    (ExitCode.USAGE, ["battle", "show", "   "], "name"),
    (ExitCode.USAGE, ["battle", "list", "--no-such-option"], "--no-such-option"),
    (ExitCode.USAGE, ["no-such-command"], "no-such-command"),
    (ExitCode.NOT_FOUND, ["battle", "show", "Second Battle of Kidl"], "Second Battle of Kidal"),
    (ExitCode.NOT_FOUND, ["search", "--actor", "Nobody"], "Nobody"),
    (ExitCode.NOT_FOUND, ["timeline", "--place", "Nowhere"], "Nowhere"),
    (ExitCode.NOT_FOUND, ["actor", "show", "Nobody"], "Nobody"),
    (ExitCode.NOT_FOUND, ["place", "show", "Tombuktu"], "Timbuktu"),
    (ExitCode.AMBIGUOUS, ["battle", "show", "Battle of"], "Candidates"),
    (ExitCode.AMBIGUOUS, ["battle", "show", "Timbuktu"], "Siege of Timbuktu"),
    (ExitCode.AMBIGUOUS, ["battle", "show", "Second"], "Second Battle of Kidal"),
]


def _id(case):
    code, args, _ = case
    return f"{code.name}:{' '.join(args)}"


def test_every_exit_code_is_exercised():
    covered = {code for code, _, _ in CASES} | {ExitCode.INTERRUPTED}  # 130: see below
    assert covered == set(ExitCode)
    assert sorted(int(c) for c in ExitCode) == [0, 1, 2, 3, 4, 130]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_exit_code(run, case):
    code, args, on_stderr = case
    r = run(*args)
    assert r.exit_code == code, f"stdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    if code != ExitCode.OK:
        assert r.stdout == "", "an error must not print on stdout"
        assert "Traceback" not in r.stderr
        assert on_stderr in r.stderr


@pytest.mark.parametrize("case", [c for c in CASES if c[0] not in (ExitCode.OK,)], ids=_id)
def test_exit_code_through_main(db, capsys, case):
    """The console script gives the same code as click's own standalone mode."""
    from malicli.cli import main

    code, args, on_stderr = case
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    assert exc.value.code == code
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    assert on_stderr in err


def test_help_documents_every_code(run):
    out = run("--help").stdout
    for code in ExitCode:
        assert f"{int(code)} " in out, f"exit code {int(code)} not documented in --help"


# ---------------------------------------------------------------- main(): the entry point


def test_main_success_exits_zero(db, capsys):
    from malicli.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["battle", "show", "Second Battle of Kidal", "--json"])
    assert exc.value.code == 0
    assert '"second-battle-of-kidal"' in capsys.readouterr().out


def test_main_not_found_no_traceback(db, capsys):
    from malicli.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["battle", "show", "Second Battle of Kidl"])
    assert exc.value.code == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("Error: ")
    assert "Second Battle of Kidal" in err


def test_main_keyboard_interrupt_is_130(db, capsys, monkeypatch):
    from malicli import query
    from malicli.cli import main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(query, "find_events", interrupted)
    with pytest.raises(SystemExit) as exc:
        main(["search", "--actor", "JNIM"])
    assert exc.value.code == ExitCode.INTERRUPTED == 130
    out, err = capsys.readouterr()
    assert out == ""
    assert "Interrupted" in err
    assert "Traceback" not in err


def test_main_keyboard_interrupt_in_battle_show(db, capsys, monkeypatch):
    from malicli import query
    from malicli.cli import main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(query, "battle", interrupted)
    with pytest.raises(SystemExit) as exc:
        main(["battle", "show", "Second Battle of Kidal"])
    assert exc.value.code == 130


def test_main_internal_error_is_one_line(db, capsys, monkeypatch):
    from malicli import query
    from malicli.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("something broke")

    monkeypatch.setattr(query, "find_events", broken)
    with pytest.raises(SystemExit) as exc:
        main(["battle", "list"])
    assert exc.value.code == ExitCode.ERROR
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    assert "internal error" in err and "something broke" in err
    assert "MALICLI_DEBUG" in err


def test_main_internal_error_raises_when_debugging(db, monkeypatch):
    from malicli import query
    from malicli.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("something broke")

    monkeypatch.setattr(query, "find_events", broken)
    monkeypatch.setenv("MALICLI_DEBUG", "1")
    with pytest.raises(RuntimeError, match="something broke"):
        main(["battle", "list"])


def test_db_path_is_a_directory(run, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    r = run("--db", str(folder), "battle", "list")
    assert r.exit_code == ExitCode.ERROR
    assert r.stdout == ""
    assert "is a folder" in r.stderr and str(folder) in r.stderr
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_missing_source_folder(run, tmp_path):
    r = run("db", "build", "--db", str(tmp_path / "x.db"), "--source", str(tmp_path / "missing"))
    assert r.exit_code == ExitCode.ERROR
    assert "missing" in r.stderr
    assert not (tmp_path / "x.db").exists()


def test_not_found_then_suggestion_resolves(run):
    r = run("battle", "show", "Second Battle of Kidl")
    assert r.exit_code == ExitCode.NOT_FOUND
    suggestion = r.stderr.split('Did you mean: "', 1)[1].split('"', 1)[0]
    assert run("battle", "show", suggestion).exit_code == ExitCode.OK


def test_ambiguous_candidates_each_resolve(run):
    r = run("battle", "show", "Timbuktu")
    assert r.exit_code == ExitCode.AMBIGUOUS
    lines = r.stderr.splitlines()
    start = next(
        i for i, x in enumerate(lines) if x.startswith("Candidates (id, name, date, place, sources):")
    )
    candidates = [x.split()[0] for x in lines[start + 1 :] if x.startswith("  ")]
    assert len(candidates) >= 2
    for c in candidates:
        assert run("battle", "show", c).exit_code == ExitCode.OK, c
