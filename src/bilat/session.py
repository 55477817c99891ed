"""What one bilat run works with: the data files it was pointed at, the dataset loaded from
them (once, on first use), and where output goes. The CLI fills it in; commands use it to hand
results to a renderer.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

from bilat.errors import UsageError, did_you_mean
from bilat.render import default_format, format_names, get_renderer

if TYPE_CHECKING:
    from bilat.model import Dataset
    from bilat.query import Query
    from bilat.render.views import Output, Row

# The modules behind a query (model, loader, views…) are imported when a command first needs
# them, not when the CLI starts: `bilat --version` and `--help` must stay as cheap as Typer.


def env_data_paths(environ) -> list[str]:
    """Paths from BILAT_DATA, separated like PATH; empty parts are skipped."""
    return [p for p in environ.get("BILAT_DATA", "").split(os.pathsep) if p]


class Session:
    # A plain class, not a dataclass: it is made on every run (see render/views.py).

    def __init__(self, data: list[str] | None = None, include_builtin: bool = True,
                 use_cache: bool = True, stdout: TextIO | None = None) -> None:
        self.data = list(data or [])
        self.include_builtin = include_builtin
        self.use_cache = use_cache
        self.stdout = stdout  # None: sys.stdout at the time of use (CliRunner swaps it)
        self._query: Query | None = None

    def files(self):
        from bilat.paths import data_paths

        return data_paths(self.data, self.include_builtin)

    def dataset(self) -> Dataset:
        from bilat.load import load_dataset

        return load_dataset(self.files())

    def query(self) -> Query:
        """The data to answer from: the cached index when one matches the files, else the
        files themselves (validated), writing the index for the next run."""
        if self._query is None:
            self._query = self._open_query()
        return self._query

    def _in_memory(self, dataset: Dataset | None = None) -> Query:
        from bilat.query import Query

        return Query(dataset if dataset is not None else self.dataset())

    def _open_query(self) -> Query:
        if not self.use_cache:
            return self._in_memory()
        from bilat import index

        files = self.files()
        directory = index.cache_dir()
        cached = index.open_index(files, directory, self._in_memory)
        if cached is not None:
            return cached
        dataset = self.dataset()
        # A large index is written by a child started after the answer (index.write_pending,
        # called by the console script's entry points).
        index.write_index_soon(dataset, files, directory, after_answer=True)
        return self._in_memory(dataset)

    def output(self) -> Output:
        from bilat.render.views import Output

        stream = self.stdout or sys.stdout
        is_terminal = _isatty(stream)
        color = (is_terminal and "NO_COLOR" not in os.environ
                 and os.environ.get("TERM") != "dumb")
        return Output(stream=stream, is_terminal=is_terminal, color=color, width=_width(stream))

    # -- output --

    def emit_listing(self, type_name: str, rows: list[Row], fmt: str | None,
                     fields: str | None, limit: int | None) -> None:
        from bilat.records import record_of
        from bilat.render.views import Listing

        out = self.output()
        renderer = get_renderer(self._format(fmt, out))
        columns = self._columns(type_name, fields)
        if limit is not None:
            if limit < 0:
                raise UsageError("--limit must be 0 or more")
            rows = rows[:limit]
        query = self._query
        names = query.name_of if query is not None else str
        primary = frozenset()
        if "basis" in columns and query is not None:
            primary = frozenset(s.id for s in query.sources() if record_of(s)["primary"])
        renderer.listing(Listing(type_name, rows, columns, names, fields is not None, primary),
                         out)

    def emit_entries(self, type_name: str, entries: list, fmt: str | None, fields: str | None,
                     limit: int | None) -> None:
        from bilat.render.views import Row

        # Rows make their records lazily, so wrapping every entry is cheap; emit_listing
        # applies --limit.
        self.emit_listing(type_name, [Row(None, e) for e in entries], fmt, fields, limit)

    def emit_entry(self, entry_id: str, fmt: str | None) -> None:
        from bilat.records import record_of
        from bilat.render.views import EntryView, shown_citations

        query = self.query()
        entry = query.get(entry_id)
        def citations() -> list:
            return shown_citations(query, entry)

        links = [(link.entry.id, link.entry.type, link.entry.label, link.field)
                 for link in query.links_to(entry.id)]
        view = EntryView(entry, citations, links, query.name_of, record_of(entry))
        out = self.output()
        get_renderer(self._format(fmt, out)).entry(view, out)

    def _format(self, fmt: str | None, out: Output) -> str:
        if fmt is None:
            return default_format(out.is_terminal)
        if fmt not in format_names():
            raise UsageError(f'unknown format "{fmt}"{did_you_mean(fmt, format_names())}; '
                             f"expected one of {', '.join(format_names())}")
        return fmt

    def _columns(self, type_name: str, fields: str | None) -> tuple[str, ...]:
        from bilat.render.views import DEFAULT_COLUMNS, valid_fields

        if fields is None:
            return DEFAULT_COLUMNS[type_name]
        valid = valid_fields(type_name)
        chosen = tuple(f.strip() for f in fields.split(",") if f.strip())
        unknown = [f for f in chosen if f not in valid]
        if unknown or not chosen:
            first = unknown[0] if unknown else ""
            raise UsageError(
                (f'unknown field "{first}"{did_you_mean(first, valid)}; ' if unknown
                 else "--fields needs at least one field; ")
                + f"valid fields: {', '.join(valid)}")
        return chosen


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _width(stream: TextIO) -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if _isatty(stream):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError):
            pass
    return 100
