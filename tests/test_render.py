"""Rendering: golden infoboxes (rich at 80 and 120 columns, plain at 100), dates as people
read them, and document text that can never drive the terminal.

Golden files live in tests/golden/ and are the output a reader expects, checked by eye.
The rendering must match them exactly; a missing golden file is a failure, never written.
To change them on purpose (after a deliberate change of the layout), regenerate them with

    MALICLI_REGENERATE_GOLDENS=1 python3 -m pytest tests/test_render.py tests/test_readme.py

and read the diff (``git diff tests/golden README.md``) before committing it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
from pathlib import Path

import pytest
from rich.cells import cell_len

from malicli import query
from malicli.render import plain, views
from malicli.render.blocks import Fields, Heading, Para, Side, Sides, Table, Title, safe

GOLDEN = Path(__file__).resolve().parent / "golden"
DOCS = Path(__file__).resolve().parent / "docs"
EVIL = "[red]x[/] \x1b[2J"


REGENERATE = os.environ.get("MALICLI_REGENERATE_GOLDENS") == "1"


def check_golden(name: str, text: str) -> None:
    """``text`` must equal tests/golden/NAME; only MALICLI_REGENERATE_GOLDENS=1 writes the file."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"golden file {path} is missing (MALICLI_REGENERATE_GOLDENS=1 writes it on purpose)"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from the golden file (MALICLI_REGENERATE_GOLDENS=1 rewrites it)"


def rich_text(blocks, width: int) -> str:
    from malicli.render.rich_backend import make_console, render

    console = make_console(width=width, record=True, file=io.StringIO())
    render(blocks, console)
    return console.export_text()


def rich_styled(blocks, width: int = 100) -> str:
    """What a colour terminal would receive (escape codes included)."""
    from rich.console import Console

    from malicli.render.rich_backend import render

    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        markup=False,
        emoji=False,
    )
    render(blocks, console)
    return buf.getvalue()


@pytest.fixture
def kidal(conn):
    return query.battle(conn, "second-battle-of-kidal")


# ---------------------------------------------------------------- golden infoboxes


@pytest.mark.parametrize("width", [80, 120])
def test_rich_infobox_golden(kidal, width):
    text = rich_text(views.battle_blocks(kidal), width)
    lines = text.splitlines()
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide, f"lines wider than {width}: {too_wide}"
    assert "\x1b" not in text
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
    check_golden(f"battle_show_kidal_{width}.txt", text)


def test_rich_infobox_fills_the_width(kidal):
    """The title panel spans the console: the width really is used."""
    for width in (80, 120):
        first = rich_text(views.battle_blocks(kidal), width).splitlines()[0]
        assert cell_len(first) == width


def test_plain_infobox_golden(kidal):
    text = plain.render(views.battle_blocks(kidal))
    too_wide = [line for line in text.splitlines() if len(line) > 100]
    assert not too_wide, f"lines wider than 100: {too_wide}"
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
    check_golden("battle_show_kidal_plain_100.txt", text)


def test_one_statement_is_shown_as_one_claim(kidal):
    """Side 1's infobox figures are one statement of the MNLA ("50 vehicles captured / 12 armoured
    vehicles captured (According to the MNLA)"): one line of casualties, not two."""
    text = plain.render(views.battle_blocks(kidal))
    side1 = text.split("Side 1\n")[1].split("Side 2\n")[0]
    assert side1.count("claimed by MNLA") == 1, side1


def test_cli_plain_output_is_the_plain_renderer(run, kidal):
    """Through a pipe the CLI prints exactly what the plain backend renders."""
    r = run("battle", "show", "Second Battle of Kidal")
    assert r.exit_code == 0
    assert r.stdout == plain.render(views.battle_blocks(kidal))


def test_why_table(kidal):
    text = plain.render(views.battle_blocks(kidal, why=True))
    assert "Where each field comes from" in text
    assert "second-battle-of-kidal-mirror.txt:9" in text  # the date's line


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


def test_rich_text_is_never_markup():
    from malicli.render.rich_backend import text

    t = text(EVIL)
    assert t.plain == "[red]x[/] \\x1b[2J"
    assert not t.spans
    assert "\x1b" not in t.plain
    t2 = text([(EVIL, "side1"), (" and ", ""), ("[bold]y[/bold]", "dim")])
    assert "[red]x[/]" in t2.plain and "[bold]y[/bold]" in t2.plain
    assert "\x1b" not in t2.plain


def test_rich_backend_renders_hostile_text_literally():
    blocks = [
        Title(EVIL, EVIL),
        Fields([("Label", EVIL)], title=EVIL),
        Para(EVIL, title=EVIL),
        Heading(EVIL),
        Table(["A", "B"], [[EVIL, [(EVIL, "date")]]], title=EVIL, wrap=(1,)),
        Sides([Side(EVIL, "side1", [Fields([("X", EVIL)])])]),
    ]
    exported = rich_text(blocks, 100)
    assert "[red]x[/]" in exported
    assert "\x1b" not in exported
    styled = rich_styled(blocks)
    assert "\x1b[" in styled  # colour really is on
    assert "\x1b[2J" not in styled
    assert "[red]x[/]" in styled
    assert "\x1b[31m" not in styled  # "[red]" was not read as markup


def test_plain_backend_renders_hostile_text_literally():
    blocks = [
        Title(EVIL, EVIL),
        Fields([("Label", EVIL)], title=EVIL),
        Para(EVIL, title=EVIL),
        Heading(EVIL),
        Table(["A", "B"], [[EVIL, [(EVIL, "date")]]], title=EVIL, wrap=(1,)),
        Sides([Side(EVIL, "side1", [Fields([("X", EVIL)])])]),
    ]
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
    for out in (plain.render(blocks), rich_text(blocks, 100)):
        assert "[red]x[/]" in out and "[red]Evil[/]" in out
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    styled = rich_styled(blocks)
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


# ---------------------------------------------------------------- when rich is used


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_use_rich_rules(monkeypatch):
    from malicli import render

    assert render.use_rich(_Stream(True)) is True
    assert render.use_rich(_Stream(False)) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert render.use_rich(_Stream(True)) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert render.use_rich(_Stream(True)) is False
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert render.use_rich(_Stream(False)) is True


def test_pipe_output_has_no_box_drawing(run):
    """Through a pipe the plain backend is used, not rich's panels."""
    r = run("battle", "show", "Second Battle of Kidal")
    assert r.exit_code == 0
    assert "┏" not in r.stdout and "╭" not in r.stdout
