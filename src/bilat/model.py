"""The domain model: plain frozen dataclasses, no I/O.

Field order in each class is the order of keys in bilat's machine output (after `id` and
`type`), and field names are the TOML names: the JSON contract is this file. Each entry ends
with `defined`: where it was defined and amended (not a field a data file writes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from bilat.dates import EdtfDate


@dataclass(frozen=True, slots=True)
class Citation:
    """A source and what it supports: either its exact words (`quote`) or bilat's own
    paraphrase of what it reports (`says`), never both. `by` names whose words they are when
    they are not the publisher's own (a person quoted inside an article)."""

    source: str
    quote: str | None = None
    says: str | None = None
    by: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Speaker:
    """A passage of a source's archive that is someone's words (`by`), not the publisher's:
    from its `opening` words to its `closing` words, as printed."""

    by: str
    opening: str
    closing: str


@dataclass(frozen=True, slots=True)
class Amendment:
    """An [[amend]] table that added to (or replaced a field of) an entry: where it is, and
    which fields it gave."""

    file: str
    line: int | None
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Definition:
    """Where an entry is defined (its [[table]] header; no line when it has none) and the
    amendments applied to it, in the order they were applied. Not a field of the data: never
    compared, written in machine output as `defined`."""

    file: str
    line: int | None
    amended: tuple[Amendment, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str
    kind: str
    title_supplied: bool = False
    primary: bool = False
    role: tuple[str, ...] = ()
    url: str | None = None
    date: EdtfDate | None = None
    date_note: str | None = None
    author: str | None = None
    accessed: EdtfDate | None = None
    archive: str | None = None
    archive_sha256: str | None = None
    speakers: tuple[Speaker, ...] = ()
    notes: str | None = None
    defined: Definition | None = field(default=None, compare=False)

    type = "source"

    @property
    def label(self) -> str:
        return self.title


@dataclass(frozen=True, slots=True)
class Role:
    """A title or rank a person held, as of the date a source says so."""

    title: str
    as_of: EdtfDate
    rank: str | None = None
    organization: str | None = None
    until: EdtfDate | None = None
    sources: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    description: str | None = None
    roles: tuple[Role, ...] = ()
    sources: tuple[Citation, ...] = ()
    notes: str | None = None
    defined: Definition | None = field(default=None, compare=False)

    type = "person"

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    parent: str | None = None
    description: str | None = None
    founded: EdtfDate | None = None
    sources: tuple[Citation, ...] = ()
    notes: str | None = None
    defined: Definition | None = field(default=None, compare=False)

    type = "organization"

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    date: EdtfDate
    kind: str
    countries: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    location: str | None = None
    summary: str | None = None
    confidence: str = "reported"
    attributed_to: str | None = None
    sources: tuple[Citation, ...] = ()
    notes: str | None = None
    defined: Definition | None = field(default=None, compare=False)

    type = "event"

    @property
    def label(self) -> str:
        return self.title


@dataclass(frozen=True, slots=True)
class Mention:
    """What one source says about an equipment item: suggested, offered, in service… — in
    its exact words (`quote`) or in bilat's paraphrase (`says`)."""

    stance: str
    source: str
    quote: str | None = None
    says: str | None = None
    by: str | None = None
    for_country: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Equipment:
    id: str
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    origin: str | None = None
    makers: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    sources: tuple[Citation, ...] = ()
    notes: str | None = None
    defined: Definition | None = field(default=None, compare=False)

    type = "equipment"

    @property
    def label(self) -> str:
        return self.name

    @property
    def stances(self) -> tuple[str, ...]:
        """Each distinct stance of its mentions, in first-mentioned order."""
        return tuple(dict.fromkeys(m.stance for m in self.mentions))


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    by: str
    summary: str
    date: EdtfDate | None = None
    about: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    notes: str | None = None
    defined: Definition | None = field(default=None, compare=False)

    type = "statement"

    @property
    def label(self) -> str:
        return self.summary


Entry = Union[Source, Person, Organization, Event, Equipment, Statement]


@dataclass(frozen=True, slots=True)
class Dataset:
    """Every entry of every loaded file, in file order, each id once."""

    sources: tuple[Source, ...] = ()
    people: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    events: tuple[Event, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    statements: tuple[Statement, ...] = ()
    by_id: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    def all_entries(self) -> tuple[Entry, ...]:
        return (
            *self.sources,
            *self.people,
            *self.organizations,
            *self.events,
            *self.equipment,
            *self.statements,
        )
