"""Opening the database for reading, building it first when it is missing,
stale (sources or schema changed) or unreadable. Standard library only,
except when a build is needed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from . import paths
from .exitcodes import MalicliError


def _meta(path: Path) -> dict | None:
    """The meta table of a database file, or None when it is not a usable one."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT key, value FROM meta").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return dict(rows)


def stale_reason(path: Path, extra_dirs=()) -> str | None:
    """Why the database must be (re)built, or None when it is fresh."""
    if not path.exists():
        return "no database yet"
    meta = _meta(path)
    if meta is None:
        return "the database file is unreadable or not a malicli database"
    if meta.get("schema_version") != str(paths.SCHEMA_VERSION):
        return f"schema version {meta.get('schema_version')} is not {paths.SCHEMA_VERSION}"
    dirs = _dirs(meta, extra_dirs)
    if meta.get("source_fingerprint") != paths.fingerprint(paths.source_files(dirs)):
        return "the source documents changed"
    return None


def _dirs(meta: dict | None, extra_dirs) -> list[Path]:
    stored = []
    if meta and meta.get("source_dirs"):
        try:
            stored = [Path(p) for p in json.loads(meta["source_dirs"])]
        except ValueError:
            stored = []
    out: list[Path] = []
    for d in [*stored, *paths.env_source_dirs(), *map(Path, extra_dirs)]:
        if d.is_dir() and d.resolve() not in [o.resolve() for o in out]:
            out.append(d)
    return out


def build_now(path: Path, extra_dirs=(), warn=print):
    from .build import BuildError, build

    try:
        return build(path, extra_dirs, warn=warn)
    except BuildError as exc:
        hint = (f"choose another place with --db PATH or {paths.DB_ENV}"
                if "cannot write" in str(exc) else None)
        raise MalicliError(str(exc), hint=hint) from None
    except OSError as exc:
        raise MalicliError(f"cannot write the database at {path}: {exc.strerror or exc}",
                           hint=f"choose another place with --db PATH or {paths.DB_ENV}") from None


def open_db(path: Path, warn=print, extra_dirs=()) -> sqlite3.Connection:
    """A read-only connection to a fresh database, building it when needed."""
    reason = stale_reason(path, extra_dirs)
    if reason:
        meta = _meta(path) if path.exists() else None
        warn(f"building the database at {path} ({reason})")
        build_now(path, _dirs(meta, extra_dirs), warn=warn)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        conn.execute("SELECT 1 FROM meta LIMIT 1")
    except sqlite3.Error as exc:
        raise MalicliError(f"cannot read the database at {path}: {exc}",
                           hint="rebuild it with: malicli db build") from None
    return conn
