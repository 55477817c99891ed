"""Markdown: a GitHub pipe table with the human cells of the table format. A `|` in a value is
escaped and line breaks become <br>, so no value can break the table; HTML, links, emphasis
and code in the data are escaped as `cite --style markdown` escapes them, so a rendered page
shows the text and never runs it."""

from __future__ import annotations

from bilat.render.views import NOT_A_ROW, EntryView, Listing, Output
from bilat.text import escape_markdown


def _cell(text: str) -> str:
    text = escape_markdown(text)
    return "<br>".join(part.strip() for part in text.replace("\r", "").split("\n")) or " "


def _table(out: Output, header: list[str], rows: list[list[str]]) -> None:
    out.stream.write("| " + " | ".join(_cell(h) for h in header) + " |\n")
    out.stream.write("|" + "|".join(" --- " for _ in header) + "|\n")
    for row in rows:
        out.stream.write("| " + " | ".join(_cell(c) for c in row) + " |\n")


class MarkdownRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        _table(out, listing.headers(), [listing.cells(row) for row in listing.rows])

    def entry(self, view: EntryView, out: Output) -> None:
        entry = view.entry
        out.stream.write(f"### {_cell(view.heading)}\n\n`{entry.type}` `{entry.id}`\n\n")
        rows = [
            [name, view.text(name, value)]
            for name, value in view.record.items()
            if name not in NOT_A_ROW and value not in (None, [], "")
        ]
        _table(out, ["Field", "Value"], rows)
        if view.defined:  # which file contributed what
            out.stream.write(f"\n{_cell(view.defined)}\n")
        if view.citations:
            out.stream.write("\n**Sources**\n\n")
            for cited in view.citations:
                context = f"{_cell(cited.context)}: " if cited.context else ""
                url = f" <{cited.url}>" if cited.url else ""
                suffix = f" ({_cell(cited.note)})" if cited.note else ""
                out.stream.write(
                    f"- {context}{_cell(cited.label)}{url}: {_cell(cited.words)}{suffix}\n"
                )
        if view.linked_from:
            out.stream.write("\n**Linked from**\n\n")
            _table(out, ["ID", "Type", "Name", "Via"], [list(link) for link in view.linked_from])


RENDERER = MarkdownRenderer()
