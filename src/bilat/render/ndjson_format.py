"""NDJSON: one compact JSON object per line, for streaming tools (jq -c, pandas lines=True)."""

from __future__ import annotations

from bilat.render.views import EntryView, Listing, Output  # noqa: F401


def _line(data: object) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


class NdjsonRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        from bilat.render.json_format import compact_texts

        for text in compact_texts(listing):  # one line each, on a terminal too
            out.stream.write(text + "\n")

    def entry(self, view: EntryView, out: Output) -> None:
        out.stream.write(_line(view.machine()))


RENDERER = NdjsonRenderer()
