"""A long search result made by two processes.

Printing tens of thousands of hits spends most of its time on each hit's own work (its
record checked, where it matched, its snippet), which one process does one hit at a time. On
a machine with a second core, bilat forks a helper that makes every other run of hits (see
bilat.query.search.fts.runs) from its own connection to the same index and sends their texts back;
bilat prints its own runs and the helper's, in order.

The helper only saves time, never decides an answer: a run it does not deliver, whole and in
time (it found a damaged row, died, was slow, or the index file at the path is no longer the
one being read), bilat makes itself, and from then on makes every run itself. Both make a
run's texts with the same function from the same rows, so the answer is the one a single
process gives, which tests hold to the in-memory search's.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct

from bilat.query.search import fts

# Fork a helper only for a result of at least this many hits. Measured at 100,000 entries
# (in-process, best of 7): 512 hits 47 ms split against 53 ms in one process, 2,048 hits 78
# against 97, 8,192 hits 165 against 250; below a few hundred a second process is not worth
# starting in a shell loop.
SPLIT_FROM = 1024
# How long bilat waits for a run from the helper, past which it makes the run itself.
PATIENCE = 10.0
# A frame: the length of what follows, then the pickled (run number, texts).
_HEADER = struct.Struct("<Q")


def made_texts(query, words, make_text):
    """make_text(hit) of each hit of the search, best first, a run at a time: the same texts
    as [make_text(hit) for hit in fts.ranked(query, words, None)]."""
    runs = list(fts.runs(query, words, None))  # places only: small integers
    helper = None
    if sum(len(places) for _, places in runs) >= SPLIT_FROM and _second_core():
        helper = _Helper.start(query, words, make_text, runs)
    try:
        for number, (rank, places) in enumerate(runs):
            if helper is not None and number % 2:
                texts = helper.texts(number, len(places))
                if texts is not None:
                    yield from texts
                    continue
                helper.stop()
                helper = None  # from here on, every run is made here
            for hit in fts.hits_of(query, rank, places, words):
                yield make_text(hit)
    finally:
        if helper is not None:
            helper.stop()


def _second_core() -> bool:
    if not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


class _Helper:
    """The forked helper, seen from bilat: its process and the pipe its runs come on."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid, self.pipe = pid, pipe

    @classmethod
    def start(cls, query, words, make_text, runs) -> _Helper | None:
        try:
            reading, writing = os.pipe()
        except OSError:
            return None
        _widen(writing)
        try:
            pid = os.fork()
        except OSError:
            os.close(reading)
            os.close(writing)
            return None
        if pid == 0:  # the helper: make the odd runs, never return into the CLI
            try:
                os.close(reading)
                _make_odd_runs(query, words, make_text, runs, writing)
            finally:
                os._exit(0)
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
        body = _read(self.pipe, _HEADER.unpack(header)[0], deadline)
        if body is None:
            return None
        try:
            sent_number, texts = pickle.loads(body)
        except Exception:  # noqa: BLE001 - not a frame the helper wrote
            return None
        if (
            sent_number != number
            or not isinstance(texts, list)
            or len(texts) != count
            or not all(isinstance(text, str) for text in texts)
        ):
            return None
        return texts

    def stop(self) -> None:
        """End the helper, whatever it is doing, and reap it."""
        os.close(self.pipe)
        with contextlib.suppress(OSError):  # it may have ended already
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)


def _widen(pipe: int) -> None:
    """Let the helper get a few runs ahead (a run is about 200 KiB of JSON; a pipe holds 64
    KiB unless asked), where the system allows it."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def _read(pipe: int, size: int, deadline: float) -> bytes | None:
    """`size` bytes from the pipe, or None at its end or past the deadline."""
    import select
    import time

    parts, wanted = [], size
    while wanted:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([pipe], [], [], left)[0]:
            return None
        part = os.read(pipe, min(wanted, 1 << 20))
        if not part:
            return None
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def _make_odd_runs(query, words, make_text, runs, pipe: int) -> None:
    """In the helper: make runs 1, 3, 5 … from a connection of its own and send them."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it quietly, with bilat
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # nothing it might print reaches the reader's terminal
        os.dup2(devnull, fd)
    own = query.reopened()  # a damaged row raises there: bilat will find it too
    if own is None:
        return
    for number in range(1, len(runs), 2):
        rank, places = runs[number]
        texts = [make_text(hit) for hit in fts.hits_of(own, rank, places, words)]
        body = pickle.dumps((number, texts), pickle.HIGHEST_PROTOCOL)
        frame = memoryview(_HEADER.pack(len(body)) + body)
        while frame:
            frame = frame[os.write(pipe, frame) :]
