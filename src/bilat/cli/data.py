"""The commands that check data files rather than query them: `validate`, `verify` and
`schema`. Registered on the app by bilat.cli.app; like it, they only parse and delegate.
"""

# No `from __future__ import annotations`: Typer reads these annotations on every run.

from typing import Annotated, Optional

import typer

from bilat.cli import completion as complete
from bilat.commands.run import lower_choice


def validate(
    ctx: typer.Context,
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="[PATH...]",
            help="Files to check on top of the built-in dataset. Default: the "
            "files bilat would load.",
        ),
    ] = None,
) -> None:
    """Check data files: every problem is listed, one per line. Exit 0 when clean, 1 when not.
    Example: bilat validate newsroom.toml"""
    from bilat.commands.checks import validate_files

    validate_files(ctx.obj, paths)


def verify(
    ctx: typer.Context,
    strict: Annotated[
        bool, typer.Option("--strict", help="Also fail on quotes whose source has no archive.")
    ] = False,
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            callback=lower_choice,
            help="plain (default), json or ndjson: one record per problem.",
            autocompletion=complete.choices("plain", "json", "ndjson"),
        ),
    ] = None,
) -> None:
    """Check every quote against the saved copy (archive) of its source. Each quote not found
    is listed as FILE:LINE: ID with the closest passage of the archive; a last line counts
    quotes verified, quotes with no archive and paraphrases. Exit 1 if a quote is not found.
    Example: bilat verify --strict"""
    from bilat.commands.checks import verify_data

    verify_data(ctx.obj, strict, fmt)


def schema_command() -> None:
    """Print a JSON Schema (draft 2020-12) of the TOML data format, made from the rules
    `validate` follows, for editors that complete and check TOML as you type. Put
    `#:schema ./bilat.schema.json` on a data file's first line (Taplo, Even Better TOML).
    Example: bilat schema > bilat.schema.json"""
    from bilat.commands.checks import schema

    schema()


def diff_command(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="The earlier version: a data file (a pipe such as <(git show REV:desk.toml) "
            "works), or a directory, for every .toml file below it.",
        ),
    ],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The later version, likewise.")],
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            callback=lower_choice,
            help="text (default; coloured on a terminal), json, ndjson (one entry per line) "
            "or markdown (a corrections page).",
            autocompletion=complete.choices("text", "json", "ndjson", "markdown"),
        ),
    ] = None,
) -> None:
    """What changed between two versions of a dataset: entries added, removed and changed,
    field by field (a corrected quote word by word, a new citation, a date made more
    precise). Both versions are read on top of the built-in dataset (leave it out with
    --no-builtin to compare whole datasets). Exit 0 when they are the same, 1 when they
    differ, 2 when either cannot be read, as diff does.
    Example: bilat diff <(git show HEAD~1:desk.toml) desk.toml"""
    from bilat.commands.compare import diff

    diff(ctx.obj, old, new, fmt)
