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
    from bilat.query.memory import Query
    from bilat.render.views import Output, Row

# The modules behind a query (model, loader, views…) are imported when a command first needs
# them, not when the CLI starts: `bilat --version` and `--help` must stay as cheap as Typer.


def env_data_paths(environ) -> list[str]:
    """Paths from BILAT_DATA, separated like PATH; empty parts are skipped."""
    return [p for p in environ.get("BILAT_DATA", "").split(os.pathsep) if p]


class Session:
    # A plain class, not a dataclass: it is made on every run (see render/views.py).

    def __init__(
        self,
        data: list[str] | None = None,
        include_builtin: bool = True,
        use_cache: bool = True,
        stdout: TextIO | None = None,
        pager: bool = True,
        keep_going: bool = False,
    ) -> None:
        self.data = list(data or [])
        self.include_builtin = include_builtin
        self.use_cache = use_cache
        self.stdout = stdout  # None: sys.stdout at the time of use (CliRunner swaps it)
        self.pager = pager  # long output on a terminal goes through $PAGER
        # Skip a broken --data/BILAT_DATA file (with a warning) rather than fail every command.
        self.keep_going = keep_going
        self.skipped: set[str] = set()
        self._query: Query | None = None
        self._primary: set[str] | None = None  # ids of sources marked primary (see _provenance)

    def files(self):
        from bilat.files.paths import data_paths

        files = data_paths(self.data, self.include_builtin)
        return [f for f in files if f[0] not in self.skipped] if self.skipped else files

    def dataset(self, documents: list | None = None) -> Dataset:
        """The files loaded and validated, each read once (`documents`: see load_dataset)."""
        from bilat.load import load_dataset

        if documents is None:
            return load_dataset(self.files())
        return load_dataset(self.files(), documents)

    def query(self) -> Query:
        """The data to answer from: the cached index when one matches the files, else the
        files themselves (validated), writing the index for the next run."""
        if self._query is None:
            self._query = self._open_query_keeping_going()
        return self._query

    def _open_query_keeping_going(self) -> Query:
        from bilat.errors import DataError
        from bilat.files.paths import BUILTIN_NAME

        while True:
            try:
                return self._open_query()
            except DataError as err:
                loaded = {name for name, _ in self.files()} - {BUILTIN_NAME}
                broken = sorted({p.file for p in err.problems} & loaded)
                if not self.keep_going or not broken:
                    raise
                for name in broken:
                    count = sum(1 for p in err.problems if p.file == name)
                    sys.stderr.write(
                        f"bilat: warning: skipped {name}: {count} problem"
                        f"{'s' if count != 1 else ''} (see `bilat validate {name}`)\n"
                    )
                self.skipped.update(broken)

    def _in_memory(self, dataset: Dataset | None = None) -> Query:
        from bilat.query.memory import Query

        return Query(dataset if dataset is not None else self.dataset())

    def _open_query(self) -> Query:
        if not self.use_cache:
            return self._in_memory()
        from bilat.files import cachedir
        from bilat.query import build, index, sqlite

        files = self.files()
        # The key is taken once, before any file is read; the index is written under it only
        # if the files still have it after the build (see bilat.query.index).
        key = index.cache_key(files)
        if key is None:  # not cacheable (a FIFO, device, terminal…): read the files once
            return self._in_memory()
        directory = cachedir.cache_dir()
        cached = sqlite.open_index(files, directory, self._in_memory, key=key)
        if cached is not None:
            return cached
        dataset = self.dataset()
        # A large index is written by a child started after the answer (build.write_pending,
        # called by the console script's entry points).
        build.write_index_soon(dataset, files, directory, key=key, after_answer=True)
        return self._in_memory(dataset)

    def output(self) -> Output:
        from bilat.render.views import Output

        stream = self.stdout or sys.stdout
        is_terminal = _isatty(stream)
        color = is_terminal and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        return Output(
            stream=stream,
            is_terminal=is_terminal,
            color=color,
            width=_width(stream),
            ascii=os.environ.get("TERM") == "dumb",
        )

    # -- output --

    def emit_listing(
        self,
        type_name: str,
        rows: list[Row],
        fmt: str | None,
        fields: str | None,
        limit: int | None,
        filters: list[str] = (),
    ) -> None:
        from bilat.commands.arguments import LIST
        from bilat.render.views import Listing

        if fields == LIST:  # --fields without a value: list them
            from bilat.render.views import valid_fields

            (self.stdout or sys.stdout).write("".join(f"{f}\n" for f in valid_fields(type_name)))
            return
        out = self.output()
        name = self._format(fmt, out, type_name, fields)
        renderer = get_renderer(name)
        columns = self._columns(type_name, fields)
        if limit is not None:
            if limit < 0:
                raise UsageError("--limit must be 0 or more")
            rows = rows[:limit]
        query = self._query
        names = query.name_of if query is not None else str
        provenance = self._provenance if name == "timeline" else None
        listing = Listing(type_name, rows, columns, names, fields is not None, filters, provenance)
        if not rows and out.is_terminal:
            sys.stderr.write(f"{_nothing(type_name, filters)}\n")
        self._paged(out, lambda target: renderer.listing(listing, target))

    def emit_entries(
        self,
        type_name: str,
        entries: list,
        fmt: str | None,
        fields: str | None,
        limit: int | None,
        filters: list[str] = (),
    ) -> None:
        from bilat.render.views import Row

        # Rows make their records lazily, so wrapping every entry is cheap; emit_listing
        # applies --limit.
        self.emit_listing(type_name, [Row(None, e) for e in entries], fmt, fields, limit, filters)

    def emit_entry(self, entry_id: str, fmt: str | None) -> None:
        from bilat.records import record_of
        from bilat.render.views import EntryView

        query = self.query()
        entry = query.get(query.resolve(entry_id))

        links = [
            (link.entry.id, link.entry.type, link.entry.label, link.field)
            for link in query.links_to(entry.id)
        ]
        view = EntryView(entry, lambda: self._cited(entry), links, query.name_of, record_of(entry))
        out = self.output()
        renderer = get_renderer(self._format(fmt, out, None, None))
        self._paged(out, lambda target: renderer.entry(view, target))

    def _cited(self, entry) -> list:
        """Each citation of an entry as a reader sees it, labelled with the role or mention it
        supports when it is not the entry's own."""
        from bilat.records import model_of
        from bilat.render.views import Cited, what_was_said

        entry = model_of(entry)
        found = [(None, c, None) for c in getattr(entry, "sources", ()) if entry.type != "source"]
        for role in getattr(entry, "roles", ()):
            found += [(f"role {role.title}", c, None) for c in role.sources]
        for mention in getattr(entry, "mentions", ()):
            found.append((f"mention, {mention.stance}", mention, mention.by))
        cited = []
        for context, citation, by in found:
            source = self.query().get(citation.source)
            cited.append(
                Cited(
                    self._source_label(source),
                    what_was_said(citation, self.query().name_of, by),
                    getattr(citation, "note", None),
                    getattr(source, "url", None),
                    context,
                )
            )
        return cited

    def _provenance(self, entry) -> str:
        """Where an event comes from: the article (a source marked primary) and how many
        outside sources."""
        if self._primary is None:  # once per run, not once per event
            from bilat.records import record_of

            self._primary = {
                record_of(s)["id"] for s in self.query().sources() if record_of(s)["primary"]
            }
        ids = list(dict.fromkeys(c.source for c in entry.sources))
        primary = [i in self._primary for i in ids]
        outside = sum(1 for p in primary if not p)
        parts = ["the article"] if any(primary) else []
        if outside:
            parts.append(f"{outside} outside source{'s' if outside != 1 else ''}")
        return " + ".join(parts)

    def _paged(self, out: Output, render) -> None:
        """Render, through $PAGER when the output is longer than the terminal (never when
        stdout is not a terminal, or with --no-pager)."""
        if not (out.is_terminal and self.pager):
            render(out)
            return
        import io

        from bilat.render.pager import page

        buffer = io.StringIO()
        stream = out.stream
        out.stream = buffer
        render(out)
        out.stream = stream
        page(buffer.getvalue(), stream)

    def _source_label(self, source) -> str:
        if isinstance(source, str):
            source = self.query().get(source)
        from bilat.citations import shown_title

        date = source.date.display() if source.date else "n.d."
        return f"{source.publisher}, {shown_title(source.title, source.title_supplied)} ({date})"

    def _format(
        self, fmt: str | None, out: Output, type_name: str | None, fields: str | None
    ) -> str:
        if fmt is None:
            # --fields asks for columns: a grid, not the timeline view.
            return default_format(out.is_terminal, None if fields else type_name)
        fmt = fmt.lower()
        if fmt not in format_names():
            raise UsageError(
                f'unknown format "{fmt}"{did_you_mean(fmt, format_names())}; '
                f"expected one of {', '.join(format_names())}"
            )
        return fmt

    def _columns(self, type_name: str, fields: str | None) -> tuple[str, ...]:
        from bilat.render.views import DEFAULT_COLUMNS, valid_fields

        if fields is None:
            return DEFAULT_COLUMNS[type_name]
        valid = valid_fields(type_name)
        # Field names ignore case like other option values; a field named twice shows once.
        chosen = tuple(dict.fromkeys(f.strip().lower() for f in fields.split(",") if f.strip()))
        unknown = [f for f in chosen if f not in valid]
        if unknown or not chosen:
            first = unknown[0] if unknown else ""
            raise UsageError(
                (
                    f'unknown field "{first}"{did_you_mean(first, valid)}; '
                    if unknown
                    else "--fields needs at least one field; "
                )
                + f"valid fields: {', '.join(valid)}"
            )
        return chosen


# What a listing holds, for "no events match --country IN".
_PLURAL = {
    "event": "events",
    "equipment": "equipment items",
    "person": "people",
    "organization": "organizations",
    "statement": "statements",
    "source": "sources",
    "category": "categories",
    "result": "entries",
}


def _nothing(type_name: str, filters) -> str:
    what = _PLURAL.get(type_name, "entries")
    if filters:
        return f"no {what} match {' '.join(filters)}"
    return f"no {what}"


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
