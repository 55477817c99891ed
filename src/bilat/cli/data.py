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
    hash_path: Annotated[
        Optional[str],
        typer.Option(
            "--hash",
            metavar="FILE",
            help="Print the SHA-256 of FILE (a source's archive_sha256) and check nothing.",
        ),
    ] = None,
) -> None:
    """Check every quote against the saved copy (archive) of its source. Each quote not found
    is listed as FILE:LINE: ID with the closest passage of the archive; a last line counts
    quotes verified, quotes with no archive and paraphrases. Exit 1 if a quote is not found.
    Example: bilat verify --strict"""
    from bilat.commands.checks import archive_hash, verify_data

    if hash_path is not None:
        archive_hash(hash_path, ctx.obj.stdout)
        return
    verify_data(ctx.obj, strict, fmt)


def schema_command() -> None:
    """Print a JSON Schema (draft 2020-12) of the TOML data format, made from the rules
    `validate` follows, for editors that complete and check TOML as you type. Put
    `#:schema ./bilat.schema.json` on a data file's first line (Taplo, Even Better TOML).
    Example: bilat schema > bilat.schema.json"""
    from bilat.commands.checks import schema

    schema()
