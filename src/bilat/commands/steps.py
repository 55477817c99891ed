"""Small steps between parsing and rendering that more than one front end could use: turning
option text into values and query results into rows."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from bilat.errors import UsageError
from bilat.records import record_of
from bilat.render.views import Row

if TYPE_CHECKING:  # imported lazily: the index path answers without the model or dates
    import datetime

    from bilat.query.base import QueryBase as Query


def date_bound(text: str | None, option: str, *, end: bool) -> datetime.date | None:
    """--since/--until text as the first (or last) day it names."""
    if text is None:
        return None
    from bilat.dates import DateError, parse_bound

    try:
        return parse_bound(text, end=end)
    except DateError as err:
        raise UsageError(f"{option}: {err}") from None


def date_range(since: str | None, until: str | None):
    """--since and --until as (first day, last day); a usage error when they are reversed."""
    first = date_bound(since, "--since", end=False)
    last = date_bound(until, "--until", end=True)
    if first is not None and last is not None and first > last:
        raise UsageError(f"--since {since} is after --until {until}; swap them")
    return first, last


def narrow_events(
    events: list, confidence: list[str] | None, match: str | None, reverse: bool
) -> list:
    """The timeline's own filters, after the query's: confidence levels, text, order."""
    if confidence:
        from bilat.errors import did_you_mean
        from bilat.vocab import CONFIDENCE

        for level in confidence:
            if level not in CONFIDENCE:
                raise UsageError(
                    f'unknown confidence "{level}"{did_you_mean(level, CONFIDENCE)}'
                    f"; expected one of {', '.join(CONFIDENCE)}"
                )
        events = [e for e in events if e.confidence in confidence]
    if match is not None:
        from bilat.query.base import match_texts, record_search_texts, search_words

        words = search_words(match)
        events = [
            e for e in events if match_texts(record_search_texts(record_of(e)), words) is not None
        ]
    return list(reversed(events)) if reverse else events


def search_rows(query: Query, text: str) -> SearchRows:
    return SearchRows(query.search(text))


class SearchRows:
    """Search results as rows, made one at a time as they are read: a common word can find
    tens of thousands of entries, and a renderer that streams (plain, ndjson, csv, tsv,
    compact json) then holds one decoded record at a time. Slicing (--limit) comes first."""

    __slots__ = ("_hits",)

    def __init__(self, hits: list) -> None:
        self._hits = hits

    def __len__(self) -> int:
        return len(self._hits)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return SearchRows(self._hits[index])
        return _result_row(self._hits[index])

    def __iter__(self):
        for hit in self._hits:
            yield _result_row(hit)


def _result_row(hit) -> Row:
    def make(entry) -> dict[str, object]:
        data = dict(record_of(entry))
        data["name"] = entry.label
        data["matched"] = hit.field
        return data

    return Row(None, hit.entry, make)


def category_rows(query: Query) -> list[Row]:
    return [
        Row(
            {
                "id": c.id,
                "type": "category",
                "name": c.name,
                "definition": c.definition,
                "sipri": c.sipri,
                "aliases": list(c.aliases),
                "count": count,
            }
        )
        for c, count in query.categories()
    ]


def validate_files(session) -> None:
    """Load every file; DataError (exit 1) lists the problems, else a one-line summary."""
    from bilat.errors import DataError

    files = session.files()
    try:
        dataset = session.dataset()
        _check_archived_quotes(files, dataset)
    except DataError as err:
        count = len(err.problems)
        named = len({p.file for p in err.problems})
        err.summary = (
            f"{count} problem{'s' if count != 1 else ''} in {named} file{'s' if named != 1 else ''}"
        )
        raise
    entries = len(dataset.by_id)
    sys.stdout.write(
        f"ok: {entries} entries in {len(files)} file{'s' if len(files) != 1 else ''}, no problems\n"
    )


def _check_archived_quotes(files, dataset) -> None:
    """A quote of a source whose text bilat holds must be in it: `validate` reports a quote
    that is not, as `verify` does (which also shows the closest passage). Data without
    archives pays nothing."""
    from bilat.errors import DataError, Problem
    from bilat.verify.check import BAD_ARCHIVE, verify_files

    if not any(source.archive for source in dataset.sources):
        return
    outcome = verify_files(files, dataset=dataset)
    if outcome.findings:
        raise DataError(
            [
                Problem(
                    f.file,
                    f"archive: {f.detail}"
                    if f.problem == BAD_ARCHIVE
                    else f"quote not found in {f.source}'s archive "
                    "(`bilat verify` shows the closest passage)",
                    line=f.line,
                    kind=f.kind,
                    entry=f.entry,
                )
                for f in outcome.findings
            ]
        )


def verify_data(session, strict: bool, fmt: str | None) -> None:
    """Check every quote against its source's archive and report; exit 1 (a DataError) when
    a quote is not found, an archive cannot be read, or (strict) a quote has no archive."""
    from bilat.errors import DataError, Problem, did_you_mean
    from bilat.verify.check import verify_files
    from bilat.verify.report import FORMATS, write

    fmt = fmt or "plain"
    if fmt not in FORMATS:
        raise UsageError(
            f'unknown format "{fmt}"{did_you_mean(fmt, FORMATS)}; expected one '
            f"of {', '.join(FORMATS)}"
        )
    outcome = verify_files(session.files(), strict=strict)
    write(outcome, fmt, session.stdout or sys.stdout)
    if outcome.failed:
        count = len(outcome.findings)
        raise DataError(
            [
                Problem(
                    "verify",
                    f"{count} problem{'' if count == 1 else 's'} with "
                    "quotes or archives (listed above)",
                )
            ]
        )


def cite_lines(query: Query, entry_ids: list[str], style: str) -> list[str]:
    """One citation line per source citation of each entry, in the order given; a source's
    id gives the line that cites the source itself. Read from the entries' records, so a run
    answered from the index needs no model objects."""
    from bilat.citations import STYLES, format_citation, record_citations, record_parts
    from bilat.errors import did_you_mean

    if style not in STYLES:
        raise UsageError(
            f'unknown style "{style}"{did_you_mean(style, STYLES)}; expected '
            f"one of {', '.join(STYLES)}"
        )
    # Every id (or exact name or alias) is resolved before anything is printed.
    records = [record_of(query.get(query.resolve(entry_id))) for entry_id in entry_ids]
    lines = []
    for data in records:
        if data["type"] == "source":
            lines.append(format_citation(record_parts(data, None, None), style))
            continue
        for citation, speaker in record_citations(data):
            source = record_of(query.get(str(citation["source"])))
            lines.append(
                format_citation(
                    record_parts(source, citation, query.name_of(speaker) if speaker else None),
                    style,
                )
            )
    return lines
