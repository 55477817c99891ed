"""Shell completion for option values: ids, categories, countries, kinds, formats, fields.

Click completes before bilat's root callback runs, so the data files are read from the root
command's parsed parameters (or BILAT_DATA), the same way a real run would choose them.
"""

# No `from __future__ import annotations` here: Typer reads these annotations on every run,
# and string annotations cost an eval each (about 10 ms over the whole app).

import os
import sys

import typer


def _query(ctx: typer.Context):
    from bilat.commands.session import Session, env_data_paths
    from bilat.errors import BilatError

    root = ctx.find_root().params
    extra = root.get("data") or env_data_paths(os.environ)
    session = Session(
        data=list(extra),
        include_builtin=not root.get("no_builtin"),
        use_cache=not root.get("no_cache"),
    )
    try:
        return session.query()  # through the cache: a TAB must not re-read a large dataset
    except BilatError:  # broken data: offer nothing rather than break the user's shell
        return None


def _starting(options, incomplete: str) -> list[str]:
    return [o for o in options if o.startswith(incomplete)]


def ids_of(type_name: str | None):
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        query = _query(ctx)
        return _starting(query.ids(type_name), incomplete) if query else []

    return complete


def categories(incomplete: str) -> list[str]:
    from bilat.vocab.categories import category_choices

    return _starting(category_choices(), incomplete)


def countries(incomplete: str) -> list[str]:
    from bilat.vocab.countries import country_codes

    return _starting(country_codes(), incomplete.upper())


def choices(*values: str):
    def complete(incomplete: str) -> list[str]:
        return _starting(values, incomplete)

    return complete


def formats(incomplete: str) -> list[str]:
    from bilat.render import format_names

    return _starting(format_names(), incomplete)


def fields_of(type_name: str):
    """Complete the last name of a comma-separated --fields list."""

    def complete(incomplete: str) -> list[str]:
        from bilat.render.views import valid_fields

        done, _, last = incomplete.rpartition(",")
        prefix = f"{done}," if done else ""
        chosen = set(done.split(",")) if done else set()
        return [
            prefix + f for f in valid_fields(type_name) if f.startswith(last) and f not in chosen
        ]

    return complete


def topics(ctx: typer.Context, incomplete: str) -> list[str]:
    query = _query(ctx)
    return _starting(query.topics(), incomplete) if query else []


def install_completion(args: list[str]) -> bool:
    """Handle `--install-completion SHELL`; False when the arguments are anything else (Typer
    then detects the shell itself)."""
    if len(args) < 2 or args[0] != "--install-completion" or args[1].startswith("-"):
        return False
    from typer._completion_shared import Shells, install

    from bilat.errors import UsageError, did_you_mean

    shells = [s.value for s in Shells]
    shell = args[1].lower()
    if shell not in shells:
        raise UsageError(
            f'cannot install completion for "{args[1]}"'
            f"{did_you_mean(args[1], shells)}; bilat completes in "
            f"{', '.join(shells)}"
        )
    name, path = install(shell=shell, prog_name="bilat", complete_var="_BILAT_COMPLETE")
    sys.stdout.write(
        f"{name} completion installed in {path}\n"
        "Completion will take effect once you restart the shell.\n"
    )
    return True
