"""The machine-output contract, pinned: scripts rely on these keys, in this order."""

from __future__ import annotations

import json

import pytest
from conftest import write

KEYS = {
    "source": [
        "id",
        "type",
        "title",
        "publisher",
        "kind",
        "title_supplied",
        "primary",
        "role",
        "url",
        "date",
        "date_note",
        "author",
        "accessed",
        "archive",
        "archive_sha256",
        "speakers",
        "notes",
        "defined",
    ],
    "person": [
        "id",
        "type",
        "name",
        "aliases",
        "country",
        "description",
        "roles",
        "sources",
        "notes",
        "defined",
    ],
    "organization": [
        "id",
        "type",
        "name",
        "kind",
        "aliases",
        "country",
        "parent",
        "description",
        "founded",
        "sources",
        "notes",
        "defined",
    ],
    "event": [
        "id",
        "type",
        "title",
        "date",
        "kind",
        "countries",
        "participants",
        "location",
        "summary",
        "confidence",
        "attributed_to",
        "sources",
        "notes",
        "defined",
    ],
    "equipment": [
        "id",
        "type",
        "name",
        "category",
        "aliases",
        "description",
        "origin",
        "makers",
        "mentions",
        "sources",
        "notes",
        "defined",
    ],
    "statement": [
        "id",
        "type",
        "by",
        "summary",
        "date",
        "about",
        "topics",
        "sources",
        "notes",
        "defined",
    ],
}
# Where each entry is defined and which [[amend]] tables added to it (last, after the fields).
DEFINED = ["file", "line", "amended"]
AMENDED = ["file", "line", "fields"]
NESTED = {
    "sources": ["source", "quote", "says", "by", "note"],
    "roles": ["title", "as_of", "rank", "organization", "until", "sources"],
    "mentions": ["stance", "source", "quote", "says", "by", "for_country", "note"],
    "speakers": ["by", "opening", "closing"],
}
COMMANDS = {
    "source": "sources",
    "person": "officials",
    "organization": "orgs",
    "event": "timeline",
    "equipment": "equipment",
    "statement": "statements",
}


@pytest.mark.parametrize("type_name", list(KEYS))
def test_listing_keys_are_pinned(bilat, type_name):
    records = json.loads(bilat.small(COMMANDS[type_name], "--format", "json").stdout)
    assert records
    for data in records:
        assert list(data) == KEYS[type_name]
        assert data["type"] == type_name
        assert list(data["defined"]) == DEFINED
        assert all(list(a) == AMENDED for a in data["defined"]["amended"])
        for name, keys in NESTED.items():
            for item in data.get(name) or []:
                assert list(item) == keys


def test_show_adds_linked_from_and_search_adds_name_matched_and_snippet(bilat):
    shown = json.loads(bilat.small("show", "gids", "--format", "json").stdout)
    assert list(shown) == KEYS["organization"] + ["linked_from"]
    assert all(list(link) == ["id", "type", "name", "field"] for link in shown["linked_from"])
    hits = json.loads(bilat.small("search", "gids", "--format", "json").stdout)
    assert hits
    assert all(list(h)[-2:] == ["matched", "snippet"] and "name" in h for h in hits)
    assert all("[" in h["snippet"] for h in hits)
    categories = json.loads(bilat.small("categories", "--format", "json").stdout)
    assert list(categories[0]) == ["id", "type", "name", "definition", "sipri", "aliases", "count"]


def test_builtin_dataset_keeps_the_contract(bilat):
    for type_name, command in COMMANDS.items():
        for data in json.loads(bilat(command, "--format", "json").stdout):
            assert list(data) == KEYS[type_name]


OVERLAY = """
[[events]]
id = "overlay-event"
title = "An event from a newsroom's own file"
date = "2024-03"
kind = "visit"
countries = ["AZ"]
participants = ["karim-valiyev"]
sources = [{ source = "azernews-210229", quote = "Colonel General Karim Valiyev" }]
"""


@pytest.mark.parametrize("how", ["--data", "BILAT_DATA"])
def test_overlays_reach_every_command_and_export(bilat, tmp_path, how):
    overlay = write(tmp_path, OVERLAY)
    prefix, env = (
        (["--data", str(overlay)], None) if how == "--data" else ([], {"BILAT_DATA": str(overlay)})
    )

    def run(*args):
        result = bilat(*prefix, *args, env=env)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    assert "overlay-event" in run("timeline", "--since", "2024", "-f", "json")
    assert "overlay-event" in run("timeline", "--since", "2024", "-f", "plain")
    assert "overlay-event" in run("show", "karim-valiyev", "-f", "json")  # linked from
    assert "overlay-event" in run("search", "newsroom", "-f", "plain")
    assert "overlay-event" in run("cite", "overlay-event") or run("cite", "overlay-event")
    assert "ok: " in run("validate")
    run("export", "json", "-o", str(tmp_path / "all.json"))
    assert "overlay-event" in (tmp_path / "all.json").read_text(encoding="utf-8")
    run("export", "timelinejs", "-o", str(tmp_path / "t.json"))
    assert "overlay-event" in (tmp_path / "t.json").read_text(encoding="utf-8")
    run("export", "csv", "-o", str(tmp_path / "csv"))
    assert "overlay-event" in (tmp_path / "csv" / "events.csv").read_text(encoding="utf-8")
    run("export", "sqlite", "-o", str(tmp_path / "b.db"))
    import sqlite3

    with sqlite3.connect(tmp_path / "b.db") as db:
        assert db.execute("SELECT count(*) FROM events WHERE id = 'overlay-event'").fetchone()[0]
    no_builtin = bilat("--no-builtin", *prefix, "timeline", "-f", "plain", env=env)
    assert no_builtin.exit_code == 1  # the overlay cites a built-in source it cannot see
    assert 'unknown id "azernews-210229"' in no_builtin.stderr


def test_an_id_defined_twice_across_files_names_both(bilat, tmp_path):
    first = write(tmp_path, OVERLAY, "a.toml")
    second = write(tmp_path, OVERLAY, "b.toml")
    result = bilat("--data", str(first), "--data", str(second), "timeline")
    assert result.exit_code == 1
    assert str(first) in result.stderr and str(second) in result.stderr
    overlay_dup = write(tmp_path, OVERLAY.replace("overlay-event", "karim-valiyev"), "c.toml")
    dup = bilat("--data", str(overlay_dup), "timeline")
    assert dup.exit_code == 1 and "<built-in>/entries.toml" in dup.stderr
