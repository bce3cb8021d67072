"""Extra source folders full of trouble: an empty file, binary files, a 50 MB
file, a Latin-1 file, a document no parser recognises and half-broken
infoboxes. Each is named with the reason (or parsed as far as it goes), the
rest is built, and nothing from a failing document is half inserted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from malicli import build as build_module
from malicli.build import build
from malicli.sources.records import ActorNote, Commander, Event, Person

ROOT = Path(__file__).resolve().parent.parent
DOCS = Path(__file__).resolve().parent / "docs"
SEEDS = ROOT / "seeds"


def infobox(title: str, date: str, place: str) -> str:
    """A small, valid infobox article."""
    return f"""= {title} =

Infobox
- Conflict: {title}
- Date: {date}
- Place: {place}, Mali
- Result: Malian victory
- Combatant1: Mali
- Combatant2: JNIM
- Commander1: Col. Example Officer
- Casualties1: 2 killed
- Casualties2: 9 killed

The {title} was fought on {date} near {place}. On {date}, 4 Malian soldiers were killed.
"""


def _truncated() -> str:
    text = infobox("Battle of Niono", "6 May 2014", "Niono")
    return text[: text.index("- Combatant2: JN") + len("- Combatant2: JN")]  # no newline at the end


# file name -> (bytes, reason expected in the warning, or None when the document is parsed)
SKIPPED = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b" \n\n\t \n", "empty"),
    "binary.txt": (bytes(range(256)) * 64, "binary"),
    "binary-no-nul.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 40, "not UTF-8"),
    "utf16.txt": (infobox("Battle of Mondoro", "10 May 2014", "Mondoro").encode("utf-16"), "binary"),
    "huge.txt": (None, "too large"),  # written separately: 50 MB
    "shopping-list.txt": (b"Buy bread and milk. Call the plumber on the way home.\n", "no parser recognises"),
}
# an infobox whose title line is broken is no infobox article, but its dated sentences are read as
# any dated text: file name -> (bytes, format, date of its timeline events, their place)
READ_AS_TEXT = {
    "broken-title.txt": (
        infobox("Battle of Banamba", "4 May 2014", "Banamba")
        .replace("= Battle of Banamba =", "= Battle of Banamba")
        .encode(),
        "dated-text",
        "2014-05-04",
        "banamba",
    ),
}
# documents that are read, perhaps in part: file name -> (bytes, event name, date_start, place)
PARSED = {
    "latin1.txt": (
        infobox("Battle of Diré", "3 May 2014", "Diré").encode("latin-1"),
        "Battle of Diré",
        "2014-05-03",
        "dire",
    ),
    "broken-field.txt": (
        infobox("Battle of Goundam", "5 May 2014", "Goundam")
        .replace("- Combatant1: Mali", "- Combatant1 Mali")
        .encode(),
        "Battle of Goundam",
        "2014-05-05",
        "goundam",
    ),
    "truncated.txt": (_truncated().encode(), "Battle of Niono", "2014-05-06", "niono"),
    "crlf.txt": (
        infobox("Battle of Kati", "8 May 2014", "Kati").replace("\n", "\r\n").encode(),
        "Battle of Kati",
        "2014-05-08",
        "kati",
    ),
    "bom.txt": (
        b"\xef\xbb\xbf" + infobox("Battle of Dioura", "9 May 2014", "Dioura").encode(),
        "Battle of Dioura",
        "2014-05-09",
        "dioura",
    ),
    "konna.txt": ((DOCS / "konna-infobox.txt").read_bytes(), "Battle of Konna", "2013-01-10", "konna"),
}
HALF_BROKEN = ("broken-field.txt", "truncated.txt")
HUGE_TITLE = "Battle of Kolokani"
HUGE_SIZE = 50 * 1024 * 1024


def make_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in SKIPPED.items():
        if data is not None:
            (folder / name).write_bytes(data)
    for name, (data, *_) in [*PARSED.items(), *READ_AS_TEXT.items()]:
        (folder / name).write_bytes(data)
    head = infobox(HUGE_TITLE, "11 May 2014", "Kolokani").encode()
    with open(folder / "huge.txt", "wb") as f:  # a valid document, 50 MB long
        f.write(head)
        f.write(b"x" * (HUGE_SIZE - len(head)))
    assert (folder / "huge.txt").stat().st_size == HUGE_SIZE
    assert HUGE_SIZE > getattr(build_module, "MAX_BYTES", 10 * 1024 * 1024)
    return folder


@pytest.fixture(scope="module")
def folder_build(tmp_path_factory):
    folder = make_folder(tmp_path_factory.mktemp("sources") / "extra")
    path = tmp_path_factory.mktemp("db") / "malicli.db"
    messages: list[str] = []
    report = build(path, extra_dirs=[folder], warn=messages.append)
    return folder, path, report, messages


@pytest.fixture
def fconn(folder_build):
    c = sqlite3.connect(f"file:{folder_build[1]}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    yield c
    c.close()


def _warnings_about(messages, name):
    return [m for m in messages if Path(name).name in m]


# --------------------------------------------------------------- named, with the reason


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_unreadable_document_is_named_with_its_reason(folder_build, name):
    _, _, report, messages = folder_build
    reason = SKIPPED[name][1]
    about = _warnings_about(messages, name)
    assert about, f"{name} is not named in the warnings: {messages}"
    assert any(reason in m for m in about), f"{name}: no {reason!r} in {about}"
    assert all("\n" not in m for m in about), about
    skipped = {Path(p).name: why for p, why in report.skipped}
    assert name in skipped and reason in skipped[name]


def test_latin1_document_is_named_and_read(folder_build, fconn):
    _, _, _, messages = folder_build
    about = _warnings_about(messages, "latin1.txt")
    assert about and any("Latin-1" in m for m in about), messages
    row = fconn.execute("SELECT title FROM sources WHERE file = 'latin1.txt'").fetchone()
    assert row["title"] == "Battle of Diré"  # the é survives


@pytest.mark.parametrize("name", sorted(PARSED))
def test_readable_document_is_parsed_as_far_as_it_goes(folder_build, fconn, name):
    _, _, report, _ = folder_build
    _, event_name, start, place = PARSED[name]
    assert name in {s["file"] for s in report.sources}
    rows = fconn.execute(
        "SELECT e.* FROM events e JOIN sources s ON s.id = e.source_id "
        "WHERE s.file = ? AND e.event_type = 'battle'",
        [name],
    ).fetchall()
    assert [r["name"] for r in rows] == [event_name]
    assert rows[0]["date_start"] == start
    assert rows[0]["place_id"] == place


@pytest.mark.parametrize("name", sorted(READ_AS_TEXT))
def test_broken_document_with_dates_is_read_as_dated_text(fconn, name):
    _, fmt, start, place = READ_AS_TEXT[name]
    source = fconn.execute("SELECT * FROM sources WHERE file = ?", [name]).fetchone()
    assert source is not None and source["format"] == fmt
    rows = fconn.execute("SELECT * FROM events WHERE source_id = ?", [source["id"]]).fetchall()
    assert rows and all(r["event_type"] == "timeline" for r in rows)
    assert {r["date_start"] for r in rows} == {start}
    assert place in {r["place_id"] for r in rows}


def test_half_broken_infobox_keeps_the_fields_before_the_break(fconn):
    def field_rows(file, table):
        return fconn.execute(
            f"SELECT t.* FROM {table} t JOIN sources s ON s.id = t.source_id WHERE s.file = ?", [file]
        ).fetchall()

    # truncated in the middle of "- Combatant2: JN": everything before it is there
    actors = {(r["side"], r["actor_id"]) for r in field_rows("truncated.txt", "event_actors")}
    assert (1, "mali") in actors
    assert field_rows("truncated.txt", "figures") == []
    # a "- Key" line without a colon ends the infobox: date and place were read before it
    # (test_readable_document_is_parsed_as_far_as_it_goes); the prose after it still counts
    stored = fconn.execute("SELECT event_count FROM sources WHERE file = 'broken-field.txt'")
    assert stored.fetchone()[0] >= 1


@pytest.mark.parametrize("name", HALF_BROKEN)
def test_half_broken_infobox_is_named_with_the_reason(folder_build, name):
    _, _, _, messages = folder_build
    assert _warnings_about(messages, name), f"{name} is not named: {messages}"


# --------------------------------------------------------------- the rest is built, nothing half


def test_the_seeds_are_all_built(folder_build, fconn, conn):
    """Every seed document and every seed event is there, as in a seeds-only build."""
    files = {r[0] for r in fconn.execute("SELECT file FROM sources")}
    assert {p.name for p in SEEDS.glob("*.txt")} <= files

    def seed_events(c):
        return sorted(
            tuple(r)
            for r in c.execute(
                "SELECT s.file, e.id, e.name, e.date_start, e.date_end, e.place_id FROM events e "
                "JOIN sources s ON s.id = e.source_id WHERE s.path NOT LIKE ?",
                [str(folder_build[0]) + "%"],
            )
        )

    assert seed_events(fconn) == seed_events(conn)


def test_nothing_from_a_skipped_document_is_stored(folder_build, fconn):
    skipped = set(SKIPPED)
    files = {r[0] for r in fconn.execute("SELECT file FROM sources")}
    assert not skipped & files
    assert files - {p.name for p in SEEDS.glob("*.txt")} == set(PARSED) | set(READ_AS_TEXT)
    source_ids = {r[0] for r in fconn.execute("SELECT id FROM sources")}
    for table in ("events", "event_actors", "figures", "claims", "commanders", "people"):
        orphans = fconn.execute(
            f"SELECT COUNT(*) FROM {table} WHERE source_id NOT IN (SELECT id FROM sources)"
        ).fetchone()[0]
        assert orphans == 0, table
    assert fconn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert all(
        r[0] in source_ids
        for r in fconn.execute(
            "SELECT description_source_id FROM actors WHERE description_source_id IS NOT NULL"
        )
    )
    for title in (HUGE_TITLE, "Battle of Mondoro"):  # the broken-title Banamba page is read as dated text
        assert (
            fconn.execute(
                "SELECT COUNT(*) FROM events WHERE name = ? OR quote LIKE ?", [title, f"%{title}%"]
            ).fetchone()[0]
            == 0
        ), title


def test_event_counts_match_the_stored_rows(fconn):
    for source_id, stated in fconn.execute("SELECT id, event_count FROM sources").fetchall():
        n = fconn.execute("SELECT COUNT(*) FROM events WHERE source_id = ?", [source_id]).fetchone()[0]
        assert n == stated, source_id


def test_a_document_that_fails_to_store_leaves_no_row(tmp_path, monkeypatch):
    """A document whose rows cannot all be written goes in whole or not at all: the sources
    row, its events and the actor description it set are rolled back together."""
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "konna.txt").write_bytes((DOCS / "konna-infobox.txt").read_bytes())
    (folder / "poison.txt").write_text("= Battle of Poison =\n\nInfobox\n- Date: 2013\n", encoding="utf-8")
    real_detect = build_module.documents.detect

    class Poison:
        FORMAT = "infobox-article"

        @staticmethod
        def parse(text):
            doc = real_detect(text).parse(text)
            event = doc.events[0]
            event.commanders.append(Commander(1, "Col. Fine", "Col. Fine", 1, text.split("\n")[0]))
            event.children.append(
                Event(
                    event_type="timeline",
                    kind="event",
                    name=None,
                    name_rule=None,
                    date=event.date,
                    date_line=1,
                    line_start=1,
                    line_end=1,
                    quote="= Battle of Poison =",
                )
            )
            doc.actor_notes.append(ActorNote("mali", "Mali", "POISONED DESCRIPTION", 1))
            # written last, after the sources, events, commanders and the actor update:
            doc.people.append(Person(object(), "cannot be stored", 1))  # type: ignore[arg-type]
            return doc

    def detect(text):
        return Poison if "Battle of Poison" in text else real_detect(text)

    monkeypatch.setattr(build_module.documents, "detect", detect)
    path = tmp_path / "malicli.db"
    messages: list[str] = []
    report = build(path, extra_dirs=[folder], warn=messages.append)
    assert [Path(p).name for p, _ in report.skipped] == ["poison.txt"]
    about = [m for m in _warnings_about(messages, "poison.txt") if "skipped" in m]
    assert about and "could not store" in about[0], messages  # failed while writing, not parsing
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def count(sql):
        return c.execute(sql).fetchone()[0]

    try:
        assert count("SELECT COUNT(*) FROM sources WHERE file = 'poison.txt'") == 0
        assert (
            count("SELECT COUNT(*) FROM events WHERE name = 'Battle of Poison' OR quote LIKE '%Poison%'") == 0
        )
        assert count("SELECT COUNT(*) FROM commanders WHERE name = 'Col. Fine'") == 0
        assert count("SELECT COUNT(*) FROM events WHERE source_id = 'poison'") == 0
        description = c.execute("SELECT description FROM actors WHERE id = 'mali'").fetchone()[0]
        assert description != "POISONED DESCRIPTION"
        assert count("SELECT COUNT(*) FROM events WHERE name = 'Battle of Konna'") == 1
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        c.close()


# --------------------------------------------------------------- through the command line


def test_db_build_names_the_skipped_files(run, tmp_path):
    folder = make_folder(tmp_path / "extra")
    path = tmp_path / "cli.db"
    r = run("db", "build", "--db", str(path), "--source", str(folder))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    for name, (_, reason) in SKIPPED.items():
        named = [line for line in lines if name in line]
        assert named, f"{name} is not named on stderr:\n{r.stderr}"
        assert any(reason in line for line in named), (name, named)
    assert any("latin1.txt" in line and "Latin-1" in line for line in lines)
    assert f"{len(SKIPPED)} skipped" in lines[-1]
    assert all(len(line) <= 600 for line in lines)

    found = run("--db", str(path), "battle", "show", "Battle of Diré", "--json")
    assert found.exit_code == 0, found.stderr
    missing = run("--db", str(path), "battle", "show", HUGE_TITLE)
    assert missing.exit_code == 3
