"""Human tables: boxes and colour on a terminal, plain aligned columns otherwise.

No word, id, date or URL is ever cut: render/layout.py chooses the columns and their widths
and wraps every cell at spaces; render/draw.py only draws. When the width runs short
the least important columns give way (a footer names them), and below MIN_TABLE_WIDTH, or when
a table would lose more columns than it keeps, each row is stacked as a card.

Nothing interprets dataset text: `[bold]` in the data stays literal.
"""

from __future__ import annotations

from rich.cells import cell_len

from bilat.render.draw import ASCII, ROUNDED, Table, Text, emit
from bilat.render.layout import ATOM, Column, atom_lines, fit_columns, keep_together, ljust, wrap
from bilat.render.views import (
    NOT_A_ROW,
    PLURALS,
    EntryView,
    Listing,
    Output,
    fit_of,
    human_value,
)

# Below this many columns a grid is unreadable: rows become cards.
MIN_TABLE_WIDTH = 60
# A card's field labels are indented this much, and their values after the widest label.
_CARD_INDENT = 2


def style_of(out: Output, style: str) -> str:
    return style if out.color else ""


def _table(out: Output) -> Table:
    if out.is_terminal:
        return Table(box=ASCII if out.ascii else ROUNDED, header_style=style_of(out, "bold"))
    # Piped: no box-drawing characters, just aligned columns under a header row.
    return Table()


def _chrome(out: Output):
    """The width a table's borders and padding take for n columns."""
    if out.is_terminal:
        return lambda n: 3 * n + 1
    return lambda n: 2 * max(n - 1, 0)


def _lines(text: str, width: int) -> str:
    return "\n".join(wrap(text, width))


def fitted_table(out: Output, columns: list[Column], rows: list[list[str]]):
    """The renderables for a grid of `rows` (cells in the order of `columns`): a table with
    what fits and a footer naming what did not, or cards. Returns (renderables, dropped)."""
    fitted = fit_columns(columns, out.width, _chrome(out)) if out.width >= MIN_TABLE_WIDTH else None
    if fitted is None or len(fitted[1]) > len(fitted[0]):
        return _cards(out, columns, rows), []
    kept, dropped = fitted
    table = _table(out)
    for column in kept:
        table.add_column(_lines(column.header, column.width), width=column.width)
    position = {id(c): i for i, c in enumerate(columns)}
    for row in rows:
        table.add_row(*(_lines(row[position[id(c)]], c.width) for c in kept))
    return [table], dropped


def _cards(out: Output, columns: list[Column], rows: list[list[str]]) -> list:
    """Each row as a block: its first name-like cell as a heading, then one labelled line per
    other field, values wrapped with a hanging indent. Atoms (ids, URLs) are never wrapped."""
    heading_at = next((i for i, c in enumerate(columns) if c.name in ("name", "title")), None)
    labels = [c.header for i, c in enumerate(columns) if i != heading_at]
    label_width = max((cell_len(label) for label in labels), default=0)
    value_width = out.width - _CARD_INDENT - label_width - 2
    # Too narrow for values beside their labels: each value goes under its label.
    stacked = value_width < 20
    if stacked:
        value_width = max(out.width - 2 * _CARD_INDENT, 1)
    blocks: list = []
    for number, row in enumerate(rows):
        card = Text()
        if number:
            card.append("\n")
        if heading_at is not None:
            card.append(
                "\n".join(wrap(row[heading_at], out.width)) + "\n", style=style_of(out, "bold")
            )
        for i, column in enumerate(columns):
            if i == heading_at or not row[i]:
                continue
            pad = " " * (2 * _CARD_INDENT if stacked else _CARD_INDENT + label_width + 2)
            label = column.header if stacked else ljust(column.header, label_width) + "  "
            card.append(" " * _CARD_INDENT + label, style=style_of(out, "dim"))
            if column.kind == ATOM:  # kept whole: beside its label, else under it
                atom = row[i].replace("\u00a0", " ")
                if not stacked and len(pad) + cell_len(atom) <= out.width:
                    card.append(atom + "\n")
                else:
                    card.append(
                        "\n" + atom_lines(pad, atom, out.width, " " * 2 * _CARD_INDENT)[-1] + "\n"
                    )
                continue
            lines = wrap(row[i], value_width)
            card.append(("\n" + pad if stacked else "") + ("\n" + pad).join(lines) + "\n")
        card.rstrip()
        blocks.append(card)
    return blocks


def _footer(out: Output, listing: Listing, kept_names: list[str], dropped: list[Column]) -> Text:
    from bilat.render.views import valid_fields

    names = ", ".join(c.header for c in dropped)
    valid = valid_fields(listing.type)
    every = ",".join(n for n in [*kept_names, *(c.name for c in dropped)] if n in valid)
    text = (
        f"Not shown at {out.width} columns: {names}. See them with --fields {every} "
        "or in a wider terminal."
    )
    return Text("\n".join(wrap(text, out.width)), style=style_of(out, "dim"))


def more_note(out: Output, listing: Listing) -> Text | None:
    """Under a listing cut to its first rows: how many more there are, how to see them."""
    if listing.total is None or listing.total <= len(listing.rows):
        return None
    shown, total = len(listing.rows), listing.total
    what = PLURALS.get(listing.type, "entries")
    text = (
        f"{total - shown:,} more {what} not shown ({shown:,} of {total:,}). "
        f"See them all with --limit {total}, or one a line with --format plain."
    )
    return Text("\n".join(wrap(text, out.width)), style=style_of(out, "dim"))


def listing_columns(listing: Listing) -> tuple[list[Column], list[list[str]]]:
    """The listing's columns, ready to fit, and its rows as human cell text."""
    rows = [listing.cells(row) for row in listing.rows]
    if "date" in listing.columns:
        at = listing.columns.index("date")
        for cells in rows:
            cells[at] = keep_together(cells[at])
    columns = []
    for i, (name, header) in enumerate(zip(listing.columns, listing.headers())):
        kind, priority = fit_of(listing.type, name)
        columns.append(Column(name, header, kind, priority, [cells[i] for cells in rows]))
    return columns, rows


class TableRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        if not listing.rows:
            more = more_note(out, listing)  # --limit 0: nothing shown, but there is more
            if more is not None:
                emit(out, [more])
            return
        columns, rows = listing_columns(listing)
        parts, dropped = fitted_table(out, columns, rows)
        if dropped:
            kept = [c.name for c in columns if c not in dropped]
            parts.append(_footer(out, listing, kept, dropped))
        more = more_note(out, listing)
        if more is not None:
            parts.append(more)
        emit(out, parts)

    def entry(self, view: EntryView, out: Output) -> None:
        entry = view.entry
        # The label wraps at spaces; "type id" follows it, on a line of its own when the
        # last line has no room, so the id is never cut.
        lines = wrap(view.heading, out.width)
        tail = f"{entry.type} {entry.id}"
        # Two runs side by side, not one inside the other: the tail is dim, not bold and dim.
        heading = Text()
        heading.append("\n".join(lines), style=style_of(out, "bold"))
        joint = "  " if cell_len(lines[-1]) + 2 + cell_len(tail) <= out.width else "\n"
        heading.append(joint + tail, style=style_of(out, "dim"))
        parts: list = [heading]

        rows: list[tuple[str, str]] = []
        for name, value in view.record.items():
            if name in NOT_A_ROW or value in (None, [], ""):
                continue
            if name in ("mentions", "roles"):
                rows += [
                    (name, human_value(name, (item,), view.names)) for item in getattr(entry, name)
                ]
                continue
            rows.append((name, view.text(name, value)))
        label_width = max((cell_len(name) for name, _ in rows), default=0)
        value_width = max(out.width - label_width - 2, 20)
        fields = Table.grid()
        fields.add_column(style=style_of(out, "bold"))
        fields.add_column()
        for name, text in rows:
            fields.add_row(name, _lines(text, value_width))
        parts.append(fields)
        if view.defined:  # which file contributed what
            lines = wrap(view.defined, out.width)
            parts.append(Text("\n" + "\n".join(lines), style=style_of(out, "dim")))

        if view.citations:
            parts.append(Text("\nSources", style=style_of(out, "bold")))
            parts.extend(_citation(out, cited) for cited in view.citations)

        if view.linked_from:
            parts.append(Text("\nLinked from", style=style_of(out, "bold")))
            # One row an entry, its fields joined: with Via dropped for width, rows that
            # differ only in the field would read as duplicates.
            merged: dict[tuple[str, str, str], list[str]] = {}
            for entry_id, type_name, name, field_name in view.linked_from:
                merged.setdefault((entry_id, type_name, name), []).append(field_name)
            links_shown = [
                (i, t, n, ", ".join(dict.fromkeys(f))) for (i, t, n), f in merged.items()
            ]
            columns = [
                Column("type", "Type", ATOM, 1, [t for _, t, _, _ in links_shown]),
                Column("id", "ID", ATOM, 0, [i for i, _, _, _ in links_shown]),
                Column("name", "Name", "prose", 0, [n for _, _, n, _ in links_shown]),
                Column("field", "Via", "name", 2, [f for _, _, _, f in links_shown]),
            ]
            cells = [[t, i, n, f] for i, t, n, f in links_shown]
            links, dropped = fitted_table(out, columns, cells)
            parts.extend(links)
            if dropped:
                note = (
                    f"Not shown at {out.width} columns: "
                    f"{', '.join(c.header for c in dropped)}; see them in a wider terminal "
                    "or with --format json."
                )
                parts.append(Text("\n".join(wrap(note, out.width)), style=style_of(out, "dim")))
        emit(out, parts)


def _citation(out: Output, cited) -> Text:
    """One source of `show`: the source (and what it supports) wrapped with a hanging indent,
    its URL whole on a line of its own, then what it says."""
    indent, hang = "  ", "    "
    width = max(out.width - len(hang), 20)
    head = f"{cited.context}: {cited.label}" if cited.context else cited.label
    lines = wrap(head, out.width - len(hang))  # the first line is shorter than the width
    text = Text(indent + ("\n" + hang).join(lines) + "\n")
    if cited.url:
        text.append(
            atom_lines(hang, cited.url, out.width, hang)[-1] + "\n",
            style=style_of(out, "underline"),
        )
    if cited.words:
        text.append(
            hang + ("\n" + hang).join(wrap(cited.words, width)) + "\n",
            style=style_of(out, "italic"),
        )
    if cited.note:
        text.append(
            hang + ("\n" + hang).join(wrap(f"Note: {cited.note}", width)) + "\n",
            style=style_of(out, "dim"),
        )
    text.rstrip()
    return text


RENDERER = TableRenderer()
