"""Documents -> records: reading a file as text and parsing it with the parser
its content calls for, in worker processes when there are many."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import REASONS, UnknownFormat, detect
from ..sources.records import Document

MAX_BYTES = 10 * 1024 * 1024
PARALLEL_FROM = 40  # documents; fewer are parsed in this process


def read_document(path: Path, warn: Callable[[str], None] = lambda msg: None) -> str:
    """The text of a document, or raise ValueError saying why it cannot be read."""
    size = path.stat().st_size
    if size == 0:
        raise ValueError("the file is empty")
    if size > MAX_BYTES:
        raise ValueError(
            f"the file is too large ({size // (1024 * 1024)} MiB; the limit is "
            f"{MAX_BYTES // (1024 * 1024)} MiB)"
        )
    data = path.read_bytes()
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
    """One document read and parsed (or the reason it was skipped)."""

    path: str
    text: str | None = None
    document: Document | None = None
    messages: list[str] = field(default_factory=list)
    skipped: str | None = None
    reason: str | None = None  # why its reader took it


def parse_one(path: str) -> Parsed:
    """Read and parse one document (in a worker process for large builds)."""
    out = Parsed(path)
    try:
        out.text = read_document(Path(path), out.messages.append)
        parser = detect(out.text)
        out.document = parser.parse(out.text)
        out.reason = REASONS.get(parser.FORMAT, f"recognised as {parser.FORMAT}")
    except (ValueError, UnknownFormat) as exc:
        out.skipped, out.text = str(exc), None
    except (RecursionError, LookupError, AttributeError, TypeError, ArithmeticError) as exc:
        # a parser broke on this document: skip it, keep the rest
        out.skipped, out.text = f"a parser failed on it ({type(exc).__name__}: {exc})", None
    return out


def _ignore_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def parsed(files: list[str]) -> Iterator[Parsed]:
    """Parsed documents in order; parsed by worker processes when there are many."""
    workers = min(os.cpu_count() or 1, 4)
    if len(files) < PARALLEL_FROM or workers < 2:
        yield from map(parse_one, files)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, initializer=_ignore_sigint) as pool:
        yield from pool.map(parse_one, files, chunksize=4)
