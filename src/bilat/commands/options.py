"""Typed options: what both front ends hand a command body, by name, once parsed.

The Typer commands (bilat.cli) and the fast path (bilat.fastpath) build the same object from
the same values, so a body takes one argument instead of a dozen positional ones. Plain
classes, not dataclasses: every run builds one, and a dataclass costs ~0.8 ms to define.
The option names are the class annotations; the fast path's generator checks that they are
exactly the parameters the Typer command passes.
"""

from __future__ import annotations


class Options:
    """Option values by name; every name the class (and its bases) annotates must be given."""

    def __init__(self, **values: object) -> None:
        names = self.names()
        if set(values) != set(names):
            missing = sorted(set(names) - set(values))
            extra = sorted(set(values) - set(names))
            raise TypeError(f"{type(self).__name__}: missing {missing}, unexpected {extra}")
        for name, value in values.items():
            setattr(self, name, value)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for klass in reversed(cls.__mro__):
            found.update(dict.fromkeys(klass.__dict__.get("__annotations__", {})))
        return tuple(found)

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.names())
        return f"{type(self).__name__}({shown})"


class RootOptions(Options):
    data: list[str] | None
    no_builtin: bool
    no_cache: bool
    keep_going: bool
    no_pager: bool


class ListingOptions(Options):
    """How a listing is printed: the same three options on every listing command."""

    fmt: str | None
    fields: str | None
    limit: int | None


class EventFilters(Options):
    """The event filters, declared once: `timeline`, `export timelinejs` and `export html`."""

    since: str | None
    until: str | None
    country: str | None
    kind: str | None
    person: str | None
    org: str | None
    confidence: list[str] | None
    match: str | None
    reverse: bool

    def given(self) -> list[str]:
        """The filters given, as a reader would type them: ["--country PK", …]."""
        return given(*((f"--{n}", getattr(self, n)) for n in EventFilters.names()))


class TimelineOptions(EventFilters, ListingOptions):
    pass


class EquipmentOptions(ListingOptions):
    category: str | None
    country: str | None
    maker: str | None
    status: str | None


class OfficialsOptions(ListingOptions):
    country: str | None
    org: str | None


class OrgsOptions(ListingOptions):
    country: str | None
    kind: str | None


class StatementsOptions(ListingOptions):
    by: str | None
    topic: str | None


class ShowOptions(Options):
    entry_id: str
    fmt: str | None


class SearchOptions(ListingOptions):
    text: list[str]


class CiteOptions(Options):
    entry_ids: list[str]
    style: str
    fmt: str
    quotes_only: bool


# The options each query command's body takes (the fast path answers these commands).
QUERY_OPTIONS: dict[str, type[Options]] = {
    "timeline": TimelineOptions,
    "equipment": EquipmentOptions,
    "officials": OfficialsOptions,
    "orgs": OrgsOptions,
    "statements": StatementsOptions,
    "show": ShowOptions,
    "search": SearchOptions,
    "categories": ListingOptions,
    "sources": ListingOptions,
    "cite": CiteOptions,
}


def given(*options: tuple[str, object]) -> list[str]:
    """The filter options given, as a reader would type them: ["--country PK", …]."""
    shown = []
    for name, value in options:
        for item in value if isinstance(value, list) else [value]:
            if item:
                shown.append(name if item is True else f"{name} {item}")
    return shown
