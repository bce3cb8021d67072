"""Where the incident of a dispatch happened, read from its sentences.

The places a sentence names as where something happened (see
:func:`malicli.sources.mentions.event_places`), with three rules of news
writing on top:

* a town the gazetteer lacks is still a town: "in Songho", "near Kita",
  "between Boni and Hombori", "the Bankass Circle" give a place of its own
  (with the region the sentence names), never the region or the country;
* a border named as the scene ("near the border with Mauritania", "on the
  Burkinabe border") is a border area, not the country across it;
* "Mali's capital" is Bamako; a place right after a verb of saying ("an
  officer said in Bamako") is where something was said.

The dateline's city is not in the body the reader sees: it is the place only
when the text names it again.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .. import resolve
from .dateline import alternation, words
from .mentions import _data, event_places

__all__ = ["NewsPlace", "border_re", "places_of"]

_TOWN_KINDS = ("town", "village", "area")


@dataclass
class NewsPlace:
    """A place of a sentence: known (``place_id``) or a town of the text (``place_id`` None)."""

    place_id: str | None
    text: str
    qualifier: str | None
    kind: str  # town | village | area | region | country | border
    start: int
    region_text: str | None = None
    other_ids: list[str] = field(default_factory=list)
    other_texts: list[str] = field(default_factory=list)  # further towns the gazetteer lacks

    @property
    def town(self) -> bool:
        """Whether the place is a town, a village or an area (not a region, country or border)."""
        return self.kind in _TOWN_KINDS


class _Vocab:
    def __init__(self) -> None:
        town = _data("news_words.json")["unknown_town"]
        name = r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ'’]+)*"
        before = "|".join(
            sorted((re.escape(w).replace(r"\ ", r"\s+") for w in town["before"]), key=len, reverse=True)
        )
        after = "|".join(re.escape(w) for w in town["after"])
        self.before = re.compile(
            rf"(?<![\w-])(?P<q>{before})\s+(?:the\s+)?(?P<name>{name}(?:\s{name})?)\b(?!['’-])"
        )
        self.after = re.compile(rf"(?<![\w-])(?P<name>{name})\s+(?:{after})\b")
        self.not_names = frozenset(town["not_names"])
        self.people_first = frozenset(town["people_first"]["words"])
        self.not_second = frozenset(town["people_first"]["not_second"])
        regions = "|".join(re.escape(r) for r in town["region_names"])
        self.region = re.compile(rf"\b(?:(?P<a>{regions})\s+[Rr]egion|[Rr]egion\s+of\s+(?P<b>{regions}))\b")
        self.say = re.compile(rf"\b{alternation('say_in_place')}\s+(?:the\s+)?$", re.I)
        self.capital = [
            (re.compile(re.escape(w["word"]), re.I), w["place"]) for w in words("capital_phrases")
        ]
        self.border = _border_re()
        self.qualifiers = frozenset(_data("place_words.json")["qualifiers"])
        scene = _data("news_words.json")["not_the_scene"]
        self.who_before = re.compile(rf"{scene['before']}$")
        self.who_name = re.compile(rf"\b{scene['before']}(?P<name>{name}(?:\s{name})?)")
        self.who_after = re.compile(scene["after"])
        self.colour = re.compile(_data("news_words.json")["scene_adjectives"]["pattern"])
        self.region_names = frozenset(n.lower() for n in town["region_names"])


def _border_re() -> re.Pattern[str]:
    countries = [p for p in resolve.all_places() if p.get("kind") == "country"]
    names = sorted(
        {n for p in countries for n in [p["name"], *(p.get("alt_names") or [])]}, key=len, reverse=True
    )
    demonyms = [d["demonym"] for d in _data("demonyms.json")["demonyms"]]
    demonyms += [w["word"] for w in _data("page_vocab.json")["demonyms"]]
    pattern = _data("news_words.json")["border_areas"]["pattern"]
    pattern = pattern.replace("COUNTRY", "|".join(re.escape(n) for n in names))
    pattern = pattern.replace(
        "DEMONYM", "|".join(re.escape(d) for d in sorted(set(demonyms), key=len, reverse=True))
    )
    return re.compile(pattern, re.I)


@functools.cache
def _vocab() -> _Vocab:
    return _Vocab()


_PART_OF = re.compile(
    r"\b(central|northern|southern|eastern|western|north-eastern|north-western|south-eastern|south-western|"
    r"north|south|east|west|northeast|northwest|southeast|southwest)\s+$",
    re.I,
)
# "530 kilometres north-east of the capital, Bamako": a reference point, not the scene
_DISTANCE = re.compile(r"[0-9]\s*(?:km|kilomet\w*|miles?|mi)\b[^.;]*\b(?:of|from)\b[^.;]*$", re.I)


def _close(distance: str) -> bool:
    """ "11 km (7 miles) south of Aguelhoc": so close that the town places the scene; "530 kilometres
    north-east of the capital" only measures from it."""
    m = re.match(r"([0-9]+)\s*(km|kilomet\w*|miles?|mi)\b", distance, re.I)
    if m is None:
        return False
    km = int(m.group(1)) * (1.6 if m.group(2).lower().startswith("mi") else 1)
    return km <= 30


_DIRECTION = re.compile(
    r"\b((?:north|south|east|west)(?:-?(?:east|west))?\s+of|from|outside)\s+(?:the\s+)?$", re.I
)


def _close_towns(text: str, found: list[NewsPlace]) -> list[NewsPlace]:
    """ "about 12 kilometres north of Douentza": a known town a few kilometres away places the
    scene (qualifier "north of"); farther away it only measures (see :func:`_close`)."""
    out = []
    for hit in resolve.find_places(text):
        before = text[max(0, hit.start - 70) : hit.start]
        far = _DISTANCE.search(before)
        place = resolve.place(hit.id) or {}
        if far is None or not _close(far.group(0)) or place.get("kind") not in _TOWN_KINDS:
            continue
        if any(p.start == hit.start for p in found):
            continue
        way = _DIRECTION.search(before)
        qualifier = way.group(1).lower() if way and way.group(1).lower() != "from" else "near"
        out.append(NewsPlace(hit.id, hit.as_written, re.sub(r"\s+", " ", qualifier), "town", hit.start))
    return out


def _mask(sentence: str) -> str:
    """The sentence with what cannot be the scene blanked (same length): places after a verb of
    saying, distances in brackets ("(93 miles)")."""
    v = _vocab()
    out = re.sub(r"\([0-9][^()]{0,20}\)", lambda m: " " * len(m.group(0)), sentence)
    out = v.colour.sub(lambda m: " " * len(m.group(0)), out)
    for hit in resolve.find_places(out):
        before = out[max(0, hit.start - 70) : hit.start]
        who = v.who_before.search(before) or v.who_after.match(out[hit.end :])
        far = _DISTANCE.search(before)
        if v.say.search(before[-40:]) or (far and not _close(far.group(0))) or who:
            out = out[: hit.start] + " " * (hit.end - hit.start) + out[hit.end :]
    for m in v.who_name.finditer(out):  # a town the gazetteer lacks, named to say who someone is
        out = out[: m.start("name")] + " " * len(m.group("name")) + out[m.end("name") :]
    return out


def _is_name(name: str) -> bool:
    v = _vocab()
    first, *rest = name.split()
    of_people = (  # "Bambara Maoude", not "Fulani Villages"
        first in v.people_first and len(rest) == 1 and rest[0] not in v.not_names | v.not_second
    )
    return (
        (first not in v.not_names or of_people)
        and name not in v.not_names
        and not resolve.find_places(name)
        and not resolve.find_actors(name)
        and not resolve.resolve_actor(name)
    )


def _overlapping(rx: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Every match, each tried from the next character ("in the Circle of X": "in the Circle"
    and "the Circle of X" both)."""
    out, pos = [], 0
    while (m := rx.search(text, pos)) is not None:
        out.append(m)
        pos = m.start() + 1
    return out


_NEAR_PLACE_OF = re.compile(
    r"\b(near|outside|around)\s+(?:the\s+)?(?:village|town|locality|commune|hamlet)\s+of\s+$", re.I
)


def _unknown_towns(text: str, known: list[NewsPlace]) -> list[NewsPlace]:
    """Towns the gazetteer lacks, named where an incident happens ("near Kita", "the Bankass Circle")."""
    v = _vocab()
    out: list[NewsPlace] = []
    taken = [(p.start, p.start + len(p.text)) for p in known]
    for rx in (v.before, v.after):
        for m in _overlapping(rx, text):
            name, start = m.group("name"), m.start("name")
            region = re.match(r"\s+[Rr]egion\b", text[m.end("name") :])
            if (region and name.lower() in v.region_names) or not _is_name(name):
                continue  # "the Mopti region" is a region; "the Gourma Rharous region" an area of its own
            if any(s < start + len(name) and start < e for s, e in taken):
                continue
            q = m.groupdict().get("q")
            qualifier = q.lower() if q and q.lower() in v.qualifiers else None
            if q and q.lower() == "and":
                if not re.search(r"\bbetween\s+\S+\s+$", text[: m.start()]):
                    continue  # "and X" only in "between A and X"
                qualifier = "between"
            out.append(NewsPlace(None, name, qualifier, "town", start))
            taken.append((start, start + len(name)))
    return out


def _region_text(text: str, found: list[NewsPlace]) -> str | None:
    """The region a sentence names: a known region, else "the Kayes region" as written."""
    regions = [p for p in found if p.kind == "region" and p.place_id]
    if regions:
        return (resolve.place(regions[0].place_id) or {}).get("name") or regions[0].text  # type: ignore[arg-type]
    m = _vocab().region.search(text)
    return f"{m.group('a') or m.group('b')} region" if m else None


_BETWEEN_TOWNS = re.compile(
    r"\bbetween\s+(?:the\s+(?:towns|cities|villages|localities)\s+of\s+)?(?:[A-ZÀ-Ý][\w'’-]*\s+){0,2}?(?:and\s+)?$"
)


def places_of(sentence: str) -> list[NewsPlace]:
    """The places a sentence names as the scene, the likeliest first: towns (known or not) before
    areas, regions, border areas and countries; a town in an opening "In X," frames the sentence
    and yields to a town named after it."""
    text = _mask(sentence)
    found = [NewsPlace(h.place_id, h.text, h.qualifier, h.kind, h.start) for h in event_places(text)]
    found += _close_towns(text, found)
    for p in found:  # "the northern region of Timbuktu": the region, not the town
        region = resolve.resolve_place(f"{p.text} Region") if p.town else None
        if region and re.search(r"\bregion\s+of\s+(?:the\s+)?$", text[: p.start], re.I):
            p.place_id, p.kind = region, "region"
    for rx, pid in _vocab().capital:
        for m in rx.finditer(text):
            found.append(NewsPlace(pid, m.group(0), None, "town", m.start()))
    found += _unknown_towns(text, found)
    for m in _vocab().border.finditer(text):
        across = m.group("x") or m.group("y")
        found = [p for p in found if not (p.kind == "country" and p.text.lower() == across.lower())]
        found.append(
            NewsPlace(None, f"border with {_country_name(across)}", m.group("q").lower(), "border", m.start())
        )
    for p in found:
        if p.town and p.qualifier is None and _BETWEEN_TOWNS.search(text[max(0, p.start - 80) : p.start]):
            p.qualifier = "between"  # "travelling between the towns of A and B"
        near = _NEAR_PLACE_OF.search(text[max(0, p.start - 40) : p.start]) if p.town else None
        if near is not None and p.qualifier is None:
            p.qualifier = near.group(1).lower()  # "near the village of X"
    for p in found:
        if p.kind == "country" and p.qualifier is None:
            q = _PART_OF.search(text[max(0, p.start - 25) : p.start])
            p.qualifier = q.group(1).lower() if q else None  # "in central Mali"
    region = _region_text(text, found)
    rank = {"town": 0, "village": 0, "area": 1, "region": 2, "border": 3, "country": 4}
    opener = re.match(r"\W*(?:(?:meanwhile|separately|elsewhere),\s+)?in\s+", text, re.I)
    towns = [p for p in found if p.town]
    plain = any(p.town and p.qualifier != "between" for p in found)
    named = resolve.find_places(text)  # "In Kidal, ... on the Kidal–Anéfif road": named again, not a frame

    def key(p: NewsPlace) -> tuple:
        again = p.place_id is not None and sum(1 for h in named if h.id == p.place_id) > 1
        framing = opener is not None and p.start == opener.end() and len(towns) > 1 and not again
        route = p.qualifier == "between" and plain  # "travelling between A and B when ... near C": C
        return (rank.get(p.kind, 1), framing, route, p.start)

    found.sort(key=key)
    for p in found:
        if p.place_id is None and p.kind == "town":
            p.region_text = region
    if found:
        found[0].other_ids = [p.place_id for p in found[1:] if p.place_id and p.town]
        found[0].other_texts = [p.text for p in found[1:] if p.place_id is None and p.kind == "town"]
    return found


def _country_name(written: str) -> str:
    """ "Mauritanian" -> "Mauritania": the country a border phrase names."""
    pid = resolve.resolve_place(written)
    if pid is None:
        actor = {d["demonym"].lower(): d["actor_id"] for d in _data("demonyms.json")["demonyms"]}.get(
            written.lower()
        )
        actor = actor or {
            w["word"].lower(): w.get("actor") for w in _data("page_vocab.json")["demonyms"]
        }.get(written.lower())
        pid = actor if actor and resolve.place(actor) else None
    return (resolve.place(pid) or {}).get("name", written) if pid else written


def border_re() -> re.Pattern[str]:
    """The border phrases of news writing ("near the border with Mauritania")."""
    return _vocab().border
