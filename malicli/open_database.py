"""Opening the database for reading, building it first when it is missing,
stale (sources, parsers or schema changed) or unreadable. Standard library
only, except when a build is needed.

A file that is not malicli's (another SQLite database, or not SQLite at all)
is never overwritten: the user gets an error naming the path.
"""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING

from . import paths
from .exitcodes import MalicliError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .build import BuildReport
    from .paths import PathArg

SQLITE_HEADER = b"SQLite format 3\x00"
DB_HINT = f"choose another place with --db PATH or {paths.DB_ENV}"
# Sizes or times of the documents, code or data changed: the build compares contents and
# says what it does (nothing, when only the times changed).
STALE = "the source documents or malicli's code may have changed"


def uri(path: PathArg, mode: str = "ro") -> str:
    """A file: URI for sqlite3, with the characters URIs reserve escaped."""
    p = os.path.abspath(os.fspath(path))
    p = p.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{p}?mode={mode}"


def connect_ro(path: PathArg) -> sqlite3.Connection:
    """A read-only connection to the database at ``path``, rows as sqlite3.Row."""
    conn = sqlite3.connect(uri(path), uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _read_meta(conn) -> tuple[int, dict | None]:
    """(application_id, meta) of an open database; meta None when it has no tables."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return app_id, None
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall()) if "meta" in tables else {}
    return app_id, meta


def _open_and_read(path: str) -> tuple[sqlite3.Connection, int, dict | None]:
    """A read-only connection with (application_id, meta). An update in place that was killed
    leaves a journal that a read-only connection cannot play back: a read-write one does, once."""
    try:
        conn = connect_ro(path)
        return (conn, *_read_meta(conn))
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_READONLY_ROLLBACK":
            raise
    rw = sqlite3.connect(path, timeout=30)
    try:
        rw.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    finally:
        rw.close()
    conn = connect_ro(path)
    return (conn, *_read_meta(conn))


def _check(
    path: str, extra_dirs: Sequence[PathArg] = ()
) -> tuple[str | None, sqlite3.Connection | None, dict | None]:
    """(reason to rebuild or None, open connection when fresh, meta)."""
    if os.path.isdir(path):
        raise MalicliError(f"the database path is a folder: {path}", hint=DB_HINT)
    try:
        with open(path, "rb") as f:
            header = f.read(16)
    except FileNotFoundError:
        return "no database yet", None, None
    except OSError as exc:
        raise MalicliError(f"cannot read the database at {path}: {exc.strerror}", hint=DB_HINT) from None
    if not header:
        return "the database file is empty", None, None
    if header != SQLITE_HEADER:
        raise MalicliError(
            f"{path} is not a SQLite database; malicli will not overwrite it",
            hint=f"move it away, or {DB_HINT}",
        )
    try:
        conn, app_id, meta = _open_and_read(path)
    except sqlite3.Error:
        return "the database file is corrupt or truncated", None, None
    ours = app_id == paths.APPLICATION_ID or {"schema_version", "source_fingerprint"} <= set(meta or {})
    if not ours and meta is not None:
        conn.close()
        raise MalicliError(
            f"{path} is another program's SQLite database; malicli will not overwrite it",
            hint=f"move it away, or {DB_HINT}",
        )
    reason = None
    if not meta:
        reason = "the database has no malicli tables"
    elif meta.get("schema_version") != str(paths.SCHEMA_VERSION):
        reason = f"schema version {meta.get('schema_version')} is not {paths.SCHEMA_VERSION}"
    elif meta.get("source_fingerprint") != paths.fingerprint(source_dirs(meta, extra_dirs)):
        reason = STALE
    if reason:
        conn.close()
        return reason, None, meta
    return None, conn, meta


def stale_reason(path: PathArg, extra_dirs: Sequence[PathArg] = ()) -> str | None:
    """Why the database must be (re)built, or None when it is fresh.

    Raises MalicliError when the file is there but is not malicli's to replace.
    """
    reason, conn, _ = _check(os.fspath(path), extra_dirs)
    if conn is not None:
        conn.close()
    return reason


def source_dirs(meta: dict | None, extra_dirs: Sequence[PathArg] = ()) -> list[str]:
    """The extra source folders: those the database was built with, $MALICLI_SOURCES, and more."""
    stored: list[str] = []
    if meta and meta.get("source_dirs"):
        import json

        try:
            stored = list(json.loads(meta["source_dirs"]))
        except ValueError:
            stored = []
    out: list[str] = []
    for d in [*stored, *paths.env_source_dirs(), *(os.fspath(d) for d in extra_dirs)]:
        d = os.path.abspath(d)
        if d not in out and os.path.isdir(d):
            out.append(d)
    return out


def remembered_source_dirs(path: PathArg) -> list[str]:
    """The extra source folders an existing malicli database was built with (still there)."""
    try:
        _, conn, meta = _check(os.fspath(path))
    except MalicliError:
        return []
    if conn is not None:
        conn.close()
    return source_dirs(meta) if meta else []


def build_now(
    path: PathArg,
    extra_dirs: Sequence[PathArg] = (),
    warn: Callable[[str], object] = print,
    *,
    reason: str | None = None,
    full: bool = False,
) -> BuildReport:
    """Bring the database at ``path`` up to date (after checking it is malicli's to replace):
    in place when only some documents changed, else by a full build (always with ``full``).
    ``reason`` (why a lookup found it stale) makes the build say what it does on ``warn``;
    on a terminal, a progress bar shows once the build takes half a second."""
    from .build import BuildError, build
    from .render import progress as bars
    from .render.blocks import safe

    stale_reason(path)  # raises when the file is not ours
    bar = bars.start()

    def say(message: str) -> None:  # above the bar while it is drawn
        if bar is None or not bar.print("malicli: " + safe(" ".join(str(message).split()))[:500]):
            warn(message)

    def announce(verb: str, why: str) -> None:
        if reason is not None:
            say(f"{verb} the database at {path} ({why if reason == STALE else reason})")

    try:
        return build(path, extra_dirs, warn=say, full=full, progress=bar, announce=announce)
    except BuildError as exc:
        hint = DB_HINT if "cannot write" in str(exc) else None
        raise MalicliError(str(exc), hint=hint) from None
    except OSError as exc:
        raise MalicliError(
            f"cannot write the database at {path}: {exc.strerror or exc}", hint=DB_HINT
        ) from None
    finally:
        if bar is not None:
            bar.close()


def open_db(
    path: PathArg, warn: Callable[[str], object] = print, extra_dirs: Sequence[PathArg] = ()
) -> sqlite3.Connection:
    """A read-only connection to a fresh database, building it when needed."""
    path = os.fspath(path)
    reason, conn, meta = _check(path, extra_dirs)
    if conn is not None:
        return conn
    build_now(path, source_dirs(meta, extra_dirs), warn=warn, reason=reason, full=reason != STALE)
    try:
        conn = connect_ro(path)
        conn.execute("SELECT 1 FROM meta LIMIT 1")
    except sqlite3.Error as exc:
        raise MalicliError(
            f"cannot read the database at {path}: {exc}", hint="rebuild it with: malicli db build"
        ) from None
    return conn
