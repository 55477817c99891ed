"""How bilat words a citation, in every format that shows one: quotation marks only around a
source's exact words, with whose words they are; bilat's own paraphrase marked as one; a title
bilat supplied in square brackets (the cataloguing convention), never in quotation marks.
"""

from __future__ import annotations

from dataclasses import dataclass

STYLES = ("plain", "markdown")
PARAPHRASE = "paraphrase"  # the label in front of bilat's own words about what a source says


@dataclass(frozen=True, slots=True)
class CitationParts:
    """Everything a citation line needs, already resolved from ids to names."""

    speaker: str | None  # whose words (or account) these are, when not the publisher's own
    author: str | None
    publisher: str
    title: str
    title_supplied: bool
    date: str  # human date, or "n.d."
    url: str | None
    quote: str | None = None  # the source's exact words
    says: str | None = None  # bilat's paraphrase of what the source reports
    note: str | None = None


def parts_for(source, citation, speaker: str | None) -> CitationParts:
    """The parts of a citation of `source` (a model Source); `citation` may be None to cite
    the source itself."""
    return CitationParts(
        speaker=speaker, author=source.author, publisher=source.publisher, title=source.title,
        title_supplied=source.title_supplied,
        date=source.date.display() if source.date else "n.d.", url=source.url,
        quote=citation.quote if citation else None, says=citation.says if citation else None,
        note=citation.note if citation else None)


def shown_title(title: str, supplied: bool) -> str:
    """A printed headline in quotation marks; a title bilat supplied in square brackets."""
    return f"[{title}]" if supplied else f"“{title}”"


def reference(source) -> str:
    """A source as one line: publisher, title, date and address."""
    line = f"{source.publisher}, {shown_title(source.title, source.title_supplied)}, "
    line += source.date.display() if source.date else "n.d."
    if source.url:
        line += f", {source.url}"
    return line


def body(quote: str | None, says: str | None, speaker: str | None) -> str:
    """What a citation supports, as a reader sees it: “exact words” with their speaker, or
    the paraphrase, labelled."""
    if quote is not None:
        return f"{speaker}: “{quote}”" if speaker else f"“{quote}”"
    lead = f"{PARAPHRASE} of {speaker}" if speaker else PARAPHRASE
    return f"{lead}: {says}" if says else ""


def format_citation(parts: CitationParts, style: str) -> str:
    if style == "markdown":
        return _markdown(parts)
    return _plain(parts)


def _lead(p: CitationParts, escape) -> list[str]:
    lead = []
    if p.speaker:
        lead.append(f"{escape(p.speaker)}, {'quoted in' if p.quote else 'as reported by'}")
    if p.author:
        lead.append(f"{escape(p.author)},")
    return lead


def _plain(p: CitationParts) -> str:
    title = shown_title(p.title, p.title_supplied)
    line = " ".join(_lead(p, str) + [f"{p.publisher}, {title}, {p.date}"])
    if p.url:
        line += f", {p.url}"
    if p.quote:
        line += f": “{p.quote}”"
    elif p.says:
        line += f" — {PARAPHRASE}: {p.says}"
    if p.note:
        line += f" (note: {p.note})"
    return line


def _md(text: str) -> str:
    """Escape what Markdown would otherwise read as formatting or links."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _markdown(p: CitationParts) -> str:
    title = shown_title(_md(p.title), False)
    if p.title_supplied:
        title = f"\\[{_md(p.title)}\\]"
    if p.url and p.url.startswith(("http://", "https://")):
        title = f"[{title}](<{p.url.replace('>', '%3E').replace(' ', '%20')}>)"
    line = " ".join(_lead(p, _md) + [f"*{_md(p.publisher)}*, {title}, {p.date}"])
    if p.quote:
        line += f": “{_md(p.quote)}”"
    elif p.says:
        line += f" — {PARAPHRASE}: {_md(p.says)}"
    if p.note:
        line += f" (note: {_md(p.note)})"
    return line
