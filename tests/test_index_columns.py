"""Every column of the cached index is covered by a check: a changed date bound, kind, tag,
link or search text sends the query back to the files (the answer is the no-cache answer),
and an index whose schema is not bilat's is not used at all."""

from __future__ import annotations

import datetime
import sqlite3

import pytest
from conftest import SMALL

from bilat.load import data_paths, load_dataset
from bilat.query import build, index, sqlite
from bilat.query.memory import Query
from bilat.records import record_of


def _seq(db: sqlite3.Connection, entry_id: str) -> int:
    return db.execute("SELECT seq FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]


def tampered(tmp_path, change):
    """(in-memory Query, IndexedQuery over an index changed by `change(db)`, fallback calls)."""
    files = data_paths([str(SMALL)], False)
    memory = Query(load_dataset(files))
    key = index.cache_key(files)
    path = build.write_index(load_dataset(files), files, tmp_path, key=key)
    db = sqlite3.connect(path)
    changed = change(db)
    db.commit()
    db.close()
    assert changed is None or changed > 0
    used: list[int] = []
    indexed = sqlite.open_index(files, tmp_path, lambda: used.append(1) or memory, key=key)
    assert indexed is not None
    return memory, indexed, used


def _update(sql: str, *ids: str):
    def change(db):
        return db.execute(sql, [_seq(db, i) for i in ids]).rowcount

    return change


def _listing(method, **options):
    return lambda q: [record_of(x) for x in getattr(q, method)(**options)]


def _search(text):
    return lambda q: [(record_of(h.entry), h.field, h.rank) for h in q.search(text)]


def _links(target):
    return lambda q: [(record_of(x.entry), x.field) for x in q.links_to(target)]


CASES = {
    "entries.seq": (
        _update("UPDATE entries SET seq = 1000 WHERE seq = ?", "paper-1"),
        _listing("sources"),
    ),
    "entries.lower": (
        _update("UPDATE entries SET lower = '0001-01-01' WHERE seq = ?", "gids-visit"),
        _listing("events"),
    ),
    "entries.upper": (
        _update("UPDATE entries SET upper = '9999-12-31' WHERE seq = ?", "recognition"),
        _listing("events", since=datetime.date(2100, 1, 1)),
    ),
    "entries.date_text": (
        _update("UPDATE entries SET date_text = 'zzz' WHERE seq = ?", "recognition"),
        _listing("events"),
    ),
    "entries.kind": (
        _update("UPDATE entries SET kind = 'visit' WHERE seq = ?", "recognition"),
        _listing("events", kind="visit"),
    ),
    "search_order.seq": (
        lambda db: (
            db.execute(
                "UPDATE search_order SET seq = ? WHERE id = 'karim-valiyev'", (_seq(db, "analyst"),)
            ).rowcount
        ),
        _search("karim"),
    ),
    "search_order.id": (
        lambda db: (
            db.execute("UPDATE search_order SET id = 'analyst' WHERE id = 'karim-valiyev'").rowcount
        ),
        _search("karim"),
    ),
    "search_order.type": (
        lambda db: (
            db.execute(
                "UPDATE search_order SET type = 'source' WHERE id = 'karim-valiyev'"
            ).rowcount
        ),
        _search("karim"),
    ),
    "search_order.label": (
        lambda db: (
            db.execute(
                "UPDATE search_order SET label = 'Someone Else' WHERE id = 'karim-valiyev'"
            ).rowcount
        ),
        _search("karim"),
    ),
    "search_order.texts": (
        lambda db: (
            db.execute(
                "UPDATE search_order SET texts = replace(texts, 'Karim', 'Kerim')"
                " WHERE id = 'karim-valiyev'"
            ).rowcount
        ),
        lambda q: [(h.entry.id, h.field, h.rank, h.snippet) for h in q.search("karim")],
    ),
    "search_order.ord": (
        lambda db: (
            db.execute("UPDATE search_order SET ord = -1 WHERE ord = 0"),
            db.execute("UPDATE search_order SET ord = 0 WHERE id = 'karim-valiyev'").rowcount,
        )[1],
        _search("karim"),
    ),
    "tags.value": (
        _update(
            "UPDATE tags SET value = 'TR' WHERE seq = ? AND tag = 'country' AND value = 'PK'",
            "recognition",
        ),
        _listing("events", country="TR"),
    ),
    "tags.seq": (
        _update(
            "UPDATE tags SET seq = ? WHERE seq = ? AND value = 'karim-valiyev'",
            "recognition",
            "gids-visit",
        ),
        _listing("events", person="karim-valiyev"),
    ),
    "links.target": (
        lambda db: (
            db.execute(
                "UPDATE links SET target = 'undated-report'"
                " WHERE target = 'paper-1' AND position = 0"
            ).rowcount
        ),
        _links("undated-report"),
    ),
    "links.position": (
        lambda db: (
            db.execute(
                "UPDATE links SET position = 99 WHERE target = 'paper-1' AND position = 0"
            ).rowcount
        ),
        _links("paper-1"),
    ),
    "links.seq": (
        _update("UPDATE links SET seq = ? WHERE target = 'paper-1' AND position = 0", "gids-visit"),
        _links("paper-1"),
    ),
    "links.field": (
        lambda db: (
            db.execute(
                "UPDATE links SET field = 'about' WHERE target = 'paper-1' AND position = 0"
            ).rowcount
        ),
        _links("paper-1"),
    ),
}


@pytest.mark.parametrize("column", sorted(CASES))
def test_a_changed_column_sends_the_query_back_to_the_files(tmp_path, column):
    change, ask = CASES[column]
    memory, indexed, used = tampered(tmp_path, change)
    assert ask(indexed) == ask(memory)
    assert used, "the changed index was used"


def test_an_untouched_index_is_used(tmp_path):
    memory, indexed, used = tampered(tmp_path, lambda db: None)
    for _, ask in CASES.values():
        assert ask(indexed) == ask(memory)
    assert not used


@pytest.mark.parametrize(
    "extra",
    [
        "CREATE VIEW extra AS SELECT 1",
        "CREATE TABLE extra(x)",
        "CREATE INDEX extra ON entries(label)",
        "CREATE TRIGGER extra AFTER INSERT ON tags BEGIN SELECT 1; END",
    ],
)
def test_an_index_whose_schema_is_not_bilats_is_not_used(tmp_path, extra):
    files = data_paths([str(SMALL)], False)
    key = index.cache_key(files)
    path = build.write_index(load_dataset(files), files, tmp_path, key=key)
    db = sqlite3.connect(path)
    db.execute(extra)
    db.commit()
    db.close()
    assert sqlite.open_index(files, tmp_path, lambda: None, key=key) is None


@pytest.mark.parametrize(
    "column, value",
    [
        ("label", "Karim\x1b[31m Valiyev"),
        ("label", "Karim Valiyev\u202e"),
        ("label", ""),
        # A snippet and a field name are printed from the stored texts.
        ("texts", "name\x1fKarim \x1b[2JValiyev\x1f karim valiev\x1d\x1d\x1d"),
        ("texts", "na\x07me\x1fKarim Valiyev\x1f karim valiev\x1d\x1d\x1d"),
        ("texts", "name\x1fKarim Valiyev\x1f karim valiev"),  # not four groups
    ],
)
def test_what_a_search_prints_unread_is_checked_like_any_text(tmp_path, column, value):
    """A search prints a hit's name, field and snippet without reading its record: they are
    checked like the record would be, even with a matching checksum (the checks do not rest
    on it alone)."""

    def change(db):
        row = db.execute(
            "SELECT ord, seq, id, type, label, texts FROM search_order WHERE id = 'karim-valiyev'"
        ).fetchone()
        values = dict(zip(("ord", "seq", "id", "type", "label", "texts"), row))
        values[column] = value
        crc = index._order_crc(*values.values())
        return db.execute(
            f"UPDATE search_order SET {column} = ?, crc = ? WHERE ord = ?",
            (value, crc, values["ord"]),
        ).rowcount

    memory, indexed, used = tampered(tmp_path, change)
    assert _search("karim")(indexed) == _search("karim")(memory)
    assert used


def test_a_name_lookup_over_damaged_search_texts_answers_from_the_files(tmp_path):
    """`--person NAME` compares a hit's names as search stored them: texts that are not what
    bilat writes send the lookup to the files, never to a traceback."""

    def change(db):
        row = db.execute(
            "SELECT ord, seq, id, type, label FROM search_order WHERE id = 'karim-valiyev'"
        ).fetchone()
        texts = "name\x1fKarim Valiyev"  # one group, not four
        return db.execute(
            "UPDATE search_order SET texts = ?, crc = ? WHERE ord = ?",
            (texts, index._order_crc(*row, texts), row[0]),
        ).rowcount

    memory, indexed, used = tampered(tmp_path, change)
    assert indexed.resolve("Karim Valiyev", "person") == "karim-valiyev"
    assert used
