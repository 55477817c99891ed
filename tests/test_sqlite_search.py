"""The SQLite export as Datasette and sqlite-utils users open it: sortable dates on every kind,
full-text search on every table with text, facets and sort order in metadata.json."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from conftest import SMALL, write

from bilat import schema
from bilat.commands.session import Session
from bilat.export import sqlite_export

OVERLAY = """
[[events]]
id = "open-start"
title = "Something until May 1990"
date = "../1990-05"
kind = "other"
sources = [{ source = "paper-1", says = "it ended in May 1990" }]

[[organizations]]
id = "founded-org"
name = "An old ministry"
kind = "ministry"
founded = "1918~"
sources = [{ source = "paper-1", quote = "founded" }]
"""

# A word each table's text holds (in the small fixture or the overlay), and a row it finds.
SEARCHES = {
    "events": ("Valiyev", "gids-visit"),
    "people": ("philanthropist", "haji-taghiyev"),
    "organizations": ("GIDS", "gids"),
    "equipment": ("Shahpar", "gids-shahpar"),
    "statements": ("rice", "analyst-rice"),
    "sources": ("interview", "paper-1"),
    "roles": ("Staff", ("karim-valiyev", 0)),
    "mentions": ("Rader", ("modern-radar", 0)),
    "citations": ("philanthropist", ("haji-taghiyev", "sources", 0)),
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sqlite")
    overlay = write(folder, OVERLAY, "overlay.toml")
    query = Session(data=[str(SMALL), str(overlay)], include_builtin=False, use_cache=False).query()
    sqlite_export.export_sqlite(query, str(folder / "bilat.db"))
    return folder / "bilat.db"


def key_of(table: sqlite_utils.db.Table, row: dict) -> object:
    keys = table.pks
    return row[keys[0]] if len(keys) == 1 else tuple(row[k] for k in keys)


def test_every_kind_has_sortable_dates(exported):
    query = Session(
        data=[str(SMALL), str(exported.parent / "overlay.toml")],
        include_builtin=False,
        use_cache=False,
    ).query()
    db = sqlite3.connect(exported)
    for kind in schema.KINDS:
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{kind.table}")')]
        assert columns[-2:] == ["date_start", "date_end"], kind.table
    rows = dict(
        (i, (s, e)) for i, s, e in db.execute("SELECT id, date_start, date_end FROM events")
    )
    for event in query.events():
        start = None if event.date.open_start else event.date.lower.isoformat()
        end = None if event.date.open_end else event.date.upper.isoformat()
        assert rows[event.id] == (start, end), event.id
    assert rows["aid-story"] == ("1890-01-01", "1910-12-31")
    assert rows["gids-visit"] == ("2023-05-01", "2023-05-31")
    assert rows["open-start"] == (None, "1990-05-31")
    ordered = [
        i
        for (i,) in db.execute(
            "SELECT id FROM events WHERE date_start IS NOT NULL ORDER BY date_start, date_end"
        )
    ]
    assert ordered == [e.id for e in query.events() if not e.date.open_start]
    assert db.execute(
        "SELECT date_start, date_end FROM organizations WHERE id = 'founded-org'"
    ).fetchone() == ("1918-01-01", "1918-12-31")
    assert db.execute(
        "SELECT date_start, date_end FROM organizations WHERE id = 'gids'"
    ).fetchone() == (None, None)
    # A person's dates are the span of their roles; a role's, from as_of to until.
    assert db.execute(
        "SELECT date_start, date_end FROM people WHERE id = 'karim-valiyev'"
    ).fetchone() == ("2023-05-01", "2023-05-31")
    assert db.execute("SELECT date_start, date_end FROM roles").fetchall() == [
        ("2023-05-01", "2023-05-31")
    ]
    assert db.execute("SELECT date_start FROM statements").fetchall() == [("2023-05-01",)]
    db.close()


@pytest.mark.parametrize("table", list(SEARCHES))
def test_sqlite_utils_searches_every_table(exported, table):
    db = sqlite_utils.Database(exported)
    assert db[table].detect_fts() == f"{table}_fts"
    word, expected = SEARCHES[table]
    found = [key_of(db[table], row) for row in db[table].search(word)]
    assert expected in found
    assert list(db[table].search("zzzunfindable")) == []


def test_sqlite_utils_command_line_search(exported):
    script = Path(sys.executable).parent / "sqlite-utils"
    done = subprocess.run(
        [str(script), "search", str(exported), "events", "Valiyev"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert [row["id"] for row in json.loads(done.stdout)] == ["gids-visit"]


def test_search_folds_accents_and_follows_later_edits(exported, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_bytes(exported.read_bytes())
    db = sqlite_utils.Database(copy)
    assert [r["id"] for r in db["people"].search("Tagıyev")] == ["haji-taghiyev"]  # ğ ~ g
    # sqlite-utils' triggers keep the index in step when a user edits the database.
    db["events"].insert(
        {
            "id": "added",
            "type": "event",
            "title": "A later Zanzibar visit",
            "date": "2024",
            "kind": "visit",
            "countries": "[]",
            "confidence": "reported",
        }
    )
    assert [r["id"] for r in db["events"].search("Zanzibar")] == ["added"]
    db["events"].delete("added")
    assert list(db["events"].search("Zanzibar")) == []


def test_datasette_finds_each_index(exported):
    """Datasette's own detection query (datasette.utils.detect_fts) names each table's index,
    and metadata.json names it too, with facets and sort order on real columns."""
    db = sqlite3.connect(exported)
    meta = json.loads((exported.parent / "metadata.json").read_text(encoding="utf-8"))
    tables = meta["databases"]["bilat"]["tables"]
    for table in SEARCHES:
        found = db.execute(
            "SELECT name FROM sqlite_master WHERE rootpage = 0 AND (sql LIKE :a OR sql LIKE :b)",
            {
                "a": f"%VIRTUAL TABLE%USING FTS%content=[{table}]%",
                "b": f'%VIRTUAL TABLE%USING FTS%content="{table}"%',
            },
        ).fetchall()
        assert found == [(f"{table}_fts",)], table
        assert tables[table]["fts_table"] == f"{table}_fts"
        assert (
            db.execute(f'SELECT count(*) FROM "{table}_fts"').fetchone()
            == db.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        )
    for table, info in tables.items():
        columns = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
        for facet in info.get("facets", []):
            assert (facet["array"] if isinstance(facet, dict) else facet) in columns
        if "sort" in info:
            assert info["sort"] in columns
    assert tables["events"]["sort"] == "date_start"
    assert {"kind", "confidence", "array:countries"} <= {
        f if isinstance(f, str) else f"array:{f['array']}" for f in tables["events"]["facets"]
    }
    assert "stance" in tables["mentions"]["facets"]
    assert "category" in tables["equipment"]["facets"]
    assert {"array": "topics"} in tables["statements"]["facets"]
    db.close()


def test_without_fts5_no_table_is_indexed(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_export, "FTS_MODULE", "no_such_fts_module")
    query = Session(data=[str(SMALL)], include_builtin=False, use_cache=False).query()
    sqlite_export.export_sqlite(query, str(tmp_path / "plain.db"))
    db = sqlite3.connect(tmp_path / "plain.db")
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE '%fts%'").fetchone() == (
        0,
    )
    db.close()
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert not any("fts_table" in t for t in meta["databases"]["plain"]["tables"].values())


def test_builtin_dataset_searches(tmp_path):
    query = Session(data=[], use_cache=False).query()
    sqlite_export.export_sqlite(query, str(tmp_path / "bilat.db"))
    db = sqlite_utils.Database(tmp_path / "bilat.db")
    for table in SEARCHES:
        assert db[table].detect_fts() == f"{table}_fts"
        assert db[f"{table}_fts"].count == db[table].count
