"""NDJSON: one compact JSON object per line, for streaming tools (jq -c, pandas lines=True)."""

from __future__ import annotations

from bilat.render.views import EntryView, Listing, Output


def _line(data: object) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


class NdjsonRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        from bilat.render.json_format import stored_texts

        texts = stored_texts(listing, Output(out.stream))  # one line each, on a terminal too
        if texts is not None:
            for text in texts:
                out.stream.write(text + "\n")
            return
        for data in listing.iter_records():
            out.stream.write(_line(data))

    def entry(self, view: EntryView, out: Output) -> None:
        out.stream.write(_line(view.machine()))


RENDERER = NdjsonRenderer()
