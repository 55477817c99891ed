"""What a run takes from the process it runs in — its standard streams and environment
variables — and the terminal facts derived from them, in one object a session is given
(as httpie's `Environment`), so that nothing below reads os.environ or sys.stdout itself and a
test can hand a session a terminal of any width and colour.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

DEFAULT_WIDTH = 100  # when neither COLUMNS nor the terminal says


class Environment:
    """The streams and variables of a run (each None: the process's own), and the terminal
    facts derived from them: is_terminal, color, width and ascii.

    A stream left None is looked up when used, so a stream swapped in later (CliRunner swaps
    sys.stdout) is the one written to. The terminal facts are derived when asked for, never
    at start-up, from the stream and variables of that moment (a run asks once or twice; each
    costs a system call at most); one given to the constructor is used as given.
    """

    # A plain class, not a dataclass: one is made on every run, and a dataclass costs start-up.
    __slots__ = ("_stdout", "_stderr", "_stdin", "environ", "_is_terminal", "_color", "_width")

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        stdin: TextIO | None = None,
        environ: Mapping[str, str] | None = None,
        *,
        is_terminal: bool | None = None,
        color: bool | None = None,
        width: int | None = None,
    ) -> None:
        self._stdout = stdout
        self._stderr = stderr
        self._stdin = stdin
        self.environ = os.environ if environ is None else environ
        self._is_terminal = is_terminal
        self._color = color
        self._width = width

    @property
    def stdout(self) -> TextIO:
        return sys.stdout if self._stdout is None else self._stdout

    @stdout.setter
    def stdout(self, stream: TextIO | None) -> None:
        self._stdout = stream

    @property
    def stderr(self) -> TextIO:
        return sys.stderr if self._stderr is None else self._stderr

    @property
    def stdin(self) -> TextIO:
        return sys.stdin if self._stdin is None else self._stdin

    @property
    def is_terminal(self) -> bool:
        """Whether stdout is a terminal (a person reading), not a pipe or file."""
        if self._is_terminal is not None:
            return self._is_terminal
        try:
            return bool(self.stdout.isatty())
        except (AttributeError, ValueError):  # no isatty, or a closed stream
            return False

    @property
    def color(self) -> bool:
        """ANSI colour: only on a terminal, and never with NO_COLOR set or on TERM=dumb."""
        if self._color is not None:
            return self._color
        environ = self.environ
        return self.is_terminal and "NO_COLOR" not in environ and environ.get("TERM") != "dumb"

    @property
    def ascii(self) -> bool:
        """Boxes drawn with + - | rather than box-drawing characters (TERM=dumb)."""
        return self.environ.get("TERM") == "dumb"

    @property
    def width(self) -> int:
        """Columns to fit: COLUMNS when set, else the terminal's, else DEFAULT_WIDTH."""
        if self._width is not None:
            return self._width
        columns = self.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            return int(columns)
        if self.is_terminal:
            try:
                return os.get_terminal_size(self.stdout.fileno()).columns
            except (OSError, ValueError, AttributeError):
                pass
        return DEFAULT_WIDTH
