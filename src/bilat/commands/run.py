"""One run: the session made from the root options, the query commands both front ends can
answer, and what a run does once its answer is out."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bilat.commands.environment import Environment
    from bilat.commands.options import RootOptions
    from bilat.commands.session import Session

# The commands the fast path may answer: each has a body in bilat.commands.queries, named
# like the command, taking the options bilat.commands.options.QUERY_OPTIONS names.
QUERY_COMMANDS = (
    "timeline",
    "equipment",
    "officials",
    "orgs",
    "statements",
    "show",
    "search",
    "categories",
    "sources",
    "cite",
)


def version_text() -> str:
    """What `bilat --version` prints: bilat's version and the built-in dataset's."""
    from bilat import __version__
    from bilat.files.paths import builtin_data_path, dataset_info

    info = dataset_info(builtin_data_path())
    if not info.get("version"):
        return f"bilat {__version__}\n"
    return (
        f"bilat {__version__}, built-in dataset {info['version']} of {info.get('date', 'n.d.')}\n"
    )


def call(command: str, session: Session, values: dict) -> None:
    """Run a query command's body with its parsed option values (both front ends end here)."""
    from bilat.commands import queries
    from bilat.commands.options import QUERY_OPTIONS

    getattr(queries, command)(session, QUERY_OPTIONS[command](**values))


def finish() -> None:
    """What a run does once its answer (or error) is written: start the background index
    writer a cold run on a large dataset queued. (bilat.query.build is loaded only by cold
    runs, the only ones that queue a writer.)"""
    build = sys.modules.get("bilat.query.build")
    if build is not None:
        build.write_pending()


# A session the fast path opened (perhaps loading large files) before it handed the run to
# Typer, which takes it over rather than loading the same files again (see hand_over).
_handed_over: tuple | None = None


def hand_over(session: Session | None, options: dict) -> None:
    """Leave `session`, made from root options `options`, for the next root() in this run
    (None: take back what was left)."""
    global _handed_over
    _handed_over = (options, session) if session is not None else None


def lower_choice(value):
    """Enum values are matched case-insensitively: --kind Meeting is --kind meeting. (A Typer
    parameter callback, Typer-free so that the fast path applies the same one.)"""
    if isinstance(value, list):
        return [v.lower() for v in value]
    return value.lower() if value else value


def root(options: RootOptions, env: Environment | None = None) -> Session:
    """The session a run works with, from the root options and the environment `env` (by
    default the process's: its streams and variables, BILAT_DATA, BILAT_NO_CACHE,
    BILAT_KEEP_GOING)."""
    from bilat.commands.environment import Environment
    from bilat.commands.session import Session, env_data_paths

    global _handed_over
    env = env if env is not None else Environment()
    if _handed_over is not None:
        (handed, session), _handed_over = _handed_over, None
        if handed == {name: getattr(options, name) for name in options.names()}:
            session.env = env  # the files are the same; the streams are this run's
            return session
    environ = env.environ
    return Session(
        data=options.data if options.data else env_data_paths(environ),
        include_builtin=not options.no_builtin,
        use_cache=not options.no_cache and environ.get("BILAT_NO_CACHE", "") in ("", "0"),
        pager=not options.no_pager,
        keep_going=options.keep_going or environ.get("BILAT_KEEP_GOING", "") not in ("", "0"),
        env=env,
    )
