"""Match each quote to its source's archive; count what could not be checked."""

from __future__ import annotations

from difflib import SequenceMatcher

from bilat.verify.citations import FoundCitation, SourceFile, walk
from bilat.verify.text import ArchiveError, normalise, read_archive

NOT_FOUND = "not-found"  # a quote that does not occur in its source's archive
UNCHECKED = "unchecked"  # a quote whose source has no archive (a problem only with --strict)
BAD_ARCHIVE = "archive"  # an archive that is missing or unreadable


class Finding:
    """One problem: where it is, which entry and source, and what was expected."""

    __slots__ = ("problem", "file", "line", "entry", "kind", "source", "quote", "closest", "detail")

    def __init__(
        self,
        problem: str,
        citation: FoundCitation,
        closest: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = citation.file
        self.line = citation.line
        self.entry = citation.entry
        self.kind = citation.kind
        self.source = citation.source
        self.quote = citation.quote
        self.closest = closest
        self.detail = detail


class Outcome:
    """What verify found: the problems, in file and line order, and the counts."""

    __slots__ = ("findings", "verified", "unchecked", "paraphrases")

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.verified = 0
        self.unchecked = 0
        self.paraphrases = 0

    @property
    def not_found(self) -> int:
        return sum(1 for f in self.findings if f.problem == NOT_FOUND)

    @property
    def failed(self) -> bool:
        return bool(self.findings)


def verify_files(files, strict: bool = False, dataset=None) -> Outcome:
    """Validate the files (a DataError stops here) unless `dataset` is theirs already, then
    check every quote in them."""
    from bilat.load import load_dataset, parse_toml

    if dataset is None:
        dataset = load_dataset(files)
    found: list[FoundCitation] = []
    defined: dict[str, SourceFile] = {}
    for name, path in files:
        text = path.read_text(encoding="utf-8-sig")
        document = parse_toml(name, text, [])
        if document is not None:
            walk(name, path, text, document, found, defined)

    archives: dict[str, str | ArchiveError] = {}
    outcome = Outcome()
    for citation in found:
        if citation.quote is None:
            outcome.paraphrases += 1
            continue
        source = dataset.by_id[citation.source]
        if not source.archive:
            outcome.unchecked += 1
            if strict:
                outcome.findings.append(Finding(UNCHECKED, citation))
            continue
        archive = archives.get(source.id)
        if archive is None:
            where = defined[source.id]
            archive = archives[source.id] = _load(source.archive, where)
            if isinstance(archive, ArchiveError):  # said once, where the source names it
                at = FoundCitation(where.file, where.line, source.id, source.id, None, "source")
                outcome.findings.append(Finding(BAD_ARCHIVE, at, detail=str(archive)))
        if isinstance(archive, ArchiveError):
            outcome.unchecked += 1
            continue
        quote = normalise(citation.quote)
        if quote and quote in archive:
            outcome.verified += 1
        else:
            outcome.findings.append(Finding(NOT_FOUND, citation, closest_passage(archive, quote)))
    order = {name: position for position, (name, _) in enumerate(files)}
    outcome.findings.sort(key=lambda f: (order.get(f.file, len(order)), f.line or 0))
    return outcome


def _load(archive: str, where: SourceFile) -> str | ArchiveError:
    path = where.path.parent / archive
    try:
        return normalise(read_archive(path))
    except ArchiveError as err:
        return ArchiveError(f"{archive}: {err}")


def closest_passage(archive: str, quote: str) -> str:
    """The stretch of the (normalised) archive most like the quote, ignoring case (a quote
    that starts a sentence differently is still found). Candidates are anchored on each
    place the longest run the two share occurs (a phrase like "the people of Pakistan" may
    occur more than once), spread over the runs that follow, and widened to whole words;
    the one most like the quote wins."""
    haystack, needle = archive.lower(), quote.lower()
    if not haystack or not needle:
        return ""
    anchor = SequenceMatcher(None, haystack, needle, autojunk=False).find_longest_match(
        0, len(haystack), 0, len(needle)
    )
    if anchor.size == 0:
        return ""
    shared = needle[anchor.b : anchor.b + anchor.size]
    best, best_ratio = (0, 0), -1.0
    position = haystack.find(shared)
    for _ in range(50):  # bounded: an archive may repeat a common run many times
        if position < 0:
            break
        start, end = _passage_at(haystack, needle, position - anchor.b)
        ratio = SequenceMatcher(None, haystack[start:end], needle, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = (start, end), ratio
        position = haystack.find(shared, position + 1)
    return archive[best[0] : best[1]].strip()


def _passage_at(archive: str, quote: str, offset: int) -> tuple[int, int]:
    """Where the passage of the archive aligned with the quote at `offset` starts and ends."""
    low = max(0, offset - len(quote) // 2)
    high = min(len(archive), max(offset, 0) + len(quote) + len(quote) // 2)
    blocks = [
        b
        for b in SequenceMatcher(
            None, archive[low:high], quote, autojunk=False
        ).get_matching_blocks()
        if b.size >= 3
    ]
    if not blocks:
        return 0, 0
    start = low + blocks[0].a
    end = max(low + blocks[-1].a + blocks[-1].size, min(len(archive), start + len(quote)))
    while start > 0 and archive[start - 1] != " ":
        start -= 1
    while end < len(archive) and archive[end] != " ":
        end += 1
    stop = min(
        (archive.find(mark, end) for mark in ".!?" if 0 <= archive.find(mark, end) < end + 12),
        default=-1,
    )
    if stop >= 0:
        end = stop + 1
    return start, end
