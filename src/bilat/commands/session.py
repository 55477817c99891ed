"""What one bilat run works with: the data files it was pointed at, the dataset loaded from
them (once, on first use), and where output goes: the run's Environment (its streams,
variables and terminal). The CLI fills it in; commands use it to hand results to a renderer.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from bilat.commands.environment import Environment
from bilat.errors import UsageError, did_you_mean, unknown_choice
from bilat.render import default_format, format_names, get_renderer
from bilat.text import warn

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
        env: Environment | None = None,
    ) -> None:
        self.data = list(data or [])
        self.include_builtin = include_builtin
        self.use_cache = use_cache
        # Where output goes and what the reader sees; by default the process's own streams
        # (looked up when used: CliRunner swaps them) and variables. stdout= is short for
        # env=Environment(stdout=…).
        if env is not None and stdout is not None:
            raise TypeError("give stdout in the Environment, not beside it")
        self.env = env if env is not None else Environment(stdout)
        self.pager = pager  # long output on a terminal goes through $PAGER
        # Skip a broken --data/BILAT_DATA file (with a warning) rather than fail every command.
        self.keep_going = keep_going
        self.skipped: set[str] = set()
        self._query: Query | None = None
        self._primary: set[str] | None = None  # ids of sources marked primary (see _provenance)
        # The archives the last dataset() checked quotes against, with their key: (files, key)
        self._archives: tuple | None = None

    def files(self):
        from bilat.files.paths import data_paths

        files = data_paths(self.data, self.include_builtin)
        return [f for f in files if f[0] not in self.skipped] if self.skipped else files

    def dataset(self, documents: list | None = None) -> Dataset:
        """The files loaded and validated, each read once (`documents`: see load_dataset),
        and every quote of a source with an archive found in that archive: a quote that is
        not is a DataError for every command, reported as `validate` reports it. The
        archives' key, taken before they are read, is kept for the index (see _open_query)."""
        from bilat.commands.checks import archive_files, check_archived_quotes
        from bilat.load import load_dataset

        files = self.files()
        documents = [] if documents is None else documents
        dataset = load_dataset(files, documents=documents)
        self._archives = None
        if any(source.archive for source in dataset.sources):
            archives = archive_files(documents)
            archives_key = None
            if self.use_cache:
                from bilat.query.index import cache_key

                archives_key = cache_key(archives)
            self._archives = (archives, archives_key)
            check_archived_quotes(files, dataset, documents)
        return dataset

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
                    warn(
                        f"bilat: warning: skipped {name}: {count} problem"
                        f"{'s' if count != 1 else ''} (see `bilat validate {name}`)"
                    )
                self.skipped.update(broken)

    def _in_memory(self, dataset: Dataset | None = None) -> Query:
        from bilat.query.memory import Query

        return Query(dataset if dataset is not None else self.dataset())

    def _open_query(self) -> Query:
        if not self.use_cache:
            return self._in_memory()
        from bilat.files import cachedir
        from bilat.query import index, sqlite

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
        if self._archives is not None:  # the index says which archives its quotes are in
            if self._archives[1] is None:  # an archive that cannot be keyed: not cached
                return self._in_memory(dataset)
            key.archives = self._archives
        from bilat.query import build  # the build side: only a cold run needs it

        # A large index is written by a child started after the answer (build.write_pending,
        # called by the console script's entry points).
        build.write_index_soon(dataset, files, directory, key=key, after_answer=True)
        return self._in_memory(dataset)

    @property
    def stdout(self) -> TextIO:
        """The run's stdout (the Environment's)."""
        return self.env.stdout

    @stdout.setter
    def stdout(self, stream: TextIO | None) -> None:
        self.env.stdout = stream

    def output(self) -> Output:
        from bilat.render.views import Output

        env = self.env
        return Output(
            stream=env.stdout,
            is_terminal=env.is_terminal,
            color=env.color,
            width=env.width,
            ascii=env.ascii,
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
        say_nothing_matched: bool = False,
    ) -> None:
        """Render a listing. When it is empty, "no … match …" goes to stderr on a terminal,
        and always with `say_nothing_matched` (a did-you-mean worth reading in a script too),
        once the options are known to be good: a usage error comes first, and alone."""
        from bilat.commands.arguments import LIST
        from bilat.render.views import Listing

        if fields == LIST:  # --fields without a value: list them
            from bilat.render.views import valid_fields

            self.env.stdout.write("".join(f"{f}\n" for f in valid_fields(type_name)))
            return
        out = self.output()
        name = self._format(fmt, out, type_name, fields)
        renderer = get_renderer(name)
        columns = self._columns(type_name, fields)
        if limit is not None and limit < 0:
            raise UsageError("--limit must be 0 or more")
        # A person at a terminal reads a page of rows and is told how many more there are
        # and how to see them; a script (any other format, or a pipe) gets every row.
        total = len(rows) if out.is_terminal and name in PAGED_FORMATS else None
        if limit is None and total is not None and total > TERMINAL_ROWS:
            limit = TERMINAL_ROWS
        matched = bool(rows)  # before --limit: "--limit 0" is not "nothing matches"
        if limit is not None:
            rows = rows[:limit]
        query = self._query
        names = _names(query) if query is not None else str
        provenance = self._provenance if name == "timeline" else None
        listing = Listing(
            type_name, rows, columns, names, fields is not None, filters, provenance, total
        )
        if not matched and (out.is_terminal or say_nothing_matched):
            warn(_nothing(type_name, filters), self.env.stderr)
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
        view = EntryView(entry, lambda: self._cited(entry), links, _names(query), record_of(entry))
        out = self.output()
        renderer = get_renderer(self._format(fmt, out, None, None))
        self._paged(out, lambda target: renderer.entry(view, target))

    def _cited(self, entry) -> list:
        """Each citation of an entry as a reader sees it, labelled with the role or mention it
        supports when it is not the entry's own."""
        from bilat.citations import is_checked, walk
        from bilat.records import model_of
        from bilat.render.views import Cited, what_was_said

        cited = []
        for citation in walk(model_of(entry)):
            source = self.query().get(citation.source)
            cited.append(
                Cited(
                    self._source_label(source),
                    what_was_said(citation, self.query().name_of, checked=is_checked(source)),
                    citation.note,
                    getattr(source, "url", None),
                    citation.label,
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
        page(buffer.getvalue(), stream, self.env.environ)

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
            raise unknown_choice("format", fmt, format_names())
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


# The formats a person reads at a terminal, which show a page of rows (TERMINAL_ROWS) there.
PAGED_FORMATS = ("table", "timeline")
TERMINAL_ROWS = 50


def _nothing(type_name: str, filters) -> str:
    """What a listing holds, when it holds nothing: "no events match --country IN"."""
    from bilat.render.views import PLURALS

    what = PLURALS.get(type_name, "entries")
    if filters:
        return f"no {what} match {' '.join(filters)}"
    return f"no {what}"


def _names(query):
    """Names for the renderers: entries by name, sources also by publisher."""
    from bilat.records import record_of
    from bilat.render.views import Names

    def publisher_of(source_id: str) -> str:
        entry = query.get(source_id) if query.type_of(source_id) == "source" else None
        return str(record_of(entry).get("publisher") or source_id) if entry else source_id

    def checked(source_id: str) -> bool:
        from bilat.citations import is_checked

        entry = query.get(source_id) if query.type_of(source_id) == "source" else None
        return entry is not None and is_checked(record_of(entry))

    return Names(query.name_of, publisher_of, checked)
