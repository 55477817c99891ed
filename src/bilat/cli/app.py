"""The command line: parse options, call the query layer, hand results to a renderer.

Errors are raised, never printed, here: BilatGroup (bilat.cli.group) hands them to the one exit
point, bilat.commands.exitpoint.
"""

# No `from __future__ import annotations` here: Typer reads these annotations on every run,
# and string annotations cost an eval each (about 10 ms over the whole app).

import os
import sys
from typing import Annotated, Optional

import typer

from bilat.cli import completion as complete
from bilat.cli import data as cli_data
from bilat.cli.group import COMMAND_ALIASES, BilatGroup
from bilat.cli.help import ListingCommand
from bilat.cli.options import (
    Confidence,
    Country,
    EventKind,
    Format,
    Limit,
    Match,
    Org,
    Person,
    Reverse,
    Since,
    Until,
    fields_option,
    id_option,
    lower,
)
from bilat.commands import run
from bilat.commands.options import RootOptions
from bilat.vocab import ORGANIZATION_KINDS, STANCES

_APP_OPTIONS = dict(
    help="An offline reference for bilateral relations: events, officials, organizations, "
    "equipment and statements, each entry cited to its sources — their exact words in "
    "quotation marks, or bilat's paraphrase, marked as one.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app = typer.Typer(cls=BilatGroup, name="bilat", **_APP_OPTIONS)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(run.version_text())
        raise typer.Exit()


def _call(values: dict, command: str) -> None:
    """Hand a command's parsed options (its parameters, less the context) to its body."""
    ctx = values.pop("ctx")
    run.call(command, ctx.obj, values)


@app.callback()
def root(
    ctx: typer.Context,
    data: Annotated[
        Optional[list[str]],
        typer.Option(
            "--data",
            metavar="PATH",
            help="A TOML data file to load on top of the built-in dataset (repeatable). Default: "
            f"the paths in BILAT_DATA, separated by '{os.pathsep}'.",
        ),
    ] = None,
    no_builtin: Annotated[
        bool, typer.Option("--no-builtin", help="Leave the built-in dataset out.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read the data files without the cached index (also BILAT_NO_CACHE=1).",
        ),
    ] = False,
    keep_going: Annotated[
        bool,
        typer.Option(
            "--keep-going",
            help="Skip a --data or BILAT_DATA file that has problems, with a "
            "warning, instead of failing (also BILAT_KEEP_GOING=1).",
        ),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager", help="Print long output straight to the terminal, not through $PAGER."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """An offline reference for bilateral relations."""
    ctx.obj = run.root(
        RootOptions(
            data=data,
            no_builtin=no_builtin,
            no_cache=no_cache,
            keep_going=keep_going,
            no_pager=no_pager,
        )
    )


@app.command(cls=ListingCommand)
def timeline(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    kind: EventKind = None,
    person: Person = None,
    org: Org = None,
    confidence: Confidence = None,
    match: Match = None,
    reverse: Reverse = False,
    fmt: Format = None,
    fields: fields_option("event") = None,
    limit: Limit = None,
) -> None:
    """Events in date order: on a terminal, grouped by year with each event's id.
    Example: bilat timeline --since 2020 --country PK"""
    _call(locals(), "timeline")


@app.command(cls=ListingCommand)
def equipment(
    ctx: typer.Context,
    category: Annotated[
        Optional[str],
        typer.Option(
            metavar="CAT",
            help="A category id or alias (see `bilat categories`), e.g. radar.",
            autocompletion=complete.categories,
        ),
    ] = None,
    country: Country = None,
    maker: id_option("organization", "A maker organization's id.") = None,
    status: Annotated[
        Optional[str],
        typer.Option(
            metavar="STANCE",
            help=f"What a source says of the item: {', '.join(STANCES)}.",
            callback=lower,
            autocompletion=complete.choices(*STANCES),
        ),
    ] = None,
    fmt: Format = None,
    fields: fields_option("equipment") = None,
    limit: Limit = None,
) -> None:
    """Weapons, systems and technologies, with what sources say of each.
    Example: bilat equipment --category radar"""
    _call(locals(), "equipment")


@app.command(cls=ListingCommand)
def officials(
    ctx: typer.Context,
    country: Country = None,
    org: id_option("organization", "People with a role in this organization.") = None,
    fmt: Format = None,
    fields: fields_option("person") = None,
    limit: Limit = None,
) -> None:
    """People: officials and everyone else named. Example: bilat officials --country AZ"""
    _call(locals(), "officials")


@app.command(cls=ListingCommand)
def orgs(
    ctx: typer.Context,
    country: Country = None,
    kind: Annotated[
        Optional[str],
        typer.Option(
            metavar="KIND",
            help=f"Organization kind: {', '.join(ORGANIZATION_KINDS)}.",
            callback=lower,
            autocompletion=complete.choices(*ORGANIZATION_KINDS),
        ),
    ] = None,
    fmt: Format = None,
    fields: fields_option("organization") = None,
    limit: Limit = None,
) -> None:
    """Organizations. Example: bilat orgs --country PK --kind company"""
    _call(locals(), "orgs")


@app.command(cls=ListingCommand)
def statements(
    ctx: typer.Context,
    by: id_option("person", "Who said it (a person id).") = None,
    topic: Annotated[
        Optional[str],
        typer.Option(
            metavar="TOPIC",
            help="A topic, e.g. energy; --topic alone lists the topics.",
            callback=lower,
            autocompletion=complete.topics,
        ),
    ] = None,
    fmt: Format = None,
    fields: fields_option("statement") = None,
    limit: Limit = None,
) -> None:
    """Who said what, when, about which entries, with the words that were said.
    Example: bilat statements --topic energy"""
    _call(locals(), "statements")


@app.command()
def show(
    ctx: typer.Context,
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The entry's id, or its exact name or alias.",
            autocompletion=complete.ids_of(None),
        ),
    ],
    fmt: Format = None,
) -> None:
    """One entry in full: every field, its sources (with their addresses, and the quote or
    paraphrase each supports), and what links to it.
    Example: bilat show karim-valiyev"""
    _call(locals(), "show")


@app.command(cls=ListingCommand)
def search(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT...", help="Words to find.")],
    fmt: Format = None,
    fields: fields_option("result") = None,
    limit: Limit = None,
) -> None:
    """Find entries by name, alias, title, description or quoted words, ignoring case, accents,
    punctuation (JF17 = JF-17) and the usual romanisations (Valiev = Valiyev, Muneer = Munir);
    words match where a word starts, and a country's names are one (turkey = Türkiye). Each hit
    shows the matched text.
    Example: bilat search taghiyev"""
    _call(locals(), "search")


@app.command(cls=ListingCommand)
def categories(
    ctx: typer.Context,
    fmt: Format = None,
    fields: fields_option("category") = None,
    limit: Limit = None,
) -> None:
    """Equipment categories, each with its definition, SIPRI category and count.
    Example: bilat categories"""
    _call(locals(), "categories")


@app.command(cls=ListingCommand)
def sources(
    ctx: typer.Context,
    fmt: Format = None,
    fields: fields_option("source") = None,
    limit: Limit = None,
) -> None:
    """The sources entries cite, with publisher, date and URL. Example: bilat sources"""
    _call(locals(), "sources")


@app.command()
def cite(
    ctx: typer.Context,
    entry_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="One or more entry ids (or exact names or aliases); a source's "
            "id cites the source itself.",
            autocompletion=complete.ids_of(None),
        ),
    ],
    style: Annotated[
        str,
        typer.Option(
            metavar="STYLE",
            help="plain (one line per citation) or markdown (a list under each id).",
            callback=lower,
            autocompletion=complete.choices("plain", "markdown"),
        ),
    ] = "plain",
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text (the --style lines) or csl-json: one CSL-JSON item per source, for "
            "Zotero, Pandoc's citeproc and other reference managers.",
            callback=lower,
            autocompletion=complete.choices("text", "csl-json"),
        ),
    ] = "text",
    quotes_only: Annotated[
        bool,
        typer.Option("--quotes-only", help="Only the citations that carry a source's words."),
    ] = False,
) -> None:
    """Citation lines for a draft, one per source citation of each entry: who is quoted or
    reported, publisher, title (in [brackets] when bilat supplied it), date (or n.d.), URL,
    then the source's exact words in quotation marks or bilat's paraphrase, labelled, and
    what each citation supports when it is not the entry itself (a role, a mention).
    Example: bilat cite karim-valiyev jy-27a --style markdown"""
    _call(locals(), "cite")


# The commands that check data files rather than query them live in cli_data.
app.command()(cli_data.validate)
app.command()(cli_data.verify)
app.command("schema")(cli_data.schema_command)
app.command("diff")(cli_data.diff_command)
app.command("new")(cli_data.new_command)
app.command("serve")(cli_data.serve_command)


def _summary(text: str) -> str:
    """A command's first sentence, whole: the root help lists it without Click's "..."."""
    text = " ".join(text.split()).split(" Example:")[0]
    return text.split(". ")[0].rstrip(".") + "."


def _add_export() -> None:
    from bilat.cli.export import export_app

    app.add_typer(export_app, name="export", short_help=_summary(export_app.info.help))
    for info in export_app.registered_commands:
        info.short_help = _summary(info.callback.__doc__)


_add_export()
for _info in app.registered_commands:
    _info.short_help = _summary(_info.callback.__doc__)


def _add_cache() -> None:
    from bilat.cli.cache import cache_app

    app.add_typer(cache_app, name="cache", short_help=_summary(cache_app.info.help))
    for info in cache_app.registered_commands:
        info.short_help = _summary(info.callback.__doc__)


_add_cache()


def main(argv: list[str] | None = None) -> int:
    """The console script: run bilat and return its exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    command = typer.main.get_command(_app_for(args))
    try:
        return command.main(args=args, prog_name="bilat", standalone_mode=False)
    finally:
        run.finish()


# Options of the root command, and whether each takes a value.
_ROOT_OPTIONS = {
    "--data": True,
    "--no-builtin": False,
    "--no-cache": False,
    "--no-pager": False,
    "--keep-going": False,
}


def _app_for(args: list[str]) -> typer.Typer:
    """The app, trimmed to the one command this run invokes.

    Typer turns every registered command into a Click command on every run (about 0.3 ms
    each); a run only ever needs one. Anything unusual — help, completion, an unknown or
    missing command — gets the whole app, so messages and suggestions are unchanged."""
    from bilat.commands.arguments import first_after_root_options

    if "_BILAT_COMPLETE" in os.environ:
        return app
    position = first_after_root_options(args, _ROOT_OPTIONS)
    if position is None:
        return app
    wanted = COMMAND_ALIASES.get(args[position], args[position])
    if wanted == "--version":
        return _trimmed([], [])  # answered by the root's eager option: no command needed
    if wanted.startswith("-"):
        return app  # --help, completion options, or a typo: the full app
    commands = [
        c
        for c in app.registered_commands
        if (c.name or c.callback.__name__.replace("_", "-")) == wanted
    ]
    groups = [g for g in app.registered_groups if g.name == wanted]
    if not commands and not groups:
        return app
    return _trimmed(commands, groups)


def _trimmed(commands: list, groups: list) -> typer.Typer:
    trimmed = typer.Typer(cls=BilatGroup, name="bilat", add_completion=False, **_APP_OPTIONS)
    trimmed.registered_callback = app.registered_callback
    trimmed.registered_commands = commands
    trimmed.registered_groups = groups
    return trimmed
