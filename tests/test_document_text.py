"""Text from documents never reaches the terminal as markup or control.

Two documents of our own, an infobox article and a mirror page, carry rich
markup (``[red]``, ``[/]``, ``[bold]x[/bold]``) and an escape sequence
(``ESC[2J``, clear the screen) in their title, belligerent and commander names,
result and prose, and in the mirror page's file name. Plain output, rich
output and a real terminal show the markup literally and the escape sequence
made visible (or removed); ``--json`` carries the exact strings as data.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3

import pytest

from malicli.build import build

from .conftest import run_in_pty

ESC = "\x1b[2J"  # the raw sequence: clear the screen
SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour and style codes: what malicli's rich output may add

INFOBOX_TITLE = f"Battle of [red]Gao[/] {ESC}x"
INFOBOX_COMMANDER = f"Col. [blink]Evil[/blink] {ESC}Officer"
INFOBOX_RESULT = f"[bold]x[/bold] victory {ESC}"
INFOBOX_COMBATANT_LINE = f"- Combatant1: Mali, [red]Red Brigade[/] {ESC}"
INFOBOX_LEAD = (
    f"The Battle of [red]Gao[/] was fought in February 2013 {ESC} between "
    f"[bold]x[/bold] and MOJWA fighters in Gao. [link=file:///etc/passwd]click[/link]"
)
INFOBOX_PROSE = (
    f"On 10 February, MOJWA fighters [red]attacked[/] Gao {ESC}. "
    f"On 11 February, 5 [bold]x[/bold] soldiers were killed."
)
INFOBOX = f"""= {INFOBOX_TITLE} =

Infobox
- Conflict: Battle of [red]Gao[/]
- Date: 10–12 February 2013
- Place: Gao, Mali
- Result: {INFOBOX_RESULT}
{INFOBOX_COMBATANT_LINE}
- Combatant2: MOJWA, [bold]x[/bold]
- Commander1: {INFOBOX_COMMANDER}
- Commander2: Unknown
- Casualties1: 3 killed
- Casualties2: 20 killed

{INFOBOX_LEAD}

==Battle==
{INFOBOX_PROSE}
"""

MIRROR_TITLE = f"Battle of [bold]Tessalit[/bold] {ESC}"
MIRROR_COMMANDER = f"Capt. [red]Red[/] {ESC}Leader"
MIRROR_LEAD = (
    f"The Battle of [bold]Tessalit[/bold] {ESC} was fought in March 2012 between the "
    f"Malian army and the National Movement for the Liberation of Azawad (MNLA) for "
    f"control of the town of Tessalit [/] and its airfield."
)
MIRROR_PROSE = (
    f"On 4 March 2012, fighting [red]was reported[/] near the town of Tessalit {ESC}. "
    f"On 11 March, the MNLA took the town and its airport after the Malian garrison "
    f"withdrew."
)
MIRROR = f"""{MIRROR_TITLE}

Last updated

{MIRROR_TITLE}
Part of the Mali War
Date4 March – 11 March 2012
(7 days)
LocationTessalit, Kidal Region, Mali
Result

MNLA victory [red]

Belligerents

Flag of Mali.svg  Mali

MNLA flag.svg  Azawad

Commanders and leaders

Flag of Mali.svg  {MIRROR_COMMANDER}

MNLA flag.svg  Unknown

Strength
400 [1] 600
Casualties and losses
5 killed
12 captured
(According to the Malian government) [2]
3 killed
7 wounded
(According to the MNLA) [3]

{MIRROR_LEAD}

Contents

Siege

{MIRROR_PROSE}

References

  1. "Fighting in Tessalit". Example News. Retrieved 1 April 2012.
"""
MIRROR_FILE = f"mirror-[blink]y{ESC}.txt"  # no "/" in a file name

# markup that must show literally, in each output, for each document
INFOBOX_LITERALS = [
    "[red]Gao[/]",
    "[blink]Evil[/blink]",
    "[bold]x[/bold]",
    "[red]attacked[/]",
    "[link=file:///etc/passwd]click[/link]",
]
MIRROR_LITERALS = ["[bold]Tessalit[/bold]", "[red]Red[/]", "[red]was", "reported[/]", "mirror-[blink]y"]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-sources")
    (folder / "gao-hostile.txt").write_text(INFOBOX, encoding="utf-8")
    (folder / MIRROR_FILE).write_text(MIRROR, encoding="utf-8")
    path = tmp_path_factory.mktemp("hostile-db") / "hostile.db"
    warnings: list[str] = []
    report = build(path, extra_dirs=[folder], warn=warnings.append)
    stored = {s["file"]: s for s in report.sources}
    assert "gao-hostile.txt" in stored and MIRROR_FILE in stored, (report.skipped, warnings)
    assert stored["gao-hostile.txt"]["format"] == "infobox-article"
    assert stored[MIRROR_FILE]["format"] == "mirror-page"
    return path


@pytest.fixture
def hrun(hostile_db, monkeypatch):
    """CliRunner on the hostile database; stdout is not a terminal (plain) unless FORCE_COLOR."""
    from click.testing import CliRunner

    from malicli.cli import cli

    monkeypatch.setenv("MALICLI_DB", str(hostile_db))

    def invoke(*args, env=None):
        r = CliRunner().invoke(cli, list(args), env=env, color=True, catch_exceptions=False)
        assert r.exit_code == 0, f"{args}: exit {r.exit_code}\n{r.stderr}"
        assert ESC not in r.stderr and "\x1b" not in r.stderr, r.stderr
        return r

    return invoke


DOCUMENTS = [
    pytest.param(INFOBOX_TITLE, INFOBOX_LITERALS, id="infobox"),
    pytest.param(MIRROR_TITLE, MIRROR_LITERALS, id="mirror"),
]


def assert_safe_plain(out: str, literals) -> None:
    assert "\x1b" not in out, f"a raw ESC in plain output: {out[:400]!r}"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), "raw control characters"
    for token in literals:
        assert token in out, f"{token!r} is not shown literally"


def assert_safe_rich(out: str, literals) -> None:
    assert ESC not in out, "the document's ESC[2J reached the terminal"
    bare = SGR.sub("", out)
    assert "\x1b" not in bare, f"an escape sequence other than colour: {bare[:400]!r}"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", bare), "raw control characters"
    for token in literals:
        assert token in bare, f"{token!r} is not shown literally"


# --------------------------------------------------------------- plain text


@pytest.mark.parametrize("title,literals", DOCUMENTS)
@pytest.mark.parametrize("why", [False, True], ids=["show", "why"])
def test_plain_battle_show_shows_markup_literally(hrun, title, literals, why):
    r = hrun("battle", "show", title, *(["--why"] if why else []))
    assert_safe_plain(r.stdout, literals)
    assert "\\x1b[2J" in r.stdout  # made visible, not dropped silently


def test_plain_lists_show_markup_literally(hrun):
    for args in (
        ["search", "attacked"],
        ["search", "reported"],
        ["timeline", "--date", "2013-02"],
        ["timeline", "--date", "2012-03"],
        ["battle", "list", "--sort", "name"],
        ["actor", "show", "MOJWA"],
        ["place", "show", "Gao"],
        ["db", "info"],
    ):
        r = hrun(*args)
        assert "\x1b" not in r.stdout, f"{args}: {r.stdout[:400]!r}"
    assert (
        "[red]«attacked»[/]" in hrun("search", "attacked").stdout
    )  # the match marked, the markup as written
    assert "[red]Gao[/]" in hrun("battle", "list", "--sort", "name").stdout
    assert "[bold]Tessalit[/bold]" in hrun("battle", "list", "--sort", "name").stdout


# --------------------------------------------------------------- rich


@pytest.mark.parametrize("title,literals", DOCUMENTS)
@pytest.mark.parametrize("why", [False, True], ids=["show", "why"])
def test_rich_battle_show_shows_markup_literally(hrun, title, literals, why):
    r = hrun("battle", "show", title, *(["--why"] if why else []), env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert "\x1b[" in r.stdout, "FORCE_COLOR=1 should give colour output"
    assert "┏" in r.stdout or "╭" in r.stdout  # the terminal's panels, not plain text
    assert_safe_rich(r.stdout, literals)


def test_rich_lists_show_markup_literally(hrun):
    env = {"FORCE_COLOR": "1", "COLUMNS": "200"}
    for args, literals in (
        (["search", "attacked"], ["[red]«attacked»[/]"]),
        (["timeline", "--date", "2012-03"], ["[red]was"]),
        (["battle", "list", "--sort", "name"], ["[red]Gao[/]"]),
    ):
        assert_safe_rich(hrun(*args, env=env).stdout, literals)


@pytest.mark.parametrize("title,literals", DOCUMENTS)
def test_terminal_renderer_renders_document_text_as_text(hostile_db, title, literals):
    """The terminal renderer itself, with and without colour."""
    from malicli import query
    from malicli.render import terminal, views

    conn = sqlite3.connect(f"file:{hostile_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        data = query.battle(conn, query.resolve_battle(conn, title))
    finally:
        conn.close()
    blocks = views.battle_blocks(data, why=True)
    text = terminal.render_text(blocks, 100)
    styled = terminal.render(blocks, 100)
    for out in (text, styled):
        assert_safe_rich(out, [t for t in literals if len(t) < 20])
    assert "\x1b" not in text


def test_real_terminal_gets_no_document_escape(hostile_db):
    """A pseudo-terminal: rich is chosen on its own, and ESC[2J still never arrives."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(MALICLI_DB=str(hostile_db), COLUMNS="200", TERM="xterm-256color")
    code, out, err = run_in_pty(["battle", "show", INFOBOX_TITLE, "--why"], env)
    assert code == 0, err
    assert "\x1b[" in out, "a terminal should get colour"
    assert_safe_rich(out.replace("\r\n", "\n"), ["[red]Gao[/]", "[blink]Evil[/blink]"])


# --------------------------------------------------------------- data formats


def test_json_carries_the_exact_strings_infobox(hrun):
    r = hrun("battle", "show", INFOBOX_TITLE, "--json")
    assert "\x1b" not in r.stdout and "\\u001b" in r.stdout  # escaped by JSON, not raw
    b = json.loads(r.stdout)
    assert b["name"] == INFOBOX_TITLE
    assert b["result"] == INFOBOX_RESULT
    assert b["summary"] == INFOBOX_LEAD
    commanders = [c for s in b["sides"] for c in s["commanders"]]
    assert [c["as_written"] for c in commanders] == [INFOBOX_COMMANDER]
    assert commanders[0]["source"]["quote"] == f"- Commander1: {INFOBOX_COMMANDER}"
    side1 = next(s for s in b["sides"] if s["side"] == 1)
    quotes = {x["source"]["quote"] for x in side1["belligerents"]}
    assert quotes == {INFOBOX_COMBATANT_LINE}
    assert any(ESC in x["as_written"] for x in side1["belligerents"])
    first, second = INFOBOX_PROSE.split(f"{ESC}. ")
    assert {f"{first}{ESC}.", second} <= {e["summary"] for e in b["events"]}  # two sentences, two events
    assert b["claims"]["date"][0]["value"] == "10–12 February 2013"


def test_json_carries_the_exact_strings_mirror(hrun):
    r = hrun("battle", "show", MIRROR_TITLE, "--json")
    assert "\x1b" not in r.stdout
    b = json.loads(r.stdout)
    assert b["name"] == MIRROR_TITLE
    assert b["summary"] == MIRROR_LEAD
    assert b["source"]["file"] == MIRROR_FILE
    assert {s["file"] for s in b["sources"]} == {MIRROR_FILE}
    commanders = [c["as_written"] for s in b["sides"] for c in s["commanders"]]
    assert MIRROR_COMMANDER in commanders
    assert any(e.get("quote") and MIRROR_PROSE.startswith(e["quote"]) for e in b["events"])


def test_list_formats_carry_the_exact_strings(hrun):
    """--json, --nl and --csv are data: the strings come back exactly when parsed."""
    items = json.loads(hrun("battle", "list", "--json").stdout)
    names = {i["name"] for i in items}
    assert {INFOBOX_TITLE, MIRROR_TITLE} <= names
    nl = hrun("battle", "list", "--nl").stdout
    assert "\x1b" not in nl
    assert {json.loads(line)["name"] for line in nl.splitlines()} == names
    rows = list(csv.DictReader(io.StringIO(hrun("battle", "list", "--csv").stdout)))
    assert {row["name"] for row in rows} == names
