"""An archive's text, and the one comparison rule `verify` applies to quotes and archives.

Both sides are normalised the same way before a quote is looked for in its archive:

1. Unicode NFKC (compatibility forms: "ﬁ" is "fi", a no-break space is a space, "…" is "...");
2. curly and other typographic quotation marks become straight ones (‘ ’ ‚ ‛ ′ → ', and
   “ ” „ ‟ ″ « » → ");
3. hyphen and dash variants (‐ ‑ ‒ – — ― −) become "-";
4. every run of white space becomes one space, and the ends are trimmed.

Nothing else is forgiven: letters, case, punctuation and spelling must match, so a quote keeps
the source's typos. A quote must be one continuous passage of the source.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_SPACE = re.compile(r"\s+")
MAX_ARCHIVE_BYTES = 20 * 1024 * 1024  # a saved article is kilobytes; refuse what is not one


def normalise(text: str) -> str:
    """The text as verify compares it (see the module docstring)."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_FOLD)).strip()


class ArchiveError(Exception):
    """An archive that cannot be read as text."""


def read_archive(path: Path) -> str:
    """The archive's text: a .txt file as it is, an .html file's visible text."""
    try:
        if path.stat().st_size > MAX_ARCHIVE_BYTES:
            raise ArchiveError(f"larger than {MAX_ARCHIVE_BYTES // (1024 * 1024)} MiB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArchiveError("no such file") from None
    except IsADirectoryError:
        raise ArchiveError("is a directory") from None
    except OSError as err:
        raise ArchiveError(f"cannot read: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ArchiveError(f"not valid UTF-8 (byte 0x{raw[err.start]:02x})") from None
    if path.suffix.lower() in (".html", ".htm"):
        return visible_text(text)
    if path.suffix.lower() != ".txt":
        raise ArchiveError("must be a .txt or .html file")
    return text


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
