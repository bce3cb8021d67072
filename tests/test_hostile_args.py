"""Hostile argument text: whatever a script or a person passes, malicli answers
with exit 0, 1, 2, 3 or 4, a few short human lines on stderr and never a
traceback; with --json a success prints JSON and nothing else; an error prints
nothing on stdout; and a lookup never writes to the database."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MB = 1 << 20

# (id, value): every value is tried in every argument position of COMMANDS.
VALUES = [
    # empty, blank, huge
    ("empty", ""),
    ("space", " "),
    ("blank-mixed", " \t\n\u00a0 "),
    ("1MB", "a" * MB),
    ("1MB-spaces", "x" + " " * MB),
    ("1MB-words", "Kidal Gao " * (MB // 10)),
    ("1MB-option-like", "--" + "a" * MB),
    # control characters
    ("nul", "\x00"),
    ("nul-inside", "Kid\x00al"),
    ("c0-controls", "\x01\x02\x07\x08\x0b\x0c\x0e\x1f\x7f"),
    ("crlf", "Kidal\r\n"),
    ("c1-csi", "\x9b2J"),
    # FTS5 query syntax
    ("fts-quote", '"'),
    ("fts-empty-quotes", '""'),
    ("fts-star", "*"),
    ("fts-AND", "AND"),
    ("fts-OR-OR", "OR OR"),
    ("fts-NEAR(", "NEAR("),
    ("fts-near-full", "NEAR(Kidal Gao, 5)"),
    ("fts-minus", "-"),
    ("fts-minus-word", "-Kidal"),
    ("fts-colon", ":"),
    ("fts-column", "name:Kidal"),
    ("fts-caret", "^"),
    ("fts-caret-word", "^Kidal"),
    ("fts-unbalanced-quote", '"Kidal'),
    ("fts-unbalanced-paren", "(Kidal OR"),
    ("fts-prefix", "Kida*"),
    ("fts-NOT", "Kidal NOT Gao"),
    # SQL text
    ("sql-drop", "'; DROP TABLE events; --"),
    ("sql-or", "' OR '1'='1"),
    ("sql-like", "%_%"),
    ("sql-comment", "Kidal /* x */ --"),
    # dates: impossible, far from the war, nonsense
    ("date-feb-30", "2013-02-30"),
    ("date-month-13", "2013-13"),
    ("date-day-0", "2013-01-00"),
    ("date-year-0", "0000-01-01"),
    ("date-1066", "1066"),
    ("date-9999-12-31", "9999-12-31"),
    ("date-5-digit-year", "99999"),
    ("date-negative-year", "-2013"),
    ("date-words-31-feb", "31 February 2013"),
    ("date-slashes", "2013/03/31"),
    ("date-month-words", "March 2013"),
    ("date-reversed-range", "2014–2013"),
    ("date-nonsense", "the day after never"),
    ("date-1e9", "1e9"),
    ("date-nan", "nan"),
    ("date-inf", "inf"),
    # numbers: negative, zero, huge, not numbers
    ("num-minus-one", "-1"),
    ("num-zero", "0"),
    ("num-huge-negative", "-" + "9" * 30),
    ("num-2-pow-63", str(2**63)),
    ("num-400-digits", "1" * 400),
    ("num-float", "3.5"),
    ("num-plus", "+5"),
    ("num-hex", "0x10"),
    ("num-word", "abc"),
    # names with and without accents, case and Unicode forms
    ("name-accented", "Ménaka"),
    ("name-unaccented", "Menaka"),
    ("name-upper", "KIDAL"),
    ("name-french", "Tombouctou"),
    ("name-combining", "Le\u0301re\u0301"),
    ("name-fullwidth", "Ｋｉｄａｌ"),
    ("name-dotted-I", "İ"),
    ("name-eszett", "ß"),
    ("name-apostrophe", "Jama’at"),
    # rich markup
    ("rich-bold", "[bold]Kidal[/bold]"),
    ("rich-close", "[/]"),
    ("rich-open", "[red]"),
    ("rich-link", "[link=file:///etc/passwd]x[/link]"),
    ("rich-escaped", "\\[bold]"),
    # escape sequences
    ("ansi-colour", "\x1b[31mKidal\x1b[0m"),
    ("ansi-clear", "\x1b[2J"),
    ("osc-title", "\x1b]0;pwned\x07"),
    ("option-with-escape", "-\x1b[2J"),
    # right-to-left text, emoji, odd code points
    ("arabic", "كيدال"),
    ("rlo", "\u202eKidal"),
    ("hebrew", "עברית"),
    ("emoji", "😀"),
    ("emoji-zwj", "🏳️‍🌈 Kidal"),
    ("bom", "\ufeffKidal"),
    # what Python puts in sys.argv for bytes that are not UTF-8 (surrogateescape)
    ("argv-not-utf8", "\udcff"),
    ("argv-not-utf8-inside", "K\udcffidal"),
]

# (id, arguments with "{}" where the value goes, whether --json applies)
COMMANDS = [
    ("battle-show", ["battle", "show", "{}"], True),
    ("actor-show", ["actor", "show", "{}"], True),
    ("place-show", ["place", "show", "{}"], True),
    ("search-text", ["search", "{}"], True),
    ("search-actor", ["search", "--actor", "{}"], True),
    ("search-place", ["search", "--place", "{}"], True),
    ("search-date", ["search", "--date", "{}"], True),
    ("search-from", ["search", "--from", "{}"], True),
    ("search-to", ["search", "--to", "{}"], True),
    ("search-limit", ["search", "--limit", "{}"], True),
    ("battle-list-year", ["battle", "list", "--year", "{}"], True),
    ("battle-list-limit", ["battle", "list", "--limit", "{}"], True),
    ("timeline-kind", ["timeline", "--kind", "{}"], True),
    ("timeline-date", ["timeline", "--date", "{}"], True),
    ("battle-show-extra-arg", ["battle", "show", "Second Battle of Kidal", "{}"], True),
]

EXIT_CODES = {0, 1, 2, 3, 4}
MAX_STDERR_LINES = 14  # an error, up to ten candidates, their heading, a hint
MAX_LINE = 400
# C0 and C1 controls, DEL and ESC: none may reach a terminal raw ("\n" and "\t" aside)
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _cases():
    for cid, _template, _ in COMMANDS:
        for vid, _value in VALUES:
            yield pytest.param(cid, vid, id=f"{cid}:{vid}")


def _args(command: str, value: str, as_json: bool) -> list[str]:
    template, json_ok = next((t, j) for c, t, j in COMMANDS if c == command)
    args = [value if a == "{}" else a for a in template]
    return args + ["--json"] if as_json and json_ok else args


VALUE = dict(VALUES)


CUT_NOTE = re.compile(r"malicli: showing [0-9–]+ of [0-9]+ \(use --limit or --offset\)\n")


def check_streams(code: int, out: str, err: str, as_json: bool, args) -> None:
    shown = " ".join(repr(a)[:40] for a in args)
    assert code in EXIT_CODES, f"{shown}: exit {code}\n{err[:2000]}"
    assert "Traceback" not in out and "Traceback" not in err, f"{shown}: a traceback\n{err[:2000]}"
    assert "internal error" not in err, f"{shown}: {err[:500]}"
    lines = err.splitlines()
    assert len(lines) <= MAX_STDERR_LINES, f"{shown}: {len(lines)} lines on stderr\n{err[:2000]}"
    longest = max((len(line) for line in lines), default=0)
    assert longest <= MAX_LINE, f"{shown}: a stderr line of {longest} characters: {err[:300]!r}…"
    assert not RAW_CONTROL.search(err), f"{shown}: raw control characters on stderr: {err[:300]!r}"
    assert not RAW_CONTROL.search(out), f"{shown}: raw control characters on stdout: {out[:300]!r}"
    if code != 0:
        assert out == "", f"{shown}: exit {code} but stdout is not empty: {out[:300]!r}"
        assert err.strip(), f"{shown}: exit {code} with nothing on stderr"
    elif as_json:
        json.loads(out)  # JSON and nothing else on stdout…
        # …and on stderr at most the note that a --limit cut the list
        assert err == "" or CUT_NOTE.fullmatch(err), f"{shown}: --json success wrote on stderr: {err[:300]!r}"


# --------------------------------------------------------------- the database is never written


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _code_and_seeds() -> list[tuple[str, int, int]]:
    """What the database is built from: a change here makes a rebuild legitimate."""
    out = []
    for folder in (ROOT / "malicli", ROOT / "seeds"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                st = path.stat()
                out.append((str(path), st.st_size, st.st_mtime_ns))
    return out


@pytest.fixture(scope="module")
def before(built_db):
    """The database as the session built it, and the code and seeds it was built from."""
    return {
        "sha256": _sha256(built_db),
        "sources": _code_and_seeds(),
        "files": sorted(p.name for p in built_db.parent.iterdir()),
    }


# --------------------------------------------------------------- CliRunner, every combination


@pytest.mark.parametrize("command,value", list(_cases()))
def test_hostile_argument(run, before, command, value):
    for as_json in (False, True):
        args = _args(command, VALUE[value], as_json)
        r = run(*args)
        check_streams(r.exit_code, r.stdout, r.stderr, as_json, args)


# --------------------------------------------------------------- stderr as a terminal sees it

# click strips ANSI sequences from what it echoes when stderr is not a terminal; with
# color=True CliRunner shows what a terminal would receive.
TERMINAL_VALUES = [
    "ansi-colour",
    "ansi-clear",
    "osc-title",
    "nul",
    "c1-csi",
    "option-with-escape",
    "rich-bold",
    "rlo",
]


def _terminal_cases():
    for cid, _, _ in COMMANDS:
        for vid in TERMINAL_VALUES:
            yield pytest.param(cid, vid, id=f"{cid}:{vid}")


@pytest.mark.parametrize("command,value", list(_terminal_cases()))
def test_hostile_argument_on_a_terminal(db, before, command, value):
    from click.testing import CliRunner

    from malicli.cli import cli

    args = _args(command, VALUE[value], False)
    r = CliRunner().invoke(cli, args, color=True, catch_exceptions=False)
    check_streams(r.exit_code, r.stdout, r.stderr, False, args)


# --------------------------------------------------------------- the console entry point

MAIN_CASES = [
    ("battle-show", "1MB"),
    ("battle-show", "nul-inside"),
    ("battle-show", "sql-drop"),
    ("actor-show", "rich-bold"),
    ("place-show", "ansi-clear"),
    ("search-text", "fts-NEAR("),
    ("search-text", "fts-unbalanced-quote"),
    ("search-text", "1MB-words"),
    ("search-actor", "emoji-zwj"),
    ("search-place", "rlo"),
    ("search-date", "date-feb-30"),
    ("search-from", "date-9999-12-31"),
    ("search-to", "date-1066"),
    ("battle-list-year", "num-word"),
    ("battle-list-year", "1MB"),
    ("battle-list-limit", "num-minus-one"),
    ("battle-list-limit", "num-400-digits"),
    ("search-limit", "num-2-pow-63"),
    ("timeline-kind", "c0-controls"),
    ("battle-show", "argv-not-utf8"),
    ("battle-show-extra-arg", "ansi-clear"),
]


@pytest.mark.parametrize("command,value", [pytest.param(c, v, id=f"{c}:{v}") for c, v in MAIN_CASES])
def test_hostile_argument_through_main(db, before, capsys, command, value):
    """malicli.cli.main, the console script: the same answers, as exit codes."""
    from malicli.cli import main

    for as_json in (False, True):
        args = _args(command, VALUE[value], as_json)
        with pytest.raises(SystemExit) as exc:
            main(args)
        out, err = capsys.readouterr()
        code = exc.value.code if isinstance(exc.value.code, int) else 1
        check_streams(code, out, err, as_json, args)


def test_reversed_range_is_a_usage_error(run, before):
    for command in ("search", "timeline"):
        r = run(command, "--from", "2014", "--to", "2013", "--json")
        assert r.exit_code == 2
        assert r.stdout == ""
        assert "Hint" in r.stderr


@pytest.mark.parametrize("date", ["1066", "1900", "1911-11-11", "March 1950"])
def test_dates_before_the_war_find_nothing(run, before, date):
    r = run("search", "--date", date, "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout) == []


@pytest.mark.parametrize("date", ["9999-12-31", "2099-12"])
def test_dates_far_after_the_war_find_only_ongoing_events(run, before, date):
    r = run("search", "--date", date, "--json")
    assert r.exit_code == 0, r.stderr
    for item in json.loads(r.stdout):
        assert item["status"] == "ongoing" and item["date"]["end"] is None, item


def test_sql_text_is_only_text(run, before, conn):
    """The SQL text reaches no SQL: the tables are all still there."""
    r = run("search", "'; DROP TABLE events; --", "--json")
    assert r.exit_code == 0
    assert isinstance(json.loads(r.stdout), list)
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0


def test_accents_are_optional_in_names(run, before):
    with_accents = run("place", "show", "Ménaka", "--json")
    without = run("place", "show", "MENAKA", "--json")
    assert with_accents.exit_code == without.exit_code == 0
    assert json.loads(with_accents.stdout)["id"] == json.loads(without.stdout)["id"]


# --------------------------------------------------------------- a lookup never writes


def test_lookups_never_wrote_to_the_database(built_db, before):
    """Runs after every lookup of this module (pytest keeps file order)."""
    if _code_and_seeds() != before["sources"]:
        pytest.skip("the package's code or seeds changed during the run: a rebuild was due")
    assert _sha256(built_db) == before["sha256"]
    assert sorted(p.name for p in built_db.parent.iterdir()) == before["files"]
