"""How bilat words a citation, in every format that shows one: quotation marks only around a
source's exact words, with whose words they are; bilat's own paraphrase marked as one; a title
bilat supplied in square brackets (the cataloguing convention), never in quotation marks.

The one citation module: every format and export reads citations and words them through it.

    walk, walk_record     each citation an entry carries (its own, its roles', its mentions'),
                          in one order with one set of labels, from the model or a record
    quoted, paraphrased   a source's exact words (marked [unchecked: …] when bilat holds no
                          saved copy of the source); bilat's paraphrase, marked as one
    is_checked            whether a source's quotes were checked against a saved copy
    unchecked_mark        the mark itself, for a page that sets the quote apart (HTML)
    supplied_title        a title as display text: [bracketed] when bilat supplied it
    shown_title           a title in a citation: “quoted”, or [bracketed] when supplied
    stance_text           a mention's stance, from the one STANCE_WORDS table
    format_citation       a whole citation line (`bilat cite`), plain or Markdown

No imports at start-up: `bilat cite` runs in shell loops.
"""

from __future__ import annotations

STYLES = ("plain", "markdown")
PARAPHRASE = "paraphrase"  # the label in front of bilat's own words about what a source says
# What follows a quote whose source has no saved copy (no `archive`): the words may be the
# source's, but nobody could check them. In square brackets: an editor's insertion, not the
# source's words, and pasted into a draft it still says so.
UNCHECKED = "unchecked: no saved copy of the source"


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
        "checked",
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
        checked: bool = True,
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
        self.checked = checked  # whether the quote was found in a saved copy of the source


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
        checked=is_checked(source),
    )


# How each stance is worded: (its words, the word before a country). Readers' pages (the HTML
# briefing) use the words: "in service in Azerbaijan (AZ)"; terminal tables keep the stance's id,
# the value `--status` takes: "in-service in AZ". Both from this one table.
STANCE_WORDS: dict[str, tuple[str, str]] = {
    "suggested": ("suggested", "for"),
    "offered": ("offered", "to"),
    "proposed": ("proposed", "for"),
    "in-service": ("in service", "in"),
    "mentioned": ("mentioned", "for"),
}


def stance_text(stance: str, country: str | None = None, *, words: bool = True) -> str:
    """A mention's stance, toward a country when it names one: "offered to Azerbaijan (AZ)";
    with words=False the stance's id stands for its words ("in-service in AZ")."""
    said, before = STANCE_WORDS.get(stance, (stance, "for"))
    text = said if words else stance
    return f"{text} {before} {country}" if country else text


class Carried:
    """One citation an entry carries, as the walk finds it: where (`via`: "sources",
    "roles[0]", "mentions[2]", and its `position` in that list), what it supports when that is
    not the entry itself (`label`: "role Chief of Staff", "mention, offered"), the cited
    source, its words, whose words they are (`by`), and a mention's stance and country. Reads
    like a citation (source, quote, says, by, note). `item` is the citation or mention walked
    (a model object, or a dict from a record)."""

    __slots__ = (
        "via",
        "position",
        "label",
        "source",
        "quote",
        "says",
        "by",
        "note",
        "stance",
        "country",
        "item",
    )

    def __init__(self, via: str, position: int, label: str | None, item, get) -> None:
        self.via = via
        self.position = position
        self.label = label
        self.item = item
        self.source = get(item, "source")
        self.quote = get(item, "quote")
        self.says = get(item, "says")
        # Only a citation's (or mention's) own `by` names a speaker: never a statement's, whose
        # source may narrate around the speaker's words.
        self.by = get(item, "by")
        self.note = get(item, "note")
        self.stance = get(item, "stance")
        self.country = get(item, "for_country")

    @property
    def field(self) -> str:
        """The entry's field the citation is written in: sources, roles or mentions."""
        return self.via.partition("[")[0]


def _attr(item, name: str):
    return getattr(item, name, None)


def _key(item: dict, name: str):
    return item.get(name)


def _walk(type_name: str | None, own, roles, mentions, get):
    """The one order and the one set of labels: the entry's own citations, each role's (labelled
    with the role), then each mention (labelled with its stance)."""
    if type_name == "source":  # a source cites nothing; its own record is the citation
        return
    for position, citation in enumerate(own or ()):
        yield Carried("sources", position, None, citation, get)
    for index, role in enumerate(roles or ()):
        label = f"role {get(role, 'title')}"
        for position, citation in enumerate(get(role, "sources") or ()):
            yield Carried(f"roles[{index}]", position, label, citation, get)
    for index, mention in enumerate(mentions or ()):
        yield Carried(f"mentions[{index}]", 0, f"mention, {get(mention, 'stance')}", mention, get)


def walk(entry):
    """Each citation a model entry carries (Carried), in the one order."""
    get = _attr
    return _walk(
        entry.type, get(entry, "sources"), get(entry, "roles"), get(entry, "mentions"), get
    )


def walk_record(record: dict):
    """The same walk over a machine record (no model needed): the same order, the same labels."""
    get = _key
    return _walk(
        record.get("type"),
        get(record, "sources"),
        get(record, "roles"),
        get(record, "mentions"),
        get,
    )


def record_citations(record: dict) -> list[tuple[dict, str | None]]:
    """Each citation a record carries (its own, its roles', its mentions'), with the id of
    whoever's words it gives: bilat.query.memory.attributed_citations, over a machine record."""
    names = ("source", "quote", "says", "by", "note")
    return [({name: getattr(c, name) for name in names}, c.by) for c in walk_record(record)]


def supplied_title(title: str, supplied: bool) -> str:
    """A title as display text: in square brackets when bilat supplied it (the source prints
    none), as printed otherwise."""
    return f"[{title}]" if supplied else title


def shown_title(title: str, supplied: bool) -> str:
    """A printed headline in quotation marks; a title bilat supplied in square brackets."""
    return supplied_title(title, True) if supplied else f"“{title}”"


def is_checked(source) -> bool:
    """Whether the quotes of `source` (a model Source or its record) were checked against a
    saved copy of it: every command refuses data with a quote its source's archive does not
    contain (bilat.commands.session), so a source with an archive vouches for its quotes."""
    if isinstance(source, dict):
        return bool(source.get("archive"))
    return bool(getattr(source, "archive", None))


def unchecked_mark(checked: bool) -> str:
    """What follows a quote nobody could check ("" after a checked one)."""
    return "" if checked else f"[{UNCHECKED}]"


def quoted(text: str, checked: bool = True, escape=None) -> str:
    """A source's exact words: the only text bilat puts in quotation marks, followed by
    [unchecked: …] when there is no saved copy of the source to check them against (`escape`:
    how the mark is written in the output's syntax, as Markdown)."""
    if checked:
        return f"“{text}”"
    mark = unchecked_mark(False)
    return f"“{text}” {escape(mark) if escape else mark}"


def paraphrased(text: str) -> str:
    """bilat's own words about what a source reports, marked as a paraphrase."""
    return f"{PARAPHRASE}: {text}"


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
        line += f": {quoted(p.quote, p.checked)}"
    elif p.says:
        line += f" — {paraphrased(p.says)}"
    if p.note:
        line += f" (note: {p.note})"
    return line


def _md(text: str) -> str:
    from bilat.text import escape_markdown_line

    return escape_markdown_line(text)


def cited_by(entry_id: str, name: str, record: dict) -> str:
    """The label a Markdown citation list stands under: `**jy-27a** — JY-27A (radar)`."""
    detail = record.get("category") if record.get("type") == "equipment" else None
    if record.get("type") == "source":
        name = supplied_title(str(record["title"]), bool(record.get("title_supplied")))
    shown = f"{name} ({detail})" if detail else name
    return f"**{_md(entry_id)}** — {_md(shown)}"


def markdown_label(label: str) -> str:
    """What a citation supports when not the entry itself, in Markdown: *role Chief of Staff*."""
    return f"*{_md(label)}*"


def _markdown(p: CitationParts) -> str:
    title = _md(shown_title(p.title, p.title_supplied))
    if p.url and p.url.startswith(("http://", "https://")):
        title = f"[{title}](<{p.url.replace('>', '%3E').replace(' ', '%20')}>)"
    line = " ".join(_lead(p, _md) + [f"*{_md(p.publisher)}*, {title}, {p.date}"])
    if p.quote:
        line += f": {quoted(_md(p.quote), p.checked, _md)}"
    elif p.says:
        line += f" — {paraphrased(_md(p.says))}"
    if p.note:
        line += f" (note: {_md(p.note)})"
    return line
