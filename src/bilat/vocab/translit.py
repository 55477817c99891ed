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
_PRE = str.maketrans({"ğ": "gh", "Ğ": "Gh"})

# (pattern, replacement, why), applied in this order to each folded word of letters.
RULES: tuple[tuple[str, str, str], ...] = (
    ("gh$", "k", "word-final ğ/gh is said kh: Karabagh, Qarabağ = Karabakh"),
    ("kh", "k", "Russian х, Azerbaijani x: Karabakh, Khan = Karabak, Kan"),
    ("gh", "g", "Azerbaijani ğ: Taghiyev = Tagiyev"),
    ("(?<=[aeiou])ch$", "k", "German ch for kh: Karabach = Karabakh"),
    ("q", "k", "Azerbaijani and Urdu q: Qureshi = Kureshi"),
    ("iy", "i", "Russian -iev for Azerbaijani -iyev: Valiyev = Valiev, Aliyev = Aliev"),
    ("ee", "i", "English ee for Urdu long i: Muneer = Munir"),
    ("^veli", "vali", "the name Vəli written with e or a: Veliyev = Valiyev"),
)
_COMPILED = tuple((re.compile(pattern), replacement) for pattern, replacement, _ in RULES)

# A word: letters, digits and combining marks, in the text as written (so a match can be
# shown where it is); then split where letters meet digits.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_PART = re.compile(r"\d+|\D+")
_PLAIN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def word_key(part: str) -> str:
    """The key of one run of letters (or digits) as written: folded and ruled; several words
    joined by spaces if folding splits it (rare: "½" is "1⁄2"); "" if nothing is left."""
    from bilat.text import fold

    words = []
    for word in _PLAIN.findall(fold(part.translate(_PRE))):
        if not word.isdigit():
            for pattern, replacement in _COMPILED:
                word = pattern.sub(replacement, word)
        words.append(word)
    return " ".join(words)


def key_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each word of text, start and end indexes into text."""
    spans = []
    for run in _WORD.finditer(text):
        base = run.start()
        for part in _PART.finditer(run.group()):
            key = word_key(part.group())
            if key:
                spans.append((base + part.start(), base + part.end(), key))
    return spans


def search_key(text: str) -> str:
    """The search key of text (see the module docstring): "" when it has no words."""
    keys = [key for _, _, key in key_spans(text)]
    return " " + " ".join(keys) if keys else ""
