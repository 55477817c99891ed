"""Output formats: one module per format behind this registry.

The CLI derives its --format choices from FORMATS; a new format is a new module and a line
here. Renderers are imported only when used, so JSON output never imports the human ones.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # views import the model; the CLI needs only the format names at start-up
    from bilat.render.views import EntryView, Listing, Output

# format name -> module that defines RENDERER
FORMATS: dict[str, str] = {
    "table": "bilat.render.table",
    "plain": "bilat.render.plain_format",
    "json": "bilat.render.json_format",
    "ndjson": "bilat.render.ndjson_format",
    "csv": "bilat.render.csv_format",
    "tsv": "bilat.render.tsv_format",
    "markdown": "bilat.render.markdown_format",
}
# Views chosen by default, never by --format: on a terminal, `bilat timeline` is a timeline
# (and `--format table` the grid).
VIEWS: dict[str, str] = {"timeline": "bilat.render.timeline"}


def default_format(is_terminal: bool, type_name: str | None = None) -> str:
    """For people at a terminal, a table (a timeline for events); plain for pipes (as gh
    does)."""
    if not is_terminal:
        return "plain"
    return "timeline" if type_name == "event" else "table"


class Renderer(Protocol):
    def listing(self, listing: Listing, out: Output) -> None: ...

    def entry(self, view: EntryView, out: Output) -> None: ...


def format_names() -> tuple[str, ...]:
    return tuple(FORMATS)


def get_renderer(name: str) -> Renderer:
    return importlib.import_module(FORMATS.get(name) or VIEWS[name]).RENDERER
