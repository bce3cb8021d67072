"""Name resolution for actors and places in Mali War texts.

The gazetteers live in ``malicli/data/actors.json`` and ``malicli/data/places.json``
and are loaded lazily, once.  All matching is done on *folded* text (see
:func:`fold`): case-insensitive, accent-insensitive, with typographic
apostrophes and dashes normalised.  Inside a multi-word name a space and a
hyphen are interchangeable ("Al Qaeda" = "Al-Qaeda", "In Afarak" = "In-Afarak").

Actors have two kinds of names:

* prose names (``aliases``, ``short_name``, ``full_name``) are found anywhere in
  running text by :func:`find_actors`;
* ``field_only_aliases`` (mostly bare country names such as "Mali" or
  "Azawad") are accepted only when they make up a whole infobox field, by
  :func:`resolve_actor`.  A name listed there is never matched in prose, even
  when it is also the short name.

Reading infobox fields (flags, belligerents, commanders) is the job of
:mod:`malicli.sources.fields`; this module only resolves names.

Places are matched by ``name``, ``name_fr`` and ``alt_names``; the longest name
wins, so "Kidal Region" resolves to the region and "Kidal" alone to the town.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .text import fold_char, fold_chars, name_key

__all__ = [
    "Match",
    "actor",
    "actor_aliases",
    "all_actors",
    "all_places",
    "find_actors",
    "find_places",
    "fold",
    "place",
    "place_names",
    "resolve_actor",
    "resolve_place",
]

ACTOR_KINDS = frozenset(
    {
        "state force",
        "foreign force",
        "separatist group",
        "jihadist group",
        "militia",
        "private military company",
        "international mission",
        "organisation",
    }
)
PLACE_KINDS = frozenset({"town", "village", "region", "country", "area"})

# ---------------------------------------------------------------------------
# Folding
# ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Casefold, strip accents, normalise apostrophes and dashes (see malicli.text)."""
    return fold_chars(text)


def _fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` and return, for each folded character, its index in ``text``.

    The map is ``None`` when folding kept every character in place (the common case).
    """
    if text.isascii():
        return text.lower().replace("`", "'"), None
    parts = [fold_char(c) for c in text]
    folded = "".join(parts)
    if len(folded) == len(text) and all(len(p) == 1 for p in parts):
        return folded, None
    index: list[int] = []
    for i, p in enumerate(parts):
        index.extend([i] * len(p))
    return folded, index


_SEP_RE = re.compile(r"[\s\-]+")


_key = name_key


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def _read_data(name: str) -> dict:
    try:
        text = (resources.files(__package__ or "malicli") / "data" / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class Match:
    """One mention found in a text."""

    id: str  # canonical actor or place id
    as_written: str  # the exact substring of the input text
    start: int  # offsets into the original text: text[start:end] == as_written
    end: int


class _Matcher:
    """One precompiled regex over folded text plus the key -> id table behind it."""

    def __init__(self, names: list[tuple[str, str]]):
        self.by_key: dict[str, str] = {}
        for id_, name in names:
            key = _key(name)
            if key:
                self.by_key.setdefault(key, id_)
        self.regex = _compile_trie(self.by_key) if self.by_key else None

    def find(self, text: str) -> list[Match]:
        if self.regex is None or not text:
            return []
        folded, index = _fold_with_map(text)
        out: list[Match] = []
        last_end = 0
        n = len(text)
        for m in self.regex.finditer(folded):
            id_ = self.by_key.get(_SEP_RE.sub(" ", m.group()))
            if id_ is None:  # cannot happen: every match spells a key
                continue
            fs, fe = m.span()
            if index is None:
                start, end = fs, fe
            else:
                start, end = index[fs], index[fe - 1] + 1
                # keep trailing combining marks with the letter they belong to
                while end < n and fold_char(text[end]) == "":
                    end += 1
            if start < last_end:
                continue
            out.append(Match(id_, text[start:end], start, end))
            last_end = end
        return out


def _compile_trie(keys) -> re.Pattern[str]:
    """One regex for all keys: a prefix trie, longer continuations tried first.

    A space in a key matches any run of whitespace and hyphens.  Names match as
    whole words only: not preceded and not followed by a word character.
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def token(ch: str) -> str:
        return r"[\s\-]+" if ch == " " else re.escape(ch)

    def emit(node: dict) -> str:
        ends_here = "" in node
        alts = [token(ch) + emit(child) for ch, child in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        if len(alts) == 1 and not ends_here:
            return alts[0]
        group = "(?:" + "|".join(alts) + ")"
        return group + "?" if ends_here else group

    return re.compile(r"(?<!\w)(?:" + emit(trie) + r")(?!\w)")


class _Index:
    def __init__(self) -> None:
        self.actors: list[dict] = _read_data("actors.json")["actors"]
        self.places: list[dict] = _read_data("places.json")["places"]
        self.actor_by_id = {a["id"]: a for a in self.actors}
        self.place_by_id = {p["id"]: p for p in self.places}

        self.actor_names: list[tuple[str, str]] = []
        prose: list[tuple[str, str]] = []
        for a in self.actors:
            field_only = list(a.get("field_only_aliases") or [])
            field_keys = {_key(x) for x in field_only}
            names = _unique([a["short_name"], a["full_name"], *(a.get("aliases") or [])])
            self.actor_names.extend((a["id"], x) for x in _unique(names + field_only))
            prose.extend((a["id"], x) for x in names if _key(x) not in field_keys)
        self.actor_prose = _Matcher(prose)
        self.actor_whole: dict[str, str] = {}
        for id_, name in self.actor_names:
            self.actor_whole.setdefault(_key(name), id_)
        for a in self.actors:
            self.actor_whole.setdefault(_key(a["id"]), a["id"])

        self.place_names: list[tuple[str, str]] = []
        for p in self.places:
            names = [p["name"], p.get("name_fr") or "", *(p.get("alt_names") or [])]
            self.place_names.extend((p["id"], x) for x in _unique(names) if x)
        self.place_prose = _Matcher(self.place_names)
        self.place_whole = dict(self.place_prose.by_key)
        for p in self.places:
            self.place_whole.setdefault(_key(p["id"]), p["id"])


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index()


# ---------------------------------------------------------------------------
# Public lookups
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _find_actors(text: str) -> tuple[Match, ...]:
    return tuple(_index().actor_prose.find(text))


@functools.lru_cache(maxsize=4096)
def _find_places(text: str) -> tuple[Match, ...]:
    return tuple(_index().place_prose.find(text))


def find_actors(text: str) -> list[Match]:
    """All non-overlapping actor mentions in prose, in text order (longest name wins)."""
    return list(_find_actors(text))


def find_places(text: str) -> list[Match]:
    """All non-overlapping place mentions in prose, in text order (longest name wins)."""
    return list(_find_places(text))


def _resolve(table: dict[str, str], name: str) -> str | None:
    if not name:
        return None
    key = _key(name)
    found = table.get(key)
    if found is None and key.startswith("the "):
        found = table.get(key[4:])
    return found


def resolve_actor(name: str) -> str | None:
    """Actor id whose name (alias, short/full name, id or field-only alias) is the whole string."""
    return _resolve(_index().actor_whole, name)


def resolve_place(name: str) -> str | None:
    """Place id whose name (name, French name, alternative name or id) is the whole string."""
    return _resolve(_index().place_whole, name)


def actor(id: str) -> dict | None:
    """The actor entry as stored in actors.json (a copy), or None."""
    found = _index().actor_by_id.get(id)
    return copy.deepcopy(found) if found is not None else None


def parents(id: str) -> tuple[str, ...]:
    """The groups an actor is a unit, member or affiliate of ("parents" in
    actors.json, each with its note)."""
    found = _index().actor_by_id.get(id)
    return tuple(p["id"] for p in (found or {}).get("parents", []))


def place(id: str) -> dict | None:
    """The place entry as stored in places.json (a copy), or None."""
    found = _index().place_by_id.get(id)
    return copy.deepcopy(found) if found is not None else None


def all_actors() -> list[dict]:
    """Every actor entry of the dictionary (copies)."""
    return copy.deepcopy(_index().actors)


def all_places() -> list[dict]:
    """Every place entry of the gazetteer (copies)."""
    return copy.deepcopy(_index().places)


def actor_aliases() -> list[tuple[str, str]]:
    """(actor_id, name) for every actor name, short and full names and field-only ones included."""
    return list(_index().actor_names)


def place_names() -> list[tuple[str, str]]:
    """(place_id, name) for every place name: name, French name and alternative names."""
    return list(_index().place_names)
