"""`bilat --version` when its one line cannot be written: both front ends (the console
script's fast path answers --version itself; the Typer app's eager option on the other) end
like every other command at bilat's exit point: a full disk is one line on stderr and exit 1,
a reader that went away (`bilat --version | true`) is normal, exit 0; never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[1] / "src")
FRONT_ENDS = {"fast path": "bilat.fastpath", "Typer path": "bilat.cli.app"}


def run_version(module: str, stdout) -> subprocess.CompletedProcess:
    code = f"import sys; from {module} import main; sys.exit(main(['--version']))"
    return subprocess.run(
        [sys.executable, "-c", code],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": SRC},
        timeout=60,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("front_end", sorted(FRONT_ENDS))
def test_version_on_a_full_disk_is_one_line_and_exit_1(front_end):
    with open("/dev/full", "w") as full:
        result = run_version(FRONT_ENDS[front_end], full)
    assert (result.returncode, result.stderr) == (
        1,
        b"bilat: error: cannot write output: No space left on device\n",
    )


@pytest.mark.parametrize("front_end", sorted(FRONT_ENDS))
def test_version_into_a_closed_pipe_is_quiet_and_exit_0(front_end):
    read, write = os.pipe()
    os.close(read)  # the reader is gone before bilat writes
    try:
        result = run_version(FRONT_ENDS[front_end], write)
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (0, b"")
