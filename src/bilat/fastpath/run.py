"""Answer a parsed run with the command's body, or say that Typer must.

Until the first byte is written, any exception means "let Typer run it": it parses the same
arguments and calls the same body, so it fails the same way and its exit point reports it
exactly as ever. Once output has begun, a run cannot start over, so what goes wrong — a
closed pipe, Ctrl-C, a failing write — is handed to that same exit point (see `_exit_point`).
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
        from bilat import __version__

        try:
            sys.stdout.write(f"bilat {__version__}\n")
            sys.stdout.flush()
        except Exception as err:  # a full disk, a closed pipe: reported as the exit point does
            return _exit_point(err)
        return 0
    from bilat.commands.arguments import prepare

    # What the exit point does before Click reads the arguments (see bilat.commands.arguments).
    parsed = parse(prepare(args, SPEC["root_options"]), SPEC, environ)
    if parsed is None:
        return None
    command = SPEC["commands"][parsed.command]
    values = body_values(parsed.values, command)
    from bilat.commands import run
    from bilat.commands.interrupts import interrupt_on_termination
    from bilat.commands.options import RootOptions

    stdout = _Watched(sys.stdout)
    session = None
    root = body_values(parsed.root, SPEC["root"])
    # As on the Typer path: SIGTERM and SIGHUP end the run like Ctrl-C (handled below).
    restore = interrupt_on_termination()
    try:
        session = run.root(RootOptions(**root))
        session.stdout = stdout
        # Every format, tables included: the bodies render through the same session (its
        # terminal detection and pager are Typer-free), so both paths print the same bytes.
        run.call(parsed.command, session, values)
    except (KeyboardInterrupt, BrokenPipeError) as err:
        return _exit_point(err)
    except Exception as err:
        # Not hidden: Typer runs the command again and meets the same error, which its exit
        # point reports (or, for a bug, shows as a traceback).
        if stdout.used:
            return _exit_point(err)
        if session is not None:  # Typer answers with the files this run has loaded
            session.stdout = None
            run.hand_over(session, root)
        return None
    finally:
        restore()
    try:
        sys.stdout.flush()
    except Exception:
        return _exit_point(None)  # the exit point flushes again and handles what it meets
    return 0


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


def _exit_point(error: BaseException | None) -> int:
    """Hand an error met after output began to bilat's one exit point (bilat.cli.group), as if
    a Typer command had raised it, so that its message and exit code are those of the Typer
    path by construction. With None, the exit point only does its final flush."""
    from typer.core import TyperCommand

    from bilat.cli.group import BilatGroup

    def answer() -> None:
        if error is not None:
            raise error

    group = BilatGroup(name="bilat", commands=[TyperCommand("answer", callback=answer)])
    return group.main(args=["answer"], prog_name="bilat", standalone_mode=False)
