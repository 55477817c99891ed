"""What a person at a terminal gets: the timeline view, ASCII on TERM=dumb, the pager, and a
line on stderr for an empty result. The session renders into a stream that says it is a
terminal; CliRunner's streams never are."""

from __future__ import annotations

import io
import sys

import pytest
from conftest import SMALL
from mock_env import MockEnvironment

from bilat.commands.session import Session
from bilat.render.pager import pager_command


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def session(stream, **options) -> Session:
    """A session on the small fixture writing to `stream` (or into env=MockEnvironment(…))."""
    options.setdefault("pager", False)
    if "env" not in options:
        options["stdout"] = stream
    return Session(data=[str(SMALL)], include_builtin=False, use_cache=False, **options)


def timeline(stream, fmt=None, env=None, **narrow):
    from bilat.commands.filters import narrow_events

    s = session(stream, env=env) if env is not None else session(stream)
    events = narrow_events(
        s.query().events(),
        narrow.get("confidence"),
        narrow.get("match"),
        narrow.get("reverse", False),
    )
    s.emit_entries("event", events, fmt, None, None, narrow.get("filters", []))
    return env.written() if env is not None else stream.getvalue()


def test_timeline_on_a_terminal_groups_by_year_and_shows_ids():
    text = timeline(Terminal())
    lines = text.splitlines()
    assert lines[0] == "4 events, 1890–2023"
    assert "1890s" in lines and "1991" in lines and "2021" in lines
    assert "· recognition" in text  # every event leads to an id
    assert "  12 Dec  " in text  # the year is the heading's, the day and month the gutter's
    assert "· 1 outside source ·" in text  # the fixture marks no source primary


def test_timeline_piped_is_still_plain():
    text = timeline(io.StringIO())
    assert text.splitlines()[0].split("\t")[:2] == ["aid-story", "1890~/1910~"]


def test_timeline_format_table_is_still_a_grid():
    assert timeline(None, "table", env=MockEnvironment(term="xterm")).startswith("╭")


def test_timeline_reverse_confidence_and_match():
    assert timeline(Terminal(), reverse=True).split("\n\n")[1].startswith("2023")
    text = timeline(io.StringIO(), confidence=["claimed"])
    assert [line.split("\t")[-1] for line in text.splitlines()] == ["claimed"]
    text = timeline(io.StringIO(), match="EPIDÉMIC taghiyev")
    assert [line.split("\t")[0] for line in text.splitlines()] == ["aid-story"]


def test_term_dumb_gets_ascii_boxes():
    text = timeline(None, "table", env=MockEnvironment(term="dumb"))
    assert text.startswith("+") and "|" in text
    assert not any(0x2500 <= ord(c) <= 0x257F for c in text)


def test_empty_result_on_a_terminal_says_so_on_stderr(capsys):
    text = timeline(Terminal(), match="nothing-like-this", filters=["--match nothing-like-this"])
    assert text == ""
    assert capsys.readouterr().err == "no events match --match nothing-like-this\n"


def test_empty_result_piped_is_silent(bilat):
    result = bilat.small("timeline", "--country", "IN")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_long_output_goes_through_the_pager(monkeypatch, tmp_path):
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv(
        "PAGER",
        f"{sys.executable} -c \"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())\"",
    )
    stream = Terminal()
    s = session(stream, pager=True)
    s.emit_entries("event", s.query().events() * 10, None, None, None)
    assert stream.getvalue() == ""
    assert "· recognition" in paged.read_text(encoding="utf-8")


def test_no_pager_and_short_output_print_directly(monkeypatch, tmp_path):
    monkeypatch.setenv("PAGER", "false")  # would lose the output if it were used
    stream = Terminal()
    s = session(stream, pager=False)
    s.emit_entries("event", s.query().events() * 10, None, None, None)
    assert "· recognition" in stream.getvalue()
    stream = Terminal()
    s = session(stream, pager=True)
    s.emit_entries("event", s.query().events()[:1], None, None, None)
    assert "· aid-story" in stream.getvalue()


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ["less"]),
        ({"PAGER": "more -s"}, ["more", "-s"]),
        ({"PAGER": ""}, None),
        ({"PAGER": "cat"}, None),
        ({"BILAT_PAGER": "most", "PAGER": "less"}, ["most"]),
    ],
)
def test_pager_command(environ, expected):
    assert pager_command(environ) == expected


def test_no_pager_is_a_global_option(bilat):
    result = bilat("--no-pager", "--no-builtin", "--data", str(SMALL), "timeline")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("aid-story\t")


def test_show_lists_sources_with_urls_and_role_labels():
    stream = Terminal()
    Session(stdout=stream, use_cache=False, pager=False).emit_entry("karim-valiyev", None)
    text = stream.getvalue()
    assert "    https://www.azernews.az/analysis/210229.html\n" in text
    assert "  role First Deputy Minister of Defence" in text
    assert "│ valiyev-visit-pakistan-2023 │" in text or "valiyev-visit-pakistan-2023" in text


def test_statements_show_what_was_said():
    stream = Terminal()
    s = Session(stdout=stream, use_cache=False, pager=False)
    s.emit_entries("statement", s.query().statements(), None, None, None)
    text = " ".join(stream.getvalue().replace("|", " ").split())
    assert "“It seems that" in text  # the quote itself, opening mark and all
    assert "said" not in text.split("--fields", 1)[1].split()[0].split(",")  # not a field


def test_what_was_said_marks_a_paraphrase():
    from types import SimpleNamespace

    from bilat.render.views import what_was_said

    quoted = SimpleNamespace(source="s", quote="We agree.", by="x")
    paraphrased = SimpleNamespace(source="s", quote=None, says="They agreed.", by=None)
    assert what_was_said(quoted, str.upper) == "“We agree.” — X"
    assert what_was_said(paraphrased, str.upper, by="y") == "paraphrase: They agreed. — Y"
    assert what_was_said(quoted, str.upper, shown="x") == "“We agree.”"


def test_exports_report_what_they_wrote_only_to_a_person(bilat, tmp_path):
    from bilat.commands.exports import report

    stream = Terminal()
    report("bilat.json (3 entries)", stream)
    assert stream.getvalue() == "bilat: wrote bilat.json (3 entries)\n"
    piped = io.StringIO()
    report("bilat.json (3 entries)", piped)
    assert piped.getvalue() == ""
    result = bilat.small("export", "json", "-o", str(tmp_path / "out.json"))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_categories_show_aliases_on_a_terminal_and_plain_is_unchanged(bilat):
    from bilat.commands.queries import category_rows

    stream = Terminal()
    s = Session(stdout=stream, use_cache=False, pager=False)
    s.emit_listing("category", category_rows(s.query()), None, None, None)
    assert "Aliases" in stream.getvalue() and "air-defense" in stream.getvalue()
    piped = bilat("categories")
    assert piped.stdout.splitlines()[0].split("\t")[:2] == ["aircraft", "Aircraft"]
    assert "air-defense" not in piped.stdout


def test_markdown_show_heads_linked_from_columns_correctly(bilat):
    result = bilat("show", "karim-valiyev", "--format", "markdown")
    assert "| ID | Type | Name | Via |" in result.stdout
    assert "| valiyev-visit-pakistan-2023 | event |" in result.stdout
    assert "- role First Deputy Minister" in result.stdout  # role citations are labelled
    assert "<https://www.azernews.az/analysis/210229.html>" in result.stdout


def test_provenance_reads_primary_sources_when_the_data_marks_them():
    from types import SimpleNamespace as NS

    sources = [
        {"id": "art", "primary": True},
        {"id": "dawn", "primary": False},
        {"id": "tass", "primary": False},
    ]
    s = Session(use_cache=False)
    import json

    from bilat.records import Stored

    s._query = NS(sources=lambda: [Stored(json.dumps(r)) for r in sources])
    cite = [NS(source=i) for i in ("art", "dawn", "art", "tass")]
    assert s._provenance(NS(sources=cite)) == "the article + 2 outside sources"
    assert s._provenance(NS(sources=cite[1:2])) == "1 outside source"
    assert s._provenance(NS(sources=cite[:1] * 2)) == "the article"


def test_a_title_bilat_supplied_is_in_square_brackets():
    from types import SimpleNamespace as NS

    s = Session(use_cache=False)
    source = NS(publisher="Dawn", title="Report on the talks", date=None, title_supplied=True)
    assert s._source_label(source) == "Dawn, [Report on the talks] (n.d.)"


def test_a_terminal_that_reports_zero_rows_pages_nothing_short(monkeypatch):
    import os

    from bilat.render import pager

    monkeypatch.setattr(Terminal, "fileno", lambda self: 1, raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((80, 0)))
    stream = Terminal()
    pager.page("one line\n", stream, {"PAGER": "false"})  # `false` would swallow it
    assert stream.getvalue() == "one line\n"


def test_an_open_start_has_its_own_heading_and_no_year_one_in_the_span(tmp_path):
    from conftest import write

    path = write(
        tmp_path,
        SMALL.read_text(encoding="utf-8")
        + """
[[events]]
id = "occupation"
title = "Lands under occupation"
date = "../2020-11-10"
kind = "conflict"
sources = [{ source = "paper-1", quote = "occupation" }]
""",
    )
    stream = Terminal()
    s = Session(
        data=[str(path)], include_builtin=False, use_cache=False, stdout=stream, pager=False
    )
    s.emit_entries("event", s.query().events(), None, None, None)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "5 events, 1890–2023"
    assert lines[2] == "Start unknown" and "0s" not in lines
