"""The records every source parser returns: plain dataclasses, no database code.

Line numbers are 1-based lines of the document; the file name is attached
when the records are stored, so parsers stay pure functions of the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..dates import DateValue


@dataclass
class Participant:
    as_written: str
    actor_id: str | None
    side: int | None  # 1, 2, 3 from an infobox; None when the text states no side
    # belligerent | alleged | supported | participant | attacker | target | victim
    # | claimant | mentioned
    role: str
    claimed_by: str | None  # actor id of whoever makes the claim, e.g. "(alleged by JNIM)"
    line: int
    quote: str


@dataclass
class Commander:
    side: int | None
    name: str  # clean: no flag, marker or reference mark
    as_written: str
    line: int
    quote: str
    rank: str | None = None  # "Col.", "Gen.", ... as written
    fate: str | None = None  # killed | captured | wounded, where the text marks it
    actor_id: str | None = None  # the actor the commander leads, where the text says


QUALIFIERS = ("exact", "approximate", "at_least", "at_most", "vague", "unknown")
POPULATIONS = ("soldiers", "fighters", "civilians", "overall")


@dataclass
class Figure:
    """One stated figure about an event: a claim, never a computed value.

    ``category`` is what is counted: killed, wounded, captured, missing,
    strength, vehicles, aircraft, ... ; ``population`` whose people they are
    (soldiers, fighters, civilians, overall) where the text says. A range
    keeps both ends (``low``/``high``); an exact number has low == high; "20+"
    is at_least 20 (high None); a vague quantity ("dozens", "heavy",
    "unknown") has no number at all and keeps its text.
    """

    category: str
    side: int | None
    actor_id: str | None  # whose figure it is, where the text names them
    low: int | None
    high: int | None
    qualifier: str  # one of QUALIFIERS
    text: str  # the figure as written
    claimant: str | None  # who claims it, as written
    claimant_actor_id: str | None
    origin: str  # infobox | prose
    line: int
    quote: str
    population: str | None = None  # one of POPULATIONS
    note: str | None = None  # "(civilian/military estimate)" and the like


@dataclass
class Event:
    event_type: str  # battle | incident | timeline
    kind: str  # battle | siege | raid | ambush | clash | offensive | attack | event
    name: str | None
    name_rule: str | None  # stated | derived
    date: DateValue
    date_line: int | None
    line_start: int
    line_end: int
    quote: str
    summary: str | None = None
    status: str | None = None  # ongoing | ended
    result: str | None = None
    result_line: int | None = None
    part_of: str | None = None
    place_text: str | None = None
    place_id: str | None = None
    place_rule: str | None = None  # stated | from_name | from_text | from_battle
    # "outskirts of", "near", "south of", "between" ... as written before the place
    place_qualifier: str | None = None
    # a town the gazetteer lacks: place_id None, place_text its clean name,
    # region_text the region the field names (the build makes a place of it)
    region_text: str | None = None
    other_place_ids: list[str] = field(default_factory=list)  # further places, in text order
    # further towns the gazetteer lacks, as written ("between Douentza and Boni": "Boni")
    other_place_texts: list[str] = field(default_factory=list)
    place_line: int | None = None
    lat: float | None = None
    lon: float | None = None
    coordinates_text: str | None = None
    coordinates_line: int | None = None
    participants: list[Participant] = field(default_factory=list)
    commanders: list[Commander] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)  # casualty and strength figures, each a claim
    aliases: list[str] = field(default_factory=list)  # other names the document gives it
    children: list["Event"] = field(default_factory=list)  # timeline events of a battle


@dataclass
class ActorNote:
    """A paragraph that describes a group from the actor dictionary."""

    actor_id: str
    name: str
    description: str
    line: int


@dataclass
class Person:
    """A paragraph that describes a person."""

    name: str
    description: str
    line: int
    actor_ids: list[str] = field(default_factory=list)


@dataclass
class Document:
    format: str
    title: str | None
    events: list[Event] = field(default_factory=list)
    actor_notes: list[ActorNote] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def all_events(self) -> Iterator[Event]:
        """Every event of the document, each followed by its children."""
        for event in self.events:
            yield event
            yield from event.children
