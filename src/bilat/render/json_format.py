"""JSON: one array of records (one object for `show`); pretty on a terminal, compact when piped.

Straight to the stream, never through Rich.
"""

from __future__ import annotations

from bilat.render.views import EntryView, Listing, Output


def dump(data: object, out: Output) -> None:
    import json

    if out.is_terminal:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    out.stream.write(text + "\n")


def compact_texts(listing: Listing):
    """Each row's record as compact JSON, one at a time: copied from the index when the row
    has it as text already (no decoding and re-encoding), else encoded."""
    import json

    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if listing.explicit_fields:
        for data in listing.iter_records():
            yield encode(data)
        return

    def compact(row) -> str:
        text = row.json_text
        return encode(row.record) if text is None else text

    yield from listing.row_texts(compact)


class JsonRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        if out.is_terminal:
            dump(listing.records(), out)
            return
        # Compact: the bytes json.dumps gives for the whole list, written record by record.
        separator = "["
        for text in compact_texts(listing):
            out.stream.write(separator + text)
            separator = ","
        out.stream.write("[]\n" if separator == "[" else "]\n")

    def entry(self, view: EntryView, out: Output) -> None:
        dump(view.machine(), out)


RENDERER = JsonRenderer()
