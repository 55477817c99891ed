"""Issue #19 §3: lookups by what people type — partial names, command aliases, option
messages."""

from __future__ import annotations

import json

import pytest


def test_timeline_person_takes_a_surname(bilat):
    by_name = bilat("timeline", "--person", "munir", "--format", "plain")
    by_id = bilat("timeline", "--person", "syed-asim-munir", "--format", "plain")
    assert (by_name.exit_code, by_name.stderr) == (0, "")
    assert by_name.stdout == by_id.stdout and by_id.stdout


def test_show_and_cite_take_a_unique_partial_name(bilat):
    shown = bilat("show", "Munir", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] == "syed-asim-munir"
    cited = bilat("cite", "asim munir")
    assert cited.exit_code == 0, cited.stderr
    assert cited.stdout == bilat("cite", "syed-asim-munir").stdout


def test_statements_by_takes_a_surname(bilat):
    result = bilat("statements", "--by", "sharif", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert {s["by"] for s in json.loads(result.stdout)} == {"shehbaz-sharif"}


def test_a_name_that_is_not_unique_suggests_people_and_organizations_first(bilat):
    result = bilat("show", "pakistan")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert "more than one" in message
    import re

    kinds = re.findall(r"\((person|organization|equipment|statement|event|source)\)", message)
    assert kinds and kinds[0] in ("person", "organization"), message
    order = ["person", "organization", "equipment", "statement", "event", "source"]
    assert kinds == sorted(kinds, key=order.index), message


@pytest.mark.parametrize(
    ("alias", "command"),
    [("people", "officials"), ("events", "timeline"), ("organizations", "orgs")],
)
def test_command_aliases(bilat, alias, command):
    by_alias = bilat(alias, "--format", "plain")
    by_name = bilat(command, "--format", "plain")
    assert (by_alias.exit_code, by_alias.stderr) == (0, "")
    assert by_alias.stdout == by_name.stdout


def test_aliases_are_shown_in_help(bilat):
    text = bilat("--help").stdout
    for alias in ("people", "events", "organizations"):
        assert alias in text


def test_a_root_option_without_its_value_is_reported_as_such(bilat):
    result = bilat("timeline", "--data")
    assert result.exit_code == 2
    assert "Option '--data' requires an argument" in result.stderr
    assert "Missing command" not in result.stderr


def test_option_suggestions_are_only_close_matches(bilat):
    result = bilat("timeline", "--perso", "munir")
    assert result.exit_code == 2
    assert "--person" in result.stderr
    assert "--reverse" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["people", "--format", "json"],
        ["events", "--person", "munir", "--format", "plain"],
        ["organizations", "--country", "PK", "--format", "tsv"],
        ["timeline", "--data"],
        ["show", "Munir", "--format", "json"],
        ["search", "Valiev", "--format", "json"],
        ["search", "Valyiev", "--format", "json"],
    ],
)
def test_the_fast_path_gives_the_same_answers(args):
    from test_fastpath import assert_same

    assert_same(args)


@pytest.mark.parametrize("alias", ["people", "events", "organizations"])
def test_the_fast_path_answers_the_aliases_itself(alias):
    from test_fastpath import answered

    assert answered([alias, "--format", "json"])
