"""Every citation in the data files, with the file and line it is written on.

The loader checks the data and builds the model, which keeps no positions; verify needs the
line of each quote, so it walks the parsed TOML the loader kept (each file is read and parsed
once: bilat.load.Document) and finds lines by text.

Finding lines is linear in the file: the text is split into lines once (the loader's
locator), and each quote is looked for only within its own entry, from the line of the
citation before it, by one str.find over that stretch; the offset found becomes a line by
bisection. A quote whose words are not written as they read (TOML escapes) is given its
entry's first line rather than searched for through the rest of the file.
"""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from bilat import schema
from bilat.citations import walk_record


class FoundCitation:
    """One citation as written in a data file."""

    __slots__ = ("file", "line", "entry", "source", "quote", "kind", "by", "field")

    def __init__(
        self,
        file: str,
        line: int | None,
        entry: str,
        source: str,
        quote: str | None,
        kind: str | None = None,
        by: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.entry = entry
        self.kind = kind  # the entry's type: "event", "statement"…
        self.source = source
        self.quote = quote
        self.by = by  # whose words, as the citation says (a mention's own `by` otherwise)
        self.field = field  # where the entry writes it: "sources[0]", "roles[1].sources[0]"…


class SourceFile:
    """Where a source is defined: its file and line, and the folder its archive is found
    from (`folder`) and must stay inside (`within`)."""

    __slots__ = ("file", "folder", "within", "line", "hash_line", "speaker_lines")

    def __init__(
        self,
        file: str,
        folder: Path,
        within: Path,
        line: int | None,
        hash_line: int | None,
        speaker_lines: tuple[int | None, ...] = (),
    ) -> None:
        self.file = file
        self.folder = folder
        self.within = within
        self.line = line  # of its archive field
        self.hash_line = hash_line  # of its archive_sha256 field
        self.speaker_lines = speaker_lines  # of each passage of its speakers map


def walk(document, found: list[FoundCitation], sources: dict[str, SourceFile]) -> None:
    """Add the document's citations to `found` and its sources to `sources`, in file order."""
    locator = document.locator
    text = locator.text
    name = document.name
    headers = locator.headers()  # one pass over the lines; then offsets and bisection only
    starts, header_lines = locator.starts, locator.header_lines
    last = len(starts)  # starts has one more item than there are lines
    # [[amend]] tables carry citations too: their quotes are checked like an entry's.
    tables = [(k.table, k.type) for k in schema.KINDS] + [(schema.AMEND_TABLE, schema.AMEND_TABLE)]
    for table, type_name in tables:
        entries = document.data.get(table)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(entry_id, str):
                continue
            start = headers.get((table, index)) or 1
            cursor = starts[start - 1]
            following = bisect_right(header_lines, start)
            end = starts[header_lines[following] - 1 if following < len(header_lines) else last - 1]
            if type_name == "source":  # located at its archive field, what a finding is about
                line = locator.line(table, index, "archive") or start
                hash_line = locator.line(table, index, "archive_sha256") or start
                speakers = entry.get("speakers") if isinstance(entry, dict) else None
                speaker_lines: list[int | None] = []
                if isinstance(speakers, list):  # each passage at its opening words
                    at_field = locator.line(table, index, "speakers") or start
                    cursor = max(cursor, starts[at_field - 1])
                    for passage in speakers:
                        words = passage.get("opening") if isinstance(passage, dict) else None
                        at = _offset_of(text, cursor, end, {"quote": words})
                        if at is not None:
                            cursor = at
                        speaker_lines.append(
                            bisect_right(starts, at) if at is not None else at_field
                        )
                sources.setdefault(
                    entry_id,
                    SourceFile(
                        name,
                        document.folder,
                        document.within,
                        line,
                        hash_line,
                        tuple(speaker_lines),
                    ),
                )
                continue
            for carried in walk_record({**entry, "type": type_name}):
                citation = carried.item
                at = _offset_of(text, cursor, end, citation)
                if at is not None:
                    cursor = at
                found.append(
                    FoundCitation(
                        name,
                        bisect_right(starts, at) if at is not None else start,
                        entry_id,
                        str(citation.get("source")),
                        citation.get("quote"),
                        type_name,
                        citation.get("by"),
                        _path(carried),
                    )
                )


def _path(carried) -> str:
    """The citation's place in its entry: sources[0], roles[1].sources[0], mentions[2]."""
    if carried.via.startswith("mentions"):
        return carried.via
    prefix = "" if carried.via == "sources" else f"{carried.via}."
    return f"{prefix}sources[{carried.position}]"


def _offset_of(text: str, start: int, end: int, citation: dict) -> int | None:
    """Where, between the offsets `start` and `end` (the citation's entry), the citation's
    quote (or paraphrase) is written, found by its opening words as TOML would spell them."""
    words = citation.get("quote") or citation.get("says")
    if not isinstance(words, str) or not words.strip():
        return None
    opening = words.strip().splitlines()[0][:40]
    escaped = opening.replace("\\", "\\\\").replace('"', '\\"')
    found = text.find(escaped, start, end)
    if found < 0 and escaped != opening:
        found = text.find(opening, start, end)
    return found if found >= 0 else None
