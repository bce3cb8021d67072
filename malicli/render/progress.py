"""A progress bar for builds, drawn with rich on stderr, only when stderr is a
terminal and only once a build has taken half a second: documents read of
all, events found, time elapsed. It is gone when the build ends (the summary
line follows it). rich is imported only when the bar appears.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING, Any

from ..build import Progress

if TYPE_CHECKING:
    from typing import TextIO

DELAY = 0.5  # seconds: quicker builds show no bar


def wanted(stream: TextIO | None = None) -> bool:
    """A bar is drawn on a terminal (not a pipe or a file), unless TERM=dumb."""
    stream = stream or sys.stderr
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class TerminalProgress(Progress):
    """Counts documents and events; draws them after DELAY seconds (see module doc)."""

    def __init__(self, delay: float = DELAY):
        self.total = 0
        self.done = 0
        self.events = 0
        self.text = "Reading documents"
        self._lock = threading.Lock()
        self._bar: Any = None
        self._task: Any = None
        self._closed = False
        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True
        self._timer.start()

    def start(self, total: int) -> None:
        """Note that ``total`` documents are about to be read."""
        with self._lock:
            self.total, self.done = total, 0
        self._update()

    def advance(self, events: int) -> None:
        """Count one more document read and its ``events``."""
        with self._lock:
            self.done += 1
            self.events += events
        self._update()

    def phase(self, text: str) -> None:
        """Show ``text`` as what the build does now."""
        with self._lock:
            self.text = text[:1].upper() + text[1:]
        self._update()

    def print(self, line: str) -> bool:
        """Print a line above the bar; False when no bar is drawn (print it yourself)."""
        with self._lock:
            if self._bar is None:
                return False
            from rich.text import Text

            self._bar.console.print(Text(line))
            return True

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        with self._lock:
            if self._closed:
                return
            bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("documents, {task.fields[events]:,} events"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
                redirect_stderr=False,
                redirect_stdout=False,
            )
            self._task = bar.add_task(self.text, total=self.total or None, events=self.events)
            bar.update(self._task, completed=self.done)
            bar.start()
            self._bar = bar

    def _update(self) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.update(
                    self._task,
                    description=self.text,
                    total=self.total or None,
                    completed=self.done,
                    events=self.events,
                )

    def close(self) -> None:
        """Stop the timer; take the bar off the screen."""
        self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._bar is not None:
                self._bar.stop()
                self._bar = None


def start() -> TerminalProgress | None:
    """A progress display for a build, when stderr is a terminal."""
    return TerminalProgress() if wanted() else None
