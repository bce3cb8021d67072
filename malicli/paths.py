"""Where things live: the database, the shipped seeds, extra source folders,
and the fingerprint that says whether the database is stale.

Standard library only, and light: this runs on every command (no pathlib,
no hashlib).
"""

from __future__ import annotations

import os
import zlib

SCHEMA_VERSION = 3
APPLICATION_ID = 0x4D414C49  # "MALI", in the SQLite header of every malicli database
DB_ENV = "MALICLI_DB"
SOURCES_ENV = "MALICLI_SOURCES"
PACKAGE = os.path.dirname(os.path.abspath(__file__))


def default_db_path() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "malicli", "malicli.db")


def db_path(option: str | None = None) -> str:
    """--db PATH, then $MALICLI_DB, then the XDG data directory."""
    value = option or os.environ.get(DB_ENV)
    return os.path.expanduser(value) if value else default_db_path()


def seeds_dir() -> str:
    """The shipped seeds: inside the installed package, or the checkout's seeds/."""
    for candidate in (os.path.join(PACKAGE, "seeds"), os.path.join(os.path.dirname(PACKAGE), "seeds")):
        if os.path.isdir(candidate):
            return candidate
    return os.path.join(PACKAGE, "seeds")


def env_source_dirs() -> list[str]:
    value = os.environ.get(SOURCES_ENV, "")
    return [os.path.expanduser(p) for p in value.split(os.pathsep) if p.strip()]


def _texts(folder: str) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            entries = [e for e in it if e.name.endswith(".txt") and e.is_file()]
    except OSError:
        return []
    return sorted(entries, key=lambda e: e.name)


def source_files(extra_dirs=()) -> list[str]:
    """Every document to build from: the seeds, then each extra folder's *.txt."""
    files: list[str] = []
    seen: set[str] = set()
    for folder in [seeds_dir(), *map(str, extra_dirs)]:
        for entry in _texts(folder):
            real = os.path.realpath(entry.path)
            if real not in seen:
                seen.add(real)
                files.append(entry.path)
    return files


def _code_files() -> list[str]:
    """The code and data a database is built with: a change in any of them means a rebuild."""
    names = ["resolve.py", "dates.py", "text.py"]
    for folder, ending in (("sources", ".py"), ("build", ".py"), ("data", ".json")):
        entries = sorted(os.scandir(os.path.join(PACKAGE, folder)), key=lambda e: e.name)
        names += [
            os.path.join(folder, e.name)
            for e in entries
            if e.name.endswith(ending) and e.name != "examples.json"
        ]
    return [os.path.join(PACKAGE, n) for n in names]


def fingerprint(extra_dirs=()) -> str:
    """A cheap fingerprint of what the database is built from.

    The shipped seeds and the parsing code count file by file (name, size,
    modification time). A folder added with --source or MALICLI_SOURCES counts
    by its own modification time, which changes when a document is added,
    removed, renamed or saved by an editor that replaces the file; a document
    edited in place there is picked up by ``malicli db build``.
    """
    from . import __version__

    parts = [f"{SCHEMA_VERSION}|{__version__}"]
    for path in _code_files():
        try:
            st = os.stat(path)
            parts.append(f"{path}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}|-")
    for entry in _texts(seeds_dir()):
        st = entry.stat()
        parts.append(f"{entry.name}|{st.st_size}|{st.st_mtime_ns}")
    for folder in map(str, extra_dirs):
        try:
            st = os.stat(folder)
            parts.append(f"{os.path.abspath(folder)}|{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{folder}|-")
    text = "\n".join(parts).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}{len(text):x}"
