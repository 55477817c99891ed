"""Drawing what render/layout.py has fitted, with Rich: styled text and boxed grids.

Every cell reaching here is wrapped already, measured in terminal cells as Rich measures them
(rich.cells: a wide character takes two cells, a combining mark none), so drawing is padding
to those widths, Rich's box characters, and a Rich Console turning styled segments into the
terminal's bytes: ANSI styles on a colour terminal, none when piped or with NO_COLOR. Rich
never decides a line break: the lines are handed over as segments, already broken, so it
neither wraps, folds nor crops, and an id or URL longer than the terminal stays whole.

The grid is laid out here rather than by rich.table, and text is not passed through Rich's
word wrapping: rich.table's import and column layout cost more start-up than the rest of
Rich's drawing (issue 16 asks tables to stay under 0.9x a minimal Typer + Rich app), and
re-splitting a long page into lines made a 10,000-event timeline 20 times slower to draw.
The output is the same, byte for byte without colour, as rich.table drew the golden files.

Dataset text reaches Rich only in Text objects and segments, on a Console that reads no
markup, emoji codes or highlighting: `[bold]` or `:rocket:` in the data stays literal. Only
human output imports this module, and so Rich; machine formats never do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.box import ASCII, ROUNDED, Box
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment, Segments
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

    def segments(self, console: Console) -> list[Segment]:
        """The grid as segments, line by line (no newline after the last), styled by column
        (and header)."""
        widths = self._widths()
        styles = [console.get_style(style) if style else None for _, _, style in self.columns]
        box = self.box
        spans = [width + 2 for width in widths]  # each cell padded by a space either side
        lines: list[list[Segment]] = []
        if box is not None:
            lines.append([Segment(box.get_top(spans))])
        if self.show_header:
            header = [h for h, _, _ in self.columns]
            style = console.get_style(self.header_style) if self.header_style else None
            lines += self._row(header, widths, [style] * len(widths), head=True)
            if box is not None:
                lines.append([Segment(box.get_row(spans, "head", edge=True))])
        for row in self.rows:
            lines += self._row(row, widths, styles)
        if box is not None:
            lines.append([Segment(box.get_bottom(spans))])
        out: list[Segment] = []
        for n, line in enumerate(lines):
            if n:
                out.append(_NEWLINE)
            out += line
        return out

    def _row(
        self, cells: Sequence[str], widths: list[int], styles: list, head: bool = False
    ) -> list[list[Segment]]:
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
        rows = []
        for n in range(height):
            # Unstyled text runs on in one segment; a styled cell is a segment of its own.
            line: list[Segment] = []
            plain = left
            for i, (lines, width, style) in enumerate(zip(split, widths, styles)):
                text = lines[n] if n < len(lines) else ""
                if i:
                    plain += divider
                if style is None:
                    plain += text
                else:
                    if plain:
                        line.append(Segment(plain))
                    line.append(Segment(text, style))
                    plain = ""
                plain += " " * (width - cell_len(text))
            plain += right
            if plain:
                line.append(Segment(plain))
            rows.append(line)
        return rows


_NEWLINE = Segment.line()


def _text_segments(console: Console, text: Text) -> list[Segment]:
    """`text` as Rich renders it (a segment a styled run), each run cut at its newlines so that
    every line opens and closes its own styles, and no line is wrapped or cropped."""
    if text.style:  # Text.render drops a base style when the text has no other
        text = Text().append_text(text)
    out: list[Segment] = []
    for segment in text.render(console):
        if "\n" not in segment.text:
            out.append(segment)
            continue
        for n, piece in enumerate(segment.text.split("\n")):
            if n:
                out.append(_NEWLINE)
            if piece:
                out.append(Segment(piece, segment.style))
    return out


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
    rich = console(out)
    segments: list[Segment] = []
    for part in parts:
        segments += part.segments(rich) if isinstance(part, Table) else _text_segments(rich, part)
        segments.append(_NEWLINE)
    with rich.capture() as captured:
        rich.print(Segments(segments), crop=False, soft_wrap=True, end="")
    text = captured.get()
    out.stream.write("\n".join(line.rstrip() for line in text.split("\n")))
