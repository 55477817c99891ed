"""What renderers are given: a listing or one entry, the columns to show, and the output.

Views wrap domain objects; the model never renders itself. Machine formats read `records`;
human formats read `cells`, which turn dates, references and nested tables into short text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from bilat import schema
from bilat.dates import EdtfDate
from bilat.records import plain_value, record


@dataclass(frozen=True, slots=True)
class Output:
    """Where output goes and what the reader can see: chosen once, by the CLI or a test."""

    stream: TextIO
    is_terminal: bool = False
    color: bool = False
    width: int = 100


# Human column headers for fields and derived columns.
HEADERS = {
    "id": "ID", "type": "Type", "date": "Date", "title": "Title", "name": "Name",
    "kind": "Kind", "participants": "Who", "confidence": "Confidence", "category": "Category",
    "mentions": "What the sources say", "makers": "Makers", "country": "Country",
    "roles": "Role", "summary": "Summary", "by": "By", "topics": "Topics",
    "publisher": "Publisher", "url": "URL", "matched": "Matched in", "origin": "Origin",
    "definition": "Definition", "sipri": "SIPRI category", "count": "Items",
    "description": "Description", "aliases": "Aliases", "countries": "Countries",
}

# What a table shows when no --fields is given.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "event": ("date", "title", "kind", "participants", "confidence"),
    "equipment": ("id", "name", "category", "mentions", "makers"),
    "person": ("id", "name", "country", "roles"),
    "organization": ("id", "name", "kind", "country"),
    "statement": ("date", "by", "summary", "topics"),
    "source": ("id", "publisher", "title", "date", "url"),
    "category": ("id", "name", "sipri", "count", "definition"),
    "result": ("type", "id", "name", "matched"),
}


def valid_fields(type_name: str) -> tuple[str, ...]:
    """The fields --fields accepts for a listing of this type."""
    if type_name in schema.KIND_BY_TYPE:
        return schema.output_fields(schema.KIND_BY_TYPE[type_name])
    return {"category": ("id", "type", "name", "definition", "sipri", "aliases", "count"),
            "result": ("id", "type", "name", "matched")}[type_name]


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a listing: its machine record and the model object behind it."""

    record: dict[str, object]
    entry: object = None


@dataclass(frozen=True)
class Listing:
    type: str  # "event", "equipment"…, "category", or "result" for search
    rows: Sequence[Row]
    columns: tuple[str, ...]  # the chosen fields, in order
    names: Callable[[str], str] = str  # id -> display name, for references in human output
    explicit_fields: bool = False  # True when the user chose columns with --fields

    def records(self) -> list[dict[str, object]]:
        """Machine records with the chosen fields (all fields unless --fields was given)."""
        if not self.explicit_fields:
            return [row.record for row in self.rows]
        return [{name: row.record.get(name) for name in self.columns} for row in self.rows]

    def table_columns(self) -> tuple[str, ...]:
        """Columns of csv/tsv: the chosen fields, else every key, so they match JSON."""
        if self.explicit_fields:
            return self.columns
        if self.type in schema.KIND_BY_TYPE:
            return schema.output_fields(schema.KIND_BY_TYPE[self.type])
        return valid_fields(self.type)

    def headers(self) -> list[str]:
        return [HEADERS.get(name, name) for name in self.columns]

    def cells(self, row: Row) -> list[str]:
        return [human_cell(row, name, self.names) for name in self.columns]


@dataclass(frozen=True)
class EntryView:
    """One entry in full, with where its citations come from and what links to it."""

    entry: object
    citations: list[tuple[str, str, str | None]]  # (source label, quote, note)
    linked_from: list[tuple[str, str, str, str]]  # (id, type, name, field)
    names: Callable[[str], str] = str
    record: dict[str, object] = field(default_factory=dict)

    def machine(self) -> dict[str, object]:
        out = dict(self.record or record(self.entry))
        out["linked_from"] = [{"id": i, "type": t, "name": n, "field": f}
                              for i, t, n, f in self.linked_from]
        return out


def human_cell(row: Row, name: str, names: Callable[[str], str]) -> str:
    """A field as short human text: dates as people read them, ids as names."""
    entry = row.entry
    value = getattr(entry, name, None) if entry is not None else None
    if value is None:
        value = row.record.get(name)
    return human_value(name, value, names)


def human_value(name: str, value: object, names: Callable[[str], str]) -> str:
    if value is None:
        return ""
    if isinstance(value, EdtfDate):
        return value.display()
    if name in ("participants", "makers", "by", "about", "attributed_to", "parent",
                "organization"):
        items = value if isinstance(value, (tuple, list)) else (value,)
        return ", ".join(names(str(v)) for v in items)
    if name == "mentions":
        return "; ".join(dict.fromkeys(_mention_text(m, names) for m in value))
    if name == "roles":
        return _role_text(value)
    if name == "sources":
        return ", ".join(getattr(c, "source", None) or str(c.get("source")) for c in value)
    if isinstance(value, (tuple, list)):
        return ", ".join(str(plain_value(v)) for v in value)
    return str(value)


def _mention_text(mention, names: Callable[[str], str]) -> str:
    text = mention.stance
    if mention.for_country:
        text += {"offered": " to ", "in-service": " in "}.get(mention.stance, " for ")
        text += mention.for_country
    if mention.by:
        text += f" (per {names(mention.by)})"
    return text


def _role_text(roles) -> str:
    """The most recent role, with its rank and the date it was held."""
    if not roles:
        return ""
    latest = max(roles, key=lambda r: r.as_of.sort_key())
    prefix = f"{latest.rank}, " if latest.rank else ""
    return f"{prefix}{latest.title} (as of {latest.as_of.display()})"
