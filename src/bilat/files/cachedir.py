"""The cache directory: where it is, whether it may be trusted, who may build an index, and
how big it may grow. The index itself (its layout and queries) is bilat.query.index.

Promises kept here:
- a directory or file not owned by this user, or writable by group or others, is never read
  (one warning, then bilat answers from the files);
- one process builds a given index at a time (an advisory lock); the others answer from
  memory instead of building a copy of their own;
- the cache keeps the newest few indexes of each set of files and stays under a size limit,
  evicting the oldest indexes first;
- temporary files of killed runs are removed by a later run (bilat.files.tempfiles).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from bilat.files import tempfiles

KEEP_PER_DATASET = 3  # indexes of one set of files kept after a write, newest first
MAX_BYTES = 1 << 30  # the whole cache; the oldest indexes go first beyond it
INDEX_SUFFIX = ".sqlite"
LOCK_SUFFIX = ".lock"

_warned: set[str] = set()


# Where the cache is when there is nowhere to put it: a path that can never be a directory,
# so nothing is read from or written to it (and `cache info` says why).
NO_CACHE_DIR = Path(os.devnull) / "bilat"
_NO_CACHE_REASON = "no home directory to keep it in (set XDG_CACHE_HOME to an absolute path)"


def cache_dir(environ=os.environ) -> Path:
    """$XDG_CACHE_HOME/bilat, else ~/.cache/bilat; NO_CACHE_DIR when neither is an absolute
    path. A relative XDG_CACHE_HOME is ignored, as the XDG spec says, and with no HOME and no
    passwd entry expanduser() returns "~" itself: either would put a cache (a folder named
    "~") wherever bilat happens to run."""
    base = environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return NO_CACHE_DIR
        base = os.path.join(home, ".cache")
    return Path(base) / "bilat"


def untrusted_reason(info: os.stat_result) -> str | None:
    """Why a cache file or directory with this status must not be used, or None."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return "it belongs to another user (remove it, or set XDG_CACHE_HOME elsewhere)"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "other users can write to it (`chmod go-w` it to use it again)"
    return None


def trusted(path: Path) -> bool:
    """Whether an existing cache file or directory may be used; warns (once a run) when not.
    A path that does not exist is not trusted, silently."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    reason = untrusted_reason(info)
    if reason is None:
        return True
    if str(path) not in _warned:
        _warned.add(str(path))
        from bilat.text import warn

        warn(f"bilat: warning: not using the cache {path}: {reason}; answering from the data files")
    return False


def prepare(directory: Path) -> bool:
    """Make the cache directory (private to this user) if needed; whether it may be used."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False
    return directory.is_dir() and trusted(directory)


def sqlite_uri(path: Path, query: str) -> str:
    """A file: URI for SQLite; `%`, `?` and `#` in the path would otherwise end or alter it."""
    text = str(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{text}?{query}"


class BuildLock:
    """An exclusive, non-blocking advisory lock on one index's build. Held by whoever writes
    the index (inherited by a forked writer); released when its file is closed. Where there is
    no fcntl (Windows), every process may build, as before."""

    def __init__(self, directory: Path, name: str) -> None:
        self.path = directory / f".{name}{LOCK_SUFFIX}"
        self.fd: int | None = None

    def acquire(self) -> bool:
        try:
            import fcntl
        except ImportError:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


def indexes(directory: Path) -> list[os.DirEntry]:
    """The index files in the cache, oldest first."""
    try:
        found = [
            e
            for e in os.scandir(directory)
            if e.name.endswith(INDEX_SUFFIX)
            and not e.name.startswith(".")
            and e.is_file(follow_symlinks=False)
        ]
    except OSError:
        return []
    return sorted(found, key=_mtime)


def _mtime(entry: os.DirEntry) -> float:
    try:
        return entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return 0.0


def _size(entry: os.DirEntry) -> int:
    try:
        return entry.stat(follow_symlinks=False).st_size
    except OSError:
        return 0


def evict(directory: Path, dataset: str, keep: Path) -> None:
    """Keep the newest KEEP_PER_DATASET indexes of this set of files, then remove the oldest
    indexes of any set until the cache is within MAX_BYTES. `keep` (just written) stays."""
    found = indexes(directory)
    mine = [e for e in found if e.name.startswith(f"{dataset}-") and e.path != str(keep)]
    for entry in mine[: max(0, len(mine) - (KEEP_PER_DATASET - 1))]:
        _drop_index(entry)
    found = indexes(directory)
    total = sum(_size(e) for e in found)
    for entry in found:
        if total <= MAX_BYTES:
            break
        if entry.path == str(keep):
            continue
        total -= _size(entry)
        _drop_index(entry)


def _drop_index(entry: os.DirEntry) -> None:
    with contextlib.suppress(OSError):
        os.unlink(entry.path)
    with contextlib.suppress(OSError):  # its build lock: an index's only other trace
        os.unlink(os.path.join(os.path.dirname(entry.path), f".{entry.name}{LOCK_SUFFIX}"))


def describe(directory: Path) -> list[str]:
    """What the cache holds, for `bilat cache info`: one `name: value` line each."""
    if directory == NO_CACHE_DIR:
        return [f"directory: none: {_NO_CACHE_REASON}"]
    found = indexes(directory)
    size = sum(_size(e) for e in found)
    lines = [
        f"directory: {directory}",
        f"indexes: {len(found)} ({size / 2**20:.1f} MiB)",
        f"limit: {MAX_BYTES // 2**20} MiB in all, the newest {KEEP_PER_DATASET} indexes of "
        "each set of files",
    ]
    try:
        reason = untrusted_reason(os.stat(directory))
    except OSError:
        reason = None  # not made yet: the next run makes it, private to this user
    if reason is not None:
        lines.append(f"not used: {reason}")
    return lines


def clear(directory: Path) -> int:
    """Remove every file bilat put in the cache directory; the number of indexes removed.
    Files of other names are left alone, so a mistaken XDG_CACHE_HOME loses nothing."""
    from bilat.errors import BilatError

    removed = 0
    if directory == NO_CACHE_DIR:
        return 0
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return 0
    except OSError as err:
        raise BilatError(f"cannot read the cache {directory}: {err.strerror or err}") from None
    for entry in entries:
        index = entry.name.endswith(INDEX_SUFFIX) and not entry.name.startswith(".")
        ours = index or (
            entry.name.startswith(".")
            and (entry.name.endswith(tempfiles.SUFFIX) or entry.name.endswith(LOCK_SUFFIX))
        )
        if not ours or entry.is_dir(follow_symlinks=False):
            continue
        try:
            os.unlink(entry.path)
        except FileNotFoundError:
            continue
        except OSError as err:
            raise BilatError(f"cannot remove {entry.path}: {err.strerror or err}") from None
        removed += index
    return removed
