"""A long search result made by two processes.

Printing tens of thousands of hits spends most of its time on each hit's own work (its
record checked, where it matched, its snippet), which one process does one hit at a time. On
a machine with a second core, bilat forks a helper that makes every other run of hits (see
bilat.query.search.fts.runs) from its own connection to the same index and sends their texts
back; bilat prints its own runs and the helper's, in order.

The helper only saves time, never decides an answer: a run it does not deliver, whole and in
time (it found a damaged row, died, was slow, or the index file at the path is no longer the
one being read), bilat makes itself, and from then on makes every run itself. Both make a
run's texts with the same function from the same rows, so the answer is the one a single
process gives, which tests hold to the in-memory search's.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct

from bilat.errors import paused_gc
from bilat.query.search import fts

# Fork a helper only for a result of at least this many hits. Measured at 100,000 entries
# (in-process, best of 7): 512 hits 47 ms split against 53 ms in one process, 2,048 hits 78
# against 97, 8,192 hits 165 against 250; below a few hundred a second process is not worth
# starting in a shell loop.
SPLIT_FROM = 1024
# How long bilat waits for a run from the helper, past which it makes the run itself.
PATIENCE = 10.0
# A frame: the run's number, how many texts, the body's length in bytes; the body is each
# text's length in characters (8 bytes each), then the texts as one UTF-8 string. Plain
# data, checked before use: nothing in a frame is run or trusted.
_HEADER = struct.Struct("<QQQ")
_LENGTH = 8
# What ends a run (Ctrl-C, and what bilat.commands.interrupts makes act like it).
_ENDING = ("SIGINT", "SIGTERM", "SIGHUP")


def made_texts(query, words, make_text):
    """make_text(hit) of each hit of the search, best first, a run at a time: the same texts
    as [make_text(hit) for hit in fts.ranked(query, words, None)]."""
    with paused_gc():  # tens of thousands of small objects, and no cycles among them
        yield from _made_texts(query, words, make_text)


def _made_texts(query, words, make_text):
    runs = list(fts.runs(query, words, None))  # places only: small integers
    helper = None
    if sum(len(places) for _, places in runs) >= SPLIT_FROM and _may_fork():
        helper = _Helper.start(query, words, make_text, runs)
    try:
        for number, (rank, places) in enumerate(runs):
            if helper is not None and number % 2:
                texts = helper.texts(number, len(places))
                if texts is not None:
                    yield from texts
                    continue
                helper.stop()  # from here on, every run is made here
                helper = None
            for hit in fts.hits_of(query, rank, places, words):
                yield make_text(hit)
    finally:
        if helper is not None:
            helper.stop()


def _may_fork() -> bool:
    """Whether a helper can run beside bilat: fork exists, a second core is there, and a
    helper that has ended stays bilat's to reap (with SIGCHLD ignored the system reaps it at
    once, and its process id could be another process's by the time bilat ends it)."""
    if not hasattr(os, "fork") or signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


class _Helper:
    """The forked helper, seen from bilat: its process and the pipe its runs come on."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid: int | None = pid
        self.pipe = pipe

    @classmethod
    def start(cls, query, words, make_text, runs) -> _Helper | None:
        try:
            reading, writing = os.pipe()  # neither is inherited by a program bilat starts
        except OSError:
            return None
        _widen(writing)
        # The signals that end a run wait until the helper has set its own handlers: none
        # may run bilat's (which raise KeyboardInterrupt) in the helper.
        ending = {getattr(signal, name) for name in _ENDING if hasattr(signal, name)}
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, ending)
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(reading)
            os.close(writing)
            return None
        if pid == 0:  # the helper: make the odd runs, never return into the CLI
            try:
                for number in ending:  # end quietly as bilat does; ignored stays ignored
                    if signal.getsignal(number) != signal.SIG_IGN:
                        signal.signal(number, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                os.close(reading)
                _make_odd_runs(query, words, make_text, runs, writing)
            finally:
                os._exit(0)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(writing)
        return cls(pid, reading)

    def texts(self, number: int, count: int) -> list[str] | None:
        """The texts of run `number` (`count` of them), or None when the helper does not
        deliver them whole within PATIENCE."""
        import time

        deadline = time.monotonic() + PATIENCE
        header = _read(self.pipe, _HEADER.size, deadline)
        if header is None:
            return None
        sent_number, sent_count, size = _HEADER.unpack(header)
        if sent_number != number or sent_count != count or size < count * _LENGTH:
            return None
        body = _read(self.pipe, size, deadline)
        if body is None:
            return None
        lengths = [n for (n,) in struct.iter_unpack("<Q", body[: count * _LENGTH])]
        try:
            joined = body[count * _LENGTH :].decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return None
        if sum(lengths) != len(joined):
            return None
        texts, at = [], 0
        for length in lengths:
            texts.append(joined[at : at + length])
            at += length
        return texts

    def stop(self) -> None:
        """End the helper, whatever it is doing, and reap it (once: a second call does
        nothing). It is bilat's child until reaped, so its process id is still its own."""
        pid, self.pid = self.pid, None
        if pid is None:
            return
        os.close(self.pipe)
        with contextlib.suppress(OSError):  # it may have ended already
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)


def _widen(pipe: int) -> None:
    """Let the helper get a few runs ahead (a run is about 200 KiB of JSON; a pipe holds 64
    KiB unless asked), where the system allows it."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def _read(pipe: int, size: int, deadline: float) -> bytes | None:
    """`size` bytes from the pipe, or None at its end or once the deadline has passed with
    nothing more to read."""
    import selectors
    import time

    parts, wanted = [], size
    with selectors.DefaultSelector() as selector:  # any descriptor number, unlike select()
        selector.register(pipe, selectors.EVENT_READ)
        while wanted:
            if not selector.select(max(0.0, deadline - time.monotonic())):
                return None
            part = os.read(pipe, min(wanted, 1 << 20))
            if not part:
                return None
            parts.append(part)
            wanted -= len(part)
    return b"".join(parts)


def _make_odd_runs(query, words, make_text, runs, pipe: int) -> None:
    """In the helper: make runs 1, 3, 5 … from a connection of its own and send them."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # nothing it might print reaches the reader's terminal
        os.dup2(devnull, fd)
    own = query.reopened()  # a damaged row raises there: bilat will find it too
    if own is None:
        return
    for number in range(1, len(runs), 2):
        rank, places = runs[number]
        texts = [make_text(hit) for hit in fts.hits_of(own, rank, places, words)]
        _send(pipe, number, texts)


def _send(pipe: int, number: int, texts: list[str]) -> None:
    lengths = struct.pack(f"<{len(texts)}Q", *(len(text) for text in texts))
    body = lengths + "".join(texts).encode("utf-8", "surrogatepass")
    frame = memoryview(_HEADER.pack(number, len(texts), len(body)) + body)
    while frame:
        frame = frame[os.write(pipe, frame) :]
