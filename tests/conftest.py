"""Pin the terminal so results do not depend on where the tests run."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilat.cli.app import app

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "small.toml"


@pytest.fixture(autouse=True)
def pinned_terminal(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.delenv("BILAT_DATA", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    # A fresh cache per test, outside tmp_path so tests can list what they wrote there.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


class Bilat:
    """Runs the CLI in-process and keeps stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None):
        return self.runner.invoke(app, list(args), env=env)

    def small(self, *args: str, env: dict[str, str] | None = None):
        """Run against the small fixture dataset only."""
        return self(*(["--no-builtin", "--data", str(SMALL)] + list(args)), env=env)


@pytest.fixture
def bilat() -> Bilat:
    return Bilat()


def write(tmp_path: Path, text: str, name: str = "data.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
