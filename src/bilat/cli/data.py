"""The commands that check data files rather than query them: `validate`, `verify` and
`schema`. Registered on the app by bilat.cli.app; like it, they only parse and delegate.
"""

# No `from __future__ import annotations`: Typer reads these annotations on every run.

from typing import Annotated, Optional

import typer

from bilat.cli import completion as complete
from bilat.cli.options import format_of


def validate(
    ctx: typer.Context,
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="[PATH...]",
            help="Files to check on top of the built-in dataset; a directory stands for "
            "every .toml file below it. Default: the files bilat would load.",
        ),
    ] = None,
    fmt: format_of(
        "text (default: problems on stderr), json (an array of problems: file, "
        "line, column, entry, kind, field, message) or github (::error annotations for "
        "GitHub Actions).",
        "text",
        "json",
        "github",
    ) = None,
) -> None:
    """Check data files: every problem is listed, one per line. Exit 0 when clean, 1 when not.
    Example: bilat validate newsroom.toml  (in CI: bilat validate desk/ --format github)"""
    from bilat.commands.checks import validate_files

    validate_files(ctx.obj, paths, fmt)


def verify(
    ctx: typer.Context,
    strict: Annotated[
        bool, typer.Option("--strict", help="Also fail on quotes whose source has no archive.")
    ] = False,
    fmt: format_of(
        "plain (default), json or ndjson (one record per problem), or github "
        "(::error annotations for GitHub Actions).",
        "plain",
        "json",
        "ndjson",
        "github",
    ) = None,
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
    fmt: format_of(
        "text (default; coloured on a terminal), json, ndjson (one entry per line) "
        "or markdown (a corrections page).",
        "text",
        "json",
        "ndjson",
        "markdown",
    ) = None,
) -> None:
    """What changed between two versions of a dataset: entries added, removed and changed,
    field by field (a corrected quote word by word, a new citation, a date made more
    precise). Both versions are read on top of the built-in dataset (leave it out with
    --no-builtin to compare whole datasets). Exit 0 when they are the same, 1 when they
    differ, 2 when either cannot be read, as diff does.
    Example: bilat diff <(git show HEAD~1:desk.toml) desk.toml"""
    from bilat.commands.compare import diff

    diff(ctx.obj, old, new, fmt)


def _text(help_text: str, metavar: str = "TEXT"):
    return Annotated[Optional[str], typer.Option(metavar=metavar, help=help_text)]


def _many(help_text: str, metavar: str = "ID"):
    return Annotated[Optional[list[str]], typer.Option(metavar=metavar, help=help_text)]


def new_command(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="event, person, organization, equipment, statement or source.",
            autocompletion=complete.choices(
                "event", "person", "organization", "equipment", "statement", "source"
            ),
        ),
    ],
    to: Annotated[
        str,
        typer.Option("--to", metavar="FILE", help="The data file to append to (made if missing)."),
    ],
    id: _text(
        "The id (default: made from the name or title, prefixed by $BILAT_ID_PREFIX).", "ID"
    ) = None,
    name: _text("A person's, organization's or item's name.") = None,
    title: _text("An event's or source's title.") = None,
    date: _text("EDTF date: 2023-05-24, 2023-05, 2023-05-24/2023-05-26…", "DATE") = None,
    kind_of: Annotated[
        Optional[str],
        typer.Option("--kind", metavar="KIND", help="The event, organization or source kind."),
    ] = None,
    summary: _text("An event's or statement's summary, in bilat's words.") = None,
    description: _text("A description, in bilat's words.") = None,
    alias: _many("Another name or spelling, as printed (repeatable).", "TEXT") = None,
    country: _many("A country code or name (repeatable for an event).", "CODE") = None,
    participant: _many("An event's participant (repeatable).") = None,
    location: _text("Where an event took place.") = None,
    confidence: _text("An event's confidence.", "LEVEL") = None,
    attributed_to: _text("Who an event's account is attributed to.", "ID") = None,
    parent: _text("An organization's parent organization.", "ID") = None,
    founded: _text("When an organization was founded.", "DATE") = None,
    category: _text("An equipment item's category.", "CAT") = None,
    origin: _text("An equipment item's country of origin.", "CODE") = None,
    maker: _many("An equipment item's maker (repeatable).") = None,
    by: _text("Who made a statement.", "ID") = None,
    about: _many("An entry a statement concerns (repeatable).") = None,
    topic: _many("A statement's topic (repeatable).", "TOPIC") = None,
    publisher: _text("A source's publisher.") = None,
    url: _text("A source's address.", "URL") = None,
    author: _text("A source's author.") = None,
    date_note: _text("A remark on a source's date.") = None,
    accessed: _text("When a source was read (default: today).", "DATE") = None,
    archive: _text("A saved copy of a source's text, relative to FILE's folder.", "PATH") = None,
    archive_sha256: _text(
        "The archive's SHA-256 (bilat verify --hash PATH prints it).", "HEX"
    ) = None,
    title_supplied: Annotated[
        bool, typer.Option("--title-supplied", help="The title is bilat's, not printed.")
    ] = False,
    primary: Annotated[bool, typer.Option("--primary", help="A primary source.")] = False,
    notes: _text("Caveats and editorial remarks.") = None,
    source: _text("The id of the source the entry cites.", "ID") = None,
    quote: _text("The source's exact words.") = None,
    says: _text("bilat's paraphrase of what the source reports.") = None,
    speaker: _text("Whose words the quote or paraphrase gives (the citation's `by`).", "ID") = None,
    note: _text("A remark on the citation.") = None,
    stance: _text("For equipment: what the source says of it (a mention).", "STANCE") = None,
    for_country: _text("For a mention: the country the stance concerns.", "CODE") = None,
    role: _many(
        "For a person: a title held (with --role-as-of). For a source: what the page does "
        "for the data, repeatable: corroborates, adds, qualifies, contradicts, background.",
        "TEXT",
    ) = None,
    role_as_of: _text("When a source says the role was held.", "DATE") = None,
    role_org: _text("The organization of the role.", "ID") = None,
    rank: _text("The rank held in the role.") = None,
) -> None:
    """Add an entry to a data file without knowing the format by heart: every field is an
    option; on a terminal the required ones that are missing are asked for. The id is made
    from the name or title unless given; the entry is checked with everything bilat loads
    before the file is written, and appended keeping the file's comments and layout. Prints
    the id. Example: bilat new person --to desk.toml --name "Ali Alizada" --country AZ
    --source azernews-210229 --quote "Ali Alizada\""""
    values = dict(locals())  # the parameters: taken before anything else is named here
    for name in ("ctx", "kind", "to"):
        values.pop(name)
    values["kind"] = values.pop("kind_of")
    from bilat.commands.new_entry import new_entry

    new_entry(ctx.obj, kind, to, values)


def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            metavar="HOST",
            help="The address to listen on. Default: 127.0.0.1, this machine only; 0.0.0.0 "
            "serves the whole network, with no password.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="The port to listen on.")] = 8001,
) -> None:
    """Browse the data in a web browser: Datasette on the built-in data and your --data files,
    with facets, full-text search and date sorting, rebuilt whenever a data file changes.
    Needs Datasette: pip install "bilat[serve]". Stop it with Ctrl-C.
    Example: bilat --data desk.toml serve --port 8001"""
    from bilat.commands.serve import serve

    serve(ctx.obj, host, port)
