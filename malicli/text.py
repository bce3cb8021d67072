"""The one text normaliser for names, used by the build and the read path alike.

:func:`fold` folds case and accents, turns every Unicode dash into ``-`` and
every apostrophe-like character into ``'``, and collapses white space;
:func:`name_key` also treats a hyphen like a space, so that "Al Qaeda",
"Al-Qaeda" and "al‑qaeda" (a non-breaking hyphen) share one key. Names are
stored with their key and looked up by it.

Standard library only and light: this runs on every lookup.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "fold_char", "fold_chars", "name_key"]

_APOSTROPHES = "\u2019\u2018\u201b`\u02bc\u02bb\u00b4\u02b9\u2032\uff07"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u00ad"
_PUNCT = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_DASHES, "-")})
_SPACE = re.compile(r"\s+")
_KEY_SEP = re.compile(r"[\s\-]+")
_CHAR_CACHE: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """One character folded; the result may be empty (a combining mark) or longer (ß -> ss)."""
    out = _CHAR_CACHE.get(ch)
    if out is None:
        s = unicodedata.normalize("NFKD", ch.translate(_PUNCT).casefold()).casefold()
        s = "".join(c for c in s if not unicodedata.combining(c)).translate(_PUNCT)
        if len(_CHAR_CACHE) > 200_000:
            _CHAR_CACHE.clear()
        _CHAR_CACHE[ch] = out = s
    return out


def fold_chars(text: str) -> str:
    """Fold every character, keeping white space as it is (offsets stay close to the text's)."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return "".join(map(fold_char, text))


def fold(text: str) -> str:
    """Case, accents, dashes, apostrophes and white space folded: the form names are compared in."""
    return _SPACE.sub(" ", fold_chars(text or "")).strip()


def name_key(text: str) -> str:
    """The lookup key of a name: folded, with runs of spaces and hyphens as one space."""
    return _KEY_SEP.sub(" ", fold_chars(text or "")).strip()
