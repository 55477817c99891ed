"""A comparison as people and scripts read it.

- text: one line per entry and per changed field, words changed inside a text marked as
  `git diff --word-diff` marks them ([-removed-] {+added+}); on a terminal, wrapped at spaces
  to its width and coloured (red removed, green added), never cut inside a word or an id;
- json: one document, every key always present; ndjson: one entry per line;
- markdown: a corrections page, a list per kind of change.
"""

from __future__ import annotations

import json
import re

from bilat.diff.compare import (
    ADDED,
    CHANGED,
    REMOVED,
    Comparison,
    EntryChange,
    FieldChange,
    ItemChange,
)
from bilat.diff.words import marked, word_diff
from bilat.text import escape_markdown_line as _md

FORMATS = ("text", "json", "ndjson", "markdown")
_ITEM_NAMES = {"sources": "citation", "roles": "role", "mentions": "mention"}
_TEXT_AT = 40  # texts at least this long show a word diff rather than both versions


def summary(comparison: Comparison) -> str:
    if not comparison.differ:
        return f"no differences ({comparison.new_count} entries)"
    counts = ", ".join(
        f"{comparison.count(status)} {status}" for status in (ADDED, REMOVED, CHANGED)
    )
    return f"{counts} (of {comparison.old_count} entries before, {comparison.new_count} after)"


# -- text -------------------------------------------------------------------------------------


def text_lines(comparison: Comparison) -> list[tuple[int, str]]:
    """(indent level, line) pairs: a heading line per entry, then its changes."""
    lines: list[tuple[int, str]] = [(0, summary(comparison))]
    for entry in comparison.entries:
        lines.append((0, ""))
        lines.append((0, f"{entry.status} {entry.type} {entry.id} — {_one_line(entry.name)}"))
        for change in entry.fields:
            lines += _field_lines(change, 1)
    return lines


def _field_lines(change: FieldChange, level: int) -> list[tuple[int, str]]:
    if change.items:
        lines = [(level, f"{change.field}:")]
        for item in change.items:
            lines += _item_lines(change.field, item, level + 1)
        return lines
    if change.added or change.removed or change.change == "reordered":
        parts = [f"added {_shown(v)}" for v in change.added]
        parts += [f"removed {_shown(v)}" for v in change.removed]
        return [(level, f"{change.field}: {'; '.join(parts) or change.change}")]
    return [(level, f"{change.field}: {_value_change(change)}")]


def _item_lines(field: str, item: ItemChange, level: int) -> list[tuple[int, str]]:
    name = _ITEM_NAMES.get(field, "item")
    label = f"{item.change} {name} {_key_text(field, item)}"
    if item.change != CHANGED:
        values = item.new if item.change == ADDED else item.old
        return [(level, f"{label}: {_item_summary(values)}")]
    lines = [(level, label)]
    for change in item.fields:
        lines += _field_lines(change, level + 1)
    return lines


def _key_text(field: str, item: ItemChange) -> str:
    values = [str(v) for v in item.key if v]
    if field == "sources":
        return f"of {values[0]}" if values else ""
    return f"({', '.join(values)})"


def _item_summary(values: dict | None) -> str:
    values = values or {}
    if values.get("quote"):
        by = f" ({values['by']})" if values.get("by") else ""
        return f"quote{by}: “{_one_line(values['quote'])}”"
    if values.get("says"):
        return f"paraphrase: {_one_line(values['says'])}"
    shown = []
    for key, value in values.items():
        if value in (None, [], ""):
            continue
        if isinstance(value, list) and all(isinstance(v, dict) and "source" in v for v in value):
            cited = "; ".join(f"{c['source']}, {_item_summary(c)}" for c in value)
            shown.append(f"cited to {cited}")
        else:
            shown.append(f"{key} {_shown(value, key)}")
    return "; ".join(shown)


def _value_change(change: FieldChange) -> str:
    if change.change == ADDED:
        return f"added {_shown(change.new, change.field)}"
    if change.change == REMOVED:
        return f"removed {_shown(change.old, change.field)}"
    old, new = change.old, change.new
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) >= _TEXT_AT:
        return marked(word_diff(_one_line(old), _one_line(new)))
    if change.change == CHANGED:
        return f"{_shown(old, change.field)} → {_shown(new, change.field)}"
    return f"{change.change}: {old} → {new}"  # a date: EDTF text, shown bare


def _shown(value: object, field: str | None = None) -> str:
    """A value as the report prints it. Quotation marks only around a quote (a source's printed
    words); any other text is data, shown bare."""
    if isinstance(value, str):
        return f"“{_one_line(value)}”" if field == "quote" else _one_line(value)
    if value is True or value is False:
        return "true" if value else "false"
    return _one_line(json.dumps(value, ensure_ascii=False))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def write_text(comparison: Comparison, out) -> None:
    """Plain lines; on a terminal, wrapped at spaces to its width and coloured."""
    lines = text_lines(comparison)
    if not out.is_terminal:
        out.stream.write("".join(f"{'  ' * level}{line}\n" for level, line in lines))
        return
    from rich.console import Console

    console = Console(
        file=out.stream,
        width=out.width,
        color_system="standard" if out.color else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=True,
    )
    for level, line in lines:
        indent = "  " * level
        for piece in _wrapped(_styled(line), out.width - len(indent) - 2, len(indent)):
            console.print(piece)


def _styled(line: str):
    """The line as Rich Text, word-diff runs coloured (markers kept: they read without colour)."""
    from rich.text import Text

    text = Text(line)
    for match in re.finditer(r"\[-.*?-\]", line):
        text.stylize("red", match.start(), match.end())
    for match in re.finditer(r"\{\+.*?\+\}", line):
        text.stylize("green", match.start(), match.end())
    if line.startswith((ADDED, REMOVED, CHANGED)):
        text.stylize("bold", 0, len(line.split(" ", 1)[0]))
    return text


def _wrapped(text, width: int, indent: int) -> list:
    """The text broken at spaces into lines of at most `width` cells (a longer word — an id
    or a URL — stands whole on its own line), the first indented by `indent`, the rest by
    two more."""
    from rich.cells import cell_len
    from rich.text import Text

    plain = text.plain
    breaks, used = [], 0
    for match in re.finditer(r"\S+", plain):
        word = cell_len(match.group())
        if used and used + 1 + word > max(width, 1):
            breaks.append(match.start())
            used = word
        else:
            used += (1 if used else 0) + word
    pieces = text.divide(breaks) if breaks else [text]
    out = []
    for number, piece in enumerate(pieces):
        piece.rstrip()
        margin = " " * (indent + (2 if number else 0))
        out.append(Text(margin) + piece)
    return out


# -- json, ndjson -----------------------------------------------------------------------------


def _field_record(change: FieldChange) -> dict:
    return {
        "field": change.field,
        "change": change.change,
        "old": change.old,
        "new": change.new,
        "added": list(change.added),
        "removed": list(change.removed),
        "items": [_item_record(item) for item in change.items],
    }


def _item_record(item: ItemChange) -> dict:
    return {
        "change": item.change,
        "key": list(item.key),
        "old": item.old,
        "new": item.new,
        "fields": [_field_record(f) for f in item.fields],
    }


def entry_record(entry: EntryChange) -> dict:
    return {
        "id": entry.id,
        "type": entry.type,
        "name": entry.name,
        "status": entry.status,
        "fields": [_field_record(f) for f in entry.fields],
    }


def write_json(comparison: Comparison, out, old_files: list[str], new_files: list[str]) -> None:
    document = {
        "old": {"files": old_files, "entries": comparison.old_count},
        "new": {"files": new_files, "entries": comparison.new_count},
        "summary": {status: comparison.count(status) for status in (ADDED, REMOVED, CHANGED)},
        "entries": [entry_record(e) for e in comparison.entries],
    }
    indent = 2 if out.is_terminal else None
    separators = None if indent else (",", ":")
    out.stream.write(json.dumps(document, ensure_ascii=False, indent=indent, separators=separators))
    out.stream.write("\n")


def write_ndjson(comparison: Comparison, out) -> None:
    for entry in comparison.entries:
        out.stream.write(
            json.dumps(entry_record(entry), ensure_ascii=False, separators=(",", ":")) + "\n"
        )


# -- markdown ---------------------------------------------------------------------------------


def write_markdown(comparison: Comparison, out) -> None:
    lines = ["# Corrections", "", _md(summary(comparison)) + "."]
    for status, heading in ((CHANGED, "Changed"), (ADDED, "Added"), (REMOVED, "Removed")):
        entries = [e for e in comparison.entries if e.status == status]
        if not entries:
            continue
        lines += ["", f"## {heading}", ""]
        for entry in entries:
            lines.append(f"- **{_md(entry.id)}** ({entry.type}) — {_md(entry.name)}")
            for change in entry.fields:
                lines += [
                    f"{'  ' * level}- {_markdown_line(line)}"
                    for level, line in _field_lines(change, 1)
                ]
    out.stream.write("\n".join(lines) + "\n")


def _markdown_line(line: str) -> str:
    """A text line in Markdown: escaped, with word-diff runs as ~~struck~~ and **bold**."""
    parts = re.split(r"(\[-.*?-\]|\{\+.*?\+\})", line)
    out = []
    for part in parts:
        if part.startswith("[-") and part.endswith("-]"):
            out.append(f"~~{_md(part[2:-2])}~~")
        elif part.startswith("{+") and part.endswith("+}"):
            out.append(f"**{_md(part[2:-2])}**")
        else:
            out.append(_md_keeping_spaces(part))
    return "".join(out)


def _md_keeping_spaces(text: str) -> str:
    if not text.strip():
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return lead[:1] + _md(text) + trail[:1]


def write(comparison: Comparison, fmt: str, out, old_files: list[str], new_files: list[str]):
    if fmt == "json":
        write_json(comparison, out, old_files, new_files)
    elif fmt == "ndjson":
        write_ndjson(comparison, out)
    elif fmt == "markdown":
        write_markdown(comparison, out)
    else:
        write_text(comparison, out)
