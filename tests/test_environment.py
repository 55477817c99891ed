"""The run's Environment: streams and variables injected into the session, and the terminal
facts derived from them (is_terminal, color, width, ascii), lazily."""

from __future__ import annotations

import io
import os
import sys

import pytest
from conftest import SMALL
from mock_env import MockEnvironment, Terminal

from bilat.commands import run
from bilat.commands.environment import DEFAULT_WIDTH, Environment
from bilat.commands.options import RootOptions
from bilat.commands.session import Session


class Watched(Terminal):
    """A terminal stream that counts how often it is asked whether it is one."""

    asked = 0

    def isatty(self) -> bool:
        Watched.asked += 1
        return True


@pytest.mark.parametrize(
    ("environ", "color", "ascii"),
    [
        ({"TERM": "xterm"}, True, False),
        ({"TERM": "xterm", "NO_COLOR": ""}, False, False),  # set, even empty: no colour
        ({"TERM": "dumb"}, False, True),
        ({}, True, False),
    ],
)
def test_colour_and_boxes_follow_no_color_and_term(environ, color, ascii):
    env = Environment(Terminal(), environ=environ)
    assert (env.is_terminal, env.color, env.ascii) == (True, color, ascii)


def test_a_pipe_gets_no_colour_whatever_the_variables_say():
    env = Environment(io.StringIO(), environ={"TERM": "xterm"})
    assert (env.is_terminal, env.color) == (False, False)


@pytest.mark.parametrize(
    ("columns", "width"), [("80", 80), ("0", DEFAULT_WIDTH), ("x", DEFAULT_WIDTH), ("", 100)]
)
def test_width_from_columns_else_the_default(columns, width):
    assert Environment(io.StringIO(), environ={"COLUMNS": columns}).width == width


def test_width_from_the_terminal_when_columns_is_unset(monkeypatch):
    class Sized(Terminal):
        def fileno(self) -> int:
            return 99

    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((132, 40)))
    assert Environment(Sized(), environ={}).width == 132


def test_the_terminal_facts_are_derived_only_when_asked():
    Watched.asked = 0
    env = Environment(Watched(), environ={"TERM": "xterm"})
    assert Watched.asked == 0
    assert env.color and Watched.asked == 1


def test_streams_left_out_are_the_processs_at_the_time_of_use(monkeypatch):
    env = Environment()
    swapped = io.StringIO()
    monkeypatch.setattr(sys, "stdout", swapped)
    assert env.stdout is swapped and env.environ is os.environ


def test_the_session_reads_the_terminal_from_its_environment_not_the_process():
    # The process says COLUMNS=100, NO_COLOR and TERM=dumb (conftest); the environment wins.
    out = Session(env=MockEnvironment(width=61, color=True), use_cache=False).output()
    assert (out.width, out.color, out.ascii, out.is_terminal) == (61, True, False, True)


def test_the_session_writes_to_its_environments_streams():
    env = MockEnvironment(width=80)
    s = Session(data=[str(SMALL)], include_builtin=False, use_cache=False, env=env)
    s.emit_entries("event", [], None, None, None, ["--country IN"])
    s.emit_entries("event", s.query().events()[:1], None, None, None)
    assert env.warned() == "no events match --country IN\n"
    assert "· aid-story" in env.written()
    assert max(len(line) for line in env.written().splitlines()) <= 80


def test_root_options_from_the_environment_given_not_os_environ(tmp_path):
    environ = {
        "BILAT_DATA": os.pathsep.join([str(SMALL), "", "other.toml"]),
        "BILAT_NO_CACHE": "1",
        "BILAT_KEEP_GOING": "yes",
    }
    options = RootOptions(
        data=None, no_builtin=False, no_cache=False, keep_going=False, no_pager=False
    )
    session = run.root(options, Environment(environ=environ))
    assert session.data == [str(SMALL), "other.toml"]
    assert (session.use_cache, session.keep_going) == (False, True)
    plain = run.root(options, Environment(environ={}))
    assert (plain.data, plain.use_cache, plain.keep_going) == ([], True, False)


def test_a_session_handed_over_takes_the_new_runs_environment():
    options = RootOptions(
        data=None, no_builtin=False, no_cache=False, keep_going=False, no_pager=False
    )
    first = run.root(options, MockEnvironment())
    run.hand_over(first, {name: getattr(options, name) for name in options.names()})
    later = Environment(environ={})
    assert run.root(options, later) is first and first.env is later


def test_stdout_beside_an_environment_is_refused():
    with pytest.raises(TypeError):
        Session(stdout=io.StringIO(), env=Environment())
