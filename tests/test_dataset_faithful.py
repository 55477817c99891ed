"""The built-in dataset says what its sources say, and nothing more.

These tests read data/entries.toml directly (not through the bilat package), so they guard the
data whatever state the loader is in. Quotes attributed to the Azernews article must occur in it
verbatim; the article's wish list of arms must never turn into an inventory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli

DATA = Path(__file__).parents[1] / "data" / "entries.toml"
ARTICLE_ID = "azernews-210229"
CHECKED_FACTS_ID = "bilat-checked-facts"
EXTERNAL_NOTE = "wording from bilat's checked-facts file (shared/facts.md), not the outlet's text"
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


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _find_shared_file(env_var: str, *parts: str) -> Path | None:
    candidates = []
    if os.environ.get(env_var):
        candidates.append(Path(os.environ[env_var]))
    candidates.append(Path(__file__).resolve().parents[2].joinpath("shared", *parts))
    return next((path for path in candidates if path.is_file()), None)


DATASET: dict[str, list[dict]] = tomli.loads(DATA.read_text(encoding="utf-8"))
ARTICLE_PATH = _find_shared_file("BILAT_SEED_ARTICLE", "seed", "000_c0360aa5b420b8ca.txt")
FACTS_PATH = _find_shared_file("BILAT_CHECKED_FACTS", "facts.md")


def _entries(*tables: str) -> list[dict]:
    return [entry for table in (tables or TABLES) for entry in DATASET.get(table, [])]


def _citations(entry: dict) -> Iterator[dict]:
    """Every citation an entry carries: its sources, its roles' sources, its mentions."""
    yield from entry.get("sources", [])
    for role in entry.get("roles", []):
        yield from role.get("sources", [])
    yield from entry.get("mentions", [])


def _ids(entries: list[dict]) -> list[str]:
    return [entry["id"] for entry in entries]


def _names(entry: dict) -> set[str]:
    return {_collapse(name).casefold() for name in [entry["name"], *entry.get("aliases", [])]}


def _find(entries: list[dict], printed: str) -> list[dict]:
    wanted = _collapse(printed).casefold()
    return [entry for entry in entries if wanted in _names(entry)]


@pytest.fixture(scope="module")
def article() -> str:
    if ARTICLE_PATH is None:
        pytest.skip("source article not found (set BILAT_SEED_ARTICLE)")
    return _collapse(ARTICLE_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def checked_facts() -> str:
    if FACTS_PATH is None:
        pytest.skip("checked-facts file not found (set BILAT_CHECKED_FACTS)")
    return _collapse(FACTS_PATH.read_text(encoding="utf-8"))


def test_only_known_tables() -> None:
    assert set(DATASET) <= set(TABLES)


def test_ids_are_unique_across_kinds() -> None:
    ids = _ids(_entries())
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates


@pytest.mark.parametrize("entry", _entries(), ids=_ids(_entries()))
def test_article_quotes_are_verbatim(entry: dict, article: str) -> None:
    missing = [
        citation["quote"]
        for citation in _citations(entry)
        if citation["source"] == ARTICLE_ID and _collapse(citation["quote"]) not in article
    ]
    assert not missing, f"{entry['id']}: not in the article: {missing}"


@pytest.mark.parametrize("entry", _entries(), ids=_ids(_entries()))
def test_external_quotes_are_checked_facts_wording(entry: dict, checked_facts: str) -> None:
    # bilat does not hold the outlets' text: such quotes must be facts.md's own wording.
    for citation in _citations(entry):
        if citation["source"] == ARTICLE_ID:
            continue
        assert _collapse(citation["quote"]) in checked_facts, f"{entry['id']}: {citation['quote']}"
        if citation["source"] != CHECKED_FACTS_ID:
            assert citation.get("note") == EXTERNAL_NOTE, f"{entry['id']}: {citation['source']}"


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
            *[m["by"] for m in entry.get("mentions", []) if "by" in m],
        ]
        for field in ("by", "parent", "attributed_to"):
            if field in entry:
                refs.append(entry[field])
        dangling += [(entry["id"], ref) for ref in refs if ref not in ids]
    assert not dangling
    assert all(s["by"] in people for s in _entries("statements"))
    assert all(set(e.get("makers", [])) <= orgs for e in _entries("equipment"))


@pytest.mark.parametrize("printed", ARTICLE_PEOPLE)
def test_article_person_present(printed: str) -> None:
    assert _find(_entries("people"), printed), f"no person named {printed!r}"


@pytest.mark.parametrize("printed", ARTICLE_ORGANIZATIONS)
def test_article_organization_present(printed: str) -> None:
    assert _find(_entries("organizations"), printed), f"no organization named {printed!r}"


@pytest.mark.parametrize("printed", ARTICLE_EQUIPMENT)
def test_article_equipment_present(printed: str) -> None:
    assert _find(_entries("equipment"), printed), f"no equipment named {printed!r}"


def test_curated_names_are_printed_in_article(article: str) -> None:
    # Keeps the curated lists honest: each name is spelled as the article prints it.
    lowered = article.casefold()
    names = ARTICLE_PEOPLE + ARTICLE_ORGANIZATIONS + ARTICLE_EQUIPMENT
    assert [n for n in names if _collapse(n).casefold() not in lowered] == []


def test_unnamed_senate_chairman_is_not_a_person() -> None:
    assert not [p for p in _entries("people") if "chairman" in p["name"].casefold()]


@pytest.mark.parametrize("item", _entries("equipment"), ids=_ids(_entries("equipment")))
def test_equipment_mentions_are_not_an_inventory(item: dict) -> None:
    assert item["category"] in CATEGORIES
    for mention in item.get("mentions", []):
        assert mention["stance"] in STANCES
        if mention["stance"] == "in-service":
            assert mention["source"] != ARTICLE_ID, "the article's list is not an inventory"
            assert "by" not in mention
        if mention["stance"] in {"suggested", "offered", "proposed"}:
            assert mention.get("by"), f"{item['id']}: {mention['stance']} mention without by"


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
