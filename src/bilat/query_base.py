"""What every query implementation shares, kept light: the CLI imports this (and not the
model) on the path that answers from the cached index.

`bilat.query.Query` answers from an in-memory Dataset and `bilat.index.IndexedQuery` from
the SQLite cache; both subclass QueryBase and must give identical results.
"""

from __future__ import annotations

from bilat.errors import UsageError, a_or_an, did_you_mean

# Letters NFKD does not decompose to ASCII, folded by hand (Azerbaijani, Turkish, others).
_FOLD = str.maketrans({"ə": "e", "Ə": "e", "ı": "i", "İ": "i", "ß": "ss", "ø": "o", "Ø": "o",
                       "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
                       "đ": "d", "Đ": "d", "’": "'", "‘": "'"})


def fold(text: str) -> str:
    """Lower-case, accent-free text for matching: "Tağıyev" and "TAGIYEV" both give "tagiyev"."""
    text = text.translate(_FOLD)
    if not text.isascii():
        import unicodedata

        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c))
    return text.casefold()


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
    `bilat.index.IndexedQuery` over the SQLite cache; both must give identical results."""

    def country(self, text: str) -> str:
        from bilat.countries import country_choices, resolve_country

        code = resolve_country(text)
        if code is None:
            raise UsageError(f'unknown country "{text}"{did_you_mean(text, country_choices())}; '
                             "use an ISO 3166-1 alpha-2 code such as AZ or PK")
        return code

    def category(self, text: str) -> str:
        from bilat.categories import category_choices, resolve_category

        category_id = resolve_category(text)
        if category_id is None:
            raise UsageError(f'unknown category "{text}"{did_you_mean(text, category_choices())};'
                             " see `bilat categories`")
        return category_id

    def _check_choice(self, what: str, value: str | None, choices: tuple[str, ...]) -> None:
        if value is not None and value not in choices:
            raise UsageError(f'unknown {what} "{value}"{did_you_mean(value, choices)}; expected '
                             f"one of {', '.join(choices) or '(none in this dataset)'}")

    def _expect(self, entry_id: str, type_name: str) -> None:
        found = self.type_of(entry_id)
        if found is None:
            raise UsageError(f'no {type_name} with id "{entry_id}"'
                             f"{did_you_mean(entry_id, self.ids(type_name))}")
        if found != type_name:
            raise UsageError(f'"{entry_id}" is {a_or_an(found)}, not {a_or_an(type_name)}')

    def _no_entry(self, entry_id: str) -> UsageError:
        return UsageError(f'no entry with id "{entry_id}"{did_you_mean(entry_id, self.ids())}')

    def type_of(self, entry_id: str) -> str | None:
        raise NotImplementedError

    def ids(self, type_name: str | None = None) -> list[str]:
        raise NotImplementedError


# Search ranks a match in these fields first (with the id), then aliases, then the rest.
NAME_FIELDS = ("name", "title")


def match_texts(folded: list[tuple[str, str]], words: list[str]) -> tuple[str, int] | None:
    """(field, rank) of the best place all words match (all in one field, else across
    fields), or None. Lower ranks are better: names, then aliases, then other text."""
    every = " ".join(value for _, value in folded)
    if not all(w in every for w in words):
        return None
    for position, (name, value) in enumerate(folded):
        if all(w in value for w in words):
            field_rank = 0 if name in NAME_FIELDS or name == "id" else (
                1 if name == "aliases" else 2)
            return name, field_rank * 1000 + min(position, 999)
    return "several fields", 3000


def search_words(text: str) -> list[str]:
    words = fold(text).split()
    if not words:
        raise UsageError("search needs some text to look for")
    return words
