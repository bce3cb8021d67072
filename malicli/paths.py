"""Where things live: the database, the shipped seeds, extra source folders,
and the fingerprint that says whether the database is stale.

Standard library only, and light: this runs on every command (no pathlib,
no hashlib).
"""

from __future__ import annotations

import os
import zlib
from stat import S_ISREG
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    #: A path given by the user or a caller: a string or an os.PathLike.
    PathArg = str | os.PathLike[str]

SCHEMA_VERSION = 4
APPLICATION_ID = 0x4D414C49  # "MALI", in the SQLite header of every malicli database
DB_ENV = "MALICLI_DB"
SOURCES_ENV = "MALICLI_SOURCES"
PACKAGE = os.path.dirname(os.path.abspath(__file__))


def default_db_path() -> str:
    """The database in the XDG data directory ($XDG_DATA_HOME or ~/.local/share)."""
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
    """The extra source folders listed in $MALICLI_SOURCES, user directories expanded."""
    value = os.environ.get(SOURCES_ENV, "")
    return [os.path.expanduser(p) for p in value.split(os.pathsep) if p.strip()]


def _texts(folder: str) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            entries = [e for e in it if e.name.endswith(".txt") and e.is_file()]
    except OSError:
        return []
    return sorted(entries, key=lambda e: e.name)


def source_files(extra_dirs: Sequence[PathArg] = ()) -> list[str]:
    """Every document to build from: the seeds, then each extra folder's *.txt."""
    files: list[str] = []
    seen: set[str] = set()
    for folder in [seeds_dir(), *map(str, extra_dirs)]:
        real_folder = os.path.realpath(folder)
        for entry in _texts(folder):
            # the real path, to take a document reached through two folders once
            real = (
                os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real_folder, entry.name)
            )
            if real not in seen:
                seen.add(real)
                files.append(entry.path)
    return files


def code_files() -> list[str]:
    """The code and data a database is built with: a change in any of them means a rebuild."""
    names = ["resolve.py", "dates.py", "text.py"]
    for folder, ending in (("sources", ".py"), ("build", ".py"), ("data", ".json")):
        entries = sorted(os.scandir(os.path.join(PACKAGE, folder)), key=lambda e: e.name)
        names += [
            os.path.join(folder, e.name)
            for e in entries
            if e.name.endswith(ending) and e.name not in ("examples.json", "datasette.json")
        ]
    return [os.path.join(PACKAGE, n) for n in names]


def file_stats(files: list[str]) -> dict[str, tuple[int, int]]:
    """(size, modification time) of each file that is there, looked up relative to its folder
    (a stat by full path costs several times more)."""
    by_folder: dict[str, list[str]] = {}
    for path in files:
        by_folder.setdefault(os.path.dirname(path), []).append(path)
    out: dict[str, tuple[int, int]] = {}
    for folder, paths in by_folder.items():
        fd = None
        if os.stat in os.supports_dir_fd:
            try:
                fd = os.open(folder or ".", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            except OSError:
                fd = None
        try:
            for path in paths:
                try:
                    st = os.stat(os.path.basename(path), dir_fd=fd) if fd is not None else os.stat(path)
                except OSError:
                    continue
                out[path] = (st.st_size, st.st_mtime_ns)
        finally:
            if fd is not None:
                os.close(fd)
    return out


def _document_stats(folder: str) -> list[str]:
    """ "name|size|mtime" of each *.txt file of a folder, by name. Files are looked up relative
    to the folder (a stat per document is most of a lookup's cost at thousands of them)."""
    if os.stat not in os.supports_dir_fd:
        return [f"{e.name}|{e.stat().st_size}|{e.stat().st_mtime_ns}" for e in _texts(folder)]
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return []
    out = []
    try:
        for name in sorted(n for n in os.listdir(fd) if n.endswith(".txt")):
            try:
                st = os.stat(name, dir_fd=fd)
            except OSError:
                out.append(f"{name}|-")
                continue
            if S_ISREG(st.st_mode):
                out.append(f"{name}|{st.st_size}|{st.st_mtime_ns}")
    finally:
        os.close(fd)
    return out


def fingerprint(extra_dirs: Sequence[PathArg] = ()) -> str:
    """A cheap fingerprint of what the database is built from: the name, size and
    modification time of every code and data file the build reads and of every
    document (the shipped seeds and each *.txt of the extra folders).

    Equal fingerprints mean a fresh database. A different one means that
    something may have changed: the build then compares contents (a hash of
    the code, and of each document whose size or time changed), so a reinstall
    or a ``touch`` costs no rebuild.
    """
    from . import __version__

    parts = [f"{SCHEMA_VERSION}|{__version__}"]
    for path in code_files():
        try:
            st = os.stat(path)
            parts.append(f"{path}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}|-")
    for folder in [seeds_dir(), *map(str, extra_dirs)]:
        parts.append(folder)
        parts += _document_stats(folder)
    text = "\n".join(parts).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}{len(text):x}"
