"""Rendering: the infobox on a terminal and in a pipe, dates as people read them, and
document text that can never drive the terminal. The golden renderings of every view
are in tests/test_layout.py."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from malicli import query
from malicli.render import plain, terminal, views
from malicli.render.blocks import Col, Fields, Heading, Para, Side, Sides, Table, Title, safe
from malicli.render.layout import cell_width

DOCS = Path(__file__).resolve().parent / "docs"
EVIL = "[red]x[/] \x1b[2J"
SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def kidal(conn):
    return query.battle(conn, "second-battle-of-kidal")


# ---------------------------------------------------------------- the infobox


@pytest.mark.parametrize("width", [60, 80, 120])
def test_terminal_infobox(kidal, width):
    text = terminal.render_text(views.battle_blocks(kidal), width)
    lines = text.splitlines()
    assert not [line for line in lines if cell_width(line) > width]
    assert "\x1b" not in text
    assert cell_width(lines[0]) == width  # the title panel spans the screen
    assert lines[1].strip("┃ ").startswith("Second Battle of Kidal")
    for expected in (
        "16–21 May 2014 (5 days)",
        "Side 1",
        "Side 2",
        "MNLA",
        "1,500",
        "second-battle-of-kidal-mirror.txt:1-114",
    ):
        assert expected in text
    coloured = terminal.render(views.battle_blocks(kidal), width)
    assert "\x1b[" in coloured and SGR.sub("", coloured) == text


def test_plain_infobox_for_scripts(kidal):
    text = plain.render(views.battle_blocks(kidal))
    assert "\x1b" not in text
    assert text.startswith("Second Battle of Kidal\n")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.splitlines()), "trailing spaces"
    for expected in (
        "Date     16–21 May 2014 (5 days)",
        "Side 1",
        "Side 2",
        "Summary",
        "Timeline",
        "Sources  second-battle-of-kidal-mirror.txt:1-114",
    ):
        assert expected in text
    summary = " ".join(kidal["summary"].split())
    assert summary in text, "without a width, paragraphs are not wrapped"


def test_one_statement_is_shown_as_one_claim(kidal):
    """Side 1's infobox figures are one statement of the MNLA ("50 vehicles captured / 12 armoured
    vehicles captured (According to the MNLA)"): one line of casualties, not two."""
    text = plain.render(views.battle_blocks(kidal))
    side1 = text.split("Side 1\n")[1].split("Side 2\n")[0]
    assert side1.count("claimed by MNLA") == 1, side1


def test_cli_plain_output_is_the_plain_renderer(run, kidal):
    """Through a pipe without $COLUMNS the CLI prints exactly what the plain renderer
    gives for no width; with $COLUMNS, that width."""
    r = run("battle", "show", "Second Battle of Kidal")
    assert r.exit_code == 0
    assert r.stdout == plain.render(views.battle_blocks(kidal))
    r = run("battle", "show", "Second Battle of Kidal", env={"COLUMNS": "70"})
    assert r.stdout == plain.render(views.battle_blocks(kidal), 70)


def test_why_table(kidal):
    text = plain.render(views.battle_blocks(kidal, why=True))
    assert "Where each field comes from (second-battle-of-kidal-mirror.txt)" in text
    assert re.search(r"^date +16–21 May 2014 — Date16–21 May 2014 +9$", text, re.M)  # the date's line


# ---------------------------------------------------------------- dates


def test_format_date_month():
    d = {"start": "2013-03-01", "end": "2013-03-31", "precision": "month", "text": "March 2013"}
    assert views.format_date(d) == "March 2013"


def test_format_date_day_range():
    d = {"start": "2014-05-16", "end": "2014-05-21", "precision": "day", "text": "16–21 May 2014"}
    assert views.format_date(d) == "16–21 May 2014 (5 days)"


def test_format_date_ongoing_with_fixed_today():
    d = {"start": "2023-08-08", "end": None, "precision": "day", "text": "8 August 2023"}
    got = views.format_date(d, "ongoing", today=dt.date(2023, 8, 18))
    assert got == "ongoing since 8 Aug 2023 (10 days)"
    assert views.format_date(d, "ongoing", today=dt.date(2023, 8, 9)) == "ongoing since 8 Aug 2023 (1 day)"


@pytest.mark.parametrize(
    "low,high,qualifier,category,population,expected",
    [
        (1, 1, "exact", "killed", "civilians", "1 civilian killed"),
        (1, 1, "exact", "vehicles", None, "1 vehicle"),
        (1, None, "at_least", "wounded", "soldiers", "at least 1 soldier wounded"),
        (2, 2, "exact", "killed", "civilians", "2 civilians killed"),
        (12, 12, "exact", "vehicles", None, "12 vehicles"),
        (1500, 1500, "exact", "killed", None, "1,500 killed"),
        (1, 1, "exact", "missing", None, "1 missing"),
        (None, 30, "at_least", "killed", None, "at most 30 killed"),  # only an upper bound is known
    ],
)
def test_figures_in_the_singular_and_plural(low, high, qualifier, category, population, expected):
    from malicli.render.battle_view import figure_text

    figure = {
        "low": low,
        "high": high,
        "qualifier": qualifier,
        "category": category,
        "population": population,
    }
    assert figure_text(figure) == expected


def test_format_date_siege_from_the_database(conn):
    siege = query.battle(conn, "siege-of-timbuktu")
    got = views.format_date(siege["date"], siege["status"], today=dt.date(2023, 8, 18))
    assert got == "ongoing since 8 Aug 2023 (10 days)"


def test_format_date_ongoing_counts_from_today():
    d = {"start": "2023-08-08", "end": None, "precision": "day"}
    days = (dt.date.today() - dt.date(2023, 8, 8)).days
    assert views.format_date(d, "ongoing") == f"ongoing since 8 Aug 2023 ({days} days)"


@pytest.mark.parametrize(
    "date,expected",
    [
        ({"start": "2013-03-31", "end": "2013-03-31", "precision": "day"}, "31 March 2013"),
        ({"start": "2013-03-31", "end": None, "precision": "day"}, "31 March 2013"),
        ({"start": "2013-01-01", "end": "2013-12-31", "precision": "year"}, "2013"),
        (
            {"start": "2013-03-30", "end": "2013-04-01", "precision": "day"},
            "30 March – 1 April 2013 (2 days)",
        ),
        (
            {"start": "2012-12-30", "end": "2013-01-02", "precision": "day"},
            "30 December 2012 – 2 January 2013 (3 days)",
        ),
        ({"start": "2013-03-30", "end": "2013-03-31", "precision": "day"}, "30–31 March 2013 (1 day)"),
        ({"start": None, "end": None, "precision": None, "text": None}, "not stated"),
    ],
)
def test_format_date_other_shapes(date, expected):
    assert views.format_date(date) == expected


def test_format_date_unreadable_keeps_the_text():
    got = views.format_date({"start": None, "end": None, "precision": None, "text": "in the spring"})
    assert got.startswith("not stated") and "in the spring" in got


# ---------------------------------------------------------------- hostile text


def test_safe_makes_controls_visible():
    assert safe("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert safe("\x9b31m") == "\\x9b31m"  # the one-byte CSI too
    assert safe("tab\tand\nnewline") == "tab\tand\nnewline"
    assert safe(None) == ""


def test_terminal_styles_are_the_only_escape_codes():
    from malicli.render.layout import runs_of

    line = runs_of([(EVIL, "side1"), (" and ", ""), ("[bold]y[/bold]", "dim")])
    out = terminal.styled(line)
    assert SGR.sub("", out) == "[red]x[/] \\x1b[2J and [bold]y[/bold]"
    assert out.count("\x1b") == len(SGR.findall(out)) == 4


def hostile_blocks() -> list:
    """One block of every kind, each made of text that looks like markup or escape codes."""
    return [
        Title(EVIL, EVIL),
        Fields([("Label", EVIL)], title=EVIL),
        Para(EVIL, title=EVIL),
        Heading(EVIL),
        Table(["A", Col("B", wrap=True)], [[EVIL, [(EVIL, "date")]]], title=EVIL),
        Sides([Side(EVIL, "side1", [Fields([("X", EVIL)])])]),
    ]


def test_terminal_renders_hostile_text_literally():
    blocks = hostile_blocks()
    exported = terminal.render_text(blocks, 100)
    assert "[red]x[/]" in exported
    assert "\x1b" not in exported
    styled = terminal.render(blocks, 100)
    assert "\x1b[" in styled  # colour really is on
    assert "\x1b[2J" not in styled
    assert "[red]x[/]" in styled
    assert "\x1b[31m" not in styled  # "[red]" was not read as markup


def test_plain_backend_renders_hostile_text_literally():
    blocks = hostile_blocks()
    out = plain.render(blocks)
    assert "[red]x[/]" in out
    assert "\\x1b[2J" in out
    assert "\x1b" not in out


def test_views_with_hostile_document_text(kidal):
    b = copy.deepcopy(kidal)
    b["name"] = "[red]Evil[/] \x1b]0;pwned\x07"
    b["summary"] = EVIL
    b["result"] = "\x9b2J victory"
    b["sides"][0]["belligerents"][0]["as_written"] = EVIL
    b["events"][0]["summary"] = EVIL
    blocks = views.battle_blocks(b, why=True)
    for out in (plain.render(blocks), terminal.render_text(blocks, 100)):
        assert "[red]x[/]" in out and "[red]Evil[/]" in out
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    styled = terminal.render(blocks, 100)
    assert "\x1b[2J" not in styled and "\x1b]0;" not in styled and "\x9b" not in styled


def test_cli_with_hostile_document(run, tmp_path):
    """A source document with markup and an escape sequence, end to end."""
    src = tmp_path / "docs"
    src.mkdir()
    konna = (DOCS / "konna-infobox.txt").read_text(encoding="utf-8")
    assert "when Islamist forces advanced south" in konna
    (src / "konna-hostile.txt").write_text(
        konna.replace("when Islamist forces advanced south", f"when Islamist forces {EVIL} advanced south"),
        encoding="utf-8",
    )
    db = tmp_path / "hostile.db"
    assert run("db", "build", "--db", str(db), "--source", str(src)).exit_code == 0

    r = run("--db", str(db), "battle", "show", "Battle of Konna")
    assert r.exit_code == 0, r.output
    assert "[red]x[/]" in r.stdout and "\x1b" not in r.stdout

    r = run("--db", str(db), "battle", "show", "Battle of Konna", env={"FORCE_COLOR": "1"})
    assert r.exit_code == 0, r.output
    assert "\x1b[" in r.stdout
    assert "\x1b[2J" not in r.stdout
    assert "[red]x[/]" in r.stdout

    r = run("--db", str(db), "search", "Konna", "--json")
    assert r.exit_code == 0 and "\x1b" not in r.stdout


def test_hostile_name_in_error_message(run):
    r = run("battle", "show", "\x1b[2JSecond Battle of Kidl")
    assert r.exit_code in (3, 4)
    assert "\x1b" not in r.stderr
    assert r.stdout == ""


# ---------------------------------------------------------------- when colour is used


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_use_colour_rules(monkeypatch):
    from malicli import render

    assert render.use_colour(_Stream(True)) is True
    assert render.use_colour(_Stream(False)) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert render.use_colour(_Stream(True)) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert render.use_colour(_Stream(True)) is False
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert render.use_colour(_Stream(False)) is True


def test_width_follows_columns_else_the_terminal_else_none(monkeypatch):
    from malicli import render

    monkeypatch.delenv("COLUMNS", raising=False)
    assert render.terminal_width(_Stream(False)) is None
    monkeypatch.setenv("COLUMNS", "72")
    assert render.terminal_width(_Stream(False)) == 72
    monkeypatch.setenv("COLUMNS", "5")
    assert render.terminal_width(_Stream(False)) == render.MIN_WIDTH


def test_pipe_output_has_no_box_drawing(run):
    """Through a pipe the plain renderer is used, not the terminal's panels."""
    r = run("battle", "show", "Second Battle of Kidal")
    assert r.exit_code == 0
    assert "┏" not in r.stdout and "╭" not in r.stdout


@pytest.mark.parametrize(
    "low,category,note,expected",
    [
        (50, "vehicles", "captured", "50 vehicles captured"),
        (1, "helicopters", "lost", "1 helicopter lost"),
        (1, "vehicles", "destroyed", "1 vehicle destroyed"),
        (12, "weapons", None, "12 weapons"),
    ],
)
def test_what_happened_to_things_is_kept(low, category, note, expected):
    """A vehicles figure says what happened to them: "50 vehicles captured" is not a strength of 50."""
    from malicli.render.battle_view import figure_text

    figure = {"low": low, "high": low, "qualifier": "exact", "category": category, "note": note}
    assert figure_text(figure) == expected


def _claim(line, category, population, low, claimed_by=None):
    return {
        "category": category,
        "population": population,
        "actor": "mali",
        "low": low,
        "high": low,
        "claimed_by": claimed_by,
        "source": {"file": "a.txt", "line": line},
    }


@pytest.mark.parametrize(
    "claims,expected",
    [
        ([_claim(25, "killed", None, 40, "mnla"), _claim(51, "killed", "soldiers", 50)], True),
        ([_claim(25, "killed", None, 40, "mnla"), _claim(51, "killed", "civilians", 50)], False),
        ([_claim(25, "killed", None, 40), _claim(25, "wounded", None, 50)], False),
        ([_claim(25, "killed", "fighters", 40), _claim(30, "killed", "soldiers", 40)], False),
    ],
)
def test_which_claims_disagree(claims, expected):
    """A side's unqualified toll and a toll of its soldiers are about the same people; civilians are not."""
    from malicli.query import disputed

    assert disputed(claims) is expected


def test_format_date_open_says_the_readers_reason():
    d = {
        "start": None,
        "end": None,
        "precision": None,
        "text": "Monday",
        "reason": "'Monday' and no date of the dispatch to count it from: the day is not known",
    }
    assert views.format_date(d) == (
        "not stated ('Monday' and no date of the dispatch to count it from: the day is not known)"
    )
    assert views.format_date({"start": None, "text": "the rainy season"}) == (
        "not stated ('the rainy season' could not be read)"
    )
