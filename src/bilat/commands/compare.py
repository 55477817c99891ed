"""The body of `bilat diff OLD NEW`: load both versions, compare, report.

Exit codes follow diff(1), so `if bilat diff old new; then …` reads as it does for diff:
0 when the datasets are the same, 1 when they differ, 2 when either cannot be loaded (a
missing or broken file: the problems are listed, one a line, and nothing is printed on
stdout).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bilat.errors import DataError, ExitCode, Reported, unknown_choice

if TYPE_CHECKING:
    from bilat.commands.session import Session


def diff(session: Session, old: str, new: str, fmt: str | None) -> None:
    from bilat.diff.compare import compare
    from bilat.diff.report import FORMATS, write
    from bilat.files.paths import BUILTIN_NAME, builtin_data_path, expand
    from bilat.load import load_dataset

    fmt = (fmt or "text").lower()
    if fmt not in FORMATS:
        raise unknown_choice("format", fmt, FORMATS)
    base = [(BUILTIN_NAME, builtin_data_path())] if session.include_builtin else []
    sides = []
    for given in (old, new):
        files = expand(given)
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
        raise Reported()  # exit 1: they differ
