"""The event filters shared by `timeline`, `export timelinejs` and `export html`: option text
turned into dates, checked once, and applied in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bilat.errors import UsageError, unknown_choice
from bilat.records import record_of

if TYPE_CHECKING:  # imported lazily: the index path answers without the model or dates
    import datetime

    from bilat.commands.options import EventFilters
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


def filtered_events(query: Query, filters: EventFilters) -> list:
    """The events the filters select, in date order (newest first with --reverse)."""
    first, last = date_range(filters.since, filters.until)
    events = query.events(
        since=first,
        until=last,
        country=filters.country,
        kind=filters.kind.lower() if filters.kind is not None else None,
        person=query.resolve_filter(filters.person, "person"),
        org=query.resolve_filter(filters.org, "organization"),
    )
    return narrow_events(events, filters.confidence, filters.match, filters.reverse)


def narrow_events(
    events: list, confidence: list[str] | None, match: str | None, reverse: bool
) -> list:
    """The timeline's own filters, after the query's: confidence levels, text, order."""
    if confidence:
        from bilat.vocab import CONFIDENCE

        for level in confidence:
            if level not in CONFIDENCE:
                raise unknown_choice("confidence", level, CONFIDENCE)
        events = [e for e in events if e.confidence in confidence]
    if match is not None:
        from bilat.query.search.rules import record_rank, search_words

        words = search_words(match)
        events = [e for e in events if record_rank(record_of(e), words) is not None]
    return list(reversed(events)) if reverse else events
