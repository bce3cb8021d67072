"""The vocabularies of ``malicli/data/page_vocab.json``, loaded once.

Each list there holds entries with a ``word`` (or ``marker``) and a note; the
helpers here turn a list into a lookup table or a regex alternation, longest
entries first so that "several dozen" wins over "several".
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=1)
def data() -> dict:
    """The contents of ``page_vocab.json``, read from the package once."""
    name = "page_vocab.json"
    try:
        text = (resources.files("malicli") / "data" / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        text = (Path(__file__).resolve().parent.parent / "data" / name).read_text(encoding="utf-8")
    return json.loads(text)


def entries(kind: str) -> list[dict]:
    """The entries of one list of ``page_vocab.json`` (a copy; empty when there is none)."""
    return list(data().get(kind, []))


def words(kind: str) -> list[str]:
    """The words of one list, longest first."""
    return sorted((e.get("word") or e.get("marker") or "" for e in entries(kind)), key=len, reverse=True)


@lru_cache(maxsize=64)
def table(kind: str, key: str) -> dict[str, str | None]:
    """Folded word -> the entry's ``key`` value, e.g. table("categories", "category")."""
    return {(e.get("word") or e.get("marker") or "").lower(): e.get(key) for e in entries(kind)}


def _piece(word: str) -> str:
    esc = re.escape(word).replace(r"\ ", r"\s+")
    head = r"(?<![\w])" if word[:1].isalnum() else ""
    tail = r"(?![\w])" if word[-1:].isalnum() or word.endswith(".") else ""
    return head + esc + tail


@lru_cache(maxsize=64)
def alternation(kind: str) -> str:
    """A non-capturing regex group matching any word of a list, as whole words."""
    return "(?:" + "|".join(_piece(w) for w in words(kind) if w) + ")"
