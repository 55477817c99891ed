"""The bodies of `bilat export …`: each hands the query to one module of bilat.export (or
bilat.html), imported only when the command runs, so `bilat --help` imports no sqlite3, csv
or Jinja2. Every export refuses to write over a data file it reads."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bilat.text import warn

if TYPE_CHECKING:
    from bilat.commands.options import EventFilters
    from bilat.commands.session import Session


def _data_files_kept(session: Session):
    """While an export runs, refuse to write over any data file it reads."""
    from bilat.files.atomic import never_overwrite

    return never_overwrite(path for _, path in session.files())


def report(what: str, stream=None) -> None:
    """Say on stderr what an export wrote, when a person is watching (stderr is a terminal):
    scripts get silence, as before."""
    stream = stream or sys.stderr
    try:
        watching = stream.isatty()
    except (AttributeError, ValueError):
        watching = False
    if watching:
        warn(f"bilat: wrote {what}", stream)


def _entries(count: int, what: str = "entries") -> str:
    return f"{count} {what if count != 1 else what.rstrip('s').replace('entrie', 'entry')}"


def timelinejs(
    session: Session,
    filters: EventFilters,
    output: str,
    title: str | None = None,
    text: str | None = None,
) -> None:
    from bilat.commands.filters import date_range, filtered_events
    from bilat.export.timelinejs import Window, export_timelinejs

    query = session.query()
    events = filtered_events(query, filters)
    first, last = date_range(filters.since, filters.until)
    window = Window(events, first, last, named=(filters.since, filters.until))
    with _data_files_kept(session):
        export_timelinejs(query, events, output, session.output().stream, window, title, text)
    if output != "-":
        report(f"{output} ({_entries(len(events), 'events')})")


def sqlite(session: Session, output: str) -> None:
    from bilat.export.sqlite_export import export_sqlite

    query = session.query()
    with _data_files_kept(session):
        export_sqlite(query, output)
    report(f"{output} ({_entries(len(query.ids()))}) and {Path(output).with_name('metadata.json')}")


def json(session: Session, output: str) -> None:
    from bilat.export.json_export import export_json

    with _data_files_kept(session):
        export_json(session.query(), output, session.output().stream)
    if output != "-":
        report(f"{output} ({_entries(len(session.query().ids()))})")


def csv(session: Session, output: str) -> None:
    from bilat.export.csv_export import export_csv

    query = session.query()
    with _data_files_kept(session):
        export_csv(query, output)
    report(f"{_entries(len(query.ids()))} to {output}: one CSV file per kind and datapackage.json")


def html(
    session: Session,
    filters: EventFilters,
    output: str,
    category: str | None,
    topic: str | None,
    title: str | None,
) -> None:
    from bilat.commands.filters import date_range
    from bilat.html.briefing import Filters
    from bilat.html.page import export_html

    query = session.query()
    # The same checks as `bilat timeline`: a reversed range is refused, a name or alias
    # stands for its id, and kinds ignore case.
    first, last = date_range(filters.since, filters.until)
    chosen = Filters(
        since=filters.since,
        until=filters.until,
        country=filters.country,
        kind=filters.kind.lower() if filters.kind is not None else None,
        person=query.resolve_filter(filters.person, "person"),
        org=query.resolve_filter(filters.org, "organization"),
        category=category,
        topic=topic,
        since_day=first,
        until_day=last,
    )
    with _data_files_kept(session):
        export_html(
            query,
            chosen,
            output,
            session.output().stream,
            title=title,
            files=[name for name, _ in session.files()],
        )
    if output != "-":
        report(f"{output} (a briefing page)")
