"""plain: one record per line, tab-separated, no header, nothing truncated — what `gh` prints
when piped, and bilat's default when stdout is not a terminal. Columns: the id, then the
table's columns (or the --fields given). Values are the machine values (EDTF dates, ids),
escaped as in TSV; `show` prints one `field<TAB>value` line per field."""

from __future__ import annotations

from bilat.render.cells import escape_tsv, flatten
from bilat.render.views import EntryView, Listing, Output


class PlainRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        columns = listing.plain_columns()

        def line(row) -> str:
            values = (escape_tsv(flatten(listing.machine_value(row, name))) for name in columns)
            return "\t".join(values) + "\n"

        for text in listing.row_texts(line):
            out.stream.write(text)

    def entry(self, view: EntryView, out: Output) -> None:
        for name, value in view.machine().items():
            out.stream.write(f"{name}\t{escape_tsv(flatten(value))}\n")


RENDERER = PlainRenderer()
