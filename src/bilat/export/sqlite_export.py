"""An SQLite database of the whole dataset, with Datasette metadata beside it.

Tables (all described, column by column, in `tables()` and in metadata.json):
- `entries(id, type, name)`: every entry of every kind; the target of references that may
  point to more than one kind (participants, attributed_to, about, citations' entry_id).
- one table per kind (`sources`, `people`, `organizations`, `events`, `equipment`,
  `statements`), primary key `id`, whose columns are the kind's machine-output keys except
  nested lists: lists of texts, countries or slugs (aliases, countries, topics) are JSON-array
  text columns (`[]` when empty); dates are EDTF text. Each also has `date_start` and
  `date_end`, ISO days that sort: the earliest and latest possible day of its date (see
  `date_span`), as `--since`/`--until` use them; NULL for an open or unknown end, or no date.
- link tables: `event_participants`, `equipment_makers`, `statement_about` (one row per
  referenced id, with its `position` in the list), `roles`, `mentions`, and `citations`
  (every citation an entry carries: its own `sources` (via "sources"), its roles' (via
  "roles[0]"…) and its mentions' (via "mentions[0]"…)).
- `entries_fts`: an FTS5 index (id, type, name, text) whose rowid is the entry's rowid in
  `entries`; left out, with a warning, when this SQLite has no FTS5.
- `<table>_fts` for every table with text (each kind, roles, mentions, citations): FTS5 over
  that table's text columns with `content="<table>"` and sqlite-utils' triggers, the layout
  both Datasette (`?_search=`) and `sqlite-utils search` detect; metadata.json names each as
  its table's `fts_table`, with facets and a sort order for the tables journalists browse.

Every foreign key is declared (deferred, so insertion order does not matter) and enforced
while writing. Standard-library sqlite3 only; every value is a parameter, every identifier
quoted.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from bilat import schema
from bilat.citations import STANCE_WORDS, walk
from bilat.errors import UsageError
from bilat.export.common import (
    LICENSE,
    LICENSE_URL,
    TABLE_HELP,
    column_help,
    entries_of,
    generator,
    is_web_url,
    output_path,
    principal_source,
    source_label,
    warn,
)
from bilat.files.atomic import atomic_files, cannot_write
from bilat.model import Person
from bilat.query.memory import Query
from bilat.records import plain_value, record

USER_VERSION = 2  # PRAGMA user_version: the layout of these tables (2: dates, FTS per table)
FTS_MODULE = "fts5"
FTS_TOKENIZERS = ("unicode61 remove_diacritics 2", "unicode61")  # the first this SQLite has
METADATA_NAME = "metadata.json"

# stored as JSON-array text (a source's speakers too: a short map, read with its source)
_LISTS = (schema.TEXTS, schema.SLUGS, schema.COUNTRIES, schema.ENUMS, schema.SPEAKERS)
_NESTED = (schema.CITATIONS, schema.ROLES, schema.MENTIONS, schema.REFS)  # link tables
_SEARCHED = (schema.TEXT, schema.TEXTS, schema.SLUGS)  # columns a table's FTS index covers
# What Datasette offers to facet and sort by; an "array" facet splits a JSON-array column.
FACETS: dict[str, list[object]] = {
    "events": ["kind", "confidence", {"array": "countries"}],
    "people": ["country"],
    "organizations": ["kind", "country"],
    "equipment": ["category", "origin"],
    "mentions": ["stance", "for_country"],
    "statements": ["by", {"array": "topics"}],
    "sources": ["kind", "publisher"],
    "citations": ["source_id", "by"],
}
SORT: dict[str, str] = {
    "events": "date_start",
    "statements": "date_start",
    "sources": "date_start",
    "roles": "date_start",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql_type: str  # TEXT or INTEGER
    help: str
    not_null: bool = False
    references: str | None = None  # a table whose "id" this column holds
    searchable: bool = False  # covered by the table's full-text index


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    help: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    label_column: str | None = None  # what Datasette shows for a row that is referred to


def quote(identifier: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + identifier.replace('"', '""') + '"'


def export_sqlite(query: Query, output: str) -> None:
    """Write the database to `output` and metadata.json beside it, both atomically."""
    path = output_path(output, "sqlite")
    if path.name == METADATA_NAME:
        raise UsageError(
            f"cannot write {output}: {METADATA_NAME} is the name of the Datasette "
            "metadata written beside the database; give the database another name"
        )
    layout = tables()
    with atomic_files(path.parent) as stage:
        database = stage(path.name, shown=output)
        has_fts = write_database(query, database, layout, shown=output)
        meta = metadata(query, path.stem, layout, has_fts)
        stage(METADATA_NAME).write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


def tables() -> tuple[Table, ...]:
    """Every table of the database but the full-text index, in creation order."""
    out = [
        Table(
            "entries",
            "Every entry of every kind: the target of references that may "
            "point to more than one kind.",
            (
                Column("id", "TEXT", "the entry's id, unique across all entries", True),
                Column(
                    "type",
                    "TEXT",
                    "the kind of entry: source, person, organization, "
                    "event, equipment or statement",
                    True,
                ),
                Column("name", "TEXT", "its name, title or (for a statement) summary", True),
            ),
            ("id",),
            "name",
        )
    ]
    links = []
    for kind in schema.KINDS:
        columns = [
            Column("id", "TEXT", column_help(kind, "id"), True, "entries"),
            Column("type", "TEXT", column_help(kind, "type"), True),
        ]
        columns.extend(_column(spec) for spec in kind.fields if spec.type not in _NESTED)
        columns.extend(_DATE_COLUMNS)
        label = next(n for n in ("name", "title", "summary") if kind.field(n) is not None)
        out.append(Table(kind.table, TABLE_HELP[kind.table], tuple(columns), ("id",), label))
        for spec in kind.fields:
            if spec.type == schema.REFS:
                links.append(_link_table(kind, spec))
    out.extend(links)
    out.append(
        _nested_table(
            "roles",
            "A person's titles and ranks, each as of a date a "
            "source gives; their citations are in citations (via roles[N]).",
            "person_id",
            "people",
            schema.ROLE_FIELDS,
        )
    )
    out.append(
        _nested_table(
            "mentions",
            "What each source says of an equipment item: "
            f"{', '.join(words for words, _ in STANCE_WORDS.values())}.",
            "equipment_id",
            "equipment",
            schema.MENTION_FIELDS,
        )
    )
    out.append(
        Table(
            "citations",
            "Every citation an entry carries: its own sources, its roles' "
            "and its mentions', each with the source's exact words (quote) or "
            "bilat's paraphrase of what it reports (says).",
            (
                Column("entry_id", "TEXT", "the citing entry's id", True, "entries"),
                Column("source_id", "TEXT", "the source's id", True, "sources"),
                Column("quote", "TEXT", "the source's exact words (or says)", searchable=True),
                Column(
                    "says",
                    "TEXT",
                    "bilat's paraphrase of what the source reports (or quote)",
                    searchable=True,
                ),
                Column(
                    "by",
                    "TEXT",
                    "whose words these are, when not the publisher's own",
                    False,
                    "entries",
                ),
                Column("note", "TEXT", "a remark on this citation", searchable=True),
                Column(
                    "via",
                    "TEXT",
                    'where the entry carries it: "sources", '
                    '"roles[N]" or "mentions[N]" (N counts from 0)',
                    True,
                ),
                Column("position", "INTEGER", "its place in that list, from 0", True),
            ),
            ("entry_id", "via", "position"),
        )
    )
    return tuple(out)


def write_database(query: Query, path: Path, layout: tuple[Table, ...], *, shown: str) -> bool:
    """Create the tables in the (new, empty) file at path and fill them; True when the
    full-text index was made."""
    try:
        with closing(sqlite3.connect(path, isolation_level=None)) as db:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA journal_mode = MEMORY")  # no journal file beside the temp file
            db.execute(f"PRAGMA user_version = {int(USER_VERSION)}")
            db.execute("BEGIN")
            for table in layout:
                db.execute(create_sql(table))
            content = rows(query, layout)
            for table in layout:
                insert = (
                    f"INSERT INTO {quote(table.name)} "
                    f"({', '.join(quote(c.name) for c in table.columns)}) "
                    f"VALUES ({', '.join('?' for _ in table.columns)})"
                )
                db.executemany(insert, content[table.name])
            tokenizer = _full_text_index(db, query)
            if tokenizer is not None:
                for table in layout:
                    _table_index(db, table, tokenizer)
            db.execute("COMMIT")
            return tokenizer is not None
    except sqlite3.Error as err:
        raise cannot_write(shown, f"SQLite: {err}") from None


def create_sql(table: Table) -> str:
    """The CREATE TABLE statement for a table."""
    lines = []
    for column in table.columns:
        line = f"{quote(column.name)} {column.sql_type}"
        if column.not_null:
            line += " NOT NULL"
        if column.references is not None:
            line += (
                f" REFERENCES {quote(column.references)} ({quote('id')})"
                " DEFERRABLE INITIALLY DEFERRED"
            )
        lines.append(line)
    lines.append(f"PRIMARY KEY ({', '.join(quote(c) for c in table.primary_key)})")
    return f"CREATE TABLE {quote(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"


def rows(query: Query, layout: tuple[Table, ...]) -> dict[str, list[tuple[object, ...]]]:
    """Each table's rows, as tuples in the order of its columns."""
    out: dict[str, list[tuple[object, ...]]] = {t.name: [] for t in layout}
    by_name = {t.name: t for t in layout}

    def add(table: str, values: dict[str, object]) -> None:
        out[table].append(tuple(_sql_value(values.get(c.name)) for c in by_name[table].columns))

    def cite(entry_id: str, via: str, position: int, citation) -> None:
        add(
            "citations",
            {
                "entry_id": entry_id,
                "source_id": citation.source,
                "quote": citation.quote,
                "says": citation.says,
                "by": citation.by,
                "note": citation.note,
                "via": via,
                "position": position,
            },
        )

    for kind in schema.KINDS:
        links = [
            (spec.name, _link_table(kind, spec)) for spec in kind.fields if spec.type == schema.REFS
        ]
        for entry in entries_of(query, kind):
            add("entries", {"id": entry.id, "type": entry.type, "name": entry.label})
            add(kind.table, {**record(entry), **_span_columns(date_span(entry))})
            owner = f"{kind.type}_id"
            for field_name, link in links:
                for position, target in enumerate(getattr(entry, field_name)):
                    add(
                        link.name,
                        {owner: entry.id, link.columns[1].name: target, "position": position},
                    )
            for index, role in enumerate(getattr(entry, "roles", ())):
                add(
                    "roles",
                    {
                        owner: entry.id,
                        "position": index,
                        **plain_value(role),
                        **_span_columns(role_span(role)),
                    },
                )
            for index, mention in enumerate(getattr(entry, "mentions", ())):
                add("mentions", {owner: entry.id, "position": index, **plain_value(mention)})
            for c in walk(entry):
                cite(entry.id, c.via, c.position, c)
    return out


def metadata(
    query: Query, database: str, layout: tuple[Table, ...], has_fts: bool
) -> dict[str, object]:
    """Datasette's metadata.json: what the data is, where from, and every table and column."""
    counts = {kind.table: len(query.ids(kind.type)) for kind in schema.KINDS}
    total = sum(counts.values())
    parts = ", ".join(f"{n} {table}" for table, n in counts.items())
    description = (
        f"{total} entries ({parts}), each cited to its sources: their exact words "
        f"(quote) or bilat's paraphrase (says). Exported by {generator()}."
    )
    meta: dict[str, object] = {
        "title": "bilat",
        "description": description,
        "license": LICENSE,
        "license_url": LICENSE_URL,
    }
    principal = principal_source(query)
    if principal is not None:
        meta["description"] = (
            f"{description} Principal source (the most cited): {source_label(principal)}."
        )
        meta["source"] = source_label(principal)
        if is_web_url(principal.url):
            meta["source_url"] = principal.url
    described: dict[str, object] = {}
    for table in layout:
        info: dict[str, object] = {
            "description": table.help,
            "columns": {c.name: c.help for c in table.columns},
        }
        if table.label_column:
            info["label_column"] = table.label_column
        if table.name == "entries" and has_fts:
            info["fts_table"] = "entries_fts"
        elif has_fts and searched(table):
            info["fts_table"] = fts_name(table)
        if table.name in FACETS:
            info["facets"] = FACETS[table.name]
        if table.name in SORT:
            info["sort"] = SORT[table.name]
        described[table.name] = info
    if has_fts:
        described["entries_fts"] = {
            "description": "Full-text index of every entry (SQLite FTS5): names, titles, "
            "aliases, descriptions, summaries and quotes. Its rowid is the entry's rowid in "
            "entries.",
            "columns": {
                "id": "the entry's id",
                "type": "the kind of entry",
                "name": "its name, title or summary",
                "text": "aliases, publisher, description, summary and every quote "
                "its citations hold",
            },
        }
    if has_fts:
        for table in layout:
            if searched(table):
                described[fts_name(table)] = {
                    "description": f"Full-text index (SQLite FTS5) of {table.name}: "
                    f"{', '.join(searched(table))}. Its rowid is the row's rowid in "
                    f"{table.name}; search it with ?_search= on {table.name}.",
                    "columns": {name: f"{table.name}.{name}" for name in searched(table)},
                }
    meta["databases"] = {database: {"tables": described}}
    return meta


def _column(spec: schema.Field) -> Column:
    if spec.type in _LISTS:
        return Column(
            spec.name,
            "TEXT",
            f"{spec.help} (a JSON array)",
            True,
            searchable=spec.type in _SEARCHED,
        )
    references = None
    if spec.type == schema.REF:
        references = schema.KIND_BY_TYPE[spec.refs[0]].table if len(spec.refs) == 1 else "entries"
    sql_type = "INTEGER" if spec.type == schema.BOOL else "TEXT"  # SQLite's booleans: 0 and 1
    return Column(
        spec.name,
        sql_type,
        spec.help,
        spec.required or spec.default is not None,
        references,
        searchable=spec.type in _SEARCHED,
    )


def _link_table(kind: schema.Kind, spec: schema.Field) -> Table:
    single = len(spec.refs) == 1
    target = f"{spec.refs[0]}_id" if single else "entry_id"
    table = schema.KIND_BY_TYPE[spec.refs[0]].table if single else "entries"
    return Table(
        f"{kind.type}_{spec.name}",
        f"{kind.table}.{spec.name}: {spec.help}; one row per id, in the entry's order.",
        (
            Column(f"{kind.type}_id", "TEXT", f"the {kind.type}'s id", True, kind.table),
            Column(target, "TEXT", f"the id of one of its {spec.name}", True, table),
            Column("position", "INTEGER", "its place in the list, from 0", True),
        ),
        (f"{kind.type}_id", "position"),
    )


def _nested_table(
    name: str, help_text: str, owner: str, owner_table: str, fields: tuple[schema.Field, ...]
) -> Table:
    columns = [
        Column(
            owner, "TEXT", f"the id of the entry it belongs to ({owner_table})", True, owner_table
        ),
        Column("position", "INTEGER", "its place in the entry's list, from 0", True),
    ]
    columns.extend(_column(spec) for spec in fields if spec.type not in _NESTED)
    if any(spec.type == schema.DATE for spec in fields):
        columns.extend(_DATE_COLUMNS)
    return Table(name, help_text, tuple(columns), (owner, "position"))


def _sql_value(value: object) -> object:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _fts_text(entry) -> Iterable[str]:
    yield from getattr(entry, "aliases", ())
    for name in ("publisher", "description"):
        value = getattr(entry, name, None)
        if value:
            yield value
    if entry.type != "statement" and getattr(entry, "summary", None):
        yield entry.summary


def _full_text_index(db: sqlite3.Connection, query: Query) -> str | None:
    """entries_fts, filled; the tokenizer it was made with, or None when this SQLite has no
    FTS5 (with a warning)."""
    for tokenizer in FTS_TOKENIZERS:
        try:
            db.execute(
                f"CREATE VIRTUAL TABLE {quote('entries_fts')} USING "
                f"{quote(FTS_MODULE)}({quote('id')} UNINDEXED, {quote('type')} UNINDEXED, "
                f"{quote('name')}, {quote('text')}, tokenize = {_sql_string(tokenizer)})"
            )
            break
        except sqlite3.OperationalError as err:
            if "no such module" in str(err):
                warn(
                    f"this SQLite ({sqlite3.sqlite_version}) has no {FTS_MODULE}: the database "
                    "has no full-text index (entries_fts)"
                )
                return None
    else:
        warn("no FTS5 tokenizer worked: the database has no full-text index (entries_fts)")
        return None
    rowids = dict(db.execute(f"SELECT {quote('id')}, rowid FROM {quote('entries')}"))
    content = []
    for entry_id in query.ids():
        entry = query.get(entry_id)
        quotes = [c.quote or c.says for c in query.citations(entry)]
        text = "\n".join([*_fts_text(entry), *quotes])
        content.append((rowids[entry.id], entry.id, entry.type, entry.label, text))
    db.executemany(
        f"INSERT INTO {quote('entries_fts')} (rowid, id, type, name, text) VALUES (?, ?, ?, ?, ?)",
        content,
    )
    return tokenizer


def _sql_string(text: str) -> str:
    """A string literal, for the one place SQL takes no parameter (a tokenize option)."""
    return "'" + text.replace("'", "''") + "'"


def searched(table: Table) -> list[str]:
    """The columns of a table its full-text index covers (none: it has no index). FTS5
    reserves the names rank and rowid, so a role's rank is left out."""
    return [c.name for c in table.columns if c.searchable and c.name not in ("rank", "rowid")]


def fts_name(table: Table) -> str:
    return f"{table.name}_fts"


def _table_index(db: sqlite3.Connection, table: Table, tokenizer: str) -> None:
    """An FTS5 index of one table's text, laid out as sqlite-utils' enable_fts makes it: an
    external-content table named <table>_fts with content="<table>" written exactly so (both
    Datasette and sqlite-utils find it with LIKE '%content="<table>"%'), triggers that keep
    it in step with later edits, and a rebuild that fills it now."""
    columns = searched(table)
    if not columns:
        return
    name, fts = quote(table.name), quote(fts_name(table))
    listed = ", ".join(quote(c) for c in columns)
    new = ", ".join(f"new.{quote(c)}" for c in columns)
    old = ", ".join(f"old.{quote(c)}" for c in columns)
    db.execute(
        f"CREATE VIRTUAL TABLE {fts} USING {FTS_MODULE} ({listed}, "
        f"tokenize={_sql_string(tokenizer)}, content={name})"
    )
    db.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
    insert = f"INSERT INTO {fts} (rowid, {listed}) VALUES (new.rowid, {new});"
    delete = f"INSERT INTO {fts} ({fts}, rowid, {listed}) VALUES ('delete', old.rowid, {old});"
    for suffix, event, body in (
        ("ai", "INSERT", insert),
        ("ad", "DELETE", delete),
        ("au", "UPDATE", delete + " " + insert),
    ):
        db.execute(
            f"CREATE TRIGGER {quote(f'{table.name}_{suffix}')} AFTER {event} ON {name} "
            f"BEGIN {body} END"
        )


_DATE_COLUMNS = (
    Column(
        "date_start",
        "TEXT",
        "the earliest possible day of its date, as an ISO day "
        "(YYYY-MM-DD) that sorts; NULL when open or unknown, or when it has no date",
    ),
    Column(
        "date_end",
        "TEXT",
        "the latest possible day of its date, as an ISO day; NULL "
        "when open or unknown, or when it has no date",
    ),
)


def date_span(entry) -> tuple[datetime.date | None, datetime.date | None]:
    """An entry's earliest and latest possible days (None: open, unknown or no date): its
    `date`, an organization's `founded`, a person's roles from the first `as_of` to the last
    `until` (or `as_of`)."""
    if isinstance(entry, Person):
        spans = [role_span(role) for role in entry.roles]
        starts = [start for start, _ in spans]
        ends = [end for _, end in spans]
        if not spans:
            return None, None
        return (None if None in starts else min(starts), None if None in ends else max(ends))
    date = getattr(entry, "date", None) or getattr(entry, "founded", None)
    return _bounds(date)


def role_span(role) -> tuple[datetime.date | None, datetime.date | None]:
    """A role held from its `as_of` to its `until`, or through its `as_of` when it has none."""
    start, end = _bounds(role.as_of)
    if role.until is not None:
        end = _bounds(role.until)[1]
    return start, end


def _bounds(date) -> tuple[datetime.date | None, datetime.date | None]:
    if date is None:
        return None, None
    return (None if date.open_start else date.lower, None if date.open_end else date.upper)


def _span_columns(span) -> dict[str, str | None]:
    start, end = span
    return {
        "date_start": start.isoformat() if start else None,
        "date_end": end.isoformat() if end else None,
    }
