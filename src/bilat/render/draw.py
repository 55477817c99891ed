"""Drawing what render/layout.py has fitted: styled text and boxed grids, without Rich.

Every cell reaching here is wrapped already, so drawing is padding, borders and (on a colour
terminal) ANSI styles. Rich did this before and cost ~25 ms of imports on every human run,
more than bilat's whole answer on the fast path; the output is the same, byte for byte
without colour (the golden files were drawn by Rich). Dataset text is never interpreted:
there is no markup here at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len

_SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "cyan": "36"}


def paint(text: str, style: str) -> str:
    """`text` in `style` (empty: as it is), each line closed on its own, as Rich writes it."""
    if not style or not text:
        return text
    start = "\x1b[" + ";".join(_SGR[s] for s in style.split()) + "m"
    return "\n".join(start + line + "\x1b[0m" if line else line for line in text.split("\n"))


class Text:
    """Text in styled runs: what the renderers build a card, a heading or a page from."""

    __slots__ = ("_runs",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self._runs: list[tuple[str, str]] = [(text, style)] if text else []

    def append(self, text: str | Text, style: str = "") -> None:
        if isinstance(text, Text):
            self._runs.extend(text._runs)
        elif text:
            self._runs.append((text, style))

    def rstrip(self) -> None:
        while self._runs:
            text, style = self._runs[-1]
            stripped = text.rstrip()
            if stripped:
                self._runs[-1] = (stripped, style)
                return
            self._runs.pop()

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self._runs)

    def render(self) -> str:
        return "".join(paint(text, style) for text, style in self._runs)


class Box:
    """The characters of a border: corners, edges and the joints between columns."""

    __slots__ = ("top", "row", "rule", "bottom")

    def __init__(self, top: str, row: str, rule: str, bottom: str) -> None:
        # Each is left, horizontal, divider, right (row: left, divider, right, with " ").
        self.top, self.row, self.rule, self.bottom = top, row, rule, bottom


ROUNDED = Box("╭─┬╮", "│ ││", "├─┼┤", "╰─┴╯")
ASCII = Box("+--+", "| ||", "|-+|", "+--+")


class Table:
    """A grid of pre-wrapped cells: boxed with a header rule (on a terminal), or aligned
    columns under a header with two spaces between them (piped), or a bare grid."""

    __slots__ = ("box", "header_style", "show_header", "gap", "columns", "rows")

    def __init__(
        self, box: Box | None = None, header_style: str = "", show_header: bool = True, gap: int = 2
    ) -> None:
        self.box = box
        self.header_style = header_style
        self.show_header = show_header
        self.gap = gap  # spaces between columns when there is no box
        self.columns: list[tuple[str, int, str]] = []  # (header, width, style)
        self.rows: list[list[str]] = []

    @classmethod
    def grid(cls, gap: int = 2) -> Table:
        return cls(show_header=False, gap=gap)

    def add_column(self, header: str = "", width: int = 0, style: str = "") -> None:
        self.columns.append((header, width, style))

    def add_row(self, *cells: str) -> None:
        self.rows.append(list(cells))

    def _widths(self) -> list[int]:
        cells = (
            [[header] for header, _, _ in self.columns]
            if self.show_header
            else [[] for _ in self.columns]
        )
        for row in self.rows:
            for i, cell in enumerate(row):
                cells[i].append(cell)
        return [
            width
            or max((cell_len(line) for cell in column for line in cell.split("\n")), default=0)
            for (_, width, _), column in zip(self.columns, cells)
        ]

    def render(self) -> str:
        widths = self._widths()
        styles = [style for _, _, style in self.columns]
        lines: list[str] = []
        if self.box is not None:
            lines.append(_rule(self.box.top, widths))
        if self.show_header:
            header = [h for h, _, _ in self.columns]
            lines += self._row(header, widths, [self.header_style] * len(widths), bottom=True)
            if self.box is not None:
                lines.append(_rule(self.box.rule, widths))
        for row in self.rows:
            lines += self._row(row, widths, styles)
        if self.box is not None:
            lines.append(_rule(self.box.bottom, widths))
        return "\n".join(lines)

    def _row(
        self, cells: Sequence[str], widths: list[int], styles: list[str], bottom: bool = False
    ) -> list[str]:
        split = [cell.split("\n") for cell in cells]
        height = max((len(lines) for lines in split), default=1)
        if bottom:  # headers sit on the rule below them, as Rich aligns them
            split = [[""] * (height - len(lines)) + lines for lines in split]
        out = []
        for n in range(height):
            parts = [
                (lines[n] if n < len(lines) else "", width, style)
                for lines, width, style in zip(split, widths, styles)
            ]
            if self.box is not None:
                left, _, divider, right = self.box.row
                inner = f" {divider} ".join(
                    paint(text, style) + " " * (width - cell_len(text))
                    for text, width, style in parts
                )
                out.append(f"{left} {inner} {right}")
            else:
                out.append(
                    (" " * self.gap).join(
                        paint(text, style) + " " * (width - cell_len(text))
                        for text, width, style in parts
                    )
                )
        return out


def _rule(chars: str, widths: list[int]) -> str:
    left, horizontal, divider, right = chars
    return left + divider.join(horizontal * (width + 2) for width in widths) + right


def emit(stream, parts: Iterable[Text | Table]) -> None:
    """Write the parts one after another, each ending its line, with no trailing spaces."""
    text = "\n".join(part.render() for part in parts) + "\n"
    stream.write("\n".join(line.rstrip() for line in text.split("\n")))
