"""TSV: a header row, then one row per record; tab, newline, carriage return and backslash
inside a value are escaped as \\t, \\n, \\r and \\\\; cells made safe for spreadsheets."""

from __future__ import annotations

from collections.abc import Iterable

from bilat.render.cells import csv_cell, escape_tsv
from bilat.render.views import EntryView, Listing, Output


def write_rows(out: Output, header: list[str], rows: Iterable[dict[str, object]]) -> None:
    out.stream.write("\t".join(escape_tsv(h) for h in header) + "\n")
    for row in rows:
        out.stream.write("\t".join(escape_tsv(csv_cell(row.get(name))) for name in header) + "\n")


class TsvRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        write_rows(out, list(listing.table_columns()), listing.iter_table_records())

    def entry(self, view: EntryView, out: Output) -> None:
        data = view.machine()
        write_rows(out, list(data), [data])


RENDERER = TsvRenderer()
