"""Who and where in a sentence: the places an event happened at and the actors it names, with roles.

Places: a place governed by "in/at/near/outside/between/around" (or the
object of a capture) is where the event happened; a place inside the name of
an agreement, an operation, an outlet or a team, a direction ("towards the
border with ...") or a reference point ("400 km north of ...") is not.
Several places are all kept, the first being the primary one; a region or a
country that contains a place already kept adds nothing.

Actors: every actor the actor dictionary finds, plus nationality adjectives
before a force noun ("French and Malian troops", "Chadian peacekeepers"),
each with a role read from the words around it: attacker, target,
participant, supported, claimant or mentioned.

The vocabularies live in ``malicli/data/demonyms.json``, ``roles.json`` and
``place_words.json``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import resolve
from .records import ActorNote, Participant

__all__ = [
    "PlaceHit",
    "actor_notes",
    "actors_in",
    "best_place",
    "context_word",
    "event_places",
    "mentioned_actors",
    "places_in",
]

ROLES = ("attacker", "target", "participant", "supported", "claimant", "mentioned")


@functools.cache
def _data(name: str) -> dict:
    try:
        text = (resources.files("malicli") / "data" / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        text = (Path(__file__).parent.parent / "data" / name).read_text(encoding="utf-8")
    return json.loads(text)


def _alts(words: list[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


class _Vocab:
    """The compiled vocabularies (built once, on first use)."""

    def __init__(self) -> None:
        roles = _data("roles.json")
        places = _data("place_words.json")
        w = {k: v["words"] for k, v in roles.items() if isinstance(v, dict) and "words" in v}
        self.attack = re.compile(rf"\b{_alts(w['attack_verbs'])}\b", re.I)
        self.fight = re.compile(rf"\b{_alts(w['fight_words'])}\b", re.I)
        self.passive = re.compile(
            rf"^[\s,)]*(?:\([^)]*\)\s*)?(?:[\w'’-]+\s+){{0,2}}?{_alts(w['passive_markers'])}\s+"
            rf"(?:(?:also|reportedly|later|all|then|allegedly|being)\s+)?{_alts(w['attack_verbs'])}\b",
            re.I,
        )
        near = r"\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$"
        self.mention_before = re.compile(rf"\b{_alts(w['mention_before'])}{near}", re.I)
        self.mention_after = re.compile(
            rf"^[\s,]*(?:\([^)]*\)\s*)?(?:[\w'’\"“-]+\s+){{0,6}}?{_alts(w['mention_after'])}\b", re.I
        )
        self.support_before = re.compile(rf"\b{_alts(w['support_before'])}{near}", re.I)
        self.support_after = re.compile(rf"^{_alts(w['support_prefix'])}\b", re.I)
        self.claim_before = re.compile(rf"\b{_alts(w['claim_before'])}{near}", re.I)
        self.say_after = re.compile(rf"^[\s,]*(?:[\w'’-]+\s+){{0,2}}?{_alts(w['say_verbs'])}\b", re.I)
        self.by_before = re.compile(
            rf"\b{_alts(w['attack_verbs'])}\s+(?:[\w'’-]+\s+){{0,2}}?by\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,2}}$",
            re.I,
        )
        self.against_before = re.compile(
            r"\b(?:against|upon|(?:attacks?|assaults?|raids?|strikes?|ambush(?:es)?|offensive)\s+on)"
            r"\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,2}$",
            re.I,
        )
        stop = _alts(w["object_stop"])
        self.object_before = re.compile(
            rf"\b{_alts(w['attack_verbs'])}\s+(?:(?!{stop}\b)[\w'’-]+\s+){{0,3}}$", re.I
        )
        self.subject_after = re.compile(
            rf"^\s*(?:\([^)]*\)\s*)?(?:,[^,]{{0,60}},\s*)?(?:(?:{_alts(w['subject_skip'])})\s+)*"
            rf"{_alts(w['attack_verbs'])}\b",
            re.I,
        )
        self.action_after = re.compile(
            rf"^\s+(?:(?:{_alts(w['subject_skip'])})\s+)*{_alts(w['action_verbs'])}\b"
        )
        self.media_kinds = set(w["media_kinds"])
        self.description_nouns = re.compile(rf"\b{_alts(w['description_nouns'])}\b", re.I)
        p = {k: v["words"] for k, v in places.items() if isinstance(v, dict) and "words" in v}
        self.at = re.compile(rf"\b{_alts(p['at'])}\s+(?:the\s+)?(?:[\w'’-]+\s+)?$", re.I)
        self.qualifier = re.compile(
            rf"\b(?P<q>{_alts(places['qualifiers'])})\s+(?:the\s+)?(?:[\w'’-]+\s+)?$", re.I
        )
        self.away = re.compile(rf"(?:^|\b|\s){_alts(p['away'])}\s+(?:the\s+)?$", re.I)
        self.distance = re.compile(rf"\b{_alts(p['distance'])}\s+(?:the\s+)?$", re.I)
        self.name_after = re.compile(rf"^(?:\s+|-){_alts(p['name_after'])}\b")
        self.name_before = re.compile(rf"\b{_alts(p['name_before'])}\s+$")
        self.sport = re.compile(rf"\b{_alts(p['sport_words'])}\b", re.I)
        self.sport_before = re.compile(rf"\b{_alts(places['sport_words']['before'])}\s+(?:the\s+)?$", re.I)
        self.context = re.compile(rf"\b{_alts(p['context_words'])}\b", re.I)
        self.capture_before = re.compile(
            rf"\b{_alts(w['attack_verbs'])}\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,2}}$", re.I
        )
        self._demonyms(_data("demonyms.json"))

    def _demonyms(self, data: dict) -> None:
        self.demonym_actor = {d["demonym"].lower(): d["actor_id"] for d in data["demonyms"]}
        names = _alts([re.escape(d["demonym"]) for d in data["demonyms"]])
        nouns = _alts([re.escape(n).replace(r"\ ", r"\s+") for n in data["force_nouns"]])
        mods = _alts([re.escape(m) for m in data["modifiers"]])
        one = rf"(?:{names}(?:-(?:{names}|UN))?)"
        # "French and Malian troops", "Franco-Chadian forces", "Chadian MINUSMA peacekeepers"
        self.demonym_phrase = re.compile(
            rf"(?<![\w-])(?P<list>{one}(?:\s*,\s*{one})*(?:,?\s+(?:and|or|&)\s+{one})?)"
            rf"(?P<mods>(?:\s+(?:{mods}|[A-Z]{{2,}}(?:-[A-Z]+)?))*)\s+(?P<noun>{nouns})\b"
        )
        self.demonym_word = re.compile(rf"(?<![\w-]){names}(?![\w])")
        # "Malian and Wagner group soldiers": a demonym joined to a named actor before a force noun
        self.demonym_joined = re.compile(rf"(?<![\w-])(?P<d>{names})\s+(?:and|or|&)\s+(?=\S)")
        self.noun_after_name = re.compile(rf"^(?:\s+[Gg]roup)?(?:\s+(?:{mods}))*\s+(?:{nouns})\b")
        self.backed = re.compile(rf"(?<![\w-])({names})-(backed|supported|led)\b", re.I)
        self.plural_nouns = {d["name"].lower(): d["actor_id"] for d in data["plural_nouns"]}
        self.plural_re = re.compile(
            rf"\b{_alts([re.escape(d['name']) for d in data['plural_nouns']])}\b(?!\s+[a-z]+\s+(?:forces|troops))",
            re.I,
        )
        self.noun_actors = data["noun_actors"]


@functools.cache
def _vocab() -> _Vocab:
    return _Vocab()


# ---------------------------------------------------------------- actors


@dataclass
class _ActorHit:
    actor_id: str
    text: str
    start: int
    end: int
    media: bool = False
    tail: int = -1
    role: str | None = (
        None  # a role the words of the phrase itself give ("French-backed": supported)  # end of the whole phrase ("French" in "French and Malian troops": after "troops")
    )

    def __post_init__(self) -> None:
        if self.tail < 0:
            self.tail = self.end


def _demonym_hits(text: str, taken: list[tuple[int, int]]) -> list[_ActorHit]:
    """Actors named by nationality adjectives before a force noun."""
    v = _vocab()
    hits: list[_ActorHit] = []
    for m in v.demonym_phrase.finditer(text):
        noun = m.group("noun").lower()
        media = noun in ("television", "news stations", "news agency", "sources", "source", "spokesman")
        for w in v.demonym_word.finditer(m.group("list")):
            start, end = m.start("list") + w.start(), m.start("list") + w.end()
            if any(s < end and start < e for s, e in taken):
                continue
            actor = _demonym_actor(w.group(0), noun)
            if actor:
                hits.append(_ActorHit(actor, w.group(0), start, end, media, m.end()))
        for extra in v.noun_actors:
            if extra["noun"] == noun and extra.get("with_demonym"):
                hits.append(_ActorHit(extra["actor_id"], m.group("noun"), m.start("noun"), m.end("noun")))
    return hits + _joined_demonym_hits(text, taken, hits)


def _joined_demonym_hits(text: str, taken: list[tuple[int, int]], found: list[_ActorHit]) -> list[_ActorHit]:
    """A demonym joined to a named actor that a force noun follows ("Malian and Wagner group
    soldiers"): the demonym names its state too."""
    v = _vocab()
    hits: list[_ActorHit] = []
    for m in v.demonym_joined.finditer(text):
        if any(s < m.end("d") and m.start("d") < e for s, e in taken) or any(
            h.start < m.end("d") and m.start("d") < h.end for h in found
        ):
            continue
        name_end = next((e for s, e in taken if s == m.end()), None)
        if name_end is None or not v.noun_after_name.match(text[name_end:]):
            continue
        actor = v.demonym_actor.get(m.group("d").lower())
        if actor:
            hits.append(_ActorHit(actor, m.group("d"), m.start("d"), m.end("d")))
    return hits


def _demonym_actor(demonym: str, noun: str) -> str | None:
    """The actor of a demonym before a noun: the noun's own actor where the data says so."""
    v = _vocab()
    for extra in v.noun_actors:
        if extra["noun"] == noun and not extra.get("with_demonym"):
            if extra.get("demonym", "").lower() == demonym.lower():
                return extra["actor_id"]
    return v.demonym_actor.get(demonym.lower())


@functools.cache
def _actor_kinds() -> dict[str, str]:
    return {a["id"]: a.get("kind") or "" for a in resolve.all_actors()}


def _actor_hits(text: str) -> list[_ActorHit]:
    """Every actor mention of a text, in order: dictionary names, demonym phrases, 'the French'."""
    return list(_actor_hits_cached(text))


@functools.lru_cache(maxsize=2048)
def _actor_hits_cached(text: str) -> tuple[_ActorHit, ...]:
    hits = [_ActorHit(m.id, m.as_written, m.start, m.end) for m in resolve.find_actors(text)]
    taken = [(h.start, h.end) for h in hits]
    hits += _demonym_hits(text, taken)
    taken = [(h.start, h.end) for h in hits]
    v = _vocab()
    for m in v.plural_re.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            hits.append(_ActorHit(v.plural_nouns[m.group(0).lower()], m.group(0), m.start(), m.end()))
    for m in v.backed.finditer(text):
        if not any(s < m.end(1) and m.start(1) < e for s, e in taken):
            role = "supported" if m.group(2).lower() in ("backed", "supported") else None
            hits.append(
                _ActorHit(v.demonym_actor[m.group(1).lower()], m.group(1), m.start(1), m.end(1), role=role)
            )
    hits += _country_hits(text, [(h.start, h.end) for h in hits])
    hits.sort(key=lambda h: h.start)
    return tuple(hits)


def _country_hits(text: str, taken: list[tuple[int, int]]) -> list[_ActorHit]:
    """Bare country names that act ("France began", "Burkina Faso, Mali and Niger wrote")."""
    v = _vocab()
    kinds = _actor_kinds()
    if v.sport.search(text):
        return []  # "Mali earned the first win": a team
    countries = [
        m
        for m in resolve.find_places(text)
        if _place_kinds().get(m.id) == "country"
        and kinds.get(m.id) in ("state force", "foreign force")
        and not any(s < m.end and m.start < e for s, e in taken)
        and not _GOVERNED_COUNTRY.search(text[max(0, m.start - 40) : m.start])
    ]
    out: list[_ActorHit] = []
    group: list = []
    for i, m in enumerate(countries):
        group.append(m)
        nxt = countries[i + 1] if i + 1 < len(countries) else None
        if nxt is not None and _COUNTRY_LIST.fullmatch(text[m.end : nxt.start]):
            continue
        if v.action_after.match(text[group[-1].end :]):
            out += [_ActorHit(g.id, g.as_written, g.start, g.end) for g in group]
        group = []
    return out


_CLAUSE = re.compile(r";|:\s|\s[–—]\s|,\s+(?:however|but|while|whereas)\b|\s+but\s+|\.\s")


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = 0, len(text)
    for m in _CLAUSE.finditer(text):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def _role(text: str, hit: _ActorHit, hits: list[_ActorHit]) -> str:
    """The role of one actor mention, read from the words of its clause."""
    v = _vocab()
    lo, hi = _clause_bounds(text, hit.start, hit.end)
    prev_end = max([h.end for h in hits if h.end <= hit.start and h.end > lo] or [lo])
    next_start = min([h.start for h in hits if h.start >= hit.tail and h.start < hi] or [hi])
    before, after = text[lo : hit.start], text[hit.tail : hi]
    own = text[hit.tail : next_start]  # up to the next actor
    since_prev = text[prev_end : hit.start]
    fighting = bool(v.fight.search(text[lo:hi]))
    if v.mention_before.search(before[-80:]):
        return "mentioned"
    if v.support_before.search(before[-60:]) or v.support_after.match(after):
        return "supported"
    if v.claim_before.search(before[-40:]) or (hit.media and v.say_after.match(after)):
        return "claimant"
    if v.passive.match(own[:80]):
        return "target"
    if v.by_before.search(before[-60:]):
        return "attacker"
    if hit.role:
        return hit.role
    if not fighting and (
        v.object_before.search(since_prev[-60:]) or v.against_before.search(since_prev[-30:])
    ):
        return "target"
    if v.mention_after.match(own[:90]):
        return "mentioned"
    if not fighting and v.subject_after.match(after[:120]):
        return "attacker"
    if _actor_kinds().get(hit.actor_id) in v.media_kinds and v.say_after.match(after):
        return "claimant"
    return "participant"


# a country after these is a place ("an attack in central Mali killed ..."), not an actor
_GOVERNED_COUNTRY = re.compile(
    r"\b(?:in|at|of|to|from|across|into|throughout|against|near|with|inside|outside|over|for|toward|towards|"
    r"on)\s+(?:(?:the|central|northern|southern|eastern|western|north|south|east|west|north-eastern|"
    r"north-western|south-eastern|south-western)\s+)*$",
    re.I,
)
_COUNTRY_LIST = re.compile(r"\s*(?:,\s*)?(?:and\s+)?|\s*,\s*")
_COORDINATED = re.compile(r"\s*(?:,\s*)?(?:and|or|&|-)?\s*(?:the\s+)?$")


def actors_in(text: str, line: int, quote: str) -> list[Participant]:
    """Every actor a sentence names, once each, with its role (the strongest when named twice)."""
    hits = _actor_hits(text)
    rank = {r: i for i, r in enumerate(ROLES)}
    found: dict[str, Participant] = {}
    role = "participant"
    previous: _ActorHit | None = None
    for hit in hits:
        if previous is not None and _COORDINATED.match(text, previous.end, hit.start):
            pass  # "the Malian army and Wagner Group forces": the same role as the one before
        else:
            role = _role(text, hit, hits)
        previous = hit
        known = found.get(hit.actor_id)
        if known is None:
            found[hit.actor_id] = Participant(hit.text, hit.actor_id, None, role, None, line, quote)
        elif rank[role] < rank[known.role]:
            known.role = role
    return list(found.values())


def mentioned_actors(text: str, line: int, quote: str, role: str = "mentioned") -> list[Participant]:
    """Every actor a text names, once each, all with the same role."""
    seen: dict[str, Participant] = {}
    for hit in _actor_hits(text):
        if hit.actor_id not in seen:
            seen[hit.actor_id] = Participant(hit.text, hit.actor_id, None, role, None, line, quote)
    return list(seen.values())


_NOTE_AFTER = re.compile(r"^\)?\s*(?:\([^()]{1,40}\))?\s*,\s+(?P<desc>(?:an?)\s+[^,.;()]{4,200}?)\s*[,.;]")
_NOTE_BEFORE = re.compile(r"(?:^|[\s(])(?P<desc>(?:an?)\s+[^,.;()]{4,120}?),\s+(?:the\s+)?$")
_HEAD_WORDS = 5  # the description's noun comes within its first words ("an Ansar Dine breakaway group")


def actor_notes(text: str, line: int) -> list[ActorNote]:
    """Descriptions a text gives of groups: "the MNLA, a Tuareg separatist movement, ..."."""
    v = _vocab()
    notes: list[ActorNote] = []
    for m in resolve.find_actors(text):
        after = _NOTE_AFTER.match(text[m.end :])
        before = _NOTE_BEFORE.search(text[max(0, m.start - 130) : m.start])
        for found, head in ((after, "first"), (before, "last")):
            if found is None:
                continue
            words = found.group("desc").split()
            part = words[:_HEAD_WORDS] if head == "first" else words[-1:]
            if v.description_nouns.search(" ".join(part)):
                notes.append(ActorNote(m.id, m.as_written, found.group("desc").strip(), line))
                break
    return notes


# ---------------------------------------------------------------- places


@dataclass
class PlaceHit:
    """A place a sentence names as where something happened."""

    place_id: str | None  # None: a town the gazetteer lacks
    text: str  # as written
    start: int
    end: int
    kind: str  # town | village | area | region | country
    governed: bool  # after in/at/near/..., or the object of a capture
    qualifier: str | None = None  # near, outside, north of, ... as written


_UNKNOWN_TOWN = re.compile(
    r"\b(?:town|village|city|locality|localities|settlement|commune|villages)\s+of\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)
_LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+|\s*&\s*)$")


def _excluded(text: str, hit: PlaceHit, sporty: bool) -> bool:
    """A place inside a name, a team, a reference point or a direction."""
    v = _vocab()
    before, after = text[max(0, hit.start - 60) : hit.start], text[hit.end : hit.end + 40]
    if v.name_after.match(after) or v.name_before.search(before):
        return True
    if sporty and v.sport_before.search(before):
        return True
    if v.distance.search(before):
        return True
    return not hit.governed and bool(v.away.search(before[-40:]))


def _raw_places(text: str) -> list[PlaceHit]:
    """Gazetteer places and unknown towns ("the village of X"), outside actor names."""
    taken = [(h.start, h.end) for h in _actor_hits(text)]
    kinds = _place_kinds()
    hits = [
        PlaceHit(m.id, m.as_written, m.start, m.end, kinds.get(m.id, "town"), False)
        for m in resolve.find_places(text)
        if not any(s <= m.start and m.end <= e for s, e in taken)
    ]
    for m in _UNKNOWN_TOWN.finditer(text):
        s, e = m.span("name")
        if not any(h.start < e and s < h.end for h in hits) and not any(a < e and s < b for a, b in taken):
            if not resolve.find_actors(m.group("name")):
                hits.append(PlaceHit(None, m.group("name"), s, e, "town", True))
    hits.sort(key=lambda h: h.start)
    return hits


@functools.cache
def _place_kinds() -> dict[str, str]:
    return {p["id"]: p.get("kind") or "town" for p in resolve.all_places()}


def places_in(text: str) -> list[PlaceHit]:
    """The places of a sentence that can be where its event happened, in text order."""
    v = _vocab()
    sporty = bool(v.sport.search(text))
    out: list[PlaceHit] = []
    previous: PlaceHit | None = None
    previous_kept = False
    for hit in _raw_places(text):
        joined = previous is not None and _LIST_JOIN.match(text[previous.end : hit.start])
        if joined:  # "Ansongo and Bourem", "Mauritania, Algeria, and Niger": the list shares its fate
            keep = previous_kept
            hit.governed = previous.governed if previous else hit.governed
            hit.qualifier = previous.qualifier if previous else None
        else:
            before = text[max(0, hit.start - 50) : hit.start]
            q = v.qualifier.search(before)
            hit.qualifier = q.group("q") if q else None
            hit.governed = hit.governed or bool(v.at.search(before) or v.capture_before.search(before))
            keep = not _excluded(text, hit, sporty)
        if keep and (hit.kind != "country" or hit.governed):
            out.append(hit)
        previous, previous_kept = hit, keep
    return out


def event_places(text: str) -> list[PlaceHit]:
    """Where the event of a sentence happened (see _event_places); cached per text."""
    return list(_event_places(text))


@functools.lru_cache(maxsize=2048)
def _event_places(text: str) -> tuple[PlaceHit, ...]:
    """Where the event of a sentence happened: the primary place first, then the others.

    Governed places come before the others; the most specific kind leads; a
    region or country containing a place already kept is dropped.
    """
    found = places_in(text)
    hits = [h for h in found if not _contains(h, found)]
    if not hits:
        return ()
    rank = {"town": 0, "village": 0, "area": 1, "region": 2, "country": 3}
    primary = min(hits, key=lambda h: (not h.governed, rank.get(h.kind, 1), not _located(h), h.start))
    kept: list[PlaceHit] = []
    seen: set[str] = set()
    for hit in [primary] + [h for h in hits if h is not primary]:
        key = hit.place_id or hit.text
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return tuple(kept)


def _located(hit: PlaceHit) -> bool:
    """A place the gazetteer puts in a region or country (the Sahel is in none)."""
    entry = resolve.place(hit.place_id) if hit.place_id else None
    return entry is None or bool(entry.get("region") or entry.get("country"))


def _contains(hit: PlaceHit, kept: list[PlaceHit]) -> bool:
    """A region or country that contains another of the places."""
    if hit.kind not in ("region", "country") or hit.place_id is None:
        return False
    entry = resolve.place(hit.place_id) or {}
    name = entry.get("name")
    for other in kept:
        if other.place_id is None or other is hit:
            continue
        o = resolve.place(other.place_id) or {}
        if name and (o.get("region") == name or o.get("country") == name):
            return True
    return False


def context_word(text: str) -> str | None:
    """ "the city", "the town", ... when a sentence speaks of the place of its paragraph."""
    m = _vocab().context.search(text)
    return m.group(0) if m else None


def best_place(text: str) -> tuple[str | None, str | None]:
    """The primary known place of a text: (place id, as written), or (None, None)."""
    for hit in event_places(text):
        if hit.place_id:
            return hit.place_id, hit.text
    return None, None
