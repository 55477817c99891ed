"""How bilat words a citation, in every format that shows one: quotation marks only around a
source's exact words, with whose words they are; bilat's own paraphrase marked as one; a title
bilat supplied in square brackets (the cataloguing convention), never in quotation marks.
"""

from __future__ import annotations

STYLES = ("plain", "markdown")
PARAPHRASE = "paraphrase"  # the label in front of bilat's own words about what a source says


class CitationParts:
    """Everything a citation line needs, already resolved from ids to names. (A plain class:
    `bilat cite` runs in shell loops, and a dataclass costs start-up.)"""

    __slots__ = (
        "speaker",
        "author",
        "publisher",
        "title",
        "title_supplied",
        "date",
        "url",
        "quote",
        "says",
        "note",
    )

    def __init__(
        self,
        *,
        speaker: str | None,
        author: str | None,
        publisher: str,
        title: str,
        title_supplied: bool,
        date: str,
        url: str | None,
        quote: str | None = None,
        says: str | None = None,
        note: str | None = None,
    ) -> None:
        self.speaker = speaker  # whose words (or account) these are, when not the publisher's
        self.author = author
        self.publisher = publisher
        self.title = title
        self.title_supplied = title_supplied
        self.date = date  # human date, or "n.d."
        self.url = url
        self.quote = quote  # the source's exact words
        self.says = says  # bilat's paraphrase of what the source reports
        self.note = note


def record_parts(source: dict, citation: dict | None, speaker: str | None) -> CitationParts:
    """The parts of a citation of a source, from their machine records (no model needed);
    `citation` may be None to cite the source itself."""
    from bilat.dates import parse_edtf

    date = source.get("date")
    return CitationParts(
        speaker=speaker,
        author=source.get("author"),
        publisher=str(source["publisher"]),
        title=str(source["title"]),
        title_supplied=bool(source.get("title_supplied")),
        date=parse_edtf(date).display() if date else "n.d.",
        url=source.get("url"),
        quote=citation.get("quote") if citation else None,
        says=citation.get("says") if citation else None,
        note=citation.get("note") if citation else None,
    )


def record_citations(record: dict) -> list[tuple[dict, str | None]]:
    """Each citation a record carries (its own, its roles', its mentions'), with the id of
    whoever's words it gives: bilat.query.memory.attributed_citations, over a machine record."""
    if record["type"] == "source":
        return []
    # Only a citation's own `by` names a speaker (never a statement's: its source may narrate
    # around the speaker's words).
    found = [(c, c.get("by")) for c in record.get("sources") or ()]
    for role in record.get("roles") or ():
        found.extend((c, c.get("by")) for c in role.get("sources") or ())
    for mention in record.get("mentions") or ():
        citation = {name: mention.get(name) for name in ("source", "quote", "says", "by", "note")}
        found.append((citation, mention.get("by")))
    return found


def shown_title(title: str, supplied: bool) -> str:
    """A printed headline in quotation marks; a title bilat supplied in square brackets."""
    return f"[{title}]" if supplied else f"“{title}”"


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
    """Escape what Markdown would otherwise read as formatting or links, on one line."""
    from bilat.text import escape_markdown

    return " ".join(escape_markdown(text).split())


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
