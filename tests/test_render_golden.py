"""Rendered tables at a fixed width against plain-text golden files.

Regenerate after a deliberate change with:
    BILAT_UPDATE_GOLDEN=1 python -m pytest tests/test_render_golden.py
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from conftest import SMALL

from bilat.load import load_dataset
from bilat.query import Query
from bilat.records import record
from bilat.render import get_renderer
from bilat.render.views import DEFAULT_COLUMNS, EntryView, Listing, Output, Row, shown_citations

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def query() -> Query:
    return Query(load_dataset([(str(SMALL), SMALL)]))


def render_listing(query, type_name, entries, *, terminal: bool, width: int = 100) -> str:
    stream = io.StringIO()
    listing = Listing(type_name, [Row(record(e), e) for e in entries],
                      DEFAULT_COLUMNS[type_name], query.name_of)
    get_renderer("table").listing(listing, Output(stream, is_terminal=terminal, width=width))
    return stream.getvalue()


def render_entry(query, entry_id, *, terminal: bool) -> str:
    entry = query.get(entry_id)
    citations = shown_citations(query, entry)
    links = [(x.entry.id, x.entry.type, x.entry.label, x.field) for x in query.links_to(entry_id)]
    stream = io.StringIO()
    view = EntryView(entry, citations, links, query.name_of, record(entry))
    get_renderer("table").entry(view, Output(stream, is_terminal=terminal, width=100))
    return stream.getvalue()


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("BILAT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    assert "\x1b" not in text


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "piped"])
def test_timeline_golden(query, terminal):
    text = render_listing(query, "event", query.events(), terminal=terminal)
    check(f"timeline-{'terminal' if terminal else 'piped'}.txt", text)


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "piped"])
def test_equipment_golden(query, terminal):
    text = render_listing(query, "equipment", query.equipment(), terminal=terminal)
    check(f"equipment-{'terminal' if terminal else 'piped'}.txt", text)


def test_show_golden(query):
    check("show-gids-visit.txt", render_entry(query, "gids-visit", terminal=True))


def test_narrow_terminal_still_renders(query):
    text = render_listing(query, "event", query.events(), terminal=True, width=20)
    assert all(len(line) <= 20 for line in text.splitlines())


def test_markup_in_data_is_literal(query):
    text = render_entry(query, "gids-visit", terminal=False)
    assert "A [bold]delegation[/] visit." in text
