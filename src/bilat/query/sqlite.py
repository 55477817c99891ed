"""The read side of the cached index: `IndexedQuery`, the Query interface answered from it,
with every row checked (checksum, text rules) as it is read."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from bilat import __version__
from bilat.files import cachedir
from bilat.query.base import Link, QueryBase
from bilat.query.search.rules import SearchHit, search_words
from bilat.records import Stored, model_of
from bilat.text import is_slug, unsafe_json

if TYPE_CHECKING:
    import datetime

    from bilat.model import Citation
    from bilat.query.search.fts import IndexedHits

from bilat.query.index import (
    SCHEMA_SQL,
    _discard,
    _link_crc,
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
    return IndexedQuery(connection, fallback, path, meta)


_FIELD = r"[a-z_]+\Z"


class DamagedIndex(sqlite3.DatabaseError):
    """A row that is not what bilat wrote: a failed checksum, or text the loader rejects."""


def _gives_up():
    raise DamagedIndex("a helper's copy of the index does not read the files")


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


def _guarded(method):
    """Run a query against the index; if the file turns out to be damaged, drop it and answer
    the same question from the files instead. A query SQLite cannot run on a sound file (too
    many variables, too deep an expression: a search of a thousand words, an I/O error) is
    answered from the files too, for the rest of the run, and the index is left for the next."""

    def run(self, *args, **kwargs):
        if self._memory is None:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.DatabaseError as error:
                self._switch_to_memory(error)
        return getattr(self._memory, method.__name__)(*args, **kwargs)

    run.__name__ = method.__name__
    run.__doc__ = method.__doc__
    return run


class IndexedQuery(QueryBase):
    """The Query interface answered from a cached index (see the module docstring)."""

    def __init__(
        self, connection: sqlite3.Connection, fallback, path: Path, meta: dict[str, str]
    ) -> None:
        self._db = connection
        self._fallback = fallback  # () -> Query over the loaded files
        self._memory = None
        self._path = path
        self._meta = meta

    def _switch_to_memory(self, error: Exception | None = None) -> None:
        """Answer from the files from now on. The index is dropped unless what went wrong
        was a query SQLite could not run on a sound file (see _guarded)."""
        self._db.close()
        memory = self._fallback()  # first: a helper process's copy gives up here, and
        if not isinstance(error, sqlite3.OperationalError):  # leaves the file to bilat
            _discard(self._path)
        self._memory = memory

    def reopened(self) -> IndexedQuery | None:
        """This index on a connection of its own, for a helper process (bilat.query.search.split: a
        connection must not cross a fork), when the file at its path is still this build
        (the same meta); None otherwise. Where this query would fall back to the files, the
        copy raises DamagedIndex."""
        if not cachedir.trusted(self._path):
            return None
        try:
            connection = sqlite3.connect(
                cachedir.sqlite_uri(self._path, "mode=ro&immutable=1"), uri=True
            )
            if dict(connection.execute("SELECT key, value FROM meta")) != self._meta:
                connection.close()
                return None
        except sqlite3.Error:
            return None
        return IndexedQuery(connection, _gives_up, self._path, self._meta)

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
        from bilat.query.search.fts import IndexedHits

        return IndexedHits(self, text, search_words(text))

    @_guarded
    def naming_hits(self, text: str) -> list[SearchHit]:
        from bilat.query.search.fts import ranked

        return list(ranked(self, search_words(text), None, naming=True))

    def _memory_text(self, entry_id: str) -> str:
        """An entry's record as the index stores it (compact JSON), from the files."""
        import json

        from bilat.records import record_of

        data = record_of(self._memory.get(entry_id))
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

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
