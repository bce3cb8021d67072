"""Exit codes: one place, each documented in the README and `malicli --help`."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # success, a search with no hits included
    ERROR = 1  # database or file-system error
    USAGE = 2  # bad option or argument (click's own, invalid dates, limits)
    NOT_FOUND = 3  # no battle, actor or place by that name
    AMBIGUOUS = 4  # several match: be more specific
    INTERRUPTED = 130  # Ctrl-C


class MalicliError(Exception):
    """An error the user can act on: a one-line message and an exit code."""

    code = ExitCode.ERROR

    def __init__(self, message: str, hint: str | None = None, code: ExitCode | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code


class UsageError(MalicliError):
    code = ExitCode.USAGE


class NotFound(MalicliError):
    code = ExitCode.NOT_FOUND

    def __init__(self, message: str, suggestions=(), hint: str | None = None):
        super().__init__(message, hint)
        self.suggestions = list(suggestions)


class Ambiguous(MalicliError):
    code = ExitCode.AMBIGUOUS

    def __init__(self, message: str, candidates=(), hint: str | None = None, details=None):
        super().__init__(message, hint)
        self.candidates = list(candidates)
        # rows that tell the candidates apart: (id, name, date, place, sources)
        self.details: list[tuple[str, ...]] | None = details
