"""Text as a terminal shows it (issue 16): a Chinese or Japanese character and most emoji take
two cells, a combining mark none. render/layout.py measures in cells (rich.cells.cell_len,
never len()) and Rich draws, so boxes, columns and wrapped lines stay in line whatever the
script. tests/test_render_golden.py holds the whole renderings; these tests name each defect.
"""

from __future__ import annotations

import io
import re

import pytest
from conftest import FIXTURES, write
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from bilat.commands.session import Session
from bilat.render.layout import NAME, PROSE, Column, atom_lines, wrap

SCRIPTS = FIXTURES / "scripts.toml"
_SGR = re.compile("\x1b\\[[0-9;]*m")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def rendered(monkeypatch, width: int, emit, stream=None, data=SCRIPTS, **environ) -> str:
    """What `emit(session)` prints on a terminal `width` cells wide (colourless unless the
    environment says otherwise)."""
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("TERM", environ.pop("TERM", "xterm-256color"))
    for name, value in environ.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    stream = Terminal() if stream is None else stream
    emit(Session(data=[str(data)], stdout=stream, use_cache=False, pager=False))
    return stream.getvalue()


def officials(ids=("li-ming", "yamada-taro", "ali-raza", "gulnare-agayeva", "renee-dupont")):
    def emit(session):
        people = [p for p in session.query().people() if p.id in ids]
        session.emit_entries("person", people, None, None, None)

    return emit


def box_widths(text: str) -> set[int]:
    """The widths in cells of every line of the (one) table in `text`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line[:1] in ("╭", "+"))
    end = next(i for i in range(len(lines) - 1, -1, -1) if lines[i][:1] in ("╰", "+"))
    return {cell_len(line) for line in lines[start : end + 1]}


# -- layout: widths are counted in cells --


def test_wrap_counts_a_wide_character_as_two_cells():
    lines = wrap("李明 and 山田太郎 meet in Baku 🤝 today", 12)
    assert lines == ["李明 and", "山田太郎", "meet in Baku", "🤝 today"]
    assert all(cell_len(line) <= 12 for line in lines)


def test_wrap_counts_a_combining_mark_as_no_cell():
    # "Rene\u0301e" is five characters on screen (the accent sits on the e), six to len().
    assert wrap("Rene\u0301e Dupont writes", 12) == ["Rene\u0301e Dupont", "writes"]


_WIDE_WORDS = st.text(st.sampled_from(list("ab李明山田🤝əğı\u0301-")), min_size=1, max_size=10)


@given(st.lists(_WIDE_WORDS, max_size=20), st.integers(1, 40))
def test_wrap_fits_every_line_in_cells_and_never_cuts_a_word(parts, width):
    text = " ".join(parts)
    lines = wrap(text, width)
    assert " ".join(lines).split() == text.split()
    assert all(cell_len(line) <= width or " " not in line for line in lines)


def test_a_column_is_as_wide_as_its_text_in_cells():
    column = Column("name", "Name", NAME, 0, ["03式中距離地対空誘導弾"])
    assert column.minimum == column.natural == 22
    prose = Column("title", "Title", PROSE, 0, ["防衛省 procurement"])
    assert prose.minimum == 18 and prose.natural == 18


def test_an_atom_moves_to_its_own_line_when_its_cells_do_not_fit():
    url = "https://example.org/desk/多言語/試験"  # 31 characters, 36 cells
    assert atom_lines("  URL  ", url, 40, "    ") == ["  URL", "    " + url]
    assert atom_lines("  URL  ", url, 43, "    ") == ["  URL  " + url]


# -- tables, cards, show and the timeline --


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("term", ["xterm-256color", "dumb"])
def test_a_wide_name_keeps_the_box_in_line(monkeypatch, width, term):
    text = rendered(monkeypatch, width, officials(), NO_COLOR="1", TERM=term)
    assert "李明" in text and "山田太郎" in text
    assert len(box_widths(text)) == 1


def test_colour_on_a_terminal_keeps_the_box_in_line(monkeypatch):
    text = rendered(monkeypatch, 80, officials(), NO_COLOR=None)
    assert "\x1b[1m" in text  # the header is bold
    plain = _SGR.sub("", text)
    assert "\x1b" not in plain  # nothing but colour and style
    assert len(box_widths(plain)) == 1


def test_piped_table_columns_start_at_the_same_cell(monkeypatch):
    text = rendered(monkeypatch, 100, _table_of_officials, stream=io.StringIO())
    assert "\x1b" not in text and "│" not in text
    lines = text.splitlines()
    at = cell_len(lines[0][: lines[0].index("Country")])
    rows = [(line, re.search(r" (CN|JP|PK) ", line)) for line in lines[1:]]
    assert sum(1 for _, code in rows if code) == 3
    for line, code in rows:
        if code:
            assert cell_len(line[: code.start() + 1]) == at, line


def _table_of_officials(session):
    people = [p for p in session.query().people() if p.id in ("li-ming", "yamada-taro", "ali-raza")]
    session.emit_entries("person", people, "table", None, None)


def test_cards_fit_wide_text_in_the_width(monkeypatch):
    text = rendered(monkeypatch, 36, officials(), NO_COLOR="1")  # below 60: cards
    assert "╭" not in text and "李明" in text
    for line in text.splitlines():
        assert cell_len(line) <= 36 or " " not in line.strip(), line


def test_show_puts_the_type_and_id_under_a_wide_name_that_fills_the_line(monkeypatch):
    # 中华人民共和国外交部 is ten characters and twenty cells: with the id after it, 49 cells.
    text = rendered(monkeypatch, 40, lambda s: s.emit_entry("cn-mfa-fixture", None), NO_COLOR="1")
    assert text.splitlines()[:2] == ["中华人民共和国外交部", "organization cn-mfa-fixture"]


def test_the_timeline_wraps_wide_titles_in_cells(monkeypatch):
    def timeline(session):
        events = [e for e in session.query().events() if e.id == "li-yamada-baku-talks"]
        session.emit_entries("event", events, None, None, None)

    text = rendered(monkeypatch, 60, timeline, NO_COLOR="1")
    assert "三者会談" in text
    for line in text.splitlines():
        assert cell_len(line) <= 60, line


def test_markup_and_emoji_codes_in_the_data_stay_literal_on_a_colour_terminal(
    monkeypatch, tmp_path
):
    data = write(
        tmp_path,
        """
[[sources]]
id = "paper-1"
title = "A page"
publisher = "Example Daily"
kind = "other"

[[events]]
id = "literal"
title = "[bold red]Not bold[/] :rocket: [link=http://evil.example]x[/link]"
date = "2022-01-01"
kind = "other"
sources = [{ source = "paper-1", says = "literal" }]
""",
    )

    def both(session):
        events = [e for e in session.query().events() if e.id == "literal"]
        session.emit_entries("event", events, "table", None, None)
        session.emit_entries("event", events, None, None, None)

    text = _SGR.sub("", rendered(monkeypatch, 120, both, data=data, NO_COLOR=None))
    assert text.count("[bold red]Not bold[/] :rocket: [link=http://evil.example]x[/link]") == 2
    assert "🚀" not in text


def test_colour_is_the_same_bytes_whatever_colours_the_terminal_reports(monkeypatch):
    # Every style bilat uses (bold, dim, italic, underline, cyan) is a standard SGR code.
    texts = {
        rendered(monkeypatch, 80, officials(), NO_COLOR=None, TERM=term, COLORTERM=colorterm)
        for term, colorterm in [("xterm", None), ("xterm-256color", None), ("xterm", "truecolor")]
    }
    assert len(texts) == 1 and "\x1b[1mID\x1b[0m" in texts.pop()
