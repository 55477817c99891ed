"""Loading and validation: every problem located by file, line, entry and field."""

from __future__ import annotations

import pytest
from conftest import SMALL, write

from bilat.errors import DataError
from bilat.load import load_dataset
from bilat.model import Equipment, Event


def load(*paths):
    return load_dataset([(str(p), p) for p in paths])


def problems(*paths) -> list[str]:
    with pytest.raises(DataError) as caught:
        load(*paths)
    return caught.value.lines()


SOURCE = """
[[sources]]
id = "s"
title = "T"
publisher = "P"
kind = "article"
"""


def test_small_fixture_loads_every_kind():
    data = load(SMALL)
    assert len(data.sources) == 2 and len(data.people) == 3 and len(data.events) == 4
    assert isinstance(data.by_id["jy-27a"], Equipment)
    recognition = data.by_id["recognition"]
    assert isinstance(recognition, Event) and recognition.date.text == "1991-12-12"


def test_country_names_resolve_to_codes():
    assert load(SMALL).by_id["haji-taghiyev"].country == "AZ"


def test_toml_syntax_error_names_file_line_and_column(tmp_path):
    path = write(tmp_path, SOURCE + "oops = \n")
    [line] = problems(path)
    assert line.startswith(f"{path}:7:")
    assert "TOML syntax error" in line


def test_schema_problems_are_all_reported_in_one_run(tmp_path):
    path = write(
        tmp_path,
        SOURCE
        + """
[[events]]
id = "e1"
title = 5
date = "2023-02-30"
kind = "meting"
countries = ["Narnia"]
participants = ["nobody"]
sources = [{ source = "s", quote = "q" }]
colour = "red"
""",
    )
    lines = problems(path)
    text = "\n".join(lines)
    assert len(lines) == 6, text
    assert f'{path}:16: event "e1": colour: unknown field' in text
    assert f'{path}:10: event "e1": title: expected a string, got an integer' in text
    assert f'{path}:11: event "e1": date: invalid date "2023-02-30"' in text
    assert 'kind: unknown value "meting" (did you mean "meeting"?)' in text
    assert 'countries[0]: unknown country "Narnia"' in text
    assert 'participants[0]: unknown id "nobody"' in text


def test_field_lines_point_at_the_field(tmp_path):
    path = write(
        tmp_path,
        SOURCE
        + """
[[events]]
id = "e1"
title = "A"
date = "1991-13"
kind = "visit"
sources = [{ source = "s", quote = "q" }]
""",
    )
    [line] = problems(path)
    assert line.startswith(f'{path}:11: event "e1": date:')


def test_duplicate_id_across_files_names_both(tmp_path):
    first = write(tmp_path, SOURCE, "a.toml")
    second = write(tmp_path, SOURCE, "b.toml")
    [line] = problems(first, second)
    assert line.startswith(f'{second}:3: source "s": id: duplicate id')
    assert f"{first}:2" in line


def test_missing_sources_and_empty_strings(tmp_path):
    path = write(
        tmp_path,
        SOURCE
        + """
[[people]]
id = "p"
name = "  "
""",
    )
    text = "\n".join(problems(path))
    assert 'person "p": name: is empty' in text
    assert 'person "p": sources: missing' in text


def test_unknown_table_and_bad_id(tmp_path):
    path = write(
        tmp_path,
        SOURCE
        + """
[[evnets]]
id = "x"

[[people]]
id = "Not A Slug"
name = "N"
sources = [{ source = "s", quote = "q" }]
""",
    )
    text = "\n".join(problems(path))
    assert 'unknown table "evnets" (did you mean "events"?)' in text
    assert "is not a valid id" in text


def test_reference_to_wrong_kind_and_self(tmp_path):
    path = write(
        tmp_path,
        SOURCE
        + """
[[organizations]]
id = "o"
name = "O"
kind = "company"
parent = "o"
sources = [{ source = "s", quote = "q" }]

[[equipment]]
id = "x"
name = "X"
category = "radar"
makers = ["s"]
sources = [{ source = "s", quote = "q" }]
""",
    )
    text = "\n".join(problems(path))
    assert "parent: an entry cannot refer to itself" in text
    assert 'makers[0]: "s" is a source; expected organization' in text


def test_unknown_category_suggests(tmp_path):
    path = write(
        tmp_path,
        SOURCE
        + """
[[equipment]]
id = "x"
name = "X"
category = "rader"
sources = [{ source = "s", quote = "q" }]
""",
    )
    [line] = problems(path)
    assert 'category: unknown value "rader" (did you mean "radar"?)' in line


def test_nested_field_problems_name_the_path(tmp_path):
    path = write(
        tmp_path,
        SOURCE
        + """
[[equipment]]
id = "x"
name = "X"
category = "radar"
mentions = [{ stance = "wished", source = "s" }]
""",
    )
    text = "\n".join(problems(path))
    assert "mentions[0].stance: unknown value" in text
    assert 'mentions[0]: needs "quote"' in text


def test_unreadable_inputs(tmp_path):
    assert problems(tmp_path / "missing.toml") == [f"{tmp_path / 'missing.toml'}: no such file"]
    assert problems(tmp_path) == [f"{tmp_path}: is a directory, not a TOML file"]
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'# ok\n[[sources]]\nid = "\xff"\n')
    [line] = problems(bad)
    assert line.startswith(f"{bad}:3:7: not valid UTF-8")


def test_bom_and_empty_file_are_fine(tmp_path):
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + SOURCE.encode())
    empty = write(tmp_path, "", "empty.toml")
    assert [s.id for s in load(bom, empty).sources] == ["s"]


def test_control_characters_are_rejected(tmp_path):
    path = write(tmp_path, SOURCE.replace('title = "T"', 'title = "T\\u001b[31m"'))
    [line] = problems(path)
    assert "title: contains control character U+001B" in line
