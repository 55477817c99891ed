"""bilat's one exit point: every error, usage mistake, Ctrl-C and closed pipe ends here with a
one-line message on stderr (control characters made visible) and a documented exit code.

`BilatGroup` is the Click group class the Typer app in cli.py is built with, so CliRunner
tests and the console script pass through the same handling.
"""

import os
import sys

import typer
from typer.core import TyperGroup

from bilat.commands.interrupts import interrupt_on_termination
from bilat.errors import BilatError, ExitCode
from bilat.text import warn


class _PipeClosed(Exception):
    """The reader of stdout went away. Not an OSError, so that Typer's own EPIPE handling
    (exit 1) does not see it before bilat's exit point does."""


class BilatGroup(TyperGroup):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError as err:
            raise _PipeClosed() from err

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from typer._click import exceptions as click_exceptions

        from bilat.cli.completion import install_completion
        from bilat.commands.arguments import prepare

        _guard_closed_streams()
        _utf8_streams()
        restore = interrupt_on_termination()
        args = list(sys.argv[1:] if args is None else args)
        try:
            _check_arguments(args)
            if install_completion(args):
                code = ExitCode.OK
            else:
                code = super().main(
                    args=prepare(args, self._root_options()),
                    prog_name=prog_name or "bilat",
                    complete_var=complete_var,
                    standalone_mode=False,
                    **extra,
                )
            code = int(code) if isinstance(code, int) else ExitCode.OK
            if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into Exit(130)
                _error("interrupted")
        except BilatError as err:
            for line in err.lines():
                _error(line)
            code = err.exit_code
        except click_exceptions.NoArgsIsHelpError as err:
            for line in err.format_message().split("\n"):  # plain help: nothing was asked
                warn(line)
            code = ExitCode.USAGE
        except click_exceptions.UsageError as err:
            _error(err.format_message())
            if err.ctx is not None:
                warn(f"bilat: try '{err.ctx.command_path} --help'")
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
        except OSError as err:  # a full disk, an I/O error on the output
            _error(_os_message(err))
            _silence_stdout()
            code = ExitCode.DATA
        finally:
            restore()
        failure = _flush_or_silence()
        if failure is not None and code == ExitCode.OK:
            _error(_os_message(failure))
            code = ExitCode.DATA
        if standalone_mode:
            sys.exit(code)
        return code

    def _root_options(self) -> dict[str, bool]:
        """The root's own options that may also follow the command, and whether each takes a
        value (eager ones, --help and --version, are left where they are)."""
        return {
            name: not param.is_flag
            for param in self.params
            if getattr(param, "is_flag", None) is not None and not param.is_eager
            for name in param.opts
        }


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
    # Messages quote user input (ids, paths, option names): warn never lets it reach the
    # terminal raw. A message of several lines is several errors.
    for line in message.split("\n"):
        warn(f"bilat: error: {line}")


def _os_message(err: OSError) -> str:
    import errno

    reason = err.strerror or str(err)
    if err.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", -1)):
        return f"cannot write output: {reason}"
    return reason + (f": {err.filename}" if err.filename else "")


def _utf8_streams() -> None:
    """bilat writes UTF-8 whatever the locale or PYTHONIOENCODING says (csv and json are
    documented as UTF-8; Azerbaijani names do not fit cp1252)."""
    import codecs

    for stream, errors in ((sys.stdout, "surrogateescape"), (sys.stderr, "backslashreplace")):
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding and reconfigure is not None:
            try:
                if codecs.lookup(encoding).name != "utf-8":
                    reconfigure(encoding="utf-8", errors=errors)
            except (LookupError, ValueError, OSError):
                pass


def _check_arguments(args) -> None:
    """An argument that is not valid UTF-8 (a Latin-1 file name or id) is a usage error, the
    same with or without the cache, rather than an encoding error deep inside."""
    from bilat.errors import UsageError

    for arg in args:
        if isinstance(arg, str):
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                raise UsageError(
                    f'argument "{shown}" is not valid UTF-8; use UTF-8 file names and ids'
                ) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _flush_or_silence() -> OSError | None:
    """Flush stdout; the error when the output could not be written (a closed pipe is not
    one)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as err:
        _silence_stdout()
        return err
    except ValueError:
        pass
    return None
