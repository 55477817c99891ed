"""The one way in to the data: filtered lists, lookup by id, search, what links here.

The CLI and renderers never walk the dataset themselves, so an index can later stand behind
this interface without changing them. Unknown option values (category, country, id…) raise
UsageError with a suggestion.
"""

from __future__ import annotations

import datetime

from bilat.citations import walk
from bilat.model import (
    Citation,
    Dataset,
    Entry,
    Equipment,
    Event,
    Organization,
    Person,
    Source,
    Statement,
)
from bilat.query.base import (  # noqa: F401 - re-exported: callers import them from here
    Link,
    QueryBase,
    fold,
)
from bilat.query.search.rules import SearchHit, hit_order, record_rank, search_words
from bilat.vocab.categories import CATEGORIES


class Query(QueryBase):
    def __init__(self, dataset: Dataset) -> None:
        self._data = dataset
        self._links: dict[str, list[Link]] | None = None
        self._asked_links = False

    # -- lookups --

    def get(self, entry_id: str) -> Entry:
        """The entry with this id; UsageError with a suggestion when there is none."""
        entry = self._data.by_id.get(entry_id)
        if entry is None:
            raise self._no_entry(entry_id)
        return entry

    def type_of(self, entry_id: str) -> str | None:
        entry = self._data.by_id.get(entry_id)
        return entry.type if entry is not None else None

    def ids(self, type_name: str | None = None) -> list[str]:
        return [e.id for e in self._data.by_id.values() if type_name is None or e.type == type_name]

    def name_of(self, entry_id: str) -> str:
        entry = self._data.by_id.get(entry_id)
        return entry.label if entry is not None else entry_id

    # -- listings --

    def _events(
        self,
        since: datetime.date | None,
        until: datetime.date | None,
        code: str | None,
        kind: str | None,
        person: str | None,
        org: str | None,
    ) -> list[Event]:
        found = [
            e
            for e in self._data.events
            if (since is None and until is None) or e.date.overlaps(since, until)
        ]
        found = [
            e
            for e in found
            if (code is None or code in e.countries)
            and (kind is None or e.kind == kind)
            and (person is None or person in e.participants or e.attributed_to == person)
            and (org is None or org in e.participants or e.attributed_to == org)
        ]
        return sorted(found, key=lambda e: e.date.sort_key())

    def _equipment(
        self,
        category_id: str | None,
        code: str | None,
        maker: str | None,
        status: str | None,
    ) -> list[Equipment]:
        # With both --status and --country, one mention must say both (offered *to* AZ), so
        # an item in service somewhere and offered to AZ is not "in service in AZ".
        both = status is not None and code is not None
        return [
            e
            for e in self._data.equipment
            if (category_id is None or e.category == category_id)
            and (maker is None or maker in e.makers)
            and (
                any(m.stance == status and m.for_country == code for m in e.mentions)
                if both
                else (
                    code is None
                    or e.origin == code
                    or any(m.for_country == code for m in e.mentions)
                )
                and (status is None or status in e.stances)
            )
        ]

    def _people(self, code: str | None, org: str | None) -> list[Person]:
        return [
            p
            for p in self._data.people
            if (code is None or p.country == code)
            and (org is None or any(r.organization == org for r in p.roles))
        ]

    def _organizations(self, code: str | None, kind: str | None) -> list[Organization]:
        return [
            o
            for o in self._data.organizations
            if (code is None or o.country == code) and (kind is None or o.kind == kind)
        ]

    def _topic_choices(self) -> tuple[str, ...]:
        return tuple(sorted({t for s in self._data.statements for t in s.topics}))

    def _statements(self, by: str | None, topic: str | None) -> list[Statement]:
        found = [
            s
            for s in self._data.statements
            if (by is None or s.by == by) and (topic is None or topic in s.topics)
        ]
        return sorted(found, key=lambda s: s.date.sort_key() if s.date else ())

    def sources(self) -> list[Source]:
        return list(self._data.sources)

    def categories(self) -> list[tuple[object, int]]:
        """Each category with the number of equipment entries in it."""
        counts: dict[str, int] = {}
        for item in self._data.equipment:
            counts[item.category] = counts.get(item.category, 0) + 1
        return [(c, counts.get(c.id, 0)) for c in CATEGORIES]

    def citations(self, entry: Entry) -> list[Citation]:
        """Every citation an entry carries: its own, its roles', its mentions'."""
        return [citation for citation, _ in self.attributed_citations(entry)]

    def attributed_citations(self, entry: Entry) -> list[tuple[Citation, str | None]]:
        return attributed_citations(entry)

    # -- search and links --

    def search(self, text: str) -> list[SearchHit]:
        """Entries that hold every word of text, best first (see bilat.query.search.rules)."""
        from bilat.records import record

        words = search_words(text)
        hits = []
        for entry in self._data.by_id.values():
            rank = record_rank(record(entry), words)
            if rank is not None:
                hits.append(SearchHit(entry, rank, words))
        hits.sort(key=lambda h: hit_order(h.rank, h.entry.type, h.entry.label))
        return hits

    def names(self) -> list[str]:
        found: list[str] = []
        for entry in self._data.by_id.values():
            found.append(entry.label)
            found.extend(getattr(entry, "aliases", None) or ())
        return found

    def links_to(self, entry_id: str) -> list[Link]:
        """Every entry that refers to entry_id, and through which field."""
        if self._links is None:
            # One id (show) needs one filtered pass; build the whole map only when asked twice.
            if not self._asked_links:
                self._asked_links = True
                return [Link(entry, name) for _, entry, name in iter_links(self._data, entry_id)]
            self._links = _build_links(self._data)
        return list(self._links.get(entry_id, ()))


def attributed_citations(entry: Entry) -> list[tuple[Citation, str | None]]:
    """Each citation an entry carries (its own, its roles', its mentions') with the id of
    whoever's words it gives: the citation's or mention's `by`. A citation without one gives
    the publisher's own words — even on a statement, whose source may narrate around the
    speaker's words (never credit narration to the speaker)."""
    return [(Citation(c.source, c.quote, c.says, c.by, c.note), c.by) for c in walk(entry)]


def _build_links(data: Dataset) -> dict[str, list[Link]]:
    links: dict[str, list[Link]] = {}
    for target, entry, field_name in iter_links(data):
        links.setdefault(target, []).append(Link(entry, field_name))
    return links


def iter_links(data: Dataset, only: str | None = None):
    """Every (target id, entry that refers to it, field) once, in dataset order; with `only`,
    just those whose target is that id."""
    seen: set[tuple[str, str, str]] = set()
    for entry in data.all_entries():
        # Every citation's source and speaker: the entry's own first, its roles' and mentions'
        # after the entry's other fields (a maker before the same organization as a speaker).
        cited = list(walk(entry))
        found: list[tuple[str | None, str]] = [
            (target, c.field) for c in cited if c.field == "sources" for target in (c.source, c.by)
        ]
        if isinstance(entry, Person):
            found += [(role.organization, "roles") for role in entry.roles]
        elif isinstance(entry, Organization):
            found.append((entry.parent, "parent"))
        elif isinstance(entry, Event):
            found += [(target, "participants") for target in entry.participants]
            found.append((entry.attributed_to, "attributed_to"))
        elif isinstance(entry, Equipment):
            found += [(target, "makers") for target in entry.makers]
        elif isinstance(entry, Statement):
            found.append((entry.by, "by"))
            found += [(target, "about") for target in entry.about]
        found += [
            (target, c.field) for c in cited if c.field != "sources" for target in (c.source, c.by)
        ]
        for target, field_name in found:
            if target and target != entry.id and (only is None or target == only):
                key = (target, entry.id, field_name)
                if key not in seen:
                    seen.add(key)
                    yield target, entry, field_name
