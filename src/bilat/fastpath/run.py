"""Answer a parsed run with the command's body, or say that Typer must.

Until the first byte is written, any exception means "let Typer run it": it parses the same
arguments and calls the same body, so it fails the same way and the exit point reports it
exactly as ever. Once output has begun, a run cannot start over, so what goes wrong — a
closed pipe, Ctrl-C, a failing write — goes to the exit point both front ends end through,
bilat.commands.exitpoint, called here directly (it imports neither Typer nor Click).
"""

from __future__ import annotations

import os
import sys


class _Watched:
    """stdout, noting whether anything was written to it."""

    __slots__ = ("stream", "used")

    def __init__(self, stream) -> None:
        self.stream = stream
        self.used = False

    def write(self, text: str) -> int:
        self.used = True  # before the write: a write that fails may have written part
        return self.stream.write(text)

    def fileno(self) -> int:
        # Asked for by the pager, which writes to the terminal itself: count it as output
        # begun, so that a later error goes to the exit point instead of a second run.
        self.used = True
        return self.stream.fileno()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def answer(args: list[str], environ=os.environ) -> int | None:
    """The exit code after answering on the fast path, or None when Typer must run."""
    from bilat.fastpath.parse import body_values, parse
    from bilat.fastpath.spec import SPEC

    if not (_utf8(sys.stdout) and _utf8(sys.stderr)) or not _all_utf8(args):
        # A closed stream, a stream in another encoding, an argument that is not UTF-8: the
        # exit point has its own handling of each.
        return None
    if SPEC["root"] is None:
        return None
    if args == ["--version"]:  # the root's eager option, as bilat.cli.app._version prints it
        from bilat.commands import exitpoint
        from bilat.commands.run import version_text

        def version() -> None:
            sys.stdout.write(version_text())

        return exitpoint.exit_code(version)  # a full disk or closed pipe, as on Typer's path
    from bilat.commands.arguments import prepare

    # What the exit point does before Click reads the arguments (see bilat.commands.arguments).
    parsed = parse(prepare(args, SPEC["root_options"]), SPEC, environ)
    if parsed is None:
        return None
    command = SPEC["commands"][parsed.command]
    values = body_values(parsed.values, command)
    from bilat.commands import exitpoint, run
    from bilat.commands.environment import Environment
    from bilat.commands.options import RootOptions

    stdout = _Watched(sys.stdout)
    root = body_values(parsed.root, SPEC["root"])

    def body() -> None:
        session = None
        try:
            session = run.root(RootOptions(**root), Environment(stdout, environ=environ))
            # Every format, tables included: the bodies render through the same session (its
            # terminal detection and pager are Typer-free), so both paths print the same bytes.
            run.call(parsed.command, session, values)
        except (KeyboardInterrupt, BrokenPipeError):
            raise  # the exit point's, output or not
        except Exception:
            # Not hidden: Typer runs the command again and meets the same error, which the
            # exit point reports (or, for a bug, shows as a traceback). Once output has begun
            # the run cannot start over: the exit point reports it now.
            if stdout.used:
                raise
            if session is not None:  # Typer answers with the files this run has loaded
                run.hand_over(session, root)
            raise _HandOver() from None

    try:
        return exitpoint.exit_code(body)
    except _HandOver:
        return None


class _HandOver(Exception):
    """Nothing was written and something went wrong: the Typer app answers instead."""


def _utf8(stream) -> bool:
    encoding = getattr(stream, "encoding", None) or ""
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def _all_utf8(args: list[str]) -> bool:
    try:
        for arg in args:
            arg.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: bytes that were not UTF-8 on the command line
        return False
    return True
