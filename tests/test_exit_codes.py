"""Exit codes: 0 ok, 1 data error, 2 usage error, 130 interrupted; one line per problem on
stderr, never a traceback."""

from __future__ import annotations

import errno
import io
import sys

import pytest
from conftest import write

from bilat.errors import ExitCode, UsageError


def assert_clean_failure(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("bilat: error: ")
    for fragment in fragments:
        assert fragment in result.stderr


def test_codes_are_documented_values():
    assert [int(c) for c in ExitCode] == [0, 1, 2, 130]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["equipment", "--category", "rader"], 'unknown category "rader" (did you mean "radar"?)'),
        (["timeline", "--country", "Narnia"], 'unknown country "Narnia"'),
        (["timeline", "--kind", "vist"], '(did you mean "visit"?)'),
        (["timeline", "--since", "May 2020"], "--since: expected a year, year-month or day"),
        (["timeline", "--person", "nobody"], 'no person with id "nobody"'),
        # (jy27a is jy-27a itself now: search keys ignore punctuation, issue #19.)
        (["show", "jy-28a"], 'no entry with id "jy-28a" (did you mean "jy-27a"?)'),
        (["orgs", "--format", "jsn"], 'unknown format "jsn" (did you mean "json"?)'),
        (
            ["equipment", "--fields", "nme"],
            'unknown field "nme" (did you mean "name"?); valid fields: id, type, name',
        ),
        (["timeline", "--limit", "-1"], "--limit must be 0 or more"),
        (["timelin"], "No such command"),
        (["timeline", "--colour"], "No such option"),
        (["search"], "Missing argument"),
        (["timeline", "--limit", "x"], "Invalid value"),
        (["timeline", "--person", ""], "--person is empty"),
        (["statements", "--topic", " "], "--topic is empty"),
        (["show", "caf\udce9"], 'argument "caf\\xe9" is not valid UTF-8'),
        (["export", "sqlite", "-o", "metadata.json"], "metadata.json is the name of the Datasette"),
    ],
)
def test_usage_errors_exit_2(bilat, args, fragment):
    assert_clean_failure(bilat.small(*args), 2, fragment)


def test_data_errors_exit_1(bilat, tmp_path):
    broken = write(tmp_path, "[[events]\n")
    assert_clean_failure(bilat("--data", str(broken), "timeline"), 1, f"{broken}:1:")
    missing = tmp_path / "nope.toml"
    assert_clean_failure(bilat("--data", str(missing), "timeline"), 1, "no such file")


def test_interrupt_exits_130(bilat, monkeypatch):
    from bilat.query.memory import Query

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Query, "events", interrupted)
    assert_clean_failure(bilat.small("timeline"), 130, "interrupted")


def test_no_arguments_shows_help_on_stderr_and_exits_2(bilat):
    result = bilat()
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Usage: bilat") and "bilat: error" not in result.stderr


def test_writing_over_a_data_file_exits_2(bilat, tmp_path):
    data = write(tmp_path, "")
    result = bilat("--no-builtin", "--data", str(data), "export", "json", "-o", str(data))
    assert_clean_failure(result, 2, "it is one of the data files being read")


def test_a_data_file_over_the_size_limit_exits_1(bilat, tmp_path, monkeypatch):
    monkeypatch.setattr("bilat.files.paths.MAX_FILE_BYTES", 10)
    data = write(tmp_path, "# more than ten bytes\n")
    assert_clean_failure(bilat("--data", str(data), "timeline"), 1, "larger than")


# -- the exit point itself (bilat.commands.exitpoint), as both front ends call it --


class _FullDisk(io.StringIO):
    def flush(self):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    ("raised", "code", "stderr"),
    [
        (lambda: 3, 3, ""),
        (lambda: None, 0, ""),
        (UsageError("bad \x1b[31mid"), 2, "bilat: error: bad \\x1b[31mid\n"),
        (KeyboardInterrupt(), 130, "bilat: error: interrupted\n"),
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), 0, ""),
        (
            OSError(errno.EIO, "Input/output error"),
            1,
            "bilat: error: cannot write output: Input/output error\n",
        ),
    ],
)
def test_the_exit_point_maps_each_ending(raised, code, stderr, capsys, monkeypatch):
    from bilat.commands import exitpoint

    monkeypatch.setattr(exitpoint, "_silence_stdout", lambda: None)  # keep pytest's stdout

    def run():
        if isinstance(raised, BaseException):
            raise raised
        return raised()

    assert exitpoint.exit_code(run) == code
    assert capsys.readouterr().err == stderr


def test_a_failed_final_flush_is_a_data_error(monkeypatch, capsys):
    from bilat.commands import exitpoint

    monkeypatch.setattr(sys, "stdout", _FullDisk())
    monkeypatch.setattr(exitpoint, "_silence_stdout", lambda: None)
    assert exitpoint.exit_code(lambda: 0) == 1
    assert capsys.readouterr().err == "bilat: error: cannot write output: No space left on device\n"


def test_a_bug_is_not_hidden_by_the_exit_point():
    from bilat.commands import exitpoint

    with pytest.raises(ZeroDivisionError):
        exitpoint.exit_code(lambda: 1 / 0)
