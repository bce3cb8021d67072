"""Plain-text helpers every source module uses: reference marks and spaces."""

from __future__ import annotations

import re

REF_MARK = re.compile(r"\s?\[(?:\d+|[a-z]|citation needed|note \d+|nb \d+)\]", re.I)


def strip_refs(text: str) -> str:
    """Remove reference marks such as [12] or [citation needed]."""
    return REF_MARK.sub("", text)


def clean(text: str) -> str:
    """Reference marks removed and runs of spaces collapsed."""
    return re.sub(r"\s+", " ", strip_refs(text)).strip()
