"""bilat's one exit point: every error, usage mistake, Ctrl-C and closed pipe ends here with a
one-line message on stderr (control characters made visible) and a documented exit code.

`BilatGroup` is the Click group class the Typer app in cli.py is built with, so CliRunner
tests and the console script pass through the same handling.
"""

import os
import sys

import typer
from typer.core import TyperGroup

from bilat.errors import BilatError, ExitCode, visible


class _PipeClosed(Exception):
    """The reader of stdout went away. Not an OSError, so that Typer's own EPIPE handling
    (exit 1) does not see it before bilat's exit point does."""


class BilatGroup(TyperGroup):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError as err:
            raise _PipeClosed() from err

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        from typer._click import exceptions as click_exceptions

        from bilat.arguments import install_completion, prepare

        _guard_closed_streams()
        args = list(sys.argv[1:] if args is None else args)
        try:
            if install_completion(args):
                code = ExitCode.OK
            else:
                code = super().main(args=prepare(args, self._root_options()),
                                    prog_name=prog_name or "bilat", complete_var=complete_var,
                                    standalone_mode=False, **extra)
            code = int(code) if isinstance(code, int) else ExitCode.OK
            if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into Exit(130)
                _error("interrupted")
        except BilatError as err:
            for line in err.lines():
                _error(line)
            code = err.exit_code
        except click_exceptions.NoArgsIsHelpError as err:
            sys.stderr.write(err.format_message() + "\n")  # plain help: nothing was asked
            code = ExitCode.USAGE
        except click_exceptions.UsageError as err:
            _error(err.format_message())
            if err.ctx is not None:
                sys.stderr.write(f"bilat: try '{visible(err.ctx.command_path)} --help'\n")
            code = ExitCode.USAGE
        except click_exceptions.ClickException as err:
            _error(err.format_message())
            code = err.exit_code
        except (typer.Abort, KeyboardInterrupt):
            _error("interrupted")
            code = ExitCode.INTERRUPTED
        except (BrokenPipeError, _PipeClosed):
            # The reader went away (`bilat … | head -1`): that is normal, not an error.
            _silence_stdout()
            code = ExitCode.OK
        _flush_or_silence()
        if standalone_mode:
            sys.exit(code)
        return code


    def _root_options(self) -> dict[str, bool]:
        """The root's own options that may also follow the command, and whether each takes a
        value (eager ones, --help and --version, are left where they are)."""
        return {name: not param.is_flag for param in self.params
                if getattr(param, "is_flag", None) is not None and not param.is_eager
                for name in param.opts}


class _ClosedStream:
    """Stands in for a standard stream the shell closed (`bilat … >&-`): writing to it is a
    data error, not an AttributeError on None."""

    def write(self, text: str) -> int:
        raise BilatError("cannot write output: standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class _Discard(_ClosedStream):
    def write(self, text: str) -> int:
        return len(text)


def _guard_closed_streams() -> None:
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = _Discard()


def _error(message: str) -> None:
    # Messages quote user input (ids, paths, option names): never let it reach the terminal raw.
    for line in message.split("\n"):
        sys.stderr.write(f"bilat: error: {visible(line)}\n")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _flush_or_silence() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except (OSError, ValueError):
        pass
