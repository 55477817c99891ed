"""An SQLite index of a validated dataset, cached between runs, behind the Query interface.

The first run on a set of files loads and validates them (as without a cache), answers from
memory, and writes the index to the user cache directory; later runs open the index and read
only the rows a query returns, so their cost follows the answer, not the dataset.

An index can only be right (the README's reliability section states it for users):
- Its name is a key of the files taken *before* they are read: device, inode, size,
  modification and change times of each, and a checksum of its whole content (of its first
  and last 64 KiB above 1 MiB; the change time, which no tool can set back, covers the rest).
  After the build the key is taken again, and the index is written only when it is unchanged,
  so an edit made while bilat reads is never stored under either key.
- Only regular files are keyed: a FIFO, a device or a terminal is read once and not cached.
- It is written to a private temporary file and renamed into place, by one process per key
  (bilat.files.cachedir.BuildLock), and never changed afterwards: readers open it read-only and
  immutable. Each record carries a checksum and is checked, with the loader's text rules,
  as it is read; a damaged or unsafe record sends the whole query back to the files.
- A cache that is missing, unreadable, corrupt, from another bilat, not the user's own or
  writable by others falls back to loading the files, and every answer is the same as
  without it (the test suite compares them).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from bilat import __version__
from bilat.errors import paused_gc
from bilat.files import cachedir, tempfiles
from bilat.files.cachedir import cache_dir  # noqa: F401 - where callers have always found it
from bilat.query.base import (
    Link,
    QueryBase,
    SearchHit,
    fold,
    match_texts,
    record_search_texts,
    search_words,
)
from bilat.records import Stored, model_of
from bilat.vocab import EVENT_KINDS, ORGANIZATION_KINDS, STANCES

if TYPE_CHECKING:
    import datetime

    from bilat.model import Citation, Dataset

# Bump when the layout below changes (4: citations' words searched; 5: row checksums, and
# each haystack's layout, for ranking without the record).
INDEX_FORMAT = "6"
_SAMPLE = 65536
_WHOLE = 1 << 20  # files up to this size are checksummed whole

TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries(
    seq INTEGER PRIMARY KEY,  -- dataset order: kind by kind, file order within a kind
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    label TEXT NOT NULL,
    record TEXT NOT NULL,     -- the JSON record, exactly as --format json prints it
    lower TEXT, upper TEXT, date_text TEXT,  -- an event's or statement's date, for order/filters
    kind TEXT,                -- event kind, organization kind or equipment category
    crc INTEGER NOT NULL      -- CRC-32 of id, type, label and record (see _row_crc)
);
-- Every folded text search looks in, one row per entry: kept apart from the records so the
-- search pre-filter scans only this text, not the JSON beside it. The texts are joined by
-- newlines; layout says how long each is and which field, one "12 name" per line (a field
-- name may hold spaces: "quote (source-id)"), so a match is ranked from this row alone.
CREATE TABLE haystacks(seq INTEGER PRIMARY KEY, text TEXT NOT NULL, layout TEXT NOT NULL);
CREATE TABLE tags(seq INTEGER NOT NULL, tag TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE links(target TEXT NOT NULL, seq INTEGER NOT NULL, field TEXT NOT NULL,
                   position INTEGER NOT NULL);
"""
# Indexes are built after the rows are in: one sort each, instead of a B-tree insert per row.
INDEXES = """
CREATE UNIQUE INDEX entries_by_id ON entries(id);
CREATE INDEX entries_by_type ON entries(type, kind);
CREATE INDEX entries_by_date ON entries(type, lower, upper);
CREATE INDEX tags_by_value ON tags(tag, value, seq);
CREATE INDEX links_by_target ON links(target, position);
"""


def cache_key(files: list[tuple[str, Path]]) -> tuple[str, str] | None:
    """(name of the set of files, key of their content), or None when they must not be cached:
    a file cannot be read (the loader then reports it), is too large, or is not a regular
    file (a FIFO, device or terminal is read once, by the loader, never here)."""
    # zlib's CRC-32, not hashlib: hashlib loads OpenSSL (~3 ms of start-up), and the full key
    # is also stored inside the file and compared on open, so a collision is harmless.
    from bilat.files import paths

    names = f"{__version__}/{INDEX_FORMAT}".encode()
    content = 0
    stamps: list[str] = []
    for _, path in files:
        try:
            real = os.path.realpath(path)
            info = os.stat(real)
            if not stat.S_ISREG(info.st_mode) or info.st_size > paths.MAX_FILE_BYTES:
                return None
            # Non-blocking: if a FIFO took the file's place since stat(), open must not wait.
            descriptor = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with open(descriptor, "rb") as handle:
                if os.fstat(descriptor).st_ino != info.st_ino:
                    return None  # replaced between stat and open: next run
                if info.st_size <= _WHOLE:
                    content = zlib.crc32(handle.read(_WHOLE + 1), content)
                else:
                    content = zlib.crc32(handle.read(_SAMPLE), content)
                    handle.seek(-_SAMPLE, os.SEEK_END)
                    content = zlib.crc32(handle.read(_SAMPLE), content)
        except (OSError, ValueError):
            return None
        encoded = os.fsencode(real)
        names += b"\0" + encoded
        stamp = (
            f"\0{info.st_dev}\0{info.st_ino}\0{info.st_size}\0{info.st_mtime_ns}"
            f"\0{info.st_ctime_ns}\0"
        ).encode()
        content = zlib.crc32(encoded + stamp, content)
        stamps.append(f"{info.st_size:x}.{info.st_mtime_ns:x}.{info.st_ctime_ns:x}")
    return (
        f"{zlib.crc32(names):08x}{zlib.adler32(names):08x}",
        f"{content:08x}-{zlib.crc32('/'.join(stamps).encode()):08x}",
    )


def cache_path(directory: Path, key: tuple[str, str]) -> Path:
    return directory / f"{key[0]}-{key[1]}{cachedir.INDEX_SUFFIX}"


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
        if meta.get("key") != "-".join(key) or meta.get("bilat") != __version__:
            connection.close()
            return None
        (count,) = connection.execute("SELECT count(*) FROM entries").fetchone()
        if str(count) != meta.get("entries"):
            raise sqlite3.DatabaseError("entry count does not match")
    except sqlite3.Error:
        _discard(path)
        return None
    return IndexedQuery(connection, fallback, path)


def write_index(
    dataset: Dataset,
    files: list[tuple[str, Path]],
    directory: Path,
    *,
    key: tuple[str, str] | None,
    lock: cachedir.BuildLock | None = None,
) -> Path | None:
    """Write the index for next time, under `key`: the key of the files taken before the
    dataset was read from them. None (and no file) when it cannot or must not be written: the
    files changed since `key` was taken, another process is building it, or any failure."""
    if key is None or not cachedir.prepare(directory):
        return None
    path = cache_path(directory, key)
    own_lock = lock is None
    if lock is None:
        lock = cachedir.BuildLock(directory, path.name)
        if not lock.acquire():
            return None  # another process builds this index: answer from memory meanwhile
    temporary = directory / tempfiles.temp_name(path.name)
    try:
        tempfiles.remove_stale_temps(directory, path.name, time.time())
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            connection.executescript(TABLES)
            with paused_gc():
                count = _fill(connection, dataset)
            connection.executescript(INDEXES)
            connection.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("key", "-".join(key)), ("bilat", __version__), ("entries", str(count))],
            )
            connection.commit()
        finally:
            connection.close()
        if cache_key(files) != key:  # edited while bilat read it: store neither version
            _discard(temporary)
            return None
        os.replace(temporary, path)
    except (OSError, sqlite3.Error):
        _discard(temporary)
        return None
    except BaseException:  # Ctrl-C, SIGTERM: leave nothing behind
        _discard(temporary)
        raise
    finally:
        if own_lock:
            lock.release()
    cachedir.evict(directory, key[0], path)
    return path


# From this many entries on, the index is written by a detached child process, so the first
# run answers as soon as the files are validated instead of also waiting for the write
# (about 50 µs an entry: 5 s at 100,000). Smaller datasets write it before answering.
DETACH_AT = 5000

# Writers to start once the answer is out (see write_index_soon and write_pending).
_pending: list[tuple] = []


def write_index_soon(
    dataset: Dataset,
    files: list[tuple[str, Path]],
    directory: Path,
    *,
    key: tuple[str, str] | None,
    after_answer: bool = False,
) -> int | None:
    """Write the index, in the background when that would hold up the answer noticeably.
    Returns the writer's process id when it was detached, else None. With after_answer, a
    background writer is only queued: write_pending() starts it once the answer is written,
    so the child neither competes with the answer for the CPU nor makes the parent copy
    the pages it touches while rendering."""
    if key is None:
        return None
    if len(dataset.by_id) < DETACH_AT or not hasattr(os, "fork"):
        write_index(dataset, files, directory, key=key)
        return None
    if not cachedir.prepare(directory):
        return None
    # Take the build lock now (before any fork), so that of many parallel first runs only
    # one queues or starts a writer (each writer holds a copy of the dataset in memory).
    lock = cachedir.BuildLock(directory, cache_path(directory, key).name)
    if not lock.acquire():
        return None
    if after_answer:
        _pending.append((dataset, files, directory, key, lock))
        return None
    return _detach(dataset, files, directory, key, lock)


def write_pending() -> list[int]:
    """Start the writers queued for after the answer; their process ids."""
    pids = []
    while _pending:
        pid = _detach(*_pending.pop(0))
        if pid is not None:
            pids.append(pid)
    return pids


def _detach(
    dataset: Dataset, files: list[tuple[str, Path]], directory: Path, key: tuple[str, str], lock
) -> int | None:
    try:
        pid = os.fork()
    except OSError:
        try:
            write_index(dataset, files, directory, key=key, lock=lock)
        finally:
            lock.release()
        return None
    if pid == 0:  # the child: write quietly, never return into the CLI
        status = 1
        try:
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            os.setsid()  # not in the terminal's process group: Ctrl-C on the shell spares it
            status = 0 if write_index(dataset, files, directory, key=key, lock=lock) else 1
        finally:
            os._exit(status)
    lock.release()  # the child holds the lock now (the same open file)
    return pid


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _fill(connection: sqlite3.Connection, dataset: Dataset) -> int:
    import json

    from bilat.query.memory import iter_links
    from bilat.records import record

    # The stored text is exactly what `--format json` prints for the record when piped.
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    entries, tags, haystacks = [], [], []
    seq_of: dict[str, int] = {}
    for seq, entry in enumerate(dataset.by_id.values()):
        seq_of[entry.id] = seq
        date = getattr(entry, "date", None) if entry.type in ("event", "statement") else None
        kind = (
            entry.kind
            if entry.type in ("event", "organization")
            else entry.category
            if entry.type == "equipment"
            else None
        )
        data = record(entry)
        text = encode(data)
        entries.append(
            (
                seq,
                entry.id,
                entry.type,
                entry.label,
                text,
                date.lower.isoformat() if date else None,
                date.upper.isoformat() if date else None,
                date.text if date else None,
                kind,
                _row_crc(entry.id, entry.type, entry.label, text),
            )
        )
        texts = record_search_texts(data)
        haystacks.append(
            (
                seq,
                "\n".join(text for _, text in texts),
                "\n".join(f"{len(text)} {name}" for name, text in texts),
            )
        )
        tags.extend((seq, tag, value) for tag, value in _tags(entry))
    connection.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", entries)
    connection.executemany("INSERT INTO haystacks VALUES (?,?,?)", haystacks)
    connection.executemany("INSERT INTO tags VALUES (?,?,?)", tags)
    links = []
    positions: dict[str, int] = {}
    for target, entry, field_name in iter_links(dataset):
        position = positions.get(target, 0)
        positions[target] = position + 1
        links.append((target, seq_of[entry.id], field_name, position))
    connection.executemany("INSERT INTO links VALUES (?,?,?,?)", links)
    return len(entries)


def _row_crc(entry_id: str, type_name: str, label: str, text: str) -> int:
    return zlib.crc32(f"{entry_id}\n{type_name}\n{label}\n{text}".encode("utf-8", "surrogatepass"))


# What the loader rejects in text (load._CONTROL), as it can appear in a record's JSON: raw
# (DEL, C1, bidi controls; C0 never appears raw in valid JSON), or as a JSON escape that is
# not preceded by an escaped backslash. A false alarm only costs a read from the files.
# (Patterns as text: re compiles and caches them on first use, not at every start-up.)
_UNSAFE = (
    "(?i)[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    r"|(?<!\\)(?:\\\\)*\\(?:[bfr]|u00(?:0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])"
    r"|u20(?:2[a-e]|6[6-9]))"
)
# What could be unsafe, found in one fast pass: a raw control or bidi character, or an escape
# that could stand for one. Only text with such a thing is checked with _UNSAFE's slower
# pattern (an escaped backslash before "u" is common in paths and harmless).
_SUSPECT = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\\\\[bfrBFRuU]"
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*\Z"
_FIELD = r"[a-z_]+\Z"


def _unsafe(text: str) -> bool:
    """Whether stored JSON text holds what the loader rejects (see _UNSAFE)."""
    return re.search(_SUSPECT, text) is not None and re.search(_UNSAFE, text) is not None


class DamagedIndex(sqlite3.DatabaseError):
    """A row that is not what bilat wrote: a failed checksum, or text the loader rejects."""


def _checked(row: tuple) -> str:
    """The record text of an (id, type, label, record, crc) row, once it passes the checks."""
    entry_id, type_name, label, text, crc = row
    if (
        not isinstance(text, str)
        or not isinstance(label, str)
        or _row_crc(str(entry_id), str(type_name), label, text) != crc
        or _unsafe(text)
        or _unsafe(label)
    ):
        raise DamagedIndex(f"damaged record {entry_id!r}")
    return text


def _checked_ids(rows) -> list[str]:
    """The ids of (id,) rows, each checked to be an id (completion prints them)."""
    slug = re.compile(_SLUG).match
    ids = [row[0] for row in rows]
    if not all(isinstance(value, str) and slug(value) for value in ids):
        raise DamagedIndex("damaged id")
    return ids


_ROW = "e.id, e.type, e.label, e.record, e.crc"


def _fields(haystack: str, layout: str) -> list[tuple[str, str]]:
    """The (field, folded text) pairs a haystack row holds, as record_search_texts made them."""
    pairs, start = [], 0
    for part in layout.split("\n"):
        length, _, name = part.partition(" ")
        if not length.isdigit() or not isinstance(haystack, str):
            raise DamagedIndex("damaged search text")
        end = start + int(length)
        pairs.append((name, haystack[start:end]))
        start = end + 1  # the newline between texts
    return pairs


class Unread(Stored):
    """An entry found by search: id, type and label at hand, its record read from the index
    (and decoded) only when something asks for it, and not kept, so that printing tens of
    thousands of hits one by one holds one record at a time."""

    __slots__ = ("_db", "_seq", "_id", "_type", "_label")

    def __init__(
        self, db: sqlite3.Connection, seq: int, entry_id: str, type_name: str, label: str
    ) -> None:
        self._db, self._seq = db, seq
        self._id, self._type, self._label = entry_id, type_name, label
        self._record = None
        self._entry = None

    @property
    def text(self) -> str:
        # Read through the same checks as every other row (checksum, unsafe text).
        row = self._db.execute(
            f"SELECT {_ROW} FROM entries e WHERE e.seq = ?", (self._seq,)
        ).fetchone()
        if row is None:
            raise DamagedIndex(f"missing record {self._id!r}")
        return _checked(row)

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


def _tags(entry) -> list[tuple[str, str]]:
    """The multi-valued filter values of an entry, as the in-memory Query reads them."""
    found: list[tuple[str, str]] = []
    if entry.type == "event":
        found += [("country", c) for c in entry.countries]
        found += [("who", p) for p in entry.participants]
        if entry.attributed_to:
            found.append(("who", entry.attributed_to))
    elif entry.type == "equipment":
        countries = {entry.origin} | {m.for_country for m in entry.mentions}
        found += [("country", c) for c in countries if c]
        found += [("maker", m) for m in entry.makers]
        found += [("stance", s) for s in entry.stances]
        found += [
            ("stance-country", f"{m.stance} {m.for_country}")
            for m in entry.mentions
            if m.for_country
        ]
    elif entry.type in ("person", "organization"):
        if entry.country:
            found.append(("country", entry.country))
        if entry.type == "person":
            found += [("role-org", r.organization) for r in entry.roles if r.organization]
    elif entry.type == "statement":
        found.append(("by", entry.by))
        found += [("topic", t) for t in entry.topics]
    return list(dict.fromkeys(found))


def _guarded(method):
    """Run a query against the index; if the file turns out to be damaged, drop it and answer
    the same question from the files instead."""

    def run(self, *args, **kwargs):
        if self._memory is None:
            try:
                return method(self, *args, **kwargs)
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

    def _switch_to_memory(self) -> None:
        self._db.close()
        _discard(self._path)
        self._memory = self._fallback()

    def _rows(self, sql: str, params=()) -> list[Stored]:
        """Stored entries from a query whose first columns are _ROW, each checked."""
        return [Stored(_checked(row[:5])) for row in self._db.execute(sql, params)]

    # -- lookups --

    @_guarded
    def get(self, entry_id: str):
        found = self._rows(f"SELECT {_ROW} FROM entries e WHERE id = ?", (entry_id,))
        if not found:
            raise self._no_entry(entry_id)
        return found[0]

    def _checked_row(self, entry_id: str) -> tuple | None:
        """The entry's (id, type, label, record, crc) row, checked like any record read (the
        checksum covers the id, type and label too), without decoding its JSON."""
        row = self._db.execute(f"SELECT {_ROW} FROM entries e WHERE id = ?", (entry_id,)).fetchone()
        if row is not None:
            _checked(row)
        return row

    @_guarded
    def type_of(self, entry_id: str) -> str | None:
        row = self._checked_row(entry_id)
        return row[1] if row else None

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
        return row[2] if row else entry_id

    # -- listings --

    def _listing(
        self,
        type_name: str,
        filters: list[tuple[str, str]],
        extra: str = "",
        params: list | None = None,
        order: str = "seq",
    ) -> list[Stored]:
        sql = f"SELECT {_ROW} FROM entries e WHERE type = ?" + extra
        values: list = [type_name, *(params or [])]
        for tag, value in filters:
            sql += " AND seq IN (SELECT seq FROM tags WHERE tag = ? AND value = ?)"
            values += [tag, value]
        return self._rows(f"{sql} ORDER BY {order}", values)

    @_guarded
    def events(
        self,
        *,
        since: datetime.date | None = None,
        until: datetime.date | None = None,
        country: str | None = None,
        kind: str | None = None,
        person: str | None = None,
        org: str | None = None,
    ) -> list[Stored]:
        self._reject_empty(country=country, kind=kind, person=person, org=org)
        code = self.country(country) if country else None
        self._check_choice("kind", kind, EVENT_KINDS)
        if person:
            self._expect(person, "person")
        if org:
            self._expect(org, "organization")
        extra, params = "", []
        if since is not None:
            extra += " AND upper >= ?"
            params.append(since.isoformat())
        if until is not None:
            extra += " AND lower <= ?"
            params.append(until.isoformat())
        if kind:
            extra += " AND kind = ?"
            params.append(kind)
        filters = [(t, v) for t, v in (("country", code), ("who", person), ("who", org)) if v]
        return self._listing("event", filters, extra, params, "lower, upper, date_text, seq")

    @_guarded
    def equipment(
        self,
        *,
        category: str | None = None,
        country: str | None = None,
        maker: str | None = None,
        status: str | None = None,
    ) -> list[Stored]:
        self._reject_empty(category=category, country=country, maker=maker, status=status)
        category_id = self.category(category) if category else None
        code = self.country(country) if country else None
        if maker:
            self._expect(maker, "organization")
        self._check_choice("status", status, STANCES)
        extra, params = (" AND kind = ?", [category_id]) if category_id else ("", [])
        if code and status:  # one mention must say both (see Query.equipment)
            filters = [("stance-country", f"{status} {code}")]
        else:
            filters = [(t, v) for t, v in (("country", code), ("stance", status)) if v]
        if maker:
            filters.append(("maker", maker))
        return self._listing("equipment", filters, extra, params)

    @_guarded
    def people(self, *, country: str | None = None, org: str | None = None) -> list[Stored]:
        self._reject_empty(country=country, org=org)
        code = self.country(country) if country else None
        if org:
            self._expect(org, "organization")
        filters = [(t, v) for t, v in (("country", code), ("role-org", org)) if v]
        return self._listing("person", filters)

    @_guarded
    def organizations(self, *, country: str | None = None, kind: str | None = None) -> list[Stored]:
        self._reject_empty(country=country, kind=kind)
        code = self.country(country) if country else None
        self._check_choice("kind", kind, ORGANIZATION_KINDS)
        extra, params = (" AND kind = ?", [kind]) if kind else ("", [])
        filters = [("country", code)] if code else []
        return self._listing("organization", filters, extra, params)

    @_guarded
    def statements(self, *, by: str | None = None, topic: str | None = None) -> list[Stored]:
        self._reject_empty(by=by, topic=topic)
        if by:
            self._expect(by, "person")
        if topic:
            topics = [
                r[0]
                for r in self._db.execute(
                    "SELECT DISTINCT value FROM tags WHERE tag = 'topic' ORDER BY value"
                )
            ]
            self._check_choice("topic", topic, tuple(topics))
        filters = [(t, v) for t, v in (("by", by), ("topic", topic)) if v]
        # Undated statements first, as the in-memory sort puts () before any date.
        return self._listing(
            "statement", filters, order="lower IS NOT NULL, lower, upper, date_text, seq"
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

    @_guarded
    def search(self, text: str) -> list[SearchHit]:
        words = search_words(text)
        # instr(): an exact substring test on text folded like the words (no LIKE escaping).
        every = " AND ".join(
            "(" + " OR ".join("instr(h.text, ?) > 0" for _ in w) + ")" for w in words
        )
        hits = []
        # Ranked from the stored folded texts, field by field; records are read and decoded
        # only for the hits that are printed (see Unread). The collector is paused: a common
        # word makes tens of thousands of small objects and no cycles.
        with paused_gc():
            for seq, entry_id, type_name, label, haystack, layout in self._db.execute(
                "SELECT e.seq, e.id, e.type, e.label, h.text, h.layout FROM haystacks h "
                f"JOIN entries e ON e.seq = h.seq WHERE {every} ORDER BY h.seq",
                [v for w in words for v in w],
            ):
                # What is printed without reading the record is checked like a record would be.
                if (
                    not isinstance(label, str)
                    or _unsafe(label)
                    or not isinstance(entry_id, str)
                    or not re.match(_SLUG, entry_id)
                ):
                    raise DamagedIndex(f"damaged search row {seq!r}")
                # The pre-filter is exact for "every word somewhere"; ranking needs the fields.
                found = match_texts(_fields(haystack, layout), words)
                if found:
                    hits.append(
                        (
                            found[1],
                            fold(label),
                            SearchHit(Unread(self._db, seq, entry_id, type_name, label), *found),
                        )
                    )
            hits.sort(key=lambda h: (h[0], h[1]))
        return [hit for _, _, hit in hits]

    @_guarded
    def links_to(self, entry_id: str) -> list[Link]:
        rows = self._db.execute(
            f"SELECT {_ROW}, l.field FROM links l JOIN entries e ON e.seq = l.seq "
            "WHERE l.target = ? ORDER BY l.position",
            (entry_id,),
        )
        links = []
        for row in rows:
            if not isinstance(row[5], str) or not re.match(_FIELD, row[5]):
                raise DamagedIndex("damaged link")
            links.append(Link(Stored(_checked(row[:5])), row[5]))
        return links
