"""The build side of the cached index: fill it from a validated dataset, write it whole
(in the background for large datasets), and start queued writers once the answer is out."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bilat import __version__
from bilat.errors import paused_gc
from bilat.files import cachedir, tempfiles
from bilat.query.search.rules import entry_order, grouped_keys, grouped_texts, stored_texts

if TYPE_CHECKING:
    from bilat.model import Dataset

from bilat.query.index import (
    INDEXES,
    SEPARATOR,
    TABLES,
    _discard,
    _link_crc,
    _order_crc,
    _row_crc,
    _tag_crc,
    archives_meta,
    cache_key,
    cache_path,
)


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
                [("key", "-".join(key)), ("bilat", __version__), ("entries", str(count))]
                + archives_meta(key),
            )
            connection.commit()
        finally:
            connection.close()
        # Edited while bilat read it (a data file or an archive): store neither version.
        archives = getattr(key, "archives", None)
        if cache_key(files, getattr(key, "taken_ns", None)) != key or (
            archives and cache_key(archives[0], archives[1].taken_ns) != archives[1]
        ):
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


def _fill(connection: sqlite3.Connection, dataset: Dataset) -> int:
    import json

    from bilat.query.memory import iter_links
    from bilat.records import record

    # The stored text is exactly what `--format json` prints for the record when piped.
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    entries, tags, searched = [], [], []
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
        row = (
            seq,
            entry.id,
            entry.type,
            entry.label,
            text,
            date.lower.isoformat() if date else None,
            date.upper.isoformat() if date else None,
            date.text if date else None,
            kind,
        )
        entries.append((*row, _row_crc(*row)))
        texts = grouped_texts(data)
        groups = [SEPARATOR.join(keys) for keys in grouped_keys(texts)]
        searched.append(
            (entry_order(entry.type, entry.label), seq, entry, groups, stored_texts(texts))
        )
        tags.extend((seq, tag, value, _tag_crc(seq, tag, value)) for tag, value in _tags(entry))
    connection.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", entries)
    # Numbered in hit order (a stable sort: dataset order among equals, as in memory).
    searched.sort(key=lambda s: s[0])
    connection.executemany(
        "INSERT INTO search_order VALUES (?,?,?,?,?,?,?)",
        (
            (
                order,
                seq,
                e.id,
                e.type,
                e.label,
                texts,
                _order_crc(order, seq, e.id, e.type, e.label, texts),
            )
            for order, (_, seq, e, _, texts) in enumerate(searched)
        ),
    )
    connection.executemany(
        "INSERT INTO search(rowid, names, aliases, text, citations) VALUES (?,?,?,?,?)",
        ((order, *groups) for order, (_, _, _, groups, _) in enumerate(searched)),
    )
    connection.execute("INSERT INTO search(search) VALUES ('optimize')")
    connection.executemany("INSERT INTO tags VALUES (?,?,?,?)", tags)
    links = []
    positions: dict[str, int] = {}
    for target, entry, field_name in iter_links(dataset):
        position = positions.get(target, 0)
        positions[target] = position + 1
        seq = seq_of[entry.id]
        links.append(
            (target, seq, field_name, position, _link_crc(target, seq, field_name, position))
        )
    connection.executemany("INSERT INTO links VALUES (?,?,?,?,?)", links)
    return len(entries)


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
