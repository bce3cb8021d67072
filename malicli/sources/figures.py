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
from dataclasses import dataclass
from functools import lru_cache

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
_WORDNUM = r"\b(?:" + "|".join(sorted((re.escape(w) for w in _NUM_WORDS), key=len, reverse=True)) + r")\b"
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
        after = text[m.end() : m.end() + 30]
        return not re.match(rf"\s*(?:{_category_re()}|{_population_re()})", after, re.I)
    return False


@lru_cache(maxsize=1)
def _category_re() -> str:
    return vocab.alternation("categories")


@lru_cache(maxsize=1)
def _population_re() -> str:
    return vocab.alternation("populations")


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
    """Who makes the claims of a sentence: (as written, actor id).

    A claimant pattern names X; otherwise an actor named just before a verb of
    saying ("the MNLA claimed") is the claimant. Anything else: nobody.
    """
    c = find_claimant(sentence)
    if c:
        return c.who, c.actor_id
    gap = {w.lower() for w in vocab.words("claim_gap_words")} | {""}
    for verb in re.finditer(rf"\b{vocab.alternation('claim_verbs')}", sentence):
        before = sentence[max(0, verb.start() - 60) : verb.start()]
        found = resolve.find_actors(before)
        rest = before[found[-1].end :].strip(" ,'’s").lower() if found else None
        if found and rest in gap:
            return found[-1].as_written, found[-1].id
    return None, None


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


@lru_cache(maxsize=1)
def _unit_re() -> str:
    return vocab.alternation("units")


@lru_cache(maxsize=1)
def _people_re() -> str:
    return vocab.alternation("people_words")


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
    vague = r"(?:several dozen|a few dozen|dozens|several hundred|hundreds|scores)"
    return (
        rf"(?:(?P<v{s}>{vague})(?:\s+of)?|(?P<qual{s}>{qual}\s*)?(?<![\w.,/:])(?P<a{s}>{NUM})"
        rf"(?:\s*(?:–|—|-|\bto\b)\s*(?P<b{s}>{NUM}))?(?P<plus{s}>\s?\+)?)"
    )


_WHO_WORDS = r"(?: (?!(?:were|was|and|or|in|by|on|at|of|for|with|to|from)\b)[A-Za-zÀ-ÿ'’-]+){1,3}"


@lru_cache(maxsize=1)
def _prose_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    be = r"(?: (?:were|was|had been|have been|are|being)(?: (?:reportedly|also|later|all|said to have been))?)?"
    cat, verb = vocab.alternation("prose_passive"), vocab.alternation("prose_active")
    passive = re.compile(
        rf"(?<![\w,]){_qty_src('')}(?P<who>(?: (?!(?:were|was|and|in|by|on|at|of)\b)[A-Za-zÀ-ÿ'’-]+){{0,4}}?)"
        rf"{be} (?P<cat>{cat})\b",
        re.I,
    )
    active = re.compile(
        rf"\b(?P<verb>{verb})"
        rf" {_qty_src('')}(?P<who>(?: (?!(?:and|or|in|at|on|by|while|during|for|with|to|from)\b)"
        rf"[A-Za-zÀ-ÿ'’-]+){{1,3}})",
        re.I,
    )
    pair = re.compile(
        rf"(?<![\w,]){_qty_src('1')}(?P<who1>{_WHO_WORDS}) and {_qty_src('2')}(?P<who2>{_WHO_WORDS})"
        rf" (?:were|was)(?: (?:reportedly|also|later|all))? (?P<cat>{cat})\b",
        re.I,
    )
    return passive, active, pair


def _prose_qty(m: re.Match[str], s: str = "") -> Quantity | None:
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


_PROSE_HINT = re.compile(
    r"kill|dead|died|neutrali|wound|injur|captur|prisoner|arrest|missing|execut|lost|losing", re.I
)


def prose_figures(sentence: str, line: int, sides: dict[str, int] | None = None) -> list[Figure]:
    """Casualty figures stated in a sentence of prose, one Figure per figure.

    ``sides`` maps actor ids to the sides of the event the sentence belongs to;
    a figure about such an actor takes its side, any other has side None.
    """
    sides = sides or {}
    written = strip_refs(sentence)
    if not _PROSE_HINT.search(written):
        return []  # no word of losses: nothing to read (and most sentences are quick to pass)
    who_claims, claim_actor = claimant(written)
    text = mask_between(written)
    out: list[Figure] = []
    spans: list[tuple[int, int]] = []
    passive, active, pair = _prose_res()

    def add(q: Quantity, who: str, cat: str, span: tuple[int, int], like: Figure | None = None) -> None:
        actors = resolve.find_actors(who)
        actor_id = actors[0].id if actors else (like.actor_id if like else None)
        pop = _population(who) or (like.population if like else None)
        apart = pop in ("civilians", "overall")
        out.append(
            Figure(
                category=cat,
                side=None if apart or actor_id is None else sides.get(actor_id),
                actor_id=None if apart else actor_id,
                low=q.low,
                high=q.high,
                qualifier=q.qualifier,
                text=written[span[0] : span[1]].strip(),
                claimant=who_claims,
                claimant_actor_id=claim_actor,
                origin="prose",
                line=line,
                quote=sentence,
                population=pop,
            )
        )
        spans.append(span)

    for m in pair.finditer(text):
        for s in ("1", "2"):
            q, who = _prose_qty(m, s), m.group(f"who{s}")
            if q is not None and _is_people(who):
                add(q, who, _category(m.group("cat")), (m.start(), m.end()))
    for m in sorted([*passive.finditer(text), *active.finditer(text)], key=lambda m: m.start()):
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        q, who = _prose_qty(m), m.group("who") or ""
        if q is None:
            continue
        if m.re is active:
            if _is_people(who):
                add(
                    q,
                    who,
                    vocab.table("prose_active", "category")[m.group("verb").lower()],
                    (m.start(), m.end()),
                )
            continue
        if not who.strip() and out and m.start() - spans[-1][1] < 12:
            add(q, "", _category(m.group("cat")), (m.start(), m.end()), like=out[-1])  # "... and 40 wounded"
        elif not who.strip() or _is_people(who):
            add(q, who, _category(m.group("cat")), (m.start(), m.end()))
    return out


def _category(word: str) -> str:
    return vocab.table("categories", "category").get(word.lower()) or word.lower()
