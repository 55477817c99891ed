"""verify's outcome as people and scripts read it."""

from __future__ import annotations

import json
from typing import TextIO

from bilat.text import visible
from bilat.verify.check import (
    BAD_ARCHIVE,
    BAD_HASH,
    BAD_SPEAKERS,
    NOT_FOUND,
    SPEAKER_PROBLEMS,
    TOO_SHORT,
    Outcome,
)

FORMATS = ("plain", "json", "ndjson", "github")
TOO_SHORT_MESSAGE = (
    "too short to be evidence: quote at least 6 letters or digits of the passage, or use says"
)


def write_plain(outcome: Outcome, stream: TextIO) -> None:
    """A located line per problem (with the quote and the closest passage of the archive
    under it), then a line of counts. Text from the data or an archive is shown escaped."""
    for finding in outcome.findings:
        where = f"{finding.file}:{finding.line}" if finding.line else finding.file
        if finding.problem == NOT_FOUND:
            stream.write(
                f"{where}: {finding.entry}: quote not found in {finding.source}'s archive\n"
            )
            stream.write(f"    quote:   {visible(finding.quote or '')}\n")
            stream.write(f"    closest: {visible(finding.closest or '(nothing alike)')}\n")
            for ours, theirs in finding.differences[:_DIFFERENCES]:
                stream.write(
                    f"    differs: {_words(ours)} where the archive has {_words(theirs)}\n"
                )
            if len(finding.differences) > _DIFFERENCES:
                more = len(finding.differences) - _DIFFERENCES
                stream.write(f"    differs: … and {more} more\n")
        elif finding.problem in SPEAKER_PROBLEMS:
            stream.write(f"{where}: {speaker_message(finding)}\n")
        elif finding.problem == TOO_SHORT:
            stream.write(f"{where}: {finding.entry}: quote {TOO_SHORT_MESSAGE}\n")
        elif finding.problem == BAD_HASH:
            detail = visible(finding.detail or "")
            stream.write(f'{where}: source "{finding.source}": archive_sha256: {detail}\n')
        elif finding.problem == BAD_ARCHIVE:
            detail = visible(finding.detail or "")
            stream.write(f'{where}: source "{finding.source}": archive: {detail}\n')
        else:
            stream.write(
                f"{where}: {finding.entry}: quote not checked: {finding.source} has no archive\n"
            )
    stream.write(summary(outcome) + "\n")


_DIFFERENCES = 5  # a quote that differs in more places is better read in full, above


def speaker_message(finding) -> str:
    """A finding of the speakers check, after FILE:LINE: the entry (or source), the field,
    what is wrong; one line, the data's text escaped."""
    if finding.problem == BAD_SPEAKERS:
        return f'source "{finding.source}": {finding.field}: {visible(finding.detail or "")}'
    return f"{finding.entry}: {finding.field}: {visible(finding.detail or '')}"


def _words(text: str) -> str:
    return f'"{visible(text)}"' if text else "nothing"


def summary(outcome: Outcome) -> str:
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    # Short enough for an 80-column terminal; the README says what each count means.
    return (
        f"{count(outcome.verified, 'quote')} verified, {outcome.not_found} not found, "
        f"{outcome.unchecked} unchecked (no archive); "
        f"{count(outcome.paraphrases, 'paraphrase')}"
    )


def records(outcome: Outcome) -> list[dict[str, object]]:
    return [
        {
            "problem": f.problem,
            "file": f.file,
            "line": f.line,
            "entry": f.entry,
            "source": f.source,
            "quote": f.quote,
            "closest": f.closest,
            "detail": f.detail,
            "differences": [list(pair) for pair in f.differences],
            "field": f.field,
        }
        for f in outcome.findings
    ]


def write(outcome: Outcome, fmt: str, stream: TextIO) -> None:
    if fmt == "json":
        stream.write(json.dumps(records(outcome), ensure_ascii=False) + "\n")
    elif fmt == "ndjson":
        for item in records(outcome):
            stream.write(json.dumps(item, ensure_ascii=False) + "\n")
    elif fmt == "github":
        write_github(outcome, stream)
    else:
        write_plain(outcome, stream)


def write_github(outcome: Outcome, stream: TextIO) -> None:
    """A GitHub Actions annotation per problem (a quote not found names the closest
    passage and the words that differ), then the line of counts."""
    from bilat.text import github_data, github_property

    for f in outcome.findings:
        where = f"file={github_property(f.file)}" + (f",line={f.line}" if f.line else "")
        level = "error"
        if f.problem == NOT_FOUND:
            differs = "; ".join(
                f"{_words(ours)} where the archive has {_words(theirs)}"
                for ours, theirs in f.differences[:_DIFFERENCES]
            )
            message = (
                f"{f.entry}: quote not found in {f.source}'s archive: {f.quote!r}; "
                f"closest: {f.closest or '(nothing alike)'}"
                + (f"; differs: {differs}" if differs else "")
            )
        elif f.problem in SPEAKER_PROBLEMS:
            message = speaker_message(f)
        elif f.problem == TOO_SHORT:
            message = f"{f.entry}: quote {TOO_SHORT_MESSAGE}"
        elif f.problem == BAD_HASH:
            message = f'source "{f.source}": archive_sha256: {f.detail}'
        elif f.problem == BAD_ARCHIVE:
            message = f'source "{f.source}": archive: {f.detail}'
        else:
            message = f"{f.entry}: quote not checked: {f.source} has no archive"
            level = "warning"
        stream.write(f"::{level} {where}::{github_data(message)}\n")
    stream.write(summary(outcome) + "\n")
