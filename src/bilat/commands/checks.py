"""The commands that check data files rather than query them: `validate`, `verify`, `schema`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

# What `validate` prints: text for people (problems on stderr, as every error), a JSON array
# of problem records, or GitHub Actions annotations that mark the lines in a pull request.
VALIDATE_FORMATS = ("text", "json", "github")


def validate_files(session, paths: list[str] | None = None, fmt: str | None = None) -> None:
    """Load every file (`paths`, when given, instead of the session's: a directory stands
    for every .toml file below it); report the problems (exit 1) or a one-line summary."""
    from bilat.errors import DataError, Reported
    from bilat.files.paths import expand
    from bilat.text import warn

    fmt = (fmt or "text").lower()
    if fmt not in VALIDATE_FORMATS:
        from bilat.errors import unknown_choice

        raise unknown_choice("format", fmt, VALIDATE_FORMATS)
    if paths:
        session.data = [name for given in paths for name, _ in expand(given)]
    files = session.files()
    notices: list = []  # what is suspicious but not wrong: warnings, whatever else is found
    documents: list = []  # each file as read once, for the quotes and their lines
    stream = session.stdout or sys.stdout
    try:
        dataset = load_checked(files, notices, documents)
    except DataError as err:
        count = len(err.problems)
        named = len({p.file for p in err.problems})
        err.summary = (
            f"{count} problem{'s' if count != 1 else ''} in {named} file{'s' if named != 1 else ''}"
        )
        if fmt == "text":
            raise
        write_problems(err.problems, fmt, stream, err.summary)
        raise Reported() from None
    finally:
        for notice in notices:
            warn(f"bilat: warning: {notice}")
    entries = len(dataset.by_id)
    summary = f"ok: {entries} entries in {len(files)} file{'s' if len(files) != 1 else ''}"
    if fmt == "json":
        stream.write("[]\n")
    else:
        stream.write(f"{summary}, no problems\n")


def problem_record(problem) -> dict[str, object]:
    """One problem as scripts read it: every key always present (null when unknown)."""
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "entry": problem.entry,
        "kind": problem.kind,
        "field": problem.field,
        "message": problem.message,
    }


def write_problems(problems, fmt: str, stream, summary: str | None = None) -> None:
    if fmt == "json":
        import json

        records = [problem_record(p) for p in problems]
        stream.write(json.dumps(records, ensure_ascii=False) + "\n")
        return
    from bilat.text import github_data, github_property

    for problem in problems:
        where = [f"file={github_property(problem.file)}"]
        if problem.line is not None:
            where.append(f"line={problem.line}")
            if problem.column is not None:
                where.append(f"col={problem.column}")
        stream.write(f"::error {','.join(where)}::{github_data(problem.detail())}\n")
    if summary:
        stream.write(f"{summary}\n")


def archive_files(documents) -> list[tuple[str, Path]]:
    """Every archive the documents' sources name, where bilat reads it from (without reading
    it), once each: what the cached index's archive key covers. An archive outside its folder,
    missing or not a file is left out: if a quote needs it, checking the quotes reports it (no
    index is written); if none does, it does not keep the data from being cached."""
    # Absolute (a later run may start elsewhere) but not resolved: the key resolves it, so a
    # symlink that comes to point elsewhere changes the key.
    import os
    from pathlib import Path

    from bilat.files import read

    found: dict[Path, None] = {}
    for document in documents:
        sources = document.data.get("sources")
        for source in sources if isinstance(sources, list) else ():
            archive = source.get("archive") if isinstance(source, dict) else None
            if isinstance(archive, str) and archive:
                try:
                    read.confined_path(document.folder, archive, document.within)
                except read.ReadError:
                    continue
                path = Path(os.path.abspath(document.folder / archive))
                if os.path.isfile(path):
                    found[path] = None
    return [(str(path), path) for path in found]


def load_checked(files, notices: list | None = None, documents: list | None = None):
    """The files loaded, and every quote checked against its source's archive."""
    from bilat.load import load_dataset

    documents = [] if documents is None else documents
    dataset = load_dataset(files, notices, documents)
    check_archived_quotes(files, dataset, documents)
    return dataset


def check_archived_quotes(files, dataset, documents) -> None:
    """A quote of a source whose text bilat holds must be in it: `validate` reports a quote
    that is not, as `verify` does (which also shows the closest passage), and so does every
    command that loads the files (bilat.commands.session). Data without archives pays
    nothing."""
    from bilat.errors import DataError
    from bilat.verify.check import verify_files

    if not any(source.archive for source in dataset.sources):
        return
    outcome = verify_files(files, dataset=dataset, documents=documents, closest=False)
    if outcome.findings:
        raise DataError([_problem(f) for f in outcome.findings])


def _problem(finding):
    """A verify finding as validate reports it: FILE:LINE, entry, field, what is wrong."""
    from bilat.errors import Problem
    from bilat.text import visible
    from bilat.verify.check import BAD_ARCHIVE, BAD_HASH, BAD_SPEAKERS, SPEAKER_PROBLEMS, TOO_SHORT
    from bilat.verify.report import TOO_SHORT_MESSAGE

    if finding.problem in SPEAKER_PROBLEMS:  # whose words: the map, or a quote's `by`
        return Problem(
            finding.file,
            visible(finding.detail or ""),
            line=finding.line,
            kind="source" if finding.problem == BAD_SPEAKERS else finding.kind,
            entry=finding.source if finding.problem == BAD_SPEAKERS else finding.entry,
            field=finding.field,
        )
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
        raw = read.read_bounded(Path(path), MAX_ARCHIVE_BYTES)
    except read.ReadError as err:
        raise DataError([Problem(path, str(err))]) from None
    except OSError as err:
        raise DataError([Problem(path, f"cannot read: {err.strerror or err}")]) from None
    (stdout or sys.stdout).write(hashlib.sha256(raw).hexdigest() + "\n")


def verify_data(session, strict: bool, fmt: str | None) -> None:
    """Check every quote against its source's archive and report; exit 1 (a DataError) when
    a quote is not found, an archive cannot be read, or (strict) a quote has no archive."""
    from bilat.errors import DataError, Problem
    from bilat.verify.check import verify_files
    from bilat.verify.report import FORMATS, write

    fmt = fmt or "plain"
    if fmt not in FORMATS:
        from bilat.errors import unknown_choice

        raise unknown_choice("format", fmt, FORMATS)
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
