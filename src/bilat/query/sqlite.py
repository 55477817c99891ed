"""The read side of the cached index: `IndexedQuery`, the Query interface answered from it,
with every row checked (checksum, text rules) as it is read."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from bilat import __version__
from bilat.errors import paused_gc
from bilat.files import cachedir
from bilat.query.base import Link, QueryBase
from bilat.query.search import PART_OF_WORD, SEVERAL, SearchHit, search_words
from bilat.records import Stored, model_of
from bilat.text import is_slug, refused, unsafe_json

if TYPE_CHECKING:
    import datetime

    from bilat.model import Citation

from bilat.query.index import (
    SCHEMA_SQL,
    _discard,
    _link_crc,
    _order_crc,
    _row_crc,
    _tag_crc,
    archives_unchanged,
    cache_key,
    cache_path,
    expected_schema,
)


def open_index(
    files: list[tuple[str, Path]], directory: Path, fallback, key: tuple[str, str] | None = None
) -> IndexedQuery | None:
    """The cached index of these files (under `key`, taken before anything was read), or None
    when there is none usable."""
    key = key or cache_key(files)
    if key is None:
        return None
    path = cache_path(directory, key)
    if not path.is_file() or not cachedir.trusted(directory) or not cachedir.trusted(path):
        return None
    try:
        connection = sqlite3.connect(
            cachedir.sqlite_uri(path, "mode=ro&immutable=1"), uri=True, check_same_thread=False
        )
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        if (
            meta.get("key") != "-".join(key)
            or meta.get("bilat") != __version__
            or connection.execute(SCHEMA_SQL).fetchall() != expected_schema()
            or not archives_unchanged(meta)
        ):
            connection.close()
            return None
        (count,) = connection.execute("SELECT count(*) FROM entries").fetchone()
        if str(count) != meta.get("entries"):
            raise sqlite3.DatabaseError("entry count does not match")
    except sqlite3.Error:
        _discard(path)
        return None
    return IndexedQuery(connection, fallback, path)


_FIELD = r"[a-z_]+\Z"


class DamagedIndex(sqlite3.DatabaseError):
    """A row that is not what bilat wrote: a failed checksum, or text the loader rejects."""


def _checked(row: tuple) -> str:
    """The record text of an entries row (_ROW's columns first), once it passes the checks."""
    seq, entry_id, type_name, label, text = row[:5]
    if (
        not isinstance(text, str)
        or not isinstance(label, str)
        or _row_crc(seq, entry_id, type_name, label, text, *row[5:9]) != row[9]
        or unsafe_json(text)
        or unsafe_json(label)
    ):
        raise DamagedIndex(f"damaged record {entry_id!r}")
    return text


def _checked_ids(rows) -> list[str]:
    """The ids of (id,) rows, each checked to be an id (completion prints them)."""
    ids = [row[0] for row in rows]
    if not all(isinstance(value, str) and is_slug(value) for value in ids):
        raise DamagedIndex("damaged id")
    return ids


# An entries row as _checked reads it: every column, all under its checksum.
_ROW = "e.seq, e.id, e.type, e.label, e.record, e.lower, e.upper, e.date_text, e.kind, e.crc"
_ROW_WIDTH = 10


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


def _guarded(method):
    """Run a query against the index; if the file turns out to be damaged, drop it and answer
    the same question from the files instead. A query SQLite cannot run on a sound file (too
    many variables, too deep an expression: a search of a thousand words, an I/O error) is
    answered from the files too, for the rest of the run, and the index is left for the next."""

    def run(self, *args, **kwargs):
        if self._memory is None:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.OperationalError:
                self._switch_to_memory(discard=False)
            except sqlite3.DatabaseError:
                self._switch_to_memory()
        return getattr(self._memory, method.__name__)(*args, **kwargs)

    run.__name__ = method.__name__
    run.__doc__ = method.__doc__
    return run


class IndexedQuery(QueryBase):
    """The Query interface answered from a cached index (see the module docstring)."""

    def __init__(self, connection: sqlite3.Connection, fallback, path: Path) -> None:
        self._db = connection
        self._fallback = fallback  # () -> Query over the loaded files
        self._memory = None
        self._path = path

    def _switch_to_memory(self, discard: bool = True) -> None:
        self._db.close()
        if discard:
            _discard(self._path)
        self._memory = self._fallback()

    def _memory_text(self, entry_id: str) -> str:
        """An entry's record as the index stores it (compact JSON), from the files."""
        import json

        from bilat.records import record_of

        data = record_of(self._memory.get(entry_id))
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def _rows(self, sql: str, params=()) -> list[Stored]:
        """Stored entries from a query whose first columns are _ROW, each checked."""
        return [Stored(_checked(row)) for row in self._db.execute(sql, params)]

    # -- lookups --

    @_guarded
    def get(self, entry_id: str):
        found = self._rows(f"SELECT {_ROW} FROM entries e WHERE id = ?", (entry_id,))
        if not found:
            raise self._no_entry(entry_id)
        return found[0]

    def _checked_row(self, entry_id: str) -> tuple | None:
        """The entry's row (_ROW), checked like any record read (the checksum covers the id,
        type and label too), without decoding its JSON."""
        row = self._db.execute(f"SELECT {_ROW} FROM entries e WHERE id = ?", (entry_id,)).fetchone()
        if row is not None:
            _checked(row)
        return row

    @_guarded
    def type_of(self, entry_id: str) -> str | None:
        row = self._checked_row(entry_id)
        return row[2] if row else None

    @_guarded
    def ids(self, type_name: str | None = None) -> list[str]:
        if type_name is None:
            return _checked_ids(self._db.execute("SELECT id FROM entries ORDER BY seq"))
        return _checked_ids(
            self._db.execute("SELECT id FROM entries WHERE type = ? ORDER BY seq", (type_name,))
        )

    @_guarded
    def name_of(self, entry_id: str) -> str:
        row = self._checked_row(entry_id)
        return row[3] if row else entry_id

    # -- listings --

    def _listing(
        self,
        type_name: str,
        filters: list[tuple[str, str]],
        extra: str = "",
        params: list | None = None,
        order: str = "e.seq",
    ) -> list[Stored]:
        # Each tag filter also reads the checksum of the tag row it matched (one index lookup
        # a returned row), checked with the entry's; the filter itself stays a subquery, so
        # the rows come in the date index's order rather than through a sort of whole records.
        crcs, crc_values, conditions, condition_values = "", [], "", []
        for tag, value in filters:
            crcs += ", (SELECT crc FROM tags WHERE seq = e.seq AND tag = ? AND value = ?)"
            crc_values += [tag, value]
            conditions += " AND e.seq IN (SELECT seq FROM tags WHERE tag = ? AND value = ?)"
            condition_values += [tag, value]
        sql = f"SELECT {_ROW}{crcs} FROM entries e WHERE e.type = ?{extra}{conditions}"
        values: list = [*crc_values, type_name, *(params or []), *condition_values]
        if not filters:
            return self._rows(f"{sql} ORDER BY {order}", values)
        found = []
        for row in self._db.execute(f"{sql} ORDER BY {order}", values):
            for (tag, value), crc in zip(filters, row[_ROW_WIDTH:]):
                if _tag_crc(row[0], tag, value) != crc:
                    raise DamagedIndex(f"damaged tag of {row[1]!r}")
            found.append(Stored(_checked(row)))
        return found

    @_guarded
    def _events(
        self,
        since: datetime.date | None,
        until: datetime.date | None,
        code: str | None,
        kind: str | None,
        person: str | None,
        org: str | None,
    ) -> list[Stored]:
        extra, params = "", []
        if since is not None:
            extra += " AND e.upper >= ?"
            params.append(since.isoformat())
        if until is not None:
            extra += " AND e.lower <= ?"
            params.append(until.isoformat())
        if kind:
            extra += " AND e.kind = ?"
            params.append(kind)
        filters = [(t, v) for t, v in (("country", code), ("who", person), ("who", org)) if v]
        return self._listing(
            "event", filters, extra, params, "e.lower, e.upper, e.date_text, e.seq"
        )

    @_guarded
    def _equipment(
        self,
        category_id: str | None,
        code: str | None,
        maker: str | None,
        status: str | None,
    ) -> list[Stored]:
        extra, params = (" AND e.kind = ?", [category_id]) if category_id else ("", [])
        if code and status:  # one mention must say both (see Query.equipment)
            filters = [("stance-country", f"{status} {code}")]
        else:
            filters = [(t, v) for t, v in (("country", code), ("stance", status)) if v]
        if maker:
            filters.append(("maker", maker))
        return self._listing("equipment", filters, extra, params)

    @_guarded
    def _people(self, code: str | None, org: str | None) -> list[Stored]:
        filters = [(t, v) for t, v in (("country", code), ("role-org", org)) if v]
        return self._listing("person", filters)

    @_guarded
    def _organizations(self, code: str | None, kind: str | None) -> list[Stored]:
        extra, params = (" AND e.kind = ?", [kind]) if kind else ("", [])
        filters = [("country", code)] if code else []
        return self._listing("organization", filters, extra, params)

    @_guarded
    def _topic_choices(self) -> tuple[str, ...]:
        topics = set()
        for seq, tag, value, crc in self._db.execute(
            "SELECT seq, tag, value, crc FROM tags WHERE tag = 'topic'"
        ):
            if _tag_crc(seq, tag, value) != crc or not isinstance(value, str):
                raise DamagedIndex("damaged topic")
            topics.add(value)
        return tuple(sorted(topics))

    @_guarded
    def _statements(self, by: str | None, topic: str | None) -> list[Stored]:
        filters = [(t, v) for t, v in (("by", by), ("topic", topic)) if v]
        # Undated statements first, as the in-memory sort puts () before any date.
        return self._listing(
            "statement", filters, order="e.lower IS NOT NULL, e.lower, e.upper, e.date_text, e.seq"
        )

    @_guarded
    def sources(self) -> list[Stored]:
        return self._listing("source", [])

    @_guarded
    def categories(self) -> list[tuple[object, int]]:
        from bilat.vocab.categories import CATEGORIES

        counts = dict(
            self._db.execute(
                "SELECT kind, count(*) FROM entries WHERE type = 'equipment' GROUP BY kind"
            )
        )
        return [(c, counts.get(c.id, 0)) for c in CATEGORIES]

    def citations(self, entry) -> list[Citation]:
        return [citation for citation, _ in self.attributed_citations(entry)]

    def attributed_citations(self, entry) -> list[tuple[Citation, str | None]]:
        from bilat.query.memory import attributed_citations

        return attributed_citations(model_of(entry))

    # -- search and links --

    def search(self, text: str) -> IndexedHits | list[SearchHit]:
        if self._memory is not None:
            return self._memory.search(text)
        return IndexedHits(self, text, search_words(text))

    def _ranked(self, words: list[tuple[str, ...]], limit: int | None):
        """The hits, best first, tier by tier (see bilat.query.search): each tier's rows come
        from FTS5 in hit order, so with a limit only about `limit` rows are read. An entry
        in an earlier tier is skipped; with a limit there are fewer than `limit` of those, so
        a tier reads at most twice `limit` rows."""
        seen: set[int] = set()
        # The collector is paused while hits are given out: tens of thousands of small
        # objects, and no cycles among them.
        with paused_gc():
            yield from self._tiered(words, limit, seen)

    def _tiered(self, words: list[tuple[str, ...]], limit: int | None, seen: set[int]):
        for rank, expression in _tiers(words):
            sql = (
                "SELECT s.rowid, o.seq, o.id, o.type, o.label, o.texts, o.crc FROM search s "
                "LEFT JOIN search_order o ON o.ord = s.rowid WHERE search MATCH ? ORDER BY s.rowid"
            )
            params: tuple = (expression,)
            if limit is not None:
                sql += " LIMIT ?"
                params += (limit,)  # at most limit - len(seen) new ones after len(seen) known
            cursor = self._db.execute(sql, params)
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
                        or _unsafe_texts(texts)
                    ):
                        raise DamagedIndex(f"damaged search row {order!r}")
                    seen.add(order)
                    run.append((seq, entry_id, type_name, label, texts))
                    if limit is not None and len(seen) >= limit:
                        break
                records = _Records(self, [seq for seq, *_ in run])
                for seq, entry_id, type_name, label, texts in run:
                    entry = Unread(records, seq, entry_id, type_name, label)
                    yield SearchHit(entry, rank, words, texts)
                if limit is not None and len(seen) >= limit:
                    cursor.close()
                    return

    def _count(self, words: list[tuple[str, ...]]) -> int:
        """How many entries match: those where every word begins a word somewhere."""
        (count,) = self._db.execute(
            "SELECT count(*) FROM search WHERE search MATCH ?", (_every(words, prefix=True),)
        ).fetchone()
        return count

    @_guarded
    def names(self) -> list[str]:
        import json

        found: list[str] = []
        for row in self._db.execute(f"SELECT {_ROW} FROM entries e ORDER BY e.seq"):
            text = _checked(row)
            found.append(row[3])
            if '"aliases"' in text:
                found.extend(json.loads(text).get("aliases") or ())
        return found

    @_guarded
    def links_to(self, entry_id: str) -> list[Link]:
        rows = self._db.execute(
            f"SELECT {_ROW}, l.target, l.seq, l.field, l.position, l.crc FROM links l "
            "JOIN entries e ON e.seq = l.seq WHERE l.target = ? ORDER BY l.position",
            (entry_id,),
        )
        links = []
        for row in rows:
            target, seq, field, position, crc = row[_ROW_WIDTH:]
            if (
                not isinstance(field, str)
                or not re.match(_FIELD, field)
                or _link_crc(target, seq, field, position) != crc
            ):
                raise DamagedIndex("damaged link")
            links.append(Link(Stored(_checked(row)), field))
        return links


def _unsafe_texts(texts: str) -> bool:
    """Whether a search row's stored texts are not what bilat writes: a control character
    the loader refuses (their separators aside), or not four groups."""
    if texts.count("\x1d") != len(_COLUMNS) - 1:
        return True
    plain = texts.replace("\x1d", " ").replace("\x1e", " ").replace("\x1f", " ")
    # Every character the loader refuses is unprintable: most texts pass the fast test.
    return not plain.isprintable() and refused(plain) is not None


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


_COLUMNS = ("names", "aliases", "text", "citations")


def _tiers(words: list[tuple[str, ...]]):
    """(rank, FTS5 expression) of each tier, best first (see bilat.query.search). A tier that
    begins words excludes every entry where all the words are whole, which a whole-word tier
    already listed."""
    for group, column in enumerate(_COLUMNS):
        yield group * 1000, _every(words, False, column)
    whole = _every(words, False)
    if len(words) > 1:  # one word whole somewhere is whole in some group: listed above
        yield SEVERAL * 1000, whole
    for group, column in enumerate(_COLUMNS):
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
                self._count = self._query._count(self._words)
            except (sqlite3.DatabaseError, _Switched) as error:
                self._count = len(self._from_memory(error))
        return self._count

    def __bool__(self) -> bool:
        return len(self) > 0

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
            for hit in self._query._ranked(self._words, limit):
                if self._query._memory is not None:  # a record was found damaged meanwhile
                    raise _Switched
                yield hit
                given += 1
        except (sqlite3.DatabaseError, _Switched) as error:
            yield from self._from_memory(error)[given:limit]


class _Switched(Exception):
    """The query already answers from the files."""
