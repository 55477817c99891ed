"""Atomic writes: a file appears whole or not at all.

Each file is written to a temporary file in its target's directory (so the final rename never
crosses a file system) and moved into place with os.replace; on any exception, Ctrl-C included,
the temporary file is removed and the target is left as it was. This protects against failed
exports, not power loss (there is no fsync). OSError never escapes: a missing directory is a
UsageError (exit 2), any other failure a BilatError (exit 1) naming the file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from bilat.errors import BilatError, UsageError


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write data (str is encoded as UTF-8) to path atomically, replacing any existing file."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
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
    block ends without an exception every staged file is renamed to its name; when one is
    raised every temporary file is removed and no target is touched.
    """
    folder = Path(directory)
    staged: list[tuple[Path, Path, str]] = []  # (temp, target, name shown in messages)

    def stage(name: str, *, shown: str | None = None) -> Path:
        target = folder / name
        shown = shown if shown is not None else str(target)
        staged.append((_create_temp(target, shown), target, shown))
        return staged[-1][0]

    try:
        yield stage
        for index, (temp, target, shown) in enumerate(staged):
            _replace(temp, target, shown)
            staged[index] = (target, target, shown)  # done: nothing left to clean up
    except OSError as err:
        _discard(staged)
        raise _write_error(staged[-1][2] if staged else str(folder), err) from None
    except BaseException:
        _discard(staged)
        raise


def cannot_write(shown: str, reason: str) -> BilatError:
    """The error for a file that cannot be written: `cannot write FILE: reason`."""
    return BilatError(f"cannot write {shown}: {reason}")


def _create_temp(target: Path, shown: str) -> Path:
    folder = target.parent
    if not folder.exists() and not folder.is_symlink():
        raise UsageError(f'cannot write {shown}: directory "{folder}" does not exist')
    for _ in range(100):
        temp = folder / f".{target.name}.{os.urandom(4).hex()}.tmp"
        try:
            # 0o666 less the umask: the file gets the permissions a new file normally has.
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as err:
            raise _write_error(shown, err) from None
        return temp
    raise cannot_write(shown, "could not create a temporary file beside it")


def _replace(temp: Path, target: Path, shown: str) -> None:
    try:
        os.replace(temp, target)
    except OSError as err:
        raise _write_error(shown, err) from None


def _discard(staged: list[tuple[Path, Path, str]]) -> None:
    for temp, target, _ in staged:
        if temp != target:
            with suppress(OSError):  # already gone: nothing to clean
                os.unlink(temp)


def _write_error(shown: str, err: OSError) -> BilatError:
    return cannot_write(shown, err.strerror or str(err))
