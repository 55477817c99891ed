"""The commands that check data files rather than query them: `validate`, `verify`, `schema`."""

from __future__ import annotations

import sys

from bilat.errors import UsageError


def validate_files(session, paths: list[str] | None = None) -> None:
    """Load every file (`paths`, when given, instead of the session's); DataError (exit 1)
    lists the problems, else a one-line summary."""
    from bilat.errors import DataError

    if paths:
        session.data = list(paths)
    files = session.files()
    documents: list = []  # each file as read once, for the quotes and their lines
    try:
        dataset = session.dataset(documents)
        _check_archived_quotes(files, dataset, documents)
    except DataError as err:
        count = len(err.problems)
        named = len({p.file for p in err.problems})
        err.summary = (
            f"{count} problem{'s' if count != 1 else ''} in {named} file{'s' if named != 1 else ''}"
        )
        raise
    entries = len(dataset.by_id)
    sys.stdout.write(
        f"ok: {entries} entries in {len(files)} file{'s' if len(files) != 1 else ''}, no problems\n"
    )


def _check_archived_quotes(files, dataset, documents) -> None:
    """A quote of a source whose text bilat holds must be in it: `validate` reports a quote
    that is not, as `verify` does (which also shows the closest passage). Data without
    archives pays nothing."""
    from bilat.errors import DataError
    from bilat.verify.check import verify_files

    if not any(source.archive for source in dataset.sources):
        return
    outcome = verify_files(files, dataset=dataset, documents=documents, closest=False)
    if outcome.findings:
        raise DataError([_problem(f) for f in outcome.findings])


def _problem(finding):
    """A verify finding as validate reports it: FILE:LINE, entry, field, what is wrong."""
    from bilat.errors import Problem, visible
    from bilat.verify.check import BAD_ARCHIVE, BAD_HASH, TOO_SHORT
    from bilat.verify.report import TOO_SHORT_MESSAGE

    if finding.problem in (BAD_ARCHIVE, BAD_HASH):
        return Problem(
            finding.file,
            visible(finding.detail or ""),
            line=finding.line,
            kind="source",
            entry=finding.source,
            field="archive" if finding.problem == BAD_ARCHIVE else "archive_sha256",
        )
    if finding.problem == TOO_SHORT:
        return Problem(
            finding.file,
            TOO_SHORT_MESSAGE,
            line=finding.line,
            kind=finding.kind,
            entry=finding.entry,
            field="quote",
        )
    return Problem(
        finding.file,
        f"quote not found in {finding.source}'s archive (`bilat verify` shows the closest passage)",
        line=finding.line,
        kind=finding.kind,
        entry=finding.entry,
    )


def archive_hash(path: str, stdout=None) -> None:
    """Print the SHA-256 of a file, the value a source's archive_sha256 records."""
    import hashlib
    from pathlib import Path

    from bilat.errors import DataError, Problem
    from bilat.files import read
    from bilat.verify.text import MAX_ARCHIVE_BYTES

    try:
        raw, regular = read.read_bounded(Path(path), MAX_ARCHIVE_BYTES)
    except read.ReadError as err:
        raise DataError([Problem(path, str(err))]) from None
    except OSError as err:
        raise DataError([Problem(path, f"cannot read: {err.strerror or err}")]) from None
    (stdout or sys.stdout).write(hashlib.sha256(raw).hexdigest() + "\n")


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
