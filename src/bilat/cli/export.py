"""`bilat export …`: the dataset written to files other tools read.

Each command parses its options and hands the Query to one module of bilat.export, imported
only when the command runs (so `bilat --help` imports no sqlite3, csv or html).
"""

# No `from __future__ import annotations` here: Typer reads these annotations on every run,
# and string annotations cost an eval each (about 10 ms over the whole app).

from typing import Annotated, Optional

import typer

from bilat.cli.options import (
    Confidence,
    Country,
    EventKind,
    Match,
    Org,
    Person,
    Reverse,
    Since,
    Until,
)
from bilat.commands.options import EventFilters

export_app = typer.Typer(
    help="Write the dataset to files other tools read or people open: an offline HTML "
    "briefing, a TimelineJS timeline, an SQLite database for Datasette, one JSON document, or "
    "CSV files with a Frictionless data package. Every file is written whole or not at all; "
    "existing files are overwritten. "
    "Example: bilat export sqlite -o bilat.db",
    no_args_is_help=True,
    rich_markup_mode=None,
)


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


@export_app.command("timelinejs")
def timelinejs_command(
    ctx: typer.Context,
    output: FileOrStdout,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    kind: EventKind = None,
    person: Person = None,
    org: Org = None,
    confidence: Confidence = None,
    match: Match = None,
    reverse: Reverse = False,
    title: Annotated[
        Optional[str],
        typer.Option(
            metavar="TEXT",
            help="The title slide's headline (default: Timeline, the number of events and the "
            "dates asked for).",
        ),
    ] = None,
    text: Annotated[
        Optional[str],
        typer.Option(
            metavar="TEXT",
            help="The title slide's text, before the list of sources (default: how to read the "
            "slides). A blank line starts a new paragraph.",
        ),
    ] = None,
) -> None:
    """A TimelineJS3 timeline (JSON) of the events, with the filters of `bilat timeline`: a
    title slide with its title, text and the sources cited, then one slide per event with its
    honest date, summary, confidence and every citation. An event with no known start is drawn
    from the timeline's first day, never on its end date; nothing reaches outside --since and
    --until.
    Example: bilat export timelinejs -o timeline.json --since 2020 --title "Azerbaijan–Pakistan"
    """
    values = dict(locals())  # the parameters: taken before anything else is named here
    values.pop("ctx"), values.pop("output"), values.pop("title"), values.pop("text")
    from bilat.commands import exports

    exports.timelinejs(ctx.obj, EventFilters(**values), output, title, text)


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
    from bilat.commands import exports

    exports.sqlite(ctx.obj, output)


@export_app.command("json")
def json_command(ctx: typer.Context, output: FileOrStdout) -> None:
    """The whole dataset as one JSON document: every record of every kind, keyed by table
    name (sources, people, …), with schema_version and generator.
    Example: bilat export json -o bilat.json"""
    from bilat.commands import exports

    exports.json(ctx.obj, output)


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
    from bilat.commands import exports

    exports.csv(ctx.obj, output)


@export_app.command("html")
def html_command(
    ctx: typer.Context,
    output: FileOrStdout,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    kind: EventKind = None,
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
    from bilat.commands import exports

    filters = EventFilters(
        since=since,
        until=until,
        country=country,
        kind=kind,
        person=person,
        org=org,
        confidence=None,
        match=None,
        reverse=False,
    )
    exports.html(ctx.obj, filters, output, category, topic, title)
