"""Incremental builds: after any sequence of documents added, edited and removed, the
database updated in place is the database a full build of the same documents makes,
row for row (benchmarks/compare.py says what "row for row" leaves out: the build
time, row-number ids, SQLite's statistics).

The documents are the test documents of tests/docs and copies of the seeds, in two
folders; the edits are those a researcher makes: a year corrected, a town or a group
the dictionaries lack, a title changed, lines added at the top or the end, a document
cut short or emptied, a file saved again unchanged.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.compare import differences
from malicli.build import build

from .conftest import DOCS, ROOT, SEEDS

# every document of tests/docs and the seeds, but those written to be refused (not-news/)
POOL = sorted([*(p for p in DOCS.rglob("*.txt") if p.parent.name != "not-news"), *SEEDS.glob("*.txt")])
NEW_TOWN = "Tinfadimata"  # invented: in no gazetteer
NEW_GROUP = "Katiba Tilemsi Nord"  # invented: in no actor dictionary
KNOWN_TOWNS = ("Kidal", "Gao", "Timbuktu", "Konna", "Ménaka", "Tessalit", "Anéfis")
KNOWN_GROUPS = ("MNLA", "JNIM", "Ansar Dine", "MOJWA", "AQIM", "Wagner")


def _next_year(text: str) -> str:
    return re.sub(r"\b20(1\d|2[0-4])\b", lambda m: str(int(m.group()) + 1), text, count=1)


def _first_of(names: tuple[str, ...], new: str):
    def edit(text: str) -> str:
        for name in names:
            if name in text:
                return text.replace(name, new, 1)
        return text + f"\nFighters of the {new} were reported near {new}.\n"

    return edit


EDITS = {
    "year": _next_year,
    "town": _first_of(KNOWN_TOWNS, NEW_TOWN),
    "group": _first_of(KNOWN_GROUPS, NEW_GROUP),
    "title": lambda t: t.replace("Battle of", "Siege of", 1),
    "lines at the top": lambda t: "\n\n" + t,
    "a sentence at the end": lambda t: t + "\nOn 3 March 2014, fighters of the MNLA attacked Kidal.\n",
    "cut short": lambda t: "\n".join(t.splitlines()[: max(1, len(t.splitlines()) // 2)]) + "\n",
    "emptied": lambda t: "",
    "saved unchanged": lambda t: t,
}

adds = st.tuples(st.just("add"), st.integers(0, len(POOL) - 1), st.integers(0, 1), st.integers(0, 1))
edits = st.tuples(st.just("edit"), st.integers(0, 10**6), st.sampled_from(sorted(EDITS)), st.just(0))
removes = st.tuples(st.just("remove"), st.integers(0, 10**6), st.just(0), st.just(0))
steps = st.lists(st.one_of(adds, edits, removes), min_size=1, max_size=5)


def _present(folders: list[Path]) -> list[Path]:
    return sorted(p for f in folders for p in f.glob("*.txt"))


def _do(step: tuple, folders: list[Path]) -> None:
    kind, which, detail, variant = step
    present = _present(folders)
    if kind == "add":
        src = POOL[which]
        shutil.copyfile(src, folders[detail] / f"{src.stem}{'-copy' if variant else ''}.txt")
    elif present and kind == "edit":
        path = present[which % len(present)]
        path.write_text(EDITS[detail](path.read_text(encoding="utf-8")), encoding="utf-8")
    elif present and kind == "remove":
        present[which % len(present)].unlink()


def _start(tmp: Path) -> list[Path]:
    """Two folders: the merge documents in one, two seed copies and a test document in the other."""
    folders = [tmp / "a", tmp / "b"]
    for f in folders:
        f.mkdir(parents=True)
    for doc in (DOCS / "merge").glob("*.txt"):
        shutil.copyfile(doc, folders[0] / doc.name)
    for doc in (SEEDS / "siege-of-timbuktu.txt", SEEDS / "apa-wire-2025-06.txt", DOCS / "konna-infobox.txt"):
        shutil.copyfile(doc, folders[1] / doc.name)
    return folders


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_an_updated_database_is_the_full_build_of_its_documents(tmp_path_factory, sequence):
    tmp = tmp_path_factory.mktemp("incremental")
    folders = _start(tmp)
    db, full = tmp / "updated.db", tmp / "full.db"
    build(db, folders)
    for n, step in enumerate(sequence):
        _do(step, folders)
        report = build(db, folders)
        build(full, folders, full=True)
        found = differences(db, full)
        assert not found, f"after step {n} {step} ({report.kind}):\n" + "\n".join(found[:40])


def test_the_comparison_sees_a_difference(tmp_path):
    """The control: a database missing one document is not the full build of all of them."""
    folders = _start(tmp_path)
    build(tmp_path / "all.db", folders)
    (folders[0] / "gao-2012-article.txt").unlink()
    build(tmp_path / "fewer.db", folders)
    assert differences(tmp_path / "all.db", tmp_path / "fewer.db")


# ---------------------------------------------------------------- what an update reads and writes


@pytest.fixture
def corpus(tmp_path):
    folders = _start(tmp_path)
    db = tmp_path / "malicli.db"
    assert build(db, folders).kind == "full"
    return folders, db


def _mtimes(path: Path) -> dict[str, int]:
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(c.execute("SELECT path, mtime_ns FROM document_cache").fetchall())
    finally:
        c.close()


@pytest.mark.parametrize("change", ["add", "edit", "remove"])
def test_one_document_changed_is_an_update_in_place(corpus, change):
    folders, db = corpus
    inode = db.stat().st_ino
    target = folders[0] / "kidal-2023-article.txt"
    if change == "add":
        shutil.copyfile(DOCS / "wire-sample.txt", folders[1] / "wire-sample.txt")
    elif change == "edit":
        target.write_text(_next_year(target.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        target.unlink()
    said: list[tuple[str, str]] = []
    report = build(db, folders, announce=lambda verb, why: said.append((verb, why)))
    word = {"add": "added", "edit": "changed", "remove": "removed"}[change]
    assert report.kind == "incremental"
    assert report.changes == {k: int(k == word) for k in ("added", "changed", "removed")}
    assert said == [("updating", f"1 document {word}")]
    assert db.stat().st_ino == inode  # the same file, changed in place
    assert build(db, folders).kind == "fresh"


def test_unchanged_documents_are_not_read_again(corpus, monkeypatch):
    from malicli.build import documents

    folders, db = corpus
    read: list[str] = []
    real = documents.parse_one

    def spy(path):
        read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(documents, "parse_one", spy)
    (folders[1] / "new.txt").write_text(
        (DOCS / "mirror-sample.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert build(db, folders).kind == "incremental"
    assert read == ["new.txt"]


def test_a_touched_document_is_hashed_not_parsed(corpus, monkeypatch):
    from malicli.build import documents

    folders, db = corpus
    path = folders[0] / "gao-2012-article.txt"
    os.utime(path, ns=(10**18, 10**18))
    monkeypatch.setattr(documents, "parse_one", lambda p: pytest.fail(f"{p} was parsed again"))
    report = build(db, folders)
    assert report.kind == "fresh"
    assert _mtimes(db)[str(path)] == 10**18


def test_a_same_size_edit_right_after_a_build_is_seen(corpus):
    """A file modified just before it was read keeps no modification time: the next build
    compares its bytes, so an edit of the same size within the same clock tick is seen."""
    folders, db = corpus
    path = folders[0] / "gao-2012-article.txt"
    assert _mtimes(db)[str(path)] == 0  # written by the fixture a moment ago
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(_next_year(text), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time
    assert path.stat().st_size == stat.st_size
    assert build(db, folders).kind == "incremental"


@pytest.mark.parametrize(
    "why, spoil",
    [
        ("no malicli tables", lambda c: c.execute("DROP TABLE meta")),
        ("schema version", lambda c: c.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")),
        ("parsers", lambda c: c.execute("UPDATE meta SET value = 'old' WHERE key = 'parser_version'")),
        ("keeps no parsed records", lambda c: c.execute("DROP TABLE document_cache")),
    ],
)
def test_what_an_update_cannot_start_from_gets_a_full_build(corpus, why, spoil):
    folders, db = corpus
    c = sqlite3.connect(db)
    spoil(c)
    c.commit()
    c.close()
    said: list[tuple[str, str]] = []
    report = build(db, folders, announce=lambda verb, reason: said.append((verb, reason)))
    assert report.kind == "full"
    assert said and said[0][0] == "building" and why in said[0][1], said


def test_a_damaged_cache_entry_gets_a_full_build(corpus):
    """The seed's mirror page and an infobox of the tests tell one battle: when the infobox
    changes, the battle is merged again from the seed's cached records, which are damaged."""
    folders, db = corpus
    c = sqlite3.connect(db)
    c.execute(
        "UPDATE document_cache SET records = x'00ff' WHERE path LIKE '%second-battle-of-kidal-mirror.txt'"
    )
    c.commit()
    c.close()
    target = folders[0] / "kidal-2014-infobox.txt"
    target.write_text(_next_year(target.read_text(encoding="utf-8")), encoding="utf-8")
    assert build(db, folders).kind == "full"
    assert not differences(db, _full_copy(folders, db.parent))


def _full_copy(folders: list[Path], where: Path) -> Path:
    path = where / "reference.db"
    build(path, folders, full=True)
    return path


def test_cached_records_are_json_not_pickle(corpus):
    import zlib

    _, db = corpus
    c = sqlite3.connect(db)
    try:
        blob = c.execute("SELECT records FROM document_cache WHERE records IS NOT NULL LIMIT 1").fetchone()[0]
    finally:
        c.close()
    data = json.loads(zlib.decompress(blob))
    assert set(data) == {"document", "text"}
    assert data["document"]["@"] == "Document"


def test_an_update_that_another_build_overtakes_plans_again(corpus, monkeypatch):
    """Two builds at once: the second to commit sees the first's work and does not write over it."""
    from malicli.build import incremental

    folders, db = corpus
    shutil.copyfile(DOCS / "wire-sample.txt", folders[1] / "wire-sample.txt")
    real, nested = incremental._read, []

    def read_then_let_another_build_run(plan, warn, progress):
        out = real(plan, warn, progress)
        if not nested:
            nested.append("running")
            nested[0] = build(db, folders).kind
        return out

    monkeypatch.setattr(incremental, "_read", read_then_let_another_build_run)
    assert build(db, folders).kind == "fresh"
    assert nested == ["incremental"]
    assert not differences(db, _full_copy(folders, db.parent))


# ---------------------------------------------------------------- the cache of parsed records


@pytest.mark.parametrize("path", POOL, ids=[p.name for p in POOL])
def test_records_read_back_from_the_cache_are_those_parsed(path):
    from malicli.build import cache
    from malicli.build.documents import parse_file, read_document

    doc, text = parse_file(path), read_document(path)
    assert cache.load(cache.dump(doc, text)) == (doc, text)


@pytest.mark.parametrize(
    "tag", ["subprocess:Popen", "os:system", "builtins:eval", "malicli.sources.records:Nothing", "Path"]
)
def test_the_cache_reads_back_no_class_but_malicli_records(tag):
    import zlib

    from malicli.build import cache

    blob = zlib.compress(json.dumps({"document": {"@": tag, "args": ["x"]}, "text": ""}).encode())
    with pytest.raises(ValueError):
        cache.load(blob)


# ---------------------------------------------------------------- freshness by content


def _malicli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "malicli", *args], env=env, capture_output=True, text=True, timeout=600
    )


def test_a_reinstall_of_the_same_version_does_not_rebuild(tmp_path):
    """The package and its seeds copied again (new modification times, the same bytes): the
    next command compares contents, finds nothing new, and neither builds nor updates."""
    site = tmp_path / "site"

    def install():
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(ROOT / "malicli", site / "malicli", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(SEEDS, site / "seeds")

    install()
    env = os.environ | {"PYTHONPATH": str(site), "MALICLI_DB": str(tmp_path / "m.db")}
    first = _malicli(env, "battle", "list", "--json")
    assert first.returncode == 0 and "building the database" in first.stderr
    time.sleep(0.05)
    install()
    again = _malicli(env, "battle", "list", "--json")
    assert again.returncode == 0, again.stderr
    assert again.stderr == "" and again.stdout == first.stdout
    check = "from malicli.open_database import stale_reason; import sys; print(stale_reason(sys.argv[1]))"
    fresh = subprocess.run(
        [sys.executable, "-c", check, str(tmp_path / "m.db")], env=env, capture_output=True, text=True
    )
    assert fresh.stdout.strip() == "None", fresh.stderr  # the new times were recorded


def test_an_edit_in_place_in_an_added_folder_is_seen_by_the_next_lookup(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / "konna.txt"
    shutil.copyfile(DOCS / "konna-infobox.txt", doc)
    env = os.environ | {"PYTHONPATH": str(ROOT), "MALICLI_DB": str(tmp_path / "m.db")}
    assert _malicli(env, "db", "build", "--source", str(folder)).returncode == 0
    folder_time = folder.stat().st_mtime_ns
    with open(doc, "r+", encoding="utf-8") as f:  # in place: the folder does not change
        text = f.read().replace("Battle of Konna", "Battle of Konna-Sévaré")
        f.seek(0)
        f.write(text)
        f.truncate()
    assert folder.stat().st_mtime_ns == folder_time
    r = _malicli(env, "battle", "show", "Battle of Konna-Sévaré", "--json")
    assert r.returncode == 0, r.stderr
    assert "updating the database" in r.stderr and "1 document changed" in r.stderr
