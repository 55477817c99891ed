"""Issue #19 §2: search from the index's FTS5 table gives the in-memory answer at any size and
in every way a listing reads it (counted, its first N, all of it, a record damaged halfway),
reads only about N rows for its first N, and a terminal shows a page and says what is left."""

from __future__ import annotations

import json
import sqlite3

import pytest
from mock_env import MockEnvironment

from bilat.commands.session import TERMINAL_ROWS, Session
from bilat.load import data_paths, load_dataset
from bilat.query import build, index, sqlite
from bilat.query.memory import Query
from bilat.query.search import fts
from bilat.records import record_of

# Words spread over every group (names, aliases, text, citations) in whole and in part, so
# that every tier has hits, and more hits than one run of records (fts._RUN).
_WORDS = ["radar", "radars", "tagiyev", "taghiev", "valiyev", "karachi", "energy", "air"]


def _dataset(size: int) -> str:
    parts = ['[[sources]]\nid = "s"\ntitle = "Radar news"\npublisher = "P"\nkind = "other"\n']
    for n in range(size):
        a, b, c = (_WORDS[(n * k) % len(_WORDS)] for k in (1, 3, 5))
        parts.append(
            f'[[people]]\nid = "p-{n}"\nname = "{a.title()} {n}"\n'
            f'aliases = ["{b.title()} Tağıyev {n}"]\n'
            f'description = "met {c} and {a}s in Qəbələ"\n'
            f'sources = [{{ source = "s", says = "about {b} {c}" }}]\n'
        )
    for n in range(size // 3):
        parts.append(
            f'[[events]]\nid = "e-{n}"\ntitle = "{_WORDS[n % 8]} talks {n}"\n'
            f'date = "2023-05-{n % 28 + 1:02d}"\nkind = "meeting"\nconfidence = "reported"\n'
            f'countries = ["AZ", "PK"]\nsummary = "{_WORDS[(n + 1) % 8]} energy"\n'
            f'sources = [{{ source = "s", says = "x" }}]\n'
        )
    return "\n".join(parts)


def write_big(root):
    """(path of a dataset of about 800 entries, in-memory Query, the index written for it
    in root / "c")."""
    path = root / "big.toml"
    path.write_text(_dataset(600), encoding="utf-8")
    files = data_paths([str(path)], False)
    dataset = load_dataset(files)
    written = build.write_index(dataset, files, root / "c", key=index.cache_key(files))
    assert written is not None
    return path, Query(dataset), written


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """(path of a dataset of about 800 entries, in-memory Query, IndexedQuery over it)."""
    root = tmp_path_factory.mktemp("big")
    path, memory, _ = write_big(root)
    files = data_paths([str(path)], False)
    indexed = sqlite.open_index(files, root / "c", lambda: memory, key=index.cache_key(files))
    assert indexed is not None
    return path, memory, indexed


def _answer(hits):
    return [(h.entry.id, h.rank, h.field, h.snippet) for h in hits]


@pytest.mark.parametrize(
    "text", ["radar", "radar energy", "tagi", "Taghiev 12", "air met", "qabala", "zzz"]
)
def test_every_way_of_reading_the_hits_agrees_with_memory(big, text):
    _, memory, indexed = big
    expected = memory.search(text)
    hits = indexed.search(text)
    assert len(hits) == len(expected)
    for n in (0, 1, 7, 50, 300, 2000):
        assert _answer(hits[:n]) == _answer(expected[:n]), n
    assert _answer(hits) == _answer(expected)
    # What name lookups (--person, show NAME) look among: only the tiers of names.
    assert _answer(indexed.naming_hits(text)) == _answer(memory.naming_hits(text))
    assert indexed._memory is None  # answered from the index, not the fallback


def test_the_first_n_read_about_n_rows(big, monkeypatch):
    _, memory, indexed = big
    checked = []
    crc = fts._order_crc
    monkeypatch.setattr(fts, "_order_crc", lambda *row: checked.append(row) or crc(*row))
    assert len(indexed.search("radar")) > fts._RUN
    first = indexed.search("radar")[:20]
    assert _answer(first) == _answer(memory.search("radar")[:20])
    assert len(checked) <= 2 * 20


def test_a_record_damaged_halfway_through_a_long_result_comes_from_the_files(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text(_dataset(600), encoding="utf-8")
    files = data_paths([str(path)], False)
    memory = Query(load_dataset(files))
    key = index.cache_key(files)
    written = build.write_index(load_dataset(files), files, tmp_path / "c", key=key)
    expected = [(record_of(h.entry), h.field) for h in memory.search("radar")]
    damaged = expected[len(expected) // 2][0]["id"]
    db = sqlite3.connect(written)
    db.execute("UPDATE entries SET crc = crc + 1 WHERE id = ?", (damaged,))
    db.commit()
    db.close()
    indexed = sqlite.open_index(files, tmp_path / "c", lambda: memory, key=key)
    assert [(record_of(h.entry), h.field) for h in indexed.search("radar")] == expected
    assert indexed._memory is not None  # it switched, and the damaged index is gone
    assert not written.exists()


def _run(path, *, terminal: bool, fmt: str | None = None, limit: int | None = None, cmd="search"):
    env = MockEnvironment(width=80, is_terminal=terminal)
    session = Session(data=[str(path)], include_builtin=False, use_cache=False, env=env)
    if cmd == "search":
        from bilat.commands.queries import search_rows

        rows = search_rows(session.query(), "radar")
        session.emit_listing("result", rows, fmt, None, limit, ['"radar"'])
    else:
        session.emit_entries("event", session.query().events(), fmt, None, limit)
    return env.written()


def test_a_terminal_shows_a_page_and_says_how_many_more_and_how_to_see_them(big):
    path, memory, _ = big
    total = len(memory.search("radar"))
    assert total > TERMINAL_ROWS
    shown = _run(path, terminal=True)
    assert sum(f"p-{n} " in shown for n in range(600)) <= TERMINAL_ROWS
    note = " ".join(shown.split())  # wrapped at the terminal's width
    assert (
        f"{total - TERMINAL_ROWS:,} more entries not shown ({TERMINAL_ROWS} of {total:,})" in note
    )
    assert f"--limit {total}" in note
    assert max(len(line) for line in shown.splitlines()) <= 80
    # --limit is the reader's page: still told what is left.
    assert f"{total - 5:,} more entries not shown (5 of {total:,})" in " ".join(
        _run(path, terminal=True, limit=5).split()
    )


def test_limit_zero_at_a_terminal_is_not_nothing_matched(big):
    path, memory, _ = big
    total = len(memory.search("radar"))
    env = MockEnvironment(width=80)
    session = Session(data=[str(path)], include_builtin=False, use_cache=False, env=env)
    from bilat.commands.queries import search_rows

    session.emit_listing("result", search_rows(session.query(), "radar"), None, None, 0, ["x"])
    assert "no entries match" not in env.warned()
    assert f"{total:,} more entries not shown (0 of {total:,})" in " ".join(env.written().split())


def test_the_timeline_says_which_page_it_shows(big):
    path, memory, _ = big
    total = len(memory.events())
    shown = _run(path, terminal=True, cmd="timeline")
    assert shown.startswith(f"The first {TERMINAL_ROWS} of {total} events")
    assert f"{total - TERMINAL_ROWS} more events not shown" in " ".join(shown.split())


@pytest.mark.parametrize("terminal, fmt", [(False, None), (True, "json"), (False, "csv")])
def test_scripts_get_every_row_and_no_note(big, terminal, fmt):
    path, memory, _ = big
    total = len(memory.search("radar"))
    shown = _run(path, terminal=terminal, fmt=fmt)
    assert "not shown" not in shown
    if fmt == "json":
        assert len(json.loads(shown)) == total
    else:
        assert len(shown.splitlines()) == total + (fmt == "csv")
