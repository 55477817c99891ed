"""One unknown day in a range (EDTF "one of a set", `[2023-05-01..2023-05-24]`) reads as one
day wherever bilat shows a date, and sorts and filters by the same bounds everywhere.

Every output asks bilat.dates for the text (`EdtfDate.display`) and the bounds
(`lower`/`upper`): the terminal table and timeline, `cite`, the HTML briefing, TimelineJS,
SQLite's date_start/date_end, and the EDTF text in JSON and CSV. These tests hold each of them
to that one function, on the built-in dataset and on a small file of their own.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import write

from bilat.citations import format_citation, record_parts
from bilat.commands.session import Session
from bilat.dates import parse_edtf
from bilat.export.json_schema import DATE_PATTERN

SET_TEXT = "[2023-05-01..2023-05-24]"
SHOWN = "one day, 1–24 May 2023"
SPAN = "1–24 May 2023"  # how an interval over the same days reads: never shown alone

DATA = f"""
[[sources]]
id = "paper"
title = "A paper"
publisher = "The Paper"
kind = "news-report"
date = "{SET_TEXT}"

[[people]]
id = "someone"
name = "Someone"
sources = [{{ source = "paper", says = "Someone was there." }}]

[[events]]
id = "the-meeting"
title = "A meeting on one unknown day"
date = "{SET_TEXT}"
kind = "meeting"
participants = ["someone"]
sources = [{{ source = "paper", says = "They met." }}]

[[statements]]
id = "the-remark"
by = "someone"
summary = "Someone says something."
date = "[2023-05..2023-06]"
sources = [{{ source = "paper", says = "Someone said something." }}]
"""


def span_alone(text: str) -> bool:
    """Whether the days appear anywhere but inside the one-day wording."""
    flat = " ".join(text.replace("\u00a0", " ").split())
    return SPAN in flat.replace(SHOWN, "")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write(tmp_path, DATA, "set.toml")


def small(data: Path) -> list[str]:
    return ["--no-builtin", "--data", str(data)]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def terminal(monkeypatch, data: Path, width: int, fmt: str | None) -> str:
    """The events as the CLI shows them on a terminal of this width."""
    monkeypatch.setenv("COLUMNS", str(width))
    stream = Terminal()
    session = Session(
        data=[str(data)], include_builtin=False, stdout=stream, use_cache=False, pager=False
    )
    session.emit_entries("event", session.query().events(), fmt, None, None)
    return stream.getvalue()


def test_the_display_reads_as_one_day_not_a_span():
    date = parse_edtf(SET_TEXT)
    assert date.display() == SHOWN
    assert parse_edtf("2023-05-01/2023-05-24").display() == SPAN
    assert (date.lower.isoformat(), date.upper.isoformat()) == ("2023-05-01", "2023-05-24")


@pytest.mark.parametrize("width", [60, 80, 120])
def test_terminal_timeline_and_table(monkeypatch, data, width):
    timeline, table = (terminal(monkeypatch, data, width, fmt) for fmt in (None, "table"))
    assert SHOWN in " ".join(table.replace("\u00a0", " ").split())
    # The timeline names the year in its heading and the rest beside the title.
    assert "one day, 1–24 May" in " ".join(timeline.split())
    for text in (timeline, table):
        assert not span_alone(text) and "one day, 1–24 May" in " ".join(text.split())


def test_json_csv_and_plain_keep_the_edtf_text(bilat, data, tmp_path):
    result = bilat(*small(data), "timeline", "--format", "json")
    (event,) = json.loads(result.stdout)
    assert event["date"] == SET_TEXT
    result = bilat(*small(data), "export", "csv", "-o", str(tmp_path / "csv"))
    assert result.exit_code == 0, result.stderr
    with open(tmp_path / "csv" / "events.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0]["date"] == SET_TEXT


def test_sqlite_bounds_are_the_dates_bounds(bilat, data, tmp_path):
    target = tmp_path / "bilat.db"
    result = bilat(*small(data), "export", "sqlite", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    db = sqlite3.connect(target)
    assert db.execute("SELECT date, date_start, date_end FROM events").fetchall() == [
        (SET_TEXT, "2023-05-01", "2023-05-24")
    ]
    assert db.execute("SELECT date_start, date_end FROM statements").fetchall() == [
        ("2023-05-01", "2023-06-30")
    ]


def test_timelinejs_shows_the_dates_display_and_bounds(bilat, data):
    result = bilat(*small(data), "export", "timelinejs", "-o", "-")
    assert result.exit_code == 0, result.stderr
    (slide,) = json.loads(result.stdout)["events"]
    assert slide["display_date"] == SHOWN
    assert slide["start_date"] == {"year": 2023, "month": 5, "day": 1}
    assert slide["end_date"] == {"year": 2023, "month": 5, "day": 24}
    assert not span_alone(result.stdout)


def test_html_briefing_shows_the_dates_display(bilat, data):
    result = bilat(*small(data), "export", "html", "-o", "-", env={"SOURCE_DATE_EPOCH": "0"})
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert f'<span class="when">{SHOWN}</span>' in page
    assert not span_alone(page)


def test_cite_and_show_give_a_source_dated_by_a_set_the_same_words(bilat, data):
    result = bilat(*small(data), "cite", "the-meeting")
    assert result.exit_code == 0, result.stderr
    assert f"The Paper, “A paper”, {SHOWN}" in result.stdout
    parts = record_parts({"publisher": "P", "title": "T", "date": SET_TEXT}, None, None)
    assert SHOWN in format_citation(parts, "plain")
    shown = bilat(*small(data), "show", "the-meeting", "--format", "table").stdout
    assert SHOWN in " ".join(shown.split())


def test_since_and_until_use_the_bounds(bilat, data):
    def ids(*args):
        result = bilat(*small(data), "timeline", *args, "--format", "json")
        return [e["id"] for e in json.loads(result.stdout)]

    assert ids("--since", "2023-05-24") == ["the-meeting"]
    assert ids("--until", "2023-05-01") == ["the-meeting"]
    assert ids("--since", "2023-05-25") == []
    assert ids("--until", "2023-04-30") == []


def test_editors_accept_a_set(bilat, data):
    for text in (SET_TEXT, "[1667, 1668, 1670..1672]", "[2023-05..2023-06]"):
        assert re.match(DATE_PATTERN, text), text
        parse_edtf(text)
    for text in ("[2023", "[..2023]", "[2023-05-01?..2023-05-24]"):
        assert not re.match(DATE_PATTERN, text), text


@pytest.mark.parametrize(
    ("entry_id", "text", "shown"),
    [
        ("valiyev-meets-munir-2023", SET_TEXT, SHOWN),
        (
            "valiyev-confers-war-medal-on-munir-2025",
            "[2025-08-01..2025-08-13]",
            "one day, 1–13 Aug 2025",
        ),
    ],
)
def test_builtin_meetings_on_one_unknown_day(bilat, entry_id, text, shown):
    record = json.loads(bilat("show", entry_id, "--format", "json").stdout)
    assert record["date"] == text
    table = " ".join(bilat("show", entry_id, "--format", "table").stdout.split())
    assert f"date {shown}" in table
