"""The fast argument path: common queries answered without importing Typer or Click.

Importing Typer (with its bundled Click) is most of a warm run's time, and bilat runs in shell
loops. So the console script first offers the arguments to this path: a small parser driven by
`spec.py`, a description of the commands generated from the Typer app itself (`python -m
bilat.fastpath.generate`; a test fails when it is stale), which then builds the same typed
options and calls the same command bodies (bilat.commands) the Typer commands call. Anything
it does not fully understand — help, completion, an unknown or malformed option, a value it
cannot check exactly as Click would, any error before output — falls through to the Typer
app, which then answers (or reports) as it always has. A differential test compares both
paths byte for byte.

    parse.py     the arguments -> the root's and the command's parameter values, or None
    run.py       call the body; hand errors to the Typer app or to the exit point
    spec.py      generated: options, arguments, types, defaults, environment variables
    generate.py  writes spec.py from the Typer app
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """The console script: answer on the fast path when it can, else through the Typer app."""
    args = sys.argv[1:] if argv is None else list(argv)
    from bilat.fastpath.run import answer

    code = answer(args)
    if code is not None:
        from bilat.commands.run import finish

        finish()
        return code
    from bilat.cli.app import main as typer_main
    from bilat.commands.run import hand_over

    try:
        return typer_main(args)
    finally:
        hand_over(None, {})  # what Typer did not take is not for a later run
