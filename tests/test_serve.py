"""malicli serve: the metadata, Datasette's pages and JSON through its own
client, the command on a free localhost port, one page in headless Chromium,
and the one-line message when Datasette is missing."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def meta(conn, built_db) -> dict:
    from malicli.serve import database_name, metadata

    return metadata(conn, database_name(built_db))


def test_metadata_describes_every_table_and_the_main_columns(meta, conn, built_db):
    db = meta["databases"][Path(built_db).stem]
    assert meta["title"].startswith("malicli")
    assert meta["description"] and meta["license"]
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'events_fts%'"
            " AND name NOT LIKE 'sqlite_%'"
        )
    ]
    assert sorted(t for t in tables if not db["tables"].get(t, {}).get("description")) == []
    events = db["tables"]["events"]
    for column in ("date_start", "date_precision", "date_rule", "event_type", "place_id", "quote"):
        assert events["columns"][column]
    assert events["fts_table"] == "events_fts"
    assert {"year": "date_start"} in events["facets"] and "kind" in events["facets"]
    assert "actor_id" in db["tables"]["event_actors"]["facets"]
    for table, t in db["tables"].items():
        cols = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        assert set(t["columns"]) <= cols, f"{table} describes columns it lacks"
    assert {"battles_of_an_actor", "events_of_a_place_by_year"} <= set(db["queries"])


@pytest.fixture
def client(built_db, conn):
    pytest.importorskip("datasette", reason="Datasette (malicli[web]) is not installed")
    from malicli.serve import make_datasette

    ds = make_datasette(built_db, conn)

    def get(path: str):
        async def fetch():
            await ds.invoke_startup()
            return await ds.client.get(path)

        return asyncio.run(fetch())

    get.name = Path(built_db).stem
    return get


def test_datasette_serves_metadata_pages_and_json(client):
    name = client.name
    home = client("/")
    assert home.status_code == 200
    assert "malicli: the Mali War" in home.text
    dbs = client("/-/databases.json").json()
    assert [d["is_mutable"] for d in dbs if d["name"] == name] == [False], "served read-only"
    table = client(f"/{name}/events.json?_size=1").json()
    assert table["facet_results"], "the metadata's facets are applied"
    years = client(f"/{name}/events.json?_size=1&_facet_year=date_start").json()["facet_results"]
    year_values = [v["value"] for f in years.values() if f["type"] == "year" for v in f["results"]]
    assert "2013" in year_values and year_values == sorted(year_values)


def test_full_text_search_on_events(client, conn):
    rows = client(f"/{client.name}/events.json?_search=Timbuktu&_shape=array&_size=max").json()
    n = conn.execute("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH 'Timbuktu'").fetchone()[0]
    assert len(rows) == n > 0


def test_prepared_queries_answer(client, conn):
    battles = client(f"/{client.name}/battles_of_an_actor.json?actor=jnim&_shape=array").json()
    expected = conn.execute(
        "SELECT COUNT(DISTINCT ea.event_id) FROM event_actors ea JOIN events e ON e.id = ea.event_id"
        " WHERE ea.actor_id = 'jnim' AND e.event_type = 'battle'"
    ).fetchone()[0]
    assert len(battles) == expected > 0
    # an alias with an accent and another case finds the same actor
    gsim = client(f"/{client.name}/battles_of_an_actor.json?actor=GSIM&_shape=array").json()
    assert gsim == battles
    kidal = client(
        f"/{client.name}/casualty_claims_side_by_side.json?battle=Second+Battle+of+Kidal&_shape=array"
    ).json()
    n = conn.execute(
        "SELECT COUNT(*) FROM figures f JOIN events e ON e.id = f.event_id WHERE e.name = 'Second Battle of Kidal'"
        " AND f.category IN ('killed', 'wounded', 'captured', 'missing')"
    ).fetchone()[0]
    assert len(kidal) == n > 1 and {r["battle"] for r in kidal} == {"Second Battle of Kidal"}
    place = client(f"/{client.name}/events_of_a_place_by_year.json?place=Tombouctou&_shape=array").json()
    assert place and all(r["place"] == "Timbuktu" or r["place"] for r in place)
    assert any(r["place"] == "Timbuktu" for r in place)


def test_serve_without_datasette_says_how_to_install_it(built_db):
    code = (
        "import sys; sys.modules['datasette'] = None; sys.modules['datasette.app'] = None\n"
        "from malicli.cli import main\nmain(['serve'])"
    )
    env = dict(os.environ, MALICLI_DB=str(built_db), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'malicli[web]'" in lines[0]


# ---------------------------------------------------------------- a real server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    pytest.importorskip("datasette", reason="Datasette (malicli[web]) is not installed")
    from malicli.build import build

    path = tmp_path_factory.mktemp("serve") / "malicli.db"
    build(path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALICLI_")}
    env.update(MALICLI_DB=str(path), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "malicli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"malicli serve did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield base, path.stem, path
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read().decode("utf-8")


def test_serve_command_on_a_free_localhost_port(server):
    base, name, path = server
    status, html = fetch(base + "/")
    assert status == 200 and "malicli: the Mali War" in html
    status, body = fetch(f"{base}/{name}/events.json?_search=Kidal&_shape=array")
    rows = json.loads(body)
    assert rows and all(
        "kidal" in (" ".join(str(r[k] or "") for k in ("name", "summary", "quote"))).casefold() for r in rows
    )
    status, body = fetch(f"{base}/-/metadata.json")
    assert json.loads(body)["databases"][name]["tables"]["events"]["fts_table"] == "events_fts"


@pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK),
    reason=f"{CHROMIUM} is not installed (Debian package 'chromium'): the browser test needs it",
)
def test_a_served_battle_page_in_headless_chromium(server, tmp_path):
    base, name, path = server
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as c:
        bid, bname = c.execute(
            "SELECT id, name FROM events WHERE event_type = 'battle' AND name IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()

    def dom(url: str) -> str:
        proc = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={tmp_path}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    page = dom(f"{base}/{name}/events/{bid}")
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert name in title and "events" in title
    assert bname in page
    search = dom(f"{base}/{name}/events?_search=Timbuktu")
    assert 'where search matches "Timbuktu"' in search
    assert "Siege of Timbuktu" in search or "Timbuktu" in search.split("where search matches", 1)[1]
