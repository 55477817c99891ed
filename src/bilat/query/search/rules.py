"""How search matches, ranks and shows a hit — the rules both query implementations follow.

A text is compared as search keys (bilat.vocab.translit): a query word matches where one of
its keys occurs at the start of a word of a text's key. The texts of an entry fall in four
groups, best first: its names (name, title, id), its aliases, its other text (description,
summary, topics, roles, notes) and the words its citations carry. A hit's rank is the best
of these tiers, lower first:

    0 / 1000 / 2000 / 3000   every word is a whole word in one group (names … citations)
    4000                     every word is a whole word somewhere, the words in several groups
    10000 + the same         every word at least begins a word there (`azerb` in Azerbaijan)

Hits of one rank are listed people and organizations first, then equipment, statements,
events, sources, each kind by name (hit_order). The in-memory query computes the rank from an
entry's record (match_rank); the cached index stores each entry's four groups in an FTS5
table, one row an entry in hit order, and asks it tier by tier, so a first page of a common
word reads only that page (bilat.query.search.fts). Tests hold the two to the same answers.

Which field a hit matched in, and the snippet that shows it, are worked out when they are
printed (match_place), from the entry's searched texts: made from the record in memory,
stored beside its search row in the index (stored_texts). Both use the same function.
"""

from __future__ import annotations

import re

from bilat.errors import UsageError
from bilat.text import fold

# Search looks in these fields first (with the id), then aliases, then the rest.
NAME_FIELDS = ("name", "title")
SEARCH_FIELDS = ("aliases", "description", "summary", "topics", "roles", "notes")
# The groups, in rank order; SEVERAL: the words are spread over more than one of them.
GROUPS = ("names", "aliases", "text", "citations")
SEVERAL = len(GROUPS)
# A rank from here on: some word only begins a word of the text.
PART_OF_WORD = 10000
# How hits of one rank are listed: a reader who types a name wants the person before the
# pages that mention him.
KIND_ORDER = ("person", "organization", "equipment", "statement", "event", "source")


# One searched text: (field, text as written, its search keys).
Searched = tuple[str, str, list[str]]


class SearchHit:
    """An entry that matched a search and its rank (lower is better). Where it matched (the
    field) and the snippet that shows it are worked out when first asked for, from the
    entry's searched texts: `texts`, the stored form (see stored_texts) when the index gave
    it, else made from the record."""

    __slots__ = ("entry", "rank", "_words", "_texts", "_place")

    def __init__(
        self, entry, rank: int, words: list[tuple[str, ...]], texts: str | None = None
    ) -> None:
        self.entry = entry
        self.rank = rank
        self._words = words
        self._texts = texts
        self._place: tuple[str, str] | None = None

    def place(self) -> tuple[str, str]:
        """(field, snippet): see match_place."""
        if self._place is None:
            group = group_of_rank(self.rank)
            self._place = match_place(self.texts(group), self.rank, self._words)
        return self._place

    def texts(self, group: int) -> list[Searched]:
        """The entry's searched texts of one group (of all for SEVERAL)."""
        if self._texts is not None:
            return read_texts(self._texts, group)
        from bilat.records import record_of

        return searched_texts(record_of(self.entry), group)

    @property
    def field(self) -> str:
        return self.place()[0]

    @property
    def snippet(self) -> str:
        return self.place()[1]

    @property
    def names_it(self) -> bool:
        """Whether the words are in the entry's names or aliases (what resolve looks at)."""
        return group_of_rank(self.rank) < 2


def hit_order(rank: int, type_name: str, label: str) -> tuple:
    """How search sorts its hits: by rank, then people and organizations before the rest,
    sources last, then by name. One key for both implementations (the index stores each
    entry's place in this order without the rank)."""
    return (rank, *entry_order(type_name, label))


def entry_order(type_name: str, label: str) -> tuple[int, str]:
    order = KIND_ORDER.index(type_name) if type_name in KIND_ORDER else len(KIND_ORDER)
    return (order, fold(label))


def group_of_rank(rank: int) -> int:
    """The group (index into GROUPS, or SEVERAL) a hit of this rank matched in."""
    return (rank % PART_OF_WORD) // 1000


def group_of(field: str) -> int:
    """The group (index into GROUPS) of a field record_raw_texts names."""
    if field in NAME_FIELDS or field == "id":
        return 0
    if field == "aliases":
        return 1
    return 3 if field.endswith(")") else 2


def search_keys(text: str) -> list[str]:
    """The search keys of text (bilat.vocab.translit.search_key), and when it holds
    Azerbaijani ə/Ə a second key with "a" for it: the letter is written e or a in Latin
    transcriptions (Məmmədov is Memmedov and Mammadov)."""
    from bilat.vocab.translit import search_key

    key = search_key(text)
    if "ə" not in text and "Ə" not in text:
        return [key]
    other = search_key(text.replace("ə", "a").replace("Ə", "A"))
    return [key] if other == key else [key, other]


def record_raw_texts(record: dict) -> list[tuple[str, str]]:
    """The (field, text as written) pairs search looks in, from a machine record, in group
    order, without importing the model. Citations come last, named by what and whose they
    are: "quote (azernews-210229)", "paraphrase (…)"."""
    texts: list[tuple[str, str]] = []
    for name in NAME_FIELDS + SEARCH_FIELDS:
        if name == SEARCH_FIELDS[0]:
            # The id after the name, so that a match in both reads "matched in name".
            texts.append(("id", str(record["id"])))
        value = record.get(name)
        if value is None:
            continue
        if name == "roles":
            texts.extend(("roles", f"{r.get('rank') or ''} {r['title']}") for r in value)
        elif isinstance(value, list):
            texts.extend((name, v) for v in value)
        else:
            texts.append((name, value))
    from bilat.citations import PARAPHRASE, walk_record

    for citation in walk_record(record):
        for text, what in ((citation.quote, "quote"), (citation.says, PARAPHRASE)):
            if text:
                texts.append((f"{what} ({citation.source})", text))
    return texts


def grouped_texts(record: dict) -> list[list[Searched]]:
    """The searched texts of each group (four lists, in GROUPS order), in record order."""
    groups: list[list[Searched]] = [[] for _ in GROUPS]
    for name, value in record_raw_texts(record):
        groups[group_of(name)].append((name, value, search_keys(value)))
    return groups


def searched_texts(record: dict, group: int) -> list[Searched]:
    """The searched texts of one group (of all of them for SEVERAL)."""
    groups = grouped_texts(record)
    return [text for texts in groups for text in texts] if group == SEVERAL else groups[group]


def grouped_keys(groups: list[list[Searched]]) -> list[list[str]]:
    """The search keys of each group's texts: what the index's FTS5 table holds for an entry,
    and what the in-memory query matches."""
    return [[key for _, _, keys in texts for key in keys] for texts in groups]


# The index stores an entry's searched texts as one string: groups, texts and the parts of
# a text (field, text, keys) separated by the ASCII group, record and unit separators, which
# the loader refuses in any text (so they can only be separators).
_GROUP, _TEXT, _PART = "\x1d", "\x1e", "\x1f"


def stored_texts(groups: list[list[Searched]]) -> str:
    return _GROUP.join(
        _TEXT.join(_PART.join((name, text, *keys)) for name, text, keys in texts)
        for texts in groups
    )


def read_texts(stored: str, group: int) -> list[Searched]:
    """One group's searched texts (all of them for SEVERAL) from stored_texts' string."""
    parts = stored.split(_GROUP)
    if len(parts) != len(GROUPS):
        raise ValueError("not stored searched texts")
    chosen = parts if group == SEVERAL else [parts[group]]
    found = []
    for part in chosen:
        for text in part.split(_TEXT) if part else ():
            name, value, *keys = text.split(_PART)  # ValueError when there are not two
            found.append((name, value, keys))
    return found


_WHOLE: dict[str, re.Pattern] = {}


def _whole_word(word: str, text: str) -> bool:
    return _whole_pattern(word).search(text) is not None


def match_rank(groups: list[list[str]], words: list[tuple[str, ...]]) -> int | None:
    """The rank of an entry whose groups of keys are `groups` (see the module docstring), or
    None when some word is in none of them. Each word is a tuple of keys, any of which may
    match; a key matches only at the start of a word (keys begin with a space): `aliyev`
    finds Aliyev and never Valiyev, which a reader would not see in the hit."""
    # Texts are joined by newlines: no key holds one, so no match spans two texts.
    texts = ["\n".join(keys) for keys in groups]
    every = "\n".join(texts)
    if not all(any(v in every for v in w) for w in words):
        return None
    for group, text in enumerate(texts):
        if all(any(_whole_word(v, text) for v in w) for w in words):
            return group * 1000
    if len(words) > 1 and all(any(_whole_word(v, every) for v in w) for w in words):
        return SEVERAL * 1000
    for group, text in enumerate(texts):
        if all(any(v in text for v in w) for w in words):
            return PART_OF_WORD + group * 1000
    return PART_OF_WORD + SEVERAL * 1000


def record_rank(record: dict, words: list[tuple[str, ...]]) -> int | None:
    """match_rank of a machine record."""
    return match_rank(grouped_keys(grouped_texts(record)), words)


def search_words(text: str) -> list[tuple[str, ...]]:
    """The words to find, each as its search keys (see search_keys); a country's name or alias
    (vocab/countries.py) stands for all of them: "turkey" finds Türkiye."""
    words = []
    for word in text.split():
        keys = [key for key in search_keys(word) if key]
        if keys:
            words.append(tuple(dict.fromkeys(keys + _country_synonyms(word))))
    if not words:
        raise UsageError("search needs some text to look for")
    return words


def _country_synonyms(word: str) -> list[str]:
    """The search keys of every name and alias of the country word names (not of its codes:
    "pk" is no synonym of Pakistan in running text); [] when it names none."""
    if len(word) <= 3:
        return []
    from bilat.vocab.countries import country_spellings, resolve_country

    code = resolve_country(word)
    if code is None:
        return []
    return [key for name in country_spellings(code) if len(name) > 3 for key in search_keys(name)]


# -- where a hit matched, shown --


def match_place(texts: list[Searched], rank: int, words: list[tuple[str, ...]]) -> tuple[str, str]:
    """(field, snippet) of a hit of this rank, from the searched texts of its group: the first
    field that holds every word (as whole words in a whole-word rank), and the text around
    its first match, each match in [brackets]. When the words are spread over the group's
    fields, the fields that hold them ("description, summary"); over several groups,
    "several fields"; the snippet then shows the first text that holds any of them."""
    whole = rank < PART_OF_WORD
    complete, holders, first = None, [], None
    for name, text, keys in texts:
        found = _found(keys, words)
        if found is None:
            continue
        places = found[1]
        if len(places) == len(words):
            if not whole or all(is_whole for *_, is_whole in places):
                return name, _cut(text, _marks(text, *found))
            if complete is None:
                complete = (name, text, found)
        holders.append(name)
        if first is None:
            first = (text, found)
    if complete is not None:
        return complete[0], _cut(complete[1], _marks(complete[1], *complete[2]))
    group = group_of_rank(rank)
    field = "several fields" if group == SEVERAL else ", ".join(dict.fromkeys(holders))
    return field, _cut(first[0], _marks(first[0], *first[1])) if first else ""


def _found(
    keys: list[str], words: list[tuple[str, ...]]
) -> tuple[str, list[tuple[int, str, bool]]] | None:
    """(the key of a text that matches most words, where each of those first does: see
    _first_match); None when no word matches."""
    best = None
    for key in keys:
        places = [place for place in (_first_match(key, word) for word in words) if place]
        if places and (best is None or len(places) > len(best[1])):
            best = (key, places)
        if len(places) == len(words):
            break
    return best


def _marks(text: str, key: str, places: list[tuple[int, str, bool]]) -> list[tuple[int, int]]:
    """The (start, end) in text of each place found in its key (either key of a text with ə:
    both have the words of the text as written), in order."""
    from bilat.vocab.translit import words_span

    marks = set()
    for at, spelling, _ in places:
        first = key.count(" ", 0, at)  # the key begins each word with a space
        marks.add(words_span(text, first, first + spelling.count(" ") - 1))
    return sorted(marks)


def _first_match(key: str, word: tuple[str, ...]) -> tuple[int, str, bool] | None:
    """(where in key, which spelling, whether as a whole word) of word's first whole-word
    match, else of its first match; None when it does not match."""
    for spelling in word:
        found = _whole_pattern(spelling).search(key)
        if found is not None:
            return found.start(), spelling, True
    for spelling in word:
        at = key.find(spelling)
        if at >= 0:
            return at, spelling, False
    return None


def _whole_pattern(word: str) -> re.Pattern:
    pattern = _WHOLE.get(word)
    if pattern is None:
        # A key begins each word with a space: only the end needs checking.
        pattern = _WHOLE[word] = re.compile(rf"{re.escape(word)}(?![^ \n])")
    return pattern


def _cut(text: str, marks: list[tuple[int, int]], width: int = 40) -> str:
    """text around its first mark, about `width` characters either side cut at spaces, "…"
    where cut: `…met [Valiyev] in Rawalpindi…`."""
    start, end = marks[0][0], marks[0][1]
    left = max(0, start - width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    right = min(len(text), end + width)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    pieces, at = [], left
    for mark_start, mark_end in marks:
        if mark_start < at or mark_end > right:
            continue
        pieces += [text[at:mark_start], "[", text[mark_start:mark_end], "]"]
        at = mark_end
    pieces.append(text[at:right])
    shown = " ".join("".join(pieces).split())
    return ("…" if left > 0 else "") + shown + ("…" if right < len(text) else "")
