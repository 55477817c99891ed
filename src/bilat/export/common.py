"""What the exports share: entries in file order, descriptions of tables and columns, the
licence statement, where output goes and how warnings are shown."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TextIO

from bilat import __version__, schema
from bilat.errors import UsageError
from bilat.model import Entry, Source
from bilat.query.memory import Query

STDOUT = "-"
SCHEMA_VERSION = 1

# The licence bilat states for its exports. A choice, not a fact about the data: bilat's own
# compilation (selection, arrangement, summaries) is offered under CC BY 4.0, while the quoted
# words remain their publishers' and are included as short quotations to cite them.
LICENSE = "CC BY 4.0 (bilat's own compilation; quoted text remains its publishers')"
LICENSE_ID = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

TABLE_HELP = {
    "sources": "The sources entries cite: articles, interviews, reports, official pages.",
    "people": "People: officials and everyone else named.",
    "organizations": "Organizations: governments, ministries, armed forces, companies…",
    "events": "Events, each with an EDTF date as precise as its sources allow.",
    "equipment": "Weapons, systems and technologies, with what sources say of each.",
    "statements": "Who said what, when, about which entries.",
}


def generator() -> str:
    """ "bilat <version>": what made an export."""
    return f"bilat {__version__}"


def entries_of(query: Query, kind: schema.Kind) -> list[Entry]:
    """Every entry of a kind, in file order (the listings of Query sort some kinds by date)."""
    from bilat.records import model_of

    return [model_of(query.get(entry_id)) for entry_id in query.ids(kind.type)]


def column_help(kind: schema.Kind, name: str) -> str:
    """A column's description: the schema's help for a field, or the meaning of id and type."""
    if name == "id":
        return f"the {kind.type}'s id, unique across all entries"
    if name == "type":
        return f'the kind of entry: always "{kind.type}"'
    spec = kind.field(name)
    if spec is None:
        raise KeyError(name)
    return spec.help


def principal_source(query: Query) -> Source | None:
    """The source cited most often (ties: the first in file order), or None when none is."""
    counts: Counter[str] = Counter()
    for kind in schema.KINDS:
        for entry in entries_of(query, kind):
            counts.update(c.source for c in query.citations(entry))
    if not counts:
        return None
    best = max(counts.values())
    first = next(s for s in query.sources() if counts.get(s.id) == best)
    return first


def source_label(source: Source) -> str:
    """ "Publisher: Title", or the title alone when it already starts with the publisher; a
    title bilat supplied in [square brackets]."""
    from bilat.citations import supplied_title

    title = supplied_title(source.title, source.title_supplied)
    if source.title.casefold().startswith(source.publisher.casefold()):
        return title
    return f"{source.publisher}: {title}"


def is_web_url(url: str | None) -> bool:
    """Whether url is an http or https address (the only kind exports turn into links)."""
    if not url:
        return False
    scheme, sep, rest = url.partition("://")
    return bool(sep) and scheme.lower() in ("http", "https") and bool(rest.strip())


def output_path(output: str, command: str) -> Path:
    """The path an -o value names; `-` (stdout) is refused for exports that need a file."""
    if output == STDOUT:
        raise UsageError(f"bilat export {command} cannot write to stdout (-o -); give a file path")
    return checked_path(output)


def checked_path(output: str) -> Path:
    if not output.strip():
        raise UsageError("--output is empty; give a file path, or - for stdout")
    return Path(output)


def write_text(output: str, text: str, stdout: TextIO) -> None:
    """text to the file `output` (atomically), or to stdout when output is `-`."""
    if output == STDOUT:
        stdout.write(text)
        return
    from bilat.files.atomic import write_atomic

    checked_path(output)
    write_atomic(output, text)


def warn(message: str) -> None:
    """A warning on stderr (the stream of the moment: tests swap it)."""
    from bilat.text import warn as write

    write(f"bilat: warning: {message}")
