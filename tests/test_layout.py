"""Tables and views that fit: golden renderings of every list and show view at 60, 80
and 120 columns (plain and terminal), and properties checked at every width from 60
up: no line wider than the screen, the name column always there, nothing cut
without an ellipsis, columns left out named in a note.

The goldens in tests/golden/views/ were checked by reading them. A missing golden
fails; to rewrite them on purpose (then read the diff): MALICLI_REGENERATE_GOLDENS=1
python3 -m pytest tests/test_layout.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from malicli import query
from malicli.render import plain, terminal, views
from malicli.render.blocks import Col, Table
from malicli.render.layout import cell_width, cut, fit_columns, wrap

GOLDEN = Path(__file__).resolve().parent / "golden" / "views"
WIDTHS = (60, 80, 120)
SGR = re.compile(r"\x1b\[[0-9;]*m")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("MALICLI_REGENERATE_GOLDENS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path} (MALICLI_REGENERATE_GOLDENS=1 writes it; then read it)"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def _with_killed(conn, items):
    killed = query.killed(conn, items)
    return [it | {"killed": killed[it["id"]]} for it in items]


def _db_info(conn):
    info = query.db_info(conn, "/data/malicli.db")
    return info | {"build_time": "2026-01-01T00:00:00Z"}


# view name -> function(conn) -> blocks; small slices of the seeds keep the goldens readable
VIEWS = {
    "battle_list": lambda c: views.list_blocks(
        query.find_events(c, types=("battle",), year=2013), title="Battles"
    ),
    "search": lambda c: views.list_blocks(
        query.find_events(c, date="2013-03", place="Timbuktu"), title="Results"
    ),
    "search_text": lambda c: views.list_blocks(
        query.find_events(c, text="checkpoint", limit=3), title="Results", snippet=True
    ),
    "timeline": lambda c: views.timeline_blocks(query.find_events(c, place="Konna", limit=None)),
    "actor_list": lambda c: views.actor_list_blocks(query.actors(c)[:12]),
    "actor_show": lambda c: views.actor_blocks(query.actor(c, "chad")),
    "place_list": lambda c: views.place_list_blocks(query.places(c)[:12]),
    "place_show": lambda c: views.place_blocks(query.place(c, "konna")),
    "battle_show": lambda c: views.battle_blocks(query.battle(c, "second-battle-of-kidal"), why=True),
    "person_list": lambda c: views.person_list_blocks(query.people(c)),
    "person_show": lambda c: views.person_blocks(query.person(c, "iyad-ag-ghaly")),
    "battle_list_killed": lambda c: views.list_blocks(
        _with_killed(c, query.find_events(c, types=("battle",), year=2014)), title="Battles", killed=True
    ),
    "db_info": lambda c: views.db_info_blocks(_db_info(c)),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_plain_golden(conn, view, width):
    text = plain.render(VIEWS[view](conn), width)
    check_golden(f"{view}_plain_{width}.txt", text)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_terminal_golden(conn, view, width):
    blocks = VIEWS[view](conn)
    coloured = terminal.render(blocks, width)
    assert "\x1b[" in coloured
    text = terminal.render_text(blocks, width)
    assert SGR.sub("", coloured) == text
    check_golden(f"{view}_terminal_{width}.txt", text)


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_unwrapped_for_scripts(conn, view):
    """Without a width nothing is wrapped or cut: one line per row."""
    blocks = VIEWS[view](conn)
    for block in blocks:
        if isinstance(block, Table):
            assert len(plain.render([block], None).splitlines()) == len(block.rows) + 2 + bool(block.title)


# ---------------------------------------------------------------- at every width


def _tables(blocks):
    for b in blocks:
        if isinstance(b, Table):
            yield b
        for inner in getattr(b, "sides", []):
            yield from _tables(inner.blocks)


@pytest.fixture(scope="module")
def all_blocks(built_db):
    import sqlite3

    c = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    out = {name: fn(c) for name, fn in VIEWS.items()}
    out["battle_list_all"] = views.list_blocks(query.find_events(c, types=("battle",)), title="Battles")
    out["actor_list_all"] = views.actor_list_blocks(query.actors(c))
    out["place_list_all"] = views.place_list_blocks(query.places(c))
    out["timeline_2013"] = views.timeline_blocks(query.find_events(c, date="2013", limit=None))
    c.close()
    return out


@pytest.mark.parametrize("width", range(60, 141, 3))
def test_every_width_fits(all_blocks, width):
    for name, blocks in all_blocks.items():
        for render in (plain.render, terminal.render_text):
            text = render(blocks, width)
            wide = [line for line in text.splitlines() if cell_width(line) > width]
            assert not wide, (name, width, wide[:3])


@pytest.mark.parametrize("width", range(60, 141, 3))
def test_every_width_keeps_the_name_and_marks_every_cut(all_blocks, width):
    for name, blocks in all_blocks.items():
        for table in _tables(blocks):
            text = plain.render([table], width)
            lines = text.splitlines()
            rule = next(i for i, line in enumerate(lines) if line and not line.strip("- "))
            header = lines[rule - 1]
            cols = [c if isinstance(c, Col) else Col(c) for c in table.columns]
            main = [c for c in cols if c.drop is None]
            for c in main:
                assert c.header in header, (name, width, c.header)
            shown = [c.header for c in cols if c.header in header]
            left_out = [c.header for c in cols if c.header not in header]
            if left_out:
                note = " ".join(text.split("\n(", 1)[1].split())
                assert "left out at this width" in note, (name, width, left_out)
                for h in left_out:
                    assert h in note.split("left out")[0], (name, width, h)
            for c in cols:
                if c.header in shown and not c.wrap and not c.cut:
                    # columns that keep their width show every value whole
                    i = cols.index(c)
                    for row in table.rows:
                        value = _text(row[i])
                        assert value in text, (name, width, c.header, value)


def _text(seg) -> str:
    return seg if isinstance(seg, str) else "".join(t for t, _ in seg)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_wrapped_names_keep_every_word(all_blocks, width):
    """The main column wraps; its words all appear, in order."""
    table = all_blocks["battle_list_all"][1]
    text = plain.render([table], width)
    words = " ".join(text.split())
    for row in table.rows:
        name = _text(row[1])
        assert " ".join(name.split()) in words or all(w in words for w in name.split()), name


# ---------------------------------------------------------------- the pieces


def test_fit_columns_shrinks_low_ranks_first_then_drops():
    cols = [
        Col("Date"),
        Col("Name", wrap=True, min=20),
        Col("Kind", cut=True, min=6, drop=2),
        Col("Actors", cut=True, min=14, drop=1),
    ]
    natural = [16, 40, 9, 40]
    assert fit_columns(cols, natural, 200) == ([0, 1, 2, 3], natural)
    keep, widths = fit_columns(cols, natural, 80)
    assert keep == [0, 1, 2, 3]
    assert widths[3] == 14 and widths[1] > 20 and sum(widths) + 6 == 80
    keep, widths = fit_columns(cols, natural, 60)
    assert keep == [0, 1, 2] and widths[0] == 16 and sum(widths) + 4 <= 60


def test_fit_columns_never_drops_the_main_column():
    cols = [Col("Date"), Col("Name", wrap=True, min=20), Col("Source", drop=1)]
    keep, widths = fit_columns(cols, [16, 50, 40], 40)
    assert keep == [0, 1] and widths == [16, 22]


def test_cut_marks_with_an_ellipsis():
    assert cut([("mali, wagner, jnim", "")], 14) == [("mali, wagner", ""), ("…", "")]
    assert cut([("Kidal", "")], 5) == [("Kidal", "")]
    assert cut([("Tinsalane", "x")], 8) == [("Tinsala", "x"), ("…", "x")]


def test_wrap_counts_wide_characters_and_keeps_styles():
    lines = wrap([("abc ", "a"), ("日本語 日本語", "b")], 7)
    assert [[t for t, _ in line] for line in lines] == [["abc"], ["日本語"], ["日本語"]]
    assert all(cell_width("".join(t for t, _ in line)) <= 7 for line in lines)
    assert lines[1] == [("日本語", "b")]


def test_wrap_breaks_words_longer_than_the_width():
    lines = wrap([("a" * 25, "")], 10)
    assert ["".join(t for t, _ in line) for line in lines] == ["a" * 10, "a" * 10, "a" * 5]


def test_cell_width():
    assert cell_width("Kidal") == 5
    assert cell_width("Ménaka") == 6
    assert cell_width("Le\u0301re\u0301") == 4
    assert cell_width("日本") == 4
    assert cell_width("\u202eKidal") == 5
