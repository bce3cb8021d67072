"""The database schema: tables, indexes and views, as SQL.

The schema is a public interface (people open the file with sqlite-utils and
Datasette): names say what a column holds, every reference is a declared
foreign key, enumerated columns are checked.
"""

from __future__ import annotations

import sqlite3

SIDE = "CHECK (side IS NULL OR side >= 1)"
LINE = "CHECK (line IS NULL OR line >= 1)"

TABLES = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    reader_reason TEXT,  -- why the reader of that format took the document
    title TEXT,
    sha256 TEXT NOT NULL,
    line_count INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    problems TEXT  -- JSON list: fields left blank and lines not understood
);

CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    short_name TEXT NOT NULL,
    full_name TEXT,
    kind TEXT,
    description TEXT,
    description_source_id TEXT REFERENCES sources(id),
    description_line INTEGER,
    note TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('dictionary', 'text'))
);

CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,
    alias_folded TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
);

CREATE TABLE places (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_fr TEXT,
    kind TEXT,
    region TEXT,
    country TEXT,
    latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    longitude REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
    note TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('gazetteer', 'text'))
);

CREATE TABLE place_names (
    place_id TEXT NOT NULL REFERENCES places(id),
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    PRIMARY KEY (place_id, name)
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    name TEXT,
    name_rule TEXT CHECK (name_rule IN ('stated', 'derived')),
    event_type TEXT NOT NULL CHECK (event_type IN ('battle', 'incident', 'timeline')),
    kind TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    date_precision TEXT CHECK (date_precision IN ('day', 'month', 'year')),
    date_certain INTEGER NOT NULL DEFAULT 1 CHECK (date_certain IN (0, 1)),
    date_candidates TEXT,  -- JSON list of years when the year is uncertain
    date_reason TEXT,  -- in words, what decided the year (or why it stays open)
    date_earliest TEXT,  -- the whole range the date may fall in, every candidate year included
    date_latest TEXT,
    date_text TEXT,
    date_rule TEXT,
    status TEXT CHECK (status IN ('ongoing', 'ended')),
    result TEXT,
    part_of TEXT,
    place_id TEXT REFERENCES places(id),
    place_text TEXT,
    place_qualifier TEXT,
    place_rule TEXT,
    latitude REAL,
    longitude REAL,
    summary TEXT,
    battle_id TEXT REFERENCES events(id),  -- the battle an incident or timeline event belongs to
    source_id TEXT NOT NULL REFERENCES sources(id),  -- the source the shown values come from
    line_start INTEGER NOT NULL,
    line_end INTEGER NOT NULL,
    quote TEXT NOT NULL,
    sort_key TEXT NOT NULL
);

CREATE TABLE event_names (
    event_id TEXT NOT NULL REFERENCES events(id),
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources(id),
    line INTEGER {LINE},
    PRIMARY KEY (event_id, name, source_id)
);

CREATE TABLE event_sources (
    event_id TEXT NOT NULL REFERENCES events(id),
    source_id TEXT NOT NULL REFERENCES sources(id),
    role TEXT NOT NULL CHECK (role IN ('article', 'related article', 'timeline', 'news')),
    line_start INTEGER NOT NULL,
    line_end INTEGER NOT NULL,
    PRIMARY KEY (event_id, source_id, line_start)
);

CREATE TABLE event_places (  -- every place an event is told to have happened at
    event_id TEXT NOT NULL REFERENCES events(id),
    place_id TEXT NOT NULL REFERENCES places(id),
    role TEXT NOT NULL CHECK (role IN ('primary', 'other')),  -- primary: the event's place_id
    rank INTEGER NOT NULL CHECK (rank >= 0),  -- its order in the telling, 0 for the first
    source_id TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (event_id, place_id, source_id)
);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    field TEXT NOT NULL CHECK (field IN ('name', 'date', 'place', 'result', 'part_of', 'status',
                                         'coordinates')),
    value TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    date_precision TEXT CHECK (date_precision IN ('day', 'month', 'year')),
    date_certain INTEGER CHECK (date_certain IN (0, 1)),
    place_id TEXT REFERENCES places(id),
    latitude REAL,
    longitude REAL,
    rule TEXT,
    claimant_actor_id TEXT REFERENCES actors(id),
    claimant_text TEXT,
    source_id TEXT NOT NULL REFERENCES sources(id),
    line INTEGER {LINE},
    quote TEXT NOT NULL
);

CREATE TABLE event_actors (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    actor_id TEXT REFERENCES actors(id),
    side INTEGER {SIDE},
    role TEXT NOT NULL,
    as_written TEXT NOT NULL,
    claimant_actor_id TEXT REFERENCES actors(id),
    claimant_text TEXT,
    source_id TEXT NOT NULL REFERENCES sources(id),
    line INTEGER {LINE},
    quote TEXT NOT NULL,
    event_type TEXT NOT NULL,
    sort_key TEXT NOT NULL
);

CREATE TABLE commanders (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    side INTEGER {SIDE},
    actor_id TEXT REFERENCES actors(id),
    name TEXT NOT NULL,
    rank TEXT,
    fate TEXT CHECK (fate IS NULL OR fate IN ('killed', 'captured', 'wounded')),
    as_written TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources(id),
    line INTEGER {LINE},
    quote TEXT NOT NULL
);

CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    side INTEGER {SIDE},
    actor_id TEXT REFERENCES actors(id),
    category TEXT NOT NULL,
    population TEXT CHECK (population IS NULL OR
                           population IN ('soldiers', 'fighters', 'civilians', 'overall')),
    low INTEGER CHECK (low IS NULL OR low >= 0),
    high INTEGER CHECK (high IS NULL OR low IS NULL OR high >= low),
    qualifier TEXT NOT NULL CHECK (qualifier IN ('exact', 'approximate', 'at_least', 'at_most',
                                                 'vague', 'unknown')),
    text TEXT NOT NULL,
    note TEXT,
    claimant_actor_id TEXT REFERENCES actors(id),
    claimant_text TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('infobox', 'prose')),
    source_id TEXT NOT NULL REFERENCES sources(id),
    line INTEGER {LINE},
    quote TEXT NOT NULL
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    actor_ids TEXT,  -- JSON list of actor ids the description names
    source_id TEXT NOT NULL REFERENCES sources(id),
    line INTEGER {LINE},
    quote TEXT NOT NULL
);
"""

INDEXES = """
CREATE INDEX idx_events_date ON events (date_earliest, date_latest);
CREATE INDEX idx_events_sort_key ON events (sort_key);
CREATE INDEX idx_events_event_type_sort_key ON events (event_type, sort_key);
CREATE INDEX idx_events_place_sort ON events (place_id, sort_key);
CREATE INDEX idx_events_battles_place ON events (place_id, date_start) WHERE event_type = 'battle';
CREATE INDEX idx_events_name_nocase ON events (name COLLATE NOCASE);
CREATE INDEX idx_events_battle_id ON events (battle_id);
CREATE INDEX idx_events_source_id ON events (source_id);
CREATE INDEX idx_event_names_folded ON event_names (name_folded);
CREATE INDEX idx_event_sources_source ON event_sources (source_id);
CREATE INDEX idx_event_places_place ON event_places (place_id, event_id);
CREATE INDEX idx_claims_event ON claims (event_id, field);
CREATE INDEX idx_event_actors_actor_id_sort_key ON event_actors (actor_id, sort_key);
CREATE INDEX idx_event_actors_actor_event_type ON event_actors (actor_id, event_type, sort_key);
CREATE INDEX idx_event_actors_event_id ON event_actors (event_id);
CREATE INDEX idx_commanders_event ON commanders (event_id);
CREATE INDEX idx_figures_event ON figures (event_id);
CREATE INDEX idx_actor_aliases_folded ON actor_aliases (alias_folded);
CREATE INDEX idx_place_names_folded ON place_names (name_folded);
"""

VIEWS = """
CREATE VIEW battle_summary AS
SELECT e.id, e.name, e.kind, e.date_start, e.date_end, e.date_precision, e.date_certain,
       e.status, e.result, p.name AS place,
       (SELECT group_concat(DISTINCT COALESCE(a.short_name, ea.as_written))
          FROM event_actors ea LEFT JOIN actors a ON a.id = ea.actor_id
         WHERE ea.event_id = e.id AND ea.side = 1) AS side_1,
       (SELECT group_concat(DISTINCT COALESCE(a.short_name, ea.as_written))
          FROM event_actors ea LEFT JOIN actors a ON a.id = ea.actor_id
         WHERE ea.event_id = e.id AND ea.side = 2) AS side_2,
       (SELECT group_concat(s.file, '; ') FROM event_sources es JOIN sources s ON s.id = es.source_id
         WHERE es.event_id = e.id) AS sources
  FROM events e LEFT JOIN places p ON p.id = e.place_id
 WHERE e.event_type = 'battle';

CREATE VIEW casualty_claims AS
SELECT f.id, f.event_id, e.name AS event, f.side, COALESCE(a.short_name, f.actor_id) AS actor,
       f.category, f.population, f.low, f.high, f.qualifier, f.text,
       COALESCE(c.short_name, f.claimant_text) AS claimant, s.file AS source_file, f.line, f.quote
  FROM figures f
  JOIN events e ON e.id = f.event_id
  JOIN sources s ON s.id = f.source_id
  LEFT JOIN actors a ON a.id = f.actor_id
  LEFT JOIN actors c ON c.id = f.claimant_actor_id
 WHERE f.category != 'strength';
"""


# The build's own bookkeeping, so that a later build re-reads and re-merges only what
# changed: each document's parsed records, and what each document contributed to
# entities that gather several documents (battles, actors and places named by a text,
# actor descriptions). Not meant for queries.
CACHE = """
CREATE TABLE document_cache (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT,  -- of the file's bytes; NULL when the file was not read (too large)
    parser_version TEXT NOT NULL,
    source_id TEXT,  -- NULL when the document was skipped
    skipped TEXT,  -- why it was skipped
    messages TEXT,  -- JSON list: warnings while reading it
    records BLOB  -- the parsed records and the text, as zlib-compressed JSON
);

CREATE TABLE build_mentions (  -- each battle named by a document, and the battle it went to
    path TEXT NOT NULL,
    idx INTEGER NOT NULL,  -- the event's index in its document
    key TEXT NOT NULL,  -- the folded name battles are grouped by
    battle_id TEXT NOT NULL,
    PRIMARY KEY (path, idx)
);

CREATE TABLE build_battles (  -- what a battle's id depends on
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    slug TEXT NOT NULL,
    start TEXT,
    name TEXT NOT NULL,
    sort TEXT NOT NULL  -- JSON: the fixed order of its first mention
);

CREATE TABLE build_children (  -- timeline events of a battle article, by article
    event_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    parent_idx INTEGER NOT NULL
);

CREATE TABLE build_text_refs (  -- each mention of an actor or place that no dictionary holds
    kind TEXT NOT NULL CHECK (kind IN ('actor', 'place')),
    ref_id TEXT NOT NULL,
    phase INTEGER NOT NULL,
    unit TEXT NOT NULL,  -- a battle id (phase 1) or a document's path
    seq INTEGER NOT NULL,
    value TEXT NOT NULL  -- JSON: the name (and region, coordinates) as written
);

CREATE TABLE build_notes (  -- paragraphs that describe an actor of the dictionary
    path TEXT NOT NULL,
    seq INTEGER NOT NULL,
    actor_id TEXT NOT NULL,
    description TEXT NOT NULL,
    line INTEGER,
    source_id TEXT NOT NULL,
    PRIMARY KEY (path, seq)
);

CREATE TABLE build_year_links (  -- an uncertain year fixed by an event of another document
    event_id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    original TEXT NOT NULL  -- JSON: the event's date columns before, to put back when the partner goes
);
CREATE INDEX idx_build_year_links_partner ON build_year_links (partner_id);

CREATE INDEX idx_build_mentions_key ON build_mentions (key);
CREATE INDEX idx_build_battles_key ON build_battles (key);
CREATE INDEX idx_build_children_parent ON build_children (path, parent_idx);
CREATE INDEX idx_build_text_refs_id ON build_text_refs (kind, ref_id);
CREATE INDEX idx_build_text_refs_unit ON build_text_refs (unit, phase);
CREATE INDEX idx_build_notes_actor ON build_notes (actor_id);
"""
CACHE_TABLES = (
    "document_cache",
    "build_mentions",
    "build_battles",
    "build_children",
    "build_text_refs",
    "build_notes",
    "build_year_links",
)


def create(conn: sqlite3.Connection) -> None:
    """Every table, index and view, in an empty database."""
    conn.executescript(TABLES + INDEXES + VIEWS + CACHE)
