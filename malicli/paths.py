"""Where things live: the database, the shipped seeds, extra source folders.

Standard library only: this runs on every command.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

SCHEMA_VERSION = 1
APPLICATION_ID = 0x4D414C49  # "MALI", in the SQLite header of every malicli database
DB_ENV = "MALICLI_DB"
SOURCES_ENV = "MALICLI_SOURCES"


def default_db_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "malicli" / "malicli.db"


def db_path(option: str | None = None) -> Path:
    """--db PATH, then $MALICLI_DB, then the XDG data directory."""
    value = option or os.environ.get(DB_ENV)
    return Path(value).expanduser() if value else default_db_path()


def seeds_dir() -> Path:
    """The shipped seeds: inside the installed package, or the checkout's seeds/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    return here / "seeds"


def env_source_dirs() -> list[Path]:
    value = os.environ.get(SOURCES_ENV, "")
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]


def source_files(extra_dirs=()) -> list[Path]:
    """Every document to build from: the seeds, then each extra folder's *.txt."""
    files: list[Path] = []
    seen: set[Path] = set()
    for folder in [seeds_dir(), *extra_dirs]:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.txt")):
            real = path.resolve()
            if real not in seen and path.is_file():
                seen.add(real)
                files.append(path)
    return files


def fingerprint(files) -> str:
    """A cheap fingerprint of the sources and of the code that parses them:
    names, sizes and modification times."""
    from . import __version__

    h = hashlib.sha256(f"{SCHEMA_VERSION}|{__version__}".encode())
    here = Path(__file__).resolve().parent
    code = [here / "data" / "actors.json", here / "data" / "places.json",
            *sorted((here / "sources").glob("*.py")), here / "build.py", here / "resolve.py",
            here / "dates.py"]
    for path in [*code, *files]:
        try:
            st = path.stat()
        except OSError:
            continue
        h.update(f"|{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()
