"""An archive's text, and the one comparison rule `verify` applies to quotes and archives.

Both sides are normalised the same way before a quote is looked for in its archive:

1. Unicode NFC (a letter and its combining accent are the same as the accented letter);
2. curly and other typographic quotation marks become straight ones (‘ ’ ‚ ‛ ′ ʼ → ', and
   “ ” „ ‟ ″ « » → ");
3. hyphen and dash variants (‐ ‑ ‒ – — ― −) become "-";
4. every run of white space (a no-break space too) becomes one space, and the ends are trimmed.

Nothing else is forgiven: letters, case, punctuation and spelling must match, so a quote keeps
the source's typos. No compatibility folding (NFKC): a fullwidth letter, a mathematical bold
one, a ligature (ﬁ), a Roman numeral (Ⅲ), a unit symbol (㎞) or a superscript the archive prints
differently is a different character. A quote must be one continuous passage of the source,
starting and ending on word boundaries (not "legal" inside "illegal"), with at least
MIN_EVIDENCE letters or digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′\u02bc", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_SPACE = re.compile(r"\s+")
MAX_ARCHIVE_BYTES = 20 * 1024 * 1024  # a saved article is kilobytes; refuse what is not one
MIN_EVIDENCE = 6  # letters or digits: "a" is in any archive; "Type 85" is a name as printed


# MIN_EVIDENCE letters or digits ([^\W_]: a word character but the underscore), anything
# between: one regex search, which for a usual quote stops within its first words.
_EVIDENCE = re.compile(rf"[^\W_](?:[\W_]*[^\W_]){{{MIN_EVIDENCE - 1}}}")


def too_short(quote: str) -> bool:
    """Whether a quote has too few letters or digits to prove it was printed."""
    return _EVIDENCE.search(quote) is None


def normalise(text: str) -> str:
    """The text as verify compares it (see the module docstring)."""
    if not text.isascii():  # ASCII has nothing to compose or fold: skip two passes
        text = unicodedata.normalize("NFC", text).translate(_FOLD)
    return _SPACE.sub(" ", text).strip()


def find_words(archive: str, quote: str) -> int:
    """Where the (normalised) quote first occurs in the (normalised) archive as whole words
    (see occurrences); -1 when it does not."""
    return next(occurrences(archive, quote, 1), -1)


# Places a quote is looked for; a quote found more often than this is not evidence.
MANY = 64


def occurrences(archive: str, words: str, limit: int = MANY, start: int = 0) -> Iterator[int]:
    """Where the (normalised) words occur in the (normalised) archive as whole words: not
    starting or ending inside a word; in order from `start`, at most `limit` places, found as
    they are asked for."""
    if not words:
        return
    inner_start, inner_end = words[0].isalnum(), words[-1].isalnum()
    at = archive.find(words, start)
    while at >= 0 and limit > 0:
        end = at + len(words)
        if not (inner_start and at > 0 and archive[at - 1].isalnum()) and not (
            inner_end and end < len(archive) and archive[end].isalnum()
        ):
            yield at
            limit -= 1
        at = archive.find(words, at + 1)


class ArchiveError(Exception):
    """An archive that cannot be read as text."""


def read_archive(folder: Path, relative: str, within: Path | None = None) -> tuple[str, str]:
    """(the archive's text, the SHA-256 of its bytes): a .txt file's text as it is, an .html
    file's visible text. `relative` is confined to `within` (bilat.files.read.read_confined)."""
    import hashlib

    from bilat.files import read

    suffix = Path(relative).suffix.lower()
    try:
        read.confined_path(folder, relative, within)  # an absolute path is refused as that
        if suffix not in (".txt", ".html", ".htm"):
            raise ArchiveError("must be a .txt or .html file")
        raw = read.read_confined(folder, relative, MAX_ARCHIVE_BYTES, within)
    except read.ReadError as err:
        raise ArchiveError(str(err)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ArchiveError(f"not valid UTF-8 (byte 0x{raw[err.start]:02x})") from None
    digest = hashlib.sha256(raw).hexdigest()
    if suffix in (".html", ".htm"):
        return visible_text(text), digest
    return text, digest


class _VisibleText(HTMLParser):
    """What a reader sees of a page: text outside <script>, <style>, <template> and the
    like, with block elements kept apart."""

    _HIDDEN = {"script", "style", "template", "noscript", "head", "title", "svg"}
    _BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "figcaption",
        "table",
        "pre",
        "hr",
        "dd",
        "dt",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
