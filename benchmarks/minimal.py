"""The floor malicli is measured against: a minimal click + sqlite3 program.

    python benchmarks/minimal.py --db DB battle "Second Battle of Kidal"
    python benchmarks/minimal.py --db DB actor JNIM
    python benchmarks/minimal.py --db DB text Timbuktu

It opens the same database read-only, runs one query equivalent to malicli's
lookup (the SQL below, shared with the ``sqlite-utils query`` runs of the
benchmark) and prints the rows as JSON. It imports click, sqlite3 and json,
nothing else: what any Python lookup tool has to pay.
"""

import json
import sqlite3

import click

# Named parameters, so that ``sqlite-utils query DB SQL -p name value`` runs the same text.
SQL = {
    # The battle by exact name, with its belligerents, figures, claims and the
    # timeline events attached to it (JSON arrays), in one indexed lookup.
    "battle": """
SELECT e.id, e.name, e.kind, e.date_start, e.date_end, e.date_precision, e.date_text,
  e.status, e.result, e.part_of, p.name AS place, COALESCE(e.latitude, p.latitude) AS lat,
  COALESCE(e.longitude, p.longitude) AS lon, e.summary, s.file AS source, e.line_start,
  (SELECT json_group_array(json_object('actor', a.actor_id, 'side', a.side, 'role', a.role,
     'as_written', a.as_written, 'line', a.line))
   FROM event_actors a WHERE a.event_id = e.id) AS actors,
  (SELECT json_group_array(json_object('side', f.side, 'category', f.category, 'low', f.low,
     'high', f.high, 'qualifier', f.qualifier, 'text', f.text, 'line', f.line))
   FROM figures f WHERE f.event_id = e.id) AS figures,
  (SELECT json_group_array(json_object('field', c.field, 'value', c.value, 'line', c.line))
   FROM claims c WHERE c.event_id = e.id) AS claims,
  (SELECT json_group_array(json_object('id', t.id, 'date', t.date_start, 'summary', t.summary,
     'line', t.line_start))
   FROM events t WHERE t.battle_id = e.id) AS events
FROM events e LEFT JOIN places p ON p.id = e.place_id JOIN sources s ON s.id = e.source_id
WHERE e.event_type = 'battle' AND e.name = :name
""",
    # Events an actor (any alias) takes part in, in date order, 50 at most.
    "actor": """
SELECT e.id, e.name, e.event_type, e.kind, e.date_start, e.date_end, e.date_precision,
  e.summary, p.name AS place, s.file AS source, e.line_start
FROM events e LEFT JOIN places p ON p.id = e.place_id JOIN sources s ON s.id = e.source_id
WHERE e.id IN (SELECT event_id FROM event_actors WHERE actor_id IN
               (SELECT actor_id FROM actor_aliases WHERE alias_folded = lower(:name)
                UNION SELECT id FROM actors WHERE id = lower(:name)))
ORDER BY e.date_start IS NULL, e.date_start, e.id LIMIT 50
""",
    # Full-text search, ranked, with a snippet, 50 at most.
    "text": """
SELECT e.id, e.name, e.event_type, e.date_start, e.date_end, e.summary, p.name AS place,
  s.file AS source, e.line_start,
  snippet(events_fts, -1, '«', '»', '…', 16) AS snippet
FROM events_fts JOIN events e ON e.rowid = events_fts.rowid
LEFT JOIN places p ON p.id = e.place_id JOIN sources s ON s.id = e.source_id
WHERE events_fts MATCH '"' || :word || '"'
ORDER BY events_fts.rank, e.date_start LIMIT 50
""",
}


def _query(db: str, name: str, params: dict) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute(SQL[name], params)]
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False))


@click.group()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def cli(ctx, db):
    """Minimal lookups on a malicli database."""
    ctx.obj = db


@cli.command()
@click.argument("name")
@click.pass_obj
def battle(db, name):
    """One battle by its exact name."""
    _query(db, "battle", {"name": name})


@cli.command()
@click.argument("name")
@click.pass_obj
def actor(db, name):
    """Events of one actor."""
    _query(db, "actor", {"name": name})


@cli.command()
@click.argument("word")
@click.pass_obj
def text(db, word):
    """Full-text search for one word."""
    _query(db, "text", {"word": word})


if __name__ == "__main__":
    cli()
