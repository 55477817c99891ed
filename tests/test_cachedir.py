"""Where the cache lives when the environment says little: no HOME and no passwd entry (a
container running as an arbitrary uid) must not make a folder named "~" wherever bilat runs."""

from __future__ import annotations

import pwd

import pytest
from conftest import SMALL

from bilat.files import cachedir


@pytest.fixture
def homeless(monkeypatch, tmp_path):
    """No HOME, no passwd entry for this uid, and the working directory a fresh folder."""

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def test_no_home_makes_no_folder_named_tilde_and_answers(bilat, homeless):
    expected = bilat.small("--no-cache", "timeline", "--format", "json").stdout
    for _ in range(2):
        result = bilat.small("timeline", "--format", "json")
        assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")
    assert list(homeless.iterdir()) == []
    assert cachedir.cache_dir() == cachedir.NO_CACHE_DIR


def test_no_home_cache_commands_say_so_and_touch_nothing(bilat, homeless):
    info = bilat("cache", "info")
    assert info.exit_code == 0 and "XDG_CACHE_HOME" in info.stdout
    assert bilat("cache", "clear").exit_code == 0
    assert list(homeless.iterdir()) == []


def test_no_home_uses_xdg_cache_home_when_set(bilat, homeless, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert bilat.small("timeline").exit_code == 0
    assert list((tmp_path / "xdg" / "bilat").glob("*.sqlite"))
    assert list(homeless.iterdir()) == []


def test_a_relative_xdg_cache_home_is_ignored(bilat, homeless, monkeypatch):
    """The XDG spec: relative paths are invalid and are to be ignored."""
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    assert bilat("--no-builtin", "--data", str(SMALL), "timeline").exit_code == 0
    assert list(homeless.iterdir()) == []


def test_cache_clear_without_a_home_says_there_is_no_cache(bilat, monkeypatch):
    from bilat.files import cachedir

    monkeypatch.setattr(cachedir, "cache_dir", lambda environ=None: cachedir.NO_CACHE_DIR)
    result = bilat("cache", "clear")
    assert result.exit_code == 0
    assert result.stdout == "no cache: no home directory and no XDG_CACHE_HOME to keep one in\n"
