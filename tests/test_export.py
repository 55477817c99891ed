"""`bilat export …`: TimelineJS, SQLite (+ Datasette metadata), JSON, CSV (+ datapackage).

CLI runs go through CliRunner against the small fixture, plus an overlay of hostile strings;
the pieces (dates, cells, atomic writes) are tested directly.
"""

from __future__ import annotations

import csv
import datetime
import errno
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SMALL, write
from hypothesis import given
from hypothesis import strategies as st

from bilat import schema
from bilat.cli.app import app
from bilat.cli.export import export_app
from bilat.commands.session import Session
from bilat.dates import parse_edtf
from bilat.export import sqlite_export
from bilat.export.timelinejs import date_parts
from bilat.files.atomic import atomic_files, atomic_path, write_atomic
from bilat.records import record
from bilat.render.cells import FORMULA_STARTS, csv_cell, flatten, neutralize


@pytest.fixture(autouse=True)
def export_registered():
    """Until cli.py registers the group itself (harmless once it does); removed afterwards so
    that other test modules see the app as cli.py builds it."""
    if any(group.name == "export" for group in app.registered_groups):
        yield
        return
    app.add_typer(export_app, name="export")
    added = app.registered_groups[-1]
    yield
    app.registered_groups.remove(added)


SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
INJECTION = "Robert'); DROP TABLE events; --"
FORMULA = '=HYPERLINK("http://x")'

HOSTILE = f"""
[[sources]]
id = "hostile-source"
title = {json.dumps(FORMULA)}
publisher = {json.dumps(INJECTION)}
kind = "other"
url = "javascript:alert(1)"

[[people]]
id = "formula-person"
name = {json.dumps(FORMULA)}
aliases = ["+1", "@SUM(A1)", "-2", "\\tTabbed"]
country = "PK"
sources = [{{ source = "hostile-source", quote = "It's \\"quoted\\" {INJECTION}" }}]

[[events]]
id = "hostile-event"
title = {json.dumps(SCRIPT)}
date = "../1990-05"
kind = "other"
participants = ["formula-person"]
summary = {json.dumps(f"[bold]x[/] {IMG} " + '"quotes" & ampersands')}
confidence = "unverified"
sources = [{{ source = "hostile-source", quote = {json.dumps(INJECTION)} }}]

[[events]]
id = "season-event"
title = "Something in spring"
date = "2001-21"
kind = "other"
sources = [{{ source = "paper-1", quote = "spring" }}]
"""


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    return write(tmp_path, HOSTILE, "hostile.toml")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty directory for outputs, apart from the overlay file."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def run(bilat, overlay: Path | None, *args: str):
    data = ["--data", str(overlay)] if overlay else []
    return bilat.small(*data, "export", *args)


def query_of(*paths: Path):
    return Session(data=[str(SMALL), *map(str, paths)], include_builtin=False).query()


def strings(value: object):
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


# -- TimelineJS --


def check_timeline_date(part: dict) -> None:
    assert set(part) <= {"year", "month", "day"}
    assert type(part["year"]) is int
    if "month" in part:
        assert type(part["month"]) is int and 1 <= part["month"] <= 12
    if "day" in part:
        assert "month" in part
        datetime.date(part["year"], part["month"], part["day"])  # a real day


def test_timelinejs_structure(bilat, overlay, out):
    target = out / "timeline.json"
    result = run(bilat, overlay, "timelinejs", "-o", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert set(doc) == {"title", "events"}
    assert doc["title"]["text"]["headline"] == "Timeline: 6 events"
    assert "3 sources" in doc["title"]["text"]["text"]
    events = {e.id: e for e in query_of(overlay).events()}
    assert [s["unique_id"] for s in doc["events"]] == list(events)  # date order, none skipped
    for slide in doc["events"]:
        event = events[slide["unique_id"]]
        assert slide["group"] == event.kind
        check_timeline_date(slide["start_date"])
        if "end_date" in slide:
            check_timeline_date(slide["end_date"])
        assert isinstance(slide["text"]["headline"], str)
        assert isinstance(slide["text"]["text"], str)
        if "day" not in slide["start_date"] or "/" in event.date.text:
            assert slide["display_date"] == event.date.display()
    by_id = {s["unique_id"]: s for s in doc["events"]}
    # No known start: drawn from the first day the timeline shows, to its end (never pinned
    # to the end date, as if it happened then).
    assert by_id["hostile-event"]["start_date"] == {"year": 1890, "month": 1, "day": 1}
    assert by_id["hostile-event"]["end_date"] == {"year": 1990, "month": 5}
    assert by_id["hostile-event"]["display_date"] == "until May 1990"
    assert by_id["aid-story"]["end_date"] == {"year": 1910}
    claimed = by_id["aid-story"]["text"]["text"]
    assert "Claimed — attributed to Mehmood ul Hassan Khan" in claimed
    assert "<blockquote>Tagiyev supported the country</blockquote>" in claimed
    assert "Undated Weekly, “A report with no date line”, n.d." in claimed
    assert (
        '<a href="https://example.org/1">“An interview about cooperation”</a>'
        in (by_id["recognition"]["text"]["text"])
    )


def test_timelinejs_escapes_every_dataset_string(bilat, overlay):
    result = run(bilat, overlay, "timelinejs", "-o", "-")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    for text in strings(doc):
        assert "<script" not in text and "<img" not in text
        assert "javascript:" not in text or "href" not in text
    slide = next(s for s in doc["events"] if s["unique_id"] == "hostile-event")
    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    body = slide["text"]["text"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "&quot;quotes&quot; &amp; ampersands" in body
    assert "[bold]x[/]" in body  # not Rich markup here: plain text
    assert "Unverified" in body
    assert "Robert&#x27;); DROP TABLE events; --" in body
    assert "<a " not in body  # a javascript: URL is never a link


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--since", "2021"], ["trilateral-2021", "gids-visit"]),
        (["--until", "1991-12"], ["aid-story", "recognition"]),
        (["--country", "TR"], ["trilateral-2021"]),
        (["--kind", "visit"], ["gids-visit"]),
        (["--person", "haji-taghiyev"], ["aid-story"]),
        (["--org", "gids"], ["gids-visit"]),
    ],
)
def test_timelinejs_filters(bilat, args, expected):
    result = run(bilat, None, "timelinejs", "-o", "-", *args)
    assert result.exit_code == 0, result.stderr
    assert [s["unique_id"] for s in json.loads(result.stdout)["events"]] == expected


def test_timelinejs_no_events_warns(bilat):
    result = run(bilat, None, "timelinejs", "-o", "-", "--since", "2030")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["events"] == []
    assert result.stderr.startswith("bilat: warning: no events")


def test_timelinejs_bad_filter_is_usage_error(bilat):
    result = run(bilat, None, "timelinejs", "-o", "-", "--since", "May 2020")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("bilat: error: --since:")


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("1991-12-12", {"year": 1991, "month": 12, "day": 12}, None),
        ("2021-01", {"year": 2021, "month": 1}, None),
        ("2023-05?", {"year": 2023, "month": 5}, None),
        ("2020", {"year": 2020}, None),
        ("2004-XX", {"year": 2004}, None),
        ("1985-04-XX", {"year": 1985, "month": 4}, None),
        ("189X", {"year": 1890}, {"year": 1899}),
        ("2001-21", {"year": 2001, "month": 3}, {"year": 2001, "month": 5}),
        ("2001-24", {"year": 2001, "month": 12}, {"year": 2002, "month": 2}),
        ("1890~/1910~", {"year": 1890}, {"year": 1910}),
        (
            "2020-09-27/2020-11-10",
            {"year": 2020, "month": 9, "day": 27},
            {"year": 2020, "month": 11, "day": 10},
        ),
        ("2021-01/2021-03-15", {"year": 2021, "month": 1}, {"year": 2021, "month": 3, "day": 15}),
        ("2020-09/..", {"year": 2020, "month": 9}, None),
        ("2020/", {"year": 2020}, None),
        ("../1990", None, {"year": 1990}),
        ("/2020-05", None, {"year": 2020, "month": 5}),
    ],
)
def test_timelinejs_date_parts(text, start, end):
    assert date_parts(parse_edtf(text)) == (start, end)


def first_day(part: dict) -> datetime.date:
    return datetime.date(part["year"], part.get("month", 1), part.get("day", 1))


def last_day(part: dict) -> datetime.date:
    """The last day a TimelineJS date stands for (a year ends on 31 Dec, a month on its last)."""
    if "day" in part:
        return first_day(part)
    if "month" in part:
        after = datetime.date(part["year"] + part["month"] // 12, part["month"] % 12 + 1, 1)
        return after - datetime.timedelta(days=1)
    return datetime.date(part["year"], 12, 31)


def test_timelinejs_open_start_is_never_pinned_to_its_end(bilat, overlay):
    """`../1990-05` ("until May 1990") was drawn on May 1990, as if it happened then, and
    stretched the axis past --until. Now it spans from --since to its end, and no slide
    reaches outside --since/--until."""
    result = run(bilat, overlay, "timelinejs", "-o", "-", "--since", "1900", "--until", "1990-03")
    assert result.exit_code == 0, result.stderr
    by_id = {s["unique_id"]: s for s in json.loads(result.stdout)["events"]}
    assert list(by_id) == ["hostile-event", "aid-story"]
    hostile = by_id["hostile-event"]
    assert hostile["start_date"] == {"year": 1900, "month": 1, "day": 1}
    assert hostile["end_date"] == {"year": 1990, "month": 3, "day": 31}
    assert hostile["display_date"] == "until May 1990"  # what is known, said as it is
    assert by_id["aid-story"]["start_date"] == {"year": 1900, "month": 1, "day": 1}
    for slide in by_id.values():
        assert first_day(slide["start_date"]) >= datetime.date(1900, 1, 1)
        assert last_day(slide.get("end_date", slide["start_date"])) <= datetime.date(1990, 3, 31)


def test_timelinejs_open_start_with_nothing_before_it_is_left_out_with_a_warning(bilat, overlay):
    result = run(bilat, overlay, "timelinejs", "-o", "-", "--kind", "other", "--until", "1995")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["events"] == []
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("bilat: warning: left out of the timeline:")
    assert "&lt;script&gt;" not in result.stderr and "until May 1990" in result.stderr


def test_timelinejs_open_end_reaches_until_and_no_further(bilat, tmp_path):
    data = write(
        tmp_path,
        """
[[events]]
id = "ongoing"
title = "Ongoing"
date = "2020-09/.."
kind = "other"
sources = [{ source = "paper-1", quote = "x" }]
""",
        "ongoing.toml",
    )
    result = run(bilat, data, "timelinejs", "-o", "-", "--since", "2020", "--until", "2022-06")
    assert result.exit_code == 0, result.stderr
    slide = next(s for s in json.loads(result.stdout)["events"] if s["unique_id"] == "ongoing")
    assert slide["start_date"] == {"year": 2020, "month": 9}
    assert slide["end_date"] == {"year": 2022, "month": 6, "day": 30}
    assert slide["display_date"] == "from Sep 2020"


def test_timelinejs_title_and_text(bilat, overlay):
    result = run(
        bilat,
        overlay,
        "timelinejs",
        "-o",
        "-",
        "--title",
        f"Ties {SCRIPT}",
        "--text",
        f"About {IMG} & more",
    )
    assert result.exit_code == 0, result.stderr
    title = json.loads(result.stdout)["title"]["text"]
    assert title["headline"] == "Ties &lt;script&gt;alert(1)&lt;/script&gt;"
    assert title["text"].startswith("<p>About &lt;img src=x onerror=alert(1)&gt; &amp; more</p>")
    assert "Robert&#x27;); DROP TABLE events; --" in title["text"]  # the sources still listed
    assert "<script" not in title["text"] and "<img" not in title["text"]


def test_timelinejs_default_title_names_the_data_not_its_sources(bilat):
    result = run(bilat, None, "timelinejs", "-o", "-", "--since", "2021", "--until", "2023")
    assert result.exit_code == 0, result.stderr
    title = json.loads(result.stdout)["title"]["text"]
    assert title["headline"] == "Timeline: 2 events, 2021 to 2023"
    assert "source" not in title["headline"]
    assert "<p>Sources cited:</p><ul><li>" in title["text"]


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--confidence", "claimed"], ["aid-story"]),
        (["--match", "valiyev"], ["gids-visit"]),
        (["--reverse"], ["gids-visit", "trilateral-2021", "recognition", "aid-story"]),
        (["--since", "1991", "--reverse"], ["gids-visit", "trilateral-2021", "recognition"]),
    ],
)
def test_timelinejs_timeline_filters(bilat, args, expected):
    result = run(bilat, None, "timelinejs", "-o", "-", *args)
    assert result.exit_code == 0, result.stderr
    assert [s["unique_id"] for s in json.loads(result.stdout)["events"]] == expected


def test_timelinejs_unknown_confidence_is_a_usage_error(bilat):
    result = run(bilat, None, "timelinejs", "-o", "-", "--confidence", "sure")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith('bilat: error: unknown confidence "sure"')


# -- SQLite --

FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


def user_tables(db: sqlite3.Connection) -> set[str]:
    """Every table but FTS5's own shadow tables (events_fts_data, …)."""
    return {
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not (name.rsplit("_fts", 1)[-1] in FTS_SHADOWS and "_fts_" in name)
    }


def test_sqlite_export(bilat, overlay, out):
    target = out / "bilat.db"
    result = run(bilat, overlay, "sqlite", "-o", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert sorted(os.listdir(out)) == ["bilat.db", "metadata.json"]
    query = query_of(overlay)
    db = sqlite3.connect(target)
    db.execute("PRAGMA foreign_keys = ON")
    kinds = {kind.table for kind in schema.KINDS}
    searched = kinds | {"roles", "mentions", "citations"}
    assert user_tables(db) == kinds | {
        "entries",
        "entries_fts",
        "event_participants",
        "equipment_makers",
        "statement_about",
        "roles",
        "mentions",
        "citations",
    } | {f"{t}_fts" for t in searched}

    def count(table: str) -> int:
        return db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]

    assert count("entries") == count("entries_fts") == len(query.ids())
    for kind in schema.KINDS:
        assert count(kind.table) == len(query.ids(kind.type))
    entries = [query.get(i) for i in query.ids()]
    assert count("citations") == sum(len(query.citations(e)) for e in entries)
    assert count("event_participants") == sum(len(e.participants) for e in query.events())
    assert count("mentions") == sum(len(e.mentions) for e in query.equipment())
    assert count("roles") == sum(len(p.roles) for p in query.people())
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA user_version").fetchone()[0] == sqlite_export.USER_VERSION
    found = db.execute("SELECT id FROM entries_fts WHERE entries_fts MATCH 'radar'").fetchall()
    assert ("jy-27a",) in found
    # Hostile values are stored verbatim, and every table survives them.
    assert db.execute(
        "SELECT publisher, title FROM sources WHERE id = ?", ("hostile-source",)
    ).fetchone() == (INJECTION, FORMULA)
    assert db.execute(
        "SELECT title, countries FROM events WHERE id = 'hostile-event'"
    ).fetchone() == (SCRIPT, "[]")
    assert json.loads(
        db.execute("SELECT aliases FROM people WHERE id = 'formula-person'").fetchone()[0]
    ) == ["+1", "@SUM(A1)", "-2", "\tTabbed"]
    assert db.execute(
        "SELECT entry_id, source_id, via, position FROM citations "
        "WHERE entry_id = 'karim-valiyev' ORDER BY via"
    ).fetchall() == [
        ("karim-valiyev", "paper-1", "roles[0]", 0),
        ("karim-valiyev", "paper-1", "sources", 0),
    ]
    assert count("events") == len(query.ids("event"))
    # metadata.json describes every table and every column.
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] and meta["source"] and meta["source_url"] == "https://example.org/1"
    tables = meta["databases"]["bilat"]["tables"]
    assert set(tables) == user_tables(db)
    for table in user_tables(db):
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
        assert list(tables[table]["columns"]) == columns
        assert all(tables[table]["columns"].values()) and tables[table]["description"]
    assert (
        tables["events"]["columns"]["summary"]
        == schema.KIND_BY_TABLE["events"].field("summary").help
    )
    db.close()


def test_sqlite_without_fts5_warns_and_skips_the_index(bilat, out, monkeypatch):
    monkeypatch.setattr(sqlite_export, "FTS_MODULE", "no_such_fts_module")
    result = run(bilat, None, "sqlite", "-o", str(out / "plain.db"))
    assert result.exit_code == 0
    assert result.stderr.startswith("bilat: warning: ") and "full-text" in result.stderr
    db = sqlite3.connect(out / "plain.db")
    assert "entries_fts" not in user_tables(db)
    db.close()
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert "entries_fts" not in meta["databases"]["plain"]["tables"]


def test_failed_sqlite_export_leaves_nothing_behind(out, monkeypatch):
    (out / "bilat.db").write_bytes(b"the previous export")

    def fail(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sqlite_export, "_full_text_index", fail)
    with pytest.raises(RuntimeError):
        sqlite_export.export_sqlite(query_of(), str(out / "bilat.db"))
    assert os.listdir(out) == ["bilat.db"]
    assert (out / "bilat.db").read_bytes() == b"the previous export"


# -- JSON --


def test_json_export(bilat, overlay, out):
    target = out / "all.json"
    result = run(bilat, overlay, "json", "-o", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    doc = json.loads(target.read_text(encoding="utf-8"))
    query = query_of(overlay)
    assert doc["schema_version"] == 1 and doc["generator"].startswith("bilat ")
    assert list(doc)[2:] == [kind.table for kind in schema.KINDS]
    assert sum(len(doc[kind.table]) for kind in schema.KINDS) == len(query.ids())
    assert doc["events"][0] == record(query.get(doc["events"][0]["id"]))


def test_json_and_timelinejs_to_stdout(bilat):
    for command in ("json", "timelinejs"):
        result = run(bilat, None, command, "-o", "-")
        assert result.exit_code == 0 and result.stderr == ""
        assert json.loads(result.stdout)


# -- CSV --


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def test_csv_export(bilat, overlay, out):
    folder = out / "csv"  # made by the export
    result = run(bilat, overlay, "csv", "-o", str(folder))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    names = [f"{kind.table}.csv" for kind in schema.KINDS]
    assert sorted(os.listdir(folder)) == sorted([*names, "datapackage.json"])
    query = query_of(overlay)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert [r["path"] for r in package["resources"]] == names
    for kind, resource in zip(schema.KINDS, package["resources"]):
        rows = read_csv(folder / resource["path"])
        assert rows[0] == with_date_columns(schema.output_fields(kind))
        assert [f["name"] for f in resource["schema"]["fields"]] == rows[0]
        assert resource["schema"]["primaryKey"] == "id"
        assert all(
            f["type"] == ("date" if f["name"] in ("date_start", "date_end") else f["type"])
            and f["type"] in ("string", "array", "date")
            and f["description"]
            for f in resource["schema"]["fields"]
        )
        assert len(rows) - 1 == len(query.ids(kind.type))
        assert (folder / resource["path"]).read_bytes().split(b"\n")[0].endswith(b"\r")
    people = {row[0]: row for row in read_csv(folder / "people.csv")}
    assert people["formula-person"][2] == "'" + FORMULA
    assert people["formula-person"][3] == "'+1; @SUM(A1); -2; \tTabbed"
    assert people["haji-taghiyev"][3] == "Tagiyev; Tağıyev"
    sources = json.loads(people["karim-valiyev"][7])
    assert sources == [
        {
            "source": "paper-1",
            "quote": "Karim Valiyev visited",
            "says": None,
            "by": None,
            "note": None,
        }
    ]
    events = {row[0]: row for row in read_csv(folder / "events.csv")}
    assert events["hostile-event"][2] == SCRIPT and events["recognition"][7] == "diplomatic"


def with_date_columns(fields) -> list[str]:
    """A kind's fields with the sortable date columns after `date`, when it has one."""
    out = []
    for name in fields:
        out.append(name)
        if name == "date":
            out += ["date_start", "date_end", "date_display"]
    return out


def test_csv_export_has_sortable_dates(bilat, overlay, out):
    """Only EDTF text (`../1990-05`, `1890~/1910~`) was there: a spreadsheet sorted the
    timeline wrongly. date_start/date_end are ISO days (empty when open), date_display the
    date as bilat shows it; `date` stays."""
    result = run(bilat, overlay, "csv", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for table in ("events", "statements", "sources"):
        rows = read_csv(out / f"{table}.csv")
        header = rows[0]
        assert header[header.index("date") + 1 : header.index("date") + 4] == [
            "date_start",
            "date_end",
            "date_display",
        ]
        fields = next(r for r in package["resources"] if r["name"] == table)["schema"]["fields"]
        types = {f["name"]: f["type"] for f in fields}
        assert (types["date_start"], types["date_end"], types["date_display"]) == (
            "date",
            "date",
            "string",
        )
        assert all(f["description"] for f in fields)
    rows = read_csv(out / "events.csv")
    events = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    hostile = events["hostile-event"]
    assert (hostile["date"], hostile["date_start"], hostile["date_end"]) == (
        "../1990-05",
        "",
        "1990-05-31",
    )
    assert hostile["date_display"] == "until May 1990"
    aid = events["aid-story"]
    assert (aid["date_start"], aid["date_end"]) == ("1890-01-01", "1910-12-31")
    assert aid["date_display"] == parse_edtf("1890~/1910~").display()
    assert events["gids-visit"]["date_end"] == "2023-05-31"
    for row in events.values():  # ISO days sort as text: the order of the dates' bounds
        for name in ("date_start", "date_end"):
            if row[name]:
                assert datetime.date.fromisoformat(row[name]).isoformat() == row[name]
    sources = {
        row[0]: dict(zip(read_csv(out / "sources.csv")[0], row))
        for row in read_csv(out / "sources.csv")[1:]
    }
    undated = sources["undated-report"]
    assert (undated["date"], undated["date_start"], undated["date_display"]) == ("", "", "")


def test_csv_of_an_empty_kind_is_a_header_row(bilat, tmp_path, out):
    only = write(
        tmp_path,
        '[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\nkind = "other"\n',
        "only.toml",
    )
    result = bilat("--no-builtin", "--data", str(only), "export", "csv", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    header = ",".join(with_date_columns(schema.output_fields(schema.KIND_BY_TABLE["events"])))
    header += "\r\n"
    assert (out / "events.csv").read_bytes() == header.encode()


# -- output paths and errors --


@pytest.mark.parametrize("command", ["sqlite", "csv"])
def test_stdout_is_refused_for_file_exports(bilat, command):
    result = run(bilat, None, command, "-o", "-")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("bilat: error: ") and "stdout" in result.stderr


@pytest.mark.parametrize("command", ["sqlite", "json", "timelinejs", "csv"])
def test_unwritable_path_is_a_clean_error(bilat, tmp_path, command):
    (tmp_path / "afile").write_text("not a directory")
    target = tmp_path / "afile" / "out"
    result = run(bilat, None, command, "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"bilat: error: cannot write {target}")
    assert "Not a directory" in result.stderr and "Traceback" not in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["afile"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_permission_denied(bilat, out):
    out.chmod(0o500)
    try:
        result = run(bilat, None, "json", "-o", str(out / "x.json"))
    finally:
        out.chmod(0o700)
    assert result.exit_code == 1
    assert result.stderr == f"bilat: error: cannot write {out / 'x.json'}: Permission denied\n"


def test_permission_denied_even_as_root(bilat, out, monkeypatch):
    def denied(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(os, "open", denied)
    result = run(bilat, None, "sqlite", "-o", str(out / "x.db"))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"bilat: error: cannot write {out / 'x.db'}: Permission denied\n"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_a_writable_file_in_a_read_only_folder_says_why(bilat, out):
    target = out / "x.json"
    target.write_text("old")
    out.chmod(0o555)
    try:
        result = run(bilat, None, "json", "-o", str(target))
    finally:
        out.chmod(0o700)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"bilat: error: cannot write {target}: ")
    assert "folder" in result.stderr and result.stderr.count("\n") == 1
    assert target.read_text() == "old"


def test_a_writable_file_in_a_read_only_folder_says_why_even_as_root(bilat, out, monkeypatch):
    """As root the folder's mode is no obstacle: its refusal to make the temporary file is
    simulated, as a read-only folder gives it."""
    target = out / "x.json"
    target.write_text("old")
    real_open = os.open

    def refuse_new_files_in_out(path, flags, *args, **kwargs):
        if os.path.dirname(os.fspath(path)) == str(out) and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_new_files_in_out)
    result = run(bilat, None, "json", "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"bilat: error: cannot write {target}: its folder is not writable (an export is "
        "written beside its target, then renamed over it); write it to another folder\n"
    )
    assert target.read_text() == "old" and os.listdir(out) == ["x.json"]


@pytest.mark.parametrize(
    "code, reason",
    [
        (errno.EBUSY, "it is a mount point (a bind-mounted file?)"),
        (errno.EXDEV, "it is on another file system than its folder (a bind-mounted file?)"),
        (errno.EACCES, "Permission denied"),
    ],
)
@pytest.mark.parametrize("command", ["json", "csv"])
def test_a_target_rename_cannot_replace_says_why(bilat, out, monkeypatch, code, reason, command):
    """A bind-mounted file: creating the temporary file works, renaming it over the target
    does not (EBUSY from Linux; EXDEV or EACCES elsewhere)."""
    target = out / "x"
    target.mkdir() if command == "csv" else target.write_text("old")
    real_replace = os.replace

    def refuse(src, dst, *args, **kwargs):
        if os.fspath(dst).startswith(str(out)) and os.fspath(src).endswith(".tmp"):
            raise OSError(code, os.strerror(code), os.fspath(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refuse)
    result = run(bilat, None, command, "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("bilat: error: cannot write ")
    assert reason in result.stderr and result.stderr.count("\n") == 1
    if command == "json":
        assert target.read_text() == "old"
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", ["sqlite", "json", "csv"])
def test_missing_parent_directory_is_a_usage_error(bilat, tmp_path, command):
    target = tmp_path / "nowhere" / "out"
    result = run(bilat, None, command, "-o", str(target))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("bilat: error: ")
    assert f'directory "{tmp_path / "nowhere"}" does not exist' in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_existing_file_is_overwritten_with_usual_permissions(bilat, out):
    target = out / "all.json"
    target.write_text("old")
    result = run(bilat, None, "json", "-o", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 1
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


# -- atomic writes --


def test_write_atomic(out):
    write_atomic(out / "a.txt", "é\n")
    write_atomic(str(out / "b.bin"), b"\x00\x01")
    assert (out / "a.txt").read_bytes() == "é\n".encode()
    assert (out / "b.bin").read_bytes() == b"\x00\x01"
    assert sorted(os.listdir(out)) == ["a.txt", "b.bin"]


def test_atomic_path_and_files_clean_up_on_error(out):
    (out / "keep.txt").write_text("old")
    with pytest.raises(ValueError), atomic_path(out / "keep.txt") as temp:
        temp.write_text("half")
        raise ValueError
    with pytest.raises(KeyboardInterrupt), atomic_files(out) as stage:
        stage("one.txt").write_text("1")
        stage("two.txt").write_text("2")
        raise KeyboardInterrupt
    assert os.listdir(out) == ["keep.txt"] and (out / "keep.txt").read_text() == "old"
    with atomic_files(out) as stage:
        stage("one.txt").write_text("1")
        stage("two.txt").write_text("2")
    assert sorted(os.listdir(out)) == ["keep.txt", "one.txt", "two.txt"]


# -- cells --


@pytest.mark.parametrize(
    "value, cell",
    [
        (None, ""),
        ("", ""),
        ("plain", "plain"),
        (["AZ", "PK"], "AZ; PK"),
        ((), ""),
        ([{"source": "s", "quote": "q", "note": None}], '[{"source":"s","quote":"q","note":null}]'),
        ({"a": 1}, '{"a":1}'),
        (parse_edtf("2023-05?"), "2023-05?"),
        (3, "3"),
        (-5, "-5"),
        (True, "true"),
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        (["-a", "b"], "'-a; b"),
        ("a=b", "a=b"),
    ],
)
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_flatten_and_neutralize_split_the_work():
    assert flatten(["=a", "b"]) == "=a; b"
    assert neutralize("=a; b") == "'=a; b"
    assert neutralize("a") == "a"


# NUL never reaches a cell (the loader rejects control characters in text), and Python 3.10's
# csv module cannot write one.
@given(st.text().filter(lambda t: "\x00" not in t))
def test_csv_cell_never_starts_a_formula(text):
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell])
    assert next(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == [cell]


# -- the CLI itself --


def test_every_command_has_help_with_an_example():
    commands = {c.name: c.callback for c in export_app.registered_commands}
    assert set(commands) == {"timelinejs", "sqlite", "json", "csv", "html"}
    for name, callback in commands.items():
        last = callback.__doc__.strip().splitlines()[-1].strip()
        assert last.startswith(f"Example: bilat export {name} ")


def test_start_up_imports_no_export_machinery():
    code = (
        "import sys, bilat.cli.app, bilat.cli.export; "
        "print(sorted(m for m in ('sqlite3', 'csv', 'html', 'bilat.export') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- only ever what was asked (issue 11) --


@pytest.mark.parametrize("command", ["json", "timelinejs", "sqlite"])
def test_a_data_file_is_never_an_export_target(bilat, tmp_path, command):
    desk = write(tmp_path, SMALL.read_text(encoding="utf-8"), "desk.toml")
    (tmp_path / "alias.toml").symlink_to(desk)
    for target in (desk, tmp_path / "alias.toml"):
        result = bilat("--no-builtin", "--data", str(desk), "export", command, "-o", str(target))
        assert (result.exit_code, result.stdout) == (2, ""), result.stderr
        assert (
            result.stderr == f"bilat: error: will not write {target}: it is one of the "
            "data files being read\n"
        )
    assert desk.read_text(encoding="utf-8") == SMALL.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alias.toml", "desk.toml"]


def test_a_data_file_in_a_csv_directory_is_never_replaced(bilat, tmp_path):
    desk = write(tmp_path, SMALL.read_text(encoding="utf-8"), "events.csv")
    result = bilat("--no-builtin", "--data", str(desk), "export", "csv", "-o", str(tmp_path))
    assert result.exit_code == 2 and "will not write" in result.stderr
    assert desk.read_text(encoding="utf-8") == SMALL.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making device nodes needs root"
)


@needs_root
def test_a_device_is_written_in_place_never_replaced(bilat, out):
    import stat

    null = out / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    for command in ("json", "timelinejs"):
        result = run(bilat, None, command, "-o", str(null))
        assert (result.exit_code, result.stderr) == (0, "")
        assert stat.S_ISCHR(null.lstat().st_mode)
    assert os.listdir(out) == ["null"]


@needs_root
def test_a_full_device_is_an_error_and_stays_a_device(bilat, out):
    import stat

    full = out / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # the same device as /dev/full
    result = run(bilat, None, "json", "-o", str(full))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"bilat: error: cannot write {full}: No space left on device\n"
    assert stat.S_ISCHR(full.lstat().st_mode) and os.listdir(out) == ["full"]


@pytest.mark.parametrize("command", ["sqlite", "csv"])
def test_multi_file_exports_refuse_a_device_or_fifo(bilat, out, command):
    import stat

    fifo = out / "pipe"
    os.mkfifo(fifo)
    result = run(bilat, None, command, "-o", str(fifo))
    assert (result.exit_code, result.stdout) in ((1, ""), (2, ""))
    assert result.stderr.startswith(f"bilat: error: cannot write {fifo}: ")
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and os.listdir(out) == ["pipe"]


def test_a_fifo_is_written_in_place(bilat, out):
    import stat
    import threading

    fifo = out / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read():
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        result = run(bilat, None, "json", "-o", str(fifo))
    finally:
        if reader.is_alive() and stat.S_ISFIFO(fifo.lstat().st_mode):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert json.loads(received[0])["schema_version"] == 1
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_an_existing_file_keeps_its_mode_and_a_symlink_is_written_through(bilat, out):
    real = out / "real.json"
    real.write_text("old")
    real.chmod(0o640)
    link = out / "link.json"
    link.symlink_to(real)
    result = run(bilat, None, "json", "-o", str(link))
    assert result.exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text(encoding="utf-8"))["schema_version"] == 1
    assert real.stat().st_mode & 0o7777 == 0o640
    assert sorted(os.listdir(out)) == ["link.json", "real.json"]


def test_multi_file_exports_land_together_or_not_at_all(bilat, out):
    (out / "bilat.db").write_bytes(b"the previous export")
    (out / "metadata.json").mkdir()  # the second file cannot be put in place
    result = run(bilat, None, "sqlite", "-o", str(out / "bilat.db"))
    assert result.exit_code == 1 and result.stderr.startswith("bilat: error: cannot write")
    assert (out / "bilat.db").read_bytes() == b"the previous export"
    assert sorted(os.listdir(out)) == ["bilat.db", "metadata.json"]


def test_a_failed_rename_rolls_back_what_was_already_replaced(out, monkeypatch):
    (out / "one.txt").write_text("old one")
    real = os.replace
    calls = []

    def second_fails(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(source, target)

    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(Exception, match="cannot write"), atomic_files(out) as stage:
        stage("one.txt").write_text("new one")
        stage("two.txt").write_text("new two")
    assert (out / "one.txt").read_text() == "old one"
    assert sorted(os.listdir(out)) == ["one.txt"]


def test_sqlite_refuses_the_name_of_its_own_metadata(bilat, out):
    result = run(bilat, None, "sqlite", "-o", str(out / "metadata.json"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "metadata.json" in result.stderr and os.listdir(out) == []


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_an_export_leaves_no_temporary_file(out, signame):
    script = (
        "import os, signal, sys\n"
        # As a terminal's shell starts it (under nohup the signal is ignored, and bilat
        # leaves an ignored signal ignored).
        f"signal.signal(signal.{signame}, signal.SIG_DFL)\n"
        "real = os.replace\n"
        "def slow(source, target):\n"
        f"    os.kill(os.getpid(), signal.{signame})\n"  # arrives between write and rename
        "    real(source, target)\n"
        "os.replace = slow\n"
        "from bilat.cli.app import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    for command, target in (("json", out / "all.json"), ("sqlite", out / "bilat.db")):
        result = subprocess.run(
            [sys.executable, "-c", script, "--no-cache", "export", command, "-o", str(target)],
            capture_output=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
        )
        assert result.returncode == 130, result.stderr
        assert result.stderr == b"bilat: error: interrupted\n"
        assert os.listdir(out) == []


def test_temporary_files_of_killed_exports_are_cleaned(bilat, out):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / f".all.json.{dead.pid}-abcdef.tmp"
    stale.write_text("half an export")
    assert run(bilat, None, "json", "-o", str(out / "all.json")).exit_code == 0
    assert os.listdir(out) == ["all.json"]
