"""Issue #19 §2: a long search result is made by two processes (bilat.query.search.split), and the
answer is the one process's and the in-memory search's in every case: the helper delivering,
dying, garbling a frame, hanging, finding the index replaced, a record damaged in its runs or
in bilat's own, and reading stopped early (the helper is always reaped)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time

import pytest
from test_search_at_scale import write_big

from bilat.load import data_paths
from bilat.query import index, sqlite
from bilat.query.search import fts, split
from bilat.query.search.rules import search_words
from bilat.records import record_of


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """(data path, in-memory Query, index file written for it)."""
    return write_big(tmp_path_factory.mktemp("split"))


def _indexed(written, tmp_path):
    """A fresh IndexedQuery over a copy of the written index (tests may damage it)."""
    path, memory, original = written
    files = data_paths([str(path)], False)
    key = index.cache_key(files)
    directory = tmp_path / "c"
    directory.mkdir(exist_ok=True)
    copy = index.cache_path(directory, key)
    copy.write_bytes(original.read_bytes())
    indexed = sqlite.open_index(files, directory, lambda: memory, key=key)
    assert indexed is not None
    return indexed, copy


@pytest.fixture
def split_small(monkeypatch):
    """Split any result, in runs of 16 hits: a few hundred hits make many runs. Records
    which runs the helper delivered and which helpers were started."""
    monkeypatch.setattr(split, "SPLIT_FROM", 1)
    monkeypatch.setattr(fts, "_RUN", 16)
    seen = {"delivered": 0, "pids": []}
    texts, start = split._Helper.texts, split._Helper.start.__func__

    def counted_texts(self, number, count):
        made = texts(self, number, count)
        seen["delivered"] += made is not None
        return made

    def recorded_start(cls, *args):
        helper = start(cls, *args)
        if helper is not None:
            seen["pids"].append(helper.pid)
        return helper

    monkeypatch.setattr(split._Helper, "texts", counted_texts)
    monkeypatch.setattr(split._Helper, "start", classmethod(recorded_start))
    return seen


def _made(hit) -> str:
    return json.dumps([hit.entry.id, hit.rank, hit.field, hit.snippet, record_of(hit.entry)])


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("text", ["radar", "radar energy", "tagi", "air met", "qabala"])
def test_two_processes_give_the_answer_of_one_and_of_memory(written, tmp_path, split_small, text):
    indexed, _ = _indexed(written, tmp_path)
    expected = [_made(hit) for hit in written[1].search(text)]
    assert list(indexed.search(text).texts(_made)) == expected
    runs = list(fts.runs(indexed, search_words(text), None))
    assert split_small["delivered"] == len(runs) // 2 > 0  # the helper made every other run
    assert indexed._memory is None
    assert all(_reaped(pid) for pid in split_small["pids"])


_MAKE_ODD_RUNS = split._make_odd_runs


def _dies_after_one_run(query, words, make_text, runs, pipe):
    _MAKE_ODD_RUNS(query, words, make_text, runs[:2], pipe)


def _garbles(query, words, make_text, runs, pipe):
    split._send(pipe, 3, ["not", "run", "one"])


def _hangs(query, words, make_text, runs, pipe):
    time.sleep(30)


@pytest.mark.parametrize("helper", [_dies_after_one_run, _garbles, _hangs, "replaced"])
def test_a_helper_that_fails_changes_nothing_but_time(
    written, tmp_path, split_small, monkeypatch, helper
):
    monkeypatch.setattr(split, "PATIENCE", 0.5)
    if helper == "replaced":  # the file at the path is another build: the helper stops
        monkeypatch.setattr(sqlite.IndexedQuery, "reopened", lambda self: None)
    else:
        monkeypatch.setattr(split, "_make_odd_runs", helper)
    indexed, _ = _indexed(written, tmp_path)
    expected = [_made(hit) for hit in written[1].search("radar")]
    started = time.monotonic()
    assert list(indexed.search("radar").texts(_made)) == expected
    assert time.monotonic() - started < 10  # a hanging helper costs PATIENCE, once
    assert split_small["delivered"] == (helper is _dies_after_one_run)
    assert split_small["pids"] and all(_reaped(pid) for pid in split_small["pids"])


@pytest.mark.parametrize("run", [1, 2], ids=["in a run of the helper", "in a run of bilat"])
def test_a_record_damaged_in_any_run_comes_from_the_files(written, tmp_path, split_small, run):
    indexed, copy = _indexed(written, tmp_path)
    runs = list(fts.runs(indexed, search_words("radar"), None))
    assert len(runs) > 4
    damaged_place = runs[run][1][3]
    db = sqlite3.connect(copy)
    db.execute(
        "UPDATE entries SET crc = crc + 1 WHERE seq = (SELECT seq FROM search_order WHERE ord = ?)",
        (damaged_place,),
    )
    db.commit()
    db.close()
    expected = [_made(hit) for hit in written[1].search("radar")]
    assert list(indexed.search("radar").texts(_made)) == expected
    assert indexed._memory is not None  # bilat found it, switched, and dropped the index
    assert not copy.exists()
    assert all(_reaped(pid) for pid in split_small["pids"])


def test_the_helper_is_reaped_when_reading_stops_early(written, tmp_path, split_small):
    indexed, _ = _indexed(written, tmp_path)
    texts = indexed.search("radar").texts(_made)
    first = [next(texts) for _ in range(40)]  # into the helper's second run
    texts.close()
    assert first == [_made(hit) for hit in written[1].search("radar")[:40]]
    assert split_small["pids"] and all(_reaped(pid) for pid in split_small["pids"])


def test_a_short_result_starts_no_helper(written, tmp_path, split_small, monkeypatch):
    monkeypatch.setattr(split, "SPLIT_FROM", 10**6)
    indexed, _ = _indexed(written, tmp_path)
    assert len(list(indexed.search("radar").texts(_made))) == len(written[1].search("radar"))
    assert split_small["pids"] == []


@pytest.mark.parametrize("fmt", ["json", "ndjson", "plain"])
def test_the_cli_prints_the_same_bytes_split_and_from_the_files(bilat, written, split_small, fmt):
    data = ["--no-builtin", "--data", str(written[0])]
    from_files = bilat(*data, "--no-cache", "search", "radar", "-f", fmt)
    bilat(*data, "search", "radar", "-f", fmt)  # writes the index
    split_small["delivered"] = 0
    split_result = bilat(*data, "search", "radar", "-f", fmt)
    assert from_files.exit_code == split_result.exit_code == 0
    assert split_result.stdout == from_files.stdout
    assert split_result.stdout.count('"id":' if "json" in fmt else "\n") == len(
        written[1].search("radar")
    )
    assert split_small["delivered"] > 3


# Defects found in review, each with the run that showed it.


def test_a_pipe_numbered_past_1024_still_gives_the_whole_result(written, tmp_path, split_small):
    """select() refuses a descriptor numbered 1024 or more: bilat died halfway through the
    result when it started with many files open."""
    resource = pytest.importorskip("resource")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("cannot open 1,100 files here")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = []
    try:
        while not held or held[-1] < 1100:
            held.append(os.open(os.devnull, os.O_RDONLY))
        indexed, _ = _indexed(written, tmp_path)
        expected = [_made(hit) for hit in written[1].search("radar")]
        assert list(indexed.search("radar").texts(_made)) == expected
        assert split_small["delivered"] > 0
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_with_sigchld_ignored_no_helper_is_started(written, tmp_path, split_small):
    """The system reaps a child at once when SIGCHLD is ignored: bilat could then kill
    another process that took the helper's id."""
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        indexed, _ = _indexed(written, tmp_path)
        expected = [_made(hit) for hit in written[1].search("radar")]
        assert list(indexed.search("radar").texts(_made)) == expected
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert split_small["pids"] == []


@pytest.mark.parametrize("disposition", [signal.SIG_IGN, signal.default_int_handler])
def test_the_helper_keeps_an_ignored_ctrl_c_ignored(
    written, tmp_path, split_small, monkeypatch, disposition
):
    report = tmp_path / "helper-sigint"

    def tell(query, words, make_text, runs, pipe):
        report.write_text(str(signal.getsignal(signal.SIGINT)))

    monkeypatch.setattr(split, "_make_odd_runs", tell)
    previous = signal.signal(signal.SIGINT, disposition)
    try:
        indexed, _ = _indexed(written, tmp_path)
        assert len(list(indexed.search("radar").texts(_made))) == len(written[1].search("radar"))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert report.read_text() == str(
        signal.SIG_IGN if disposition == signal.SIG_IGN else signal.SIG_DFL
    )


def test_stopping_a_helper_twice_closes_nothing_twice(written, tmp_path, split_small):
    """An interrupt inside stop() ran it again from `finally`: the second close raised
    EBADF, which hid the interrupt (or closed a descriptor that had reused the number)."""
    indexed, _ = _indexed(written, tmp_path)
    runs = list(fts.runs(indexed, search_words("radar"), None))
    helper = split._Helper.start(indexed, search_words("radar"), _made, runs)
    assert helper is not None
    helper.stop()
    reused = os.open(os.devnull, os.O_RDONLY)  # may take the pipe's old number
    try:
        helper.stop()
        os.fstat(reused)  # still open
    finally:
        os.close(reused)
    assert _reaped(helper_pid := split_small["pids"][-1]) and helper_pid


def test_a_frame_waiting_past_the_deadline_is_still_read():
    """bilat gave up on a healthy helper when it was itself suspended (Ctrl-Z) past the
    deadline with the frame already in the pipe."""
    reading, writing = os.pipe()
    try:
        os.write(writing, b"frame")
        assert split._read(reading, 5, deadline=time.monotonic() - 60) == b"frame"
        assert split._read(reading, 1, deadline=time.monotonic() - 60) is None
    finally:
        os.close(reading)
        os.close(writing)
