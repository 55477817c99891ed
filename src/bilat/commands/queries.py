"""What each query command does once its options are parsed: the bodies of `bilat timeline`,
`show`, `cite` and the rest, with no Typer in sight.

Two front ends call these with the same values: the Typer commands in cli.py (thin wrappers)
and the fast argument path in bilat.fastpath, which answers common queries without importing
Typer. One body each is what makes the two paths unable to disagree; the fast path's
generator checks that every body takes exactly the parameters its Typer command has.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from bilat.commands.arguments import LIST

if TYPE_CHECKING:
    from bilat.commands.session import Session

# The commands the fast path may answer: each has a body below, named like the command.
QUERY_COMMANDS = (
    "timeline",
    "equipment",
    "officials",
    "orgs",
    "statements",
    "show",
    "search",
    "categories",
    "sources",
    "cite",
)


def finish() -> None:
    """What a run does once its answer (or error) is written: start the background index
    writer a cold run on a large dataset queued. (bilat.query.index is loaded only by runs that
    opened data.)"""
    index = sys.modules.get("bilat.query.index")
    if index is not None:
        index.write_pending()


# A session the fast path opened (perhaps loading large files) before it handed the run to
# Typer, which takes it over rather than loading the same files again (see hand_over).
_handed_over: tuple | None = None


def hand_over(session: Session | None, options: dict) -> None:
    """Leave `session`, made from root options `options`, for the next root() in this run
    (None: take back what was left)."""
    global _handed_over
    _handed_over = (options, session) if session is not None else None


def lower_choice(value):
    """Enum values are matched case-insensitively: --kind Meeting is --kind meeting. (A Typer
    parameter callback, Typer-free so that the fast path applies the same one.)"""
    if isinstance(value, list):
        return [v.lower() for v in value]
    return value.lower() if value else value


def _given(*options: tuple[str, object]) -> list[str]:
    """The filter options given, as a reader would type them: ["--country PK", …]."""
    given = []
    for name, value in options:
        for item in value if isinstance(value, list) else [value]:
            if item:
                given.append(name if item is True else f"{name} {item}")
    return given


def root(
    data: list[str] | None, no_builtin: bool, no_cache: bool, keep_going: bool, no_pager: bool
) -> Session:
    """The session a run works with, from the root options and the environment."""
    from bilat.commands.session import Session, env_data_paths

    global _handed_over
    if _handed_over is not None:
        (options, session), _handed_over = _handed_over, None
        if options == {
            "data": data,
            "no_builtin": no_builtin,
            "no_cache": no_cache,
            "keep_going": keep_going,
            "no_pager": no_pager,
        }:
            return session
    return Session(
        data=data if data else env_data_paths(os.environ),
        include_builtin=not no_builtin,
        use_cache=not no_cache and os.environ.get("BILAT_NO_CACHE", "") in ("", "0"),
        pager=not no_pager,
        keep_going=keep_going or os.environ.get("BILAT_KEEP_GOING", "") not in ("", "0"),
    )


def timeline(
    session: Session,
    since: str | None,
    until: str | None,
    country: str | None,
    kind: str | None,
    person: str | None,
    org: str | None,
    confidence: list[str] | None,
    match: str | None,
    reverse: bool,
    fmt: str | None,
    fields: str | None,
    limit: int | None,
) -> None:
    from bilat.commands.steps import date_range, narrow_events

    query = session.query()
    first, last = date_range(since, until)
    events = query.events(
        since=first,
        until=last,
        country=country,
        kind=kind,
        person=query.resolve_filter(person, "person"),
        org=query.resolve_filter(org, "organization"),
    )
    events = narrow_events(events, confidence, match, reverse)
    filters = _given(
        ("--since", since),
        ("--until", until),
        ("--country", country),
        ("--kind", kind),
        ("--person", person),
        ("--org", org),
        ("--confidence", confidence),
        ("--match", match),
        ("--reverse", reverse),
    )
    session.emit_entries("event", events, fmt, fields, limit, filters)


def equipment(
    session: Session,
    category: str | None,
    country: str | None,
    maker: str | None,
    status: str | None,
    fmt: str | None,
    fields: str | None,
    limit: int | None,
) -> None:
    query = session.query()
    items = query.equipment(
        category=category,
        country=country,
        status=status,
        maker=query.resolve_filter(maker, "organization"),
    )
    session.emit_entries(
        "equipment",
        items,
        fmt,
        fields,
        limit,
        _given(
            ("--category", category),
            ("--country", country),
            ("--maker", maker),
            ("--status", status),
        ),
    )


def officials(
    session: Session,
    country: str | None,
    org: str | None,
    fmt: str | None,
    fields: str | None,
    limit: int | None,
) -> None:
    query = session.query()
    org = query.resolve_filter(org, "organization")
    session.emit_entries(
        "person",
        query.people(country=country, org=org),
        fmt,
        fields,
        limit,
        _given(("--country", country), ("--org", org)),
    )


def orgs(
    session: Session,
    country: str | None,
    kind: str | None,
    fmt: str | None,
    fields: str | None,
    limit: int | None,
) -> None:
    session.emit_entries(
        "organization",
        session.query().organizations(country=country, kind=kind),
        fmt,
        fields,
        limit,
        _given(("--country", country), ("--kind", kind)),
    )


def statements(
    session: Session,
    by: str | None,
    topic: str | None,
    fmt: str | None,
    fields: str | None,
    limit: int | None,
) -> None:
    query = session.query()
    if topic == LIST:  # --topic without a value
        (session.stdout or sys.stdout).write("".join(f"{t}\n" for t in query.topics()))
        return
    by = query.resolve_filter(by, "person")
    session.emit_entries(
        "statement",
        query.statements(by=by, topic=topic),
        fmt,
        fields,
        limit,
        _given(("--by", by), ("--topic", topic)),
    )


def show(session: Session, entry_id: str, fmt: str | None) -> None:
    session.emit_entry(entry_id, fmt)


def search(
    session: Session, text: list[str], fmt: str | None, fields: str | None, limit: int | None
) -> None:
    from bilat.commands.steps import search_rows

    session.emit_listing(
        "result",
        search_rows(session.query(), " ".join(text)),
        fmt,
        fields,
        limit,
        [f'"{" ".join(text)}"'],
    )


def categories(session: Session, fmt: str | None, fields: str | None, limit: int | None) -> None:
    from bilat.commands.steps import category_rows

    session.emit_listing("category", category_rows(session.query()), fmt, fields, limit)


def sources(session: Session, fmt: str | None, fields: str | None, limit: int | None) -> None:
    session.emit_entries("source", session.query().sources(), fmt, fields, limit)


def cite(session: Session, entry_ids: list[str], style: str) -> None:
    from bilat.commands.steps import cite_lines

    stream = session.stdout or sys.stdout
    for line in cite_lines(session.query(), entry_ids, style):
        stream.write(line + "\n")
