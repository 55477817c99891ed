"""NDJSON: one compact JSON object per line, for streaming tools (jq -c, pandas lines=True)."""

from __future__ import annotations

import json

from bilat.render.views import EntryView, Listing, Output


def _line(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


class NdjsonRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        for data in listing.records():
            out.stream.write(_line(data))

    def entry(self, view: EntryView, out: Output) -> None:
        out.stream.write(_line(view.machine()))


RENDERER = NdjsonRenderer()
