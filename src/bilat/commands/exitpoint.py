"""bilat's one exit point: every error, Ctrl-C and closed pipe ends here with a one-line
message on stderr (control characters made visible) and a documented exit code.

Typer-free, so that both front ends end a run through it: the Typer app's group
(bilat.cli.group, which first turns Click's own errors into these or into messages) and the
fast path (bilat.fastpath.run), which imports neither Typer nor Click.

    exit_code(run)  set up the streams and signals, call run, and return the code it ends with
    handle(error)   the message and exit code for an error met on the way (others re-raised)
    error(message)  one "bilat: error: …" line per line of message, on stderr
    say(text)       text on stderr, when stderr can still be written
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from bilat.errors import BilatError, ExitCode
from bilat.text import warn

if TYPE_CHECKING:
    from collections.abc import Callable


def exit_code(run: Callable[[], int | None]) -> int:
    """Call `run` and return the exit code the run ends with: what it returned (None and
    anything that is not an int: 0), or what handle() makes of the error it raised, after a
    final flush of stdout. An exception that is not bilat's (a bug) propagates, traceback and
    all. SIGTERM and SIGHUP end the run as Ctrl-C does while `run` runs."""
    from bilat.commands.interrupts import interrupt_on_termination

    _guard_closed_streams()
    _utf8_streams()
    restore = interrupt_on_termination()
    try:
        code = run()
        code = int(code) if isinstance(code, int) else ExitCode.OK
    except (BilatError, KeyboardInterrupt, OSError) as err:
        code = handle(err)
    finally:
        restore()
    failure = _flush_or_silence()
    if failure is not None and code == ExitCode.OK:
        error(_os_message(failure))
        code = ExitCode.DATA
    return int(code)


def handle(err: BaseException) -> int:
    """Report an error as bilat does and return its exit code; re-raise one that is not
    bilat's to report (a bug: a traceback is the right answer)."""
    if isinstance(err, BilatError):
        for line in err.lines():
            error(line)
        return err.exit_code
    if isinstance(err, KeyboardInterrupt):
        error("interrupted")
        return ExitCode.INTERRUPTED
    if isinstance(err, BrokenPipeError):
        # The reader went away (`bilat … | head -1`): that is normal, not an error.
        _silence_stdout()
        return ExitCode.OK
    if isinstance(err, OSError):  # a full disk, an I/O error on the output
        error(_os_message(err))
        _silence_stdout()
        return ExitCode.DATA
    raise err


def error(message: str) -> None:
    """One "bilat: error: …" line per line of the message, through the one stderr writer
    (which makes what the message quotes visible: ids, paths, option names)."""
    for line in message.split("\n"):
        warn(f"bilat: error: {line}")


def say(text: str) -> None:
    """Text on stderr, a line at a time, through the one stderr writer; when even that fails
    (2>/dev/full), the exit code is all there is."""
    for line in text.rstrip("\n").split("\n"):
        warn(line)


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


def _os_message(err: OSError) -> str:
    import errno

    reason = err.strerror or str(err)
    if err.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", -1)):
        return f"cannot write output: {reason}"
    return reason + (f": {err.filename}" if err.filename else "")


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
