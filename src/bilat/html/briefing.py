"""What the briefing page holds: the entries the filters select, with every id already turned
into a name and every citation into the parts the page shows. No HTML here: the template
(templates/briefing.html) lays these out, and Jinja escapes every value it prints.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from bilat.citations import (
    PARAPHRASE,
    is_checked,
    shown_title,
    stance_text,
    unchecked_mark,
    walk,
)
from bilat.export.common import generator, is_web_url
from bilat.html.timeline import Panel, panels
from bilat.model import Citation, Equipment, Event, Organization, Person, Source, Statement
from bilat.query.memory import Query
from bilat.records import model_of
from bilat.vocab.categories import CATEGORIES
from bilat.vocab.countries import country_name

# Which sections each filter narrows; the others show everything. A filter narrows a
# section the way the section's own command applies it (`bilat officials --country`, …).
FILTER_SECTIONS = {
    "since": ("events", "statements"),
    "until": ("events", "statements"),
    "country": ("events", "people", "organizations", "equipment"),
    "kind": ("events",),
    "person": ("events", "people", "statements"),
    "org": ("events", "people", "organizations", "equipment"),
    "category": ("equipment",),
    "topic": ("statements",),
}


@dataclass(frozen=True, slots=True)
class Filters:
    """The options of `bilat export html`, as given (text) and as checked values."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    kind: str | None = None
    person: str | None = None
    org: str | None = None
    category: str | None = None
    topic: str | None = None
    since_day: datetime.date | None = None
    until_day: datetime.date | None = None

    def given(self) -> list[tuple[str, str]]:
        """(option, value) for each filter given, in the order of FILTER_SECTIONS."""
        return [
            (name, value) for name in FILTER_SECTIONS if (value := getattr(self, name)) is not None
        ]


@dataclass(frozen=True, slots=True)
class CitationView:
    """One citation as the page shows it: the source's exact words (`quote`, with whose they
    are) or bilat's paraphrase (`says`, labelled), and where it comes from."""

    quote: str | None
    says: str | None
    speaker: str | None
    source_anchor: str
    publisher: str
    title: str  # in quotation marks, or in [square brackets] when bilat supplied it
    date: str
    url: str | None  # only an http(s) address; anything else is shown, never linked
    url_text: str | None
    note: str | None
    paraphrase_label: str = PARAPHRASE
    unchecked: str = ""  # after a quote with no saved copy of its source: its mark


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to another entry: its name, and its anchor when it is on the page."""

    name: str
    anchor: str | None


@dataclass(frozen=True, slots=True)
class RoleView:
    title: str
    rank: str | None
    organization: Ref | None
    as_of: str
    until: str | None
    citations: list[CitationView]


@dataclass(frozen=True, slots=True)
class MentionView:
    stance: str  # "Suggested for Pakistan (PK)", "Offered to Azerbaijan (AZ)" …
    citation: CitationView


@dataclass(frozen=True, slots=True)
class CategoryView:
    id: str
    name: str
    definition: str
    items: list[Equipment]


@dataclass
class Briefing:
    """Everything the template needs, with helpers it calls for names and citations."""

    title: str
    generated_at: datetime.datetime
    files: list[str]
    filters: Filters
    events: list[Event]
    people: list[Person]
    organizations: list[Organization]
    categories: list[CategoryView]
    statements: list[Statement]
    sources: list[Source]
    panels: list[Panel]
    query: Query
    generator: str = field(default_factory=generator)
    _on_page: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._on_page = {
            e.id
            for e in (
                *self.events,
                *self.people,
                *self.organizations,
                *self.statements,
                *self.sources,
                *(i for c in self.categories for i in c.items),
            )
        }

    # -- what the template calls --

    @staticmethod
    def anchor(entry_id: str) -> str:
        """The page-internal id of an entry's section (prefixed: ids such as "events" must
        not collide with the page's own)."""
        return f"entry-{entry_id}"

    def ref(self, entry_id: str) -> Ref:
        return Ref(
            self.query.name_of(entry_id),
            self.anchor(entry_id) if entry_id in self._on_page else None,
        )

    def country(self, code: str) -> str:
        return f"{country_name(code)} ({code})"

    def citations(self, entry) -> list[CitationView]:
        """Every citation the entry carries itself (a statement's are in its speaker's
        words); roles' and mentions' are shown with them."""
        # Only a citation's own `by` names a speaker (the walk's `by`): a source's narration
        # around a statement is the publisher's words, not the speaker's.
        return [self.citation(c, c.by) for c in walk(entry) if c.field == "sources"]

    def citation(self, citation, speaker: str | None) -> CitationView:
        source = model_of(self.query.get(citation.source))
        web = source.url if is_web_url(source.url) else None
        return CitationView(
            quote=citation.quote,
            says=citation.says,
            speaker=self.query.name_of(speaker) if speaker else None,
            source_anchor=self.anchor(source.id),
            publisher=source.publisher,
            title=shown_title(source.title, source.title_supplied),
            date=source.date.display() if source.date else "n.d.",
            url=web,
            url_text=source.url,
            note=citation.note,
            unchecked=unchecked_mark(citation.quote is None or is_checked(source)),
        )

    def roles(self, person: Person) -> list[RoleView]:
        cited: dict[str, list[CitationView]] = {}
        for c in walk(person):
            cited.setdefault(c.via, []).append(self.citation(c, c.by))
        return [
            RoleView(
                r.title,
                r.rank,
                self.ref(r.organization) if r.organization else None,
                r.as_of.display(),
                r.until.display() if r.until else None,
                cited.get(f"roles[{index}]", []),
            )
            for index, r in enumerate(person.roles)
        ]

    def mentions(self, item: Equipment) -> list[MentionView]:
        return [
            MentionView(
                _sentence(stance_text(c.stance, self.country(c.country) if c.country else None)),
                self.citation(c, c.by),
            )
            for c in walk(item)
            if c.field == "mentions"
        ]

    def source_reference(self, source: Source) -> CitationView:
        return self.citation(Citation(source.id), None)

    def counts(self) -> list[tuple[str, int]]:
        """(section, number of entries) for the footer."""
        return [
            ("events", len(self.events)),
            ("people", len(self.people)),
            ("organizations", len(self.organizations)),
            ("equipment", sum(len(c.items) for c in self.categories)),
            ("statements", len(self.statements)),
            ("sources", len(self.sources)),
        ]

    def summary(self) -> str:
        """What the page holds, in words: "5 events, 1 person, 3 equipment items, …"."""
        nouns = {
            "events": ("event", "events"),
            "people": ("person", "people"),
            "organizations": ("organization", "organizations"),
            "equipment": ("equipment item", "equipment items"),
            "statements": ("statement", "statements"),
            "sources": ("source", "sources"),
        }
        return ", ".join(f"{n} {nouns[name][n != 1]}" for name, n in self.counts())

    def filter_lines(self) -> list[str]:
        return [
            f"--{name} {value} (narrows {', '.join(FILTER_SECTIONS[name])})"
            for name, value in self.filters.given()
        ]


def build(
    query: Query, filters: Filters, *, title: str, files: list[str], generated_at: datetime.datetime
) -> Briefing:
    """Select what the page shows and gather it (raises UsageError on a bad filter value)."""
    f = filters
    events = query.events(
        since=f.since_day,
        until=f.until_day,
        country=f.country,
        kind=f.kind,
        person=f.person,
        org=f.org,
    )
    people = query.people(country=f.country, org=f.org)
    if f.person:
        people = [p for p in people if p.id == f.person]
    organizations = query.organizations(country=f.country)
    if f.org:
        organizations = [o for o in organizations if o.id == f.org]
    equipment = query.equipment(category=f.category, country=f.country, maker=f.org)
    statements = query.statements(by=f.person, topic=f.topic)
    if f.since_day or f.until_day:
        statements = [
            s
            for s in statements
            if s.date is not None and s.date.overlaps(f.since_day, f.until_day)
        ]
    people, organizations, events, equipment, statements = (
        [model_of(e) for e in entries]
        for entries in (people, organizations, events, equipment, statements)
    )
    categories = [
        CategoryView(c.id, c.name, c.definition, items)
        for c in CATEGORIES
        if (items := [e for e in equipment if e.category == c.id])
    ]
    cited = {
        c.source
        for entry in (*events, *people, *organizations, *equipment, *statements)
        for c in walk(entry)
    }
    sources = [model_of(s) for s in query.sources() if s.id in cited]
    return Briefing(
        title=title,
        generated_at=generated_at,
        files=files,
        filters=filters,
        events=events,
        people=people,
        organizations=organizations,
        categories=categories,
        statements=statements,
        sources=sources,
        panels=panels(events),
        query=query,
    )


def _sentence(text: str) -> str:
    """A heading in sentence case: its first letter capital, the rest as written (a country's
    name keeps its own capitals, "to" and "in" stay small)."""
    return text[:1].upper() + text[1:]
