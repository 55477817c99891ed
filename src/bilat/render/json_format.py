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


def stored_texts(listing: Listing, out: Output) -> list[str] | None:
    """The rows' records as compact JSON already, when every row came from the index with all
    its fields and the output is compact: then they are copied, not decoded and re-encoded."""
    if out.is_terminal or listing.explicit_fields:
        return None
    texts = []
    for row in listing.rows:
        text = row.json_text
        if text is None:
            return None
        texts.append(text)
    return texts


class JsonRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        texts = stored_texts(listing, out)
        if texts is not None:
            out.stream.write("[" + ",".join(texts) + "]\n")
            return
        if out.is_terminal:
            dump(listing.records(), out)
            return
        # Compact: the bytes json.dumps gives for the whole list, written record by record.
        import json

        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        separator = "["
        for data in listing.iter_records():
            out.stream.write(separator + encode(data))
            separator = ","
        out.stream.write("[]\n" if separator == "[" else "]\n")

    def entry(self, view: EntryView, out: Output) -> None:
        dump(view.machine(), out)


RENDERER = JsonRenderer()
