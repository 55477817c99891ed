"""How search compares words: the folding table for the region's romanisations, and the
search key every text and query word is turned into.

A search key is the text's words, each folded (bilat.text.fold: case and accents), split where
letters meet digits (JF17, JF-17 and JF 17 are all "jf 17"), and rewritten by the rules below,
joined by single spaces with one space in front: " karim valiev". A query word matches where
its key occurs in a text's key, which can only be at the start of a word (the space in front),
so "aliyev" finds Aliyev and never Valiyev.

Why a table and not a transliteration library: the spellings to forgive are a handful of
regional habits (Azerbaijani, Urdu and Russian names written in English), not a conversion
between scripts; a library (unidecode, PyICU) would add a dependency for what fold() already
does, and would still not make Muneer equal Munir. A table is read in one screen, each rule
says why it is there, and the same rules are applied to the data and to the query, so a rule
can only widen what matches, never lose a match. The price is that a rule also folds English
words (q→k makes "quote" "kuote" on both sides); the rules are chosen so that this joins few
English words that differ (ee→i joins "beet" and "bit").
"""

from __future__ import annotations

import re
from functools import lru_cache


# Before folding: Azerbaijani ğ is the sound written gh (Tağıyev = Taghiyev); fold would make
# it a plain g, and the word-final rule below needs to see it.
def _pre(text: str) -> str:
    return text.replace("ğ", "gh").replace("Ğ", "Gh") if "ğ" in text or "Ğ" in text else text


# (pattern, replacement, why), applied in this order to each folded word of letters, each rule
# to what the ones before it wrote (Veliyev: "iy" becomes "i", then "vel" before it "val").
RULES: tuple[tuple[str, str, str], ...] = (
    ("gh$", "k", "word-final ğ/gh is said kh: Karabagh, Qarabağ = Karabakh"),
    ("kh", "k", "Russian х, Azerbaijani x: Karabakh, Khan = Karabak, Kan"),
    ("gh", "g", "Azerbaijani ğ: Taghiyev = Tagiyev"),
    ("(?<=[aeiou])ch$", "k", "German ch for kh: Karabach = Karabakh"),
    ("q", "k", "Azerbaijani and Urdu q: Qureshi = Kureshi"),
    ("iy", "i", "Russian -iev for Azerbaijani -iyev: Valiyev = Valiev, Aliyev = Aliev"),
    ("ee", "i", "English ee for Urdu long i: Muneer = Munir"),
    ("^vel(?=i)", "val", "the name Vəli written with e or a: Veliyev = Valiyev"),
)


def _compiled(anchors: tuple[str, str]) -> tuple[tuple[str, re.Pattern, str], ...]:
    """(letters every match holds, pattern, replacement) of each rule, with ^ and $ written as
    `anchors`: a rule is tried only on text that holds its letters (a fast `in` test)."""
    return tuple(
        (
            re.sub(r"\(\?<?[=!][^)]*\)|[\^$]", "", pattern),
            re.compile(pattern.replace("^", anchors[0]).replace("$", anchors[1])),
            replacement,
        )
        for pattern, replacement, _ in RULES
    )


_IN_A_WORD = _compiled(("^", "$"))
# The same rules over a whole lower-case ASCII text at once (a word starts and ends where
# letters do): what search_key does for ASCII text, the common case, at C speed.
_IN_A_TEXT = _compiled(("(?<![a-z])", "(?![a-z])"))


def _ruled(text: str, rules) -> str:
    for letters, pattern, replacement in rules:
        if letters in text:
            text = pattern.sub(replacement, text)
    return text


_ASCII_WORD = re.compile(r"[a-z]+|[0-9]+")

# A word: letters, digits and combining marks, in the text as written (so a match can be
# shown where it is); then split where letters meet digits.
_PARTS = re.compile(r"\d+|(?:[^\W\d_]|[\u0300-\u036f])+")
_PLAIN = re.compile(r"[^\W\d_]+|\d+")
# What is not part of a word (see _PARTS).
_NON_WORD = re.compile(r"(?:[^\w\u0300-\u036f]|_)+")


@lru_cache(maxsize=65536)
def word_key(part: str) -> str:
    """The key of one run of letters (or digits) as written: folded and ruled; several words
    joined by spaces if folding splits it (rare: "½" is "1⁄2", "x²" is "x2"); "" if nothing
    is left."""
    from bilat.text import fold

    words = []
    for word in _PLAIN.findall(fold(_pre(part))):
        words.append(word if word.isdigit() else _ruled(word, _IN_A_WORD))
    return " ".join(words)


def key_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each word of text, start and end indexes into text."""
    spans: list[tuple[int, int, str]] = []
    for part in _PARTS.finditer(text):
        key = word_key(part.group())
        start, end = part.span()
        if spans and spans[-1][1] == start and spans[-1][2][-1:].isdigit() and key[:1].isdigit():
            # Digits that fold from other numbers ("0²" is "02"): one number, as written.
            spans[-1] = (spans[-1][0], end, spans[-1][2] + key)
        elif key:
            spans.append((start, end, key))
        elif spans and spans[-1][1] == start:  # marks that fold away ("0\u0301"): kept
            spans[-1] = (spans[-1][0], end, spans[-1][2])
    return spans


def search_key(text: str) -> str:
    """The search key of text (see the module docstring): "" when it has no words. The same
    as joining key_spans' keys (a test holds the two ways together)."""
    if text.isascii():
        lowered = text.lower()
    elif (plain := _plain_letters(text)) is not None:
        # Its few distinct non-ASCII characters replaced by what each folds to.
        for char, folded in plain:
            text = text.replace(char, folded)
        lowered = text.lower()
    else:
        from bilat.text import fold

        # Folded whole once the characters between words are spaces (fold could make letters
        # of some: "№" is "No"); word by word only when letters outside ASCII are left.
        lowered = fold(_NON_WORD.sub(" ", _pre(text)))
        if not lowered.isascii():
            keys = [key for _, _, key in key_spans(text)]
            return " " + " ".join(keys) if keys else ""
    keys = _ASCII_WORD.findall(_ruled(lowered, _IN_A_TEXT))
    return " " + " ".join(keys) if keys else ""


def token_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """(search key of text, (start, end) in text of each word of the key, in order): where in
    the text as written a match in the key is."""
    return search_key(text), word_spans(text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) in text of each word of its search key, in order."""
    stand_in = _ascii_stand_in(text)
    if stand_in is not None:
        return [match.span() for match in _ASCII_WORD.finditer(stand_in)]
    return [(start, end) for start, end, key in key_spans(text) for _ in key.split(" ")]


def words_span(text: str, first: int, last: int) -> tuple[int, int]:
    """(start of the word at index `first` of text's search key, end of the one at `last`):
    word_spans(text)[first][0], word_spans(text)[last][1], found without listing the
    words before them when the text is (or stands in as) ASCII."""
    stand_in = _ascii_stand_in(text)
    if stand_in is None:
        spans = word_spans(text)
        return spans[first][0], spans[last][1]
    start = _nth_word(first).match(stand_in)
    end = start if last == first else _nth_word(last).match(stand_in)
    return start.start(1), end.end(1)


@lru_cache(maxsize=256)
def _nth_word(index: int) -> re.Pattern:
    """A pattern whose group 1 is the word at `index` of an ASCII stand-in (_ASCII_WORD's)."""
    skip = r"[^a-z0-9]*(?:[a-z]+|[0-9]+)"
    return re.compile(rf"(?:{skip}){{{index}}}[^a-z0-9]*([a-z]+|[0-9]+)")


def _ascii_stand_in(text: str) -> str | None:
    """text lower-cased, in ASCII with the same offsets and the same words as its search key
    (each non-ASCII letter standing in as "a", each mark as part of the letter before it);
    None when some character does not fold that simply (then key_spans)."""
    if text.isascii():
        # The rules change letters within words, never how many words there are.
        return text.lower()
    plain = _plain_letters(text)
    if plain is None or "\x01" in text:  # control character 1 stands in for a mark below
        return None
    for char, folded in plain:
        text = text.replace(char, "a" if folded else "\x01")
    text = text.lower()
    if "\x01" in text:
        if _LOOSE_MARK.search(text):  # a mark after no letter: key_spans keeps it apart
            return None
        text = text.replace("\x01", "a")
    return text


# A mark (standing in as control character 1) that follows no letter.
_LOOSE_MARK = re.compile("(?<![a-z\x01])\x01")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# What a non-ASCII character folds to (with _pre) when that is ASCII letters and it is a
# letter ("ə": "e", "ğ": "gh", "ß": "ss"), "" for a mark fold deletes, None otherwise.
_FOLDS_TO: dict[str, str | None] = {}


def _plain_letters(text: str) -> list[tuple[str, str]] | None:
    """(character, what it folds to) of each distinct non-ASCII character of text, when every
    one is a letter that folds to ASCII letters or a mark of U+0300–U+036F that folds away;
    else None. Then replacing each gives the folded text: fold works a character at a time
    on these (a mark joins the letters either side, as in fold)."""
    found = []
    for char in set(_NON_ASCII.findall(text)):
        folded = _FOLDS_TO.get(char, False)
        if folded is False:
            folded = _FOLDS_TO[char] = _plain_letter(char)
        if folded is None:
            return None
        found.append((char, folded))
    return found


def _plain_letter(char: str) -> str | None:
    import unicodedata

    from bilat.text import fold

    folded = fold(_pre(char))
    if char.isalpha() and folded.isascii() and folded.isalpha():
        return folded.lower()
    if "\u0300" <= char <= "\u036f" and unicodedata.combining(char) and not folded:
        return ""
    return None
