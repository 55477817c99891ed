"""`bilat serve`: Datasette on the data, rebuilt when a data file changes. The server runs on
loopback only, every wait is bounded, and the test stops it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from bilat.commands import serve as serve_module

DESK = """[[events]]
id = "desk-visit"
title = "A desk visit"
date = "2024"
kind = "visit"
sources = [{ source = "azernews-210229", says = "A visit." }]
"""


def test_without_datasette_it_says_what_to_install(bilat, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "datasette" else real(name)
    )
    result = bilat("serve")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        'bilat: error: bilat serve needs Datasette, an optional extra: pip install "bilat[serve]"\n'
    )


def test_a_port_out_of_range_is_a_usage_error(bilat):
    pytest.importorskip("datasette")
    result = bilat("serve", "--port", "70000")
    assert result.exit_code == 2 and "--port 70000: give a port from 1 to 65535" in result.stderr


def test_a_broken_file_is_reported_before_anything_is_served(bilat, tmp_path):
    pytest.importorskip("datasette")
    desk = tmp_path / "desk.toml"
    desk.write_text(DESK.replace('kind = "visit"', 'kind = "vist"'), encoding="utf-8")
    result = bilat("--data", str(desk), "serve", "--port", str(_free_port()))
    assert result.exit_code == 1 and 'kind: unknown value "vist"' in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


def _wait_for(check, seconds: float = 40.0):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except OSError as err:  # not listening yet, or restarting
            last = err
        time.sleep(0.3)
    raise AssertionError(f"gave up after {seconds} s: {last}")


def test_serves_the_data_and_rebuilds_when_a_file_changes(tmp_path):
    pytest.importorskip("datasette")
    desk = tmp_path / "desk.toml"
    desk.write_text(DESK, encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "bilat", "--data", str(desk), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/bilat/events.json?_shape=array&id=desk-visit"
    try:
        rows = _wait_for(lambda: _get(url))
        assert rows[0]["title"] == "A desk visit" and rows[0]["date_start"] == "2024-01-01"
        # the built-in data is served too, with its full-text search
        found = _get(f"http://127.0.0.1:{port}/bilat/people.json?_shape=array&_search=valiyev")
        assert "karim-valiyev" in [row["id"] for row in found]
        desk.write_text(DESK.replace("A desk visit", "A desk visit, corrected"), encoding="utf-8")
        _wait_for(lambda: _get(url)[0]["title"] == "A desk visit, corrected")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, stderr = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    text = stderr.decode()
    assert f"bilat: serving 185 entries at http://127.0.0.1:{port}/bilat" in text or (
        "bilat: serving " in text
    )
    assert "bilat: rebuilt: serving" in text
    assert server.returncode == 130 and "Traceback" not in text
    assert not [p for p in os.listdir(tmp_path) if p.startswith("bilat-serve-")]  # cleaned up


def test_the_database_holds_what_the_export_holds(tmp_path):
    pytest.importorskip("datasette")
    from bilat.commands.session import Session

    folder = tmp_path / "db"
    folder.mkdir()
    count = serve_module._build(Session(use_cache=False), folder)
    assert count > 100
    assert sorted(os.listdir(folder)) == ["bilat.db", "metadata.json"]
