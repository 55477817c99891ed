"""Writes that only ever touch what was asked for, whole or not at all.

- Each file is written to a temporary file in its target's directory (so the final rename
  never crosses a file system) and moved into place with os.replace. The temporary file is
  removed on any exception, including Ctrl-C, SIGTERM and SIGHUP (bilat.commands.interrupts turns
  those into KeyboardInterrupt, on both front ends); one left by a killed run is removed by
  the next write beside it.
- Several files staged together (`atomic_files`) land together: if one cannot be put in
  place, the ones already replaced get their previous content back.
- A target that is one of the data files being read (`never_overwrite`) is refused.
- An existing target keeps its permission bits; a symlink is written through (the file it
  points to is replaced, the link stays). A hard link elsewhere keeps the old content: the
  new file is a new inode, which is what makes the write atomic.
- A target that exists and is not a regular file (a device such as /dev/null, a FIFO) is
  never renamed over: `write_atomic` writes into it in place, and a multi-file export refuses
  it.

- Where a file cannot be put in place by renaming — an existing file in a folder that may not
  be written (no temporary file can be made beside it), a bind-mounted file (EBUSY, EXDEV) —
  the write fails with a one-line error saying so (exit 1); it is never written in place.

This protects against failed exports, not power loss (there is no fsync). OSError never
escapes: a missing directory or a refused target is a UsageError (exit 2), any other failure
a BilatError (exit 1) naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from bilat.errors import BilatError, UsageError
from bilat.files import tempfiles

_protected: set[tuple[int, int]] = set()  # (device, inode) of the data files being read


@contextmanager
def never_overwrite(paths: Iterable[str | os.PathLike[str]]) -> Iterator[None]:
    """Refuse, inside the block, any target that is one of these files (by any name)."""
    added = set()
    for path in paths:
        with suppress(OSError, ValueError):
            info = os.stat(path)
            added.add((info.st_dev, info.st_ino))
    added -= _protected
    _protected.update(added)
    try:
        yield
    finally:
        _protected.difference_update(added)


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write data (str is encoded as UTF-8) to path atomically, replacing any existing file;
    into it in place when it is a device or FIFO."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    shown = os.fspath(path)
    info = _existing(Path(path), shown)
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(path, raw, shown)
        return
    with atomic_path(path) as temp, open(temp, "wb") as stream:
        stream.write(raw)


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write to; it becomes `path` when the block ends
    without an exception, and is removed when one is raised."""
    with atomic_files(Path(path).parent) as stage:
        yield stage(Path(path).name, shown=os.fspath(path))


@contextmanager
def atomic_files(directory: str | os.PathLike[str]) -> Iterator[Callable[..., Path]]:
    """Stage several files in one directory and move them all into place at the end.

    Yields `stage(name)`, which returns a new temporary path for `directory/name`. When the
    block ends without an exception every staged file is renamed to its name, all or none;
    when one is raised every temporary file is removed and no target is touched.
    """
    folder = Path(directory)
    staged: list[tuple[Path, Path, str]] = []  # (temp, real target, name shown in messages)

    def stage(name: str, *, shown: str | None = None) -> Path:
        shown = shown if shown is not None else str(folder / name)
        target = Path(os.path.realpath(folder / name))  # through a symlink, not over it
        info = _existing(target, shown)
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise cannot_write(shown, "not a regular file (a device or FIFO); give a file path")
        if any(target == other for _, other, _ in staged):
            raise UsageError(
                f"cannot write {shown}: this export writes another file of that "
                "name; choose another"
            )
        temp = _create_temp(target, shown, exists=info is not None)
        staged.append((temp, target, shown))
        if info is not None:
            _copy_mode(info, temp)
        return temp

    try:
        yield stage
        _commit(staged)
    except OSError as err:
        _discard(staged)
        raise _write_error(staged[-1][2] if staged else str(folder), err) from None
    except BaseException:
        _discard(staged)
        raise


def cannot_write(shown: str, reason: str) -> BilatError:
    """The error for a file that cannot be written: `cannot write FILE: reason`."""
    return BilatError(f"cannot write {shown}: {reason}")


def _existing(target: Path, shown: str) -> os.stat_result | None:
    """The target's status (through symlinks) when it exists; refuses a data file."""
    try:
        info = os.stat(target)
    except (OSError, ValueError):
        return None
    if (info.st_dev, info.st_ino) in _protected:
        raise UsageError(f"will not write {shown}: it is one of the data files being read")
    if stat.S_ISDIR(info.st_mode):
        raise cannot_write(shown, "is a directory")
    return info


def _write_in_place(path: str | os.PathLike[str], raw: bytes, shown: str) -> None:
    try:
        with open(path, "wb") as stream:
            stream.write(raw)
    except OSError as err:
        raise _write_error(shown, err) from None


def _copy_mode(info: os.stat_result, temp: Path) -> None:
    with suppress(OSError):
        os.chmod(temp, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            os.chown(temp, info.st_uid, info.st_gid)  # succeeds for root only; else harmless


def _create_temp(target: Path, shown: str, *, exists: bool = False) -> Path:
    folder = target.parent
    if not folder.exists() and not folder.is_symlink():
        raise UsageError(f'cannot write {shown}: directory "{folder}" does not exist')
    tempfiles.remove_stale_temps(folder, target.name, time.time())
    for _ in range(100):
        temp = folder / tempfiles.temp_name(target.name)
        try:
            # 0o666 less the umask: the file gets the permissions a new file normally has.
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as err:
            if exists and err.errno in (errno.EACCES, errno.EPERM):
                # The file may well be writable: what is refused is a new file beside it.
                raise cannot_write(shown, _READ_ONLY_FOLDER) from None
            raise _write_error(shown, err) from None
        return temp
    raise cannot_write(shown, "could not create a temporary file beside it")


def _commit(staged: list[tuple[Path, Path, str]]) -> None:
    """Rename every staged file into place; if one fails, undo the ones already done."""
    done: list[tuple[Path, Path | None]] = []  # (target, backup of its old content or None)
    try:
        for index, (temp, target, shown) in enumerate(staged):
            backup = _keep_old(target)
            try:
                os.replace(temp, target)
            except OSError as err:
                if backup is not None:
                    _drop(backup)
                reason = _RENAME_REFUSED.get(err.errno) or _reason(err)
                raise cannot_write(shown, reason) from None
            done.append((target, backup))
            staged[index] = (target, target, shown)  # in place: nothing left to clean up
    except BaseException:
        for target, backup in reversed(done):
            with suppress(OSError):
                if backup is None:
                    os.unlink(target)
                else:
                    os.replace(backup, target)
        raise
    for _, backup in done:
        if backup is not None:
            _drop(backup)


def _keep_old(target: Path) -> Path | None:
    """A second name for the target's current content (a hard link), to restore it from."""
    if not target.exists():
        return None
    backup = target.with_name(tempfiles.temp_name(target.name))
    try:
        os.link(target, backup)
    except OSError:
        return None  # no hard links on this file system: its old content cannot come back
    return backup


def _drop(path: Path) -> None:
    with suppress(OSError):
        os.unlink(path)


def _discard(staged: list[tuple[Path, Path, str]]) -> None:
    for temp, target, _ in staged:
        if temp != target:
            with suppress(OSError):  # already gone: nothing to clean
                os.unlink(temp)


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def _write_error(shown: str, err: OSError) -> BilatError:
    return cannot_write(shown, _reason(err))


# Where the rename that puts a file in place cannot work, the message says why: an export is
# never written into an existing file in place (a failure midway would leave it half written).
_READ_ONLY_FOLDER = (
    "its folder is not writable (an export is written beside its target, then renamed over "
    "it); write it to another folder"
)
_RENAME_REFUSED = {
    errno.EBUSY: "it is a mount point (a bind-mounted file?), which a new file cannot be "
    "renamed over; write it to another path",
    errno.EXDEV: "it is on another file system than its folder (a bind-mounted file?), so a "
    "new file cannot be renamed over it; write it to another path",
    errno.EACCES: "Permission denied: a new file cannot be renamed over it (a bind-mounted "
    "file, or a folder that may not be changed); write it to another path",
}
_RENAME_REFUSED[errno.EPERM] = _RENAME_REFUSED[errno.EACCES].replace(
    "Permission denied", "Operation not permitted"
)
