"""Text hygiene shared by the source parsers: reference marks, footnote digits,
sentences, headings and the lines of a page that are not prose.

Sentences are found in the raw text (offsets index it, so quotes stay exact);
reference marks and footnote digits are removed from a sentence only after it
has been cut, so that they neither merge two sentences nor split one.
"""

from __future__ import annotations

import re

from ..datewords import MONTH_TOKENS, YEAR_DIGITS, years_in_line

__all__ = [
    "FOOTNOTE",
    "IMAGE_LINE",
    "MAINTENANCE",
    "REF_MARK",
    "clean",
    "heading_years",
    "is_heading",
    "is_reference_heading",
    "is_reference_line",
    "split_sentences",
    "strip_refs",
]

REF_MARK = re.compile(
    r"\s?\[(?:\d+|[a-z]|citation needed|note \d+|nb \d+|(?:lower|upper)-(?:alpha|roman|greek) \d+)\]", re.I
)
# Footnote digits glued to the end of a sentence: "Burkina Faso.1 Early ...",
# "... in February 2017.5 Later ..." (after a word, or after a year).
FOOTNOTE = re.compile(
    r"(?:(?<=[^\W\d_][.!?])|(?<=[^\W\d_][.!?][\"”’)])|(?<=[^0-9]" + YEAR_DIGITS + r"[.]))"
    r"[0-9]{1,3}(?:,[0-9]{1,3})*(?=\s+[\"“'(]?[A-Z]|\s*$)"
)
IMAGE_LINE = re.compile(r"\.(?:svg|png|jpe?g|gif|tiff?)\b", re.I)
MAINTENANCE = re.compile(r"^(?:This (?:article|section|page)\b|For other\b|See also\b|Main article\b)", re.I)

# Words after which a period does not end a sentence.
_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "col",
    "capt",
    "gen",
    "lt",
    "sgt",
    "st",
    "no",
    "vs",
    "jr",
    "sr",
    "maj",
    "brig",
    "cpl",
    "pte",
    "prof",
    "gov",
    "sen",
    "rep",
    "fig",
    "approx",
    "inc",
    "ltd",
    "co",
    "mt",
    "ft",
    "e.g",
    "i.e",
    "etc",
    "al",
    "pres",
    "adm",
    "cmdr",
    "lieut",
    "rev",
    "hon",
    "gens",
    "cols",
    "mme",
}
# A month abbreviation ends no sentence when a number follows ("Sept. 23").
_MONTH_ABBREV = {t for t in MONTH_TOKENS if len(t) <= 5}
_SENT_END = re.compile(
    r"[.!?][\"”’')]*"
    r"(?:(?:\[[^\]]{1,20}\])+(?=[^\S\n]*[\"“'(\[]?[A-Z0-9ÀÉÈÎÔ])"  # "...conflict.[262]USAF C-17s"
    r"|[0-9]{1,3}(?=[^\S\n]+[\"“'(]?[A-Z])"  # footnote digits: "Faso.1 Early"
    r"|(?=\s+[\"“'(\[]?[A-Z0-9ÀÉÈÎÔ]))"
)
_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“]))([A-Za-z.]+)$")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")
# "Jan 4. 2013": a period between a day and its year
_DAY_BEFORE = re.compile(r"\b([A-Za-z]{3,9})\.?\s+[0-9]{1,2}$")
_YEAR_AFTER = re.compile(r"\s+" + YEAR_DIGITS + r"\b")


def strip_refs(text: str) -> str:
    """Remove reference marks ("[12]", "[citation needed]") and footnote digits glued to a period."""
    return FOOTNOTE.sub("", REF_MARK.sub("", text))


def clean(text: str) -> str:
    """A sentence without reference marks and with single spaces."""
    return re.sub(r"\s+", " ", strip_refs(text)).strip()


def _no_break(text: str, start: int, m: re.Match[str]) -> bool:
    """True when the period matched by ``m`` belongs to an abbreviation or a date."""
    head = text[start : m.start()]
    if m.group(0)[:1] != ".":
        return False
    if m.group(0)[1:2].isdigit() and not (head[-1:].isalpha() or head[-4:].isdigit()):
        return True  # "2.5 Million": a decimal, not a footnote
    word = _WORD_BEFORE.search(head)
    after = text[m.end() : m.end() + 12].lstrip()
    if word:
        w = word.group(1).lower().rstrip(".")
        if w in _ABBREV or (len(w) == 1 and w.isalpha()) or _INITIALS.fullmatch(w):
            return True
        if w in _MONTH_ABBREV and after[:1].isdigit():
            return True
    day = _DAY_BEFORE.search(head)
    if day and day.group(1).lower() in MONTH_TOKENS and _YEAR_AFTER.match(text, m.end()):
        return True
    return False


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Split a paragraph into (offset, sentence) pairs; offsets index ``text``.

    Reference marks and footnote digits after a sentence stay with it; an
    abbreviation ("Gen.", "Sept. 23", "U.N.") or "Jan 4. 2013" ends no sentence.
    """
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if _no_break(text, start, m):
            continue
        end = m.end()
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, piece.strip()))
        start = end
    piece = text[start:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append((start + lead, piece.strip()))
    return out


def is_heading(line: str) -> bool:
    """A bare heading line: short, no sentence-final punctuation."""
    s = line.strip()
    if not s or len(s) > 120:
        return False
    if s[-1] in '.!?"”;,:' or REF_MARK.search(s[-6:] or ""):
        return False
    if s.endswith("]"):
        return False
    return s[0].isupper() or s[0].isdigit()


def heading_years(line: str) -> list[int]:
    """The years a heading names, in order ("2014–2015: ..." -> [2014, 2015])."""
    return years_in_line(line)


_REFERENCE_HEADINGS = re.compile(
    r"^(?:=+\s*)?(?:references|notes|sources|bibliography|further reading|external links|citations|"
    r"footnotes|works cited|notes and references)(?:\s*=+)?$",
    re.I,
)
_REFERENCE_LINE = re.compile(
    r"^\s*(?:\^|↑|\d{1,3}\.\s*\^)"  # "^Author (2019)...", "12. ^ ..."
    r"|\b(?:Retrieved|Accessed|Archived from the original)\b(?:\s+on)?\s+[0-9A-Za-z]"
    r"|\bISBN[\s:]*[0-9]|\bdoi:\s*10\.|\bISSN\s",
    re.I,
)


def is_reference_heading(line: str) -> bool:
    """A heading that opens the reference list of a page ("References", "Notes", ...)."""
    return bool(_REFERENCE_HEADINGS.match(line.strip()))


def is_reference_line(line: str) -> bool:
    """A line of a reference list: a caret entry, a "Retrieved"/"Archived" date, an ISBN or a DOI."""
    return bool(_REFERENCE_LINE.search(line))


def is_prose(s: str) -> bool:
    """A line of running text: long, several words, sentence punctuation."""
    words = s.split()
    ends = bool(re.search(r"[.!?][\"”’)]*(?:\s*\[[^\]]{1,20}\])*\s*$|[.!?]\s+[A-Z]", s))
    return len(s) >= 60 and len(words) >= 10 and ends
