"""CSV (RFC 4180): a header row, then one row per record; cells flattened and made safe for
spreadsheets (see cells.py). An empty result is the header alone."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from bilat.render.cells import csv_cell
from bilat.render.views import EntryView, Listing, Output


def write_rows(out: Output, header: list[str], rows: Iterable[dict[str, object]]) -> None:
    writer = csv.writer(out.stream, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in header])


class CsvRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        write_rows(out, list(listing.table_columns()), listing.iter_table_records())

    def entry(self, view: EntryView, out: Output) -> None:
        data = view.machine()
        write_rows(out, list(data), [data])


RENDERER = CsvRenderer()
