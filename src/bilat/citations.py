"""Citation lines for a draft: who said or reported it, publisher, title, date, URL, quote."""

from __future__ import annotations

from dataclasses import dataclass

STYLES = ("plain", "markdown")


@dataclass(frozen=True, slots=True)
class CitationParts:
    """Everything a citation line needs, already resolved from ids to names."""

    speaker: str | None  # the person quoted, when the source quotes someone
    author: str | None
    publisher: str
    title: str
    date: str  # human date, or "n.d."
    url: str | None
    quote: str
    note: str | None = None


def format_citation(parts: CitationParts, style: str) -> str:
    if style == "markdown":
        return _markdown(parts)
    return _plain(parts)


def _plain(p: CitationParts) -> str:
    lead = []
    if p.speaker:
        lead.append(f"{p.speaker}, quoted in")
    if p.author:
        lead.append(f"{p.author},")
    line = " ".join(lead + [f'{p.publisher}, "{p.title}", {p.date}'])
    if p.url:
        line += f", {p.url}"
    if p.quote:
        line += f": “{p.quote}”"
    if p.note:
        line += f" [{p.note}]"
    return line


def _md(text: str) -> str:
    """Escape what Markdown would otherwise read as formatting or links."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _markdown(p: CitationParts) -> str:
    lead = []
    if p.speaker:
        lead.append(f"{_md(p.speaker)}, quoted in")
    if p.author:
        lead.append(f"{_md(p.author)},")
    title = f"“{_md(p.title)}”"
    if p.url and p.url.startswith(("http://", "https://")):
        title = f"[{title}](<{p.url.replace('>', '%3E').replace(' ', '%20')}>)"
    line = " ".join(lead + [f"*{_md(p.publisher)}*, {title}, {p.date}"])
    if p.quote:
        line += f": “{_md(p.quote)}”"
    if p.note:
        line += f" ({_md(p.note)})"
    return line
