"""Opening the database for reading, building it first when it is missing,
stale (sources, parsers or schema changed) or unreadable. Standard library
only, except when a build is needed.

A file that is not malicli's (another SQLite database, or not SQLite at all)
is never overwritten: the user gets an error naming the path.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from . import paths
from .exitcodes import MalicliError

SQLITE_HEADER = b"SQLite format 3\x00"
DB_HINT = f"choose another place with --db PATH or {paths.DB_ENV}"


def uri(path: Path, mode: str = "ro") -> str:
    return f"{Path(path).resolve().as_uri()}?mode={mode}"


def connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(uri(path), uri=True)


def _inspect(path: Path) -> tuple[int | None, dict | None]:
    """(application_id, meta) of a database file; (None, None) when unreadable."""
    try:
        conn = connect_ro(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall()) if "meta" in tables else {}
            if not tables:
                meta = None
        finally:
            conn.close()
    except sqlite3.Error:
        return None, None
    return app_id, meta


def stale_reason(path: Path, extra_dirs=()) -> str | None:
    """Why the database must be (re)built, or None when it is fresh.

    Raises MalicliError when the file is there but is not malicli's to replace.
    """
    path = Path(path)
    if path.is_dir():
        raise MalicliError(f"the database path is a folder: {path}", hint=DB_HINT)
    try:
        with open(path, "rb") as f:
            header = f.read(16)
    except FileNotFoundError:
        return "no database yet"
    except OSError as exc:
        raise MalicliError(f"cannot read the database at {path}: {exc.strerror}", hint=DB_HINT) from None
    if not header:
        return "the database file is empty"
    if header != SQLITE_HEADER:
        raise MalicliError(f"{path} is not a SQLite database; malicli will not overwrite it",
                           hint=f"move it away, or {DB_HINT}")
    app_id, meta = _inspect(path)
    if app_id is None:
        return "the database file is corrupt or truncated"
    ours = app_id == paths.APPLICATION_ID or {"schema_version", "source_fingerprint"} <= set(meta or {})
    if not ours and meta is not None:
        raise MalicliError(f"{path} is another program's SQLite database; malicli will not overwrite it",
                           hint=f"move it away, or {DB_HINT}")
    if not meta:
        return "the database has no malicli tables"
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
    """Build the database at ``path`` (after checking it is malicli's to replace)."""
    from .build import BuildError, build

    stale_reason(path)  # raises when the file is not ours
    try:
        return build(path, extra_dirs, warn=warn)
    except BuildError as exc:
        hint = DB_HINT if "cannot write" in str(exc) else None
        raise MalicliError(str(exc), hint=hint) from None
    except OSError as exc:
        raise MalicliError(f"cannot write the database at {path}: {exc.strerror or exc}",
                           hint=DB_HINT) from None


def open_db(path: Path, warn=print, extra_dirs=()) -> sqlite3.Connection:
    """A read-only connection to a fresh database, building it when needed."""
    path = Path(path)
    reason = stale_reason(path, extra_dirs)
    if reason:
        meta = _inspect(path)[1] if path.exists() else None
        warn(f"building the database at {path} ({reason})")
        build_now(path, _dirs(meta, extra_dirs), warn=warn)
    try:
        conn = connect_ro(path)
        conn.row_factory = sqlite3.Row
        conn.execute("SELECT 1 FROM meta LIMIT 1")
    except sqlite3.Error as exc:
        raise MalicliError(f"cannot read the database at {path}: {exc}",
                           hint="rebuild it with: malicli db build") from None
    return conn
