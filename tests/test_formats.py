"""Every output format: the same records in json, ndjson and csv; fields in every format;
nothing a terminal, spreadsheet or Markdown renderer would misread."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import SMALL, write

from bilat.dates import parse_edtf
from bilat.render import FORMATS, format_names
from bilat.render.cells import csv_cell, flatten

LISTINGS = [
    ["timeline"],
    ["equipment"],
    ["officials"],
    ["orgs"],
    ["statements"],
    ["search", "a"],
    ["categories"],
    ["sources"],
]


def records_from(fmt: str, text: str) -> list[dict]:
    if fmt == "json":
        return json.loads(text)
    if fmt == "ndjson":
        return [json.loads(line) for line in text.splitlines()]
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("command", LISTINGS, ids=lambda c: c[0])
def test_json_ndjson_and_csv_carry_the_same_records(bilat, command):
    by_format = {}
    for fmt in ("json", "ndjson", "csv"):
        result = bilat.small(*command, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        by_format[fmt] = records_from(fmt, result.stdout)
    assert by_format["json"] == by_format["ndjson"]
    assert len(by_format["csv"]) == len(by_format["json"]) > 0
    for from_json, from_csv in zip(by_format["json"], by_format["csv"]):
        # csv adds sortable dates beside `date` (tested below); every other cell is JSON's.
        derived = ("date_start", "date_end", "date_display")
        assert set(from_csv) - set(from_json) <= set(derived)
        assert {k: csv_cell(v) for k, v in from_json.items() if k in from_csv} == {
            k: v for k, v in from_csv.items() if k not in derived
        }


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("command", [["timeline"], ["statements"], ["sources"]])
def test_csv_and_tsv_listings_have_sortable_dates(bilat, command, fmt):
    """A spreadsheet sorted `../2020-11-10` and `2023-05/2023-05-24` as text: wrongly."""
    result = bilat.small(*command, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = lines[0].split("," if fmt == "csv" else "\t")
    at = header.index("date")
    assert header[at : at + 4] == ["date", "date_start", "date_end", "date_display"]
    records = json.loads(bilat.small(*command, "--format", "json").stdout)
    rows = (
        records_from("csv", result.stdout)
        if fmt == "csv"
        else [dict(zip(header, line.split("\t"))) for line in lines[1:]]
    )
    for record, row in zip(records, rows, strict=True):
        if record.get("date") is None:
            assert row["date_start"] == row["date_end"] == row["date_display"] == ""
            continue
        date = parse_edtf(record["date"])
        assert row["date_start"] == ("" if date.open_start else date.lower.isoformat())
        assert row["date_end"] == ("" if date.open_end else date.upper.isoformat())
        assert row["date_display"] == date.display()


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "plain", "table"])
def test_date_columns_are_fields(bilat, fmt):
    result = bilat.small(
        "timeline",
        "--since",
        "2023",
        "--fields",
        "id,date_start,date_end,date_display",
        "--format",
        fmt,
    )
    assert result.exit_code == 0, result.stderr
    assert "2023-05-01" in result.stdout and "2023-05-31" in result.stdout
    assert parse_edtf("2023-05?").display() in result.stdout
    listed = bilat.small("timeline", "--fields").stdout.split()
    assert listed[listed.index("date") + 1 : listed.index("date") + 4] == [
        "date_start",
        "date_end",
        "date_display",
    ]


@pytest.mark.parametrize("fmt", format_names())
@pytest.mark.parametrize("command", LISTINGS, ids=lambda c: c[0])
def test_every_format_works_for_every_listing(bilat, command, fmt):
    result = bilat.small(*command, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    if fmt != "table":
        assert not any(0x2500 <= ord(c) <= 0x257F for c in result.stdout), fmt


@pytest.mark.parametrize("fmt", format_names())
def test_fields_pick_and_order_columns_in_every_format(bilat, fmt):
    result = bilat.small("equipment", "--fields", "name,id", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt in ("json", "ndjson"):
        first = records_from(fmt, out)[0]
        assert list(first) == ["name", "id"]
    elif fmt in ("csv", "tsv"):
        assert out.splitlines()[0].replace("\t", ",") == "name,id"
    elif fmt == "plain":
        assert out.splitlines()[0] == "JY-27A\tjy-27a"
    else:
        header = out.splitlines()[0]
        assert header.index("Name") < header.index("ID")


@pytest.mark.parametrize("fmt", format_names())
def test_show_in_every_format(bilat, fmt):
    result = bilat.small("show", "jy-27a", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "jy-27a" in result.stdout


def test_default_is_plain_when_piped(bilat):
    result = bilat.small("timeline")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "aid-story\t1890~/1910~\tTaghiyev helps during an epidemic\t"
        "humanitarian\thaji-taghiyev\tclaimed"
    )
    assert len(lines) == 4  # no header


def test_empty_results(bilat):
    assert bilat.small("timeline", "--since", "2090", "--format", "csv").stdout.startswith(
        "id,type,title,date,date_start,date_end,date_display,kind,"
    )
    assert len(bilat.small("timeline", "--since", "2090", "-f", "csv").stdout.splitlines()) == 1
    assert bilat.small("timeline", "--since", "2090", "-f", "ndjson").stdout == ""
    assert bilat.small("timeline", "--since", "2090", "-f", "plain").stdout == ""


HOSTILE = """
[[events]]
id = "hostile"
title = '=HYPERLINK("http://evil.example","click")'
date = "2024"
kind = "other"
summary = "line one\\nline | two\\ttabbed \\\\ back"
sources = [{ source = "paper-1", quote = "@SUM(A1)" }]
"""


def test_formula_injection_is_neutralized_in_csv_and_tsv(bilat, tmp_path):
    overlay = write(tmp_path, HOSTILE)
    args = [
        "--no-builtin",
        "--data",
        str(SMALL),
        "--data",
        str(overlay),
        "timeline",
        "--since",
        "2024",
    ]
    rows = list(csv.DictReader(io.StringIO(bilat(*args, "--format", "csv").stdout, newline="")))
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","click")'
    tsv = bilat(*args, "--format", "tsv").stdout.splitlines()
    assert tsv[1].split("\t")[2].startswith("'=HYPERLINK")
    assert "line one\\nline | two\\ttabbed \\\\ back" in tsv[1]
    # JSON and plain keep raw values.
    assert json.loads(bilat(*args, "--format", "json").stdout)[0]["title"].startswith("=HYPER")
    assert bilat(*args, "--format", "plain").stdout.startswith("hostile\t2024\t=HYPERLINK")


def test_markdown_table_cannot_be_broken(bilat, tmp_path):
    overlay = write(tmp_path, HOSTILE)
    out = bilat(
        "--no-builtin",
        "--data",
        str(SMALL),
        "--data",
        str(overlay),
        "timeline",
        "--since",
        "2024",
        "--fields",
        "title,summary",
        "--format",
        "markdown",
    ).stdout
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[2].count(" | ") == 1  # one separator between two cells: no stray pipes
    assert "line \\| two" in lines[2] and "<br>" in lines[2]


@pytest.mark.parametrize(
    "value, cell",
    [
        (None, ""),
        ([], ""),
        (["a", "b"], "a; b"),
        ("=1+1", "'=1+1"),
        ("-5", "'-5"),
        ("+x", "'+x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("ok", "ok"),
        ([{"source": "s", "quote": "q"}], '[{"source":"s","quote":"q"}]'),
    ],
)
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_flatten_keeps_formulas_raw():
    assert flatten("=1") == "=1"


def test_registry_modules_all_define_a_renderer():
    import importlib

    for name, module in FORMATS.items():
        renderer = importlib.import_module(module).RENDERER
        assert callable(renderer.listing) and callable(renderer.entry), name


@pytest.mark.parametrize("fields", [None, "id,name"])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_compact_json_listing_is_written_as_one_dump_would_write_it(count, fields):
    import io
    import json

    from bilat.render.json_format import RENDERER
    from bilat.render.views import Listing, Output, Row

    rows = [
        Row({"id": f"x{i}", "type": "result", "name": f"Nâme “{i}”", "n": [i, None]})
        for i in range(count)
    ]
    columns = tuple(fields.split(",")) if fields else ("id", "name")
    listing = Listing("result", rows, columns, explicit_fields=fields is not None)
    stream = io.StringIO()
    RENDERER.listing(listing, Output(stream))
    expected = json.dumps(listing.records(), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert stream.getvalue() == expected
