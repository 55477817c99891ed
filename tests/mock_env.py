"""MockEnvironment: a run's environment for tests, as httpie's tests have one. A session given
one writes to a stream that is (or is not) a terminal of the width and colour asked for, with
the variables given and none of the process's — no COLUMNS or TERM to set and restore.

    env = MockEnvironment(width=80)
    Session(env=env, use_cache=False).emit_entry("jy-27a", None)
    text = env.written()
"""

from __future__ import annotations

import io

from bilat.commands.environment import Environment


class Terminal(io.StringIO):
    """A stdout that says it is a terminal (and UTF-8, as a terminal's stream does)."""

    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


class MockEnvironment(Environment):
    __slots__ = ()

    def __init__(
        self,
        width: int = 100,
        color: bool = False,
        is_terminal: bool = True,
        term: str = "xterm-256color",
        environ: dict[str, str] | None = None,
        stdout=None,
    ) -> None:
        """A terminal (or, with is_terminal=False, a pipe) `width` columns wide; TERM=`term`
        (dumb: ASCII boxes); no pager unless `environ` names one."""
        if stdout is None:
            stdout = Terminal() if is_terminal else io.StringIO()
        super().__init__(
            stdout,
            io.StringIO(),
            io.StringIO(),
            {"TERM": term, "PAGER": "cat", **(environ or {})},
            is_terminal=is_terminal,
            color=color,
            width=width,
        )

    def written(self) -> str:
        """What was written to stdout."""
        return self.stdout.getvalue()

    def warned(self) -> str:
        """What was written to stderr."""
        return self.stderr.getvalue()
