"""Small steps between parsing and rendering that more than one front end could use: turning
option text into values and query results into rows."""

from __future__ import annotations

import datetime
import sys

from bilat.dates import DateError, parse_bound
from bilat.errors import UsageError
from bilat.query import Query
from bilat.records import record
from bilat.render.views import Row


def date_bound(text: str | None, option: str, *, end: bool) -> datetime.date | None:
    """--since/--until text as the first (or last) day it names."""
    if text is None:
        return None
    try:
        return parse_bound(text, end=end)
    except DateError as err:
        raise UsageError(f"{option}: {err}") from None


def search_rows(query: Query, text: str) -> list[Row]:
    rows = []
    for hit in query.search(text):
        data = record(hit.entry)
        data["name"] = hit.entry.label
        data["matched"] = hit.field
        rows.append(Row(data, hit.entry))
    return rows


def category_rows(query: Query) -> list[Row]:
    return [Row({"id": c.id, "type": "category", "name": c.name, "definition": c.definition,
                 "sipri": c.sipri, "aliases": list(c.aliases), "count": count})
            for c, count in query.categories()]


def validate_files(session) -> None:
    """Load every file; DataError (exit 1) lists the problems, else a one-line summary."""
    files = session.files()
    dataset = session.dataset()
    entries = len(dataset.by_id)
    sys.stdout.write(f"ok: {entries} entries in {len(files)} file{'s' if len(files) != 1 else ''}"
                     ", no problems\n")
