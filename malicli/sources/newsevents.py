"""The incidents of a news item, as a careful reader tells them apart.

* The lead (the first sentence that reports an incident) opens the item's
  main incident; the sentences after it tell more of it unless they open
  another one or look back.
* Another incident of the same item: a sentence with an incident word and a
  place of its own that opens with "Separately", "Meanwhile", "In X,", "also"
  ..., or that is dated apart from the main incident but close to it; a
  sentence listing where incidents were recorded ("Incidents were recorded
  between A and B, C and D") gives one incident per place, dated by its
  paragraph's date.
* A background event: a sentence dated earlier than the main incident (or
  looking back: "had", "comes after", "In March 2022, ..."), kept as a
  timeline event of its own with its own date; an undated look back adds
  nothing.
* Figures carry the claimant of their clause; "he said" and "the statement
  said" are the claimant named before. Actors get a role from the sentence:
  attacker, target, victim, alleged, claimant, mentioned.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from .. import resolve
from ..dates import DateValue, years_in
from ..datewords import WEEKDAY_NAMES
from . import figures, mentions
from .dateline import _data, alternation, words
from .newsdates import Anchor, NewsDate, days_before, item_month, same_day, sentence_dates
from .newsitem import NewsItem
from .newsnames import distinct_names, incident_name
from .newsplaces import NewsPlace, places_of
from .newsplaces import border_re as newsplaces_border
from .records import Event, Figure, Participant
from .text import clean, split_sentences

__all__ = ["read_incidents"]

ROLE_ORDER = ("attacker", "target", "victim", "alleged", "participant", "supported", "claimant", "mentioned")
BACKGROUND_DAYS = 2  # a date that ends this many days before the main incident starts looks back


@dataclass
class Sentence:
    """A sentence of the body with what the reader needs of it."""

    text: str
    line: int
    para: int
    offset: int  # where it starts in its paragraph
    dates: list[NewsDate]
    places: list[NewsPlace]
    incident: bool
    new_cue: bool
    same_cue: bool
    background: bool
    roundup: re.Match[str] | None

    @property
    def date(self) -> NewsDate | None:
        """The sentence's incident date: the first that dates an event to a day or a month."""
        for d in self.dates:
            if d.role == "incident" and d.value.start and d.value.precision in ("day", "month"):
                return d
        return None


class _Vocab:
    def __init__(self) -> None:
        kinds = words("incident_kinds")
        self.kinds = [(re.compile(rf"\b(?:{k['word']})\b", re.I), k) for k in kinds]
        self.incident = re.compile(
            r"\b(?:" + "|".join(k["word"] for k in kinds) + r")\b|\b" + alternation("casualty_words", False),
            re.I,
        )
        # "Separately, ...", "About two hours later, another mine exploded ..."
        self.new = re.compile(rf"^\W*(?:\w+,?\s+){{0,4}}?{alternation('new_incident_cues')}\b", re.I)
        self.same = re.compile(rf"\b{alternation('same_incident_cues')}\b", re.I)
        self.background = re.compile(rf"\b{alternation('background_cues', False)}\b", re.I)
        self.roundup = re.compile(rf"\b{alternation('roundup')}\b", re.I)
        self.opener = re.compile(
            r"^\W*(?:(?:meanwhile|separately|elsewhere),\s+)?in\s+(?!(?:his|her|its|their|our|a|an)\s)[^,]{2,60},",
            re.I,
        )
        roles = _data("news_words.json")["roles"]
        self.responsibility = re.compile(
            rf"^(?:\s*\([^)]*\))?(?:\s*,[^,]{{0,80}},)?\s*(?:(?:group|organisation|organization|movement|"
            rf"militants|fighters|jihadists|also|later|has|have|had|quickly|swiftly)\s+)*"
            rf"(?:{'|'.join(re.escape(w) for w in roles['responsibility_after'])})\b",
            re.I,
        )
        members = (
            r"(?:(?:fighters|militants|members|elements|men|jihadists|gunmen)\s+(?:of|from)\s+(?:the\s+)?)?"
        )
        self.alleged = re.compile(
            rf"\b(?:{'|'.join(re.escape(w) for w in roles['alleged_before'])})\s+(?:the\s+|an?\s+)?{members}"
            r"(?:[\w'’-]+\s+){0,2}$",
            re.I,
        )
        attack = "|".join(_data("roles.json")["attack_verbs"]["words"])
        self.object = re.compile(
            rf"\b(?:{attack})\s+(?:the\s+|an?\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){{0,2}}$", re.I
        )
        self.passive = re.compile(
            rf"^\s*(?:\([^)]*\)\s*)?(?:,[^,]{{0,60}},\s*)?(?:had\s+|have\s+|has\s+)?(?:been|were|was|are|is)\s+"
            rf"(?:\w+ly\s+)?(?:{attack})\b",
            re.I,
        )
        self.own_act = re.compile(rf"^\s*(?:\([^)]*\))?\s*{roles['own_act_before']}(?:{attack})\b", re.I)
        self.linked = re.compile(r"^(?:-|\s+)(?:linked|affiliated|allied|aligned)\b", re.I)
        self.linked_before = re.compile(
            r"\b(?:linked|affiliated|allied|aligned|close|loyal|tied)\s+(?:to|with)\s+(?:the\s+)?"
            r"(?:[\w'’-]+\s+){0,3}?(?:(?:and|or)\s+(?:the\s+)?)?$",
            re.I,
        )
        self.victim_kinds = frozenset(roles["victim_kinds"])
        generic = _data("news_words.json")["generic_forces"]
        forces = "|".join(re.escape(w) for w in sorted(generic["words"], key=len, reverse=True))
        self.generic = re.compile(rf"(?<![\w'’-])(?:{forces})(?![\w'’-])", re.I)
        self.institution = re.compile(
            rf"(?:(?:the|a|an)\s+)?(?:(?:provisional|official|latest|new)\s+)?(?:{forces})(?:'s|’s)?"
            rf"(?:\s+(?:{'|'.join(re.escape(w) for w in generic['institution_words'])}))?",
            re.I,
        )
        self.state = generic["state"]
        # a generic force word ("the army", "an army convoy") is read as the state's own name,
        # so that its role is read as that of a named actor
        self.state_name = ((resolve.actor(self.state) or {}).get("aliases") or [self.state])[0]
        self.other_states = frozenset(generic["other_states"])


@functools.cache
def _vocab() -> _Vocab:
    return _Vocab()


@functools.cache
def _unnamed_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Attackers named without a group: as the subject of an attack verb, after "by" / "from",
    and "the attackers" / "the assailants" anywhere."""
    unnamed = _data("news_words.json")["unnamed_attackers"]
    names = "|".join(
        sorted((re.escape(w).replace(r"\ ", r"\s+") for w in unnamed["words"]), key=len, reverse=True)
    )
    who = rf"(?P<who>(?:the\s+|an?\s+)?(?:{names}))(?![\w'’-])"
    subject = re.compile(
        rf"(?<![\w'’-]){who}[\"”]?{unnamed['subject_gap']}(?:{unnamed['attack_verbs']})\b", re.I
    )
    by = re.compile(rf"(?:{unnamed['by_before']}|\bby\s+(?:the\s+|an?\s+)?)[\"“]?{who}", re.I)
    adjective = unnamed["adjective_before_attack"]
    kinds = "|".join(sorted((re.escape(w) for w in adjective["words"]), key=len, reverse=True))
    before = re.compile(
        rf"\b(?:an?|the|in)\s+(?:deadly\s+)?(?P<who>{kinds})\s+(?:{adjective['nouns']})\b", re.I
    )
    return subject, by, re.compile(r"\b(?P<who>the\s+(?:attackers|assailants))\b", re.I), before


# ---------------------------------------------------------------- sentences


def _sentences(item: NewsItem, anchor: Anchor | None, years: list[int]) -> list[Sentence]:
    v = _vocab()
    out = []
    for index, para in enumerate(item.paras):
        for offset, text in split_sentences(para.text):
            out.append(
                Sentence(
                    text=text,
                    line=para.locate(offset),
                    para=index,
                    offset=offset,
                    dates=sentence_dates(text, anchor, years),
                    places=places_of(_main_clause(text)),
                    incident=bool(v.incident.search(text)),
                    new_cue=bool(v.new.search(text) or v.opener.search(text)),
                    same_cue=bool(v.same.search(text)),
                    background=bool(v.background.search(text)),
                    roundup=v.roundup.search(text),
                )
            )
    return out


# who gives a toll without a verb of saying: "The statement lifted the casualty toll of ...", "the
# announcement mentioned a provisional toll ...", "The army gave a provisional toll of ..."
_TOLL_GIVER = re.compile(
    r"(?:^|\band\s+)\W*(?P<who>(?:the|this|its|a)\s+(?:[\w'’-]+\s+){0,2}?(?:statement|announcement|communiqu[eé]|"
    r"army|military|general staff|ministry|government|authorities))\s+(?:also\s+)?"
    r"(?:gave|lifted|raised|mentioned|cited|put|published|released|revised)\b",
    re.I,
)
# a relative clause that recalls another, dated act of an actor named in the sentence
_BACKGROUND_CLAUSE = re.compile(
    r",\s+(?:a|an|the)\s+[^,]{0,60}?\b(?:that|which|who)\s+(?:had\s+|has\s+|also\s+)?"
    r"(?:claimed|carried out|was behind|were behind|killed|attacked)\b[^,;]*?\b(?:in|on|last)\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"[0-9]{4}|year|month|week)\b"
    # ", a day after two separate assaults ... killed 49 civilians": what came before
    r"|,\s+(?:(?:which|that)\s+(?:took\s+place|came|comes|happened|occurred)\s+)?(?:just\s+|only\s+)?"
    r"(?:a|one|two|three|four|five|six|several|a\s+few)\s+(?:days?|weeks?|months?)\s+"
    r"(?:after|since)\b",
    re.I,
)
_FOLLOWS = re.compile(r"\b(?:follows|followed|comes|came)\b(?:\s+[\w-]+){0,3}?\s+(?:after\b)?", re.I)
# (", while they were on patrol near X", ", while escorting a convoy near X": the men's own circumstance,
# the scene itself, is no side clause)
_SIDE_CLAUSE = re.compile(
    r",\s+(?:as|whereas|amid)\s|\s+amid\s"
    r"|,\s+while\s+(?!(?:they|he|she|we)\s+(?:were|was)\s|on\s+(?:a\s+)?(?:patrol|duty|mission|escort)\b"
    r"|(?:patrolling|escorting|travelling|traveling|returning|driving|conducting|carrying)\b)",
    re.I,
)


def _main_clause(text: str) -> str:
    """A sentence without a trailing side clause (", as rival factions surrounded the city of
    Timbuktu"): its places are not the scene."""
    m = _SIDE_CLAUSE.search(text)
    return text[: m.start()] if m and m.start() > 20 else text


def _kind(text: str) -> tuple[str, str]:
    """(kind, the word a derived name starts with) of an incident's sentence."""
    for rx, k in _vocab().kinds:
        if rx.search(text):
            return k["kind"], k["name"]
    return "attack", "Attack"


# ---------------------------------------------------------------- the reader


@dataclass
class _Told:
    """An incident or a background event being told, with the sentences told of it."""

    event: Event
    sentences: list[Sentence] = field(default_factory=list)
    name_word: str = "Attack"


class _Reader:
    def __init__(self, item: NewsItem, anchor: Anchor | None, text: str):
        self.item, self.anchor = item, anchor
        self.sents = _sentences(item, anchor, years_in(text))
        self.incidents: list[_Told] = []
        self.background: list[_Told] = []
        self.last_claim: tuple[str | None, str | None] | None = None
        self.mali_item = _about_one_state(item, self.sents)
        self.umbrella: Sentence | None = None
        self.umbrella_used = False

    def run(self) -> tuple[list[Event], list[Event]]:
        lead = next((i for i, s in enumerate(self.sents) if s.incident and not s.roundup), None)
        if lead is None:
            for s in self.sents:
                self._look_back(s)
            return [], [t.event for t in self.background]
        main = self._open(self.sents[lead], self._main_date(lead))
        current = main
        for i, s in enumerate(self.sents):
            if i == lead:
                continue  # told when the main incident was opened
            if i < lead:
                self._look_back(s)
                continue
            if self.umbrella is not None and s.para != self.umbrella.para:
                self._close_umbrella()
            current = self._place_sentence(s, main, current)
            self._note_claims(s)
        self._close_umbrella()
        for t in self.incidents + self.background:
            _settle_roles(t.event, self.mali_item)
        for t in self.incidents:
            t.event.name = incident_name(t.event, t.name_word)
        distinct_names([t.event for t in self.incidents])
        return [t.event for t in self.incidents], [t.event for t in self.background]

    def _place_sentence(self, s: Sentence, main: _Told, current: _Told) -> _Told:
        """Which event a sentence after the lead tells of; returns the event now being told."""
        if s.roundup and self._roundup(s):
            return current
        d = s.date
        if d is not None and self._looks_back(s, d, main):
            self._look_back(s)
            return current
        if d is not None and s.incident and (s.places or s.new_cue):
            apart = not same_day(d.value, current.event.date)
            if apart or (current.event.date.rule == "item_date" and self._new_place(s, current)):
                return current if self._umbrella(s) else self._other(s, d.value)
        elsewhen = self._dated_apart(s, main)
        if elsewhen is not None:
            self._look_back(s, elsewhen)
            return current
        if s.new_cue and s.incident and self._new_place(s, current):
            if self._umbrella(s):
                return current
            return self._other(s, d.value if d else None)
        if s.background and not s.same_cue:
            self._context(s, current)
            return current
        if current.sentences and s.para == current.sentences[-1].para:
            self._tell(current, s)
        elif s.incident or s.same_cue or _same_day_told(d, main) or figures.prose_figures(s.text, s.line):
            current = main if current is not main and not s.same_cue else current
            self._tell(current, s)
        return current

    # ---------------------------------------------------------------- dates

    def _main_date(self, lead: int) -> DateValue:
        """The lead's incident date, else the first date a sentence about the same incident gives."""
        s = self.sents[lead]
        if s.date is not None:
            return self._narrowed(lead, s.date.value)
        for t in self.sents[lead + 1 : lead + 8]:
            if (t.new_cue and any(p.town for p in t.places)) or (t.background and not t.same_cue):
                break
            here = {p.place_id or p.text for p in s.places}
            same_place = bool(t.places) and (t.places[0].place_id or t.places[0].text) in here
            undated = self.anchor is None or self.anchor.kind == "text"
            found = t.date or (_open_date(t) if undated else None)
            if found is not None and (t.same_cue or not t.places or same_place or t.para <= s.para + 1):
                return found.value
        open_day = _open_date(s)
        undated = self.anchor is None or self.anchor.kind == "text"
        return open_day.value if open_day is not None and undated else item_month(self.anchor)

    def _narrowed(self, lead: int, value: DateValue) -> DateValue:
        """ "over the weekend" in the lead, "on Sunday" in a sentence of the same paragraph or the
        next: the day within the lead's span."""
        if value.precision != "day" or not value.start or value.start == value.end:
            return value
        s = self.sents[lead]
        for t in self.sents[lead + 1 : lead + 4]:
            if t.para > s.para + 1 or (t.new_cue and t.incident):
                break
            day = t.date.value if t.date is not None else None
            if (
                day is not None
                and day.start
                and day.start == day.end
                and value.start <= day.start <= (value.end or "")
            ):
                return day
        return value

    def _looks_back(self, s: Sentence, d: NewsDate, main: _Told) -> bool:
        date = main.event.date
        if not date.start or date.rule == "item_date":
            return bool(d.value.start and d.value.rule == "explicit" and self._earlier_year(d.value))
        if days_before(d.value, date) > BACKGROUND_DAYS:
            return True
        return s.background and not same_day(d.value, date)

    def _dated_apart(self, s: Sentence, main: _Told) -> NewsDate | None:
        """While the main incident's day is open (no date of the dispatch), a sentence that dates
        what it tells otherwise ("On Tuesday, two soldiers were killed ..." after a Wednesday
        attack, "the January 5 attack", "In late October, ...") tells of another event."""
        date = main.event.date
        if date.start is not None or not s.incident or s.same_cue or _vocab().new.search(s.text):
            return None
        told = date.text.strip().lower()
        for d in s.dates:
            if d.role == "incident" and d.value.rule != "relative" and d.text.strip().lower() != told:
                return d
        return None

    def _earlier_year(self, value: DateValue) -> bool:
        a = self.anchor.value if self.anchor else None
        return bool(a and a.start and value.end and value.end[:7] < a.start[:7])

    # ---------------------------------------------------------------- events

    def _open(self, s: Sentence, date: DateValue | None, place: NewsPlace | None = None) -> _Told:
        kind, word = _kind(s.text)
        date = date or item_month(self.anchor)
        event = Event(
            event_type="incident",
            kind=kind,
            name=None,
            name_rule="derived",
            date=date,
            date_line=self._date_line(s, date),
            line_start=s.line,
            line_end=s.line,
            quote=s.text,
            summary=clean(s.text),
            status="ended" if date.start else None,
        )
        told = _Told(event, name_word=word)
        self.incidents.append(told)
        self._tell(told, s, place)
        return told

    def _date_line(self, s: Sentence, date: DateValue) -> int | None:
        if date.rule == "item_date":
            return self.anchor.line if self.anchor else None
        return s.line

    def _other(self, s: Sentence, date: DateValue | None) -> _Told:
        return self._open(s, date or self._paragraph_date(s))

    def _paragraph_date(self, s: Sentence) -> DateValue | None:
        for t in reversed([t for t in self.sents if t.para == s.para and t.offset < s.offset]):
            if t.date is not None:
                return t.date.value
        return None

    def _new_place(self, s: Sentence, current: _Told) -> bool:
        towns = [p for p in s.places if p.town or p.kind == "border"]
        if not towns and not any(p.kind in ("region", "country") for p in s.places):
            return False
        first = (towns or s.places)[0]
        here = current.event
        return not (
            (first.place_id and first.place_id in (here.place_id, *here.other_place_ids))
            or (first.place_id is None and first.text == here.place_text)
        )

    def _tell(self, told: _Told, s: Sentence, place: NewsPlace | None = None) -> None:
        """Add a sentence to an event: lines, summary, place, actors, figures."""
        e = told.event
        if told.sentences:
            e.line_end = max(e.line_end, s.line)
            e.summary = f"{e.summary} {clean(s.text)}"
        told.sentences.append(s)
        _set_place(e, place or (s.places[0] if s.places else None), s.line)
        clause = _BACKGROUND_CLAUSE.search(s.text)
        if (
            clause is not None
        ):  # ", a jihadist group that claimed an attack in December in which ...": recalled
            tail = replace(s, text=s.text[clause.start() :])
            s = replace(s, text=s.text[: clause.start()])
            _merge_participants(e, [replace(p, role="mentioned") for p in self._actors(tail) if p.actor_id])
        _merge_participants(e, self._actors(s))
        e.figures += self._figures(s)

    def _look_back(self, s: Sentence, d: NewsDate | None = None) -> None:
        """A background sentence: a timeline event of its own when it dates something (its day may
        be open: "On Tuesday" with no date of the dispatch). "The attack, near X, follows an ambush
        on Sunday ...": the event is what follows "follows"."""
        d = d or s.date
        if d is None:
            return
        split = _FOLLOWS.search(s.text) if s.same_cue else None
        if split is not None and split.start() < d.start:
            tail = s.text[split.start() :]
            s = replace(
                s,
                text=tail,
                places=places_of(tail),
                dates=[replace(d, start=d.start - split.start(), end=d.end - split.start())],
            )
        kind, word = _kind(s.text)
        event = Event(
            event_type="timeline",
            kind=kind if s.incident else "event",
            name=None,
            name_rule=None,
            date=d.value,
            date_line=s.line,
            line_start=s.line,
            line_end=s.line,
            quote=s.text,
            summary=clean(s.text),
        )
        told = _Told(event, name_word=word)
        self.background.append(told)
        self._tell(told, s)

    def _context(self, s: Sentence, current: _Told) -> None:
        """An undated look back or a general remark: its actors are named in the item, no more;
        a dated one is a background event."""
        if s.date is not None:
            self._look_back(s)
            return
        self._figures(s)  # keeps the last claimant current
        if current.sentences and s.para == current.sentences[-1].para:
            found = [replace(p, role="mentioned") for p in self._actors(s) if p.actor_id]
            _merge_participants(current.event, found)

    # ---------------------------------------------------------------- roundups

    def _umbrella(self, s: Sentence) -> bool:
        """ "On Sunday, June 1, additional attacks were reported in both Mali and Burkina Faso.":
        a dated sentence over the incidents listed after it (it waits for them)."""
        if s.date is None or any(p.town for p in s.places):
            return False
        self._close_umbrella()
        self.umbrella, self.umbrella_used = s, False
        return True

    def _close_umbrella(self) -> None:
        u, self.umbrella = self.umbrella, None
        if u is not None and not self.umbrella_used:
            self._open(u, u.date.value if u.date else None)

    def _roundup(self, s: Sentence) -> bool:
        """One incident per place (or pair of places) of a sentence listing where incidents were recorded."""
        groups = _place_groups(s.text[s.roundup.end() :]) if s.roundup else []
        if len(groups) < 2 and not (groups and self.umbrella is not None):
            return False
        u = self.umbrella if self.umbrella is not None and self.umbrella.para == s.para else None
        date = (u.date.value if u and u.date else None) or (s.date.value if s.date else None)
        for place in groups:
            told = self._open(s, date or self._paragraph_date(s), place)
            if u is not None:
                told.event.quote = f"{u.text}\n{s.text}"
                told.event.line_start = min(u.line, s.line)
                told.event.date_line = u.line
        self.umbrella_used = self.umbrella_used or u is not None
        return True

    # ---------------------------------------------------------------- actors and figures

    def _actors(self, s: Sentence) -> list[Participant]:
        found = _roles(s.text, s.line, self.mali_item) + _unnamed_attackers(s)
        borders = [(m.start(), m.end()) for m in newsplaces_border().finditer(s.text)]
        for p in found:
            at = s.text.find(p.as_written)
            if p.actor_id and any(a <= at < b for a, b in borders):
                p.role = "mentioned"  # "near the border with Niger": a place, not a party
        claimants = {self._claimant_actor(c.who, mission=False) for c in figures.sentence_claims(s.text)}
        claims = figures.sentence_claims(s.text)
        claimants |= {c.actor_id for c in claims}
        for p in found:
            inside = any(p.as_written in c.who for c in claims)  # "a source serving with MINUSMA"
            if p.role == "participant" and (p.actor_id in claimants or inside):
                p.role = "claimant"  # "the FLA said in a statement": it reports, it is not said to fight
        return found

    def _figures(self, s: Sentence) -> list[Figure]:
        found = figures.prose_figures(
            s.text, s.line, previous=self.last_claim, actor_of=self._claimant_actor, speaker=self._speaker(s)
        )
        giver = _TOLL_GIVER.search(s.text)
        if giver is not None:  # "The statement lifted the toll of four dead", "the army gave a toll of ..."
            who = giver.group("who")
            said = self.last_claim if figures.is_back_reference(who) else (who, self._claimant_actor(who))
            for f in found:
                if f.claimant is None and said and f.quote == s.text:
                    f.claimant, f.claimant_actor_id = said
        self._note_claims(s)
        out = [_whose(_own_men(_soldier_cue(f, s.text)), self.mali_item, s.text) for f in found]
        for before, f in zip(out, out[1:]):  # "two peacekeepers were killed and three others injured"
            if re.match(r"(?:\w+\s+)?(?:others?|more)\b", f.text or "") and f.population == before.population:
                f.actor_id = before.actor_id
        return out

    def _note_claims(self, s: Sentence) -> None:
        """Who speaks last, for a "he said" further on (a sentence of no event names one too)."""
        for c in figures.sentence_claims(s.text):
            if not figures.is_back_reference(c.who):
                self.last_claim = (c.who, c.actor_id or self._claimant_actor(c.who))

    def _speaker(self, s: Sentence) -> tuple[str | None, str | None] | None:
        """Who speaks a quotation that opens in or before this sentence and is attributed further
        on ('"The death toll is 05 dead ... . A reinforcement ...," the army said')."""
        before = self.item.paras[s.para].text[: s.offset]
        inside = before.count('"') % 2 == 1 or before.count("“") > before.count("”")
        whole = bool(re.fullmatch(r"\W{0,2}[\"“][^\"“”]+[\"”]\W{0,2}", s.text.strip()))
        if whole and not figures.sentence_claims(s.text):
            return self._said_before(s)  # 'X told Reuters. "There are many dead."': X says it
        opens = bool(re.match(r"^\W{0,2}[\"“]", s.text)) and not _closes_quote(s.text)
        if not (opens or (inside and not figures.sentence_claims(s.text))):
            return None
        later = [t for t in self.sents if t.para == s.para and t.line >= s.line and t is not s]
        for t in later[:4]:
            claims = [c for c in figures.sentence_claims(t.text) if not figures.is_back_reference(c.who)]
            if _closes_quote(t.text) and claims:
                return claims[0].who, claims[0].actor_id or self._claimant_actor(claims[0].who)
        return None

    def _said_before(self, s: Sentence) -> tuple[str | None, str | None] | None:
        """Who speaks in the sentence before, in the same paragraph (a quotation that goes on)."""
        earlier = [t for t in self.sents if t.para == s.para and t.offset < s.offset]
        if not earlier:
            return None
        claims = figures.sentence_claims(earlier[-1].text)
        if not claims:
            return None
        if figures.is_back_reference(claims[0].who):  # '"...," he said. "..."': whoever "he" is
            return self.last_claim
        return claims[0].who, claims[0].actor_id or self._claimant_actor(claims[0].who)

    def _claimant_actor(self, who: str, mission: bool = True) -> str | None:
        """The actor of a claimant; "the army", "a provisional army statement" in an item about
        one state are that state (its sources and officers speak for themselves); with ``mission``,
        "the mission" giving a toll is the UN mission in Mali (not made a role of the sentence)."""
        found = figures.claimant_actor(who)
        if found is None and self.mali_item and _vocab().institution.fullmatch(who.strip()):
            return _vocab().state
        words = _data("news_words.json")["mission_claimant"]
        if found is None and mission and self.mali_item and re.fullmatch(words["pattern"], who.strip(), re.I):
            return str(words["actor"])  # "the mission said": the UN mission in Mali
        return found


# ---------------------------------------------------------------- helpers


def _same_day_told(d: NewsDate | None, main: _Told) -> bool:
    """ "Three buses were stopped on April 16 by militants ...": a sentence dated the main
    incident's own day tells more of it."""
    date = main.event.date
    return bool(d is not None and date.start and date.rule != "item_date" and d.value.start == date.start)


def _open_date(s: Sentence) -> NewsDate | None:
    """The sentence's incident date whose day is open (a weekday with no date of the dispatch)."""
    weekdays = {w.lower() for w in WEEKDAY_NAMES}
    return next(
        (
            d
            for d in s.dates
            if d.role == "incident" and d.value.rule == "unresolved" and d.text.strip().lower() in weekdays
        ),
        None,
    )


def _closes_quote(text: str) -> bool:
    """A sentence that closes a quotation: a closing mark, or a straight quote after its first word."""
    return "”" in text or '"' in text.lstrip(' "“')


def _no_borders(text: str) -> str:
    """The text with its border phrases blanked ("on the border with neighbouring Niger"): a
    country named across a border is a place, not an actor of the incident."""
    return newsplaces_border().sub(lambda m: " " * len(m.group(0)), text)


def _about_one_state(item: NewsItem, sents: list[Sentence]) -> bool:
    """An item about Mali (its places, its actors or its dateline) that names no other state's
    forces: "the army" is Mali's."""
    v = _vocab()
    named = {p.actor_id for s in sents for p in mentions.actors_in(_no_borders(s.text), s.line, s.text)}
    if named & v.other_states:
        return False
    places = [p for s in sents for p in s.places if p.place_id]
    if item.dateline is not None:
        places += places_of(f"in {item.dateline.city}, {item.dateline.country or ''}")
    countries = {
        (resolve.place(p.place_id) or {}).get("country") or (p.place_id if p.kind == "country" else None)  # type: ignore[arg-type]
        for p in places
    }
    return bool(places) and ("Mali" in countries or "mali" in countries) or v.state in named


def _roles(text: str, line: int, state_item: bool) -> list[Participant]:
    """The actors of a sentence with their roles (see the module's description)."""
    v = _vocab()
    read = _as_state(text) if state_item else text
    found = mentions.actors_in(read, line, text)
    for p in found:
        at = read.find(p.as_written)
        if at < 0:
            continue
        before, after = read[max(0, at - 90) : at], read[at + len(p.as_written) :]
        if v.linked.match(after) or v.linked_before.search(before):
            p.role = "mentioned"  # "the al-Qaida-linked group", "linked to al-Qaida"
        elif v.responsibility.match(after):
            p.role, p.claimed_by = "attacker", p.actor_id
        elif v.own_act.match(after):
            p.role = "attacker"
        elif v.alleged.search(before):
            p.role = "alleged"
        elif v.passive.match(after):
            p.role = "target"  # "the Malian Armed Forces (FAMA) were attacked"
        elif p.role == "participant" and v.object.search(before[-60:]):
            p.role = "target"  # "stormed the army camp ... and fought soldiers": attacked all the same
        if p.role == "target" and (resolve.actor(p.actor_id) or {}).get("kind") in v.victim_kinds:  # type: ignore[arg-type]
            p.role = "victim"
        if p.as_written not in text:  # a generic force word read as the state: as written
            generic = v.generic.search(text)
            p.as_written = generic.group(0) if generic else p.as_written
    return found


def _unnamed_attackers(s: Sentence) -> list[Participant]:
    """Attackers the sentence names without a group ("Gunmen killed ...", "an attack by suspected
    jihadists", "came under fire from unidentified armed men"): the role, the actor unknown."""
    subject, by, the_attackers, adjective = _unnamed_res()
    m = (
        subject.search(s.text)
        or by.search(s.text)
        or the_attackers.search(s.text)
        or adjective.search(s.text)
    )
    if m is None:
        return []
    return [Participant(clean(m.group("who")), None, None, "attacker", None, s.line, s.text)]


def _settle_roles(event: Event, state_item: bool) -> None:
    """Once the incident is told: unnamed attackers yield to a named attacker (they are the same
    men); the state whose soldiers are the losses of an attack, or who faced its attackers, and
    that the item does not show attacking, is the target (not a mere claimant or participant)."""
    state = _vocab().state
    named = any(p.role == "attacker" and p.actor_id not in (None, state) for p in event.participants)
    if named:
        event.participants = [p for p in event.participants if p.actor_id or p.role != "attacker"]
    state = _vocab().state
    attacked = any(p.role == "attacker" and p.actor_id != state for p in event.participants)
    losses = any(
        f.population == "soldiers"
        and f.actor_id == state
        and f.category in ("killed", "wounded", "missing", "captured")
        and f.low != 0
        for f in event.figures
    )
    lost = {
        f.actor_id
        for f in event.figures
        if f.population == "soldiers"
        and f.category in ("killed", "wounded", "missing", "captured")
        and f.low != 0
    }
    _fought_back(event, state)
    for p in event.participants:
        if p.actor_id == state and (losses or (attacked and p.role == "participant")):
            # only named ("members of a military unit") yet its men are the losses: the target
            named_only = losses and p.role == "mentioned"
            p.role = "target" if p.role in ("participant", "claimant") or named_only else p.role
        elif p.actor_id in lost and p.actor_id != state and p.role in ("participant", "claimant"):
            kind = (resolve.actor(p.actor_id) or {}).get("kind")  # type: ignore[arg-type]
            p.role = "victim" if kind in _vocab().victim_kinds else "target"  # its own men are the losses
    _force_not_parent(event)


def _force_not_parent(event: Event) -> None:
    """ "A United Nations peacekeeper was killed": the mission's man; the organisation it is
    part of is only named, also where it speaks or takes part ("the United Nations said", "a
    convoy of the United Nations peacekeeping mission"): the mission does."""
    forces = {actor for _, actor in _force_words()}
    if not any(p.actor_id in forces and p.role in ("target", "victim") for p in event.participants):
        return
    parents = _data("news_words.json")["force_words"]["parents"]["actors"]
    for p in event.participants:
        if p.actor_id in parents and p.role in ("target", "victim", "participant", "claimant"):
            p.role = "mentioned"


def _fought_back(event: Event, state: str) -> None:
    """ "Four terrorists who attacked a convoy were neutralised by Malian soldiers escorting it":
    the state's forces, shown acting only after others attacked them, are the target."""
    mine = [p for p in event.participants if p.actor_id == state and p.role == "attacker"]
    others = [p for p in event.participants if p.actor_id != state and p.role == "attacker"]

    def at(p: Participant) -> tuple[int, int]:
        return p.line, p.quote.find(p.as_written) if p.quote else 0

    for p in mine:
        if any(at(o) < at(p) for o in others):
            p.role = "target"


def _as_state(text: str) -> str:
    """The generic force words of a sentence ("the army said", "an army convoy") rewritten as the
    state's name, except inside a name ("the Malian army")."""
    v = _vocab()
    names = [(m.start, m.end) for m in resolve.find_actors(text)]

    def sub(m: re.Match[str]) -> str:
        inside = any(s <= m.start() < e for s, e in names)
        return m.group(0) if inside else v.state_name

    return v.generic.sub(sub, text)


def _merge_participants(event: Event, found: list[Participant]) -> None:
    """Each actor once, with its strongest role; who attacked and who was attacked, once said, stays."""
    rank = {r: i for i, r in enumerate(ROLE_ORDER)}
    have = {p.actor_id: p for p in event.participants}
    for p in found:
        known = have.get(p.actor_id)
        if known is None:
            event.participants.append(p)
            have[p.actor_id] = p
        elif known.role in ("attacker", "target") and p.role in ("attacker", "target"):
            continue
        elif rank.get(p.role, 9) < rank.get(known.role, 9):
            known.role, known.claimed_by = p.role, p.claimed_by or known.claimed_by


@functools.cache
def _soldier_words() -> re.Pattern[str]:
    return re.compile(_data("news_words.json")["soldier_cues"]["pattern"], re.I)


def _own_men(f: Figure) -> Figure:
    """ "Three of our men fell", said a military official: a force's own men are soldiers."""
    words = _data("news_words.json")["own_men"]
    if (
        f.population is None
        and re.search(words["men"], f.text or "", re.I)
        and re.search(words["military_claimant"], f.claimant or "", re.I)
    ):
        f.population = "soldiers"
    return f


def _soldier_cue(f: Figure, text: str) -> Figure:
    """A toll followed closely by "among the soldiers" counts soldiers."""
    at = text.find(f.text) if f.text else -1
    cue = _soldier_words().search(text, at) if at >= 0 else None
    if f.population is None and cue is not None and cue.start() - (at + len(f.text or "")) <= 20:
        f.population = "soldiers"
    return f


@functools.cache
def _force_words() -> list[tuple[re.Pattern[str], str]]:
    words = _data("news_words.json")["force_words"]["words"]
    return [(re.compile(rf"\b{re.escape(w['word'])}\b", re.I), w["actor"]) for w in words]


def _force_of(text: str) -> str | None:
    """The force whose men a figure counts, by the word that names them ("peacekeepers")."""
    return next((actor for rx, actor in _force_words() if rx.search(text)), None)


def _whose(f: Figure, state_item: bool, sentence: str = "") -> Figure:
    """In a dispatch a count with no group named is everyone's; soldiers of an item about one
    state are that state's, unless the figure or its sentence names a force ("peacekeepers")."""
    if f.population is None and f.category in ("killed", "wounded", "captured", "missing", "casualties"):
        f.population = "overall"
        f.actor_id, f.side = None, None
    force = _force_of(f.text or "") or (_force_of(sentence) if f.actor_id is None else None)
    parents = _data("news_words.json")["force_words"]["parents"]["actors"]
    if f.population == "soldiers" and force is not None and (f.actor_id is None or f.actor_id in parents):
        f.actor_id = force  # "two blue helmets", "a United Nations peacekeeper": the mission's men
    if f.population == "soldiers" and f.actor_id is None and state_item:
        f.actor_id = _vocab().state
    return f


_PLACE_RANK = {"town": 0, "village": 0, "area": 1, "region": 2, "border": 3, "country": 4}


def _set_place(e: Event, place: NewsPlace | None, line: int) -> None:
    """An event's place: the first town named, else the first region, border area or country."""
    rank = _PLACE_RANK.get(place.kind, 1) if place is not None else 0
    if place is not None and place.kind == "area" and _across_borders(place.place_id):
        rank = _ACROSS_RANK  # "the Sahel-wide conflict": no nearer than the country
    if place is not None and place.town and place.qualifier != "between" and e.place_qualifier == "between":
        rank = -1  # "attacked near the village of X" after "travelling between A and B": the scene
    if place is None or (e.place_text and _place_rank(e) <= rank):
        return
    old = (resolve.place(e.place_id) or {}) if e.place_id else {}
    region = old.get("name") if old.get("kind") == "region" else None
    e.place_id, e.place_text, e.place_qualifier = place.place_id, place.text, place.qualifier
    e.region_text, e.other_place_ids = place.region_text or region, list(place.other_ids)
    e.other_place_texts = list(place.other_texts)
    e.place_rule, e.place_line = "from_text", line


def _place_rank(e: Event) -> int:
    """How close an event's place is to the scene: a town first, a country last, an area
    across borders (the Sahel) after it."""
    if e.place_id is None:
        return 3 if (e.place_text or "").startswith("border with") else 0
    kind = (resolve.place(e.place_id) or {}).get("kind", "")
    return _ACROSS_RANK if kind == "area" and _across_borders(e.place_id) else _PLACE_RANK.get(kind, 1)


_ACROSS_RANK = 5


def _across_borders(place_id: str | None) -> bool:
    """An area of no one country (the Sahel, the Sahara)."""
    p = resolve.place(place_id) if place_id else None
    return p is not None and not p.get("country") and not p.get("region")


def _is_town(e: Event) -> bool:
    if e.place_id is None:
        return bool(e.place_text) and not e.place_text.startswith("border with")  # type: ignore[union-attr]
    return (resolve.place(e.place_id) or {}).get("kind") in ("town", "village", "area")


def _place_groups(text: str) -> list[NewsPlace]:
    """The places of a list ("between A and B (R), C and D (R2), and E and F"; "in the A and B
    provinces"): a pair after "between" is one place with the other kept, else each place is one."""
    if not re.search(r"\bbetween\b", text):
        return [p for p in places_of(text) if p.kind not in ("border", "country")]
    out = []
    for chunk in re.split(r"\)\s*,\s*(?:and\s+)?|;\s*|,\s+and\s+", text):
        found = [p for p in places_of(chunk) if p.town]
        if found:
            first = found[0]
            first.qualifier = "between"
            first.other_ids = [p.place_id for p in found[1:] if p.place_id]
            first.other_texts = [p.text for p in found[1:] if p.place_id is None]
            out.append(first)
    return out


def read_incidents(item: NewsItem, anchor: Anchor | None, text: str) -> tuple[list[Event], list[Event]]:
    """(incidents, background events) of a news item; the main incident first."""
    return _Reader(item, anchor, text).run()
