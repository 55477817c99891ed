"""The query layer on the small fixture: filters, lookups, search folding, links."""

from __future__ import annotations

import datetime

import pytest
from conftest import SMALL

from bilat.errors import UsageError
from bilat.load import load_dataset
from bilat.query.memory import Query, fold


@pytest.fixture(scope="module")
def query() -> Query:
    return Query(load_dataset([(str(SMALL), SMALL)]))


def ids(entries):
    return [e.id for e in entries]


def test_events_are_in_date_order(query):
    assert ids(query.events()) == ["aid-story", "recognition", "trilateral-2021", "gids-visit"]


def test_since_until_use_possible_ranges(query):
    # The aid story (c. 1890 – c. 1910) may have happened in 1905.
    assert ids(query.events(until=datetime.date(1905, 12, 31))) == ["aid-story"]
    assert ids(
        query.events(since=datetime.date(2021, 1, 31), until=datetime.date(2021, 1, 31))
    ) == ["trilateral-2021"]
    assert ids(query.events(since=datetime.date(2022, 1, 1))) == ["gids-visit"]


def test_event_filters(query):
    assert ids(query.events(country="Turkey")) == ["trilateral-2021"]
    assert ids(query.events(person="karim-valiyev")) == ["gids-visit"]
    assert ids(query.events(org="gids")) == ["gids-visit"]
    assert ids(query.events(kind="visit")) == ["gids-visit"]


def test_equipment_filters(query):
    assert ids(query.equipment(category="radars")) == ["jy-27a", "modern-radar"]
    assert ids(query.equipment(category="drones")) == ["gids-shahpar"]
    assert ids(query.equipment(status="offered")) == ["modern-radar"]
    assert ids(query.equipment(country="CN")) == ["jy-27a"]
    assert ids(query.equipment(country="AZ")) == ["modern-radar"]
    assert ids(query.equipment(maker="gids")) == ["gids-shahpar"]


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda q: q.equipment(category="rader"),
            'unknown category "rader" (did you mean "radar"?)',
        ),
        (
            lambda q: q.events(country="Pakistn"),
            'unknown country "Pakistn" (did you mean "Pakistan"?)',
        ),
        (lambda q: q.events(kind="vist"), 'unknown kind "vist" (did you mean "visit"?)'),
        (
            lambda q: q.events(person="karim-valiev"),
            'no person with id "karim-valiev" (did you mean',
        ),
        (lambda q: q.events(person="gids"), '"gids" is an organization, not a person'),
        (lambda q: q.get("jy27a"), 'no entry with id "jy27a" (did you mean "jy-27a"?)'),
        (lambda q: q.statements(topic="rise"), 'unknown topic "rise" (did you mean "rice"?)'),
    ],
)
def test_bad_values_raise_usage_errors_with_suggestions(query, call, message):
    with pytest.raises(UsageError) as caught:
        call(query)
    assert message in str(caught.value)


def test_people_and_orgs(query):
    assert ids(query.people(country="AZ")) == ["karim-valiyev", "haji-taghiyev"]
    assert ids(query.people(org="az-army")) == ["karim-valiyev"]
    assert ids(query.organizations(kind="company")) == ["gids"]


@pytest.mark.parametrize("text", ["Tağıyev", "tagiyev", "TAGHIYEV", "taghiyev", "Taghıyev"])
def test_search_folds_case_and_azerbaijani_letters(query, text):
    assert ids(h.entry for h in query.search(text))[0] == "haji-taghiyev"


def test_search_ranks_names_first_and_needs_every_word(query):
    hits = query.search("radar")
    # "radar" is in the generic radar's name but only in JY-27A's description.
    assert [(h.entry.id, h.field) for h in hits] == [
        ("modern-radar", "name"),
        ("jy-27a", "description"),
    ]
    assert ids(h.entry for h in query.search("kərim vəliyev")) == ["karim-valiyev"]
    assert query.search("valiyev nonexistentword") == []


def test_fold():
    assert fold("Kərim Vəliyev İstanbul Çavuşoğlu") == "kerim veliyev istanbul cavusoglu"


def test_links_to(query):
    links = {(link.entry.id, link.field) for link in query.links_to("karim-valiyev")}
    assert links == {("gids-visit", "participants")}
    analyst = {(link.entry.id, link.field) for link in query.links_to("analyst")}
    assert ("analyst-rice", "by") in analyst and ("aid-story", "attributed_to") in analyst
    assert ("jy-27a", "mentions") in analyst


def test_categories_count(query):
    counts = {c.id: n for c, n in query.categories()}
    assert counts["radar"] == 2 and counts["uav"] == 1 and counts["artillery"] == 0


def reference_fold(text: str) -> str:
    """The plain definition of fold(), for comparison: map the letters NFKD leaves alone,
    decompose, drop every combining mark, casefold."""
    import unicodedata

    from bilat.text import _FOLD

    for letter, plain in _FOLD:
        text = text.replace(letter, plain)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def test_fold_matches_its_definition_on_any_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def check(text):
        assert fold(text) == reference_fold(text)

    check()


# -- search: quotes, whole words, Azerbaijani ə (issue 10) --


def test_search_finds_words_inside_quotes_and_names_the_citation(bilat):
    result = bilat("search", "vigilant", "--format", "json")
    hits = {h["id"]: h["matched"] for h in __import__("json").loads(result.stdout)}
    assert hits["pk-armed-forces"] == "quote (azernews-210229)"


def test_whole_words_rank_above_parts_of_words(bilat):
    result = bilat("search", "aliyev", "--fields", "id")
    assert result.stdout.splitlines()[0] == "president-aliyev"


@pytest.mark.parametrize(
    ("text", "expected"), [("Əliyev", "president-aliyev"), ("Vəliyev", "karim-valiyev")]
)
def test_schwa_folds_to_e_and_a(bilat, text, expected):
    result = bilat("search", text, "--fields", "id")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert expected in result.stdout.splitlines()


def test_schwa_in_the_data_is_found_by_both_spellings():
    from bilat.query.search.rules import record_rank, search_words

    record = {"id": "x", "type": "person", "name": "Ceyhun Bayramov Vəliyev"}
    for text in ("veliyev", "valiyev", "Vəliyev"):
        assert record_rank(record, search_words(text)) is not None


def test_a_whole_word_outranks_the_start_of_a_word_and_the_inside_of_one_never_matches():
    # Issue #19: Aliyev is not Valiyev (a reader would not find the word in the hit).
    from bilat.query.search.rules import record_rank, search_words

    def rank(name, text):
        return record_rank({"id": "a", "type": "person", "name": name}, search_words(text))

    assert rank("Alex Valiyev", "aliyev") is None
    assert rank("Bayram Aliyev", "aliyev") < rank("Bayram Aliyevich", "aliyev")
