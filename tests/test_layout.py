"""render/layout.py: wrapping at spaces only, and fitting columns to a width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from bilat.render.layout import (
    ATOM,
    MEASURE,
    NAME,
    PROSE,
    Column,
    fit_columns,
    keep_together,
    wrap,
)

words = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=15
)


@given(st.lists(words, max_size=30), st.integers(1, 80))
def test_wrap_never_cuts_a_word(parts, width):
    text = " ".join(parts)
    lines = wrap(text, width)
    assert " ".join(lines).split() == text.split()
    assert all(cell_len(line) <= width or " " not in line for line in lines)


def test_a_date_wraps_only_between_its_ends():
    assert wrap(keep_together("31 Dec 2022 – 31 Dec 2027"), 14) == ["31 Dec 2022 –", "31 Dec 2027"]


def chrome(n: int) -> int:
    return 3 * n + 1


def test_low_priority_columns_drop_first_and_ids_never():
    columns = [
        Column("id", "ID", ATOM, 0, ["generic-anti-ballistic-missile-system"]),
        Column("name", "Name", NAME, 0, ["Anti-ballistic missile system"]),
        Column("makers", "Makers", NAME, 5, ["A very long maker name indeed"]),
        Column("mentions", "Said", PROSE, 1, ["suggested for PK (per someone)"]),
    ]
    kept, dropped = fit_columns(columns, 80, chrome)
    assert [c.name for c in dropped] == ["makers"]
    assert sum(c.width for c in kept) + chrome(len(kept)) <= 80
    assert kept[0].width == len("generic-anti-ballistic-missile-system")


def test_nothing_fits_means_cards():
    columns = [Column("id", "ID", ATOM, 0, ["x" * 50]), Column("url", "URL", ATOM, 0, ["y" * 50])]
    assert fit_columns(columns, 80, chrome) is None


def story_columns() -> list[Column]:
    said = "He said that the two countries would work together on defence. " * 4
    return [
        Column("id", "ID", ATOM, 0, ["alizada-no-foreign-troops-2020"]),
        Column("date", "Date", NAME, 0, ["one day, 27 Sep – 3 Oct 2020"]),
        Column("by", "By", NAME, 2, ["Ali F. Alizada"]),
        Column("said", "What was said", PROSE, 1, [said]),
        Column("topics", "Topics", NAME, 4, ["second-karabakh-war, karabakh, " * 3]),
    ]


def test_spare_width_goes_to_prose_first_up_to_a_readable_measure():
    """At 200 columns "What was said" was 20 cells beside 61 of mostly empty Topics."""
    kept, _ = fit_columns(story_columns(), 200, chrome)
    width = {c.name: c.width for c in kept}
    assert width["said"] >= MEASURE > width["topics"]
    assert width["date"] == len("one day, 27 Sep – 3 Oct 2020")  # a row's date reads whole
    assert sum(width.values()) + chrome(len(kept)) == 200  # nothing wasted


def test_past_the_measure_lists_are_filled_before_prose_grows_on():
    kept, _ = fit_columns(story_columns(), 400, chrome)
    width = {c.name: c.width for c in kept}
    topics = next(c for c in kept if c.name == "topics")
    assert width["topics"] == topics.natural and width["said"] > MEASURE


def test_narrow_widths_still_give_prose_the_spare_first():
    kept, _ = fit_columns(story_columns(), 140, chrome)
    width = {c.name: c.width for c in kept}
    assert width["said"] > width["topics"]
