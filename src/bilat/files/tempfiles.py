"""Temporary files beside their targets (cache indexes, exports), named so that a later run
can tell a killed run's leftovers from a running process's work and remove them."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

SUFFIX = ".tmp"
STALE_SECONDS = 3600  # a temporary file this old is left over from a killed run


def temp_name(name: str) -> str:
    """A temporary file name that says which process made it (see remove_stale_temps)."""
    return f".{name}.{os.getpid()}-{os.urandom(3).hex()}{SUFFIX}"


def remove_stale_temps(directory: Path, name: str, now: float) -> None:
    """Remove temporary files for `name` left by runs that were killed: their process is gone,
    or they are older than an hour."""
    prefix = f".{name}."
    try:
        candidates = [
            e
            for e in os.scandir(directory)
            if e.name.startswith(prefix) and e.name.endswith(SUFFIX)
        ]
    except OSError:
        return
    for entry in candidates:
        pid_text = entry.name[len(prefix) : -len(SUFFIX)].split("-")[0]
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if now - info.st_mtime > STALE_SECONDS or (
            pid_text.isdigit() and not _alive(int(pid_text))
        ):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # exists but is not ours, or cannot tell: leave its file alone
    return True
