"""Match each quote to its source's archive; count what could not be checked."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from bilat.verify import speakers
from bilat.verify.citations import FoundCitation, SourceFile, walk
from bilat.verify.text import (
    ArchiveError,
    find_words,
    normalise,
    occurrences,
    read_archive,
    too_short,
)

NOT_FOUND = "not-found"  # a quote that does not occur in its source's archive
UNCHECKED = "unchecked"  # a quote whose source has no archive (a problem only with --strict)
BAD_ARCHIVE = "archive"  # an archive that is missing or unreadable
BAD_HASH = "archive-hash"  # an archive whose SHA-256 is not the one the source records
TOO_SHORT = "too-short"  # a quote with too few letters or digits to be evidence
# With a source's speakers map (bilat.verify.speakers):
BAD_SPEAKERS = "speakers"  # a passage of the map that cannot be placed in the archive
NARRATION_BY = "narration-by"  # the publisher's narration quoted with a `by`
WRONG_BY = "wrong-by"  # a speaker's words quoted without their `by`, or with another's
CROSSES_SPEAKERS = "crosses-speakers"  # one quote running across a change of speaker
SPEAKER_PROBLEMS = (BAD_SPEAKERS, NARRATION_BY, WRONG_BY, CROSSES_SPEAKERS)


class Finding:
    """One problem: where it is, which entry and source, and what was expected."""

    __slots__ = (
        "problem",
        "file",
        "line",
        "entry",
        "kind",
        "source",
        "quote",
        "closest",
        "detail",
        "differences",
        "field",
    )

    def __init__(
        self,
        problem: str,
        citation: FoundCitation,
        closest: str | None = None,
        detail: str | None = None,
        field: str | None = None,
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
        # The field the problem is in: sources[2].quote, speakers[0].opening, archive…
        if field is None and citation.field is not None:
            field = f"{citation.field}.quote"
        self.field = field
        # Which words differ between the quote and the closest passage.
        self.differences = (
            word_differences(normalise(citation.quote or ""), closest) if closest else []
        )


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


def verify_files(
    files, strict: bool = False, dataset=None, documents=None, closest: bool = True
) -> Outcome:
    """Validate the files (a DataError stops here) unless `dataset` and `documents` (see
    bilat.load.load_dataset) are theirs already, then check every quote in them. Each file
    is read once, by the loader; its bytes serve for the quotes and their lines too. An
    archive named by several sources is read once. `closest=False` skips looking for the
    passage most like a missing quote (validate only says the quote is missing)."""
    from bilat.load import load_dataset

    if dataset is None or documents is None:
        documents = []
        dataset = load_dataset(files, documents=documents)
    found: list[FoundCitation] = []
    defined: dict[str, SourceFile] = {}
    for document in documents:
        walk(document, found, defined)

    archives: dict[str, str | ArchiveError] = {}  # by source id
    maps: dict[str, list] = {}  # each mapped source's passages (none when the map is wrong)
    by_path: dict[tuple, tuple] = {}  # (text or error, SHA-256) by where the archive is
    outcome = Outcome()

    def archive_of(source) -> str | ArchiveError:
        """The source's archive, read once (a problem with it said once, where the source
        names it), and its speakers map placed in it."""
        archive = archives.get(source.id)
        if archive is not None:
            return archive
        where = defined[source.id]
        key = (where.folder, where.within, source.archive)
        if key not in by_path:
            by_path[key] = _load(source.archive, where)
        archive, digest = by_path[key]
        if isinstance(archive, ArchiveError):
            at = FoundCitation(where.file, where.line, source.id, source.id, None, "source")
            outcome.findings.append(Finding(BAD_ARCHIVE, at, detail=str(archive), field="archive"))
        elif source.archive_sha256 and source.archive_sha256.lower() != digest:
            at = FoundCitation(where.file, where.hash_line, source.id, source.id, None)
            detail = (
                f"{source.archive} has SHA-256 {digest}, not the recorded "
                f"{source.archive_sha256}: the archive changed since it was checked"
            )
            outcome.findings.append(Finding(BAD_HASH, at, detail=detail, field="archive_sha256"))
            archive = ArchiveError(detail)  # its quotes prove nothing: unchecked
        elif source.speakers:
            maps[source.id] = _speaker_map(source, archive, where, outcome)
        archives[source.id] = archive
        return archive

    for source in dataset.sources:  # a map is checked whether or not anything quotes it
        if source.speakers and source.archive:
            archive_of(source)
    for citation in found:
        if citation.quote is None:
            outcome.paraphrases += 1
            continue
        source = dataset.by_id[citation.source]
        # Checked wherever quotes are: against an archive, and with --strict every quote.
        if (source.archive or strict) and too_short(citation.quote):
            outcome.findings.append(Finding(TOO_SHORT, citation))
            continue
        if not source.archive:
            outcome.unchecked += 1
            if strict:
                outcome.findings.append(Finding(UNCHECKED, citation))
            continue
        archive = archive_of(source)
        if isinstance(archive, ArchiveError):
            outcome.unchecked += 1
            continue
        quote = normalise(citation.quote)
        at = find_words(archive, quote)
        if at >= 0:
            outcome.verified += 1
            passages = maps.get(source.id)
            if passages:
                _check_voice(citation, quote, archive, at, passages, outcome)
        else:
            passage = closest_passage(archive, quote) if closest else None
            outcome.findings.append(Finding(NOT_FOUND, citation, passage))
    order = {name: position for position, (name, _) in enumerate(files)}
    outcome.findings.sort(key=lambda f: (order.get(f.file, len(order)), f.line or 0))
    return outcome


def _speaker_map(source, archive: str, where: SourceFile, outcome: Outcome) -> list:
    """The source's passages, placed in its archive; a finding for each that cannot be
    (then none: quotes are not checked against a map that is wrong)."""
    passages, errors = speakers.place(archive, source.speakers, source.archive)
    for error in errors:
        lines = where.speaker_lines
        line = lines[error.index] if error.index < len(lines) else where.line
        at = FoundCitation(where.file, line, source.id, source.id, None, "source")
        field = f"speakers[{error.index}].{error.field}"
        outcome.findings.append(Finding(BAD_SPEAKERS, at, detail=error.message, field=field))
    return passages


def _check_voice(
    citation: FoundCitation, quote: str, archive: str, at: int, passages, outcome
) -> None:
    """A quote (found first at `at`) whose words are not wholly the voice its `by` names:
    narration credited to someone, a speaker's words credited to no one or another, or both
    voices in one quote. A quote printed in several places passes when one of them is in its
    voice; the others are looked for only when the first is not."""
    wanted = citation.by or speakers.NARRATION
    first = speakers.voices(archive, passages, at, at + len(quote))
    if first == [wanted] or not first:
        return
    for later in occurrences(archive, quote, start=at + 1):
        if speakers.voices(archive, passages, later, later + len(quote)) == [wanted]:
            return
    name = citation.source
    by_field = f"{citation.field}.by" if citation.field else "by"
    if len(first) > 1:
        said = ", then ".join(_voice(v) for v in first)
        detail = (
            f"the quote runs across a change of speaker in {name}'s speakers map ({said}): "
            "quote one speaker's words at a time"
        )
        outcome.findings.append(Finding(CROSSES_SPEAKERS, citation, detail=detail))
    elif first[0] is speakers.NARRATION:
        detail = (
            f"the words are the publisher's narration in {name}'s speakers map, but the "
            f'citation credits "{citation.by}": drop by'
        )
        outcome.findings.append(Finding(NARRATION_BY, citation, detail=detail, field=by_field))
    else:
        credited = f'credits "{citation.by}"' if citation.by else "has no by"
        detail = (
            f"the words are {_voice(first[0])}'s in {name}'s speakers map, but the citation "
            f'{credited}: set by = "{first[0]}"'
        )
        outcome.findings.append(Finding(WRONG_BY, citation, detail=detail, field=by_field))


def _voice(voice: str | None) -> str:
    return "the publisher's narration" if voice is speakers.NARRATION else f'"{voice}"'


def _load(archive: str, where: SourceFile) -> tuple[str | ArchiveError, str]:
    """(the archive's normalised text, its SHA-256), or (why not, "")."""
    try:
        text, digest = read_archive(where.folder, archive, where.within)
        return normalise(text), digest
    except ArchiveError as err:
        return ArchiveError(f"{archive}: {err}"), ""


# The closest passage, in time bounded by the archive's length, not its length times the
# quote's (a full SequenceMatcher over the archive took 11 s for 0.9 MB):
# 1. anchors: the quote's longest words (at most _CANDIDATES) are counted in the archive, each
#    one C-speed pass; the _ANCHORS rarest that occur at all are the anchors. A rare word pins
#    the passage down where a common one ("the") would offer thousands of places.
# 2. places: each anchor's first _PLACES occurrences, each giving where the quote would start
#    if it lined up there; places closer together than a quarter of the quote are one place.
# 3. scoring: each place's window is ranked by the words it shares with the quote (a set
#    intersection); the _COMPARED best are compared with the quote word by word (difflib on
#    word lists: a few hundred words, not characters); the best is widened to whole words.
# Only the quote's first _QUOTE_SPAN characters are used to look: a longer quote is not more
# findable for being longer, and the cost of each comparison grows with it.
_CANDIDATES = 16
_ANCHORS = 4
_PLACES = 50
_QUOTE_SPAN = 2000
_COMPARED = 8  # places compared word by word, of those with the most words in common
_WORD = re.compile(r"\w+")


def closest_passage(archive: str, quote: str) -> str:
    """The stretch of the (normalised) archive most like the quote, ignoring case (a quote
    that starts a sentence differently is still found): see the comment above."""
    # Lower case of the same length, so that offsets in it are offsets in the archive: U+0130
    # (İ) is the one character whose lower case is two.
    haystack = archive.replace("\u0130", "i").lower()
    needle = quote.replace("\u0130", "i").lower()[:_QUOTE_SPAN]
    if not haystack or not needle:
        return ""
    offsets: dict[str, int] = {}
    for match in _WORD.finditer(needle):
        offsets.setdefault(match.group(), match.start())
    candidates = sorted(offsets, key=len, reverse=True)[:_CANDIDATES]
    counted = [(haystack.count(word), word) for word in candidates]
    anchors = sorted((n, -len(w), w) for n, w in counted if n)[:_ANCHORS]
    starts: list[int] = []
    for _, _, word in anchors:
        position = haystack.find(word)
        for _ in range(_PLACES):
            if position < 0:
                break
            starts.append(position - offsets[word])
            position = haystack.find(word, position + 1)
    if not starts:
        return ""
    quote_words = needle.split()
    shared = set(quote_words)
    places: list[tuple[int, int]] = []  # (words in common with the quote, start)
    last = None
    for start in sorted(set(starts)):
        if last is not None and start - last < max(1, len(needle) // 4):
            continue
        last = start
        low = max(0, start - len(needle) // 4)
        window = haystack[low : max(0, start) + len(needle) + len(needle) // 4].split()
        places.append((len(shared.intersection(window)), start))
    # The places with the most words in common are compared in order (difflib keeps the
    # quote's side of the comparison between calls: set_seq2 once).
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(quote_words)
    best, best_ratio = None, -1.0
    for _, start in sorted(places, reverse=True)[:_COMPARED]:
        low = max(0, start - len(needle) // 4)
        matcher.set_seq1(haystack[low : max(0, start) + len(needle) + len(needle) // 4].split())
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = start, ratio
    begin, end = _passage_at(haystack, needle, best)
    return archive[begin:end].strip()


def word_differences(quote: str, passage: str) -> list[tuple[str, str]]:
    """(the quote's words, the passage's words) for each stretch where they differ, by a
    word-level diff: what a reader must look at, rather than two texts side by side."""
    ours, theirs = quote.split(), passage.split()
    matcher = SequenceMatcher(None, ours, theirs, autojunk=False)
    return [
        (" ".join(ours[i1:i2]), " ".join(theirs[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


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
