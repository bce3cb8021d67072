"""db build says what it did not understand: one line a document on stderr, the whole
report with --report (JSON with --json), the counts kept in db info."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from malicli.cli import cli

DOCS = Path(__file__).resolve().parent / "docs"


def build(tmp_path, monkeypatch, *args):
    monkeypatch.setenv("MALICLI_DB", str(tmp_path / "m.db"))
    return CliRunner().invoke(cli, ["db", "build", "--source", str(DOCS / "merge"), *args])


def test_one_line_a_document_on_stderr(tmp_path, monkeypatch):
    r = build(tmp_path, monkeypatch)
    assert r.exit_code == 0, r.stderr
    named = [line.split(":")[1].strip() for line in r.stderr.splitlines() if line.startswith("malicli: ")]
    problems = [n for n in named if n.endswith(".txt")]
    assert len(problems) == len(set(problems)), r.stderr  # never two lines for one document
    assert r.stdout == ""


def test_report_as_json(tmp_path, monkeypatch):
    r = build(tmp_path, monkeypatch, "--report", "--json")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    by_file = {row["file"]: row for row in rows}
    kidal = by_file["kidal-2014-infobox.txt"]
    assert kidal["reader"] == "infobox-article" and "Infobox" in kidal["why"]
    assert by_file["mali-war-overview.txt"]["events"] > 100
    assert all(isinstance(row["problems"], list) for row in rows)
    info = json.loads(CliRunner().invoke(cli, ["db", "info", "--json"]).stdout)
    stored = {s["file"]: s["problems"] for s in info["sources"]}
    assert all(stored[f] == row["problems"] for f, row in by_file.items())


def test_report_as_text(tmp_path, monkeypatch):
    r = build(tmp_path, monkeypatch, "--report")
    assert r.exit_code == 0, r.stderr
    assert "Build report (10 documents)" in r.stdout
    assert "Reader    infobox-article:" in r.stdout
