"""The commands that check data files rather than query them: `validate`, `verify`, `schema`."""

from __future__ import annotations

import sys

from bilat.errors import UsageError


def validate_files(session, paths: list[str] | None = None) -> None:
    """Load every file (`paths`, when given, instead of the session's); DataError (exit 1)
    lists the problems, else a one-line summary."""
    from bilat.errors import DataError
    from bilat.load import load_dataset
    from bilat.text import warn

    if paths:
        session.data = list(paths)
    files = session.files()
    notices: list = []  # what is suspicious but not wrong: warnings, whatever else is found
    try:
        dataset = load_dataset(files, notices)
        _check_archived_quotes(files, dataset)
    except DataError as err:
        count = len(err.problems)
        named = len({p.file for p in err.problems})
        err.summary = (
            f"{count} problem{'s' if count != 1 else ''} in {named} file{'s' if named != 1 else ''}"
        )
        raise
    finally:
        for notice in notices:
            warn(f"bilat: warning: {notice}")
    entries = len(dataset.by_id)
    sys.stdout.write(
        f"ok: {entries} entries in {len(files)} file{'s' if len(files) != 1 else ''}, no problems\n"
    )


def _check_archived_quotes(files, dataset) -> None:
    """A quote of a source whose text bilat holds must be in it: `validate` reports a quote
    that is not, as `verify` does (which also shows the closest passage). Data without
    archives pays nothing."""
    from bilat.errors import DataError, Problem
    from bilat.verify.check import BAD_ARCHIVE, verify_files

    if not any(source.archive for source in dataset.sources):
        return
    outcome = verify_files(files, dataset=dataset)
    if outcome.findings:
        raise DataError(
            [
                Problem(
                    f.file,
                    f"archive: {f.detail}"
                    if f.problem == BAD_ARCHIVE
                    else f"quote not found in {f.source}'s archive "
                    "(`bilat verify` shows the closest passage)",
                    line=f.line,
                    kind=f.kind,
                    entry=f.entry,
                )
                for f in outcome.findings
            ]
        )


def verify_data(session, strict: bool, fmt: str | None) -> None:
    """Check every quote against its source's archive and report; exit 1 (a DataError) when
    a quote is not found, an archive cannot be read, or (strict) a quote has no archive."""
    from bilat.errors import DataError, Problem, did_you_mean
    from bilat.verify.check import verify_files
    from bilat.verify.report import FORMATS, write

    fmt = fmt or "plain"
    if fmt not in FORMATS:
        raise UsageError(
            f'unknown format "{fmt}"{did_you_mean(fmt, FORMATS)}; expected one '
            f"of {', '.join(FORMATS)}"
        )
    outcome = verify_files(session.files(), strict=strict)
    write(outcome, fmt, session.stdout or sys.stdout)
    if outcome.failed:
        count = len(outcome.findings)
        raise DataError(
            [
                Problem(
                    "verify",
                    f"{count} problem{'' if count == 1 else 's'} with "
                    "quotes or archives (listed above)",
                )
            ]
        )


def schema(stdout=None) -> None:
    """Print the JSON Schema of the data format."""
    from bilat.export.json_schema import schema_text

    (stdout or sys.stdout).write(schema_text())
