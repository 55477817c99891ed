"""Fitting text to a width without cutting a word: wrapping, and choosing column widths.

Pure functions: the table and timeline renderers decide *what* goes where here and only hand
render/draw.py lines that already fit. A word, id, date part or URL is never split; a word
wider than the space it is given stays whole on a line of its own.

Every width is in terminal cells, as Rich's cell_len counts them, never len():
a Chinese or Japanese character or an emoji takes two cells, a combining mark none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len

# Joins the words of a unit that must stay on one line (a date's "31 Dec 2022"); wrap() keeps
# it whole and prints it as a space.
KEEP = "\u00a0"


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken at spaces only (and at newlines)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        # Split at spaces only: str.split() would also break at KEEP (a no-break space).
        for word in paragraph.replace("\t", " ").split(" "):
            if not word:
                continue
            size = cell_len(word)
            if line and used + 1 + size > width:
                lines.append(line)
                line, used = word, size
            elif line:
                line, used = f"{line} {word}", used + 1 + size
            else:
                line, used = word, size
        lines.append(line)
    return [line.replace(KEEP, " ") for line in lines]


def atom_lines(prefix: str, atom: str, width: int, indent: str = "") -> list[str]:
    """An id or URL after `prefix` (a label, an indent), kept whole: on the prefix's line when
    it fits, else on a line of its own at `indent`, even when it is longer than the width
    (the terminal then folds it on screen, but it stays one line to copy and click, and the
    indent keeps the layout readable). The first line is the prefix alone (right-trimmed)
    when the atom moves."""
    if cell_len(prefix) + cell_len(atom) <= width:
        return [prefix + atom]
    return [prefix.rstrip(), indent + atom]


def longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.replace("\n", " ").split(" ")), default=0)


def longest_line(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def ljust(text: str, width: int) -> str:
    """`text` followed by spaces to fill `width` cells (str.ljust counts characters)."""
    return text + " " * (width - cell_len(text))


def keep_together(date_text: str) -> str:
    """A displayed date that may wrap only between the two ends of an interval."""
    return " – ".join(part.replace(" ", KEEP) for part in date_text.split(" – "))


# How a column's text may be laid out: "atom" never wraps (ids, codes, URLs, dates' parts
# are kept whole by keep_together); "name" wraps at spaces but is given its whole length
# first; "prose" wraps at spaces and shares what width is left.
ATOM, NAME, PROSE = "atom", "name", "prose"
# The narrowest a wrapping column is made, so that prose never reads one word a line.
_FLOOR = {ATOM: 0, NAME: 12, PROSE: 18}
# A readable measure for prose, in cells: spare width makes prose this wide (or as wide as its
# text) before lists and names get more than they need at their narrowest.
MEASURE = 64
# How wide a row's own date or name (a priority-0 column that is not prose) is made before
# prose gets spare width: a date or a person's name reads whole; a long name may wrap.
_WHOLE = 32


class Column:
    """One column to fit: its cells, how it may wrap and how soon it gives way (priority 0 is
    never dropped; higher numbers drop first)."""

    __slots__ = ("name", "header", "kind", "priority", "cells", "minimum", "natural", "width")

    def __init__(
        self, name: str, header: str, kind: str, priority: int, cells: Sequence[str]
    ) -> None:
        self.name = name
        self.header = header
        self.kind = kind
        self.priority = priority
        self.cells = cells
        texts = [header, *cells]
        self.natural = max(longest_line(t) for t in texts)
        if kind == ATOM:
            self.minimum = max(longest_line(t) for t in cells) if cells else 0
            self.minimum = max(self.minimum, longest_word(header))
        else:
            self.minimum = max(max(longest_word(t) for t in texts), min(self.natural, _FLOOR[kind]))
        self.width = self.minimum


def fit_columns(
    columns: list[Column], width: int, chrome: Callable[[int], int]
) -> tuple[list[Column], list[Column]] | None:
    """(columns kept, with .width set; columns dropped), or None when even the columns that
    must stay do not fit at their narrowest (the caller then stacks each row as a card).

    `chrome(n)` is the width borders and padding take for n columns."""
    kept = list(columns)
    dropped: list[Column] = []
    while sum(c.minimum for c in kept) + chrome(len(kept)) > width:
        droppable = [c for c in kept if c.priority > 0]
        if not droppable:
            return None
        # The least important goes first; among equals, the rightmost.
        victim = max(reversed(droppable), key=lambda c: c.priority)
        kept.remove(victim)
        dropped.append(victim)
    for column in kept:
        column.width = column.minimum
    spare = width - chrome(len(kept)) - sum(c.width for c in kept)
    # Spare width, in turn: the row's own date and name, whole when short (priority 0); then
    # the story (titles, what was said, summaries) up to a readable measure; then lists and
    # the other names; then prose beyond the measure.
    prose = [c for c in kept if c.kind == PROSE]
    rest = [c for c in kept if c.kind != PROSE]
    spare = _share([c for c in rest if c.priority == 0], spare, cap=_WHOLE)
    spare = _share(prose, spare, cap=MEASURE)
    spare = _share(rest, spare)
    spare = _share(prose, spare)
    order = {id(c): i for i, c in enumerate(columns)}
    dropped.sort(key=lambda c: order[id(c)])
    return kept, dropped


def _share(columns: list[Column], spare: int, cap: int | None = None) -> int:
    """Hand out `spare` evenly among columns still narrower than their text (and than `cap`,
    when given); return the rest."""

    def room(column: Column) -> int:
        goal = column.natural if cap is None else min(column.natural, cap)
        return max(0, goal - column.width)

    hungry = [c for c in columns if room(c) > 0]
    while spare > 0 and hungry:
        each = max(1, spare // len(hungry))
        for column in hungry:
            step = min(each, room(column), spare)
            column.width += step
            spare -= step
        hungry = [c for c in hungry if room(c) > 0]
    return spare
