"""The bodies of the query commands — `bilat timeline`, `show`, `cite` and the rest — once their
options are parsed, with no Typer in sight.

Two front ends call these with the same typed options (bilat.commands.options): the Typer
commands in bilat.cli and the fast argument path in bilat.fastpath, which answers common
queries without importing Typer. One body each is what makes the two paths unable to
disagree.
"""

from __future__ import annotations

import json
import sys
from json.encoder import encode_basestring as quoted  # as json.dumps, not ASCII-only
from typing import TYPE_CHECKING

from bilat.commands.arguments import LIST
from bilat.commands.options import given
from bilat.records import Stored, record_of
from bilat.render.views import Row

if TYPE_CHECKING:
    from bilat.commands.options import (
        CiteOptions,
        EquipmentOptions,
        ListingOptions,
        OfficialsOptions,
        OrgsOptions,
        SearchOptions,
        ShowOptions,
        StatementsOptions,
        TimelineOptions,
    )
    from bilat.commands.session import Session
    from bilat.query.base import QueryBase as Query


def _emit(session: Session, type_name: str, entries, options: ListingOptions, filters=()):
    session.emit_entries(
        type_name, entries, options.fmt, options.fields, options.limit, list(filters)
    )


def timeline(session: Session, options: TimelineOptions) -> None:
    from bilat.commands.filters import filtered_events

    _emit(session, "event", filtered_events(session.query(), options), options, options.given())


def equipment(session: Session, options: EquipmentOptions) -> None:
    query = session.query()
    items = query.equipment(
        category=options.category,
        country=options.country,
        status=options.status,
        maker=query.resolve_filter(options.maker, "organization"),
    )
    shown = given(
        ("--category", options.category),
        ("--country", options.country),
        ("--maker", options.maker),
        ("--status", options.status),
    )
    _emit(session, "equipment", items, options, shown)


def officials(session: Session, options: OfficialsOptions) -> None:
    query = session.query()
    org = query.resolve_filter(options.org, "organization")
    people = query.people(country=options.country, org=org)
    _emit(session, "person", people, options, given(("--country", options.country), ("--org", org)))


def orgs(session: Session, options: OrgsOptions) -> None:
    found = session.query().organizations(country=options.country, kind=options.kind)
    shown = given(("--country", options.country), ("--kind", options.kind))
    _emit(session, "organization", found, options, shown)


def statements(session: Session, options: StatementsOptions) -> None:
    query = session.query()
    if options.topic == LIST:  # --topic without a value
        (session.stdout or sys.stdout).write("".join(f"{t}\n" for t in query.topics()))
        return
    by = query.resolve_filter(options.by, "person")
    found = query.statements(by=by, topic=options.topic)
    _emit(session, "statement", found, options, given(("--by", by), ("--topic", options.topic)))


def show(session: Session, options: ShowOptions) -> None:
    session.emit_entry(options.entry_id, options.fmt)


def search(session: Session, options: SearchOptions) -> None:
    text = " ".join(options.text)
    query = session.query()
    rows = search_rows(query, text)
    shown, hint = f'"{text}"', ""
    if not rows:
        # Nothing matched: a did-you-mean over names and aliases, on the one line a terminal
        # shows anyway ("no entries match …"), and on stderr when stdout is not a terminal.
        hint = _did_you_mean(query, text)
    session.emit_listing(
        "result",
        rows,
        options.fmt,
        options.fields,
        options.limit,
        [shown + hint],
        say_nothing_matched=bool(hint),
    )


def _did_you_mean(query: Query, text: str) -> str:
    """' (did you mean "Valiyev"?)' for a name, alias or word of a name close to text."""
    from bilat.errors import Suggestions

    choices: dict[str, None] = {}
    for name in query.names():
        choices[name] = None
        choices.update(dict.fromkeys(w for w in name.split() if len(w) > 3))
    return Suggestions(list(choices))(text)


def categories(session: Session, options: ListingOptions) -> None:
    rows = category_rows(session.query())
    session.emit_listing("category", rows, options.fmt, options.fields, options.limit)


def sources(session: Session, options: ListingOptions) -> None:
    _emit(session, "source", session.query().sources(), options)


def cite(session: Session, options: CiteOptions) -> None:

    stream = session.stdout or sys.stdout
    formats = ("text", "csl-json")
    if options.fmt not in formats:
        from bilat.errors import unknown_choice

        raise unknown_choice("format", options.fmt, formats)
    query = session.query()
    if options.fmt == "csl-json":
        from bilat.export.csl_json import csl_items

        items = csl_items(query, _cited_records(query, options.entry_ids), options.quotes_only)
        stream.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return
    for line in cite_lines(query, options.entry_ids, options.style, options.quotes_only):
        stream.write(line + "\n")


def search_rows(query: Query, text: str) -> SearchRows:
    return SearchRows(query.search(text))


class SearchRows:
    """Search results as rows, made one at a time as they are read: a common word can find
    tens of thousands of entries, and a renderer that streams (plain, ndjson, csv, tsv,
    compact json) then holds one decoded record at a time. Its length is a count and its
    first N (--limit) read about N hits from the index (bilat.query.search.fts.IndexedHits)."""

    __slots__ = ("_hits",)

    def __init__(self, hits) -> None:
        self._hits = hits

    def __len__(self) -> int:
        return len(self._hits)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return SearchRows(self._hits[index])
        return SearchRow(self._hits[index])

    def __iter__(self):
        for hit in self._hits:
            yield SearchRow(hit)

    def made(self, make):
        """make(row) of each row, in order; a long result from the index is made by two
        processes (bilat.query.search.split), so `make` must depend on the row alone."""
        texts = getattr(self._hits, "texts", None)
        if texts is not None:
            return texts(lambda hit: make(SearchRow(hit)))
        return (make(SearchRow(hit)) for hit in self._hits)


# The kinds whose records have a `name` (the hit's name, which a search row sets again).
NAMED_KINDS = ("person", "organization", "equipment")


class SearchRow(Row):
    """A hit as a listing row: the entry's record with its name, where it matched and the
    snippet. The id, type, name, field and snippet are at hand without the record."""

    __slots__ = ("_hit",)

    def __init__(self, hit) -> None:
        # Not a bound method: a row must not refer to itself (no cycle for the collector,
        # which is paused while hits stream).
        super().__init__(None, hit.entry, lambda entry: _with_place(entry, hit))
        self._hit = hit

    def value(self, name: str) -> object:
        if self._record is None:
            if name == "id":
                return self.entry.id
            if name == "type":
                return self.entry.type
            if name == "name":
                return self.entry.label
            if name == "matched":
                return self._hit.field
            if name == "snippet":
                return self._hit.snippet
        return self.record.get(name)

    @property
    def json_text(self) -> str | None:
        """The row as compact JSON, when the record is at hand as such (from the index):
        the record's text with the three fields added, the bytes json.dumps gives for the
        record with them, without decoding it."""
        if self._record is not None or not isinstance(self.entry, Stored):
            return None
        text = self.entry.text
        if not text.endswith("}") or '"matched":' in text or '"snippet":' in text:
            return None  # not a record this splicing knows: encode it
        field, snippet = self._hit.place()
        name = "" if self.entry.type in NAMED_KINDS else f',"name":{quoted(self.entry.label)}'
        return f'{text[:-1]}{name},"matched":{quoted(field)},"snippet":{quoted(snippet)}}}'


def _with_place(entry, hit) -> dict[str, object]:
    data = dict(record_of(entry))
    data["name"] = entry.label
    data["matched"], data["snippet"] = hit.place()
    return data


def category_rows(query: Query) -> list[Row]:
    return [
        Row(
            {
                "id": c.id,
                "type": "category",
                "name": c.name,
                "definition": c.definition,
                "sipri": c.sipri,
                "aliases": list(c.aliases),
                "count": count,
            }
        )
        for c, count in query.categories()
    ]


def _cited_records(query: Query, entry_ids: list[str]) -> list[dict]:
    """The records of the entries asked for; every id (or exact name or alias) is resolved
    before anything is printed."""
    return [record_of(query.get(query.resolve(entry_id))) for entry_id in entry_ids]


def cite_lines(
    query: Query, entry_ids: list[str], style: str, quotes_only: bool = False
) -> list[str]:
    """One citation line per source citation of each entry, in the order given; a source's
    id gives the line that cites the source itself. In Markdown, a list under a label for each
    id, each item saying what it supports when that is not the entry itself (a role, a
    mention). Read from the entries' records, so a run answered from the index needs no model
    objects."""
    from bilat.citations import (
        STYLES,
        cited_by,
        format_citation,
        record_parts,
        stance_text,
        walk_record,
    )
    from bilat.vocab.countries import country_name

    if style not in STYLES:
        from bilat.errors import unknown_choice

        raise unknown_choice("style", style, STYLES)
    markdown = style == "markdown"
    lines: list[str] = []
    for data in _cited_records(query, entry_ids):
        found = []
        if data["type"] == "source" and not quotes_only:
            found.append((None, format_citation(record_parts(data, None, None), style)))
        for carried in walk_record(data):
            if quotes_only and not carried.quote:
                continue
            source = record_of(query.get(str(carried.source)))
            speaker = query.name_of(carried.by) if carried.by else None
            line = format_citation(record_parts(source, carried.item, speaker), style)
            label = carried.label
            if carried.stance:  # a mention: what the source says of the item, and for whom
                country = carried.country
                label = stance_text(
                    carried.stance, f"{country_name(country)} ({country})" if country else None
                )
            found.append((label, line))
        if not markdown:
            lines += [line for _, line in found]
            continue
        if lines:
            lines.append("")
        lines += [cited_by(data["id"], query.name_of(data["id"]), data), ""]
        lines += [f"- {_supports(label)}{line}" for label, line in found]
        if not found:
            lines.append("- (no citation carries a source's words)" if quotes_only else "-")
    return lines


def _supports(label: str | None) -> str:
    from bilat.citations import markdown_label

    return f"{markdown_label(label)}: " if label else ""
