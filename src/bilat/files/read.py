"""Reading a file bilat was pointed at: bounded, and (for archives) confined and non-blocking.

- `read_bounded`: a data file, read once, in chunks, up to a limit. It may be a pipe, a FIFO or
  /dev/stdin, so it is opened as given and read to its end; nothing is allocated up front (a
  fixed-size read of the limit would reserve it whole, whatever the file holds).
- `read_confined`: an archive a data file names. Its path is relative, and must lead, symlinks
  followed, inside `folder`; it is opened non-blocking (a FIFO put in its place must not hang
  the run), and must be a regular file, judged on the opened descriptor, not on the name.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

_CHUNK = 1 << 20


class ReadError(Exception):
    """A file that cannot be read: the message says why, in the words a user reads."""


class TooLarge(ReadError):
    pass


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_descriptor(descriptor: int, limit: int) -> bytes:
    """Up to `limit` bytes from an open descriptor, chunk by chunk; TooLarge past it."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge(f"larger than {limit // 2**20} MiB")


def read_bounded(path: Path, limit: int) -> bytes:
    """The file's bytes, reading it once. Raises OSError as open() does, TooLarge past
    `limit`, and ReadError for a terminal."""
    with open(path, "rb", buffering=0) as handle:  # unbuffered: nothing read ahead or held
        descriptor = handle.fileno()
        if os.isatty(descriptor):
            raise ReadError("is a terminal")
        if stat.S_ISDIR(os.fstat(descriptor).st_mode):
            raise IsADirectoryError(21, "Is a directory")
        return read_descriptor(descriptor, limit)


def confined_path(folder: Path, relative: str, within: Path | None = None) -> Path:
    """Where `relative` leads from `folder`, symlinks followed; ReadError unless inside
    `within` (by default `folder` itself)."""
    if os.path.isabs(relative) or relative.startswith("~"):
        raise ReadError("is an absolute path: give a path relative to the data file's folder")
    base = os.path.realpath(within if within is not None else folder)
    target = os.path.realpath(os.path.join(os.path.realpath(folder), relative))
    if os.path.commonpath([base, target]) != base or target == base:
        raise ReadError(f"leads outside the folder it must stay in ({base})")
    return Path(target)


def read_confined(folder: Path, relative: str, limit: int, within: Path | None = None) -> bytes:
    """The bytes of the regular file `relative` names from `folder`, inside `within` (see
    the module docstring); ReadError says why not, and then nothing was read."""
    target = confined_path(folder, relative, within)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    # The path is resolved: a final component that became a symlink since is refused.
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(target, flags)
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except OSError as err:  # a socket cannot be opened at all: say what it is
        with contextlib.suppress(OSError):
            mode = os.stat(target).st_mode
            if not stat.S_ISREG(mode):
                raise ReadError(f"is {kind_of(mode)}, not a file") from None
        raise ReadError(f"cannot read: {err.strerror or err}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(f"is {kind_of(info.st_mode)}, not a file")
        if info.st_size > limit:
            raise TooLarge(f"larger than {limit // 2**20} MiB")
        try:
            return read_descriptor(descriptor, limit)
        except BlockingIOError:
            raise ReadError("cannot read: it would block") from None
        except OSError as err:
            raise ReadError(f"cannot read: {err.strerror or err}") from None
    finally:
        os.close(descriptor)
