"""Human tables through Rich: boxes and colour on a terminal, plain aligned columns otherwise.

Every dataset string goes in as a Text object, so `[bold]` in the data stays literal.
"""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from bilat.render.console import make_console
from bilat.render.views import EntryView, Listing, Output, human_value

# Columns that hold long prose: let them wrap and take the spare width.
_WIDE = {"title", "summary", "description", "definition", "mentions", "roles"}


def _table(out: Output, **options) -> Table:
    if out.is_terminal:
        return Table(box=box.ROUNDED, header_style="bold" if out.color else "", **options)
    # Piped: no box-drawing characters, just aligned columns under a header row.
    return Table(box=None, header_style="", show_edge=False, pad_edge=False, **options)


def _emit(console, out: Output, *renderables) -> None:
    """Print through Rich, then drop the trailing spaces Rich pads cells with."""
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    text = captured.get()
    out.stream.write("\n".join(line.rstrip() for line in text.split("\n")))


class TableRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        console = make_console(out)
        table = _table(out)
        for name, header in zip(listing.columns, listing.headers()):
            wide = name in _WIDE
            table.add_column(Text(header), overflow="fold", ratio=2 if wide else None,
                             no_wrap=not wide and name in ("id", "date", "type"))
        for row in listing.rows:
            table.add_row(*(Text(cell) for cell in listing.cells(row)))
        if listing.rows:
            _emit(console, out, table)

    def entry(self, view: EntryView, out: Output) -> None:
        console = make_console(out)
        entry = view.entry
        heading = Text(entry.label, style="bold" if out.color else "")
        heading.append(Text(f"  {entry.type} {entry.id}", style="dim" if out.color else ""))
        parts: list = [heading]

        fields = Table.grid(padding=(0, 2))
        fields.add_column(style="bold" if out.color else "", no_wrap=True)
        fields.add_column(overflow="fold")
        for name, value in view.record.items():
            if name in ("id", "type", "sources") or value in (None, [], ""):
                continue
            if name in ("mentions", "roles"):
                for item in getattr(entry, name):
                    fields.add_row(Text(name), Text(human_value(name, (item,), view.names)))
                continue
            shown = getattr(entry, name, value)
            fields.add_row(Text(name), Text(human_value(name, shown, view.names)))
        parts.append(fields)

        if view.citations:
            parts.append(Text("\nSources", style="bold" if out.color else ""))
            for shown in view.citations:
                parts.append(Text(f"  {shown.reference}"))
                line = Text("    ")
                line.append(Text(shown.body, style="italic" if out.color else ""))
                if shown.note:
                    line.append(Text(f" (note: {shown.note})"))
                parts.append(line)

        if view.linked_from:
            parts.append(Text("\nLinked from", style="bold" if out.color else ""))
            links = _table(out)
            for header in ("Type", "ID", "Name", "Via"):
                links.add_column(Text(header), overflow="fold")
            for entry_id, type_name, name, field_name in view.linked_from:
                links.add_row(Text(type_name), Text(entry_id), Text(name), Text(field_name))
            parts.append(links)
        _emit(console, out, *parts)


RENDERER = TableRenderer()
