"""Counts for ``malicli stats``: events, battles and casualty claims grouped by
year, month, actor, place, kind or region (one or two at once).

Standard-library sqlite3 only. The events are the ones ``search`` finds with
the same filters (``query.find_events``); this module groups them and sums the
casualty figures of the ``figures`` table without ever adding two claims about
the same losses (see ``event_span``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce

from .exitcodes import UsageError

DIMENSIONS = ("year", "month", "actor", "place", "kind", "region")
TIME_DIMENSIONS = ("year", "month")
CASUALTY_CATEGORIES = ("killed", "wounded", "captured", "missing")
WHOLE = (None, "overall")  # populations that mean "everyone" of a side or event

COUNTED = {
    "events": (
        "events that match the filters: named battles, news incidents and dated timeline sentences; "
        "an event counts once in every group it falls in (once for each actor it names, in the month "
        "or year it starts); dates whose year the text leaves open are grouped apart, never under a guess"
    ),
    "battles": "the named battles, sieges, raids, ambushes, clashes and offensives among those events",
    "casualty_claims": (
        "stated figures of people killed, wounded, captured or missing in those events, one per "
        "statement and claimant"
    ),
    "casualties": (
        "low-high: the lowest and the highest reading of the claims. The figures of one sentence add "
        "up; claims of different sentences about the same losses (one event, one side or actor, one "
        "kind of people; a battle's timeline sentences count as the battle) are never added: the span "
        "of what they say is kept. Losses of different sides and events are added. open_ended: a claim had no upper bound ('at least'). Claims without a "
        "number ('dozens') are counted but not summed"
    ),
}


# ---------------------------------------------------------------- schema probes


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the database has a table or view of that name."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)
    ).fetchone()
    return row is not None


def has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    """Whether ``table`` has a column of that name."""
    return any(r[1] == column for r in conn.execute(f'PRAGMA table_info("{table}")'))


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


# ---------------------------------------------------------------- what is known of each event


@dataclass
class Fact:
    """What grouping needs to know of one event."""

    id: str
    type: str
    kind: str | None
    start: str | None
    precision: str | None
    certain: bool
    place: tuple[str, str] | None  # (id, name)
    region: str | None
    actors: list[tuple[str, str]] = field(default_factory=list)  # (id, short name)
    root: str = ""  # the battle a timeline sentence belongs to, else the event itself


def event_facts(conn: sqlite3.Connection, items: list[dict]) -> list[Fact]:
    """Facts of the events ``find_events`` returned, with region, certainty and battle link."""
    ids = [it["id"] for it in items]
    certain_col = "e.date_certain" if has_column(conn, "events", "date_certain") else "1"
    link = "e.battle_id" if has_column(conn, "events", "battle_id") else "e.parent_id"
    extra: dict[str, tuple] = {}
    for part in _chunks(ids):
        q = ",".join("?" * len(part))
        for r in conn.execute(
            f"SELECT e.id, {certain_col}, {link}, p.region, p.kind, p.name FROM events e"
            f" LEFT JOIN places p ON p.id = e.place_id WHERE e.id IN ({q})",
            list(part),
        ):
            region = r[3] or (r[5] if r[4] == "region" else None)
            extra[r[0]] = (r[1] is None or bool(r[1]), r[2], region)
    names = dict(conn.execute("SELECT id, short_name FROM actors").fetchall())
    facts = []
    for it in items:
        certain, link_id, region = extra.get(it["id"], (True, None, None))
        place = it.get("place")
        facts.append(
            Fact(
                id=it["id"],
                type=it["type"],
                kind=it["kind"],
                start=it["date"]["start"],
                precision=it["date"]["precision"],
                certain=certain,
                place=(place["id"], place["name"]) if place else None,
                region=region,
                actors=[(a, names.get(a) or a) for a in it["actors"]],
                root=link_id or it["id"],
            )
        )
    return facts


# A group key of one dimension: (value for JSON, label for people, sort key)
Key = tuple[str | None, str, tuple]


def keys_of(fact: Fact, dim: str) -> list[Key]:
    """The groups an event falls in along one dimension (several for actors)."""
    if dim in TIME_DIMENSIONS:
        if not fact.start:
            return [(None, "undated", (2, ""))]
        if not fact.certain:
            return [(None, "year not certain", (1, ""))]
        year = fact.start[:4]
        if dim == "year":
            return [(year, year, (0, year))]
        if fact.precision == "year":
            return [(year, f"{year}, month not stated", (0, year + "-99"))]
        return [(fact.start[:7], fact.start[:7], (0, fact.start[:7]))]
    if dim == "actor":
        if not fact.actors:
            return [(None, "no actor named", (1, ""))]
        return [(aid, name, (0, name.casefold())) for aid, name in fact.actors]
    if dim == "place":
        if not fact.place:
            return [(None, "no place", (1, ""))]
        return [(fact.place[0], fact.place[1], (0, fact.place[1].casefold()))]
    if dim == "region":
        if not fact.region:
            return [(None, "no region stated", (1, ""))]
        return [(fact.region, fact.region, (0, fact.region.casefold()))]
    if dim == "kind":
        return [(fact.kind, fact.kind or "no kind", (0 if fact.kind else 1, fact.kind or ""))]
    raise UsageError(f"cannot group by {dim!r}", hint="use " + ", ".join(DIMENSIONS))


# ---------------------------------------------------------------- casualty claims


@dataclass(frozen=True)
class Span:
    """A range of people: the lowest and highest reading; open when a claim has no upper bound."""

    low: int = 0
    high: int = 0
    open: bool = False

    def __add__(self, other: Span) -> Span:
        return Span(self.low + other.low, self.high + other.high, self.open or other.open)

    def widen(self, other: Span) -> Span:
        """The span that covers both: the lower low, the higher high, open if either is."""
        return Span(min(self.low, other.low), max(self.high, other.high), self.open or other.open)


def claim_span(low: int | None, high: int | None, qualifier: str | None) -> Span | None:
    """One claim as a span; None for a claim without a number ("dozens")."""
    if low is None and high is None:
        return None
    lo = low if low is not None else 0  # "up to 30": as low as nothing
    if high is None or qualifier == "at_least":
        return Span(lo, max(lo, high or 0), True)
    return Span(min(lo, high), max(lo, high), False)


@dataclass(frozen=True)
class Claim:
    """One casualty figure of one event, placed: scope is ("side", n), ("actor", id),
    ("civilians",) or None when it names nobody in particular; statement is the
    sentence or infobox line it stands in (source, line)."""

    root: str
    category: str
    scope: tuple | None
    population: str | None
    span: Span | None
    statement: tuple = ()


def _spread(spans: list[Span]) -> Span:
    return reduce(Span.widen, spans)


def event_span(claims: list[Claim]) -> Span | None:
    """The casualties of one event in one category, from its claims.

    The figures of one statement ("11 militants and 7 hostages were killed") are
    parts, and add up. Across statements, claims about the same scope and
    population are alternatives (their spread is kept); a scope's figure for
    everyone is an alternative to the sum of its per-population figures; a
    statement that counts people it does not place (no side, actor or civilians)
    is, as a whole, an alternative to the sum of the scopes, since it may be about
    any of them.
    Different scopes, and different populations of one scope, are added.
    """
    statements: dict[tuple, list[Claim]] = {}
    for c in claims:
        if c.span is not None:
            statements.setdefault(c.statement or (id(c),), []).append(c)
    if len(statements) == 1:
        return sum((c.span for c in next(iter(statements.values())) if c.span), Span())
    totals: list[Span] = []
    scopes: dict[tuple, dict[str | None, list[Span]]] = {}
    for parts in statements.values():
        merged: dict[tuple, Span] = {}
        for c in parts:
            scope = c.scope or (("civilians",) if c.population == "civilians" else None)
            key = (scope, None if c.population in WHOLE else c.population)
            merged[key] = merged.get(key, Span()) + c.span  # type: ignore[operator]
        if any(scope is None for scope, _ in merged):  # the whole statement may overlap anything
            totals.append(sum(merged.values(), Span()))
            continue
        for (scope, pop), span in merged.items():
            scopes.setdefault(scope, {}).setdefault(pop, []).append(span)
    scope_spans = []
    for by_pop in scopes.values():
        options = list(by_pop.get(None, []))
        parts_ = [_spread(spans) for pop, spans in by_pop.items() if pop is not None]
        if parts_:
            options.append(sum(parts_, Span()))
        scope_spans.append(_spread(options))
    options = totals + ([sum(scope_spans, Span())] if scope_spans else [])
    return _spread(options) if options else None


def load_claims(conn: sqlite3.Connection, facts: list[Fact]) -> dict[str, list[Claim]]:
    """Casualty claims of the events, by event id; {} when the database has no figures table."""
    if not facts or not has_table(conn, "figures"):
        return {}
    root = {f.id: f.root for f in facts}
    ids = list(root)
    sides: dict[tuple[str, str], set[int]] = {}
    out: dict[str, list[Claim]] = {}
    cats = ",".join("?" * len(CASUALTY_CATEGORIES))
    for part in _chunks(ids):
        q = ",".join("?" * len(part))
        for eid, aid, side in conn.execute(
            f"SELECT event_id, actor_id, side FROM event_actors WHERE event_id IN ({q})"
            " AND side IS NOT NULL AND actor_id IS NOT NULL",
            list(part),
        ):
            sides.setdefault((eid, aid), set()).add(side)
        for r in conn.execute(
            f"SELECT event_id, category, population, side, actor_id, low, high, qualifier, source_id, line"
            f" FROM figures"
            f" WHERE event_id IN ({q}) AND category IN ({cats})",
            [*part, *CASUALTY_CATEGORIES],
        ):
            eid, category, population, side, aid = r[0], r[1], r[2], r[3], r[4]
            scope: tuple | None = None
            if side is not None:
                scope = ("side", side)
            elif aid is not None:
                known = sides.get((eid, aid), set())
                scope = ("side", next(iter(known))) if len(known) == 1 else ("actor", aid)
            out.setdefault(eid, []).append(
                Claim(root[eid], category, scope, population, claim_span(r[5], r[6], r[7]), (r[8], r[9]))
            )
    return out


def casualties(facts: list[Fact], claims: dict[str, list[Claim]]) -> dict:
    """Claims counted and summed for a set of events (see COUNTED["casualties"])."""
    mine = [c for f in facts for c in claims.get(f.id, [])]
    out: dict = {
        "casualty_claims": len(mine),
        "claims_without_number": sum(1 for c in mine if c.span is None),
    }
    for category in CASUALTY_CATEGORIES:
        by_root: dict[str, list[Claim]] = {}
        for c in mine:
            if c.category == category:
                by_root.setdefault(c.root, []).append(c)
        spans = [s for cs in by_root.values() if (s := event_span(cs)) is not None]
        total = sum(spans, Span()) if spans else None
        out[category] = (
            {"low": total.low, "high": total.high, "open_ended": total.open} if total is not None else None
        )
    return out


# ---------------------------------------------------------------- the report


def _counts(facts: list[Fact], claims: dict[str, list[Claim]] | None) -> dict:
    out: dict = {"events": len(facts), "battles": sum(1 for f in facts if f.type == "battle")}
    if claims is not None:
        out.update(casualties(facts, claims))
    return out


def group(facts: list[Fact], by: Sequence[str]) -> dict[tuple[Key, ...], list[Fact]]:
    """Facts grouped by their keys along each dimension of ``by``; a fact with several keys is in several groups."""
    groups: dict[tuple[Key, ...], list[Fact]] = {}
    for f in facts:
        combos: list[tuple[Key, ...]] = [()]
        for dim in by:
            combos = [c + (k,) for c in combos for k in keys_of(f, dim)]
        for combo in dict.fromkeys(combos):
            groups.setdefault(combo, []).append(f)
    return groups


def _fill_time(dim: str, groups: dict[tuple[Key, ...], list[Fact]]) -> None:
    """Add the years or months without events between the first and the last, so that a
    chart in time order shows the gaps."""
    if dim not in TIME_DIMENSIONS:
        return
    keys = sorted(c[0][0] for c in groups if c[0][0] and (dim == "year" or len(c[0][0]) == 7))
    if not keys:
        return
    y, m = int(keys[0][:4]), int(keys[0][5:7] or 1) if dim == "month" else 1
    while True:
        value = f"{y:04d}" if dim == "year" else f"{y:04d}-{m:02d}"
        if value > keys[-1]:
            break
        groups.setdefault(((value, value, (0, value)),), [])
        if dim == "year":
            y += 1
        else:
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _order(by: Sequence[str], groups: dict) -> list[tuple[Key, ...]]:
    totals: dict[tuple[int, str | None], int] = {}
    for combo, facts in groups.items():
        for i, k in enumerate(combo):
            totals[(i, k[0])] = totals.get((i, k[0]), 0) + len(facts)

    def sort_key(combo):
        parts = []
        for i, (value, _label, skey) in enumerate(combo):
            if by[i] in TIME_DIMENSIONS:
                parts.append((skey[0], 0, skey[1]))
            else:
                parts.append((skey[0], -totals[(i, value)], skey[1]))
        return parts

    return sorted(groups, key=sort_key)


def stats(
    conn: sqlite3.Connection,
    by: Sequence[str],
    items: list[dict],
    *,
    top: int | None = None,
    filters: dict | None = None,
) -> dict:
    """Counts of the events in ``items`` (as ``find_events`` returns them) grouped by ``by``."""
    by = list(dict.fromkeys(by or ["year"]))
    for dim in by:
        if dim not in DIMENSIONS:
            raise UsageError(f"cannot group by {dim!r}", hint="use " + ", ".join(DIMENSIONS))
    if len(by) > 2:
        raise UsageError("group by one or two dimensions at once", hint="e.g. --by year --by actor")
    facts = event_facts(conn, items)
    claims = load_claims(conn, facts) if has_table(conn, "figures") else None
    groups = group(facts, by)
    if len(by) == 1:
        _fill_time(by[0], groups)
    order = _order(by, groups)
    hidden = 0
    if top is not None and len(by) == 1:
        order, hidden = order[:top], max(0, len(order) - top)
    rows = []
    for combo in order:
        row: dict = {}
        for dim, (value, label, _s) in zip(by, combo):
            row[dim] = value
            row[f"{dim}_label"] = label
        rows.append(row | _counts(groups[combo], claims))
    report_extra = {"margins": _margins(facts, by)} if len(by) == 2 else {}
    counted = dict(COUNTED)
    if claims is None:
        counted["casualty_claims"] = "not counted: this database has no figures table"
        del counted["casualties"]
    return {
        "by": by,
        "filters": {k: v for k, v in (filters or {}).items() if v not in (None, (), [])},
        "counted": counted,
        "totals": _counts(facts, claims),
        "groups": rows,
        "groups_not_shown": hidden,
    } | report_extra


def _margins(facts: list[Fact], by: Sequence[str]) -> dict[str, list[dict]]:
    """For a cross table: the events of each value of each dimension alone (an event that
    names two actors is one event of its year, not two)."""
    out = {}
    for dim in by:
        groups = group(facts, [dim])
        _fill_time(dim, groups)
        out[dim] = [
            {dim: combo[0][0], f"{dim}_label": combo[0][1], "events": len(groups[combo])}
            for combo in _order([dim], groups)
        ]
    return out
