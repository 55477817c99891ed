"""The built-in dataset says what its sources say, and nothing more.

These tests read data/entries.toml directly (not through the bilat package), so they guard the
data whatever state the loader is in. Quotes must be the exact words of the one source bilat
holds a copy of (the Azernews article, shipped as data/archive/azernews-210229.txt); every other
page is cited with a paraphrase (`says`). Khan's words carry `by`; Azernews' narration does not.
The article's wish list of arms must never turn into an inventory.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli

DATA_DIR = Path(__file__).parents[1] / "data"
DATA = DATA_DIR / "entries.toml"
ARTICLE_ID = "azernews-210229"
ARTICLE_ARCHIVE = DATA_DIR / "archive" / "azernews-210229.txt"
KHAN = "mehmood-ul-hassan-khan"
TABLES = ("sources", "people", "organizations", "events", "equipment", "statements")
CATEGORIES = {
    "aircraft",
    "uav",
    "air-defence",
    "radar",
    "missile",
    "artillery",
    "armoured-vehicle",
    "ship",
    "small-arms",
    "technology",
}
STANCES = {"suggested", "offered", "proposed", "in-service", "mentioned"}
# Nothing a user reads may refer to how the data was assembled.
BACKSTAGE = re.compile(r"shared/|facts\.md|checked-facts|bilat project", re.IGNORECASE)

# Names as the article prints them: dropping any of these from the dataset fails a test.
ARTICLE_PEOPLE = [
    "Karim Valiyev",
    "Syed Asim Munir",
    "Mehmud ul Hassan Khan",
    "Mehmood ul Hassan Khan",
    "Khan",
    "Haji Zeynalabdin Tagiyev",
]
ARTICLE_ORGANIZATIONS = [
    "Azernews",
    "GIDS",
    "Global Industrial and Defence Solutions",
    "NESCOM",
    "KRL",
    "SUPARCO",
    "CALT",
    "CSAIS",
    "Center of South Asia & International Studies",
    "Pakistan Army",
    "Azerbaijan Army",
    "armed forces of Pakistan",
    "armed forces of Azerbaijan",
    "Pakistan Senate",
    "Armenia",
    "India",
    "Türkiye",
    "Turkiye",
    "CPEC",
]
ARTICLE_EQUIPMENT = [
    # (a)–(i)
    "Latest compatible Air-Defense System",
    "Anti-Ballistic Missile System",
    "Modern Rader System",
    "Modern unmanned system",
    "5th generation fighter jet",
    "Mini nuclear submarine technology",
    "stealth technology",
    "Laser technology",
    "Latest missile technology and manufacturing",
    # the long list
    "standard heavy machine gun",
    "Automatic grenade launcher",
    "Rocket grenade launcher",
    "Anti-tank rocket launcher",
    "Command-detonated anti-personnel mine",
    "Al Khalid",
    "Al Zarrar",
    "Multirole armoured personnel carrier and infantry fighting vehicle",
    "Light tactical vehicle",
    "Tank destroyers 550",
    "KRL Fatah-1",
    "300mm MLR",
    "155mm truck mounted howitzer",
    "Anti-tank guided missiles",
    "NESCOM Barq",
    "HQ-9P variant",
    "Man-portable air-defense systems",
    "Air defence anti-aircraft gun systems (Type 85)",
    "IBIS-150",
    "JY-27A",
    "YLC-18A",
    "Unmanned aerial vehicles",
    "NESCOM Burraq",
    "GIDS Shahpar",
    "GIDS Uqab",
    "JF-17 Thunder bloc III",
    "airborne early warning and control (AEW&C) systems aircraft",
    # offered to Azerbaijan
    "JF-17 Thunder Bloc-III",
    "missile technology",
    "unmanned vehicles",
    "tank manufacturing",
    "radar",
    "laser technologies",
    # proposed for joint production
    "Bayraktar TB2",
    "cutting-edge military equipment",
    "cutting-edge aerial devices",
]
RADARS_REQUIRED = ["Modern Rader System", "IBIS-150", "JY-27A", "YLC-18A"]

# The article's own narration, by the opening words of each of its paragraphs, and the tags
# Azernews puts after Khan's closing quotation marks. Every other word of the article is Khan's
# (his quotations are not always closed or reopened across paragraphs, so punctuation alone
# cannot tell).
NARRATION_PARAGRAPHS = (
    "Pakistan is one of the countries",
    "Nevertheless, this friendship",
    "Currently, high-ranking officers",
    "It should be noted",
    "Commenting on the following issue",
    "Touching on the wide-range",
    "Furthermore, the political analyst",
    "Doctor Mehmood ul Hassan Khan also stressed",
    "Pakistani professor added",
    "Dr Mehmood ul Hassan Khan is the Executive Director",
    "He is a Regional expert",
)
NARRATION_TAGS = ("the expert emphasized.", "Khan said.", "the expert concluded.")

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """NFKC, curly quotes and dashes folded to ASCII, white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_FOLD).split())


def _collapse(text: str) -> str:
    return " ".join(text.split())


DATASET: dict[str, list[dict]] = tomli.loads(DATA.read_text(encoding="utf-8"))


def _article_with_speakers() -> tuple[str, list[bool]]:
    """The normalised article and, for each character, whether the words are Khan's."""
    text_parts: list[str] = []
    mask: list[bool] = []

    def add(part: str, khan: bool) -> None:
        part = normalise(part)
        if not part:
            return
        if text_parts:
            text_parts.append(" ")
            mask.append(False)
        text_parts.append(part)
        mask.extend([khan] * len(part))

    raw = ARTICLE_ARCHIVE.read_text(encoding="utf-8")
    for paragraph in (p for p in raw.split("\n") if p.strip()):
        paragraph = paragraph.strip()
        if paragraph.startswith(NARRATION_PARAGRAPHS):
            add(paragraph, False)
            continue
        tag = next((t for t in NARRATION_TAGS if paragraph.endswith(t)), None)
        if tag:
            add(paragraph[: -len(tag)], True)
            text_parts.append(" ")
            mask.append(False)
            text_parts.append(tag)
            mask.extend([False] * len(tag))
        else:
            add(paragraph, True)
    return "".join(text_parts), mask


ARTICLE, KHAN_MASK = _article_with_speakers()


def _data_speaker_mask() -> list[bool]:
    """For each character of the normalised article, whether the data's speakers map (on the
    article's source) marks it as Khan's: each passage from its opening to its closing
    words, each found exactly once."""
    (article,) = [s for s in DATASET["sources"] if s["id"] == ARTICLE_ID]
    mask = [False] * len(ARTICLE)
    for passage in article.get("speakers", []):
        assert passage["by"] == KHAN, passage
        opening, closing = normalise(passage["opening"]), normalise(passage["closing"])
        assert ARTICLE.count(opening) == 1, opening
        assert ARTICLE.count(closing) == 1, closing
        start, end = ARTICLE.find(opening), ARTICLE.find(closing) + len(closing)
        assert start < end
        assert not any(mask[start:end]), f"overlaps: {opening}"
        mask[start:end] = [True] * (end - start)
    return mask


DATA_MASK = _data_speaker_mask()


def _entries(*tables: str) -> list[dict]:
    return [entry for table in (tables or TABLES) for entry in DATASET.get(table, [])]


def _citations(entry: dict) -> Iterator[dict]:
    """Every citation an entry carries: its sources, its roles' sources, its mentions."""
    yield from entry.get("sources", [])
    for role in entry.get("roles", []):
        yield from role.get("sources", [])
    yield from entry.get("mentions", [])


def _all_citations() -> Iterator[tuple[str, dict]]:
    for entry in _entries():
        for citation in _citations(entry):
            yield entry["id"], citation


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _ids(entries: list[dict]) -> list[str]:
    return [entry["id"] for entry in entries]


def _names(entry: dict) -> set[str]:
    return {_collapse(name).casefold() for name in [entry["name"], *entry.get("aliases", [])]}


def _find(entries: list[dict], printed: str) -> list[dict]:
    wanted = _collapse(printed).casefold()
    return [entry for entry in entries if wanted in _names(entry)]


def _places(quote: str, mask: list[bool] = KHAN_MASK) -> list[set[bool]]:
    """For each place the quote occurs in the article, whose words it holds there: True for
    Khan's, False for Azernews', by the letters and digits (punctuation beside a quotation is
    no one's); a place that mixes both holds both."""
    found: list[set[bool]] = []
    start = ARTICLE.find(quote)
    while start != -1:
        span = zip(ARTICLE[start : start + len(quote)], mask[start:])
        found.append({khan for char, khan in span if char.isalnum()})
        start = ARTICLE.find(quote, start + 1)
    return found


def _speakers(quote: str, mask: list[bool] = KHAN_MASK) -> set[bool]:
    """Whose words the quote holds, over every place it occurs (see _places)."""
    return set().union(*_places(quote, mask))


ARCHIVED = {s["id"] for s in _entries("sources") if s.get("archive")}


def test_only_known_tables() -> None:
    assert set(DATASET) <= set(TABLES) | {"dataset"}


def test_ids_are_unique_across_kinds() -> None:
    ids = _ids(_entries())
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates


def test_article_is_the_archived_primary_source() -> None:
    (article,) = [s for s in _entries("sources") if s["id"] == ARTICLE_ID]
    assert article.get("primary") is True
    assert article.get("archive") == "archive/azernews-210229.txt"
    assert (DATA_DIR / article["archive"]).is_file()
    assert {ARTICLE_ID} == ARCHIVED


def test_the_datas_speakers_map_marks_khans_words_as_the_article_prints_them() -> None:
    # The map on the article's source (data/entries.toml), read against the archive: every
    # letter and digit is Khan's by the map exactly when it is by the article's paragraphs
    # and tags (NARRATION_PARAGRAPHS, NARRATION_TAGS).
    differ = [
        ARTICLE[max(0, i - 30) : i + 30]
        for i, char in enumerate(ARTICLE)
        if char.isalnum() and DATA_MASK[i] != KHAN_MASK[i]
    ]
    assert not differ, differ[:3]
    assert True in DATA_MASK and False in DATA_MASK


def test_speaker_map_covers_the_article() -> None:
    # Guards the map itself: both voices are present, and known lines fall on the right side.
    assert _speakers(normalise("The people of Pakistan also do not forget the good.")) == {False}
    assert _speakers(normalise("Modern Rader System")) == {True}
    assert _speakers(normalise("the government has not yet recognized Armenia")) == {True}
    assert _speakers(normalise("pointed support of his country to Azerbaijan")) == {False}


def test_every_citation_has_exactly_one_of_quote_or_says() -> None:
    bad = [(eid, c) for eid, c in _all_citations() if ("quote" in c) == ("says" in c)]
    assert not bad


def test_only_archived_sources_are_quoted() -> None:
    # Outside pages are paraphrased: bilat holds no copy of their words.
    bad = [
        (eid, c["source"])
        for eid, c in _all_citations()
        if "quote" in c and c["source"] not in ARCHIVED
    ]
    assert not bad


@pytest.mark.parametrize("entry", _entries(), ids=_ids(_entries()))
def test_article_quotes_are_verbatim(entry: dict) -> None:
    missing = [
        citation["quote"]
        for citation in _citations(entry)
        if citation["source"] == ARTICLE_ID
        and "quote" in citation
        and normalise(citation["quote"]) not in ARTICLE
    ]
    assert not missing, f"{entry['id']}: not in the article: {missing}"


@pytest.mark.parametrize("entry", _entries(), ids=_ids(_entries()))
def test_khans_words_carry_by_and_narration_does_not(entry: dict) -> None:
    wrong = []
    for citation in _citations(entry):
        if citation["source"] != ARTICLE_ID or "quote" not in citation:
            continue
        # Wholly one voice, Khan's with his `by` or Azernews' without one, in at least one of
        # the places the article prints it (by the data's map).
        places = _places(normalise(citation["quote"]), DATA_MASK)
        by_khan = citation.get("by") == KHAN
        if {by_khan} in places:
            pass
        elif places and places[0] == {True, False}:
            wrong.append(("runs across a change of speaker", citation["quote"]))
        elif by_khan:
            wrong.append(("narration credited to Khan", citation["quote"]))
        else:
            wrong.append(("Khan's words without by", citation["quote"]))
        if "by" in citation and not by_khan:
            wrong.append(("the article quotes only Khan", citation["quote"]))
    assert not wrong, f"{entry['id']}: {wrong}"


def test_nothing_mentions_how_the_data_was_assembled() -> None:
    assert [s for s in _strings(DATASET) if BACKSTAGE.search(s)] == []
    comments = [
        line
        for line in DATA.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith("#")
    ]
    assert [line for line in comments if BACKSTAGE.search(line)] == []


@pytest.mark.parametrize("source", _entries("sources"), ids=_ids(_entries("sources")))
def test_sources_are_recorded_as_a_librarian_would(source: dict) -> None:
    assert source.get("url"), "every source has its address"
    assert source.get("date") or source.get("date_note"), "a date, or what is known of it"
    if source.get("title_supplied"):
        assert source.get("notes") or source.get("id") == ARTICLE_ID


def test_every_source_is_cited() -> None:
    cited = {c["source"] for _, c in _all_citations()}
    assert set(_ids(_entries("sources"))) - cited == set()


@pytest.mark.parametrize(
    "entry",
    _entries("people", "organizations", "events", "equipment", "statements"),
    ids=_ids(_entries("people", "organizations", "events", "equipment", "statements")),
)
def test_entry_cites_existing_sources(entry: dict) -> None:
    source_ids = set(_ids(_entries("sources")))
    citations = list(_citations(entry))
    assert citations, f"{entry['id']} cites no source"
    unknown = [c["source"] for c in citations if c["source"] not in source_ids]
    assert not unknown, f"{entry['id']} cites unknown sources {unknown}"


def test_references_point_to_existing_entries() -> None:
    ids = set(_ids(_entries()))
    people = set(_ids(_entries("people")))
    orgs = set(_ids(_entries("organizations")))
    dangling = []
    for entry in _entries():
        refs = [
            *entry.get("participants", []),
            *entry.get("about", []),
            *entry.get("makers", []),
            *[r["organization"] for r in entry.get("roles", []) if "organization" in r],
            *[c["by"] for c in _citations(entry) if "by" in c],
        ]
        for field in ("by", "parent", "attributed_to"):
            if field in entry:
                refs.append(entry[field])
        dangling += [(entry["id"], ref) for ref in refs if ref not in ids]
    assert not dangling
    assert all(s["by"] in people for s in _entries("statements"))
    assert all(set(e.get("makers", [])) <= orgs for e in _entries("equipment"))


@pytest.mark.parametrize("event", _entries("events"), ids=_ids(_entries("events")))
def test_confidence_is_earned(event: dict) -> None:
    confidence = event.get("confidence", "reported")
    outside = [c for c in event["sources"] if c["source"] != ARTICLE_ID]
    if confidence == "verified":
        assert outside, "verified needs an independent outside source, not the article alone"
    if confidence == "claimed":
        assert event.get("attributed_to"), "a claim names whose account it is"


@pytest.mark.parametrize("printed", ARTICLE_PEOPLE)
def test_article_person_present(printed: str) -> None:
    assert _find(_entries("people"), printed), f"no person named {printed!r}"


@pytest.mark.parametrize("printed", ARTICLE_ORGANIZATIONS)
def test_article_organization_present(printed: str) -> None:
    assert _find(_entries("organizations"), printed), f"no organization named {printed!r}"


@pytest.mark.parametrize("printed", ARTICLE_EQUIPMENT)
def test_article_equipment_present(printed: str) -> None:
    assert _find(_entries("equipment"), printed), f"no equipment named {printed!r}"


def test_curated_names_are_printed_in_article() -> None:
    # Keeps the curated lists honest: each name is spelled as the article prints it.
    lowered = ARTICLE.casefold()
    names = ARTICLE_PEOPLE + ARTICLE_ORGANIZATIONS + ARTICLE_EQUIPMENT
    assert [n for n in names if normalise(n).casefold() not in lowered] == []


def test_unnamed_senate_chairman_is_not_a_person() -> None:
    assert not [p for p in _entries("people") if "chairman" in p["name"].casefold()]


@pytest.mark.parametrize("item", _entries("equipment"), ids=_ids(_entries("equipment")))
def test_equipment_mentions_are_not_an_inventory(item: dict) -> None:
    assert item["category"] in CATEGORIES
    for mention in item.get("mentions", []):
        assert mention["stance"] in STANCES
        if mention["stance"] == "in-service":
            assert mention["source"] != ARTICLE_ID, "the article's list is not an inventory"
            assert mention.get("for_country"), "in-service names the operator"
            assert "by" not in mention
        if mention["stance"] in {"suggested", "offered", "proposed"}:
            assert mention.get("by"), f"{item['id']}: {mention['stance']} mention without by"


def test_unsupported_service_claims_stay_out() -> None:
    # No source found says these are in service. Dawn's 2003 report on the Al Zarrar says the
    # T-59 it upgrades was in Pakistani use, and that the Al Zarrar was built for export.
    for printed in ("JF-17 Thunder bloc III", "Al Zarrar"):
        (item,) = _find(_entries("equipment"), printed)
        assert "in-service" not in {m["stance"] for m in item.get("mentions", [])}
    (zarrar,) = _find(_entries("equipment"), "Al Zarrar")
    assert "used by" not in zarrar["description"]
    assert "export" in zarrar["description"]
    assert all("used by" not in c["says"] for c in zarrar["sources"])


# Every in-service mention, and the page that reports the service (see each item's notes).
IN_SERVICE = {
    ("al-khalid", "PK", "rediff-2004-09-24"),
    ("hq-9p", "PK", "dawn-1651998"),
    ("nescom-burraq", "PK", "dawn-1169341"),  # added to the inventory; 2013 induction
    ("nescom-burraq", "PK", "pakistan-today-2015-09-08"),  # first use in a strike
    ("gids-shahpar", "PK", "dawn-1169341"),  # the 2013 induction of Shahpar drones
    ("gids-uqab", "PK", "dawn-uqab-2011"),  # the Uqab-II, inducted by the Navy
    ("bayraktar-tb2", "AZ", "insight-turkey-tb2"),
}


def test_in_service_mentions_are_the_ones_a_page_reports() -> None:
    found = {
        (item["id"], m["for_country"], m["source"])
        for item in _entries("equipment")
        for m in item.get("mentions", [])
        if m["stance"] == "in-service"
    }
    assert found == IN_SERVICE


def _by_id(entry_id: str) -> dict:
    (entry,) = [e for e in _entries() if e["id"] == entry_id]
    return entry


def test_the_air_force_inducted_the_drones_and_did_not_develop_them() -> None:
    paf = _by_id("pakistan-air-force")
    text = " ".join(_strings(paf)).casefold()
    assert "inducted" in text and "developed with" not in text
    for entry_id in ("nescom-burraq", "nescom", "nescom-barq"):
        for citation in _by_id(entry_id)["sources"]:
            assert "air force" not in citation.get("says", "").casefold(), entry_id
    assert "in service" not in _by_id("nescom-burraq")["notes"]
    assert "in service" not in _by_id("gids-shahpar")["notes"]


def test_no_page_credits_nescom_with_the_barq_missile() -> None:
    barq = _by_id("nescom-barq")
    dawn = [c for c in barq["sources"] if c["source"] == "dawn-1169341"]
    assert dawn and all("NESCOM" not in c["says"] for c in dawn)
    assert "Khan's alone" in barq["notes"]
    nescom = _by_id("nescom")
    assert "Barq" not in nescom["description"]
    for citation in nescom["sources"]:
        if citation["source"] == "dawn-1169341":
            assert "Barq" not in citation["says"] and "missile" not in citation["says"]


def test_radar_category_holds_required_radars() -> None:
    radars = [e for e in _entries("equipment") if e["category"] == "radar"]
    missing = [name for name in RADARS_REQUIRED if not _find(radars, name)]
    assert not missing


def test_items_mentioned_twice_are_one_entry() -> None:
    equipment = _entries("equipment")
    for first, second in [
        ("JF-17 Thunder bloc III", "JF-17 Thunder Bloc-III"),
        ("Modern Rader System", "radar"),
        ("Laser technology", "laser technologies"),
        ("Latest missile technology and manufacturing", "missile technology"),
    ]:
        assert _find(equipment, first) == _find(equipment, second)
        assert len(_find(equipment, first)) == 1
    stances = {m["stance"] for m in _find(equipment, "5th generation fighter jet")[0]["mentions"]}
    assert {"suggested", "proposed"} <= stances


# -- the 2020 war: Azernews' claim of military support, and Pakistan's denial --


@pytest.mark.parametrize(
    "event_id", ["pk-support-azerbaijan-2020-war", "tr-support-azerbaijan-2020-war"]
)
def test_military_support_in_2020_is_azernews_claim(event_id: str) -> None:
    event = _by_id(event_id)
    assert (event["confidence"], event["attributed_to"]) == ("claimed", "azernews")
    assert {c["source"] for c in event["sources"]} == {ARTICLE_ID}
    assert "claim" in event["title"]
    assert "alizada-no-foreign-troops-2020" in event["notes"]


def test_the_foreign_office_denial_is_its_own_cited_entry_linked_to_the_claim() -> None:
    denial = _by_id("fo-denies-pakistan-army-fighting-2020")
    assert denial in _entries("statements")
    assert "pk-support-azerbaijan-2020-war" in denial["about"]
    assert {c["source"] for c in denial["sources"]} == {"dawn-1582831", "the-news-723876"}
    later = _by_id("fo-rejects-armenian-pm-claim-2020")
    assert {c["source"] for c in later["sources"]} == {"app-armenian-pm-remarks"}
    assert "pk-support-azerbaijan-2020-war" in later["notes"]
    ambassador = _by_id("alizada-no-foreign-troops-2020")
    assert {"pk-support-azerbaijan-2020-war", "tr-support-azerbaijan-2020-war"} <= set(
        ambassador["about"]
    )
    claim = _by_id("pk-support-azerbaijan-2020-war")
    for entry_id in (denial["id"], later["id"]):
        assert entry_id in claim["notes"]
    # Neither side is stated as fact.
    for entry in (denial, ambassador, later, claim):
        assert (
            "not as fact" in entry["notes"]
            or "not a finding" in entry["notes"]
            or ("neither is stated here as fact" in entry["notes"])
        )


def test_rice_notes_do_not_say_what_the_pages_lack() -> None:
    # The pages are cited for the exemption; whether one of them gives trade figures is not
    # bilat's to say, only that it records none.
    for entry_id in ("khan-rice-duties", "az-rice-duty-exemption"):
        notes = _by_id(entry_id)["notes"]
        assert "no source cited here gives export figures" not in notes
        assert "bilat records no trade figures" in notes
    abc = [c for c in _by_id("az-rice-duty-exemption")["sources"] if c["source"] == "abc-az-133540"]
    assert "31 December 2022 to 31 December 2027" in abc[0]["says"]


def test_the_war_has_a_place_and_the_occupation_no_invented_last_day() -> None:
    assert _by_id("second-karabakh-war")["location"] == "Karabakh"
    occupation = _by_id("occupation-of-azerbaijani-lands")
    # The war ended on 10 November 2020; no source says the occupation ended that day.
    assert occupation["date"] == "../2020"


def test_what_khan_says_in_the_interview_is_a_statement_not_an_event_of_may_2023() -> None:
    event_ids = set(_ids(_entries("events")))
    for gone in (
        "armenia-india-military-ties",
        "armenia-military-aggression-khan-account",
        "taghiyev-story-remembered-in-pakistan",
    ):
        assert gone not in event_ids
    statement = _by_id("khan-armenia-india-military-ties")
    quotes = " ".join(c["quote"] for c in statement["sources"])
    assert "constant and continued military aggression of Armenia" in quotes
    assert "countering Armenia and India military cooperation" in quotes
    # Azernews' claim that Pakistanis remember the story stays with the story it is about.
    story = _by_id("taghiyev-aid-to-pakistan")
    quotes = [c.get("quote", "") for c in story["sources"]]
    assert "The people of Pakistan also do not forget the good." in quotes
    assert any("always remember this history" in q for q in quotes)
    # Events dated to the interview itself are things that happened then, not opinions.
    for event in _entries("events"):
        if event["date"] == "2023-05?":
            assert event["kind"] in {"visit", "meeting"}, event["id"]


# Pages whose text gives a day without its year (a dateline, "on Tuesday", "13 January") and
# prints no date: a paraphrase of them adds no year; the year, inferred, is in date_note.
NO_PRINTED_YEAR = (
    "hurriyet-islamabad-declaration",
    "app-trilateral-2021",
    "report-az-trilateral-2017",
    "ary-news-pakistan-armenia",
    "geo-621264",
    "pakistan-today-2025-05-20",
    "pakistan-today-2025-09-01",
    "app-munir-field-marshal",
    "today-az-235253",
    "today-az-235285",
    "newsfeed-pk-asif-valiyev",
    "news-az-mfa-2022",
    "jam-news-karabakh-truce",
    "dawn-uqab-2011",
    "the-news-723876",
    "app-armenian-pm-remarks",
)
YEAR = re.compile(r"\b(1[89]|20)[0-9]{2}\b")


@pytest.mark.parametrize("source_id", NO_PRINTED_YEAR)
def test_paraphrases_add_no_year_the_page_does_not_print(source_id: str) -> None:
    (source,) = [s for s in _entries("sources") if s["id"] == source_id]
    assert "date" not in source
    added = [
        (entry_id, c["says"])
        for entry_id, c in _all_citations()
        if c["source"] == source_id and YEAR.search(c.get("says", ""))
    ]
    assert not added
    if source.get("title_supplied"):
        assert not YEAR.search(source["title"])


def test_a_repost_says_so_where_the_source_is_printed() -> None:
    (vestnik,) = [s for s in _entries("sources") if s["id"] == "vestnik-kavkaza-taghiyev"]
    assert "armenianclub.com" in vestnik["url"]
    assert "reposted on armenianclub.com" in vestnik["publisher"]
    assert "repost" in vestnik["notes"]


def test_names_are_as_the_pages_print_them() -> None:
    aliyev = _by_id("president-aliyev")
    assert aliyev["name"] == "Ilham Aliyev"
    assert "President Aliyev" in aliyev["aliases"]


def test_an_epithet_is_not_a_name() -> None:
    army = _by_id("pakistan-army")
    assert not any("Islamic army" in alias for alias in army.get("aliases", []))
    assert "epithet" in army["notes"]


def test_a_merged_entry_shows_its_qualifier_where_people_read_it() -> None:
    # The listing shows the name, not the mention's note: the Uqab-II must be visible there.
    uqab = _by_id("gids-uqab")
    assert "Uqab-II" in uqab["name"] and "Uqab-II" in uqab["description"]
    assert "GIDS Uqab" in uqab["aliases"]


def test_non_recognition_of_armenia_keeps_khans_motive() -> None:
    for entry_id in ("pk-non-recognition-of-armenia", "khan-non-recognition-of-armenia"):
        entry = _by_id(entry_id)
        assert "love, respect and compassion" in entry["summary"]
        assert any("love, respect and compassion" in c.get("quote", "") for c in entry["sources"])


@pytest.mark.parametrize("source", _entries("sources"), ids=_ids(_entries("sources")))
def test_each_outside_page_says_what_it_does_here(source: dict) -> None:
    # An outside page does not always corroborate the primary text: its `role` says what it
    # does, and `bilat sources` shows it.
    if source.get("primary"):
        return
    assert set(source.get("role", ())) <= {
        "corroborates",
        "adds",
        "qualifies",
        "contradicts",
        "background",
    } and source.get("role"), source["id"]


def test_the_pages_that_deny_the_claim_are_not_called_corroborating() -> None:
    for source_id in ("dawn-1582831", "the-news-723876", "app-armenian-pm-remarks"):
        (source,) = [s for s in _entries("sources") if s["id"] == source_id]
        assert source["role"] == ["contradicts"]


def test_outside_pages_are_labelled_by_what_they_do(bilat) -> None:
    """`bilat sources` once called every outside page "corroborating": each now says what it
    does (corroborates, adds, qualifies, contradicts, background), and the article is the
    primary text."""
    sources = _entries("sources")
    for source in sources:
        if source.get("primary"):
            assert "role" not in source, source["id"]
        else:
            assert source.get("role"), f"{source['id']}: no role"
            assert not str(source.get("notes", "")).startswith("Role:"), source["id"]
    shown = bilat("sources", "--format", "table", env={"COLUMNS": "200"}).stdout
    assert "corroborating" not in shown
    assert "contradicts" in shown and "primary" in shown


def test_a_role_outside_the_vocabulary_is_refused(bilat, tmp_path) -> None:
    desk = tmp_path / "desk.toml"
    desk.write_text(
        '[[sources]]\nid = "x"\ntitle = "X"\npublisher = "P"\nkind = "article"\n'
        'role = ["corroborating"]\n',
        encoding="utf-8",
    )
    result = bilat("validate", str(desk))
    assert result.exit_code == 1
    assert 'role[0]: unknown value "corroborating" (did you mean "corroborates"?)' in result.stderr
