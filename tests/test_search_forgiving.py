"""Issue #19 §1: search that forgives spelling and says why it matched."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def _ids(bilat, *args):
    result = bilat("search", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [hit["id"] for hit in json.loads(result.stdout)], json.loads(result.stdout)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Valiev", "karim-valiyev"),
        ("Veliyev", "karim-valiyev"),
        ("Vəliyev", "karim-valiyev"),
        ("Muneer", "syed-asim-munir"),
        ("Kureshi", "shah-mahmood-qureshi"),
        ("JF17", "jf-17-block-iii"),
        ("JF 17", "jf-17-block-iii"),
    ],
)
def test_transliterations_and_punctuation_are_forgiven(bilat, text, expected):
    ids, _ = _ids(bilat, text)
    assert expected in ids


def test_transliteration_table_folds_the_named_variants():
    from bilat.vocab.translit import search_key

    for group in (
        ("Valiyev", "Valiev", "Veliyev", "Vəliyev"),
        ("Tağıyev", "Taghiyev", "Tagiyev", "Taghiev"),
        ("Munir", "Muneer"),
        ("Qureshi", "Kureshi"),
        ("Karabakh", "Karabagh", "Karabach"),
        ("JF17", "JF-17", "JF 17"),
    ):
        assert len({search_key(name) for name in group}) == 1, group


def test_a_word_inside_another_word_does_not_match(bilat):
    _, hits = _ids(bilat, "Aliyev")
    assert hits
    for hit in hits:
        assert "aliyev" in hit["snippet"].lower().replace("[", "").replace("]", ""), hit
        assert "[valiyev]" not in hit["snippet"].lower()


def test_each_hit_carries_a_marked_snippet(bilat):
    _, hits = _ids(bilat, "Valiev")
    person = next(hit for hit in hits if hit["id"] == "karim-valiyev")
    assert "[Valiyev]" in person["snippet"]


def test_the_search_table_has_a_snippet_column(bilat):
    result = bilat("search", "Valiev", "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert "[Valiyev]" in result.stdout


def test_country_names_are_synonyms_in_search_and_timeline_match(bilat):
    turkey = bilat("timeline", "--match", "turkey", "--format", "plain")
    turkiye = bilat("timeline", "--match", "türkiye", "--format", "plain")
    assert turkey.exit_code == turkiye.exit_code == 0
    assert turkey.stdout == turkiye.stdout
    assert len(turkiye.stdout.splitlines()) >= 5


def test_nothing_found_suggests_a_name(bilat):
    result = bilat("search", "Valyiev")
    assert result.exit_code == 0
    assert 'did you mean "Valiyev"' in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet="abceghiklqrstvy EGHKQ0123456789-_.'/əğıüöşçĞƏİ–²№ßﬁ½\u0301\u034f\u0483Жx",
        max_size=30,
    )
)
def test_the_whole_text_shortcut_gives_the_keys_word_by_word(text):
    from bilat.vocab.translit import key_spans, search_key

    keys = [key for _, _, key in key_spans(text)]
    assert search_key(text) == (" " + " ".join(keys) if keys else "")


@settings(max_examples=600, deadline=None)
@given(
    st.text(
        # Marks inside and outside U+0300–U+036F (U+034F is not folded away; U+0483 is no
        # part of a word), and letters that fold to ASCII, to other letters, to nothing.
        alphabet="abceghiklqrstvy EGHKQV017-_.'/əğıüöĞƏİŞ–²№ßﬁ½\u0301\u0307\u034f\u0483Ж中٣",
        max_size=30,
    )
)
def test_every_word_of_the_key_has_its_place_in_the_text(text):
    from bilat.vocab.translit import key_spans, search_key, token_spans, words_span

    key, spans = token_spans(text)
    assert key == search_key(text)
    assert len(spans) == len(key.split()) if key else spans == []
    # The shortcuts' places (ASCII; letters that fold to ASCII) are the word-by-word ones.
    assert spans == [(s, e) for s, e, k in key_spans(text) for _ in k.split(" ")]
    # And the place of a run of words, found without listing the words before it.
    for first in range(len(spans)):
        for last in range(first, min(first + 3, len(spans))):
            assert words_span(text, first, last) == (spans[first][0], spans[last][1])


def test_a_name_finds_the_person_before_the_pages_that_mention_him(bilat):
    """At the same rank (the name in a title, the name as a name), people and organizations
    come before events and sources: a reader typing a name wants the person first."""
    for args in (
        ["search", "valiev", "-f", "json"],
        ["--no-cache", "search", "valiev", "-f", "json"],
    ):
        import json

        hits = json.loads(bilat(*args).stdout)
        assert hits[0]["id"] == "karim-valiyev"
        sources = [i for i, h in enumerate(hits) if h["type"] == "source"]
        events = [i for i, h in enumerate(hits) if h["type"] == "event"]
        assert not sources or not events or min(sources) > min(events)


def test_the_kinds_whose_records_have_a_name_are_the_schemas():
    """A search row from the index adds `name` to a record's JSON text only when the record
    has none (bilat.commands.queries.SearchRow.json_text)."""
    from bilat.commands.queries import NAMED_KINDS
    from bilat.schema import KINDS, output_fields

    assert {k.type for k in KINDS if "name" in output_fields(k)} == set(NAMED_KINDS)
