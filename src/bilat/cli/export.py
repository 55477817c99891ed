"""`bilat export …`: the dataset written to files other tools read.

Each command parses its options and hands the Query to one module of bilat.export, imported
only when the command runs (so `bilat --help` imports no sqlite3, csv or html).
"""

# No `from __future__ import annotations` here: Typer reads these annotations on every run,
# and string annotations cost an eval each (about 10 ms over the whole app).

from typing import Annotated, Optional

import typer

from bilat.commands.session import Session


def _data_files_kept(session: Session):
    """While an export runs, refuse to write over any data file it reads."""
    from bilat.files.atomic import never_overwrite

    return never_overwrite(path for _, path in session.files())


export_app = typer.Typer(
    help="Write the dataset to files other tools read or people open: an offline HTML "
    "briefing, a TimelineJS timeline, an SQLite database for Datasette, one JSON document, or "
    "CSV files with a Frictionless data package. Every file is written whole or not at all; "
    "existing files are overwritten. "
    "Example: bilat export sqlite -o bilat.db",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def report(what: str, stream=None) -> None:
    """Say on stderr what an export wrote, when a person is watching (stderr is a terminal):
    scripts get silence, as before."""
    import sys

    stream = stream or sys.stderr
    try:
        watching = stream.isatty()
    except (AttributeError, ValueError):
        watching = False
    if watching:
        stream.write(f"bilat: wrote {what}\n")


def _entries(count: int, what: str = "entries") -> str:
    return f"{count} {what if count != 1 else what.rstrip('s').replace('entrie', 'entry')}"


def _needs_path(value: str) -> str:
    if value == "-":
        raise typer.BadParameter("this export needs a path; it cannot write to stdout (-)")
    return value


FileOrStdout = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="The file to write (overwritten if it exists), or - for stdout.",
    ),
]
Since = Annotated[
    Optional[str],
    typer.Option(
        metavar="DATE",
        help="Only events that may have happened on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
]
Until = Annotated[
    Optional[str],
    typer.Option(metavar="DATE", help="Only events that may have happened on or before DATE."),
]
Country = Annotated[
    Optional[str],
    typer.Option("--country", metavar="CODE", help="ISO 3166-1 alpha-2 code or country name."),
]
Kind = Annotated[
    Optional[str], typer.Option(metavar="KIND", help="Event kind, e.g. visit, meeting.")
]
Person = Annotated[Optional[str], typer.Option(metavar="ID", help="A person's id.")]
Org = Annotated[Optional[str], typer.Option(metavar="ID", help="An organization's id.")]


@export_app.command("timelinejs")
def timelinejs_command(
    ctx: typer.Context,
    output: FileOrStdout,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    kind: Kind = None,
    person: Person = None,
    org: Org = None,
) -> None:
    """A TimelineJS3 timeline (JSON) of the events, with the filters of `bilat timeline`: a
    title slide naming the sources, then one slide per event with its honest date, summary,
    confidence and every citation.
    Example: bilat export timelinejs -o timeline.json --since 2020"""
    from bilat.commands.steps import date_range
    from bilat.export.timelinejs import export_timelinejs

    session = ctx.ensure_object(Session)
    query = session.query()
    first, last = date_range(since, until)
    events = query.events(
        since=first,
        until=last,
        country=country,
        kind=kind.lower() if kind is not None else None,
        person=query.resolve_filter(person, "person"),
        org=query.resolve_filter(org, "organization"),
    )
    with _data_files_kept(session):
        export_timelinejs(query, events, output, session.output().stream)
    if output != "-":
        report(f"{output} ({_entries(len(events), 'events')})")


@export_app.command("sqlite")
def sqlite_command(
    ctx: typer.Context,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE.db",
            callback=_needs_path,
            help="The database to write. It and the metadata.json for Datasette written beside it "
            "are overwritten if they exist.",
        ),
    ],
) -> None:
    """An SQLite database: a table per kind with sortable date_start/date_end, link tables
    for participants, makers, roles, mentions and citations, foreign keys, full-text search
    on every table with text (as Datasette's ?_search= and `sqlite-utils search` expect),
    and Datasette's metadata.json (facets, sort order) beside it.
    Example: bilat export sqlite -o bilat.db"""
    from bilat.export.sqlite_export import export_sqlite

    session = ctx.ensure_object(Session)
    query = session.query()
    with _data_files_kept(session):
        export_sqlite(query, output)
    from pathlib import Path

    report(f"{output} ({_entries(len(query.ids()))}) and {Path(output).with_name('metadata.json')}")


@export_app.command("json")
def json_command(ctx: typer.Context, output: FileOrStdout) -> None:
    """The whole dataset as one JSON document: every record of every kind, keyed by table
    name (sources, people, …), with schema_version and generator.
    Example: bilat export json -o bilat.json"""
    from bilat.export.json_export import export_json

    session = ctx.ensure_object(Session)
    with _data_files_kept(session):
        export_json(session.query(), output, session.output().stream)
    if output != "-":
        report(f"{output} ({_entries(len(session.query().ids()))})")


@export_app.command("csv")
def csv_command(
    ctx: typer.Context,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            callback=_needs_path,
            help="The directory to write into, made if missing (its parent must exist). Files of "
            "the same names are overwritten; other files are left alone.",
        ),
    ],
) -> None:
    """One CSV file per kind (events.csv, …) and a Frictionless datapackage.json describing
    every column. Cells that a spreadsheet would run as formulas start with an apostrophe.
    Example: bilat export csv -o bilat-csv"""
    from bilat.export.csv_export import export_csv

    session = ctx.ensure_object(Session)
    query = session.query()
    with _data_files_kept(session):
        export_csv(query, output)
    report(f"{_entries(len(query.ids()))} to {output}: one CSV file per kind and datapackage.json")


@export_app.command("html")
def html_command(
    ctx: typer.Context,
    output: FileOrStdout,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    kind: Kind = None,
    person: Person = None,
    org: Org = None,
    category: Annotated[
        Optional[str],
        typer.Option(metavar="CAT", help="Only equipment of this category (id or alias)."),
    ] = None,
    topic: Annotated[
        Optional[str], typer.Option(metavar="TOPIC", help="Only statements on this topic.")
    ] = None,
    title: Annotated[
        Optional[str], typer.Option(metavar="TEXT", help="The page's title (default: Briefing).")
    ] = None,
) -> None:
    """A briefing page: one self-contained HTML file that opens offline, prints, and loads
    nothing from the network. A timeline drawing each date's real precision, then events,
    people with their roles, organizations, equipment by category and statements, each with
    its citations. Each filter narrows the sections its own command would (--since and
    --until: events and dated statements; --country: events, people, organizations,
    equipment; --person: events, that person, their statements; --org: events, people with a
    role there, that organization, its equipment); the footer lists them.
    Example: bilat export html -o briefing.html --since 2020 --title "Azerbaijan–Pakistan"
    """
    from bilat.commands.steps import date_range
    from bilat.html.briefing import Filters
    from bilat.html.page import export_html

    session = ctx.ensure_object(Session)
    query = session.query()
    # The same checks as `bilat timeline`: a reversed range is refused, a name or alias
    # stands for its id, and kinds ignore case.
    first, last = date_range(since, until)
    filters = Filters(
        since=since,
        until=until,
        country=country,
        kind=kind.lower() if kind is not None else None,
        person=query.resolve_filter(person, "person"),
        org=query.resolve_filter(org, "organization"),
        category=category,
        topic=topic,
        since_day=first,
        until_day=last,
    )
    with _data_files_kept(session):
        export_html(
            query,
            filters,
            output,
            session.output().stream,
            title=title,
            files=[name for name, _ in session.files()],
        )
    if output != "-":
        report(f"{output} (a briefing page)")
