"""Long output on a terminal goes through the reader's pager, as git and gh do.

$BILAT_PAGER, else $PAGER, else `less`; with LESS=FRX when LESS is unset, so colour passes
through and output that fits one screen is printed and left on it. An empty pager setting
(PAGER=) or `cat` means no pager. The session calls this only when stdout is a terminal.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import TextIO


def pager_command(environ=os.environ) -> list[str] | None:
    setting = environ.get("BILAT_PAGER", environ.get("PAGER", "less"))
    try:
        command = shlex.split(setting)
    except ValueError:
        return None
    return None if not command or command[0] == "cat" else command


def page(text: str, stream: TextIO, environ=os.environ) -> None:
    """Show `text`: through the pager when it is taller than the terminal, else directly."""
    command = pager_command(environ)
    if command is None or not text or text.count("\n") < _height(stream):
        stream.write(text)
        return
    env = dict(environ)
    env.setdefault("LESS", "FRX")
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, env=env, encoding="utf-8", errors="replace"
        )
    except OSError:  # no such pager: the text still has to be shown
        stream.write(text)
        return
    try:
        process.stdin.write(text)
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager early: that is normal
        pass
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs
            continue


def _height(stream: TextIO) -> int:
    try:
        lines = os.get_terminal_size(stream.fileno()).lines
    except (OSError, ValueError, AttributeError):
        lines = 0
    return lines if lines > 0 else 24  # a terminal that does not say its size
