"""A word-level diff of two texts, as `git diff --word-diff` shows one: unchanged runs kept,
removed words marked [-like this-] and added words {+like this+}."""

from __future__ import annotations

import difflib

SAME, REMOVED, ADDED = "=", "-", "+"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, words) runs that turn `old` into `new`, op one of SAME, REMOVED, ADDED, each run's
    words joined by single spaces (white space is not compared)."""
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append((SAME, " ".join(new_words[j1:j2])))
            continue
        if i2 > i1:
            runs.append((REMOVED, " ".join(old_words[i1:i2])))
        if j2 > j1:
            runs.append((ADDED, " ".join(new_words[j1:j2])))
    return runs


def marked(runs: list[tuple[str, str]]) -> str:
    """The runs as one line of text, git's plain word-diff markers around what changed."""
    marks = {SAME: "{}", REMOVED: "[-{}-]", ADDED: "{{+{}+}}"}
    return " ".join(marks[op].format(text) for op, text in runs)
