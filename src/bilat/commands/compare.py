"""The body of `bilat diff OLD NEW`: load both versions, compare, report.

Exit codes follow diff(1), so `if bilat diff old new; then …` reads as it does for diff:
0 when the datasets are the same, 1 when they differ, 2 when either cannot be loaded (a
missing or broken file: the problems are listed, one a line, and nothing is printed on
stdout).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bilat.errors import BilatError, DataError, ExitCode, UsageError

if TYPE_CHECKING:
    from bilat.commands.session import Session


class Differ(BilatError):
    """The datasets differ: exit 1 with nothing more to say (the report said it)."""

    exit_code = ExitCode.DATA

    def lines(self) -> list[str]:
        return []


def data_files(given: str) -> list[tuple[str, Path]]:
    """(name, path) of one side: a file (a pipe or `<(…)` too), or every .toml file below a
    directory, in path order."""
    path = Path(given)
    if path.is_dir():
        found = sorted(p for p in path.rglob("*.toml") if p.is_file())
        if not found:
            raise UsageError(f"{given}: a directory with no .toml file in it")
        return [(str(p), p) for p in found]
    return [(given, path)]


def diff(session: Session, old: str, new: str, fmt: str | None) -> None:
    from bilat.diff.compare import compare
    from bilat.diff.report import FORMATS, write
    from bilat.errors import did_you_mean
    from bilat.files.paths import BUILTIN_NAME, builtin_data_path
    from bilat.load import load_dataset

    fmt = (fmt or "text").lower()
    if fmt not in FORMATS:
        raise UsageError(
            f'unknown format "{fmt}"{did_you_mean(fmt, FORMATS)}; '
            f"expected one of {', '.join(FORMATS)}"
        )
    base = [(BUILTIN_NAME, builtin_data_path())] if session.include_builtin else []
    sides = []
    for given in (old, new):
        files = data_files(given)
        try:
            sides.append((load_dataset(base + files), [name for name, _ in files]))
        except DataError as err:
            err.exit_code = ExitCode.USAGE  # diff(1)'s "trouble": 1 means "they differ"
            raise
    (old_data, old_files), (new_data, new_files) = sides
    comparison = compare(old_data, new_data)
    out = session.output()
    write(comparison, fmt, out, old_files, new_files)
    if comparison.differ:
        raise Differ()
