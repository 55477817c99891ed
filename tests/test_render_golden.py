"""What people see, against plain-text golden files of the REAL built-in data at five widths,
plus a scan of every rendered line for a word, id, date or URL cut across lines.

The goldens are rendered through the session, as the CLI renders them, on a pretend terminal
without colour. After a deliberate change to the renderers or to data/entries.toml (e.g. the
issue-9 data rewrite), regenerate every golden file with one command:

    BILAT_UPDATE_GOLDEN=1 python -m pytest tests/test_render_golden.py
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from conftest import SMALL
from mock_env import MockEnvironment

from bilat.commands.queries import category_rows, search_rows
from bilat.commands.session import Session
from bilat.load import load_dataset
from bilat.query.memory import Query
from bilat.records import record
from bilat.render import get_renderer
from bilat.render.views import Cited, EntryView, Output

GOLDEN = Path(__file__).parent / "golden" / "builtin"
WIDTHS = (60, 80, 100, 120, 200)


# Each case: how the CLI would answer it, given a session.
CASES = {
    "timeline": lambda s: s.emit_entries("event", s.query().events(), None, None, None),
    "timeline-table": lambda s: s.emit_entries("event", s.query().events(), "table", None, None),
    "equipment": lambda s: s.emit_entries("equipment", s.query().equipment(), None, None, None),
    "officials": lambda s: s.emit_entries("person", s.query().people(), None, None, None),
    "orgs": lambda s: s.emit_entries("organization", s.query().organizations(), None, None, None),
    "sources": lambda s: s.emit_entries("source", s.query().sources(), None, None, None),
    "statements": lambda s: s.emit_entries("statement", s.query().statements(), None, None, None),
    "categories": lambda s: s.emit_listing(
        "category",
        category_rows(s.query()),
        None,
        None,
        None,
    ),
    "show-karim-valiyev": lambda s: s.emit_entry("karim-valiyev", None),
    "show-jy-27a": lambda s: s.emit_entry("jy-27a", None),
    "search-valiyev": lambda s: s.emit_listing(
        "result", search_rows(s.query(), "valiyev"), None, None, None
    ),
}


def render(case: str, width: int) -> str:
    env = MockEnvironment(width=width, color=False)  # box drawing; no ANSI
    CASES[case](Session(env=env, use_cache=False, pager=False))
    return env.written()


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("BILAT_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs; if the change is deliberate: BILAT_UPDATE_GOLDEN=1 python -m pytest "
        "tests/test_render_golden.py"
    )
    assert "\x1b" not in text


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", list(CASES))
def test_builtin_golden(case, width):
    check(f"{case}-{width}.txt", render(case, width))


_BOX = re.compile("[\u2500-\u257f]")
_FOOTER = "Not shown at "


def words(text: str) -> set[str]:
    body = text.split("\n" + _FOOTER)[0]  # the footer is wrap()'s, and names other widths
    return set(_BOX.sub(" ", body).split())


@pytest.mark.parametrize("case", list(CASES))
def test_no_word_is_cut_at_any_width(case):
    """Every word on every line at every width is a whole word of the unwrapped rendering:
    a word the renderer cut (`humanitari|an`, `IBIS-15|0`, a URL in pieces) would not be."""
    whole = words(render(case, 1000))
    for width in (*WIDTHS, 65, 70, 90, 150, 250):
        text = render(case, width)
        cut = sorted(words(text) - whole)
        assert not cut, f"{case} at {width} columns cuts words: {cut[:10]}"
        # Only an id or URL that cannot fit may pass the edge, alone on its (indented) line:
        # folded by the terminal on screen, it still copies as one.
        too_long = [
            line
            for line in text.splitlines()
            if len(line) > width and (" " in line.strip() or len(line.strip()) + 4 <= width)
        ]
        assert not too_long, f"{case} at {width} columns overflows: {too_long[:3]}"


def test_dates_and_ids_stay_on_one_line():
    text = render("timeline-table", 80) + render("timeline", 60)
    assert "c. 1890 – c. 1910" in text
    assert "pk-recognizes-azerbaijan-1991" in text


# -- the fixture dataset: markup stays literal --


@pytest.fixture(scope="module")
def query() -> Query:
    return Query(load_dataset([(str(SMALL), SMALL)]))


def test_markup_in_data_is_literal(query):
    entry = query.get("gids-visit")
    citations = [Cited(c.source, c.quote, c.note) for c in query.citations(entry)]
    stream = io.StringIO()
    view = EntryView(entry, citations, [], query.name_of, record(entry))
    get_renderer("table").entry(view, Output(stream, is_terminal=False, width=100))
    assert "A [bold]delegation[/] visit." in stream.getvalue()
