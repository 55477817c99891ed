"""What every query implementation shares, kept light: the CLI imports this (and not the
model) on the path that answers from the cached index.

`bilat.query.memory.Query` answers from an in-memory Dataset and
`bilat.query.sqlite.IndexedQuery` from the SQLite cache; both subclass QueryBase and must give
identical results (a differential test compares them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bilat.errors import Suggestions, UsageError, a_or_an, did_you_mean, unknown_choice
from bilat.query.search.rules import KIND_ORDER, PART_OF_WORD, SearchHit
from bilat.text import fold

if TYPE_CHECKING:
    import datetime


class Link:
    """An entry that refers to another, and through which field."""

    __slots__ = ("entry", "field")

    def __init__(self, entry, field: str) -> None:
        self.entry = entry
        self.field = field


class QueryBase:
    """What every implementation shares: turning option text into checked values.

    Subclasses provide the data access: `Query` over an in-memory Dataset, and
    `bilat.query.sqlite.IndexedQuery` over the SQLite cache; both must give identical results."""

    def country(self, text: str) -> str:
        from bilat.vocab.countries import country_choices, resolve_country

        code = resolve_country(text)
        if code is None:
            raise UsageError(
                f'unknown country "{text}"{did_you_mean(text, country_choices())}; '
                "use an ISO 3166-1 alpha-2 code such as AZ or PK"
            )
        return code

    def category(self, text: str) -> str:
        from bilat.vocab.categories import category_choices, resolve_category

        category_id = resolve_category(text)
        if category_id is None:
            raise UsageError(
                f'unknown category "{text}"{did_you_mean(text, category_choices())};'
                " see `bilat categories`"
            )
        return category_id

    def _reject_empty(self, **filters: str | None) -> None:
        """An empty filter (`--person "$WHO"` with WHO unset) is a mistake, not "any" nor
        "none": every implementation refuses it the same way, before anything else."""
        for name, value in filters.items():
            if value is not None and not value.strip():
                raise UsageError(f"--{name} is empty: give a value, or leave the option out")

    def _check_choice(self, what: str, value: str | None, choices: tuple[str, ...]) -> None:
        if value is not None and value not in choices:
            raise unknown_choice(what, value, choices)

    def _expect(self, entry_id: str, type_name: str) -> None:
        found = self.type_of(entry_id)
        if found is None:
            raise UsageError(
                f'no {type_name} with id "{entry_id}"{Suggestions(self.ids(type_name))(entry_id)}'
            )
        if found != type_name:
            raise UsageError(f'"{entry_id}" is {a_or_an(found)}, not {a_or_an(type_name)}')

    def _no_entry(self, entry_id: str) -> UsageError:
        return UsageError(f'no entry with id "{entry_id}"{Suggestions(self.ids())(entry_id)}')

    def resolve_filter(self, text: str | None, type_name: str) -> str | None:
        """A filter option's id: None when the option was not given, and an empty value
        passed through as it is, for the query to refuse like any empty filter."""
        if text is None or not text.strip():
            return text
        return self.resolve(text, type_name)

    def resolve(self, text: str, type_name: str | None = None) -> str:
        """The id `text` names: the id itself; else (ignoring case, accents, punctuation and
        romanisation, as search does) the one entry whose id, name or alias it is; else the
        one whose name or alias holds its words where words start (`munir` -> syed-asim-munir;
        whole words before the starts of words). Without a type, people and organizations
        come before other entries. A usage error otherwise: the candidates when there are
        several (people and organizations first), else an id the text begins
        (`karim` -> karim-valiyev) or one close to it."""
        if self.type_of(text) is not None:
            return text
        from bilat.vocab.translit import search_key  # only for a name, not an id

        what = type_name or "entry"
        wanted = fold(text)
        if not wanted.strip():
            raise UsageError(f"no {what} with an empty id")
        try:
            hits = self.naming_hits(text)
        except UsageError:  # no words at all ("-")
            hits = []
        exact, named = [], []
        key = search_key(text)
        for hit in hits:
            entry = hit.entry
            if type_name is not None and entry.type != type_name:
                continue
            # Its names and aliases as search stored them: no record to decode for each.
            names = [text for _, text, _ in hit.texts(0) + hit.texts(1)]
            if any(fold(name) == wanted or search_key(name) == key for name in names):
                exact.append(entry)
            else:
                named.append((hit.rank >= PART_OF_WORD, entry))
        for tier in (
            exact,
            [e for part, e in named if not part],
            [e for part, e in named if part],
        ):
            found = _by_kind(tier)
            if type_name is None and len(found) > 1:
                people = [e for e in found if e.type in _NAMED_FIRST]
                found = people if len(people) == 1 else found
            if len(found) == 1:
                return found[0].id
            if found:
                shown = ", ".join(f"{e.id} ({e.type})" for e in found[:5])
                more = f" and {len(found) - 5} more" if len(found) > 5 else ""
                raise UsageError(f'"{text}" names more than one {what}: {shown}{more}; give the id')
        ids = self.ids(type_name)
        starting = [i for i in ids if i.startswith(wanted)]
        if starting:
            shown = ", ".join(f'"{i}"' for i in starting[:5])
            more = f" and {len(starting) - 5} more" if len(starting) > 5 else ""
            raise UsageError(f'no {what} with id "{text}" (did you mean {shown}{more}?)')
        raise UsageError(f'no {what} with id "{text}"{Suggestions(ids)(text)}')

    def topics(self) -> list[str]:
        """Every statement topic, sorted."""
        return list(self._topic_choices())

    # -- the listings: every filter checked here, once; the data access is the subclass's --

    def events(
        self,
        *,
        since: datetime.date | None = None,
        until: datetime.date | None = None,
        country: str | None = None,
        kind: str | None = None,
        person: str | None = None,
        org: str | None = None,
    ) -> list:
        """Events in date order (earliest possible day, then latest), filtered."""
        from bilat.vocab import EVENT_KINDS

        self._reject_empty(country=country, kind=kind, person=person, org=org)
        code = self.country(country) if country else None
        self._check_choice("kind", kind, EVENT_KINDS)
        if person:
            self._expect(person, "person")
        if org:
            self._expect(org, "organization")
        return self._events(since, until, code, kind, person, org)

    def equipment(
        self,
        *,
        category: str | None = None,
        country: str | None = None,
        maker: str | None = None,
        status: str | None = None,
    ) -> list:
        from bilat.vocab import STANCES

        self._reject_empty(category=category, country=country, maker=maker, status=status)
        category_id = self.category(category) if category else None
        code = self.country(country) if country else None
        if maker:
            self._expect(maker, "organization")
        self._check_choice("status", status, STANCES)
        return self._equipment(category_id, code, maker, status)

    def people(self, *, country: str | None = None, org: str | None = None) -> list:
        self._reject_empty(country=country, org=org)
        code = self.country(country) if country else None
        if org:
            self._expect(org, "organization")
        return self._people(code, org)

    def organizations(self, *, country: str | None = None, kind: str | None = None) -> list:
        from bilat.vocab import ORGANIZATION_KINDS

        self._reject_empty(country=country, kind=kind)
        code = self.country(country) if country else None
        self._check_choice("kind", kind, ORGANIZATION_KINDS)
        return self._organizations(code, kind)

    def statements(self, *, by: str | None = None, topic: str | None = None) -> list:
        """Statements by date (undated first), filtered."""
        self._reject_empty(by=by, topic=topic)
        if by:
            self._expect(by, "person")
        if topic:
            self._check_choice("topic", topic, self._topic_choices())
        return self._statements(by, topic)

    # What each implementation provides: data access, given checked values.

    def _events(self, since, until, code, kind, person, org) -> list:
        raise NotImplementedError

    def _equipment(self, category_id, code, maker, status) -> list:
        raise NotImplementedError

    def _people(self, code, org) -> list:
        raise NotImplementedError

    def _organizations(self, code, kind) -> list:
        raise NotImplementedError

    def _statements(self, by, topic) -> list:
        raise NotImplementedError

    def _topic_choices(self) -> tuple[str, ...]:
        raise NotImplementedError

    def type_of(self, entry_id: str) -> str | None:
        raise NotImplementedError

    def ids(self, type_name: str | None = None) -> list[str]:
        raise NotImplementedError

    def search(self, text: str) -> list[SearchHit]:
        raise NotImplementedError

    def naming_hits(self, text: str) -> list[SearchHit]:
        """The search hits whose words are in their names or aliases, best first (what
        resolve looks among: a name it equals is one of these)."""
        return [hit for hit in self.search(text) if hit.names_it]

    def names(self) -> list[str]:
        """Every entry's name and aliases, in dataset order (for did-you-mean)."""
        raise NotImplementedError


# Which kinds of entry a name is looked for among first.
_NAMED_FIRST = ("person", "organization")


def _by_kind(entries: list) -> list:
    """Entries once each, people and organizations first, then the rest (sources last); in
    search order within a kind."""
    unique = list({e.id: e for e in entries}.values())
    order = {kind: position for position, kind in enumerate(KIND_ORDER)}
    return sorted(unique, key=lambda e: order.get(e.type, len(order)))
