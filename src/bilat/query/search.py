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
word reads only that page (bilat.query.sqlite). A test holds the two to the same answers.

Which field a hit matched in, and the snippet that shows it, are worked out from the record
when they are printed (match_place): both implementations use the same function.
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


class SearchHit:
    """An entry that matched a search and its rank (lower is better). Where it matched (the
    field) and the snippet that shows it are read from the record when first asked for."""

    __slots__ = ("entry", "rank", "_words", "_place")

    def __init__(self, entry, rank: int, words: list[tuple[str, ...]]) -> None:
        self.entry = entry
        self.rank = rank
        self._words = words
        self._place: tuple[str, str] | None = None

    def place(self, record: dict | None = None) -> tuple[str, str]:
        """(field, snippet): see match_place. `record`: the entry's record, when at hand."""
        if self._place is None:
            if record is None:
                from bilat.records import record_of

                record = record_of(self.entry)
            self._place = match_place(record, self.rank, self._words)
        return self._place

    @property
    def field(self) -> str:
        return self.place()[0]

    @property
    def snippet(self) -> str:
        return self.place()[1]

    @property
    def names_it(self) -> bool:
        """Whether the words are in the entry's names or aliases (what resolve looks at)."""
        return self.rank % PART_OF_WORD < 2000


def hit_order(rank: int, type_name: str, label: str) -> tuple:
    """How search sorts its hits: by rank, then people and organizations before the rest,
    sources last, then by name. One key for both implementations (the index stores each
    entry's place in this order without the rank)."""
    return (rank, *entry_order(type_name, label))


def entry_order(type_name: str, label: str) -> tuple[int, str]:
    order = KIND_ORDER.index(type_name) if type_name in KIND_ORDER else len(KIND_ORDER)
    return (order, fold(label))


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


def record_raw_texts(record: dict, citations: bool = True) -> list[tuple[str, str]]:
    """The (field, text as written) pairs search looks in, from a machine record, in group
    order, without importing the model. Citations come last (unless `citations` is False),
    named by what and whose they are: "quote (azernews-210229)", "paraphrase (…)"."""
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
    if citations:
        from bilat.citations import PARAPHRASE, walk_record

        for citation in walk_record(record):
            for text, what in ((citation.quote, "quote"), (citation.says, PARAPHRASE)):
                if text:
                    texts.append((f"{what} ({citation.source})", text))
    return texts


def grouped_keys(record: dict) -> list[list[str]]:
    """The search keys of each group's texts (four lists, in GROUPS order): what the index
    stores for an entry, and what the in-memory query matches."""
    groups: list[list[str]] = [[] for _ in GROUPS]
    for name, value in record_raw_texts(record):
        groups[group_of(name)].extend(search_keys(value))
    return groups


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
    return match_rank(grouped_keys(record), words)


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


def match_place(record: dict, rank: int, words: list[tuple[str, ...]]) -> tuple[str, str]:
    """(field, snippet) of a hit of this rank: the first field of the rank's group that holds
    every word (as whole words in a whole-word rank), and the text around its first match,
    each match in [brackets]. When the words are spread over the group's fields, the fields
    that hold them ("description, summary"); over several groups, "several fields"; the
    snippet then shows the first text that holds any of them."""
    group = (rank % PART_OF_WORD) // 1000
    whole = rank < PART_OF_WORD
    texts = record_raw_texts(record, citations=group in (3, SEVERAL))
    complete, holders, first = None, [], None
    for name, text in texts:
        if group != SEVERAL and group_of(name) != group:
            continue
        marks, found, all_whole = _marks(text, words)
        if found == len(words):
            if all_whole or not whole:
                return name, _cut(text, marks)
            if complete is None:
                complete = (name, text, marks)
        if marks:
            holders.append(name)
            if first is None:
                first = (text, marks)
    if complete is not None:
        return complete[0], _cut(complete[1], complete[2])
    field = "several fields" if group == SEVERAL else ", ".join(dict.fromkeys(holders))
    return field, _cut(*first) if first else ""


def _marks(text: str, words: list[tuple[str, ...]]) -> tuple[list[tuple[int, int]], int, bool]:
    """(the (start, end) in text of the first match of each word that matches — a whole
    word's first if it has one —, how many words match, whether all of those are whole)."""
    from bilat.vocab.translit import token_spans

    best: tuple[list[tuple[int, int]], int, bool] = ([], 0, False)
    for variant in dict.fromkeys((text, text.replace("ə", "a").replace("Ə", "A"))):
        key, spans = token_spans(variant)
        found, all_whole = [], True
        for word in words:
            place = _first_match(key, word)
            if place is None:
                continue
            at, spelling, whole = place
            all_whole = all_whole and whole
            first = key.count(" ", 0, at)  # the key begins each word with a space
            last = first + spelling.count(" ") - 1
            found.append((spans[first][0], spans[last][1]))
        if len(found) > best[1]:
            best = (sorted(set(found)), len(found), all_whole)
        if len(found) == len(words):
            break
    return best


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
    shown = re.sub(r"\s+", " ", "".join(pieces)).strip()
    return ("…" if left > 0 else "") + shown + ("…" if right < len(text) else "")
