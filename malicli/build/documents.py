"""Documents -> records: reading a file as text and parsing it with the parser
its content calls for, in worker processes when there are many."""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import REASONS, UnknownFormat, detect
from ..sources.records import Document
from . import cache

MAX_BYTES = 10 * 1024 * 1024
# A file modified this shortly before it is read may change again within the same tick of
# the file system's clock: its modification time is then not kept (stored as 0), so the
# next build compares its bytes.
RACY_NS = 2_000_000_000
PARALLEL_FROM = 40  # documents; fewer are parsed in this process


def read_document(path: Path, warn: Callable[[str], None] = lambda msg: None) -> str:
    """The text of a document, or raise ValueError saying why it cannot be read."""
    return decode(read_bytes(path), path, warn)


def read_bytes(path: Path) -> bytes:
    """A document's bytes, or raise ValueError when it is empty or too large."""
    size = path.stat().st_size
    if size == 0:
        raise ValueError("the file is empty")
    if size > MAX_BYTES:
        raise ValueError(
            f"the file is too large ({size // (1024 * 1024)} MiB; the limit is "
            f"{MAX_BYTES // (1024 * 1024)} MiB)"
        )
    return path.read_bytes()


def decode(data: bytes, path: Path, warn: Callable[[str], None] = lambda msg: None) -> str:
    """A document's bytes as text (UTF-8, else Latin-1 with a warning), or raise ValueError."""
    if b"\x00" in data[:8192]:
        raise ValueError("the file is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if sum(b < 32 and b not in (9, 10, 13) for b in data[:65536]) > 0:
            raise ValueError(f"the file is not UTF-8 text (byte {exc.start})") from None
        warn(f"{path.name}: not UTF-8 (byte {exc.start}); read as Latin-1")
        text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_file(path: Path, warn: Callable[[str], None] = lambda msg: None) -> Document:
    """Read a document and parse it with the parser its content calls for."""
    text = read_document(path, warn)
    return detect(text).parse(text)


@dataclass
class Parsed:
    """One document read and parsed (or the reason it was skipped), with what the cache keeps."""

    path: str
    text: str | None = None
    document: Document | None = None
    messages: list[str] = field(default_factory=list)
    skipped: str | None = None
    size: int = 0
    mtime_ns: int = 0
    sha256: str | None = None  # of the bytes read; None when they were not read
    records: bytes | None = None  # the document and its text for the cache (see cache.dump)
    store_error: str | None = None  # why the records could not be kept
    reason: str | None = None  # why its reader took it


def parse_one(path: str) -> Parsed:
    """Read and parse one document (in a worker process for large builds)."""
    out = Parsed(path)
    try:
        st = os.stat(path)  # before reading: a change while it is read shows in the next build
        out.size, out.mtime_ns = st.st_size, kept_mtime(st.st_mtime_ns)
        data = read_bytes(Path(path))
        out.sha256 = hashlib.sha256(data).hexdigest()
        out.text = decode(data, Path(path), out.messages.append)
        parser = detect(out.text)
        out.document = parser.parse(out.text)
        out.reason = REASONS.get(parser.FORMAT, f"recognised as {parser.FORMAT}")
    except (ValueError, UnknownFormat) as exc:
        out.skipped, out.text, out.document = str(exc), None, None
    except (RecursionError, LookupError, AttributeError, TypeError, ArithmeticError) as exc:
        # a parser broke on this document: skip it, keep the rest
        out.skipped, out.text, out.document = (
            f"a parser failed on it ({type(exc).__name__}: {exc})",
            None,
            None,
        )
    if out.document is not None and out.text is not None:
        try:
            out.records = cache.dump(out.document, out.text)
        except (TypeError, ValueError) as exc:
            out.store_error = str(exc)  # named when the document is stored
    return out


def tell(item: Parsed, warn: Callable[[str], None]) -> None:
    """What reading a document has to say: its warnings, why it was skipped, its first problem
    (one line a document; the full list with db build --report or in db info)."""
    for message in item.messages:
        warn(message)
    if item.skipped or item.document is None or item.text is None:
        warn(f"skipped {item.path}: {item.skipped}")
        return
    problems = item.document.warnings
    if problems:
        more = f" (and {len(problems) - 1} more: malicli db build --report)" if len(problems) > 1 else ""
        warn(f"{Path(item.path).name}: {problems[0]}{more}")


def kept_mtime(mtime_ns: int) -> int:
    """The modification time the cache keeps: 0 for one too recent to trust (see RACY_NS)."""
    return 0 if time.time_ns() - mtime_ns < RACY_NS else mtime_ns


def _start_worker(parent: int) -> None:
    """Set up a worker process: Ctrl-C is the parent's to handle, and the worker ends with its parent."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(parent, signal.SIGTERM)


def _end_with_parent(parent: int, sig: int) -> None:
    """Ask Linux to send `sig` to this process when its parent dies (a parent killed with SIGKILL
    cannot stop its workers itself), and send it now if the parent is already gone."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, sig)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os.kill(os.getpid(), sig)


def parsed(files: list[str]) -> Iterator[Parsed]:
    """Parsed documents in order; parsed by worker processes when there are many."""
    workers = min(os.cpu_count() or 1, 4)
    if len(files) < PARALLEL_FROM or workers < 2:
        yield from map(parse_one, files)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
        yield from pool.map(parse_one, files, chunksize=4)
