"""bilat's one error hierarchy and its exit codes.

Code below the CLI raises these; bilat.commands.exitpoint is the one place that prints them
and picks the exit code — both front ends (the Typer app's group and the fast path) end there.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    DATA = 1  # a data file is missing, unreadable or invalid
    USAGE = 2  # bad command line: unknown option, id, category, country…
    INTERRUPTED = 130  # Ctrl-C


class BilatError(Exception):
    """Base of every error bilat reports to the user without a traceback."""

    exit_code = ExitCode.DATA

    def lines(self) -> list[str]:
        """The message, one problem per line."""
        return [str(self)]


class Reported(BilatError):
    """The outcome was already written (in the format asked, on stdout): exit with the code,
    and say nothing more."""

    def lines(self) -> list[str]:
        return []


class UsageError(BilatError):
    """The command line asks for something that cannot be (unknown id, bad value)."""

    exit_code = ExitCode.USAGE


class Problem:
    """One thing wrong with a data file, located as precisely as bilat can."""

    # A plain class: this module is imported on every run, and a dataclass costs start-up.
    __slots__ = ("file", "message", "line", "column", "kind", "entry", "field")

    def __init__(
        self,
        file: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        kind: str | None = None,
        entry: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.message = message
        self.line = line
        self.column = column
        self.kind = kind  # "event", "person"…
        self.entry = entry  # the entry's id, or "#3" when it has none
        self.field = field

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.detail()}"

    def detail(self) -> str:
        """The problem without its place: entry, field, message."""
        parts = []
        if self.entry is not None:
            parts.append(
                f'{self.kind or "entry"} "{self.entry}"'
                if not self.entry.startswith("#")
                else f"{self.kind or 'entry'} {self.entry}"
            )
        if self.field is not None:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class DataError(BilatError):
    """One or more problems in the data files; all are reported together."""

    exit_code = ExitCode.DATA

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.summary: str | None = None  # a closing line, e.g. "3 problems in 1 file"

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] + ([self.summary] if self.summary else [])


def unknown_choice(what: str, value: str, choices) -> UsageError:
    """The one wording for an option value outside its choices: `unknown format "jsn" (did
    you mean "json"?); expected one of …`."""
    choices = list(choices)
    return UsageError(
        f'unknown {what} "{value}"{did_you_mean(value, choices)}; expected one of '
        f"{', '.join(choices) or '(none in this dataset)'}"
    )


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """' (did you mean "x"?)' when a choice is close to value, else ''."""
    import difflib  # only on the error path

    close = difflib.get_close_matches(value.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    if not close:
        return ""
    original = next(c for c in choices if c.lower() == close[0])
    return f' (did you mean "{original}"?)'


class Suggestions:
    """did_you_mean for many values against one long list of choices (every id of a dataset),
    with bounded work however many values there are:

    - each distinct value is looked up once;
    - only choices whose length could reach the 0.6 similarity cut-off are compared (an exact
      pre-filter), those with the same first letter and the nearest lengths first, and at
      most PER_VALUE of them;
    - after BUDGET comparisons in all, no further suggestions are made (the messages stay,
      without "did you mean").
    """

    PER_VALUE = 1000
    BUDGET = 30_000

    def __init__(self, choices: list[str] | tuple[str, ...]) -> None:
        self._buckets: dict[tuple[int, str], list[str]] = {}
        for choice in choices:
            self._buckets.setdefault((len(choice), choice[:1].lower()), []).append(choice)
        self._found: dict[str, str] = {}
        self._budget = self.BUDGET

    def __call__(self, value: str) -> str:
        found = self._found.get(value)
        if found is None:
            found = self._found[value] = self._lookup(value)
        return found

    def _lookup(self, value: str) -> str:
        if self._budget <= 0:
            return ""
        size, first = len(value), value[:1].lower()
        # 2·min(a, b) / (a + b) is the best ratio two lengths allow: below 0.6, skip.
        usable = [key for key in self._buckets if 2 * min(size, key[0]) >= 0.6 * (size + key[0])]
        usable.sort(key=lambda key: (key[1] != first, abs(key[0] - size)))
        candidates: list[str] = []
        for key in usable:
            candidates.extend(self._buckets[key][: self.PER_VALUE - len(candidates)])
            if len(candidates) >= self.PER_VALUE:
                break
        candidates = candidates[: self._budget]
        self._budget -= len(candidates)
        return did_you_mean(value, candidates)


class paused_gc:
    """Pause Python's cyclic garbage collector while a bulk load or index build makes millions
    of small objects and no cycles: the collector would walk them again and again (measured:
    a 100,000-entry load takes 5.3 s paused against 9.9 s without). Reference counting still
    frees everything as usual."""

    def __enter__(self) -> None:
        import gc

        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc) -> None:
        import gc

        # What was made stays alive for the rest of the run: freeze it, so later collections
        # do not walk a heap of millions of objects either.
        gc.freeze()
        if self._was_enabled:
            gc.enable()


def a_or_an(word: str) -> str:
    """'an organization', 'a person'."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"
