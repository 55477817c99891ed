"""verify's outcome as people and scripts read it."""

from __future__ import annotations

import json
from typing import TextIO

from bilat.verify.check import BAD_ARCHIVE, NOT_FOUND, Outcome

FORMATS = ("plain", "json", "ndjson", "github")


def write_plain(outcome: Outcome, stream: TextIO) -> None:
    """A located line per problem (with the quote and the closest passage of the archive
    under it), then a line of counts. Archives are text from anywhere: control characters are
    shown escaped (bilat.text.visible), so that none can drive the terminal or start a line."""
    from bilat.text import visible

    lines = []
    for finding in outcome.findings:
        where = f"{finding.file}:{finding.line}" if finding.line else finding.file
        if finding.problem == NOT_FOUND:
            lines.append(f"{where}: {finding.entry}: quote not found in {finding.source}'s archive")
            lines.append(f"    quote:   {finding.quote}")
            lines.append(f"    closest: {finding.closest or '(nothing alike)'}")
        elif finding.problem == BAD_ARCHIVE:
            lines.append(f"{where}: {finding.source}: archive: {finding.detail}")
        else:
            lines.append(
                f"{where}: {finding.entry}: quote not checked: {finding.source} has no archive"
            )
    lines.append(summary(outcome))
    stream.write("".join(visible(line) + "\n" for line in lines))


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
    passage), then the line of counts."""
    from bilat.text import github_data, github_property

    for f in outcome.findings:
        where = f"file={github_property(f.file)}" + (f",line={f.line}" if f.line else "")
        if f.problem == NOT_FOUND:
            message = (
                f"{f.entry}: quote not found in {f.source}'s archive: {f.quote!r}; "
                f"closest: {f.closest or '(nothing alike)'}"
            )
        elif f.problem == BAD_ARCHIVE:
            message = f"{f.source}: archive: {f.detail}"
        else:
            message = f"{f.entry}: quote not checked: {f.source} has no archive"
        level = "warning" if f.problem not in (NOT_FOUND, BAD_ARCHIVE) else "error"
        stream.write(f"::{level} {where}::{github_data(message)}\n")
    stream.write(summary(outcome) + "\n")
