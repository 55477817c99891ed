"""The read side of search in the cached index: an FTS5 table of each entry's search keys, one
row an entry numbered in hit order, asked one tier at a time (see bilat.query.search.rules), so the
first page of a common word reads about a page of rows; and the hits as a sequence that is
read only as far as it is used, whose records are read a run at a time."""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from bilat.errors import paused_gc
from bilat.query.index import _order_crc
from bilat.query.search.rules import (
    GROUPS,
    PART_OF_WORD,
    SEVERAL,
    Searched,
    SearchHit,
    group_of_rank,
    match_place,
    read_texts,
    searched_texts,
)
from bilat.query.sqlite import _ROW, DamagedIndex, _checked
from bilat.records import Stored, record_of
from bilat.text import is_slug, refused, unsafe_json

if TYPE_CHECKING:
    from bilat.query.sqlite import IndexedQuery


class Found(Stored):
    """An entry found by search: id, type and label at hand (its search row gives them, under
    its own checksum), its record's text read with its run of hits, or, for a name lookup,
    which needs none, only when something asks for it."""

    __slots__ = ("_query", "_id", "_type", "_label", "_text")

    def __init__(
        self, query: IndexedQuery, entry_id: str, type_name: str, label: str, text: str | None
    ) -> None:
        self._query, self._text = query, text
        self._id, self._type, self._label = entry_id, type_name, label
        self._record = None
        self._entry = None

    @property
    def text(self) -> str:
        if self._text is not None:
            return self._text
        # Read through the same checks as every other row; a record found damaged comes
        # from the files instead (and so does the rest: see IndexedHits).
        query = self._query
        if query._memory is None:
            try:
                row = query._checked_row(self._id)
                if row is None:
                    raise DamagedIndex(f"missing record {self._id!r}")
                return row[4]
            except sqlite3.DatabaseError as error:
                query._switch_to_memory(error)
        return query._memory_text(self._id)

    @property
    def record(self) -> dict[str, object]:
        import json

        return json.loads(self.text)

    @property
    def id(self) -> str:
        return self._id

    @property
    def type(self) -> str:
        return self._type

    @property
    def label(self) -> str:
        return self._label


# How many search hits are read with one query: a common word's tens of thousands of hits
# are read a run at a time, never all at once, and not one query each.
_RUN = 256


def ranked(
    query: IndexedQuery, words: list[tuple[str, ...]], limit: int | None, naming: bool = False
):
    """The hits, best first, tier by tier (see bilat.query.search.rules), a run at a time."""
    # The collector is paused while hits are made: tens of thousands of small objects, and
    # no cycles among them.
    with paused_gc():
        for rank, run in runs(query, words, limit, naming):
            yield from hits_of(query, rank, run, words, records=not naming)


def runs(
    query: IndexedQuery, words: list[tuple[str, ...]], limit: int | None, naming: bool = False
):
    """(rank, places of up to _RUN hits in hit order) for the hits, best first. A tier's
    places (FTS5 rowids: small integers) are read at once, in hit order; an entry an earlier
    tier gave is left out. With a limit, a tier reads at most `limit` (fewer than `limit`
    came before it, or there would be no later tier to read)."""
    seen: set[int] = set()
    for rank, expression in _tiers(words, naming):
        sql = "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid"
        params: tuple = (expression,)
        if limit is not None:
            sql += " LIMIT ?"
            params += (limit,)
        places = [order for (order,) in query._db.execute(sql, params) if order not in seen]
        if limit is not None:
            places = places[: limit - len(seen)]
        seen.update(places)
        for start in range(0, len(places), _RUN):
            yield rank, places[start : start + _RUN]
        if limit is not None and len(seen) >= limit:
            return


# A search row, and the record of the entry it names.
_SEARCH_ROW = "o.ord, o.seq, o.id, o.type, o.label, o.texts, o.crc"
_FOUND = f"{_SEARCH_ROW}, {_ROW}"


def hits_of(
    query: IndexedQuery,
    rank: int,
    places: list[int],
    words: list[tuple[str, ...]],
    records: bool = True,
) -> list[IndexedHit]:
    """The hits at these places (one run of `runs`), read with one query, each search row and
    record checked before any of them is given out. Without `records`, only the search rows
    (a name lookup reads no record)."""
    marks = ",".join("?" * len(places))
    if records:
        sql = f"SELECT {_FOUND} FROM search_order o JOIN entries e ON e.seq = o.seq"
    else:
        sql = f"SELECT {_SEARCH_ROW} FROM search_order o"
    found = {row[0]: row for row in query._db.execute(f"{sql} WHERE o.ord IN ({marks})", places)}
    hits = []
    for order in places:
        row = found.get(order)
        if row is None:
            raise DamagedIndex(f"missing search row {order!r}")
        _, seq, entry_id, type_name, label, texts, crc = row[:7]
        # What is printed without reading the record is checked like a record.
        if (
            not isinstance(label, str)
            or not label  # every entry has a name or title
            or not isinstance(entry_id, str)
            or not isinstance(type_name, str)
            or not isinstance(texts, str)
            or _order_crc(order, seq, entry_id, type_name, label, texts) != crc
            or unsafe_json(label)
            or not is_slug(entry_id)
        ):
            raise DamagedIndex(f"damaged search row {order!r}")
        text = None
        if records:
            if row[8] != entry_id:  # the record is not the entry its search row names
                raise DamagedIndex(f"damaged search row {order!r}")
            text = _checked(row[7:])
        entry = Found(query, entry_id, type_name, label, text)
        hits.append(IndexedHit(entry, rank, words, texts))
    return hits


def count(query: IndexedQuery, words: list[tuple[str, ...]]) -> int:
    """How many entries match: those where every word begins a word somewhere."""
    (count,) = query._db.execute(
        "SELECT count(*) FROM search WHERE search MATCH ?", (_every(words, prefix=True),)
    ).fetchone()
    return count


class IndexedHit(SearchHit):
    """A hit from the index: where it matched and its snippet come from the texts stored
    with its search row, and what is printed of them is checked like any text read back
    (the row's checksum covers them, but the checks do not rest on it alone). Stored texts
    found damaged are read from the files instead, and so is the rest of the search."""

    __slots__ = ()

    def place(self) -> tuple[str, str]:
        if self._place is None and not _printable_place(*super().place()):
            group = group_of_rank(self.rank)
            self._place = match_place(self._from_files(group), self.rank, self._words)
        return super().place()

    def texts(self, group: int) -> list[Searched]:
        try:
            return read_texts(self._texts, group)
        except ValueError:  # not what bilat writes
            return self._from_files(group)

    def _from_files(self, group: int) -> list[Searched]:
        query = self.entry._query
        if query._memory is None:
            query._switch_to_memory()
        return searched_texts(record_of(query._memory.get(self.entry.id)), group)


# A field a hit is said to have matched in: a record field, or a citation's words.
_FIELD = re.compile(r"[a-z_]+(?: \([a-z0-9]+(?:-[a-z0-9]+)*\))?\Z")


_FIELDS_SEEN: set[str] = set()


def _printable_place(field: str, snippet: str) -> bool:
    """Whether a place read from stored texts is one bilat could have written: field names
    it knows the form of, and a snippet without a character the loader refuses."""
    if field not in _FIELDS_SEEN:
        if field != "several fields" and not all(_FIELD.match(f) for f in field.split(", ")):
            return False
        _FIELDS_SEEN.add(field)
    return snippet.isprintable() or refused(snippet) is None


def _phrase(key: str, prefix: bool) -> str:
    """A search key as an FTS5 phrase: its words in order, the last one a prefix when the
    key need only begin a word. Keys hold letters and digits only: no quote to escape."""
    return f'"{key.strip()}"' + ("*" if prefix else "")


def _every(words: list[tuple[str, ...]], prefix: bool, column: str | None = None) -> str:
    """An FTS5 expression for: every word, as any of its keys, in one column (or anywhere)."""
    expression = " AND ".join(
        "(" + " OR ".join(_phrase(key, prefix) for key in word) + ")" for word in words
    )
    return f"{{{column}}} : ({expression})" if column else expression


def _tiers(words: list[tuple[str, ...]], naming: bool = False):
    """(rank, FTS5 expression) of each tier, best first (see bilat.query.search.rules); with
    `naming`, only the tiers of names and aliases. A tier that begins words excludes every
    entry where all the words are whole, which a whole-word tier already listed."""
    if naming:
        yield from ((r, e) for r, e in _tiers(words) if group_of_rank(r) < 2)
        return
    for group, column in enumerate(GROUPS):
        yield group * 1000, _every(words, False, column)
    whole = _every(words, False)
    if len(words) > 1:  # one word whole somewhere is whole in some group: listed above
        yield SEVERAL * 1000, whole
    for group, column in enumerate(GROUPS):
        yield PART_OF_WORD + group * 1000, f"({_every(words, True, column)}) NOT ({whole})"
    if len(words) > 1:
        yield PART_OF_WORD + SEVERAL * 1000, f"({_every(words, True)}) NOT ({whole})"


class IndexedHits:
    """Search hits from the index, best first, as a sequence read only as far as it is used:
    its length is one count; its first N (a slice, as --limit takes) read about N rows;
    iterating streams them all. If the index fails meanwhile, the rest comes from the files
    (the same hits in the same order), and the index is dropped when it is damaged."""

    def __init__(self, query: IndexedQuery, text: str, words: list[tuple[str, ...]]) -> None:
        self._query, self._text, self._words = query, text, words
        self._count: int | None = None

    def _from_memory(self, error: Exception | None) -> list[SearchHit]:
        query = self._query
        if query._memory is None:
            query._switch_to_memory(error)
        return query._memory.search(self._text)

    def __len__(self) -> int:
        if self._count is None:
            try:
                if self._query._memory is not None:
                    raise _Switched
                self._count = count(self._query, self._words)
            except (sqlite3.DatabaseError, _Switched) as error:
                self._count = len(self._from_memory(error))
        return self._count

    def __getitem__(self, index):
        if (
            isinstance(index, slice)
            and not index.start
            and index.step in (None, 1)
            and index.stop is not None
            and index.stop >= 0
        ):
            return list(self._hits(index.stop))
        return list(self)[index]

    def __iter__(self):
        return self._hits(None)

    def texts(self, make_text):
        """make_text(hit) of every hit, in order: what iterating and calling it gives, made
        by two processes when the result is long (bilat.query.search.split)."""
        from bilat.query.search import split

        return self._streamed(
            lambda: split.made_texts(self._query, self._words, make_text), make_text
        )

    def _hits(self, limit: int | None):
        return self._streamed(lambda: ranked(self._query, self._words, limit), _itself, limit)

    def _streamed(self, items, finish, limit: int | None = None):
        """What items() gives from the index; if the index fails meanwhile, the rest from
        the files: finish(hit) of each in-memory hit from where the index stopped."""
        given = 0
        try:
            if self._query._memory is not None:
                raise _Switched
            for item in items():
                if self._query._memory is not None:  # damage was found meanwhile
                    raise _Switched
                yield item
                given += 1
        except (sqlite3.DatabaseError, _Switched) as error:
            for hit in self._from_memory(error)[given:limit]:
                yield finish(hit)


def _itself(hit):
    return hit


class _Switched(Exception):
    """The query already answers from the files."""
