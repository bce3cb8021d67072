"""The command line: thin click commands that parse options, call query, call render."""

from __future__ import annotations

import functools
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .exitcodes import Ambiguous, ExitCode, MalicliError, NotFound

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable, Sequence
    from typing import IO

    Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]
    # the mixin below adds to click's commands; the type checker sees it as one
    _CommandBase = click.Command
else:
    _CommandBase = object

EXIT_CODES = """\b
Exit codes:
  0    success (a search with no hits included)
  1    error (database, file system)
  2    usage: bad option, argument or date
  3    not found (suggestions on stderr)
  4    ambiguous (candidates on stderr)
  130  interrupted (Ctrl-C)
"""


class CliError(click.ClickException):
    """A MalicliError as click shows it: one line, suggestions, a hint; on stderr."""

    def __init__(self, error: MalicliError):
        super().__init__(error.message)
        self.error = error
        self.exit_code = int(error.code)  # type: ignore[misc]

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the error on stderr with its suggestions or candidates and its hint."""
        err = self.error
        lines = [f"Error: {_one_line(err.message)}"]
        if isinstance(err, NotFound) and err.suggestions:
            lines.append("Did you mean: " + ", ".join(f'"{s}"' for s in err.suggestions) + "?")
        if isinstance(err, Ambiguous) and err.details:
            lines.append("Candidates (id, name, date, place, sources):")
            widths = [max(len(_one_line(r[i], 60)) for r in err.details) for i in range(4)]
            for row in err.details[:10]:
                cells = [_one_line(c, 60).ljust(w) for c, w in zip(row, widths, strict=False)]
                lines.append("  " + "  ".join([*cells, _one_line(row[4], 80)]))
            if len(err.details) > 10:
                lines.append(f"  (and {len(err.details) - 10} more)")
        elif isinstance(err, Ambiguous) and err.candidates:
            shown = err.candidates[:10]
            more = f" (and {len(err.candidates) - 10} more)" if len(err.candidates) > 10 else ""
            lines.append("Candidates: " + "; ".join(shown) + more)
        if err.hint:
            lines.append(f"Hint: {err.hint}")
        click.echo("\n".join(lines), err=True)


def clean_arg(text: str) -> str:
    """An argument as valid text: bytes that were not UTF-8 become U+FFFD."""
    if isinstance(text, str):
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def _one_line(text: str, limit: int = 300) -> str:
    from .render.blocks import safe

    text = safe(" ".join(str(text).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_lines(text: str, limit: int = 300, most: int = 30) -> str:
    """A message that may span lines: each line made safe and kept short, at most ``most`` lines."""
    lines = [_one_line(line, limit) for line in str(text).splitlines()]
    if len(lines) > most:
        lines = lines[: most - 1] + [f"… ({len(lines) - most + 1} more lines)"]
    return "\n".join(lines)


@functools.lru_cache(maxsize=1)
def examples() -> dict:
    """Help examples, kept as data (malicli/data/examples.json): read only for --help."""
    import json
    from pathlib import Path

    return json.loads((Path(__file__).parent / "data" / "examples.json").read_text("utf-8"))


class ExamplesMixin(_CommandBase):
    """Prints the command's examples from the data file at the end of --help; keeps
    click's own usage errors short and safe (their lines kept); a group given nothing
    prints its help on stdout and exits 0."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse the arguments as click does, after making them valid text (see the class)."""
        args = [clean_arg(a) for a in args]
        if not args and isinstance(self, click.Group) and self.no_args_is_help:
            click.echo(ctx.get_help(), color=ctx.color)
            ctx.exit(0)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            exc.message = _safe_lines(exc.message)  # type: ignore[misc]
            raise

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the command's examples, then click's epilog, at the end of --help."""
        path = " ".join(["malicli", *ctx.command_path.split()[1:]])
        lines = examples().get(path)
        if lines:
            formatter.write_paragraph()
            formatter.write_text("Examples:")
            with formatter.indentation():
                for line in lines:
                    formatter.write(f"{'':>{formatter.current_indent}}{line}\n")
        super().format_epilog(ctx, formatter)


class MalicliCommand(ExamplesMixin, click.Command):
    pass


class MalicliGroup(ExamplesMixin, click.Group):
    command_class = MalicliCommand

    def _main_shell_completion(self, ctx_args, prog_name, complete_var=None):
        """Completion for names with spaces: malicli's shell scripts (see completion.py)."""
        if any(k.endswith("_COMPLETE") for k in os.environ):
            from .completion import register

            register()
        return super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; malicli's errors, a damaged database and a closed pipe end it cleanly."""
        import sqlite3

        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # the reader left (`| head -0`): a quiet success
            _silence_stdout()
            raise click.exceptions.Exit(0) from None
        except MalicliError as exc:
            raise CliError(exc) from None
        except sqlite3.DatabaseError as exc:
            state = ctx.find_object(State)
            where = f" at {state.path}" if state else ""
            raise CliError(
                MalicliError(
                    f"the database{where} is damaged ({exc})", hint="rebuild it with: malicli db build"
                )
            ) from None


MalicliGroup.group_class = MalicliGroup


def warn(message: str) -> None:
    """Print a message on stderr, on one line, after "malicli:"."""
    click.echo(f"malicli: {_one_line(message, 500)}", err=True)


# ---------------------------------------------------------------- shared options


class State:
    """What the commands share: the --db option given, the database path and its connection."""

    def __init__(self) -> None:
        self.db_option: str | None = None

    @property
    def path(self) -> str:
        """The database file: --db, then $MALICLI_DB, then the XDG data directory."""
        from .paths import db_path

        return db_path(self.db_option)

    def conn(self) -> sqlite3.Connection:
        """A read-only connection to the database, built or brought up to date first if needed."""
        from .open_database import open_db

        return open_db(self.path, warn=warn)


def _set_db(ctx, param, value):
    if value:
        ctx.ensure_object(State).db_option = value
    return value


db_option = click.option(
    "--db",
    "db",
    metavar="PATH",
    expose_value=False,
    callback=_set_db,
    is_eager=True,
    help="Database file (default: $MALICLI_DB, else the XDG data directory).",
)


def output_options(list_shaped: bool = False, geo: bool = False) -> Decorator:
    """--json for every command that prints data; --csv and --nl for lists; --geojson for
    lists of things that have coordinates; --no-pager."""

    def decorator(f: Callable[..., Any]) -> Callable[..., Any]:
        opts = [click.option("--json", "as_json", is_flag=True, help="Print JSON (indent 2) only.")]
        if list_shaped:
            opts += [
                click.option("--csv", "as_csv", is_flag=True, help="Print CSV with a header row."),
                click.option("--nl", "as_nl", is_flag=True, help="Print one JSON object a line."),
            ]
        if geo:
            opts.append(
                click.option(
                    "--geojson",
                    "as_geojson",
                    is_flag=True,
                    help="Print a GeoJSON FeatureCollection (RFC 7946); rows without coordinates on stderr.",
                )
            )
        opts.append(
            click.option(
                "--no-pager",
                is_flag=True,
                help="Never page long output on a terminal (the pager: $MALICLI_PAGER, $PAGER, less).",
            )
        )
        for opt in reversed(opts):
            f = opt(f)
        return f

    return decorator


def view(name: str, **kwargs: Any) -> Callable[[Any], list]:
    """A view of render/views.py, imported only when text is rendered."""

    def blocks(data: Any) -> list:
        from .render import views

        return getattr(views, name)(data, **kwargs)

    return blocks


def emit_list(
    items: list[dict],
    blocks_fn: Callable[[list[dict]], list],
    kind: str,
    as_json: bool = False,
    as_csv: bool = False,
    as_nl: bool = False,
    as_geojson: bool = False,
    no_pager: bool = False,
) -> None:
    """A list of ``kind`` (events, actors, places) as JSON, CSV, NDJSON, GeoJSON or text for people."""
    from . import render

    if sum(map(bool, (as_json, as_csv, as_nl, as_geojson))) > 1:
        raise MalicliError("choose one of --json, --csv, --nl, --geojson", code=ExitCode.USAGE)
    if as_geojson:
        emit_geojson(items)
    elif as_json:
        render.emit_json(items)
    elif as_csv:
        render.emit_csv(items, render.CSV_COLUMNS[kind])
    elif as_nl:
        render.emit_nl(items)
    else:
        render.emit_blocks(blocks_fn(items), pager=not no_pager)


def emit_one(
    data: Any, blocks_fn: Callable[[Any], list], as_json: bool = False, no_pager: bool = False
) -> None:
    """One thing (a battle, a person, the database) as JSON, or as text for people."""
    from . import render

    if as_json:
        render.emit_json(data)
    else:
        render.emit_blocks(blocks_fn(data), pager=not no_pager)


def _complete(kind):
    def complete(ctx, param, incomplete):
        import sqlite3

        from .paths import db_path
        from .query import fold

        root = ctx.find_root()
        state = root.obj if isinstance(root.obj, State) else None
        path = db_path(state.db_option if state else None)
        if not os.path.exists(path):
            return []
        sql = {
            "battle": "SELECT name FROM events WHERE event_type = 'battle' AND name IS NOT NULL",
            "actor": "SELECT alias FROM actor_aliases UNION SELECT id FROM actors",
            "place": "SELECT name FROM place_names",
            "event": "SELECT DISTINCT name FROM event_names",
            "kind": "SELECT DISTINCT kind FROM events WHERE kind IS NOT NULL",
            "person": "SELECT name FROM commanders UNION SELECT name FROM people",
        }[kind]
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            names = [r[0] for r in conn.execute(sql)]
            conn.close()
        except sqlite3.Error:
            return []
        want = fold(incomplete)
        return sorted({n for n in names if fold(n).startswith(want)})[:50]

    return complete


def event_filters(f: Callable[..., Any]) -> Callable[..., Any]:
    """The filters shared by battle list, search, timeline, stats and map: the same names
    and meanings everywhere. The command receives them as keyword arguments."""
    opts = [
        click.option(
            "--date",
            metavar="D",
            help="Events whose dates overlap D (2013, 2013-03, 2013-03-31, 'March 2013', '17 mai 2014').",
        ),
        click.option("--from", "date_from", metavar="D", help="Events ending on or after D."),
        click.option("--to", "date_to", metavar="D", help="Events starting on or before D."),
        click.option("--year", type=click.IntRange(1900, 2100), help="Events of this year (as --date YEAR)."),
        click.option(
            "--actor",
            "actors",
            multiple=True,
            metavar="NAME",
            shell_complete=_complete("actor"),
            help="Events this actor takes part in (any alias; repeatable: all must).",
        ),
        click.option(
            "--place",
            metavar="NAME",
            shell_complete=_complete("place"),
            help="Events at this place (English or French name; a region takes its towns).",
        ),
        click.option(
            "--kind",
            metavar="KIND",
            shell_complete=_complete("kind"),
            help="battle, siege, raid, ambush, clash, offensive, attack or event (checked against the data).",
        ),
        click.option("--status", type=click.Choice(["ongoing", "ended"]), help="Ongoing or ended events."),
        click.option(
            "--commander",
            metavar="NAME",
            shell_complete=_complete("person"),
            help="Events this person commanded (see: malicli person list).",
        ),
        click.option(
            "--min-killed",
            type=click.IntRange(min=0, max=10**9),
            metavar="N",
            help="Events with a claim of at least N killed (the claim's low figure).",
        ),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


MENTIONS_HELP = "the events that only mention the actor (withdrawn, affiliated, condemned, claimant)"


def mentions_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--with-mentions: with --actor, events that only name the actor count too."""
    return click.option(
        "--with-mentions",
        "mentions",
        is_flag=True,
        help=f"With --actor: also {MENTIONS_HELP}; by default only those it takes part in or is the target of.",
    )(f)


FILTERS = (
    "actors",
    "mentions",
    "date",
    "date_from",
    "date_to",
    "year",
    "place",
    "kind",
    "status",
    "commander",
    "min_killed",
)


def list_options(limit: int | None) -> Decorator:
    """--limit, --offset and --with-casualties of the event lists."""

    def decorator(f: Callable[..., Any]) -> Callable[..., Any]:
        opts = [
            click.option(
                "--limit",
                type=click.IntRange(min=1, max=10**9),
                default=limit,
                show_default=limit is not None,
                help="At most this many (a cut is reported on stderr).",
            ),
            click.option(
                "--offset", type=click.IntRange(min=0, max=10**9), default=0, help="Skip the first N."
            ),
            click.option(
                "--ids",
                is_flag=True,
                help="Show each event's id on the terminal (open one with: malicli event show ID).",
            ),
            click.option(
                "--with-casualties",
                is_flag=True,
                help="Add the killed figures claimed for each event (low-high, all sides; 'killed' in JSON).",
            ),
        ]
        for opt in reversed(opts):
            f = opt(f)
        return f

    return decorator


def _split(kwargs: dict) -> tuple[dict, dict]:
    """(filters, output options) of a command's keyword arguments (--ids goes with the view,
    see event_list)."""
    filters = {k: kwargs.pop(k) for k in FILTERS if k in kwargs}
    return filters, kwargs


def event_list(
    state: State,
    view_name: str,
    filters: dict,
    out: dict,
    limit: int | None,
    offset: int,
    with_casualties: bool,
    ids: bool = False,
    **fixed: Any,
) -> None:
    """Find, report what a limit leaves out (stderr, every format), add casualties, print."""
    from . import query

    conn = state.conn()
    query.check_kind(conn, filters.get("kind"))
    items = query.find_events(conn, limit=limit, offset=offset, **fixed, **filters)
    if offset or (limit is not None and len(items) >= limit):
        total = query.count_events(conn, **fixed, **filters)
        if offset or total > len(items):
            shown = f"{offset + 1}–{offset + len(items)}" if offset and items else str(len(items))
            warn(f"showing {shown} of {total} (use --limit or --offset)")
    ids = out.pop("ids", False) or ids
    machine = any(out.get(k) for k in ("as_json", "as_csv", "as_nl", "as_geojson"))
    wide: bool | str = with_casualties or (view_name == "battles" and not machine and "room")
    if wide:
        killed = query.killed(conn, items)
        for it in items:
            it["killed"] = killed.get(it["id"])
    blocks = {
        "battles": view("list_blocks", title="Battles", killed=wide, ids=ids),
        "results": view("list_blocks", title="Results", snippet="text" in fixed, killed=wide, ids=ids),
        "timeline": view("timeline_blocks", killed=wide, ids=ids),
    }[view_name]
    emit_list(items, blocks, "events", **out)


# ---------------------------------------------------------------- the group


@click.group(
    cls=MalicliGroup,
    epilog=EXIT_CODES,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="malicli")
@db_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """An offline reference on the Mali War (2012 to today).

    The database is built from the source texts on first use; every fact
    shows the file and line it came from.
    """
    ctx.ensure_object(State)


# ---------------------------------------------------------------- battle


@cli.group(cls=MalicliGroup)
def battle() -> None:
    """Named battles, sieges, raids, ambushes and offensives."""


@battle.command("list")
@event_filters
@click.option("--sort", type=click.Choice(["date", "name"]), default="date", show_default=True)
@list_options(limit=None)
@output_options(list_shaped=True, geo=True)
@db_option
@click.pass_obj
def battle_list(
    state: State, sort: str, limit: int | None, offset: int, with_casualties: bool, **kwargs: Any
) -> None:
    """List named battles in date order, with the killed figures claimed when there is room."""
    filters, out = _split(kwargs)
    event_list(state, "battles", filters, out, limit, offset, with_casualties, types=("battle",), sort=sort)


@battle.command("show")
@click.argument("name", shell_complete=_complete("battle"))
@click.option("--why", is_flag=True, help="Show, for each field, the quote and file:line it came from.")
@output_options()
@db_option
@click.pass_obj
def battle_show(state: State, name: str, why: bool, **out: Any) -> None:
    """Show one battle as an infobox: dates, place, sides, figures, timeline, sources.

    NAME may be any case, with or without accents, or a unique part of the name.
    """
    from . import query

    conn = state.conn()
    try:
        eid = query.resolve_battle(conn, name)
    except NotFound as exc:
        other = query.event_named(conn, name)
        if other:
            exc.hint = f"{name!r} is an {other[1]}, not a battle: malicli event show {other[0]}"
        raise
    emit_one(query.battle(conn, eid), view("battle_blocks", why=why), **out)


@cli.group(cls=MalicliGroup)
def event() -> None:
    """Any event: a battle, a news incident or a timeline event."""


@event.command("show")
@click.argument("name_or_id", shell_complete=_complete("event"))
@click.option("--why", is_flag=True, help="Show, for each field, the quote and file:line it came from.")
@output_options()
@db_option
@click.pass_obj
def event_show(state: State, name_or_id: str, why: bool, **out: Any) -> None:
    """Show one event by its id (as search, timeline and --json print it) or its name."""
    from . import query

    conn = state.conn()
    data = query.event(conn, query.resolve_event(conn, name_or_id))
    emit_one(data, view("battle_blocks", why=why), **out)


# ---------------------------------------------------------------- search, timeline


@cli.command()
@click.argument("text", nargs=-1)
@event_filters
@mentions_option
@list_options(limit=50)
@output_options(list_shaped=True, geo=True)
@db_option
@click.pass_obj
def search(state: State, text: tuple[str, ...], **options: Any) -> None:
    """Search battles, news incidents and timeline events; every filter given must hold.

    TEXT: every word must occur in a name, summary or source sentence (ranked,
    with a snippet); words are stemmed (kill finds killed), coup* is a prefix,
    and the names of actors and places count with all their aliases (GSIM finds
    JNIM, Tombouctou finds Timbuktu). A person's name also finds the battles
    they commanded.
    """
    _text_list(state, "results", text, options)


@cli.command()
@click.argument("text", nargs=-1)
@event_filters
@mentions_option
@list_options(limit=None)
@output_options(list_shaped=True, geo=True)
@db_option
@click.pass_obj
def timeline(state: State, text: tuple[str, ...], **options: Any) -> None:
    """Every dated event in date order, grouped by year; TEXT as for search."""
    _text_list(state, "timeline", text, options, dated=True, sort="time")


def _text_list(state: State, view_name: str, text: tuple[str, ...], options: dict, **fixed: Any) -> None:
    """search and timeline: the command's filters, list options and TEXT handed to event_list."""
    filters, out = _split(options)
    limit, offset, with_casualties = (out.pop(k) for k in ("limit", "offset", "with_casualties"))
    if text:
        fixed["text"] = " ".join(text)
    event_list(state, view_name, filters, out, limit, offset, with_casualties, **fixed)


# ---------------------------------------------------------------- people, actors, places


def entity_group(
    kind: str,
    plural: str,
    *,
    help: str,
    list_help: str,
    show_help: str,
    geo: bool = False,
    resolve: Callable[[sqlite3.Connection, str], str] | None = None,
    show_flags: dict[str, str] | None = None,
) -> click.Group:
    """Add the group of one kind of entity (person, actor, place) with its ``list`` and ``show``.

    They call ``query.<plural>``, ``query.resolve_<kind>`` (or ``resolve``) and ``query.<kind>``,
    and render with the views ``<kind>_list_blocks`` and ``<kind>_blocks``. ``show_flags``: flags
    of ``show`` ({"--with-mentions": help}), handed to ``query.<kind>`` by their names ("mentions").
    """
    flags = show_flags or {}
    group = MalicliGroup(kind, help=help)
    cli.add_command(group)

    @group.command("list", help=list_help)
    @output_options(list_shaped=True, geo=geo)
    @db_option
    @click.pass_obj
    def list_command(state: State, **out: Any) -> None:
        from . import query

        emit_list(getattr(query, plural)(state.conn()), view(f"{kind}_list_blocks"), plural, **out)

    names = {flag: flag.removeprefix("--").removeprefix("with-").replace("-", "_") for flag in flags}

    @output_options()
    @db_option
    @click.pass_obj
    def show_command(state: State, name: str, **out: Any) -> None:
        from . import query

        given = {names[flag]: out.pop(names[flag]) for flag in flags}
        conn = state.conn()
        entity_id = (resolve or getattr(query, f"resolve_{kind}"))(conn, name)
        emit_one(getattr(query, kind)(conn, entity_id, **given), view(f"{kind}_blocks"), **out)

    command: Any = show_command
    for flag, flag_help in reversed(flags.items()):
        command = click.option(flag, names[flag], is_flag=True, help=flag_help)(command)
    command = click.argument("name", shell_complete=_complete(kind))(command)
    group.command("show", help=show_help)(command)
    return group


def _resolve_actor(conn: sqlite3.Connection, name: str) -> str:
    """The actor's id; a NotFound that names the person when the name is a person's."""
    from . import query

    try:
        return query.resolve_actor(conn, name)
    except NotFound as exc:
        try:
            pid = query.resolve_person(conn, name)
        except MalicliError:
            raise exc from None
        exc.hint = f"{name!r} is a person: malicli person show {pid}"
        raise


person = entity_group(
    "person",
    "people",
    help="Commanders and people the texts name.",
    list_help="List people: battles commanded and the actors of their sides.",
    show_help="""Show a person: battles commanded (side, rank, fate where stated), descriptions,
    the sentences naming them and the sources.""",
)
actor = entity_group(
    "actor",
    "actors",
    help="Armed forces, groups and missions, with their aliases.",
    list_help="List actors with their kind and number of events.",
    show_help="Show an actor: aliases, kind, description, events by side and role, allies, opponents.",
    resolve=_resolve_actor,
    show_flags={"--with-mentions": f"List {MENTIONS_HELP} too."},
)
place = entity_group(
    "place",
    "places",
    help="Towns, regions and countries, English and French names.",
    list_help="List places with coordinates and number of events.",
    show_help="Show a place: names, region, coordinates, events there.",
    geo=True,
)


# ---------------------------------------------------------------- db


@cli.group(cls=MalicliGroup)
def db() -> None:
    """Build and inspect the database."""


@db.command("build")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Also build from the *.txt documents in DIR (repeatable; also $MALICLI_SOURCES).",
)
@click.option(
    "--forget-sources",
    is_flag=True,
    help="Forget the folders added by earlier builds (build from the seeds, $MALICLI_SOURCES "
    "and --source only).",
)
@click.option(
    "--report",
    is_flag=True,
    help="Print, for every document, the reader that took it and why, its events and what it "
    "left blank or did not understand (JSON with --json).",
)
@click.option("--json", "as_json", is_flag=True, help="With --report: the report as JSON.")
@click.option("--full", is_flag=True, help="Read every document again, changed or not, into a new file.")
@db_option
@click.pass_obj
def db_build(
    state: State, sources: tuple[str, ...], forget_sources: bool, report: bool, as_json: bool, full: bool
) -> None:
    """Bring the database up to date with the shipped seeds and any extra folders.

    Only the documents added, changed or removed since the last build are read
    (a progress bar shows on a terminal); --full reads them all. Folders added
    with --source are remembered: a later build (or the automatic rebuild)
    reads them again, until --forget-sources. A document no parser recognises
    is named on stderr and skipped.
    """
    from .open_database import build_now, remembered_source_dirs
    from .paths import env_source_dirs

    kept = [] if forget_sources else remembered_source_dirs(state.path)
    done = build_now(state.path, [*kept, *env_source_dirs(), *sources], warn=warn, full=full)
    click.echo(f"malicli: {done.summary()}", err=True)
    if report:
        emit_one(_build_report(done), view("build_report_blocks"), as_json)


def _build_report(done) -> list[dict]:
    """Every document of a build: its reader and why, events, problems; or why it was skipped."""
    rows = [
        {
            "file": s["file"],
            "path": s["path"],
            "reader": s["format"],
            "why": s["reader_reason"],
            "events": s["events"],
            "problems": s["problems"],
            "skipped": None,
        }
        for s in done.sources
    ]
    rows += [
        {
            "file": os.path.basename(p),
            "path": p,
            "reader": None,
            "why": None,
            "events": 0,
            "problems": [],
            "skipped": reason,
        }
        for p, reason in done.skipped
    ]
    return rows


@db.command("info")
@output_options()
@db_option
@click.pass_obj
def db_info(state: State, **out: Any) -> None:
    """Path, schema version, build time, rows per table, and each source."""
    from . import query

    emit_one(query.db_info(state.conn(), state.path), view("db_info_blocks"), **out)


@db.command("path")
@db_option
@click.pass_obj
def db_path_cmd(state: State) -> None:
    """Print the path of the database."""
    click.echo(str(state.path))


# ---------------------------------------------------------------- views: stats, map, GeoJSON, serve


def emit_geojson(items: list[dict]) -> None:
    """--geojson: a FeatureCollection of the rows that have coordinates; the others named on stderr."""
    from . import render
    from .render.geojson import feature_collection, missing_note

    events = [it for it in items if "lat" not in it]
    coords = {}
    if events:
        from .geo import event_coordinates

        state = click.get_current_context().ensure_object(State)
        coords = event_coordinates(state.conn(), [e["id"] for e in events])

    def locate(item):
        if "lat" in item:
            return None if item["lat"] is None or item["lon"] is None else (item["lon"], item["lat"])
        return coords.get(item["id"])

    collection, missing = feature_collection(items, locate)
    if missing:
        warn(missing_note(missing, len(items)))
    render.emit_json(collection)


STATS_DIMENSIONS = ("year", "month", "actor", "place", "kind", "region")  # = stats.DIMENSIONS


def _search_filters(conn, text, filters: dict) -> tuple[list, dict]:
    """The events search finds with these filters (no limit), and the filters given."""
    from . import query

    query.check_kind(conn, filters.get("kind"))
    items = query.find_events(conn, text=text, limit=None, **filters)
    names = {"actors": "actor", "date_from": "from", "date_to": "to", "min_killed": "min-killed"}
    given = {"text": text, **{names.get(k, k): list(v) if k == "actors" else v for k, v in filters.items()}}
    return items, given


@cli.command("stats")
@click.argument("text", required=False)
@click.option(
    "--by",
    "by",
    multiple=True,
    type=click.Choice(STATS_DIMENSIONS),
    help="Group by this (default year); give it twice for a cross table: --by year --by actor.",
)
@event_filters
@click.option("--top", type=click.IntRange(min=1, max=10**9), help="Only the N largest groups.")
@output_options(list_shaped=True)
@db_option
@click.pass_obj
def stats_cmd(
    state: State,
    text: str | None,
    by: tuple[str, ...],
    top: int | None,
    as_json: bool,
    as_csv: bool,
    as_nl: bool,
    no_pager: bool,
    **filters: Any,
) -> None:
    """Count events, battles and casualty claims by year, month, actor, place, kind or region.

    Takes the filters of search. Casualty figures are summed per claim as a
    low-high span, never adding two claims about the same losses; the output
    says what was counted.
    """
    from . import render, stats

    if sum(map(bool, (as_json, as_csv, as_nl))) > 1:
        raise MalicliError("choose one of --json, --csv, --nl", code=ExitCode.USAGE)
    conn = state.conn()
    items, given = _search_filters(conn, text, filters)
    report = stats.stats(conn, by or ("year",), items, top=top, filters=given)
    if as_json:
        render.emit_json(report)
    elif as_csv:
        render.emit_csv(report["groups"])
    elif as_nl:
        render.emit_nl(report["groups"])
    else:
        from .render.chart import stats_blocks

        render.emit_blocks(stats_blocks(report), pager=not no_pager)


@cli.command("map")
@click.argument("text", required=False)
@event_filters
@click.option(
    "--width", type=click.IntRange(min=40, max=1000), help="Columns (default: the terminal's, or 80)."
)
@click.option("--ascii", "ascii_only", is_flag=True, help="Draw with ASCII characters only.")
@output_options()
@db_option
@click.pass_obj
def map_cmd(
    state: State,
    text: str | None,
    width: int | None,
    ascii_only: bool,
    as_json: bool,
    no_pager: bool,
    **filters: Any,
) -> None:
    """Draw a map of Mali with the events that match, one marker per town.

    Takes the filters of search. Markers are sized and shaded by the number of
    events; the legend says which events are not on the map and why.
    """
    from . import geo, render

    conn = state.conn()
    items, given = _search_filters(conn, text, filters)
    data = geo.map_points(conn, items) | {"filters": {k: v for k, v in given.items() if v not in (None, [])}}
    if as_json:
        render.emit_json(data)
        return
    from .render.chart import term_width
    from .render.mapview import draw

    data |= {"outline": geo.outline(), "towns": geo.places_with_events(conn)}
    render.write(draw(data, width or term_width(), colour=render.use_colour(), ascii_only=ascii_only))


@cli.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one)."
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on."
)
@db_option
@click.pass_obj
def serve_cmd(state: State, host: str, port: int) -> None:
    """Open the database in Datasette, read-only, in a web browser.

    Titles, descriptions of every table and column, facets, full-text search
    on events and prepared queries included. Needs the web extra:
    pip install 'malicli[web]'.
    """
    from . import serve

    serve._require_datasette()
    serve.serve(state.path, state.conn(), host, port, say=warn)


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> None:
    """The console script: click's own handling plus quiet pipes, Ctrl-C and no tracebacks."""
    try:
        rv = cli.main(args=argv, prog_name="malicli", standalone_mode=False)
        code = rv if isinstance(rv, int) else 0
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        code = 0
        _silence_stdout()
    except Exception as exc:  # a bug: one line, not a traceback, unless debugging
        if os.environ.get("MALICLI_DEBUG") == "1":
            raise
        click.echo(
            f"Error: internal error: {type(exc).__name__}: {_one_line(str(exc))}"
            f"\nHint: run with MALICLI_DEBUG=1 for the traceback",
            err=True,
        )
        code = ExitCode.ERROR
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(int(code))


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
