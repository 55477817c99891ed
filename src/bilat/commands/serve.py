"""The body of `bilat serve`: the data for colleagues without a terminal, through Datasette.

bilat never becomes a server: it writes the SQLite export (tables, facets, full-text search,
sortable dates, Datasette's metadata) to a private folder and runs Datasette on it, on
localhost unless told otherwise. It watches the data files; when one changes it rebuilds the
database (a file with problems keeps the last good database served, and says why) and starts
Datasette again on the new one. Datasette is an optional extra: `pip install "bilat[serve]"`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bilat.errors import DataError, UsageError
from bilat.text import warn

if TYPE_CHECKING:
    from bilat.commands.session import Session

INSTALL = 'bilat serve needs Datasette, an optional extra: pip install "bilat[serve]"'
DATABASE = "bilat.db"  # Datasette names the database after the file: /bilat


def datasette_command() -> list[str]:
    """How to run the Datasette beside this bilat (its module in this interpreter)."""
    import importlib.util

    if importlib.util.find_spec("datasette") is None:
        raise UsageError(INSTALL)
    return [sys.executable, "-m", "datasette"]


def serve(session: Session, host: str, port: int, poll: float = 1.0) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM: exit 130, the folder removed)."""
    command = datasette_command()
    if not 0 < port < 65536:
        raise UsageError(f"--port {port}: give a port from 1 to 65535")
    folder = Path(tempfile.mkdtemp(prefix="bilat-serve-"))
    server = None
    try:
        served = _build(session, folder)  # a first build with problems fails the command
        server = _start(command, folder, host, port)
        warn(
            f"bilat: serving {served} entries at http://{host}:{port}/bilat (Ctrl-C to stop)",
        )
        stamp = _stamp(session)
        while True:
            time.sleep(poll)
            if server.poll() is not None:
                raise DataError([_stopped(server.returncode)])
            now = _stamp(session)
            if now == stamp:
                continue
            stamp = now
            try:
                served = _build(session, folder)
            except DataError as err:
                for line in err.lines():
                    warn(f"bilat: warning: {line}")
                warn("bilat: warning: still serving the last good data")
                continue
            _stop(server)
            server = _start(command, folder, host, port)
            warn(f"bilat: rebuilt: serving {served} entries")
    finally:
        if server is not None:
            _stop(server)
        shutil.rmtree(folder, ignore_errors=True)


def _stamp(session: Session) -> tuple:
    """What the data files are now: a change of any of these means a rebuild."""
    stamps = []
    for name, path in session.files():
        try:
            info = os.stat(path)
        except OSError:
            stamps.append((name, None))
            continue
        stamps.append((name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return tuple(stamps)


def _build(session: Session, folder: Path) -> int:
    """Load the files afresh and write the database (and metadata.json) into the folder."""
    from bilat.commands.session import Session
    from bilat.export.sqlite_export import export_sqlite

    fresh = Session(
        data=session.data,
        include_builtin=session.include_builtin,
        use_cache=session.use_cache,
        env=session.env,
    )
    query = fresh.query()
    export_sqlite(query, str(folder / DATABASE))
    return len(query.ids())


def _start(command: list[str], folder: Path, host: str, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            *command,
            "serve",
            "--immutable",
            str(folder / DATABASE),
            "--metadata",
            str(folder / "metadata.json"),
            "--host",
            host,
            "--port",
            str(port),
        ],
        stdin=subprocess.DEVNULL,
    )


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _stopped(code: int):
    from bilat.errors import Problem

    return Problem("datasette", f"stopped (exit {code}); see its message above")
