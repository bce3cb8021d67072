"""What ``malicli serve`` adds to Datasette: a facet of ISO dates by year
(``{"year": "date_start"}`` in the metadata, ``?_facet_year=date_start`` in a
URL; choosing a year filters with ``date_start__startswith``), and the SQL
function ``malicli_fold(text)`` (case and accents dropped, as malicli matches
names). Imported only when Datasette is installed.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from .query import fold


class YearFacet(Facet):
    """A facet that counts the rows of an ISO date column by year."""

    type = "year"

    async def suggest(self) -> list:
        """No year facet is suggested: it is chosen in the metadata or the URL."""
        return []

    async def facet_results(self) -> tuple[list[dict], list[str]]:
        """For each year facet asked for, its years with their counts and links; and the columns timed out."""
        results: list[dict] = []
        timed_out: list[str] = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        done: set[str] = set()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            if column in done:  # in the metadata and in the URL
                continue
            done.add(column)
            sql = (
                f"SELECT substr({escape_sqlite(column)}, 1, 4) AS value, COUNT(*) AS count FROM ({self.sql})"
                f" WHERE {escape_sqlite(column)} GLOB '[0-9][0-9][0-9][0-9]*'"
                f" GROUP BY value ORDER BY value LIMIT {size + 1}"
            )
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in rows.rows[:size]:
                selected = args.get(key) == row["value"]
                change = path_with_removed_args if selected else path_with_added_args
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(
                            self.request, change(self.request, {key: row["value"]})
                        ),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": f"{column} (year)",
                    "type": self.type,
                    "results": values,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {"_facet_year": column}),
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, timed_out


@hookimpl
def register_facet_classes() -> list[type[Facet]]:
    """Datasette hook: the facet classes malicli adds (the year facet)."""
    return [YearFacet]


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Datasette hook: define the SQL function ``malicli_fold`` on each connection."""
    conn.create_function("malicli_fold", 1, lambda text: fold(text) if text is not None else None)
