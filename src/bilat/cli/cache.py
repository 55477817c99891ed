"""`bilat cache …`: see how much the cached indexes take, and free the space.

The commands parse nothing and hand over to bilat.files.cachedir, which owns the directory.
"""

import sys

import typer

cache_app = typer.Typer(
    help="The cached indexes that make repeated runs fast: where they are, how much room they "
    "take, and removing them (always safe: the next run rebuilds what it needs). "
    "Example: bilat cache info",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@cache_app.command("info")
def info_command() -> None:
    """The cache directory, its indexes and their size, and the limits bilat keeps it within.
    Example: bilat cache info"""
    from bilat.files.cachedir import cache_dir, describe

    sys.stdout.write("".join(f"{line}\n" for line in describe(cache_dir())))


@cache_app.command("clear")
def clear_command() -> None:
    """Remove every index and temporary file bilat keeps in the cache directory; other files
    there are left alone. Example: bilat cache clear"""
    from bilat.files.cachedir import NO_CACHE_DIR, cache_dir, clear

    directory = cache_dir()
    if directory == NO_CACHE_DIR:
        sys.stdout.write("no cache: no home directory and no XDG_CACHE_HOME to keep one in\n")
        return
    removed = clear(directory)
    sys.stdout.write(f"removed {removed} index{'' if removed == 1 else 'es'} from {directory}\n")
