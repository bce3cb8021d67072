"""Infobox fields of battle pages: flags and images, names, belligerents,
commanders, coordinates and places, in every shape the formats write them.

Flags come as image file names of any shape and language (``Flag of
Mali.svg``, ``MNLA flag.svg``, ``XFlag.svg``, ``Drapeau X.JPG``, a name glued
after ``.svg``), as alt texts without an extension (``Flag of Mali Mali``,
``MNLA flag Azawad``) or as a country name written before the entry it marks
(``Mali Mali``, ``Mali <commander>``). They are stripped from names and kept
as evidence of the side a line belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import resolve
from . import vocab
from .records import Commander
from .text import clean, strip_refs

_EXT = r"(?:svg|png|jpe?g|gif|webp|tiff?)"
_FILE_END = re.compile(rf"(?:\s*\([^()\n]{{0,40}}\))?\.{_EXT}(?-i:(?![a-z]))", re.I)


@lru_cache(maxsize=1)
def _keyword() -> re.Pattern[str]:
    """Words that start an image file name: "Flag of", "Drapeau", ..."""
    words = "|".join(re.escape(w).replace(r"\ ", "[ _]") for w in vocab.words("flag_file_words"))
    return re.compile(rf"(?<![A-Za-z])(?:(?:file|image):\s*)?(?:{words})\b", re.I)


_HARD = re.compile(r"\s{2,}|[\[\]()|,;†•·]|^")
_FLAG_WORDS = re.compile(
    r"\b(?:flags?|drapeau|bandera|bandeira|bandiera|flagge|of|the|du|de|des|del|della|von|emblem|coat\s+of\s+arms|logo|icon|seal|"
    r"insignia|banner|lighter|variant|war|civil|naval|ensign|svg|png|jpe?g)\b|(?<=[a-z])flag\b",
    re.I,
)
_PX = re.compile(r"(?<![\w.])(?:border\|)?(?:\d+x)?\d+px(?!\w)", re.I)
_TAG = re.compile(r"<[^<>]{0,200}>")
_REF = re.compile(r"\[[^\[\]\n]{0,80}\]")
_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
_FLAG_TEMPLATE = re.compile(r"\{\{\s*(flag(?:country|icon|deco)?)\s*\|\s*([^|{}]*)[^{}]*\}\}", re.I)
_EDGE = " \t\r\n,;:|•·*_-–—\"'“”‘’«»"


@dataclass(frozen=True)
class Flag:
    """A flag (or other image) written before an entry."""

    written: str  # as written: "Flag of Mali.svg", "MNLA flag", "Mali"
    name: str  # the name inside it, as written: "Mali", "MNLA"
    key: str  # folded core: "mali", "mnla"
    actor_id: str | None  # the actor the flag names, where the dictionary knows it
    kind: str  # file | alt | name


@dataclass
class Piece:
    """A run of a line and the flag written before it (None when unflagged)."""

    flag: Flag | None
    text: str
    start: int


def flag_of(written: str, kind: str) -> Flag:
    """The Flag for an image file name or an alt text."""
    stem = re.sub(r"(?i)^(?:file|image):\s*", "", written)
    stem = re.sub(rf"(?i)\.{_EXT}$", "", stem).replace("_", " ")
    core = clean(_FLAG_WORDS.sub(" ", re.sub(r"\([^()]*\)", " ", stem))).strip(_EDGE)
    actor = _actor_of(core) if core else None
    if actor is None:
        found = {m.id for m in resolve.find_actors(stem)}
        actor = found.pop() if len(found) == 1 else None
    return Flag(written.strip(), core, resolve.fold(core) or resolve.fold(stem), actor, kind)


def _actor_of(name: str) -> str | None:
    """The actor a name, a demonym ("Malian") or a flag's country code ("RUS") stands for."""
    found = resolve.resolve_actor(name)
    if found is None:
        found = vocab.table("demonyms", "actor").get(name.lower())
    if found is None and re.fullmatch(r"[A-Z]{3}", name):
        found = vocab.table("flag_codes", "actor").get(name.lower())
    return found


def _file_names(line: str) -> list[tuple[int, int]]:
    """Spans of image file names in a line."""
    spans: list[tuple[int, int]] = []
    marker_end = 0
    for m in _FILE_END.finditer(line):
        if re.search(r"(?i)skull[ _]and[ _]crossbones\s*$", line[: m.start()]):
            marker_end = m.end()  # a fate marker, read by parse_leader; it ends the name before it
            continue
        end = m.end()
        head = line[: m.start()]
        hard = max([h.end() for h in _HARD.finditer(head)] + [marker_end])
        if spans and spans[-1][1] > hard:
            hard = spans[-1][1]
        run = head[hard:]
        kw = None
        for k in _keyword().finditer(run):
            kw = k
        if kw is not None:
            start = hard + kw.start()
        else:
            start = hard + _file_start(run)
            if spans and not head[spans[-1][1] : hard].strip():
                start = max(start, hard + _after_entry_name(run))
        spans.append((start, end))
    return spans


def _after_entry_name(run: str) -> int:
    """After a file name, the entry's name comes before the next file name: in
    "Mali AQMI Flag asymmetric" or "Burkina Faso Islamic State flag" (between
    two files) the file starts after the longest run of words before its
    "X flag" that names an actor."""
    found = list(re.finditer(r"(\S+)\s+flag\b", run, re.I))
    if not found:
        return 0
    words = [w for w in re.finditer(r"\S+", run) if 0 < w.start() <= found[-1].start(1)]
    for w in reversed(words):
        if _actor_of(clean(run[: w.start()])):
            return w.start()
    return 0


def _file_start(run: str) -> int:
    """Where a file name without a keyword starts inside the run before its extension."""
    words = list(re.finditer(r"\S+", run))
    if not words:
        return len(run)
    if len(words) <= 4 and not _looks_like_two_names(run):
        return words[0].start()
    if _common_words(run):  # "Haut conseil pour l'unite de l'Azawad.jpg": words of a title, not a name
        return words[0].start()
    for i in range(len(words) - 1, -1, -1):  # shortest stem that names an actor
        core = clean(_FLAG_WORDS.sub(" ", run[words[i].start() :]))
        if core and _actor_of(core):
            return words[i].start()
    flagged = re.search(r"\S+\s+flag\s*$|\S*flag\s*$", run, re.I)
    return flagged.start() if flagged else words[-1].start()


def _common_words(run: str) -> bool:
    """A run with a word in lower case that is no name particle ("conseil",
    "pour"): the run is the title of an image, since a person's name has none."""
    particles = {e["word"] for e in vocab.entries("name_particles")}
    return any(w[0].islower() and w not in particles for w in re.findall(r"[^\s']+", run) if w[0].isalpha())


def _looks_like_two_names(run: str) -> bool:
    """A run before a file name that holds a person's name ("... Ag ..."): the
    file name does not start at its first word."""
    particles = {e["word"] for e in vocab.entries("name_particles")}
    return any(w in particles for w in run.split()[1:-1])


@lru_cache(maxsize=1)
def _alt_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    flag_of_ = re.compile(r"(?:Flag|Drapeau|Bandera|Bandiera|Flagge)\s+(?:of|de|du|des|del|von)\s+", re.I)
    x_flag = re.compile(r"(?P<x>[^\s]+?)(?:\s+flag|Flag)(?=\s)")
    return flag_of_, x_flag


def _alt_flag(text: str) -> tuple[Flag, int] | None:
    """An alt-text flag at the start of ``text``: (flag, length written)."""
    flag_of_, x_flag = _alt_res()
    m = flag_of_.match(text)
    if m:
        rest = text[m.end() :]
        words = rest.split()
        for n in range(min(len(words) - 1, 5), 0, -1):  # longest country name that resolves
            name = " ".join(words[:n])
            if (
                _actor_of(name)
                or resolve.resolve_place(name)
                or resolve.resolve_place(name.removeprefix("the "))
            ):
                end = m.end() + rest.index(words[n - 1]) + len(words[n - 1])
                return flag_of(text[:end], "alt"), end
        if len(words) >= 2:
            end = m.end() + rest.index(words[0]) + len(words[0])
            return flag_of(text[:end], "alt"), end
        return None
    m = x_flag.match(text)
    if m and text[m.end() :].strip():
        return flag_of(text[: m.end()], "alt"), m.end()
    return None


def _name_flag(text: str, entry_follows: bool) -> tuple[Flag, int] | None:
    """A country or group name written before the entry it marks: "Mali Mali",
    "Mali <commander>", "Azawad <commander>" (an image's alt text)."""
    words = list(re.finditer(r"\S+", text))
    names = resolve.find_actors(text)
    for n in range(min(3, len(words) - 1), 0, -1):
        end = words[n - 1].end()
        name = text[:end]
        actor = _actor_of(name)
        if actor is None or any(m.start < end < m.end for m in names):
            continue
        rest = clean(text[end:])
        if resolve.resolve_actor(" ".join(w.group(0) for w in words[: n + 1])):
            continue  # the name goes on: "Wagner Group" is no flag "Wagner"
        marked = resolve.resolve_actor(rest) if rest else None
        if marked and marked != actor and actor not in resolve.parents(marked):
            continue  # "MNLA MAA": two groups side by side, not a flag and the group it marks
        if rest and (rest == name or marked or (entry_follows and _entry_like(rest))):
            return Flag(name, name, resolve.fold(name), actor, "name"), end
    return None


def _entry_like(text: str) -> bool:
    """What follows a flag on a commander or figure line: a name or a value."""
    return bool(re.match(r"[A-ZÀ-Þ0-9~≈(]", text.strip()))


def expand_flag_templates(text: str) -> str:
    """{{flag|Mali}} -> "Mali"; {{flagicon|Mali}} -> "Flag of Mali.svg" (an icon marks an entry)."""

    def repl(m: re.Match[str]) -> str:
        kind, arg = m.group(1).lower(), m.group(2).strip()
        if kind in ("flagicon", "flagdeco"):
            return f"  Flag of {arg}.svg  " if arg else " "
        return f"  {arg}  "

    return _FLAG_TEMPLATE.sub(repl, text)


def _icon_only(m: re.Match[str]) -> str:
    """{{flagicon|X}} is a flag image; any other template keeps its text."""
    if m.group(1).lower() in ("flagicon", "flagdeco") and m.group(2).strip():
        return f"  Flag of {m.group(2).strip()}.svg  "
    return m.group(0)


def split_flags(line: str, *, names_are_flags: bool = False) -> list[Piece]:
    """A line cut at each flag: every piece with the flag written before it.

    ``names_are_flags``: a country or group name written before more text is
    the alt text of a flag (commander, strength and casualty lines of a
    flattened box); on a belligerent line only a repeated name ("Mali Mali")
    or a name before another actor's name is.
    """
    text = line if "{{" not in line else _FLAG_TEMPLATE.sub(_icon_only, line)
    cuts = [(s, e, flag_of(text[s:e], "file")) for s, e in _file_names(text)]
    pieces: list[Piece] = []
    pos, flag = 0, None
    for s, e, f in cuts:
        _pieces_between(text, pos, s, flag, pieces, names_are_flags)
        pos, flag = e, f
    _pieces_between(text, pos, len(text), flag, pieces, names_are_flags)
    return [p for p in pieces if p.flag is not None or p.text.strip(_EDGE)]


def _pieces_between(text: str, start: int, end: int, flag, out: list[Piece], names: bool) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.lstrip()
    if flag is None:
        alt = _alt_flag(body) or _name_flag(body, names)
        if alt is not None:
            flag, n = alt
            lead, body = lead + n, body[n:]
            inner = body.lstrip()
            lead, body = lead + len(body) - len(inner), inner
    out.append(Piece(flag, body.rstrip(), start + lead))


def strip_images(text: str) -> str:
    """A text with every image file name and image size removed."""
    spans = _file_names(text)
    for s, e in reversed(spans):
        text = text[:s] + " " + text[e:]
    return _PX.sub(" ", text)


def _strip_edges(s: str) -> str:
    while True:
        before = s
        s = s.strip(_EDGE)
        if s.endswith(".") and not (len(s) >= 2 and s[-2].isupper()):
            s = s[:-1]
        if s.startswith("(") and s.count("(") > s.count(")"):
            s = s[1:]
        if s.endswith(")") and s.count(")") > s.count("("):
            s = s[:-1]
        if s == before:
            return s


def clean_name(raw: str) -> str:
    """A name without layout noise: image sizes and file names, templates,
    tags, reference marks, bullets and edge punctuation."""
    if not raw:
        return ""
    s = _FLAG_TEMPLATE.sub(lambda m: f" {m.group(2)} " if m.group(1).lower() == "flag" else " ", str(raw))
    s = _TEMPLATE.sub(" ", s)
    s = re.sub(r"\{\{[^{}|]*|\}\}", " ", s)  # the pieces of a template cut apart are no name
    s = _TAG.sub(" ", s)
    s = _REF.sub(" ", s)
    s = strip_images(s)
    s = re.sub(r"†|\((?:KIA|WIA|POW|MIA)\)|(?<![\w])(?:KIA|WIA|POW)(?![\w])", " ", s)
    s = re.sub(r"\s+", " ", s)
    return _strip_edges(s)


# ---------------------------------------------------------------- belligerents


@dataclass(frozen=True)
class Belligerent:
    """One entry of a combatant field."""

    actor_id: str | None  # None when the dictionary does not know the name (kept as written)
    as_written: str  # the clean name as written in the document
    role: str  # belligerent | alleged | claimed | supported
    claimed_by: str | None  # actor id of whoever made the allegation or claim
    flag: Flag | None = field(default=None, compare=False)


_SPLIT = re.compile(r"[,;\n\r]|\s+and\s+|\s+&\s+|\s-{3,}\s|<hr\s*/?>", re.I)
_LEADING_AND = re.compile(r"^\s*(?:and|&)\s+", re.I)
_PAREN = re.compile(r"\(([^()]*)\)")
_QUALIFIER = re.compile(
    r"^(?P<word>alleged(?:ly)?|claimed|reportedly|supported|backed)\b(?:\s+by\s+(?P<by>.+))?", re.I | re.S
)


@lru_cache(maxsize=1)
def _support_header() -> re.Pattern[str]:
    return re.compile(rf"^\s*{vocab.alternation('support_headers')}\s*:?\s*", re.I)


def group_header(text: str) -> str | None:
    """A header line or segment that labels the entries after it: "Islamist
    groups:", "Supported by:", "Non-state combatants:". Returns its words."""
    s = clean_name(text.rstrip())
    t = clean(text)
    if t.endswith(":") and 0 < len(t.split()) <= 6 and not re.search(r"\d{3}", t):
        return s
    return None


def is_support_header(text: str) -> bool:
    """Whether the text is a support header ("Supported by:") and nothing more than one."""
    m = _support_header().match(clean(text))
    if m is None:
        return False
    return m.end() == len(clean(text)) or ":" in m.group() or " by" in m.group().lower()


def _depths(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch in "([{":
            depth += 1
        out.append(depth)
        if ch in ")]}" and depth:
            depth -= 1
    return out


def split_entries(text: str) -> list[str]:
    """Split on commas, semicolons, line breaks, "----" and "and", outside
    brackets and known names."""
    depth = _depths(text)
    protected = [(m.start, m.end) for m in resolve.find_actors(text)]
    pieces, start = [], 0
    for m in _SPLIT.finditer(text):
        s, e = m.span()
        if depth[s] or any(ps < e and s < pe for ps, pe in protected):
            continue
        pieces.append(text[start:s])
        start = e
    pieces.append(text[start:])
    return pieces


def resolve_loose(name: str) -> str | None:
    """Whole-name resolution, else the single actor mentioned in the name."""
    name = clean_name(name)
    if not name:
        return None
    found = _actor_of(name)
    if found is None:
        ids = {m.id for m in resolve.find_actors(name)}
        if len(ids) == 1:
            found = ids.pop()
    return found


def _parse_piece(piece: Piece, mode: str) -> list[Belligerent]:
    qualifiers = _PAREN.findall(piece.text)
    bare = piece.text
    while _PAREN.search(bare):
        bare = _PAREN.sub(" ", bare)
    visible = clean_name(bare)
    if visible and visible not in " ".join(clean(piece.text).split()):
        visible = clean_name(piece.text.split("(")[0])  # a bracket inside the name: the words before it
    if not re.search(r"[^\W\d_]", visible):
        visible = ""
    role, claimed_by, paren_id = mode, None, None
    supporters: list[Belligerent] = []
    for q in qualifiers:
        qc = clean_name(q)
        m = _QUALIFIER.match(qc) if qc else None
        if m and m.group("word").lower() in ("supported", "backed"):
            supporters += [
                Belligerent(resolve_loose(n), clean_name(n), "supported", None)
                for n in split_entries(m.group("by") or "")
                if clean_name(_LEADING_AND.sub("", n))
            ]
        elif m:
            role = "claimed" if m.group("word").lower() == "claimed" else "alleged"
            claimed_by = resolve_loose(m.group("by")) if m.group("by") else None
        elif qc and paren_id is None:
            paren_id = resolve.resolve_actor(qc)
    actor_id = resolve_loose(visible) if visible else None
    shown = visible
    if not shown and piece.flag is not None and piece.flag.actor_id:
        actor_id, shown = piece.flag.actor_id, piece.flag.name  # a flag whose name was lost
    out = [Belligerent(actor_id or paren_id, shown, role, claimed_by, piece.flag)] if shown else []
    return out + supporters


def parse_belligerents(text: str, *, mode: str = "belligerent") -> list[Belligerent]:
    """The entries of a combatant field, each with its role and flag.

    >>> [(b.actor_id, b.as_written, b.role, b.claimed_by) for b in
    ...  parse_belligerents("Mali, 20px Wagner Group (alleged by JNIM)")]
    [('mali', 'Mali', 'belligerent', None), ('wagner', 'Wagner Group', 'alleged', 'jnim')]
    """
    if not text:
        return []
    out: list[Belligerent] = []
    for segment in split_entries(_PX.sub("  ", str(text))):
        segment = _LEADING_AND.sub("", segment)
        if is_support_header(segment):
            mode = "supported"
            segment = segment[_support_header().match(clean(segment)).end() :]  # type: ignore[union-attr]
        head = re.match(r"^\s*([^:()]{2,40}):\s*", segment)
        if head and not resolve.resolve_actor(head.group(1)):
            segment = segment[head.end() :]  # "Islamist groups: Ansar Dine" -> "Ansar Dine"
        for piece in split_flags(segment):
            for b in _parse_piece(piece, mode):
                if b.as_written and b not in out:
                    out.append(b)
    return out


# ---------------------------------------------------------------- commanders


@dataclass(frozen=True)
class Leader:
    """One commander as written in a field: the clean name, rank and fate."""

    name: str
    as_written: str  # the text of the entry, a substring of the line
    rank: str | None
    fate: str | None  # killed | captured | wounded
    actor_id: str | None  # an actor the entry names in brackets: "X (CSP)"


@lru_cache(maxsize=1)
def _fate_res() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for e in vocab.entries("fates"):
        marker = e["marker"]
        if marker.isalpha():  # KIA, POW, WIA: spaced, bracketed or glued to the name
            rx = rf"\(\s*{marker}\s*\)|(?:(?<=[a-zà-ÿ’'.])|(?<![\w]))-?{marker}(?![\w])"
        else:
            rx = re.escape(marker).replace(r"\ ", r"[\s_]+")
        out.append((re.compile(rx, re.I if not marker.isalpha() else 0), e["fate"]))
    return out


@lru_cache(maxsize=1)
def _rank_re() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?P<rank>{vocab.alternation('ranks')})\s+(?=\S)")


@lru_cache(maxsize=1)
def _rank_inside() -> re.Pattern[str]:
    ranks = [w for w in vocab.words("ranks") if len(w) > 4 and not w.endswith(".")]
    return re.compile(r"(?<=[a-zà-ÿ]\s)(?=(?:" + "|".join(re.escape(w) for w in ranks) + r")\s+[A-Z])")


def not_a_person(text: str) -> bool:
    """Whether a commander entry names nobody: empty, or a word of the ``not_a_person`` list."""
    t = clean_name(text).lower()
    return not t or t in {w.lower() for w in vocab.words("not_a_person")}


_BOUNDARY = re.compile(r"(?:†|\((?:KIA|WIA|POW|MIA)\)|(?<=\])|(?<=[a-zà-ÿ])(?:KIA|WIA|POW))\s+(?=[A-Z'‘\"])")


def split_leaders(text: str) -> list[tuple[int, str]]:
    """The entries of a commander field or cell, with their offsets: split on
    commas, semicolons, "----", line breaks, after a fate marker or a reference
    mark followed by a further name, and before a rank inside a run of names."""
    out: list[tuple[int, str]] = []
    for m in re.finditer(r"[^,;\n]+", re.sub(r"-{3,}|<hr\s*/?>", lambda x: ";" * len(x.group(0)), text)):
        chunk, base = m.group(0), m.start()
        cuts = sorted(
            {
                0,
                *(b.end() for b in _BOUNDARY.finditer(chunk)),
                *(r.start() for r in _rank_inside().finditer(chunk)),
            }
        )
        for a, b in zip(cuts, [*cuts[1:], len(chunk)]):
            piece = chunk[a:b]
            if piece.strip(_EDGE):
                lead = len(piece) - len(piece.lstrip())
                out.append((base + a + lead, piece.strip()))
    return out


def _clean_person(raw: str) -> str:
    """A commander's name without layout noise: like :func:`clean_name`, but
    only reference marks ("[1]", "[a]") go among bracketed texts."""
    s = _TEMPLATE.sub(" ", _FLAG_TEMPLATE.sub(" ", raw))
    s = strip_images(strip_refs(s))
    return _strip_edges(re.sub(r"\s+", " ", s))


def _looks_like_a_name(s: str) -> bool:
    """Words of a name: a capital somewhere, a word of two letters, no number."""
    words = s.split()
    return (
        any(c.isupper() for c in s)
        and any(sum(c.isalpha() for c in w) >= 2 for w in words)
        and not any(re.match(r"[(]?\d", w) for w in words)
    )


def leader_commander(leader: Leader, side: int | None, line: int, quote: str, actor: str | None) -> Commander:
    """The commander record of a parsed leader entry: its own actor if the
    entry names one, else ``actor`` (the flag's or the side's only actor)."""
    return Commander(
        side, leader.name, leader.as_written, line, quote, leader.rank, leader.fate, leader.actor_id or actor
    )


def parse_leader(written: str) -> Leader | None:
    """The commander an entry names, or None ("Unknown", a bare flag, a number)."""
    s = written
    fate = None
    for rx, f in _fate_res():
        if rx.search(s):
            fate = fate or f
            s = rx.sub(" ", s)
    actor_id = None
    for q in _PAREN.findall(s):
        actor_id = actor_id or resolve.resolve_actor(clean_name(q))
    s = _PAREN.sub(" ", s)
    s = _clean_person(s)
    rank = None
    m = _rank_re().match(s)
    if m:
        rank, s = m.group("rank").strip(), s[m.end() :]
    s = _strip_edges(s)
    if not s or not_a_person(s) or not _looks_like_a_name(s):
        return None
    if s not in " ".join(written.split()):
        return None  # something was cut from the middle of the name
    if len(s.split()) > 5:
        return None  # several names run together: not one person
    if resolve.resolve_actor(s):  # an actor's name is no commander
        return None
    return Leader(s, written.strip(), rank, fate, actor_id)


# ---------------------------------------------------------------- coordinates

_DEG = r"(\d{1,3}(?:\.\d+)?)\s*°\s*(?:(\d{1,2}(?:\.\d+)?)\s*[′'’]\s*)?(?:(\d{1,2}(?:\.\d+)?)\s*(?:″|\"|′′|''|”)\s*)?"
_DMS = re.compile(rf"{_DEG}([NS])\s*[,;]?\s*{_DEG}([EW])")
_DECIMAL = re.compile(r"(?<![\d.])(-?\d{1,2}\.\d+)\s*[;,]\s*(-?\d{1,3}\.\d+)(?![\d.])")


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """Coordinates in any usual style: ``18°26′28″N 1°24′26″E``, glued
    ``19°56′36″N2°42′7″E``, ``18.4411°N 1.4072°E``, ``18°26′N 1°24′E``,
    a decimal pair ``18.4411; 1.4072``."""
    m = _DMS.search(text)
    if m:
        g = m.groups()

        def value(d: str, mi: str | None, s: str | None) -> float:
            return float(d) + float(mi or 0) / 60 + float(s or 0) / 3600

        lat = value(g[0], g[1], g[2]) * (-1 if g[3] == "S" else 1)
        lon = value(g[4], g[5], g[6]) * (-1 if g[7] == "W" else 1)
    else:
        d = _DECIMAL.search(text)
        if not d:
            return None
        lat, lon = float(d.group(1)), float(d.group(2))
    if abs(lat) > 90 or abs(lon) > 180:
        return None
    return round(lat, 4), round(lon, 4)


def coordinates_span(text: str) -> tuple[int, int] | None:
    """Where the coordinates of a text are written (to cut them from a place)."""
    starts = [m.start() for m in (_DMS.search(text), _DECIMAL.search(text)) if m]
    if not starts:
        return None
    start = min(starts)
    tail = re.match(r"[\d°′″'\"”’NSEW;,./\s–-]*", text[start:])
    return start, start + (tail.end() if tail else 0)


# ---------------------------------------------------------------- places


@dataclass
class PlaceField:
    """A stated place, read as a careful reader reads a Location field."""

    place_id: str | None
    place_text: str | None  # the town as written, clean
    qualifier: str | None  # "outskirts of", "near", "between", "and outskirts"
    region_text: str | None
    other_place_ids: list[str]
    other_texts: list[str]


@lru_cache(maxsize=1)
def _qualifier_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = vocab.words("place_qualifiers")
    before = [w for w in words if not w.startswith("and ")]
    after = [w for w in words if w.startswith("and ")]
    pre = re.compile(
        r"^(?P<q>(?:\d+(?:[.,]\d+)?\s*(?:km|kilometres|kilometers|miles|mi)\s+)?(?:"
        + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in before)
        + r"))\s+",
        re.I,
    )
    post = re.compile(
        r"\s+(?P<q>" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in after) + r")$", re.I
    )
    return pre, post


@lru_cache(maxsize=1)
def _region_re() -> re.Pattern[str]:
    return re.compile(rf"{vocab.alternation('region_words')}")


def _kind(place_id: str) -> str:
    return (resolve.place(place_id) or {}).get("kind") or "town"


def parse_place(text: str) -> PlaceField | None:
    """The place of a Location field: the town (with its qualifier), further
    towns, the region. A town the gazetteer lacks keeps its name and no id;
    the region or country is never taken in its stead."""
    span = coordinates_span(text)
    if span:
        text = text[: span[0]] + text[span[1] :]
    parts = [clean_name(p) for p in re.split(r",|\n", clean(text))]
    parts = [p for p in parts if p]
    if not parts:
        return None
    first, rest = parts[0], parts[1:]
    qualifier = None
    pre, post = _qualifier_res()
    m = pre.match(first) or post.search(first)
    if m:
        qualifier = re.sub(r"\s+", " ", m.group("q")).lower()
        first = (first[m.end() :] if m.re is pre else first[: m.start()]).strip()
    towns = [clean_name(t) for t in re.split(r"\s+(?:and|&)\s+|\s*/\s*", first) if clean_name(t)]
    region = next((p for p in rest if _region_re().search(p) or _is_region(p)), None)
    if not towns:
        return None
    ids = [resolve.resolve_place(t) for t in towns]
    return PlaceField(
        place_id=ids[0],
        place_text=towns[0],
        qualifier=qualifier,
        region_text=region,
        other_place_ids=[i for i in ids[1:] if i],
        other_texts=towns[1:],
    )


def _is_region(text: str) -> bool:
    pid = resolve.resolve_place(text)
    return pid is not None and _kind(pid) == "region"


def split_run_of_names(text: str) -> list[str]:
    """Two names run together where a cell boundary was lost: "A Ag B C Ag D"
    is "A Ag B" and "C Ag D" (one given name, a particle, one family name)."""
    words = text.split()
    particles = {e["word"] for e in vocab.entries("name_particles")}
    parts = [i for i, w in enumerate(words) if w in particles]
    cuts = [p + 2 for p, q in zip(parts, parts[1:]) if q - p == 3]
    if not cuts:
        return _pairs_of_names(words) or [text]
    bounds = [0, *cuts, len(words)]
    return [
        n for a, b in zip(bounds, bounds[1:]) for n in _pairs_of_names(words[a:b]) or [" ".join(words[a:b])]
    ]


def _pairs_of_names(words: list[str]) -> list[str] | None:
    """Names of two parts each run together ("Dioncounda Traoré François
    Hollande Jean-Yves Le Drian"): a joining word ("Le", "Abu", "Ag") goes with
    the word after it, a nickname in quotes, an initial or an "al-" name with the
    word before; cut every two parts, only when the parts pair up evenly."""
    joiners = {e["word"] for e in vocab.entries("name_joiners")} | {
        e["word"] for e in vocab.entries("name_particles")
    }
    ranks = {r.lower().rstrip(".") for r in vocab.words("ranks")}
    if any(w.lower().rstrip(".") in ranks or re.fullmatch(r"\w{2,}\.", w) for w in words):
        return None  # a rank or an abbreviation: not a run of plain names
    units: list[list[str]] = []
    joined = False
    for w in words:
        attach = re.fullmatch(r"['‘’\"“”].+['‘’\"“”]|[A-Z]\.|al-\S+", w) is not None
        if units and (joined or attach):
            units[-1].append(w)
        elif w[:1].isupper() or w in joiners:  # a particle in lower case ("Tinka ag Almouner") too
            units.append([w])
        else:
            return None  # a word in lower case: no name run
        joined = w in joiners
    cores = len(units)
    if cores < 4 or cores % 2 or joined:
        return None
    return [" ".join(units[i] + units[i + 1]) for i in range(0, cores, 2)]


_MARKS_AFTER = re.compile(
    r"(?:\s*(?:†|\[[^\]\n]{0,20}\]|\((?:KIA|WIA|POW)\)|(?<![\w])(?:KIA|WIA|POW)(?![\w])))+\s*$"
)


def split_entry_names(entry: str) -> list[str]:
    """An entry whose names ran together ("A Ag B C Ag D †[3]") as one entry
    per name; the marks after the last name stay with it."""
    m = _MARKS_AFTER.search(entry)
    body, marks = (entry[: m.start()], entry[m.start() :]) if m else (entry, "")
    if re.search(r"[(\[†]", body):
        return [entry]
    # a run of spaces is where an image (a fate mark, a flag) was dropped between two cells
    gaps = [p for p in re.split(r"\s{2,}", body.strip()) if p]
    if len(gaps) < 2 or any(len(p.split()) < 2 for p in gaps):
        gaps = [body]
    names = [n for p in gaps for n in split_run_of_names(clean(p))]
    names[-1] = names[-1] + marks
    return names


def leader_entries(line: str) -> list[tuple[Flag | None, str, bool]]:
    """The commanders a line of a flattened box writes, in order: (flag, entry,
    starts a new cell). A fate marker, a reference mark, "Unknown" or a name
    run-on ("A Ag B C Ag D") ends one entry and starts another."""
    out: list[tuple[Flag | None, str, bool]] = []
    for piece in split_flags(line, names_are_flags=True):
        for k, (_, entry) in enumerate(split_leaders(_split_unknown(piece.text))):
            flag, boundary = (piece.flag, bool(out)) if k == 0 else (None, True)
            if flag is None:
                named = _name_flag(entry, True)
                if named is not None:
                    flag, entry = named[0], entry[named[1] :].strip()
            for j, name in enumerate(split_entry_names(entry)):
                # names run together under one flag stay under it, in its column
                out.append((flag, name, boundary) if j == 0 or flag else (None, name, True))
    return out


def _split_unknown(text: str) -> str:
    """ "Name Unknown" -> "Name; Unknown": an unknown commander of the next column."""
    return re.sub(r"(?<=\S)\s+(?=Unknown\b)|(?<=\bUnknown)\s+(?=\S)", "; ", text)


def split_actor_run(text: str) -> list[str]:
    """Names of groups run together in one cell ("Mali Wagner Group", "Ansar
    DineMOJWA AQIM"): the dictionary's names, longest first; the words between
    them make one name each, and an acronym starts a name of its own."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z]{2,}\b)", " ", clean(text))
    words = text.split()
    out: list[str] = []
    pending: list[str] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 8), i, -1):
            name = " ".join(words[i:j])
            if _actor_of(name.strip(",;:")):
                if pending:
                    out.append(" ".join(pending))
                    pending = []
                out.append(name.strip(",;:"))
                i = j
                break
        else:
            if pending and re.fullmatch(r"[A-Z]{2,}(?:-\w+)?", words[i]):
                out.append(" ".join(pending))  # "HCUA MAA-Dissident": an acronym starts a name
                pending = []
            pending.append(words[i])
            i += 1
    if pending:
        out.append(" ".join(pending))
    return out
