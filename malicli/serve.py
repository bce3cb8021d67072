"""``malicli serve``: the database in Datasette, read-only, with metadata.

Datasette is an optional extra (``pip install 'malicli[web]'``) and is imported
only here. The metadata (titles, descriptions, facets, prepared queries) lives
in malicli/data/datasette.json; what the served database lacks is left out.
malicli adds two things to Datasette: a facet that groups ISO dates by year,
and the SQL function ``malicli_fold`` that matches names as malicli does.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from .exitcodes import MalicliError

if TYPE_CHECKING:
    from collections.abc import Callable

    from datasette.app import Datasette

    from .paths import PathArg

METADATA = Path(__file__).parent / "data" / "datasette.json"
INSTALL_HINT = "malicli serve needs Datasette: pip install 'malicli[web]' (or: pip install datasette)"
PLUGIN_NAME = "malicli-serve"


def database_name(path: PathArg) -> str:
    """The name Datasette gives a database file: its stem."""
    return Path(path).stem


def metadata(conn: sqlite3.Connection, name: str) -> dict:
    """Datasette metadata for the database open on ``conn``, served under ``name``."""
    data = json.loads(METADATA.read_text("utf-8"))
    present: dict[str, set[str]] = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"):
        present[table] = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
    tables = {}
    for table, meta in data["tables"].items():
        if table not in present:
            continue
        meta = dict(meta)
        cols = present[table]
        meta["columns"] = {c: d for c, d in meta.get("columns", {}).items() if c in cols}
        meta["facets"] = [f for f in meta.get("facets", []) if _facet_column(f) in cols]
        if meta.get("sort") not in cols:
            meta.pop("sort", None)
        if meta.get("fts_table") and meta["fts_table"] not in present:
            meta.pop("fts_table")
            meta.pop("fts_pk", None)
        tables[table] = meta
    queries = {}
    for key, query in data["queries"].items():
        needs_cols = query.get("requires_columns", {})
        if all(t in present for t in query.get("requires", [])) and all(
            c in present.get(t, set()) for t, cs in needs_cols.items() for c in cs
        ):
            queries[key] = {k: v for k, v in query.items() if k in ("title", "description", "sql")}
    top = {k: data[k] for k in ("title", "description", "license", "source")}
    return top | {
        "databases": {name: {"description": data["description"], "tables": tables, "queries": queries}}
    }


def _facet_column(facet) -> str:
    return facet if isinstance(facet, str) else next(iter(facet.values()))


def _require_datasette():
    try:
        import datasette.app  # noqa: F401
    except ImportError:
        raise MalicliError(INSTALL_HINT) from None


def register_plugin() -> None:
    """Add the year facet and malicli_fold to Datasette (once)."""
    from datasette.plugins import pm

    from . import serve_plugin

    if not pm.has_plugin(PLUGIN_NAME):
        pm.register(serve_plugin, name=PLUGIN_NAME)


def make_datasette(path: PathArg, conn: sqlite3.Connection) -> Datasette:
    """A Datasette instance serving the database at ``path`` read-only (immutable)."""
    _require_datasette()
    from datasette.app import Datasette

    register_plugin()
    return Datasette(
        immutables=[str(path)],
        metadata=metadata(conn, database_name(path)),
        settings={"sql_time_limit_ms": 3000, "facet_time_limit_ms": 500, "default_page_size": 50},
    )


def serve(
    path: PathArg, conn: sqlite3.Connection, host: str, port: int, say: Callable[[str], object]
) -> None:
    """Run Datasette on ``host:port`` until interrupted."""
    import asyncio

    ds = make_datasette(path, conn)
    import uvicorn

    asyncio.run(ds.invoke_startup())
    say(f"serving {path} read-only at http://{host}:{port}/{database_name(path)} (Ctrl-C stops)")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
