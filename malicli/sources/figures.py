"""Figures and claimants as a careful reader reads them.

One reader for every format: an infobox field, a table cell, a line of a
flattened box (:func:`read_figures`) and a sentence of prose
(:func:`prose_figures`). Each stated figure becomes one
:class:`~malicli.sources.records.Figure`: what is counted, whose people, a low
and a high value, a qualifier, the text as written and who claims it. A range
keeps both ends; "20+" is at least 20; "about 40" is approximately 40; a vague
quantity ("dozens", "heavy", "unknown") keeps its text and no number.

The words come from ``malicli/data/page_vocab.json``; nothing here names an event.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

from .. import resolve
from . import vocab
from .records import Figure
from .text import clean, strip_refs

_NUM_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "a dozen": 12,
    "dozen": 12,
}
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w%]|,\d{3}|[.:]\d)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_WORDNUM = (
    rf"\b(?:{_TENS}-{_UNITS}|"  # "thirty-seven"
    + "|".join(sorted((re.escape(w) for w in _NUM_WORDS), key=len, reverse=True))
    + r")\b(?!-)"
)
NUM = rf"(?:{_DIGITS}|{_WORDNUM})"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)


def to_int(text: str) -> int | None:
    """The value of a number as written ("1,500", "twelve"), or None."""
    t = text.strip().lower()
    if t in _NUM_WORDS:
        return _NUM_WORDS[t]
    tens, _, unit = t.partition("-")
    if tens in _NUM_WORDS and unit in _NUM_WORDS and _NUM_WORDS[unit] < 10 <= _NUM_WORDS[tens] < 100:
        return _NUM_WORDS[tens] + _NUM_WORDS[unit]  # "thirty-seven"
    t = t.replace(",", "")
    return int(t) if t.isdigit() else None


@lru_cache(maxsize=1)
def _qty() -> re.Pattern[str]:
    qual = vocab.alternation("qualifiers")
    return re.compile(
        rf"(?P<qual>{qual}\s*)?(?<![\w.,/:])(?<![A-Za-z][-–])(?P<a>{NUM})"
        rf"(?:\s*(?:–|—|-|\bto\b|\bor\b)\s*(?P<b>{NUM}))?(?P<plus>\s?\+)?",
        re.I,
    )


@lru_cache(maxsize=1)
def _vague() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<none>{vocab.alternation('none_words')})|(?P<unknown>{vocab.alternation('unknown')})"
        rf"|(?P<vague>{vocab.alternation('vague')})",
        re.I,
    )


@dataclass(frozen=True)
class Quantity:
    """A quantity as written: its span, bounds and qualifier."""

    start: int
    end: int
    low: int | None
    high: int | None
    qualifier: str


def quantity(m: re.Match[str]) -> Quantity | None:
    """The bounds of a match of the quantity pattern; None for a backwards range."""
    a = to_int(m.group("a"))
    b = to_int(m.group("b")) if m.group("b") else None
    if a is None or (b is not None and b <= a):
        return None
    low, high, qualifier = bounds(a, b, m.group("qual"), bool(m.group("plus")))
    return Quantity(m.start(), m.end(), low, high, qualifier)


def bounds(a: int, b: int | None, qual: str | None, plus: bool) -> tuple[int | None, int | None, str]:
    """(low, high, qualifier) of a number or range with its qualifier word and "+"."""
    word = re.sub(r"\s+", " ", (qual or "").strip().lower())
    qualifier = "at_least" if plus else (vocab.table("qualifiers", "qualifier").get(word) if word else None)
    qualifier = qualifier or "exact"
    low: int | None = a
    high: int | None = b if b is not None else a
    if qualifier == "at_least" and b is None:
        high = None
    elif qualifier == "at_most" and b is None:
        low, high = None, a
    return low, high, qualifier


_BETWEEN = re.compile(rf"\bbetween(\s+{NUM})\s+and(\s+{NUM})", re.I)


def mask_between(text: str) -> str:
    """ "between 32 and 49" rewritten as a range of the same length, so that
    offsets into the result are offsets into the text."""
    return _BETWEEN.sub(lambda m: " " * 7 + m.group(1) + " –  " + m.group(2), text)


def find_quantities(text: str) -> list[Quantity]:
    """Numbers, ranges and vague quantities of a text, in order; dates, years,
    ordinals and model numbers are not quantities."""
    text = mask_between(text)
    out: list[Quantity] = []
    for m in _vague().finditer(text):
        if m.group("none"):
            out.append(Quantity(m.start(), m.end(), 0, 0, "exact"))
        else:
            out.append(Quantity(m.start(), m.end(), None, None, "unknown" if m.group("unknown") else "vague"))
    taken = [(q.start, q.end) for q in out]
    for m in _qty().finditer(text):
        q = quantity(m)
        if q is None or _not_a_count(text, m) or any(s < q.end and q.start < e for s, e in taken):
            continue
        out.append(q)
    return sorted(out, key=lambda q: q.start)


def _not_a_count(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 12) : m.start()]
    if re.search(rf"\b{_MONTH}\s*$", before):  # "(as of October 2)"
        return True
    a = m.group("a")
    if re.fullmatch(r"(?:19|20)\d\d", a):  # a year, unless people or a category follow
        if re.search(r"\d\s+(?:[A-Z][\w-]*\s+){1,3}$", text[: m.start()]):
            return True  # a model number in a name after a count: "2 Dassault Mirage 2000 fighter jets"
        after = text[m.end() : m.end() + 30]
        return not re.match(rf"\s*(?:{_category_re()}|{_population_re()})", after, re.I)
    return False


# The word lists of page_vocab.json as regex alternations (vocab.alternation caches each).
_category_re = partial(vocab.alternation, "categories")
_population_re = partial(vocab.alternation, "populations")
_unit_re = partial(vocab.alternation, "units")
_people_re = partial(vocab.alternation, "people_words")


# ---------------------------------------------------------------- claimants


@dataclass(frozen=True)
class Claim:
    """Who makes a claim, as written, and where it stands in the text."""

    who: str
    actor_id: str | None
    start: int
    end: int


_WHO = r"[^()\[\]\n:;]{2,80}?"
_CLAIM = re.compile(
    rf"\(\s*(?:according\s+to|per|as\s+claimed\s+by|claimed\s+by|source:?)\s+(?P<p>{_WHO})\s*\)"
    rf"|\(\s*(?P<s>{_WHO})\s+(?:claims?|sources?|figures?)\s*\)"
    rf"|^\s*(?:according\s+to|per)\s+(?P<h>{_WHO})\s*:"
    rf"|\b(?:according\s+to|as\s+claimed\s+by|claimed\s+by|per(?-i:(?=\s+[A-Z])))\s+(?P<i>[^,.;:()\[\]\n]{{2,80}}?)"
    r"(?=\s*(?:[,.;:()\[]|$|\b(?:said|says|claimed|there|they|which|who|during|in\s+the|on|were|was|is|are|had|has|have)\b))",
    re.I,
)


def find_claimant(text: str) -> Claim | None:
    """The claimant a text names: "(per X)", "(according to X)", "(claimed by X)",
    "(X claim)", "(X sources)", a "Per X:" header, or "according to X" in a
    sentence. The one claimant pattern of the package."""
    m = _CLAIM.search(text)
    if not m:
        return None
    key = next(k for k in ("p", "s", "h", "i") if m.group(k))
    who = clean(m.group(key)).strip(" ,")
    if key == "s" and re.search(r"(?i)\bsources?\s*\)$", m.group(0)):
        who = f"{who} sources"  # "(French sources)": the sources, not the state
    if not who or re.search(rf"\b{vocab.alternation('note_words')}", who, re.I):
        return None
    return Claim(who, claimant_actor(who), m.start(), m.end())


def claim_line(line: str) -> Claim | None:
    """A line that is a claimant mark and nothing else: "(According to the MNLA) [2]"."""
    text = strip_refs(line).strip()
    c = find_claimant(text)
    return c if c and c.start == 0 and c.end == len(text) and text.startswith("(") else None


def strip_claims(text: str) -> str:
    """A text with its claimant marks blanked out (same length)."""
    pos = 0
    while (c := find_claimant(text[pos:])) is not None:
        start, end = pos + c.start, pos + c.end
        text = text[:start] + " " * (end - start) + text[end:]
        pos = end
    return text


def claimant_actor(who: str) -> str | None:
    """The id of the actor a claimant's words name first, else of the actor they are the name of."""
    found = resolve.find_actors(who)
    return found[0].id if found else resolve.resolve_actor(who)


def header_claim(text: str) -> tuple[Claim, int] | None:
    """A "Per X:" header at the start of a text: the claim and where the text
    after it starts."""
    m = _CLAIM.match(text)
    if not m or not m.group("h"):
        return None
    who = clean(m.group("h"))
    end = re.match(r"[\s,]*", text[m.end() :])
    return Claim(who, claimant_actor(who), m.start(), m.end()), m.end() + (end.end() if end else 0)


def claim_header(line: str) -> str | None:
    """The claimant of a header line that stands for the lines under it: "Per JNIM:"."""
    text = strip_refs(line).strip()
    found = header_claim(text)
    return found[0].who if found and found[1] >= len(text) else None


def claimant(sentence: str) -> tuple[str | None, str | None]:
    """Who makes the claims of a sentence: (as written, actor id) of its first claim
    (see :func:`sentence_claims`); (None, None) when it names nobody."""
    for c in sentence_claims(sentence):
        if not is_back_reference(c.who):
            return c.who, c.actor_id
    return None, None


@lru_cache(maxsize=1)
def _say_re() -> re.Pattern[str]:
    return re.compile(vocab.alternation("claim_verbs"), re.I)


@lru_cache(maxsize=1)
def _back_refs() -> frozenset[str]:
    return frozenset(w.lower() for w in vocab.words("claim_back_references"))


def is_back_reference(who: str) -> bool:
    """ "he", "the statement", "the same source": a claimant named in an earlier sentence."""
    return who.strip().lower() in _back_refs()


# where the subject of a verb of saying begins: a quote, a clause break, "that", "while", ...
_SUBJECT_BREAK = re.compile(r"[\"“”]|[,;:]\s|\s[–—]\s|\b(?:that|while|whereas|but|when|after|as)\s", re.I)
_NOT_SUBJECT_START = re.compile(
    r"^(?:who|which|whose|where|quoted|speaking|reached|contacted|interviewed|cited|citing|adding|"
    r"in|on|at|by|for|from|with|without|during|after|before|since|according)\b",
    re.I,
)
_AUX_END = re.compile(r"\b(?:was|were|is|are|be|been|being)$", re.I)
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:also|later|then|again|has|have|had|itself|themselves|officially))+$", re.I
)


def _subject_before(sentence: str, at: int) -> str | None:
    """The subject of a verb of saying that starts at ``at``: the words back to the last clause
    break, skipping a relative or participle clause ("A second official, who asked not to be
    named, put ..."). None when the verb has no subject of its own there."""
    pieces = [p for p in _SUBJECT_BREAK.split(sentence[:at])]
    while pieces:
        piece = _TRAILING_ADVERBS.sub("", pieces.pop().strip())
        if not piece:
            if len(pieces) >= 2 and sentence[:at].rstrip().endswith(","):
                pieces.pop()  # "X, another nearby town, confirmed": back over the aside to X
                continue
            return None
        if _NOT_SUBJECT_START.match(piece):
            continue
        words = piece.split()
        if len(words) > 12 or _AUX_END.search(piece) or not re.search(r"[A-Za-zÀ-ÿ]{2}", piece):
            return None
        if re.search(r"\band$", piece):
            return _opening_actor(piece)  # "HRW documented atrocities ... and said": HRW
        if _say_re().search(piece) or _CLAUSE_VERB.search(piece):
            return None  # a clause of its own ("the general staff wrote on Facebook"), no subject
        return re.sub(r"^(?:and|or|so)\s+", "", piece, flags=re.I).strip(" ,")
    return None


# "HRW documented atrocities": a verb and its object, not a noun phrase
_CLAUSE_VERB = re.compile(r"\b[a-z]{3,}ed\s+(?:the|a|an|its|their|his|her|this|that|these|those)\b")


def _opening_actor(piece: str) -> str | None:
    found = resolve.find_actors(piece)
    return found[0].as_written if found and not piece[: found[0].start].strip(" ,") else None


_APPOSITION = re.compile(
    r"^(?:the|a|an|head|chief|spokesman|spokesperson|mayor|governor|director|commander)\b", re.I
)


def _subject_after(sentence: str, end: int) -> str | None:
    """ "..., said Amadou K., the mayor of Bandiagara.": the claimant written after the verb."""
    rest = re.split(r"[.;]\s|\s[–—]\s|\.$", sentence[end:])[0]
    pieces = [p.strip() for p in rest.split(",")]
    # "..., said Amadou K.", "..., said the mayor", "..., said village chief Boukary C."
    if (
        not pieces
        or not pieces[0]
        or not re.match(r"[A-ZÀ-Ý]|(?:the|a|an)\s|(?:[a-z-]+\s+){1,3}[A-ZÀ-Ý]", pieces[0])
    ):
        return None
    who = [pieces[0]]
    for p in pieces[1:]:
        if not _APPOSITION.match(p):
            break
        who.append(p)
    text = ", ".join(who)
    text = re.sub(r"\s+(?:by (?:phone|telephone)|on \w+day|via telephone|in a statement)$", "", text)
    return text if 0 < len(text.split()) <= 16 else None


@lru_cache(maxsize=1)
def _source_re() -> re.Pattern[str]:
    return re.compile(
        rf"{vocab.alternation('claim_sources')}\s+(?P<who>[^,.;:()\"“”]{{2,80}}?)"
        rf"(?=\s*(?:[,.;:()\"“”]|$)|\s+{vocab.alternation('claim_verbs')}|\s+(?:on|in)\s)"
        rf"|\b(?:learnt|learned)\b(?:\s+\w+){{0,3}}?\s+from\s+(?P<w2>[^,.;:()]{{2,80}}?)(?=\s*(?:[,.;:()]|$))",
        re.I,
    )


def sentence_claims(sentence: str) -> list[Claim]:
    """Every claim of a sentence, in order, each with the span of its mark: "according to X",
    "(per X)", "claimed by X", "a statement from X", "X said/says/told/reported/...", "..., said X",
    "PANA learnt from X". A back reference ("he said", "the statement said") keeps its words:
    the caller knows who was named before. The one claimant pattern of the package."""
    out = _claims_in(sentence)
    who: str | None
    for m in _source_re().finditer(sentence):
        who = clean(m.group("who") or m.group("w2")).strip(" ,")
        out.append(Claim(who, claimant_actor(who), m.start(), m.end()))
    for verb in _say_re().finditer(sentence):
        if any(c.start <= verb.start() < c.end for c in out):
            continue
        before = sentence[: verb.start()]
        participle = verb.group(0).lower().startswith("putting") and before.rstrip().endswith(",")
        if out and (re.search(r"\band\s*$", before) or participle):
            who = out[-1].who  # "X claimed the attack and said ...", "..., putting the toll at": X again
        else:
            inverted = _INVERTED.match(verb.group(0)) and re.search(r",\s*$", before)
            who = (  # "..., which occurred when ..., said a police official"
                (_inverted_subject(sentence, verb.end()) if inverted else None)
                or _actor_before(sentence, verb.start())
                or _subject_before(sentence, verb.start())
            )
        if who is None and re.search(r"[,\"”’]\s*$", before):
            who = _subject_after(sentence, verb.end())
        if who:
            out.append(
                Claim(
                    who, claimant_actor(who) if not is_back_reference(who) else None, verb.start(), verb.end()
                )
            )
    return sorted(out, key=lambda c: c.start)


# verbs of saying written before their subject: "..., said a police official"
_INVERTED = re.compile(r"(?:said|says|added|adds|explained|stated)$", re.I)
_FINITE = re.compile(r"\b(?:could|would|will|may|might|was|were|is|are|had|has|have|did|does)\b", re.I)


def _inverted_subject(sentence: str, end: int) -> str | None:
    """ "..., said a police official, who ...": the subject after the verb; "..., said the toll
    could rise" is a clause, no subject."""
    who = _subject_after(sentence, end)
    return None if who is None or _FINITE.search(who) else who


def _actor_before(sentence: str, at: int) -> str | None:
    """An actor named just before a verb of saying ("the MNLA claimed", "an MNLA official said")."""
    gap = {w.lower() for w in vocab.words("claim_gap_words")} | {""}
    before = sentence[max(0, at - 60) : at]
    found = resolve.find_actors(before)
    rest = before[found[-1].end :].strip(" '’s").lower() if found else None
    if found and rest in gap and not re.search(r"[\"“”,]", before[found[-1].end :]):
        return found[-1].as_written
    return None


_CLAUSE_BREAK = re.compile(r";\s|,\s*(?:while|whereas|but)\s|\s(?:while|whereas)\s|\.\s")


def claim_for(sentence: str, claims: list[Claim], start: int, end: int) -> Claim | None:
    """The claim a figure at ``start``-``end`` belongs to: the one of its clause, else the
    sentence's only claim, else the nearest."""
    if not claims:
        return None
    lo, hi = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    inside = [c for c in claims if lo <= c.start < hi]
    pool = inside or claims
    return min(pool, key=lambda c: min(abs(c.start - start), abs(c.start - end)))


# ---------------------------------------------------------------- fields and cells

_SEPARATORS = re.compile(r"\s*(?:\n|-{3,}|<hr\s*/?>|\s/\s|;)\s*", re.I)
_PAREN = re.compile(r"\(([^()]*)\)")
_SUBSET = re.compile(r"\b(?:including|incl\.|of whom|among them|of which)\s*$", re.I)


@dataclass
class _Ctx:
    line: int
    quote: str
    origin: str
    context: str  # casualties | strength
    side: int | None
    actor_id: str | None


def read_figures(
    text: str,
    *,
    line: int,
    quote: str,
    origin: str = "infobox",
    context: str = "casualties",
    side: int | None = None,
    actor_id: str | None = None,
    claimant: tuple[str, str | None] | None = None,
) -> list[Figure]:
    """The figures of an infobox field, a table cell or a line of a flattened box.

    Separate claims are split by line breaks, " ---- ", "<hr>", " / " and ";".
    Each claimant mark ("(per X)", "(X claim)", ...) belongs to the figures
    written before it, back to the previous mark; a header ("Per X:") stands for
    the figures after it. ``claimant`` is a header from a line above, if any.
    """
    ctx = _Ctx(line, quote, origin, context, side, actor_id)
    out: list[Figure] = []
    header = claimant
    for piece in _SEPARATORS.split(strip_refs(text)):
        found = header_claim(piece)
        if found:
            header = (found[0].who, found[0].actor_id)
            piece = piece[found[1] :]
        if piece.strip(" ,"):
            out.extend(_read_piece(piece, ctx, header))
    return out


def _read_piece(piece: str, ctx: _Ctx, header: tuple[str, str | None] | None) -> list[Figure]:
    """Segments of a piece end at each claimant mark; the mark is theirs."""
    out: list[Figure] = []
    start = 0
    marks = [c for c in _claims_in(piece)]
    for c in marks:
        seg = piece[start : c.start]
        if not find_quantities(_PAREN.sub(" ", seg)) and not out and c.start < 3:
            continue  # a leading "According to X," stands for what follows
        out.extend(_read_segment(seg, ctx, (c.who, c.actor_id)))
        start = c.end
    lead = next((c for c in marks if c.start < 3), None)
    rest_claim = (lead.who, lead.actor_id) if lead and start <= lead.end else header
    if piece[start:].strip(" ,.;"):
        out.extend(_read_segment(piece[start:], ctx, rest_claim))
    return out


def _claims_in(text: str) -> list[Claim]:
    out: list[Claim] = []
    pos = 0
    while True:
        c = find_claimant(text[pos:])
        if c is None:
            return out
        out.append(Claim(c.who, c.actor_id, c.start + pos, c.end + pos))
        pos += c.end


def _read_segment(seg: str, ctx: _Ctx, claim: tuple[str, str | None] | None) -> list[Figure]:
    notes: list[str] = []
    subs: list[tuple[str, int]] = []
    for m in _PAREN.finditer(seg):
        inner = m.group(1).strip()
        if find_quantities(inner) and _has_category(inner):
            subs.append((inner, m.start()))
        elif inner:
            notes.append(inner)
    bare = _PAREN.sub(lambda m: " " * len(m.group(0)), seg)
    figs = _phrases(bare, ctx, claim, "; ".join(dict.fromkeys(notes)) or None)
    for inner, _ in subs:
        for f in _phrases(inner, ctx, claim, None):
            f.note = _join(f.note, "part of the figure before it")
            figs.append(f)
    return figs


def _has_category(text: str) -> bool:
    return bool(re.search(rf"{_category_re()}|{_unit_re()}", text, re.I))


def _phrases(text: str, ctx: _Ctx, claim, note: str | None) -> list[Figure]:
    qs = find_quantities(text)
    out: list[Figure] = []
    population = None
    for i, q in enumerate(qs):
        end = qs[i + 1].start if i + 1 < len(qs) else len(text)
        tail = _SUBSET.sub("", text[q.end : end])
        lead = text[: q.start] if i == 0 else ""
        category, pop, extra = _what(tail, lead, ctx.context, q)
        subset = bool(out) and bool(_SUBSET.search(text[qs[i - 1].end : q.start]))
        if subset and category == "casualties" and not re.search(_category_re(), tail, re.I):
            category, extra = out[-1].category, None
        if category not in _THINGS():
            if pop is None and not subset:
                pop = population
            elif not subset:
                population = pop
        actor = _actor_in(lead + " " + tail) or ctx.actor_id
        start = q.start if not lead.strip(" ,:;") else 0
        written = clean(_SUBSET.sub("", text[start:end])).strip(" ,;:")
        written = re.sub(r"(?:,?\s+and)$", "", written).strip(" ,")
        apart = pop in ("civilians", "overall")
        out.append(
            Figure(
                category=category,
                side=None if apart else ctx.side,
                actor_id=None if apart else actor,
                low=q.low,
                high=q.high,
                qualifier=q.qualifier,
                text=written,
                claimant=claim[0] if claim else None,
                claimant_actor_id=claim[1] if claim else None,
                origin=ctx.origin,
                line=ctx.line,
                quote=ctx.quote,
                population=pop,
                note=_join(_join(note, extra), "included in the figure before it" if subset else None),
            )
        )
    return out


_NO_CATEGORY = "no category written"


@lru_cache(maxsize=1)
def _THINGS() -> frozenset[str]:
    return frozenset(e["category"] for e in vocab.entries("units"))


def _join(a: str | None, b: str | None) -> str | None:
    return "; ".join(x for x in (a, b) if x) or None


def _what(tail: str, lead: str, context: str, q: Quantity) -> tuple[str, str | None, str | None]:
    """(category, population, note) of a quantity from the words after it."""
    first_noun = re.search(rf"{_unit_re()}|{_population_re()}|{_people_re()}", tail, re.I)
    cats = list(re.finditer(_category_re(), tail, re.I))
    cat_of = vocab.table("categories", "category")
    categories = list(dict.fromkeys(cat_of.get(c.group(0).lower()) or "" for c in cats))
    pop_m = re.search(_population_re(), tail, re.I) or re.search(_population_re(), lead, re.I)
    population = vocab.table("populations", "population").get(pop_m.group(0).lower()) if pop_m else None
    if first_noun and re.fullmatch(_unit_re(), first_noun.group(0), re.I):
        unit = vocab.table("units", "category").get(first_noun.group(0).lower()) or "things"
        after = re.search(vocab.alternation("thing_fates"), tail[first_noun.end() :], re.I)
        return unit, None, after.group(0).lower() if after else None
    fate = next((vocab.table("categories", "fate_note").get(c.group(0).lower()) for c in cats), None)
    if len(categories) > 1:
        together = clean(tail[cats[0].start() : cats[-1].end()])
        return "casualties", population, f"{together}, not told apart"
    if categories and categories[0] != "strength":
        return categories[0], population, fate
    if context == "strength":
        return "strength", population, None
    numbered = q.low is not None or q.high is not None
    return "casualties", population, _NO_CATEGORY if numbered and not first_noun else None


def _actor_in(text: str) -> str | None:
    found = resolve.find_actors(text)
    if found:
        return found[0].id
    return resolve.resolve_actor(text.strip(" :,;"))


# ---------------------------------------------------------------- prose


def _qty_src(s: str) -> str:
    """The quantity pattern with group names ending in ``s`` (several per regex)."""
    qual = vocab.alternation("qualifiers")
    vague = (
        r"(?:several dozen|a few dozen|dozens|several hundred|hundreds|scores|several|many|a number of|some)"
    )
    unknown = r"an?\s+(?:unidentified|unknown|undetermined|unspecified|undisclosed|unconfirmed)\s+number"
    return (
        rf"(?:(?P<u{s}>{unknown})(?:\s+of)?|(?P<v{s}>{vague})(?:\s+of)?(?!\s+[0-9])"
        rf"|(?P<qual{s}>{qual}\s*)?(?<![\w.,/:])(?P<a{s}>{NUM})"
        rf"(?:\s*(?:–|—|-|\bto\b)\s*(?P<b{s}>{NUM}))?(?P<plus{s}>\s?\+)?)"
    )


_WHO_WORDS = r"(?: (?!(?:were|was|and|or|in|by|on|at|of|for|with|to|from)\b)[A-Za-zÀ-ÿ'’-]+){1,3}"


@lru_cache(maxsize=1)
def _prose_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    be = (
        r"(?: (?:were|was|had been|have been|has been|are|is|being|had|have|has)"
        r"(?: (?:reportedly|also|later|all|said to have been|been))?)?"
    )
    cat, verb = vocab.alternation("prose_passive"), vocab.alternation("prose_active")
    passive = re.compile(
        rf"(?<![\w,]){_qty_src('')}(?P<who>(?: (?!(?:were|was|had|have|has|and|in|by|on|at|of)\b)[A-Za-zÀ-ÿ'’-]+){{0,4}}?)"
        # "seven peacekeepers from the United Nations mission in Mali (MINUSMA) were killed"
        rf"(?:(?P<of> (?:of|from) [^,.;:\"“”]{{1,90}}?)(?: (?:were|was|had been|have been|has been|(?:has|have|had)(?= died\b))"
        rf"|(?= (?:died|fell|succumbed)\b))"
        rf"(?: (?:reportedly|also|later|all))?"
        # "Five suspected terrorists who attacked a convoy near X on Monday were neutralised"
        rf"|(?<=\w) who (?!(?:were|was)\b)[^,.;:\"“”]{{1,80}}? (?:were|was)(?: (?:later|all|also))?|{be})(?: (?:severely|seriously|gravely|critically|slightly|lightly|badly))?"
        rf"(?: left(?= dead))? [\"“]?(?P<cat>{cat}|{_FELL})\b",
        re.I,
    )
    active = re.compile(
        rf"\b(?P<verb>{verb})"
        rf" (?:the )?{_qty_src('')}(?P<who>(?: (?!(?:and|or|in|at|on|by|while|during|for|with|to|from)\b)"
        rf"[A-Za-zÀ-ÿ'’-]+){{1,3}})",
        re.I,
    )
    pair = re.compile(
        rf"(?<![\w,]){_qty_src('1')}(?P<who1>{_WHO_WORDS})(?: and|,? (?:together|along) with)"
        rf" {_qty_src('2')}(?P<who2>{_WHO_WORDS}),? (?:were|was)(?: (?:reportedly|also|later|all))? (?P<cat>{cat})\b",
        re.I,
    )
    return passive, active, pair


@lru_cache(maxsize=1)
def _news_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Tolls ("put the death toll at eight"), people taken ("taken three others prisoner"),
    claims of no losses ("no losses on our side") and whose side ("on the FAMa side")."""
    toll = re.compile(
        rf"{vocab.alternation('toll_words')}(?:\s+(?!(?:and|but|while)\b)[\w'’-]+){{0,5}}?"
        rf"\s+(?:at|of|is|was|stood at|stands at|rose to|has risen to|had risen to|reached|climbed to|to)\s+"
        rf"{_qty_src('')}(?P<who>(?: [A-Za-zÀ-ÿ'’-]+){{0,2}})",
        re.I,
    )
    taken = re.compile(
        rf"\b(?:took|taken|taking|take)\s+{_qty_src('')}(?P<who>(?: (?!(?:prisoners?|hostages?|captive)\b)"
        r"[A-Za-zÀ-ÿ'’-]+){0,3}) (?P<cat>prisoners?|hostages?|captives?)\b",
        re.I,
    )
    none = re.compile(vocab.alternation("none_prose"), re.I)
    side = re.compile(vocab.alternation("side_words"), re.I)
    return toll, taken, none, side


@lru_cache(maxsize=1)
def _caused_re() -> re.Pattern[str]:
    """ "caused 16 deaths", "left 12 dead and 8 injured": losses as the object of the event."""
    return re.compile(
        rf"\b(?:caused|causing|left|leaving|claimed|resulted\s+in|resulting\s+in|counted|recorded)\s+{_qty_src('')}"
        rf"(?P<who>(?: (?!(?:dead|deaths|killed|wounded|injured|injuries|casualties)\b)[A-Za-zÀ-ÿ'’-]+){{0,2}})"
        rf" (?P<cat>deaths|dead|casualties|injuries|injured|wounded)\b",
        re.I,
    )


@lru_cache(maxsize=1)
def _death_of_re() -> re.Pattern[str]:
    """ "caused the death of six civilians", "confirmed the death of three soldiers", "the bodies
    of three soldiers were found": the dead as the object of the event or of the report."""
    return re.compile(
        r"(?:\b(?:caused|causing|led\s+to|resulted\s+in|resulting\s+in|confirmed|confirming|reported|announced)"
        rf"\s+the\s+(?P<cat>deaths?)|\bthe\s+(?P<bodies>bodies))\s+of\s+{_qty_src('')}"
        rf"(?P<who>(?: (?!(?:were|was|in|at|on|had|have|and)\b)[A-Za-zÀ-ÿ'’-]+){{1,2}})",
        re.I,
    )


@lru_cache(maxsize=1)
def _single_re() -> re.Pattern[str]:
    """ "A Malian soldier was killed": one person, counted by the article."""
    return re.compile(
        rf"(?<![\w,])(?P<art>an?)(?P<who>(?: (?!(?:was|and|in|by|on|at|of)\b)[A-Za-zÀ-ÿ'’-]+){{1,3}}?)"
        rf" (?:was|has been|had been)(?: (?:reportedly|also|later))? (?P<cat>{vocab.alternation('prose_passive')})\b",
        re.I,
    )


@lru_cache(maxsize=1)
def _dead_list_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "The dead included at least three soldiers and two militants": each a count of the dead."""
    head = re.compile(
        rf"\b{vocab.alternation('dead_lists')}\s+(?:included|include|were|are|comprised)\s+", re.I
    )
    item = re.compile(
        rf"{_qty_src('')}(?P<who>(?: (?!(?:and|or|in|at|on|by)\b)[A-Za-zÀ-ÿ'’-]+){{1,3}})", re.I
    )
    return head, item


def _prose_qty(m: re.Match[str], s: str = "") -> Quantity | None:
    if m.group(f"u{s}"):
        return Quantity(m.start(f"u{s}"), m.end(f"u{s}"), None, None, "unknown")
    if m.group(f"v{s}"):
        return Quantity(m.start(f"v{s}"), m.end(f"v{s}"), None, None, "vague")
    a, b = to_int(m.group(f"a{s}")), (to_int(m.group(f"b{s}")) if m.group(f"b{s}") else None)
    if a is None or (b is not None and b <= a):
        return None
    if re.fullmatch(r"(?:19|20)\d\d", m.group(f"a{s}")):
        return None
    low, high, qualifier = bounds(a, b, m.group(f"qual{s}"), bool(m.group(f"plus{s}")))
    return Quantity(m.start(), m.end(), low, high, qualifier)


def _is_people(who: str) -> bool:
    return bool(
        re.search(rf"{_population_re()}|{_people_re()}", who, re.I) or resolve.find_actors(who)
    ) and not re.search(_unit_re(), who, re.I)


def _population(who: str) -> str | None:
    m = re.search(_population_re(), who, re.I)
    return vocab.table("populations", "population").get(m.group(0).lower()) if m else None


# "three of our men fell": fell as died, never "fell into an ambush", "fell back", "fell to the rebels"
_FELL = (
    r"fell(?!\s+(?:into|in|to|back|under|victim|prey|from|silent|ill|apart|short|behind|upon|off|through)\b)"
)
_PROSE_HINT = re.compile(
    r"kill|dead|death|died|\bfell\b|succumb|neutrali|wound|injur|captur|prisoner|arrest|missing|execut|lost|losing|toll|bod(?:y|ies)|"
    r"hurt|kidnap|abduct|hostage|perish|casualt|loss",
    re.I,
)
_OTHERS = re.compile(r"^\s*(?:others?|more)\b", re.I)
# "13 were wounded, of whom five were seriously injured": a part of the count before
_PART_OF = re.compile(r"\b(?:of\s+whom|among\s+(?:whom|them))\s*$", re.I)
# "killed and another six injured": the gap before a count of the same people
_AND_MORE = re.compile(r"[\s,]*(?:and\s+)?(?:(?:another|a\s+further|some)\s+)?", re.I)
# "three of its soldiers were killed in Mali and another four wounded": "another" names the same people
_ANOTHER = re.compile(r"\band\s+(?:another|a\s+further)\s*$", re.I)
# "on the side of the Malian army", "on the Malian side": whose losses a phrase names
_NAMED_SIDE = re.compile(
    r"\b(?:on\s+(?:the\s+)?side|in\s+the\s+ranks)\s+of\s+(?:the\s+)?(?P<a>[^,.;]{2,40}?)(?=\s*(?:[,.;\"”]|$))"
    r"|\bon\s+the\s+(?P<b>[\w'’ -]{2,30}?)(?:'s|’s)?\s+side\b",
    re.I,
)
_PROVISIONAL = re.compile(
    r"\b(?:provisional|preliminary)\s+(?:death\s+)?(?:toll|count|figures?|bilan)\b", re.I
)
ClaimantActor = Callable[[str], "str | None"]


class _Prose:
    """The figures of one sentence of prose, each with the claimant of its clause."""

    def __init__(
        self, sentence: str, line: int, sides: dict[str, int], previous, actor_of: ClaimantActor, speaker=None
    ):
        self.sentence, self.line, self.sides = sentence, line, sides
        self.written = strip_refs(sentence)
        self.text = mask_between(self.written)
        self.actor_of = actor_of
        self.claims = sentence_claims(self.written)
        self.previous = previous  # (who, actor id) named before: "he said", "the statement said"
        self.speaker = speaker  # who speaks a quotation the sentence is part of
        self.out: list[Figure] = []
        self.spans: list[tuple[int, int]] = []

    def claim(self, span: tuple[int, int]) -> tuple[str | None, str | None]:
        c = claim_for(self.written, self.claims, *span)
        if c is None:
            return self.speaker or (None, None)
        if is_back_reference(c.who):
            return self.previous if self.previous else (None, None)
        return c.who, c.actor_id or self.actor_of(c.who)

    def add(
        self,
        q: Quantity,
        who: str,
        cat: str,
        span: tuple[int, int],
        like: Figure | None = None,
        own: bool = False,
    ) -> None:
        actors = resolve.find_actors(who)
        if like is None and _OTHERS.match(who) and self.out:
            like = self.out[-1]  # "14 others wounded": the people of the figure before
        actor_id = actors[0].id if actors else (like.actor_id if like else None)
        pop = _population(who) or (like.population if like else None)
        claimant, claim_actor = self.claim(span)
        pop, actor_id = self.whose(span, pop, actor_id, claim_actor, own)
        apart = pop in ("civilians", "overall")
        note = "provisional toll" if _PROVISIONAL.search(self.written) else None
        self.out.append(
            Figure(
                category=cat,
                side=None if apart or actor_id is None else self.sides.get(actor_id),
                actor_id=None if apart else actor_id,
                low=q.low,
                high=q.high,
                qualifier=q.qualifier,
                text=self.written[span[0] : span[1]].strip(),
                claimant=claimant,
                claimant_actor_id=claim_actor,
                origin="prose",
                line=self.line,
                quote=self.sentence,
                population=pop,
                note=note,
            )
        )
        self.spans.append(span)

    def whose(self, span, pop: str | None, actor_id: str | None, claim_actor: str | None, own: bool):
        """ "7 dead on the FAMa side", "no loss on the side of the Malian army", "no losses on our
        side": the side a phrase of the clause names; a claim of no losses without one is the
        claimant's own."""
        if pop is not None and actor_id is not None:
            return pop, actor_id
        window = re.sub(
            r"\([^()]{0,40}\)\s*", "", self.text[span[0] : span[1] + 80]
        )  # "FAMa (Armed ...) side"
        side = _news_res()[3].search(window)
        named_side = _NAMED_SIDE.search(window) if side is None else None
        if side is None and named_side is None and not own:
            return pop, actor_id
        whose: str | None
        if named_side is not None:
            name = named_side.group("a") or named_side.group("b")
            whose, named = "named", _actor_in(name) or self.actor_of(name)
        else:
            whose = (
                vocab.table("side_words", "whose").get(re.sub(r"\s+", " ", side.group(0).lower()))
                if side
                else "claimant"
            )
            named = _actor_in(side.group(0)) if side else None
        if whose == "claimant":
            actor_id = actor_id or claim_actor
        elif whose in ("named", "army"):
            actor_id = actor_id or named or (self.actor_of("the army") if whose == "army" else None)
        kind = (resolve.actor(actor_id) or {}).get("kind") if actor_id else None
        fallback = {"army": "soldiers", "enemy": "fighters"}.get(whose or "")
        return pop or vocab.table("kind_populations", "population").get(kind or "") or fallback, actor_id

    def taken(self, m: re.Match[str]) -> bool:
        return any(s < m.end() and m.start() < e for s, e in self.spans)


def prose_figures(
    sentence: str,
    line: int,
    sides: dict[str, int] | None = None,
    *,
    previous: tuple[str | None, str | None] | None = None,
    actor_of: ClaimantActor | None = None,
    speaker: tuple[str | None, str | None] | None = None,
) -> list[Figure]:
    """Casualty figures stated in a sentence of prose, one Figure per figure.

    ``sides`` maps actor ids to the sides of the event the sentence belongs to;
    a figure about such an actor takes its side, any other has side None. Each
    figure's claimant is the claim of its clause (see :func:`claim_for`); a back
    reference ("he said") is ``previous``, the claimant named before; a sentence
    of a quotation attributed further on takes its ``speaker``. ``actor_of``
    finds the actor of a claimant the dictionary does not name.
    """
    if not _PROSE_HINT.search(strip_refs(sentence)):
        return []  # no word of losses: nothing to read (and most sentences are quick to pass)
    r = _Prose(sentence, line, sides or {}, previous, actor_of or (lambda who: None), speaker)
    passive, active, pair = _prose_res()
    for m in pair.finditer(r.text):
        for s in ("1", "2"):
            q, who = _prose_qty(m, s), m.group(f"who{s}")
            if q is not None and _is_people(who):
                r.add(q, who, _category(m.group("cat")), (m.start(), m.end()))
    found = [passive, active, _single_re(), _caused_re(), _death_of_re()]
    for m in sorted((m for rx in found for m in rx.finditer(r.text)), key=lambda m: m.start()):
        if not r.taken(m):
            _read_match(r, m, active)
    _read_news(r)
    r.out.sort(key=lambda f: r.written.find(f.text))
    return r.out


def _read_match(r: _Prose, m: re.Match[str], active: re.Pattern[str]) -> None:
    who = (m.group("who") or "") + (m.groupdict().get("of") or "")
    span = (m.start(), m.end())
    if m.re is _single_re():
        if _is_people(who) and not _OTHERS.match(who):
            r.add(Quantity(m.start(), m.end(), 1, 1, "exact"), who, _category(m.group("cat")), span)
        return
    q = _prose_qty(m)
    if q is None:
        return
    if m.re in (_caused_re(), _death_of_re()):
        r.add(q, who, "killed" if m.groupdict().get("bodies") else _category(m.group("cat")), span)
        return
    if m.re is active:
        if re.match(r"\s*of\s+them\b", who):  # "attacking troops Friday, killing at least two of them"
            named = list(re.finditer(_population_re(), r.text[: m.start()], re.I))
            who = named[-1].group(0) if named else who
        if _is_people(who) or (_OTHERS.match(who) and r.out):
            r.add(
                q, who, vocab.table("prose_active", "category").get(m.group("verb").lower()) or "killed", span
            )
        return
    if r.out and _PART_OF.search(r.text[max(0, m.start() - 20) : m.start()]):
        return  # "13 were wounded, of whom five seriously": a part of the count before
    gap = r.text[r.spans[-1][1] : m.start()] if r.out else ""
    if not who.strip() and r.out and (len(gap) < 12 or _AND_MORE.fullmatch(gap) or _ANOTHER.search(gap)):
        r.add(q, "", _category(m.group("cat")), span, like=r.out[-1])  # "... and 40 wounded"
    elif not who.strip() or _is_people(who) or (_OTHERS.match(who) and r.out):
        r.add(q, who, _category(m.group("cat")), span)  # "27 soldiers were killed and 32 more wounded"


def _read_news(r: _Prose) -> None:
    """Tolls, people taken prisoner, lists of the dead and claims of no losses."""
    toll, taken, none, _ = _news_res()
    head, item = _dead_list_res()
    for h in head.finditer(r.text):
        end = re.search(r"[.;]|,\s+(?:the|a|an|said|according)\b", r.text[h.end() :])
        stop = h.end() + (end.start() if end else len(r.text) - h.end())
        for m in item.finditer(r.text, h.end(), stop):
            q = _prose_qty(m)
            if q is not None and not r.taken(m) and _is_people(m.group("who")):
                r.add(q, m.group("who"), "killed", (m.start(), m.end()))
    for m in taken.finditer(r.text):
        q = _prose_qty(m)
        if q is not None and not r.taken(m):
            r.add(q, m.group("who") or "", _category(m.group("cat")), (m.start(), m.end()))
    for m in toll.finditer(r.text):
        q = _prose_qty(m)
        after = r.text[m.end("a") if m.group("a") else m.end() :][:30]
        if q is None or r.taken(m) or re.match(rf"\s*(?:{_category_re()})", after, re.I):
            continue  # "the toll is 7 dead and 3 wounded": the figures are read as such
        r.add(q, m.group("who") or "", "killed", (m.start(), m.end()))
    for m in _and_wounded_re().finditer(r.text):  # "have killed 16 soldiers and wounded 18": the same people
        q = _prose_qty(m)
        if q is not None and r.out and not r.taken(m) and 0 <= m.start() - r.spans[-1][1] < 4:
            r.add(q, "", _category(m.group("verb")), (m.start(), m.end()), like=r.out[-1])
    for m in none.finditer(r.text):
        cat = (
            vocab.table("none_prose", "category").get(re.sub(r"\s+", " ", m.group(0).lower())) or "casualties"
        )
        r.add(Quantity(m.start(), m.end(), 0, 0, "exact"), m.group(0), cat, (m.start(), m.end()), own=True)


@lru_cache(maxsize=1)
def _and_wounded_re() -> re.Pattern[str]:
    """ "... and wounded 18", "... and injured five more": a second count of the same verb's object."""
    return re.compile(
        rf"\band\s+(?P<verb>wounded|injured)\s+{_qty_src('')}(?!\s+(?:[A-Za-z]+\s+)?(?:vehicles?|motorcycles?))",
        re.I,
    )


def _category(word: str) -> str:
    return vocab.table("categories", "category").get(re.sub(r"\s+", " ", word.lower())) or word.lower()
