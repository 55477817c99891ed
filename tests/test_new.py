"""`bilat new KIND --to FILE`: an entry added without knowing the format by heart."""

from __future__ import annotations

import datetime
import os
import stat

import pytest

from bilat.cli.data import new_command
from bilat.commands import new_entry

DESK = """# Our desk file: comments and layout must survive.

[[sources]]
id = "desk-wire"   # the wire we use
title = "Wire report"
publisher = "Desk Wire"
kind = "news-report"
"""


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.toml"
    path.write_text(DESK, encoding="utf-8")
    return path


PERSON = ["--name", "Əli Həsənzadə", "--country", "AZ", "--source", "azernews-210229"]


def test_a_person_is_appended_keeping_the_file_as_it_was(bilat, desk):
    result = bilat("new", "person", "--to", str(desk), *PERSON, "--says", "He is named.")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ali-hasanzada\n", "")
    text = desk.read_text(encoding="utf-8")
    assert text.startswith(DESK)  # comments, spacing, the inline comment: untouched
    assert '[[people]]\nid = "ali-hasanzada"\nname = "Əli Həsənzadə"\ncountry = "AZ"\n' in text
    assert 'sources = [{source = "azernews-210229", says = "He is named."}]' in text
    shown = bilat("--data", str(desk), "show", "ali-hasanzada", "-f", "json")
    assert shown.exit_code == 0 and '"name":"Əli Həsənzadə"' in shown.stdout


def test_a_taken_id_gets_a_number_and_the_desk_prefix(bilat, desk, monkeypatch):
    first = bilat("new", "person", "--to", str(desk), *PERSON, "--says", "Named.")
    second = bilat("new", "person", "--to", str(desk), *PERSON, "--says", "Named again.")
    assert (first.stdout, second.stdout) == ("ali-hasanzada\n", "ali-hasanzada-2\n")
    builtin = bilat(
        "new",
        "person",
        "--to",
        str(desk),
        "--name",
        "Karim Valiyev",
        "--source",
        "azernews-210229",
        "--says",
        "A namesake.",
    )
    assert builtin.stdout == "karim-valiyev-2\n"  # the built-in data's ids count too
    monkeypatch.setenv("BILAT_ID_PREFIX", "desk")
    prefixed = bilat(
        "new",
        "person",
        "--to",
        str(desk),
        "--name",
        "Ali Hasanov",
        "--source",
        "desk-wire",
        "--says",
        "Named.",
    )
    assert prefixed.stdout == "desk-ali-hasanov\n"


def test_a_source_is_dated_as_read_today(bilat, desk):
    result = bilat(
        "new",
        "source",
        "--to",
        str(desk),
        "--title",
        "An interview",
        "--publisher",
        "Desk",
        "--kind",
        "interview",
        "--url",
        "https://example.org/i",
    )
    assert result.exit_code == 0, result.stderr
    assert f'accessed = "{datetime.date.today().isoformat()}"' in desk.read_text()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["new", "evnt", "--title", "X"], 2, 'unknown kind "evnt" (did you mean "event"?)'),
        (["new", "event", "--title", "X"], 2, "a new event needs --date, --kind, --source"),
        (
            ["new", "person", "--id", "karim-valiyev", *PERSON, "--says", "x"],
            2,
            'id "karim-valiyev" is taken (a person); choose another --id',
        ),
        (
            ["new", "source", "--title", "T", "--publisher", "P", "--kind", "intervew"],
            1,
            'kind: unknown value "intervew" (did you mean "interview"?)',
        ),
        (
            ["new", "person", *PERSON[:4], "--source", "no-such-source", "--says", "x"],
            1,
            "no-such-source",
        ),
        (
            [
                "new",
                "person",
                *PERSON,
                "--quote",
                "words the article never printed about him",
            ],
            1,
            "quote not found in azernews-210229's archive",
        ),
    ],
)
def test_bad_input_writes_nothing(bilat, desk, args, code, message):
    before = desk.read_bytes()
    result = bilat(*args[:2], "--to", str(desk), *args[2:])
    assert result.exit_code == code and result.stdout == ""
    assert message in result.stderr
    assert desk.read_bytes() == before
    assert sorted(os.listdir(desk.parent)) == ["desk.toml"]  # no temporary file left


def test_a_broken_file_is_not_appended_to(bilat, desk):
    desk.write_text(DESK + "[[people]\n", encoding="utf-8")
    result = bilat("new", "person", "--to", str(desk), *PERSON, "--says", "x")
    assert result.exit_code == 1 and "desk.toml:8:9: TOML syntax error" in result.stderr
    assert desk.read_text() == DESK + "[[people]\n"


def test_the_file_keeps_its_mode(bilat, desk):
    desk.chmod(0o640)
    assert bilat("new", "person", "--to", str(desk), *PERSON, "--says", "x").exit_code == 0
    assert stat.S_IMODE(desk.stat().st_mode) == 0o640


def test_a_new_file_is_made(bilat, tmp_path):
    target = tmp_path / "new.toml"
    result = bilat("new", "person", "--to", str(target), *PERSON, "--says", "x")
    assert result.exit_code == 0 and target.read_text().startswith("[[people]]\n")


def test_a_directory_is_not_a_file_to_write(bilat, tmp_path):
    result = bilat("new", "person", "--to", str(tmp_path), *PERSON, "--says", "x")
    assert result.exit_code != 0 and result.stdout == ""
    assert "Traceback" not in result.stderr and result.stderr.count("\n") >= 1


def test_on_a_terminal_the_missing_fields_are_asked_for(monkeypatch, desk, capsys):
    import io
    import sys

    from bilat.commands.session import Session

    monkeypatch.setattr(new_entry, "_interactive", lambda: True)
    monkeypatch.setattr(sys, "stdin", io.StringIO("A desk visit\n2024-03\nvisit\ndesk-wire\n"))
    values = dict.fromkeys(("summary", "quote"), None) | {"says": "A visit."}
    new_entry.new_entry(Session(), "event", str(desk), values)
    out = capsys.readouterr()
    assert out.out == "a-desk-visit\n"
    assert out.err == "title: date: kind: source: "
    assert 'title = "A desk visit"\ndate = "2024-03"\nkind = "visit"' in desk.read_text()


def test_every_field_of_every_kind_can_be_given():
    import inspect

    from bilat import schema

    options = set(inspect.signature(new_command).parameters)
    plural = {
        "aliases": "alias",
        "participants": "participant",
        "makers": "maker",
        "topics": "topic",
        "countries": "country",
        "kind": "kind_of",
    }
    structured = {"sources": "source", "mentions": "stance", "roles": "role"}
    # A source's speakers map is written by hand, from its archive read passage by passage.
    by_hand = {("source", "speakers")}
    for kind in schema.KINDS:
        for field in kind.fields:
            if (kind.type, field.name) in by_hand:
                continue
            wanted = structured.get(field.name) or plural.get(field.name) or field.name
            assert wanted in options, (kind.type, field.name)
