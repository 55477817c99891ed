"""The installed `bilat`, run as users run it: a subprocess, from another folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / ("bilat.exe" if os.name == "nt" else "bilat")
pytestmark = pytest.mark.skipif(
    not SCRIPT.exists(), reason="bilat is not installed in this environment"
)


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BILAT_DATA", "COLUMNS")
    }
    environ.update(env)
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=60
    )


def test_builtin_dataset_ships_with_the_package(tmp_path):
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    timeline = run("timeline", cwd=tmp_path)
    assert timeline.returncode == 0 and "1991" in timeline.stdout
    assert "\x1b" not in timeline.stdout


def test_installed_copy_verifies_its_quotes_against_the_shipped_archive(tmp_path):
    result = run("--no-cache", "verify", "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-1000:] + result.stderr
    assert " quotes verified, 0 not found, 0 unchecked" in result.stdout


def test_radar_json_from_another_folder(tmp_path):
    result = run("equipment", "--category", "radar", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {"jy-27a"} <= {item["id"] for item in json.loads(result.stdout)}


def test_python_dash_m_and_version(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bilat", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.startswith("bilat ")


def big_overlay(tmp_path: Path, events: int = 3000) -> Path:
    """A valid data file whose timeline is far larger than a pipe's buffer."""
    parts = ['[[sources]]\nid = "big"\ntitle = "Big"\npublisher = "P"\nkind = "dataset"\n']
    for i in range(events):
        parts.append(
            f'[[events]]\nid = "event-{i}"\ntitle = "Event number {i}"\n'
            f'date = "{1900 + i % 120}-01-01"\nkind = "other"\n'
            'sources = [{ source = "big", quote = "a quote" }]\n'
        )
    path = tmp_path / "big.toml"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_closed_pipe_prints_no_traceback(tmp_path, fmt):
    # `bilat timeline | head -c1`, by hand: read a byte, then close the pipe.
    big = big_overlay(tmp_path)
    process = subprocess.Popen(
        [str(SCRIPT), "--no-builtin", "--data", str(big), "timeline", "--format", fmt],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": ""},
    )
    process.stdout.read(1)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in stderr and "Error" not in stderr
    assert process.returncode == 0


def test_usage_error_exit_code(tmp_path):
    result = run("equipment", "--category", "rader", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        'bilat: error: unknown category "rader" (did you mean "radar"?); see `bilat categories`\n'
    )


def test_model_imports_no_rich_typer_or_tomli(tmp_path):
    code = (
        "import sys, bilat.model, bilat.query.memory; "
        "print(sorted(m for m in ('rich', 'typer', 'tomli') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_json_output_does_not_import_rich(tmp_path):
    code = (
        "import sys; from bilat.cli.app import main; main(['timeline', '--format', 'json']); "
        "sys.stderr.write(str('rich' in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.stderr.strip() == "False"
