"""Drawing what render/layout.py has fitted, with Rich: styled text and boxed grids.

Every cell reaching here is wrapped already, measured in terminal cells as Rich measures them
(rich.cells: a wide character takes two cells, a combining mark none), so drawing is padding
to those widths, Rich's box characters, and a Console rendering the lines as Rich Text: ANSI
styles on a colour terminal, none when piped or with NO_COLOR. Rich never decides a line
break: everything is printed with soft_wrap, so it neither wraps, folds nor crops, and an id
or URL longer than the terminal stays whole.

The grid is laid out here rather than by rich.table: that module and its layout machinery
(ratios, measurement, padding) cost more start-up than the rest of Rich's drawing, and its
column-width decisions are render/layout.py's to make; the output is the same, byte for byte
without colour (the golden files were first drawn by rich.table).

Dataset text reaches Rich only inside Text objects, on a Console that reads no markup, emoji
codes or highlighting: `[bold]` or `:rocket:` in the data stays literal. Only human output
imports this module, and so Rich; machine formats never do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.box import ASCII, ROUNDED, Box
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

__all__ = ["ASCII", "ROUNDED", "Table", "Text", "emit"]


class Table:
    """A grid of pre-wrapped cells: boxed with a header rule (on a terminal), or aligned
    columns under a header with two spaces between them (piped), or a bare grid. A width not
    given is the widest line of the column, in cells."""

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
        widths = []
        for i, (header, width, _) in enumerate(self.columns):
            if not width:
                texts = [row[i] for row in self.rows] + ([header] if self.show_header else [])
                width = max((cell_len(line) for t in texts for line in t.split("\n")), default=0)
            widths.append(width)
        return widths

    def render(self) -> Text:
        """The grid as Text, one line a row of cells, styled by column (and header)."""
        widths = self._widths()
        styles = [style for _, _, style in self.columns]
        box = self.box
        spans = [width + 2 for width in widths]  # each cell padded by a space either side
        text = Text()
        if box is not None:
            text.append(box.get_top(spans) + "\n")
        if self.show_header:
            header = [h for h, _, _ in self.columns]
            self._row(text, header, widths, [self.header_style] * len(widths), head=True)
            if box is not None:
                text.append(box.get_row(spans, "head", edge=True) + "\n")
        for row in self.rows:
            self._row(text, row, widths, styles)
        if box is not None:
            text.append(box.get_bottom(spans) + "\n")
        text.right_crop(1)  # the last line's end: emit() ends every part
        return text

    def _row(
        self,
        text: Text,
        cells: Sequence[str],
        widths: list[int],
        styles: list[str],
        head: bool = False,
    ) -> None:
        split = [cell.split("\n") for cell in cells]
        height = max((len(lines) for lines in split), default=1)
        if head:  # headers sit on the rule below them, as rich.table aligns them
            split = [[""] * (height - len(lines)) + lines for lines in split]
        box = self.box
        if box is not None:
            left, divider, right = (
                (box.head_left, box.head_vertical, box.head_right)
                if head
                else (box.mid_left, box.mid_vertical, box.mid_right)
            )
            left, divider, right = left + " ", f" {divider} ", " " + right
        else:
            left, divider, right = "", " " * self.gap, ""
        for n in range(height):
            text.append(left)
            for i, (lines, width, style) in enumerate(zip(split, widths, styles)):
                line = lines[n] if n < len(lines) else ""
                if i:
                    text.append(divider)
                text.append(line, style or None)
                text.append(" " * (width - cell_len(line)))
            text.append(right + "\n")


def console(out) -> Console:
    """A Console for `out` (render/views.py's Output): colour only when `out` says so, and
    nothing in the text read as markup, emoji codes or something to highlight."""
    return Console(
        file=out.stream,
        width=out.width,
        force_terminal=out.is_terminal and out.color,
        no_color=not out.color,
        # bold, dim, italic, underline and cyan are the same codes in every colour system:
        # "standard" keeps COLORTERM and TERM's colour count from changing a byte.
        color_system="standard" if out.color else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=True,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
    )


def emit(out, parts: Iterable[Text | Table]) -> None:
    """Write the parts one after another, each ending its line, with no trailing spaces."""
    page = Text()
    for part in parts:
        page.append_text(part.render() if isinstance(part, Table) else part)
        page.append("\n")
    rich = console(out)
    with rich.capture() as captured:
        # Wrapped already: soft_wrap prints the lines as they are (no wrapping, no cropping).
        rich.print(page, crop=False, soft_wrap=True, end="")
    text = captured.get()
    out.stream.write("\n".join(line.rstrip() for line in text.split("\n")))
