"""What every query implementation shares, kept light: the CLI imports this (and not the
model) on the path that answers from the cached index.

`bilat.query.memory.Query` answers from an in-memory Dataset and
`bilat.query.sqlite.IndexedQuery` from the SQLite cache; both subclass QueryBase and must give
identical results (a differential test compares them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bilat.errors import Suggestions, UsageError, a_or_an, did_you_mean, unknown_choice
from bilat.text import fold

if TYPE_CHECKING:
    import datetime


class Link:
    """An entry that refers to another, and through which field."""

    __slots__ = ("entry", "field")

    def __init__(self, entry, field: str) -> None:
        self.entry = entry
        self.field = field


class SearchHit:
    """An entry that matched a search, where the best match was, and its rank (lower is
    better)."""

    __slots__ = ("entry", "field", "rank")

    def __init__(self, entry, field: str, rank: int) -> None:
        self.entry = entry
        self.field = field
        self.rank = rank


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
            hits = self.search(text)
        except UsageError:  # no words at all ("-")
            hits = []
        exact, named = [], []
        key = search_key(text)
        for hit in hits:
            entry = hit.entry
            if type_name is not None and entry.type != type_name:
                continue
            names = (entry.id, entry.label, *(getattr(entry, "aliases", None) or ()))
            if any(fold(name) == wanted or search_key(name) == key for name in names):
                exact.append(entry)
            elif hit.field in _NAMING_FIELDS:
                named.append((hit.rank >= _PART_OF_WORD, entry))
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

    def names(self) -> list[str]:
        """Every entry's name and aliases, in dataset order (for did-you-mean)."""
        raise NotImplementedError


# Where a match names an entry (for resolve), and the rank from which a match is only the start
# of a word (see match_texts).
_NAMING_FIELDS = ("name", "title", "id", "aliases")
_PART_OF_WORD = 10000
# Which kinds of entry a name is looked for among first, and the order candidates are listed.
_NAMED_FIRST = ("person", "organization")
_KIND_ORDER = ("person", "organization", "equipment", "statement", "event", "source")


def hit_order(rank: int, type_name: str, label: str) -> tuple:
    """How search sorts its hits: by rank (name before alias before other text, whole words
    before word starts), then people and organizations before the rest, sources last — a
    reader who types a name wants the person before the pages that mention him — then by
    name. One key for both implementations."""
    order = _KIND_ORDER.index(type_name) if type_name in _KIND_ORDER else len(_KIND_ORDER)
    return (rank, order, fold(label))


def _by_kind(entries: list) -> list:
    """Entries once each, people and organizations first, then the rest (sources last); in
    search order within a kind."""
    unique = list({e.id: e for e in entries}.values())
    order = {kind: position for position, kind in enumerate(_KIND_ORDER)}
    return sorted(unique, key=lambda e: order.get(e.type, len(order)))


# Search ranks a match in these fields first (with the id), then aliases, then the rest.
NAME_FIELDS = ("name", "title")
SEARCH_FIELDS = ("aliases", "description", "summary", "topics", "roles", "notes")


def search_keys(text: str) -> list[str]:
    """The search keys of text (bilat.vocab.translit.search_key), and when it holds
    Azerbaijani ə/Ə a second key with "a" for it: the letter is written e or a in Latin
    transcriptions (Məmmədov is Memmedov and Mammadov)."""
    from bilat.vocab.translit import search_key

    key = search_key(text)
    if "ə" not in text and "Ə" not in text:
        return [key]
    other = search_key(text.replace("ə", "a").replace("Ə", "A"))
    return [key] if other == key else [key, other]


def record_raw_texts(record: dict) -> list[tuple[str, str]]:
    """The (field, text as written) pairs search looks in, from a machine record, best fields
    first, without importing the model. Citations come last, named by what and whose they are:
    "quote (azernews-210229)", "paraphrase (…)"."""
    from bilat.citations import PARAPHRASE, walk_record

    texts: list[tuple[str, str]] = []
    for name in NAME_FIELDS + SEARCH_FIELDS:
        if name == SEARCH_FIELDS[0]:
            # The id after the name, so that a match in both reads "matched in name".
            texts.append(("id", str(record["id"])))
        value = record.get(name)
        if value is None:
            continue
        if name == "roles":
            texts.extend(("roles", f"{r.get('rank') or ''} {r['title']}") for r in value)
        elif isinstance(value, list):
            texts.extend((name, v) for v in value)
        else:
            texts.append((name, value))
    for citation in walk_record(record):
        for text, what in ((citation.quote, "quote"), (citation.says, PARAPHRASE)):
            if text:
                texts.append((f"{what} ({citation.source})", text))
    return texts


def record_search_texts(record: dict) -> list[tuple[str, str]]:
    """The (field, search key) pairs search looks in (both query implementations search
    these: the in-memory one via bilat.query.memory.search_texts, the index stores them)."""
    return [(name, key) for name, value in record_raw_texts(record) for key in search_keys(value)]


_WHOLE: dict[str, re.Pattern] = {}


def _whole_word(word: str, text: str) -> bool:
    pattern = _WHOLE.get(word)
    if pattern is None:
        # A key begins each word with a space: only the end needs checking.
        pattern = _WHOLE[word] = re.compile(rf"{re.escape(word)}(?![^ \n])")
    return pattern.search(text) is not None


def match_texts(
    folded: list[tuple[str, str]], words: list[tuple[str, ...]]
) -> tuple[str, int] | None:
    """(field, rank) of the best place all words match (all in one field, else across
    fields), or None. Each word is a tuple of search keys, any of which may match, at the start
    of a word of the text (the keys begin with a space): `aliyev` finds Aliyev and never
    Valiyev, which a reader would not see in the hit. Lower ranks are better: whole words
    before the starts of words (`azerbaijan` finds Azerbaijan before Azerbaijani), then names,
    then aliases, then other text, then citations' words."""
    every = "\n".join(value for _, value in folded)
    if not all(any(v in every for v in w) for w in words):
        return None
    best: tuple[str, int] | None = None
    for position, (name, value) in enumerate(folded):
        if not all(any(v in value for v in w) for w in words):
            continue
        field_rank = (
            0
            if name in NAME_FIELDS or name == "id"
            else (1 if name == "aliases" else 3 if name.endswith(")") else 2)
        )
        whole = all(any(_whole_word(v, value) for v in w) for w in words)
        rank = (0 if whole else _PART_OF_WORD) + field_rank * 1000 + min(position, 999)
        if best is None or rank < best[1]:
            best = (name, rank)
        if whole:
            break  # later fields rank lower
    if best is not None:
        return best
    whole = all(any(_whole_word(v, every) for v in w) for w in words)
    return "several fields", (0 if whole else _PART_OF_WORD) + 4000


def search_words(text: str) -> list[tuple[str, ...]]:
    """The words to find, each as its search keys (see search_keys); a country's name or alias
    (vocab/countries.py) stands for all of them: "turkey" finds Türkiye."""
    words = []
    for word in text.split():
        keys = [key for key in search_keys(word) if key]
        if keys:
            words.append(tuple(dict.fromkeys(keys + _country_synonyms(word))))
    if not words:
        raise UsageError("search needs some text to look for")
    return words


def _country_synonyms(word: str) -> list[str]:
    """The search keys of every name and alias of the country word names (not of its codes:
    "pk" is no synonym of Pakistan in running text); [] when it names none."""
    if len(word) <= 3:
        return []
    from bilat.vocab.countries import country_spellings, resolve_country

    code = resolve_country(word)
    if code is None:
        return []
    return [key for name in country_spellings(code) if len(name) > 3 for key in search_keys(name)]


def snippet(record: dict, field: str, words: list[tuple[str, ...]], width: int = 40) -> str:
    """The text a hit matched in, around its first match, each match in [brackets] (the whole
    word it starts), cut to about `width` characters either side at spaces, with "…" where
    cut: `…met [Valiyev] in Rawalpindi…`. "" when no text holds a match."""
    for name, text in record_raw_texts(record):
        if field not in (name, "several fields"):
            continue
        marks, complete = _marks(text, words)
        if marks and (complete or field == "several fields"):
            return _cut(text, marks, width)
    return ""


def _marks(text: str, words: list[tuple[str, ...]]) -> tuple[list[tuple[int, int]], bool]:
    """The (start, end) in text of the first match of each word, and whether every word
    matches."""
    from bilat.vocab.translit import token_spans

    found: list[tuple[int, int]] = []
    for variant in dict.fromkeys((text, text.replace("ə", "a").replace("Ə", "A"))):
        key, spans = token_spans(variant)
        found = []
        for word in words:
            for spelling in word:
                at = key.find(spelling)
                if at >= 0:
                    first = key.count(" ", 0, at)  # the key begins each word with a space
                    last = first + spelling.count(" ") - 1
                    found.append((spans[first][0], spans[last][1]))
                    break
        if len(found) == len(words):
            break
    return sorted(set(found)), len(found) == len(words)


def _cut(text: str, marks: list[tuple[int, int]], width: int) -> str:
    start, end = marks[0][0], marks[0][1]
    left = max(0, start - width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    right = min(len(text), end + width)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    pieces, at = [], left
    for mark_start, mark_end in marks:
        if mark_start < at or mark_end > right:
            continue
        pieces += [text[at:mark_start], "[", text[mark_start:mark_end], "]"]
        at = mark_end
    pieces.append(text[at:right])
    shown = re.sub(r"\s+", " ", "".join(pieces)).strip()
    return ("…" if left > 0 else "") + shown + ("…" if right < len(text) else "")
