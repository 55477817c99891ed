"""An SQLite index of a validated dataset, cached between runs, behind the Query interface.

The first run on a set of files loads and validates them (as without a cache), answers from
memory, and writes the index to the user cache directory; later runs open the index and read
only the rows a query returns, so their cost follows the answer, not the dataset.

An index can only be right (the README's reliability section states it for users):
- Its name is a key of the files taken *before* they are read: device, inode, size,
  modification and change times of each, and a checksum of its whole content (of its first
  and last 64 KiB above 1 MiB; the change time, which no tool can set back, covers the rest).
  A file changed within RACY_NS of the key being taken is checksummed whole whatever its size
  (git's "racily clean" rule): on a file system with 1- or 2-second times, a second same-size
  edit in that tick leaves every time as it was, and only the content can tell.
  After the build the key is taken again, and the index is written only when it is unchanged,
  so an edit made while bilat reads is never stored under either key.
- Only regular files are keyed: a FIFO, a device or a terminal is read once and not cached.
- It is written to a private temporary file and renamed into place, by one process per key
  (bilat.files.cachedir.BuildLock), and never changed afterwards: readers open it read-only and
  immutable. Its schema must be exactly bilat's (no extra table, view, index or trigger).
  Every row of every table carries a checksum of all its columns and is checked, with the
  loader's text rules, as it is read; a damaged or unsafe row sends the whole query back to
  the files. (A row a query does not read is not checked: damage that only hides a row from a
  filter, or changes the counts `categories` reads, is not seen.)
- A query SQLite cannot run (a search of a thousand words) is answered from the files, and the
  index is kept.
- A cache that is missing, unreadable, corrupt, from another bilat, not the user's own or
  writable by others falls back to loading the files, and every answer is the same as
  without it (the test suite compares them).
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from bilat import __version__
from bilat.files import cachedir

if TYPE_CHECKING:
    pass

# Bump when the layout below changes (4: citations' words searched; 5: row checksums, and
# each haystack's layout, for ranking without the record; 7: every column of every row under
# a checksum; 10: a source's speakers; 11: each record's `defined`; 12: search keys, see
# bilat.vocab.translit; 13: an FTS5 table of each entry's search keys, in hit order).
INDEX_FORMAT = "13"
_SAMPLE = 65536
_WHOLE = 1 << 20  # files up to this size are checksummed whole
# Coarsest time stamps a file system keeps (FAT: 2 s). A file whose modification or change time
# is not older than the key by this much may be edited again with no time moving: it is
# checksummed whole, like a small file.
RACY_NS = 2_000_000_000

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
    crc INTEGER NOT NULL      -- CRC-32 of every column above (see _row_crc)
);
-- Search (bilat.query.search.rules): one row an entry, numbered in the order search lists hits of
-- one rank (kind, then folded name), so that FTS5 returns a tier's hits already in order and
-- a first page stops early. Each column holds one group's search keys, the texts separated by
-- a token no key holds (SEPARATOR), so a phrase never spans two texts. Contentless: the keys
-- are not read back, only matched. search_order maps a row to its entry, with the id, type and
-- label a search prints without reading the record, under a checksum (_order_crc).
CREATE VIRTUAL TABLE search USING fts5(
    names, aliases, text, citations,  -- bilat.query.search.rules.GROUPS
    content='', columnsize=0, tokenize='ascii'
);
CREATE TABLE search_order(ord INTEGER PRIMARY KEY, seq INTEGER NOT NULL, id TEXT NOT NULL,
                          type TEXT NOT NULL, label TEXT NOT NULL,
                          texts TEXT NOT NULL,  -- bilat.query.search.rules.stored_texts
                          crc INTEGER NOT NULL);
-- Each row of these tables carries a CRC-32 of its columns too (_tag_crc, _link_crc),
-- checked whenever the row is read.
CREATE TABLE tags(seq INTEGER NOT NULL, tag TEXT NOT NULL, value TEXT NOT NULL,
                  crc INTEGER NOT NULL);
CREATE TABLE links(target TEXT NOT NULL, seq INTEGER NOT NULL, field TEXT NOT NULL,
                   position INTEGER NOT NULL, crc INTEGER NOT NULL);
"""
# Indexes are built after the rows are in: one sort each, instead of a B-tree insert per row.
INDEXES = """
CREATE UNIQUE INDEX entries_by_id ON entries(id);
CREATE INDEX entries_by_type ON entries(type, kind);
CREATE INDEX entries_by_date ON entries(type, lower, upper);
CREATE INDEX tags_by_value ON tags(tag, value, seq);
CREATE INDEX links_by_target ON links(target, position);
"""


class Key(tuple):
    """(name of the set of files, key of their content), and when it was taken (taken_ns).
    `archives`: the archives the files' quotes were checked against and their own key
    ((files, Key), taken before they were read), when the data names any."""

    taken_ns: int
    archives: tuple | None = None


def archives_meta(key: tuple) -> list[tuple[str, str]]:
    """The meta rows that say which archives an index's quotes were found in: their paths
    (hex of the bytes, one a line) and their key, both empty when the data names none."""
    files, archives_key = getattr(key, "archives", None) or ((), None)
    paths = "\n".join(os.fsencode(path).hex() for _, path in files)
    keyed = "-".join(archives_key) if archives_key and files else ""
    return [("archives", paths), ("archives_key", keyed)]


def archives_unchanged(meta: dict) -> bool:
    """Whether every archive the index's quotes were checked against is as it was (keyed
    like the data files: see cache_key); an index that does not say is not trusted. A warm
    run pays a stat and a checksum per archive, no reading of quotes."""
    paths, stored = meta.get("archives"), meta.get("archives_key")
    if paths is None or stored is None:
        return False
    if not paths:
        return not stored
    files = [(name, name) for name in (os.fsdecode(bytes.fromhex(h)) for h in paths.split("\n"))]
    key = cache_key(files)
    return key is not None and "-".join(key) == stored


def cache_key(files: list[tuple[str, Path]], taken_ns: int | None = None) -> Key | None:
    """(name of the set of files, key of their content), or None when they must not be cached:
    a file cannot be read (the loader then reports it), is too large, or is not a regular
    file (a FIFO, device or terminal is read once, by the loader, never here). With taken_ns,
    which files count as just changed is decided as at that time (the check after a build
    must checksum the same parts as the key it checks)."""
    # zlib's CRC-32, not hashlib: hashlib loads OpenSSL (~3 ms of start-up), and the full key
    # is also stored inside the file and compared on open, so a collision is harmless.
    from bilat.files import paths

    names = f"{__version__}/{INDEX_FORMAT}".encode()
    if taken_ns is None:
        taken_ns = time.time_ns()
    racy_after = taken_ns - RACY_NS
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
                if info.st_size <= _WHOLE or max(info.st_mtime_ns, info.st_ctime_ns) >= racy_after:
                    left = info.st_size + 1  # a file that grows meanwhile: its key changes
                    while left > 0 and (block := handle.read(min(left, _WHOLE))):
                        content = zlib.crc32(block, content)
                        left -= len(block)
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
    key = Key(
        (
            f"{zlib.crc32(names):08x}{zlib.adler32(names):08x}",
            f"{content:08x}-{zlib.crc32('/'.join(stamps).encode()):08x}",
        )
    )
    key.taken_ns = taken_ns
    return key


def cache_path(directory: Path, key: tuple[str, str]) -> Path:
    return directory / f"{key[0]}-{key[1]}{cachedir.INDEX_SUFFIX}"


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


# The checksums below join a row's columns with NUL (no stored text holds one) and write NULL
# as "None" (no column that may be NULL can hold that text: dates, date text, kinds). An
# f-string, not a generic join: _row_crc runs for every row a listing returns.


def _row_crc(
    seq: int,
    entry_id: str,
    type_name: str,
    label: str,
    text: str,
    lower: str | None,
    upper: str | None,
    date_text: str | None,
    kind: str | None,
) -> int:
    """An entries row's checksum: every column (the order and filters read them all)."""
    return zlib.crc32(
        (
            f"{seq}\0{entry_id}\0{type_name}\0{label}\0{text}"
            f"\0{lower}\0{upper}\0{date_text}\0{kind}"
        ).encode("utf-8", "surrogatepass")
    )


# Between two texts in a column of the search table: the ascii tokenizer makes a token of
# it, and no search key holds the character (keys are letters and digits), so no query
# matches it and no phrase spans it.
SEPARATOR = " \ufffe "


def _order_crc(order: int, seq: int, entry_id: str, type_name: str, label: str, texts: str) -> int:
    return zlib.crc32(
        f"{order}\0{seq}\0{entry_id}\0{type_name}\0{label}\0{texts}".encode(
            "utf-8", "surrogatepass"
        )
    )


def _tag_crc(seq: int, tag: str, value: str) -> int:
    return zlib.crc32(f"{seq}\0{tag}\0{value}".encode("utf-8", "surrogatepass"))


def _link_crc(target: str, seq: int, field: str, position: int) -> int:
    return zlib.crc32(f"{target}\0{seq}\0{field}\0{position}".encode("utf-8", "surrogatepass"))


_schema: list[tuple] | None = None


def expected_schema() -> list[tuple]:
    """sqlite_master of an index bilat writes (made once a run, in memory): an index whose
    schema differs in any way (an extra table, view, index or trigger) is not used."""
    global _schema
    if _schema is None:
        import sqlite3

        memory = sqlite3.connect(":memory:")
        try:
            memory.executescript(TABLES + INDEXES)
            _schema = memory.execute(SCHEMA_SQL).fetchall()
        finally:
            memory.close()
    return _schema


SCHEMA_SQL = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
