"""What people see, against plain-text golden files of the REAL built-in data at five widths,
plus a scan of every rendered line for a word, id, date or URL cut across lines, and of every
table for a box line of another width (in terminal cells: a wide character takes two).

tests/fixtures/scripts.toml, loaded on top of the built-in data, adds names in Chinese,
Japanese, Urdu and Azerbaijani, a combining accent and emoji: its own entries are rendered at
the same widths into tests/golden/scripts/.

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
import tomli
from conftest import FIXTURES, SMALL
from mock_env import MockEnvironment
from rich.cells import cell_len

from bilat.commands.queries import category_rows, search_rows
from bilat.commands.session import Session
from bilat.load import load_dataset
from bilat.query.memory import Query
from bilat.records import record
from bilat.render import get_renderer
from bilat.render.views import Cited, EntryView, Output

GOLDEN = Path(__file__).parent / "golden" / "builtin"
SCRIPTS_GOLDEN = Path(__file__).parent / "golden" / "scripts"
WIDTHS = (60, 80, 100, 120, 200)
SCRIPTS = FIXTURES / "scripts.toml"
SCRIPTS_IDS = {
    entry["id"] for entries in tomli.loads(SCRIPTS.read_text("utf-8")).values() for entry in entries
}


# Each case: how the CLI would answer it, given a session.
CASES = {
    "timeline": lambda s: s.emit_entries("event", s.query().events(), None, None, None),
    "timeline-table": lambda s: s.emit_entries("event", s.query().events(), "table", None, None),
    # The sortable date columns csv and tsv carry, as --fields shows them in a table.
    "timeline-dates": lambda s: s.emit_entries(
        "event", s.query().events(), "table", "id,date,date_start,date_end,date_display", None
    ),
    "statements-dates": lambda s: s.emit_entries(
        "statement", s.query().statements(), "table", "id,date_start,date_end,by,summary", None
    ),
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


def mine(entries: list) -> list:
    """The fixture's own entries, not the built-in ones they are loaded on top of."""
    return [e for e in entries if e.id in SCRIPTS_IDS]


SCRIPTS_CASES = {
    "timeline": lambda s: s.emit_entries("event", mine(s.query().events()), None, None, None),
    "timeline-table": lambda s: s.emit_entries(
        "event", mine(s.query().events()), "table", None, None
    ),
    "equipment": lambda s: s.emit_entries(
        "equipment", mine(s.query().equipment()), None, None, None
    ),
    "officials": lambda s: s.emit_entries("person", mine(s.query().people()), None, None, None),
    "orgs": lambda s: s.emit_entries(
        "organization", mine(s.query().organizations()), None, None, None
    ),
    "sources": lambda s: s.emit_entries("source", mine(s.query().sources()), None, None, None),
    "statements": lambda s: s.emit_entries(
        "statement", mine(s.query().statements()), None, None, None
    ),
    "show-li-ming": lambda s: s.emit_entry("li-ming", None),
    "show-hongqi-9-fixture": lambda s: s.emit_entry("hongqi-9-fixture", None),
    "show-urdu-talks-2021": lambda s: s.emit_entry("urdu-talks-2021", None),
    "show-dupont-reviews-japan-mod": lambda s: s.emit_entry("dupont-reviews-japan-mod", None),
    "search-agayeva": lambda s: s.emit_listing(
        "result", search_rows(s.query(), "agayeva"), None, None, None
    ),
}
ALL_CASES = [*CASES, *(f"scripts-{name}" for name in SCRIPTS_CASES)]


def render(case: str, width: int) -> str:
    env = MockEnvironment(width=width, color=False)  # box drawing; no ANSI
    if case.startswith("scripts-"):
        # `show` names the file an entry is defined in: a path relative to the checkout, so
        # the golden files do not depend on where it is.
        root = Path(__file__).parents[1]
        session = Session(
            data=[SCRIPTS.relative_to(root).as_posix()], env=env, use_cache=False, pager=False
        )
        here = os.getcwd()
        os.chdir(root)
        try:
            SCRIPTS_CASES[case.removeprefix("scripts-")](session)
        finally:
            os.chdir(here)
    else:
        CASES[case](Session(env=env, use_cache=False, pager=False))
    return env.written()


def check(name: str, text: str, folder: Path = GOLDEN) -> None:
    path = folder / name
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


@pytest.mark.parametrize("kind", ["event", "statement", "source"])
def test_builtin_csv_golden(kind):
    """csv of the real data, with its sortable date columns (the same at every width)."""
    env = MockEnvironment(width=80, color=False)
    session = Session(env=env, use_cache=False, pager=False)
    entries = {"event": "events", "statement": "statements", "source": "sources"}[kind]
    session.emit_entries(kind, getattr(session.query(), entries)(), "csv", None, None)
    check(f"{entries}.csv", env.written().replace("\r\n", "\n"))  # CRLF: test_formats.py


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", list(SCRIPTS_CASES))
def test_scripts_golden(case, width):
    text = render(f"scripts-{case}", width)
    check(f"{case}-{width}.txt", text, SCRIPTS_GOLDEN)


_BOX = re.compile("[\u2500-\u257f]")
_FOOTER = "Not shown at "


def words(text: str) -> set[str]:
    body = text.split("\n" + _FOOTER)[0]  # the footer is wrap()'s, and names other widths
    return set(_BOX.sub(" ", body).split())


def uneven_boxes(text: str) -> list[list[tuple[int, str]]]:
    """The tables in `text` (from a line starting ╭ or + to the one starting ╰ or + that closes
    it) whose lines are not all the same width in terminal cells, each as (cells, line)."""
    uneven, box = [], None
    for line in text.splitlines():
        if box is None and line[:1] in ("╭", "+"):
            box = [line]
        elif box is not None:
            box.append(line)
            if line[:1] in ("╰", "+") and line[-1:] in ("╯", "+"):
                if len({cell_len(row) for row in box}) > 1:
                    uneven.append([(cell_len(row), row) for row in box])
                box = None
    return uneven


@pytest.mark.parametrize("case", ALL_CASES)
def test_no_word_is_cut_at_any_width(case):
    """Every word on every line at every width is a whole word of the unwrapped rendering:
    a word the renderer cut (`humanitari|an`, `IBIS-15|0`, a URL in pieces) would not be.
    Every line of a table is as wide as its border, in cells: a wide character counted as
    one (`红旗-9`, an emoji) would push its row's right edge out of line."""
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
            if cell_len(line) > width
            and (" " in line.strip() or cell_len(line.strip()) + 4 <= width)
        ]
        assert not too_long, f"{case} at {width} columns overflows: {too_long[:3]}"
        uneven = uneven_boxes(text)
        assert not uneven, f"{case} at {width} columns has a box out of line: {uneven[0]}"


def column_widths(text: str) -> dict[str, int]:
    """A table's columns by header, each its width in cells (from the header row)."""
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("│"))
    cells = header.strip("│").split("│")
    return {cell.strip(): cell_len(cell) for cell in cells}


def test_wide_terminals_give_their_slack_to_prose():
    """At 200 columns "What was said" was 20 cells beside 61 of Topics, and a timeline's
    title 29 beside 69 for Who."""
    statements = column_widths(render("statements", 200))
    assert statements["What was said"] > statements["Topics"]
    timeline = column_widths(render("timeline-table", 200))
    assert timeline["Title"] > timeline["Who"]


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
