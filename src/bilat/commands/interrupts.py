"""Signals that end a run: SIGTERM and SIGHUP are made to end bilat as Ctrl-C does.

Typer-free: the exit point both front ends end through (bilat.commands.exitpoint) sets them
up while a run's body runs.
"""

from __future__ import annotations


def interrupt_on_termination():
    """Make SIGTERM and SIGHUP (a kill, a closed terminal, a cron job's timeout) end bilat as
    Ctrl-C does, so that every temporary file is removed on the way out. A signal the parent
    chose to ignore (nohup) stays ignored. Returns a function that puts the old handlers
    back (tests run many commands in one process)."""
    import signal
    from contextlib import suppress

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        with suppress(ValueError, OSError):  # not the main thread: leave them be
            if signal.getsignal(number) == signal.SIG_DFL:
                previous[number] = signal.signal(number, interrupt)

    def restore() -> None:
        for number, handler in previous.items():
            with suppress(ValueError, OSError):
                signal.signal(number, handler)

    return restore
