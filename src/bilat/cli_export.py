"""`bilat export …`: the dataset written to files other tools read.

Each command parses its options and hands the Query to one module of bilat.export, imported
only when the command runs (so `bilat --help` imports no sqlite3, csv or html).
"""

# No `from __future__ import annotations` here: Typer reads these annotations on every run,
# and string annotations cost an eval each (about 10 ms over the whole app).

from typing import Annotated, Optional

import typer

from bilat.session import Session


def _data_files_kept(session: Session):
    """While an export runs, refuse to write over any data file it reads."""
    from bilat.export.atomic import never_overwrite

    return never_overwrite(path for _, path in session.files())

export_app = typer.Typer(
    help="Write the dataset to files other tools read: a TimelineJS timeline, an SQLite "
    "database for Datasette, one JSON document, or CSV files with a Frictionless data "
    "package. Every file is written whole or not at all; existing files are overwritten. "
    "Example: bilat export sqlite -o bilat.db",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _needs_path(value: str) -> str:
    if value == "-":
        raise typer.BadParameter("this export needs a path; it cannot write to stdout (-)")
    return value


FileOrStdout = Annotated[str, typer.Option(
    "--output", "-o", metavar="FILE",
    help="The file to write (overwritten if it exists), or - for stdout.")]
Since = Annotated[Optional[str], typer.Option(
    metavar="DATE", help="Only events that may have happened on or after DATE "
    "(YYYY, YYYY-MM or YYYY-MM-DD).")]
Until = Annotated[Optional[str], typer.Option(
    metavar="DATE", help="Only events that may have happened on or before DATE.")]
Country = Annotated[Optional[str], typer.Option(
    "--country", metavar="CODE", help="ISO 3166-1 alpha-2 code or country name.")]
Kind = Annotated[Optional[str], typer.Option(help="Event kind, e.g. visit, meeting.")]
Person = Annotated[Optional[str], typer.Option(metavar="ID", help="A person's id.")]
Org = Annotated[Optional[str], typer.Option(metavar="ID", help="An organization's id.")]


@export_app.command("timelinejs")
def timelinejs_command(ctx: typer.Context, output: FileOrStdout, since: Since = None,
               until: Until = None, country: Country = None, kind: Kind = None,
               person: Person = None, org: Org = None) -> None:
    """A TimelineJS3 timeline (JSON) of the events, with the filters of `bilat timeline`: a
    title slide naming the sources, then one slide per event with its honest date, summary,
    confidence and every citation.
    Example: bilat export timelinejs -o timeline.json --since 2020"""
    from bilat.commands import date_bound
    from bilat.export.timelinejs import export_timelinejs

    session = ctx.ensure_object(Session)
    query = session.query()
    events = query.events(
        since=date_bound(since, "--since", end=False), until=date_bound(until, "--until", end=True),
        country=country, kind=kind, person=person, org=org)
    with _data_files_kept(session):
        export_timelinejs(query, events, output, session.output().stream)


@export_app.command("sqlite")
def sqlite_command(
    ctx: typer.Context,
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="FILE.db", callback=_needs_path,
        help="The database to write. It and the metadata.json for Datasette written beside it "
        "are overwritten if they exist.")],
) -> None:
    """An SQLite database: a table per kind, link tables for participants, makers, roles,
    mentions and citations, foreign keys, a full-text index (entries_fts), and Datasette's
    metadata.json beside it.
    Example: bilat export sqlite -o bilat.db"""
    from bilat.export.sqlite_export import export_sqlite

    session = ctx.ensure_object(Session)
    with _data_files_kept(session):
        export_sqlite(session.query(), output)


@export_app.command("json")
def json_command(ctx: typer.Context, output: FileOrStdout) -> None:
    """The whole dataset as one JSON document: every record of every kind, keyed by table
    name (sources, people, …), with schema_version and generator.
    Example: bilat export json -o bilat.json"""
    from bilat.export.json_export import export_json

    session = ctx.ensure_object(Session)
    with _data_files_kept(session):
        export_json(session.query(), output, session.output().stream)


@export_app.command("csv")
def csv_command(
    ctx: typer.Context,
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="DIR", callback=_needs_path,
        help="The directory to write into, made if missing (its parent must exist). Files of "
        "the same names are overwritten; other files are left alone.")],
) -> None:
    """One CSV file per kind (events.csv, …) and a Frictionless datapackage.json describing
    every column. Cells that a spreadsheet would run as formulas start with an apostrophe.
    Example: bilat export csv -o bilat-csv"""
    from bilat.export.csv_export import export_csv

    session = ctx.ensure_object(Session)
    with _data_files_kept(session):
        export_csv(session.query(), output)
