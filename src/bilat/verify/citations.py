"""Every citation in the data files, with the file and line it is written on.

The loader checks the data and builds the model, which keeps no positions; verify needs the
line of each quote, so it walks the parsed TOML of each file itself and finds lines by text.
"""

from __future__ import annotations

from pathlib import Path

from bilat import schema
from bilat.citations import walk_record


class FoundCitation:
    """One citation as written in a data file."""

    __slots__ = ("file", "line", "entry", "source", "quote", "kind")

    def __init__(
        self,
        file: str,
        line: int | None,
        entry: str,
        source: str,
        quote: str | None,
        kind: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.entry = entry
        self.kind = kind  # the entry's type: "event", "statement"…
        self.source = source
        self.quote = quote


class SourceFile:
    """Where a source is defined: its file (for relative archive paths) and line."""

    __slots__ = ("file", "path", "line")

    def __init__(self, file: str, path: Path, line: int | None) -> None:
        self.file = file
        self.path = path
        self.line = line


def walk(
    name: str,
    path: Path,
    text: str,
    document: dict,
    found: list[FoundCitation],
    sources: dict[str, SourceFile],
) -> None:
    """Add the file's citations to `found` and its sources to `sources`, in file order."""
    from bilat.load import _Locator

    locator = _Locator(text)
    lines = text.splitlines()
    for kind in schema.KINDS:
        for index, entry in enumerate(document.get(kind.table) or ()):
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(entry_id, str):
                continue
            start = locator.line(kind.table, index) or 1
            if kind.type == "source":
                sources[entry_id] = SourceFile(name, path, start)
                continue
            cursor = start
            for citation in (c.item for c in walk_record({**entry, "type": kind.type})):
                line = _line_of(lines, cursor, citation)
                if line is not None:
                    cursor = line
                found.append(
                    FoundCitation(
                        name,
                        line or start,
                        entry_id,
                        str(citation.get("source")),
                        citation.get("quote"),
                        kind.type,
                    )
                )


def _line_of(lines: list[str], start: int, citation: dict) -> int | None:
    """The first line, from `start` on, where the citation's quote (or paraphrase) is
    written, found by its opening words as TOML would spell them."""
    text = citation.get("quote") or citation.get("says")
    if not isinstance(text, str) or not text.strip():
        return None
    opening = text.strip().splitlines()[0][:40]
    escaped = opening.replace("\\", "\\\\").replace('"', '\\"')
    for number in range(start, len(lines) + 1):
        line = lines[number - 1]
        if escaped in line or opening in line:
            return number
    return None
