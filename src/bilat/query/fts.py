"""The read side of search in the cached index: an FTS5 table of each entry's search keys, one
row an entry numbered in hit order, asked one tier at a time (see bilat.query.search), so the
first page of a common word reads about a page of rows; and the hits as a sequence that is
read only as far as it is used, whose records are read a run at a time."""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from bilat.errors import paused_gc
from bilat.query.index import _order_crc
from bilat.query.search import (
    GROUPS,
    PART_OF_WORD,
    SEVERAL,
    Searched,
    SearchHit,
    match_place,
    read_texts,
    searched_texts,
)
from bilat.query.sqlite import _ROW, DamagedIndex, _checked
from bilat.records import Stored, record_of
from bilat.text import is_slug, refused, unsafe_json

if TYPE_CHECKING:
    from bilat.query.sqlite import IndexedQuery


class _Records:
    """The records of a run of search hits, read with one query when the first of them is
    asked for (a common word's tens of thousands of hits are read a run at a time, not one
    query each), and each handed out once."""

    __slots__ = ("query", "_db", "_seqs", "_rows")

    def __init__(self, query: IndexedQuery, seqs: list[int]) -> None:
        self.query, self._db, self._seqs = query, query._db, seqs
        self._rows: dict[int, tuple] | None = None

    def row(self, seq: int) -> tuple | None:
        if self._rows is None:
            marks = ",".join("?" * len(self._seqs))
            self._rows = {
                row[0]: row
                for row in self._db.execute(
                    f"SELECT {_ROW} FROM entries e WHERE e.seq IN ({marks})", self._seqs
                )
            }
        row = self._rows.pop(seq, None)
        if row is None:  # asked for again
            row = self._db.execute(f"SELECT {_ROW} FROM entries e WHERE e.seq = ?", (seq,))
            row = row.fetchone()
        return row


# How many search hits' records are read with one query.
_RUN = 256


class Unread(Stored):
    """An entry found by search: id, type and label at hand, its record read from the index
    (and decoded) only when something asks for it, and not kept, so that printing tens of
    thousands of hits one by one holds one run of records at a time."""

    __slots__ = ("_records", "_seq", "_id", "_type", "_label")

    def __init__(
        self, records: _Records, seq: int, entry_id: str, type_name: str, label: str
    ) -> None:
        self._records, self._seq = records, seq
        self._id, self._type, self._label = entry_id, type_name, label
        self._record = None
        self._entry = None

    @property
    def text(self) -> str:
        # Read through the same checks as every other row (checksum, unsafe text), and the
        # entry it is (its search row says so, under its own checksum). Hits are printed as
        # they are read: a record found damaged halfway comes from the files instead, and
        # so does the rest of the search (IndexedHits), the same answer as without a cache.
        query = self._records.query
        if query._memory is None:
            try:
                row = self._records.row(self._seq)
                if row is None or row[1] != self._id:
                    raise DamagedIndex(f"missing record {self._id!r}")
                return _checked(row)
            except sqlite3.DatabaseError as error:
                query._switch_to_memory(discard=not isinstance(error, sqlite3.OperationalError))
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


def ranked(
    query: IndexedQuery, words: list[tuple[str, ...]], limit: int | None, naming: bool = False
):
    """The hits, best first, tier by tier (see bilat.query.search): each tier's rows come
    from FTS5 in hit order, so with a limit a tier reads at most `limit` rows (an entry an
    earlier tier gave is skipped: fewer than `limit` of those, or there would be no later
    tier to read)."""
    seen: set[int] = set()
    # The collector is paused while hits are given out: tens of thousands of small
    # objects, and no cycles among them.
    with paused_gc():
        yield from _tiered(query, words, limit, seen, naming)


def _tiered(
    query: IndexedQuery,
    words: list[tuple[str, ...]],
    limit: int | None,
    seen: set[int],
    naming: bool,
):
    for rank, expression in _tiers(words, naming):
        sql = (
            "SELECT s.rowid, o.seq, o.id, o.type, o.label, o.texts, o.crc FROM search s "
            "LEFT JOIN search_order o ON o.ord = s.rowid WHERE search MATCH ? ORDER BY s.rowid"
        )
        params: tuple = (expression,)
        if limit is not None:
            sql += " LIMIT ?"
            params += (limit,)  # at most limit - len(seen) new ones after len(seen) known
        cursor = query._db.execute(sql, params)
        # A run of rows at a time, each run checked before any of it is given out: a
        # common word's rows (with their texts) are never all in memory at once.
        while rows := cursor.fetchmany(_RUN):
            run = []
            for order, seq, entry_id, type_name, label, texts, crc in rows:
                if order in seen:
                    continue
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
                seen.add(order)
                run.append((seq, entry_id, type_name, label, texts))
                if limit is not None and len(seen) >= limit:
                    break
            records = _Records(query, [seq for seq, *_ in run])
            for seq, entry_id, type_name, label, texts in run:
                entry = Unread(records, seq, entry_id, type_name, label)
                yield IndexedHit(entry, rank, words, texts)
            if limit is not None and len(seen) >= limit:
                cursor.close()
                return


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
            group = (self.rank % PART_OF_WORD) // 1000
            self._place = match_place(self._from_files(group), self.rank, self._words)
        return super().place()

    def texts(self, group: int) -> list[Searched]:
        try:
            return read_texts(self._texts, group)
        except ValueError:  # not what bilat writes
            return self._from_files(group)

    def _from_files(self, group: int) -> list[Searched]:
        query = self.entry._records.query
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
    """(rank, FTS5 expression) of each tier, best first (see bilat.query.search); with
    `naming`, only the tiers of names and aliases. A tier that begins words excludes every
    entry where all the words are whole, which a whole-word tier already listed."""
    if naming:
        yield from ((r, e) for r, e in _tiers(words) if r % PART_OF_WORD < 2 * 1000)
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
            query._switch_to_memory(discard=not isinstance(error, sqlite3.OperationalError))
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

    def _hits(self, limit: int | None):
        given = 0
        try:
            if self._query._memory is not None:
                raise _Switched
            for hit in ranked(self._query, self._words, limit):
                if self._query._memory is not None:  # a record was found damaged meanwhile
                    raise _Switched
                yield hit
                given += 1
        except (sqlite3.DatabaseError, _Switched) as error:
            yield from self._from_memory(error)[given:limit]


class _Switched(Exception):
    """The query already answers from the files."""
