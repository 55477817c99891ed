"""What renderers are given: a listing or one entry, the columns to show, and the output.

Views wrap domain objects; the model never renders itself. Machine formats read `records`;
human formats read `cells`, which turn dates, references and nested tables into short text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from bilat.records import plain_value, record_of

# The classes below are plain slotted classes rather than dataclasses on purpose: every run
# creates them, and building a dataclass costs ~0.8 ms of start-up each.


class Output:
    """Where output goes and what the reader can see: chosen once, by the CLI or a test."""

    __slots__ = ("stream", "is_terminal", "color", "width", "ascii")

    def __init__(
        self,
        stream: TextIO,
        is_terminal: bool = False,
        color: bool = False,
        width: int = 100,
        ascii: bool = False,
    ) -> None:
        self.stream = stream
        self.is_terminal = is_terminal
        self.color = color
        self.width = width
        self.ascii = ascii  # TERM=dumb: boxes drawn with + - | rather than box drawing


# Human column headers for fields and derived columns.
HEADERS = {
    "id": "ID",
    "type": "Type",
    "date": "Date",
    "title": "Title",
    "name": "Name",
    "kind": "Kind",
    "participants": "Who",
    "confidence": "Confidence",
    "category": "Category",
    "mentions": "What the sources say",
    "makers": "Makers",
    "country": "Country",
    "roles": "Role",
    "summary": "Summary",
    "by": "By",
    "topics": "Topics",
    "publisher": "Publisher",
    "url": "URL",
    "matched": "Matched in",
    "snippet": "Match",
    "origin": "Origin",
    "definition": "Definition",
    "sipri": "SIPRI category",
    "count": "Items",
    "description": "Description",
    "aliases": "Aliases",
    "countries": "Countries",
    "said": "What was said",
    "primary": "Primary",
    "role": "Role",
    "date_start": "First day",
    "date_end": "Last day",
    "date_display": "Date shown",
}

# How each column may be fitted to the width (see render/layout.py): its layout kind and its
# priority (0: never dropped; higher numbers give way first when the width runs short).
FIT: dict[str, tuple[str, int]] = {
    "id": ("atom", 0),
    "name": ("name", 0),
    "title": ("prose", 0),
    "date": ("name", 0),
    "type": ("atom", 1),
    "kind": ("atom", 3),
    "confidence": ("atom", 4),
    "participants": ("name", 2),
    "category": ("atom", 3),
    "description": ("prose", 4),
    "mentions": ("prose", 1),
    "makers": ("name", 5),
    "country": ("atom", 2),
    "roles": ("prose", 1),
    "summary": ("prose", 3),
    "said": ("prose", 1),
    "by": ("name", 2),
    "topics": ("name", 4),
    "publisher": ("name", 1),
    "url": ("atom", 2),
    "matched": ("name", 2),
    "snippet": ("prose", 0),
    "definition": ("prose", 3),
    "sipri": ("name", 2),
    "count": ("atom", 1),
    "aliases": ("name", 2),  # a list of words: widened after the prose
    "origin": ("atom", 3),
    "primary": ("atom", 3),
    "role": ("name", 3),
    "date_start": ("atom", 0),
    "date_end": ("atom", 0),
    "date_display": ("name", 2),
}
# Where a field matters less in one listing than in general.
FIT_BY_TYPE: dict[tuple[str, str], tuple[str, int]] = {
    # A fact-checker's sources view never loses the address or the date: cards rather than a
    # table without them.
    ("source", "date"): ("name", 0),
    ("source", "url"): ("atom", 0),
    ("source", "publisher"): ("prose", 1),
    ("category", "name"): ("name", 1),
    ("category", "sipri"): ("name", 4),
}


def fit_of(type_name: str, name: str) -> tuple[str, int]:
    return FIT_BY_TYPE.get((type_name, name)) or FIT.get(name, ("prose", 5))


# What a table shows when no --fields is given.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "event": ("id", "date", "title", "kind", "participants", "confidence"),
    "equipment": ("id", "name", "category", "description", "mentions", "makers"),
    "person": ("id", "name", "country", "roles"),
    "organization": ("id", "name", "kind", "country"),
    "statement": ("id", "date", "by", "summary", "said", "topics"),
    "source": ("id", "publisher", "title", "date", "role", "url"),
    "category": ("id", "name", "aliases", "sipri", "count", "definition"),
    "result": ("type", "id", "name", "matched", "snippet"),
}
# What `plain` shows when it differs from the table (plain is a contract for scripts; "said"
# is a table-only view of the citations).
PLAIN_COLUMNS: dict[str, tuple[str, ...]] = {
    "statement": ("id", "date", "by", "summary", "topics"),
    "category": ("id", "name", "sipri", "count", "definition"),
    "result": ("type", "id", "name", "matched"),
}


# Made from `date` (an EDTF text, which sorts wrongly as text): the first and last day it may
# be, as ISO days (empty when that end is open or unknown), and the date as bilat shows it.
# csv and tsv carry them after `date`; --fields picks them in every format.
DATE_COLUMNS = ("date_start", "date_end", "date_display")
DATE_COLUMN_HELP = {
    "date_start": "the first day the date may be, as an ISO day (empty when open or unknown)",
    "date_end": "the last day the date may be, as an ISO day (empty when open or unknown)",
    "date_display": "the date as bilat shows it, with its precision (e.g. c. May 2023)",
}


def with_date_columns(fields: Sequence[str]) -> tuple[str, ...]:
    """The fields with DATE_COLUMNS after `date`, when there is one."""
    if "date" not in fields:
        return tuple(fields)
    at = list(fields).index("date") + 1
    return (*fields[:at], *DATE_COLUMNS, *fields[at:])


def date_columns(value: object) -> dict[str, str | None]:
    """DATE_COLUMNS of a `date` value (EDTF text or EdtfDate); None throughout when undated."""
    if value is None or value == "":
        return dict.fromkeys(DATE_COLUMNS)
    from bilat.dates import EdtfDate, parse_edtf

    date = value if isinstance(value, EdtfDate) else parse_edtf(str(value))
    return {
        "date_start": None if date.open_start else date.lower.isoformat(),
        "date_end": None if date.open_end else date.upper.isoformat(),
        "date_display": date.display(),
    }


def valid_fields(type_name: str) -> tuple[str, ...]:
    """The fields --fields accepts for a listing of this type."""
    from bilat import schema

    if type_name in schema.KIND_BY_TYPE:
        return with_date_columns(schema.output_fields(schema.KIND_BY_TYPE[type_name]))
    return {
        "category": ("id", "type", "name", "definition", "sipri", "aliases", "count"),
        "result": ("id", "type", "name", "matched", "snippet"),
    }[type_name]


# What a listing of each type holds, in the plural ("no people match --country TR").
PLURALS = {
    "event": "events",
    "equipment": "equipment items",
    "person": "people",
    "organization": "organizations",
    "statement": "statements",
    "source": "sources",
    "category": "categories",
    "result": "entries",
}


class Row:
    """One row of a listing: its machine record (made from the entry when first read, by
    `make` when the row's record is not the entry's own) and the entry behind it."""

    __slots__ = ("_record", "entry", "_make")

    def __init__(
        self,
        record: dict[str, object] | None,
        entry: object = None,
        make: Callable[[object], dict[str, object]] | None = None,
    ) -> None:
        self._record = record
        self.entry = entry
        self._make = make

    @property
    def record(self) -> dict[str, object]:
        if self._record is None:
            self._record = record_of(self.entry) if self._make is None else self._make(self.entry)
        return self._record

    def value(self, name: str) -> object:
        """One field of the record (a row that knows some without making it says so)."""
        return self.record.get(name)

    @property
    def json_text(self) -> str | None:
        """The record as compact JSON text when it is at hand already (from the index)."""
        if self._record is not None or self._make is not None:
            return None
        return getattr(self.entry, "text", None)


class Listing:
    """Rows to render, the fields chosen for them, and how to name referenced ids."""

    __slots__ = (
        "type",
        "rows",
        "columns",
        "names",
        "explicit_fields",
        "filters",
        "provenance",
        "total",
    )

    def __init__(
        self,
        type: str,
        rows: Sequence[Row],
        columns: tuple[str, ...],
        names: Callable[[str], str] = str,
        explicit_fields: bool = False,
        filters: Sequence[str] = (),
        provenance: Callable[[object], str] | None = None,
        total: int | None = None,
    ) -> None:
        self.type = type  # "event", "equipment"…, "category", or "result" for search
        self.rows = rows
        self.columns = columns  # the chosen fields, in order
        self.names = names  # id -> display name, for references in human output
        self.explicit_fields = explicit_fields  # True when the user chose --fields
        self.filters = tuple(filters)  # the filter options given, e.g. "--country PK"
        # entry -> where its citations come from ("the article + 2 outside sources")
        self.provenance = provenance
        # How many rows there are in all, when these are only the first of them (a terminal
        # shows a page): the human renderers say how many more and how to see them.
        self.total = total

    def row_texts(self, make: Callable[[Row], str]):
        """make(row) of each row, in order, made as they are printed. A long search result
        from the index may make them in two processes (bilat.query.search.split): `make` depends on
        the row alone."""
        made = getattr(self.rows, "made", None)
        return made(make) if made is not None else (make(row) for row in self.rows)

    def records(self) -> list[dict[str, object]]:
        """Machine records with the chosen fields (all fields unless --fields was given)."""
        return list(self.iter_records())

    def iter_records(self):
        """The same records, made one at a time (streaming renderers hold one at a time)."""
        if not self.explicit_fields:
            for row in self.rows:
                yield row.record
            return
        derived = [name for name in self.columns if name in DATE_COLUMNS]
        for row in self.rows:
            record = row.record
            made = date_columns(record.get("date")) if derived else {}
            yield {name: made[name] if name in made else record.get(name) for name in self.columns}

    def machine_value(self, row: Row, name: str) -> object:
        """One field of a row's record (a date column made from `date`)."""
        if name in DATE_COLUMNS:
            return date_columns(row.value("date"))[name]
        return row.value(name)

    def iter_table_records(self):
        """The records of csv and tsv: as iter_records, with the sortable date columns."""
        if self.explicit_fields or "date" not in self.table_columns():
            yield from self.iter_records()
            return
        for record in self.iter_records():
            yield {**record, **date_columns(record.get("date"))}

    def table_columns(self) -> tuple[str, ...]:
        """Columns of csv/tsv: the chosen fields, else every key of the JSON records, with
        the sortable date columns after `date`."""
        if self.explicit_fields:
            return self.columns
        return valid_fields(self.type)

    def plain_columns(self) -> tuple[str, ...]:
        """Columns of `plain`: the chosen fields, else the id (for scripts to act on) and
        then the table's columns."""
        if self.explicit_fields:
            return self.columns
        columns = PLAIN_COLUMNS.get(self.type, self.columns)
        return columns if "id" in columns else ("id", *columns)

    def headers(self) -> list[str]:
        return [HEADERS.get(name, name) for name in self.columns]

    def cells(self, row: Row) -> list[str]:
        return [human_cell(row, name, self.names) for name in self.columns]


class Cited:
    """One citation as a reader sees it: which source (and its URL), what it says, and what it
    supports when that is not the entry itself (a role, a mention)."""

    __slots__ = ("label", "url", "words", "note", "context")

    def __init__(
        self,
        label: str,
        words: str,
        note: str | None = None,
        url: str | None = None,
        context: str | None = None,
    ) -> None:
        self.label = label
        self.words = words  # the quote in quotation marks, or a marked paraphrase
        self.note = note
        self.url = url
        self.context = context  # e.g. "role Colonel General"


def what_was_said(
    citation,
    names: Callable[[str], str] = str,
    by: str | None = None,
    shown: str | None = None,
    checked: bool = True,
) -> str:
    """A citation's words: the source's exact words in quotation marks (marked unchecked when
    `checked` is False: no saved copy of the source), or bilat's paraphrase marked as one; with
    whose words they are when the data says.

    Reads `quote`, `says` and `by` with defaults, so it works on citations and mentions with or
    without a paraphrase field. `by` is the speaker when the citation names none; `shown` a
    speaker the reader sees already (not repeated)."""
    from bilat.citations import paraphrased, quoted

    quote = getattr(citation, "quote", None)
    says = getattr(citation, "says", None)
    speaker = getattr(citation, "by", None) or by
    who = f" — {names(speaker)}" if speaker and speaker != shown else ""
    if quote:
        return f"{quoted(quote, checked)}{who}"
    if says:
        return f"{paraphrased(says)}{who}"
    return ""


class EntryView:
    """One entry in full, with where its citations come from and what links to it."""

    __slots__ = ("entry", "_citations", "linked_from", "names", "record")

    def __init__(
        self,
        entry: object,
        citations: list[Cited] | Callable[[], list[Cited]],
        linked_from: list[tuple[str, str, str, str]],
        names: Callable[[str], str] = str,
        record: dict[str, object] | None = None,
    ) -> None:
        self.entry = entry
        # A Cited for each citation; may be a function, called only when a human format
        # shows them (JSON output does not need the sources looked up).
        self._citations = citations
        self.linked_from = linked_from  # (id, type, name, field)
        self.names = names
        self.record = record or {}

    @property
    def citations(self) -> list[Cited]:
        if callable(self._citations):
            self._citations = self._citations()
        return self._citations

    @property
    def heading(self) -> str:
        """The entry's name as a heading: a title bilat supplied in square brackets."""
        return human_value("title", self.entry.label, self.names, self.record)

    @property
    def defined(self) -> str | None:
        """Which file contributed what: "Defined in FILE:LINE; amended by FILE:LINE (aliases,
        roles)", or None for an entry with no `defined` in its record."""
        return defined_text(self.record.get("defined"))

    def text(self, name: str, value: object = None) -> str:
        """One of the entry's fields as short human text (the entry's own value when it has
        the field, else `value` from its record)."""
        return human_value(name, getattr(self.entry, name, value), self.names, self.record)

    def machine(self) -> dict[str, object]:
        out = dict(self.record or record_of(self.entry))
        out["linked_from"] = [
            {"id": i, "type": t, "name": n, "field": f} for i, t, n, f in self.linked_from
        ]
        return out


def defined_text(defined: object) -> str | None:
    """A record's `defined` as a line for people (see EntryView.defined)."""
    if not isinstance(defined, dict):
        return None

    from bilat.text import visible  # a file's name is whatever was given: no control codes

    def at(place: dict) -> str:
        line = place.get("line")
        name = visible(_near(str(place.get("file"))))
        return f"{name}:{line}" if line is not None else name

    text = f"Defined in {at(defined)}"
    amended = defined.get("amended") or []
    if amended:
        text += "; amended by " + ", ".join(
            f"{at(a)} ({', '.join(a.get('fields') or ())})" for a in amended
        )
    return text


def _near(path: str) -> str:
    """A full path as people would type it here: relative to the current directory when it
    lies below it (`defined` holds full paths: see bilat.load._where)."""
    import os

    if not os.path.isabs(path):
        return path
    try:
        relative = os.path.relpath(path)
    except (OSError, ValueError):  # another drive; no current directory
        return path
    return path if relative.startswith("..") else relative


# Keys of a record that `show` gives a line of their own, not a row of fields.
NOT_A_ROW = ("id", "type", "sources", "defined")


def human_cell(row: Row, name: str, names: Callable[[str], str]) -> str:
    """A field as short human text: dates as people read them, ids as names."""
    entry = row.entry
    value = getattr(entry, name, None) if entry is not None else None
    if value is None:
        value = row.record.get(name)
    if name in DATE_COLUMNS:
        return date_columns(row.record.get("date"))[name] or ""
    if name == "said" and entry is not None:  # the statement's speaker has a column already
        by = getattr(entry, "by", None)
        # What the speaker said: their own words and paraphrases of them, not the narration
        # the source wraps around them (that is the publisher's, and `show` lists it).
        said = [c for c in getattr(entry, "sources", ()) if c.by == by or (c.says and not c.by)]
        checked = getattr(names, "checked", None) or (lambda source_id: True)
        return "\n".join(
            dict.fromkeys(
                what_was_said(c, names, None, shown=by, checked=checked(c.source)) for c in said
            )
        )
    return human_value(name, value, names, row.record)


def human_value(
    name: str, value: object, names: Callable[[str], str], record: dict | None = None
) -> str:
    """A field's value as short human text. `record` is the machine record of the entry the
    value belongs to: a title bilat supplied (`title_supplied`) is shown in square brackets."""
    from bilat.dates import EdtfDate

    if value is None:
        return ""
    if name == "role" and record is not None:
        # The primary text is what the others are measured against; an outside page says
        # what it does for the data: it corroborates, adds, qualifies, contradicts…
        return "primary" if record.get("primary") else ", ".join(value) or "outside"
    if name == "title" and record is not None:
        from bilat.citations import supplied_title

        return supplied_title(str(value), bool(record.get("title_supplied")))
    if name == "primary":
        # Not "corroborating": an outside page may also add to, qualify or contradict the
        # primary text (the data's source notes say which).
        return "primary" if value else "outside"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, EdtfDate):
        return value.display()
    if name in ("participants", "makers", "by", "about", "attributed_to", "parent", "organization"):
        items = value if isinstance(value, (tuple, list)) else (value,)
        return ", ".join(names(str(v)) for v in items)
    if name == "mentions":
        return "; ".join(dict.fromkeys(_mention_text(m, names) for m in value))
    if name == "roles":
        return _role_text(value)
    if name == "sources":
        return ", ".join(getattr(c, "source", None) or str(c.get("source")) for c in value)
    if name == "speakers":  # passages as printed: their opening and closing words, quoted
        return "; ".join(_passage_text(p, names) for p in value)
    if isinstance(value, (tuple, list)):
        return ", ".join(str(plain_value(v)) for v in value)
    return str(value)


def _passage_text(passage, names: Callable[[str], str]) -> str:
    """A passage of a speakers map: whose words, from its opening to its closing words."""
    data = passage if isinstance(passage, dict) else plain_value(passage)
    return f"{names(str(data['by']))}: “{data['opening']}” … “{data['closing']}”"


class Names:
    """How ids read in a listing or a card: an entry's name (`names(id)`), and a source's
    publisher (`names.publisher_of(id)`), which says whose account a mention with no speaker
    is, and whether its quotes were checked against a saved copy (`names.checked(id)`)."""

    __slots__ = ("_name_of", "publisher_of", "checked")

    def __init__(
        self,
        name_of: Callable[[str], str],
        publisher_of: Callable[[str], str],
        checked: Callable[[str], bool] | None = None,
    ):
        self._name_of = name_of
        self.publisher_of = publisher_of
        self.checked = checked

    def __call__(self, entry_id: str) -> str:
        return self._name_of(entry_id)


def _mention_text(mention, names: Callable[[str], str]) -> str:
    """A mention as a cell: its stance, and whose account it is — the speaker a source quotes
    or reports, else the source itself (an in-service mention reads like a suggestion)."""
    from bilat.citations import stance_text

    text = stance_text(mention.stance, mention.for_country, words=False)
    publisher_of = getattr(names, "publisher_of", None)
    if mention.by:
        text += f" (per {names(mention.by)})"
    elif publisher_of is not None and mention.source:
        text += f" (per {publisher_of(mention.source)})"
    return text


def _role_text(roles) -> str:
    """The most recent role, with its rank and the date it was held."""
    if not roles:
        return ""
    latest = max(roles, key=lambda r: r.as_of.sort_key())
    prefix = f"{latest.rank}, " if latest.rank and latest.rank != latest.title else ""
    return f"{prefix}{latest.title} (as of {latest.as_of.display()})"
