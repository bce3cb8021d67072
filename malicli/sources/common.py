"""Text helpers shared by the source parsers: sentences, headings, kinds, figures.

Everything here works on any text of the supported formats; nothing names a
particular event.
"""

from __future__ import annotations

import re

from .. import resolve
from ..dates import DateContext, DateValue, find_dates, parse_date
from ..datewords import month_name
from .mentions import actors_in as _actors_in
from .mentions import best_place, event_places, mentioned_actors  # noqa: F401  (used through common)
from .records import Casualty, Event
from .text import (  # noqa: F401  (the parsers use these through common)
    IMAGE_LINE,
    MAINTENANCE,
    REF_MARK,
    clean,
    heading_years,
    is_heading,
    split_sentences,
    strip_refs,
)

KINDS = (
    ("siege", r"\bsiege\b|\bbesieg(?:ed|ing)\b|\bblockade\b"),
    ("raid", r"\braid\b"),
    ("ambush", r"\bambush(?:ed|es)?\b"),
    ("clash", r"\bclash(?:es|ed)?\b"),
    ("battle", r"\bbattle\b"),
    ("offensive", r"(?<!counter-)\boffensive\b"),
    ("attack", r"\battack(?:s|ed)?\b|\bassault\b|\bincursion\b|\binfiltration\b"),
)
_KIND_RE = {k: re.compile(p, re.I) for k, p in KINDS}
EVENT_NAME = re.compile(
    r"\b(?:battle|siege|raid|ambush|clash(?:es)?|offensive|massacre|attack|capture|fall|liberation|operation)\b",
    re.I,
)


def kind_from_name(name: str) -> str:
    return kind_from_text(name) or "event"


def kind_from_text(text: str) -> str | None:
    for kind, rx in _KIND_RE.items():
        if rx.search(text):
            return kind
    return None


_DERIVED = {
    "battle": "Battle of {}",
    "siege": "Siege of {}",
    "raid": "Raid on {}",
    "ambush": "Ambush at {}",
    "clash": "Clashes at {}",
    "offensive": "Offensive on {}",
    "attack": "Attack in {}",
    "event": "Events at {}",
}


def derived_name(kind: str, place_id: str | None, date: DateValue) -> str | None:
    """A descriptive name for an event the text does not name (marked as derived)."""
    place = (resolve.place(place_id) or {}).get("name") if place_id else None
    if not place:
        return None
    name = _DERIVED.get(kind, "Events at {}").format(place)
    when = month_year(date)
    return f"{name} ({when})" if when else name


def month_year(date: DateValue) -> str | None:
    if not date.start:
        return None
    y, m = int(date.start[:4]), int(date.start[5:7])
    if date.precision == "year":
        return str(y)
    return f"{month_name(m)} {y}"


# ---------------------------------------------------------------- figures

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
    "a dozen": 12,
    "dozen": 12,
}
NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|\b(?:"
    + "|".join(sorted((re.escape(w) for w in _NUM_WORDS), key=len, reverse=True))
    + r")\b)"
)
_CATEGORY = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "neutralised": "killed",
    "neutralized": "killed",
    "wounded": "wounded",
    "injured": "wounded",
    "captured": "captured",
    "taken prisoner": "captured",
    "arrested": "captured",
    "missing": "missing",
}
_CAT = r"(?:killed|dead|died|neutrali[sz]ed|wounded|injured|captured|taken prisoner|arrested|missing)"
# "50 Malian soldiers were killed", "thirteen assailants were neutralised",
# "40 wounded", "2 killed"
_FIG_PASSIVE = re.compile(
    rf"(?<![\w,])(?:at least |about |around |approximately |nearly |over |more than |some )?"
    rf"(?P<n>{NUM})(?P<who>(?: (?!(?:were|was|and|in|by|on|at|of)\b)[A-Za-zÀ-ÿ'’-]+){{0,4}}?)"
    rf"(?: (?:were|was|had been|have been|are|being)(?: (?:reportedly|also|later|all|said to have been))?)? (?P<cat>{_CAT})\b",
    re.I,
)
# "killing 5 people", "killed about 40 civilians", "injuring 255 others"
_FIG_ACTIVE = re.compile(
    rf"\b(?P<verb>killing|killed|injuring|injured|wounding|wounded|capturing|captured|lost|losing)"
    rf" (?:at least |about |around |approximately |nearly |over |more than |some )?(?P<n>{NUM})"
    rf"(?P<who>(?: (?!(?:and|or|in|at|on|by|while|during|for|with|to|from)\b)[A-Za-zÀ-ÿ'’-]+){{1,3}})",
    re.I,
)
_VERB_CAT = {
    "killing": "killed",
    "killed": "killed",
    "injuring": "wounded",
    "injured": "wounded",
    "wounding": "wounded",
    "wounded": "wounded",
    "capturing": "captured",
    "captured": "captured",
    "lost": "killed",
    "losing": "killed",
}
_WORDS = r"(?: (?!(?:were|was|and|or|in|by|on|at|of|for|with|to|from)\b)[A-Za-zÀ-ÿ'’-]+){1,3}"
# "13 Chadian soldiers and 65 Islamists were killed": two subjects, one verb
_FIG_PAIR = re.compile(
    rf"(?<![\w,])(?P<n>{NUM})(?P<who>{_WORDS}) and (?P<n2>{NUM})(?P<who2>{_WORDS})"
    rf" (?:were|was)(?: (?:reportedly|also|later|all))? (?P<cat>{_CAT})\b",
    re.I,
)
_PEOPLE = re.compile(
    r"\b(?:soldiers?|troops?|fighters?|militants?|civilians?|people|others?|persons?|"
    r"assailants?|attackers?|jihadists?|islamists?|rebels?|peacekeepers?|militiamen|"
    r"hostages?|officials?|terrorists?|insurgents?|men|personnel|mercenaries)\b",
    re.I,
)
_ACCORDING = re.compile(
    r"\b(?:according to|as claimed by|claimed by|per)\s+(?P<who>[^,.;:()\[\]]{2,80}?)"
    r"(?=\s*(?:[,.;:()\[]|$|\b(?:said|says|claimed|there|they|which|who|during|in the|on)\b))",
    re.I,
)
_CLAIM_GAP = {
    "",
    "also",
    "later",
    "then",
    "official",
    "officials",
    "spokesman",
    "spokesperson",
    "sources",
    "source",
    "leader",
    "leaders",
    "forces",
    "fighters",
    "command",
    "media outlet",
    "statement",
}
_SAID = re.compile(
    r"\b(?:said|says|claimed|claims|stated|reported|announced|acknowledged|admitted|confirmed)\b"
)


def to_int(text: str) -> int | None:
    t = text.strip().lower()
    if t in _NUM_WORDS:
        return _NUM_WORDS[t]
    t = t.replace(",", "")
    return int(t) if t.isdigit() else None


def claimant(sentence: str) -> tuple[str | None, str | None]:
    """Who makes the claims of a sentence: (as written, actor id).

    "according to X" names X; otherwise an actor named just before a verb of
    saying ("the MNLA claimed") is the claimant. Anything else: nobody.
    """
    m = _ACCORDING.search(sentence)
    if m:
        who = m.group("who").strip()
        found = resolve.find_actors(who)
        return who, (found[0].id if found else resolve.resolve_actor(who))
    for verb in _SAID.finditer(sentence):
        before = sentence[max(0, verb.start() - 60) : verb.start()]
        found = resolve.find_actors(before)
        gap = before[found[-1].end :].strip(" ,'’s").lower() if found else None
        if found and gap in _CLAIM_GAP:
            return found[-1].as_written, found[-1].id
    return None, None


def figure_category(cat: str, who: str) -> str:
    cat = _CATEGORY.get(cat.lower(), cat.lower())
    if cat == "killed" and re.search(r"\bcivilians?\b", who, re.I):
        return "civilians"
    return cat


def prose_casualties(sentence: str, line: int, sides: dict[str, int] | None = None) -> list[Casualty]:
    """Casualty figures stated in a sentence of prose, one claim per subject."""
    sides = sides or {}
    text = strip_refs(sentence)
    who_claims, claim_actor = claimant(text)
    claims: list[Casualty] = []
    spans: list[tuple[int, int]] = []
    for m in _FIG_PAIR.finditer(text):
        for n_key, who_key in (("n", "who"), ("n2", "who2")):
            n, who = to_int(m.group(n_key)), m.group(who_key)
            if n is None or not (_PEOPLE.search(who) or resolve.find_actors(who)):
                continue
            actors = resolve.find_actors(who)
            actor_id = actors[0].id if actors else None
            claim = Casualty(
                side=sides.get(actor_id) if actor_id else None,
                actor_id=actor_id,
                text=m.group(0).strip(),
                claimed_by=who_claims,
                claimed_by_actor_id=claim_actor,
                origin="prose",
                line=line,
                quote=sentence,
            )
            setattr(claim, figure_category(m.group("cat"), who), n)
            claims.append(claim)
        spans.append((m.start(), m.end()))
    for m in list(_FIG_PASSIVE.finditer(text)) + list(_FIG_ACTIVE.finditer(text)):
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        who = m.group("who") or ""
        n = to_int(m.group("n"))
        if n is None:
            continue
        if m.re is _FIG_ACTIVE:
            if not _PEOPLE.search(who):
                continue
            cat = figure_category(_VERB_CAT[m.group("verb").lower()], who)
        else:
            cat = figure_category(m.group("cat"), who)
            if not who.strip() and claims and m.start() - spans[-1][1] < 12:
                # "... were killed and 40 wounded": same subject as before
                prev = claims[-1]
                if getattr(prev, cat) is None:
                    setattr(prev, cat, n)
                    prev.text = text[spans[-1][0] : m.end()]
                    spans[-1] = (spans[-1][0], m.end())
                    continue
            if who.strip() and not _PEOPLE.search(who) and not resolve.find_actors(who):
                continue
            if re.fullmatch(r"\d{4}", m.group("n")):
                continue
        actors = resolve.find_actors(who)
        actor_id = actors[0].id if actors else None
        claim = Casualty(
            side=sides.get(actor_id) if actor_id else None,
            actor_id=actor_id,
            text=m.group(0).strip(),
            claimed_by=who_claims,
            claimed_by_actor_id=claim_actor,
            origin="prose",
            line=line,
            quote=sentence,
        )
        setattr(claim, cat, n)
        claims.append(claim)
        spans.append((m.start(), m.end()))
    return claims


# ---------------------------------------------------------------- places, actors
# best_place, mentioned_actors: see malicli/sources/mentions.py


# ---------------------------------------------------------------- timeline


def dated_mention(sentence: str):
    """The first mention in a sentence that dates it to a day or a month."""
    for m in find_dates(sentence):
        if m.precision in ("day", "month"):
            return m
    return None


def timeline_event(sentence: str, line: int, ctx: DateContext, last: list) -> Event | None:
    """A timeline event for a sentence that dates something to a day or month.

    ``last`` is a one-item list holding the document's previous start date, so that
    a day-month that falls far before it (more than six months) is read as
    belonging to the next year of the narrative.
    """
    text = strip_refs(sentence)
    mention = dated_mention(text)
    if mention is None:
        return None
    date = parse_date(mention.text, ctx)
    if date.rule == "year_from_context" and date.start and last[0]:
        prev = last[0]
        if int(prev[:4]) == int(date.start[:4]) and _month_index(prev) - _month_index(date.start) > 6:
            nxt = DateContext(default_year=int(date.start[:4]) + 1)
            date = parse_date(mention.text, nxt)
    if date.start and date.rule == "explicit" and date.precision in ("day", "month"):
        ctx.see_year(int(date.start[:4]))
    if date.start:
        last[0] = date.start
    event = Event(
        event_type="timeline",
        kind=kind_from_text(text) or "event",
        name=None,
        name_rule=None,
        date=date,
        date_line=line,
        line_start=line,
        line_end=line,
        quote=sentence,
        summary=clean(sentence),
    )
    places = event_places(text)
    if places:
        event.place_id, event.place_text, event.place_qualifier = (
            places[0].place_id,
            places[0].text,
            places[0].qualifier,
        )
        event.place_rule, event.place_line = "from_text", line
        event.other_place_ids = [p.place_id for p in places[1:] if p.place_id]
    event.participants = _actors_in(text, line, sentence)
    event.casualties = prose_casualties(sentence, line)
    return event


def set_stated_place(event: Event, text: str, line: int | None) -> None:
    """A place field ("Timbuktu, Mali"): its first part that names a known place."""
    event.place_text = text
    for part in (p.strip() for p in text.split(",")):
        pid = resolve.resolve_place(part)
        if pid:
            event.place_id, event.place_rule, event.place_line = pid, "stated", line
            return


def set_place_from_name(event: Event) -> None:
    """No place stated: the place the event's name names, marked as taken from it."""
    if event.place_id is None and event.name:
        pid, written = best_place(event.name)
        if pid:
            event.place_id, event.place_text, event.place_rule = pid, written, "from_name"


def read_battle_sentence(
    event: Event, sentence: str, line: int, ctx: DateContext, last: list, sides: dict[str, int]
) -> None:
    """A sentence of a battle article: a timeline event if dated, figures for a known side."""
    child = timeline_event(sentence, line, ctx, last)
    if child and not restates(child, event):
        event.children.append(child)
    event.casualties.extend(c for c in prose_casualties(sentence, line, sides) if c.side is not None)


def restates(child: Event, battle: Event) -> bool:
    """A dated sentence that only restates the battle's own dates (a lead sentence)."""
    return (
        child.date.start is not None
        and child.date.start == battle.date.start
        and child.date.precision == battle.date.precision
        and (child.date.end == battle.date.end or battle.status == "ongoing")
    )


def _month_index(iso: str) -> int:
    return int(iso[5:7])


def see_explicit_years(text: str, ctx: DateContext) -> None:
    """Let a document's explicit full dates move the year context forward."""
    for m in find_dates(strip_refs(text)):
        if m.has_year and m.precision in ("day", "month"):
            d = parse_date(m.text)
            if d.start:
                ctx.see_year(int(d.start[:4]))
