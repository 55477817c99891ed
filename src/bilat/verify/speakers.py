"""Whose words each passage of an archive is: a source's `speakers` map, found in its archive,
and the voices a quote's words fall in.

A map lists passages by their opening and closing words as printed; everything it does not
cover is the publisher's narration. Both ends are found in the normalised archive (the rules
quotes follow: bilat.verify.text) as whole words, each exactly once, the closing words not
before the opening words; passages may be listed in any order but may not overlap.

A quote's voices are those of every letter or digit it covers: punctuation and white space
belong to no one, so a quote may keep the quotation mark or comma beside a passage.
"""

from __future__ import annotations

from bisect import bisect_right

from bilat.verify.text import normalise, occurrences

NARRATION = None  # the voice of what no passage covers: the publisher's own words


class Passage:
    """One passage of the archive: [start, end) in the normalised text, and whose words."""

    __slots__ = ("start", "end", "by", "index")

    def __init__(self, start: int, end: int, by: str, index: int) -> None:
        self.start = start
        self.end = end
        self.by = by
        self.index = index  # its place in the source's speakers list


class MapError:
    """A passage that cannot be placed: which one (`index`), which field, and why."""

    __slots__ = ("index", "field", "message")

    def __init__(self, index: int, field: str, message: str) -> None:
        self.index = index
        self.field = field
        self.message = message


def place(archive: str, speakers, archive_name: str) -> tuple[list[Passage], list[MapError]]:
    """The map's passages in archive order, or what is wrong with it (then no passages)."""
    passages: list[Passage] = []
    errors: list[MapError] = []
    for index, speaker in enumerate(speakers):
        ends = []
        for name in ("opening", "closing"):
            words = normalise(getattr(speaker, name))
            places = list(occurrences(archive, words, 2))
            if len(places) == 1:
                ends.append(places[0] + (len(words) if name == "closing" else 0))
                continue
            shown = _short(getattr(speaker, name))
            if places:
                message = (
                    f"{shown} is found more than once in {archive_name}: "
                    "give more words, until they are found once"
                )
            else:
                message = f"{shown} is not found in {archive_name}"
            errors.append(MapError(index, name, message))
        if len(ends) < 2:
            continue
        start, end = ends
        closing = normalise(speaker.closing)
        if end - len(closing) < start:
            errors.append(
                MapError(
                    index,
                    "closing",
                    f"{_short(speaker.closing)} comes before the opening words "
                    f"{_short(speaker.opening)} in {archive_name}",
                )
            )
            continue
        passages.append(Passage(start, end, speaker.by, index))
    passages.sort(key=lambda p: p.start)
    reach = None  # of the passages so far, the one that ends last
    for after in passages:
        before, reach = reach, after if reach is None or after.end > reach.end else reach
        if before is not None and after.start < before.end:
            later, earlier = (after, before) if after.index > before.index else (before, after)
            errors.append(
                MapError(
                    later.index,
                    "opening",
                    f"the passage overlaps speakers[{earlier.index}] in {archive_name}: "
                    "a word is one speaker's",
                )
            )
    if errors:
        errors.sort(key=lambda e: (e.index, e.field != "opening"))
        return [], errors
    return passages, []


def voices(archive: str, passages: list[Passage], start: int, end: int) -> list[str | None]:
    """Whose words archive[start:end] holds, in order (a voice that goes on across two
    passages is named once): a speaker's id, or NARRATION for letters or digits no passage
    covers."""
    out: list[str | None] = []
    i = max(0, bisect_right(passages, start, key=_start) - 1)
    position = start
    while position < end:
        passage = passages[i] if i < len(passages) else None
        if passage is None or passage.start >= end:
            if _has_words(archive, position, end):
                out.append(NARRATION)
            break
        if passage.end <= position:
            i += 1
            continue
        if passage.start > position and _has_words(archive, position, passage.start):
            out.append(NARRATION)
        if _has_words(archive, max(position, passage.start), min(end, passage.end)):
            out.append(passage.by)
        position = passage.end
        i += 1
    return [voice for n, voice in enumerate(out) if n == 0 or out[n - 1] != voice]


def _start(passage: Passage) -> int:
    return passage.start


def _has_words(text: str, start: int, end: int) -> bool:
    return any(c.isalnum() for c in text[start:end])


def _short(words: str) -> str:
    from bilat.text import visible

    text = " ".join(words.split())
    if len(text) > 60:
        text = text[:57] + "…"
    return f'"{visible(text)}"'
