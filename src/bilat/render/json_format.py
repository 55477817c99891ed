"""JSON: one array of records (one object for `show`); pretty on a terminal, compact when piped.

Straight to the stream, never through Rich.
"""

from __future__ import annotations

import json

from bilat.render.views import EntryView, Listing, Output


def dump(data: object, out: Output) -> None:
    if out.is_terminal:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    out.stream.write(text + "\n")


class JsonRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        dump(listing.records(), out)

    def entry(self, view: EntryView, out: Output) -> None:
        dump(view.machine(), out)


RENDERER = JsonRenderer()
