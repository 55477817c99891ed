"""CSL-JSON for `bilat cite --format csl-json`: the citation format Zotero, Pandoc's citeproc
and most reference managers read (https://citeproc-js.readthedocs.io/en/latest/csl-json/).

One item per source the given entries cite (or per source id given), with its real title —
or, when bilat supplied the title, that title in [brackets], as a bibliography marks a
supplied title — its publisher, address, the date it was issued only where the source
prints one, and when it was read. What bilat cites it for goes in `note`: a quote's exact
words in quotation marks with whose words they are, a paraphrase labelled as bilat's.
"""

from __future__ import annotations

import re

from bilat.citations import PARAPHRASE, is_checked, quoted, supplied_title, walk_record
from bilat.records import record_of

# bilat's source kinds as CSL item types.
CSL_TYPES = {
    "article": "article-newspaper",
    # A published interview: CSL's "interview" type wants an interviewer and interviewee
    # as authors, which the pages do not print; styles then repeat the title in their place.
    "interview": "article-newspaper",
    "news-report": "article-newspaper",
    "official": "document",
    "reference": "entry-encyclopedia",
    "dataset": "dataset",
    "other": "webpage",
}
_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_parts(text: str | None) -> dict | None:
    """A CSL date for an EDTF date that names one year, month or day exactly; None for an
    approximate, uncertain or ranged date (CSL would print it as certain)."""
    if not text:
        return None
    match = _DAY.fullmatch(str(text))
    if match is None:
        return None
    return {"date-parts": [[int(part) for part in match.groups() if part is not None]]}


def csl_items(query, records: list[dict], quotes_only: bool = False) -> list[dict]:
    """The CSL-JSON items for these entries' citations (a source's own record: the source)."""
    items: dict[str, dict] = {}
    notes: dict[str, list[str]] = {}
    for data in records:
        if data["type"] == "source":
            if not quotes_only:
                items.setdefault(data["id"], _item(data))
            continue
        for carried in walk_record(data):
            if quotes_only and not carried.quote:
                continue
            source_id = str(carried.source)
            source = record_of(query.get(source_id))
            items.setdefault(source_id, _item(source))
            speaker = query.name_of(carried.by) if carried.by else None
            if carried.quote:
                words = f"{speaker}: " if speaker else ""
                said = f"{words}{quoted(carried.quote, is_checked(source))}"
            else:
                said = f"{PARAPHRASE} (bilat's words): {carried.says}"
            notes.setdefault(source_id, []).append(f"{data['id']}: {said}")
    for source_id, lines in notes.items():
        items[source_id]["note"] = "\n".join(dict.fromkeys(lines))
    return list(items.values())


def _item(source: dict) -> dict:
    item: dict[str, object] = {
        "id": source["id"],
        "type": CSL_TYPES.get(str(source.get("kind")), "webpage"),
        "title": supplied_title(str(source["title"]), bool(source.get("title_supplied"))),
        "container-title": source["publisher"],
        "publisher": source["publisher"],
    }
    if source.get("author"):
        item["author"] = [{"literal": source["author"]}]
    if source.get("url"):
        item["URL"] = source["url"]
    issued = date_parts(source.get("date"))
    if issued:
        item["issued"] = issued
    accessed = date_parts(source.get("accessed"))
    if accessed:
        item["accessed"] = accessed
    return item
