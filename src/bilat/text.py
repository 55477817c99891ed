"""bilat's rules for text, each written once: which characters are control or invisible, what
an id (slug) looks like, how search folds text, how Markdown is escaped, and how a notice
reaches stderr.

    CONTROL         the C0 and C1 controls, DEL and the bidi embeddings, overrides and isolates:
                    they can rewrite a terminal or make text read differently from what it says
    refused(text)   the first CONTROL character a data file may not hold (tab and newline may be)
    unsafe_json()   whether JSON text holds a refused character, raw or as an escape
    visible(text)   every CONTROL character shown as an escape (\\x1b, \\u202e)
    only_invisible  whether text has nothing a reader would see (spaces, zero-width characters)
    mixed_scripts   the words of a text that mix Latin, Cyrillic and Greek letters
    SLUG, is_slug   an id: lower-case letters and digits in groups joined by single hyphens
    fold(text)      lower-case, accent-free text for search
    escape_markdown what Markdown would read as HTML, links, emphasis or code, escaped
    warn(message)   the one writer of a line on stderr

The fast path imports this module: nothing is compiled or imported here until it is used.
"""

from __future__ import annotations

import sys

# Code point ranges, inclusive. One definition: every pattern below is derived from it.
CONTROL = ((0x00, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069))
# What text in a data file may hold of CONTROL: tab and newline.
ALLOWED_IN_TEXT = "\t\n"
# An id, as a regular expression (also the JSON Schema's, between ^ and $).
SLUG = "[a-z0-9]+(-[a-z0-9]+)*"

_compiled: dict[str, object] = {}  # patterns compiled on first use


def control_ranges(allowed: str = "") -> list[tuple[int, int]]:
    """CONTROL without the characters in `allowed`, as inclusive ranges."""
    skip = sorted(ord(c) for c in allowed)
    ranges = []
    for first, last in CONTROL:
        start = first
        for code in skip:
            if start <= code <= last:
                if start < code:
                    ranges.append((start, code - 1))
                start = code + 1
        if start <= last:
            ranges.append((start, last))
    return ranges


def _class(ranges) -> str:
    """A regex character class (raw characters) for the ranges."""
    return "[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]"


def _pattern(name: str):
    found = _compiled.get(name)
    if found is None:
        import re

        if name == "control":
            source = _class(CONTROL)
        elif name == "refused":
            source = _class(control_ranges(ALLOWED_IN_TEXT))
        elif name == "suspect":
            # One fast pass: a raw control character, or a backslash escape that could be one.
            source = _class(CONTROL) + r"|\\[bfru]"
        elif name == "escape":
            # A JSON escape not itself escaped (preceded by an even number of backslashes).
            source = r"(?<!\\)(?:\\\\)*\\([bfr]|u[0-9a-fA-F]{4})"
        elif name == "slug":
            source = SLUG + r"\Z"
        else:  # "latin_marks": the combining marks of U+0300–U+036F but U+034F (see fold)
            source = "[\u0300-\u034e\u0350-\u036f]"
        found = _compiled[name] = re.compile(source)
    return found


def refused(text: str) -> str | None:
    """The first character of text that a data file may not hold in text, or None."""
    match = _pattern("refused").search(text)
    return match.group() if match else None


_SHORT_ESCAPES = {"b": "\b", "f": "\f", "r": "\r"}


# The JSON escapes that can stand for a character the loader refuses.
_CONTROL_ESCAPES = ("\\u", "\\b", "\\f", "\\r")


def unsafe_json(text: str) -> bool:
    """Whether JSON text (a stored record) holds what the loader refuses: a CONTROL character
    raw (no raw control character is in JSON that json.dumps wrote), or a refused one as an
    escape. A false alarm costs the index a read from the files, never a wrong answer."""
    if text.isprintable():  # every CONTROL character is unprintable: no raw one here
        # Nor an escape of one, unless the text holds one of the escapes that can be one.
        if "\\" not in text or not any(e in text for e in _CONTROL_ESCAPES):
            return False
    elif _pattern("suspect").search(text) is None:
        return False
    if _pattern("control").search(text) is not None:
        return True
    for match in _pattern("escape").finditer(text):
        code = match.group(1)
        char = _SHORT_ESCAPES.get(code) or chr(int(code[1:], 16))
        if char not in ALLOWED_IN_TEXT and _pattern("control").match(char):
            return True
    return False


def visible(text: str) -> str:
    """text with every CONTROL character shown as an escape, so that a message quoting hostile
    input cannot drive the terminal it is printed on (nor start a line of its own)."""
    # One regex pass: validate can print a line for each of 100,000 entries.
    return _pattern("control").sub(_escape, text)


def _escape(match) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}"


# Letters drawn as nothing (category Lo, so not caught by the category test below).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def only_invisible(text: str) -> bool:
    """Whether text holds nothing a reader sees: only white space and characters drawn as
    nothing (zero-width spaces and joiners, format and bidi marks, fillers)."""
    if text.isascii():
        return not text.strip()  # an ASCII control character is refused on its own
    import unicodedata

    for char in text:
        if char.isspace() or char in _BLANK_LETTERS or char == "\u034f":
            continue
        if unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp"):
            continue
        return False
    return True


_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def mixed_scripts(text: str) -> list[tuple[str, list[str]]]:
    """The words of text whose letters come from more than one of Latin, Cyrillic and Greek
    (a Cyrillic "а" in "Kаrim" looks Latin and defeats search), each with its scripts in
    order of first use."""
    if text.isascii():
        return []
    import unicodedata

    found = []
    word: list[str] = []
    scripts: list[str] = []
    for char in text + " ":
        if char.isalpha():
            word.append(char)
            script = unicodedata.name(char, "").split(" ")[0]
            if script in _SCRIPTS and script not in scripts:
                scripts.append(script)
            continue
        if len(scripts) > 1:
            found.append(("".join(word), [s.title() for s in scripts]))
        word, scripts = [], []
    return found


def is_slug(text: str) -> bool:
    """Whether text is an id: "karim-valiyev", "su-25"."""
    return _pattern("slug").match(text) is not None


# Letters NFKD does not decompose to ASCII, folded by hand (Azerbaijani, Turkish, others).
# (str.replace over the few that occur is several times faster than str.translate, which
# looks every character up in a dict.)
_FOLD = (
    ("ə", "e"),
    ("Ə", "e"),
    ("ı", "i"),
    ("İ", "i"),
    ("ß", "ss"),
    ("ø", "o"),
    ("Ø", "o"),
    ("æ", "ae"),
    ("Æ", "ae"),
    ("œ", "oe"),
    ("Œ", "oe"),
    ("ł", "l"),
    ("Ł", "l"),
    ("đ", "d"),
    ("Đ", "d"),
    ("’", "'"),
    ("‘", "'"),
)


class _CombiningMarks(dict):
    """A str.translate table that deletes combining marks, learning each character once (a
    full table would cost ~0.1 s to build; a shell loop cannot pay that per run)."""

    def __missing__(self, code: int) -> int | None:
        import unicodedata

        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_DROP_MARKS = _CombiningMarks()


def fold(text: str) -> str:
    """Lower-case, accent-free text for matching: "Tağıyev" and "TAGIYEV" both give "tagiyev"."""
    if text.isascii():  # the common case, and _FOLD only maps non-ASCII letters
        return text.lower()
    for letter, plain in _FOLD:
        if letter in text:
            text = text.replace(letter, plain)
    if not text.isascii():
        import unicodedata

        # Most marks are in U+0300–U+036F: strip those with one regex pass (C speed), and
        # look up only what is left. (U+034F, the combining grapheme joiner, is the one code
        # point there that is not a combining mark: fold keeps it.)
        text = _pattern("latin_marks").sub("", unicodedata.normalize("NFKD", text))
        if not text.isascii():
            text = text.translate(_DROP_MARKS)
    return text.casefold()


# What Markdown reads as HTML, links, emphasis, code or a table's cell border.
_MARKDOWN_SPECIAL = "\\`*_[]<>|"


def escape_markdown(text: str) -> str:
    """Inline text with every Markdown special character backslash-escaped, so that a
    rendered page shows the text and never runs it. (Line breaks are the caller's: a table
    cell and a citation line treat them differently.)"""
    for char in _MARKDOWN_SPECIAL:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


def escape_markdown_line(text: str) -> str:
    """Inline Markdown on one line: escaped, with every run of white space (line breaks
    included) one space — a citation, a list item."""
    return " ".join(escape_markdown(text).split())


def warn(message: str, stream=None) -> None:
    """Write one line to stderr (or `stream`): the message with every control character made
    visible, a newline in it included, so that quoted input can neither drive the terminal nor
    pass for a line of bilat's own. A stderr that cannot be written to does not end the run."""
    stream = stream if stream is not None else sys.stderr  # of the moment: tests swap it
    try:
        stream.write(visible(message) + "\n")
        stream.flush()
    except (OSError, ValueError, AttributeError):
        pass


def ask(label: str) -> str | None:
    """Prompt on stderr (escaped as warn() escapes) and read one line from stdin: the answer,
    stripped, or None at the end of input. Only asked when stdin is a terminal."""
    try:
        sys.stderr.write(visible(label) + ": ")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    line = sys.stdin.readline()
    return line.strip() if line else None


def github_data(text: str) -> str:
    """A workflow command's message, escaped as the runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A workflow command's property value (file=…), escaped likewise, with , and :."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
