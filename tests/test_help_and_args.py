"""Help that stands alone, and a command line that forgives what people naturally type."""

from __future__ import annotations

import json
import os

import pytest
from conftest import SMALL


def test_root_help_lists_whole_summaries(bilat):
    result = bilat("--help")
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:")[1]
    assert "..." not in commands
    assert "and what links to it." in " ".join(commands.split())


@pytest.mark.parametrize(
    ("command", "field"),
    [
        ("timeline", "confidence"),
        ("equipment", "mentions"),
        ("officials", "roles"),
        ("orgs", "founded"),
        ("statements", "topics"),
        ("sources", "accessed"),
        ("search", "matched"),
        ("categories", "sipri"),
    ],
)
def test_listing_help_lists_its_fields(bilat, command, field):
    result = bilat(command, "--help")
    assert result.exit_code == 0
    fields = result.stdout.split("Fields (for --fields")[1]
    assert field in fields


def test_fields_without_a_value_lists_them(bilat):
    result = bilat.small("equipment", "--fields")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:3] == ["id", "type", "name"]
    result = bilat.small("timeline", "--fields", "--limit", "1")
    assert result.stdout.splitlines()[0] == "id"


def test_topic_without_a_value_lists_topics(bilat):
    result = bilat("statements", "--topic")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "energy" in result.stdout.splitlines()


def test_global_options_after_the_command(bilat):
    result = bilat("timeline", "--no-builtin", "--data", str(SMALL), "--no-cache")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith("aid-story\t")
    result = bilat("timeline", f"--data={SMALL}", "--no-builtin", "--no-pager")
    assert result.stdout.startswith("aid-story\t")


@pytest.mark.parametrize(
    "args",
    [
        ("timeline", "--kind", "Meeting"),
        ("orgs", "--kind", "COMPANY"),
        ("equipment", "--status", "Suggested"),
        ("timeline", "--format", "JSON"),
        ("timeline", "--confidence", "Verified"),
    ],
)
def test_enum_values_ignore_case(bilat, args):
    result = bilat(*args)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout


def test_a_name_or_alias_works_where_an_id_is_expected(bilat):
    result = bilat("show", "Karim Valiyev", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert '"id": "karim-valiyev"' in result.stdout or '"id":"karim-valiyev"' in result.stdout
    result = bilat("cite", "JY-27A")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "JY-27A" in result.stdout
    result = bilat("timeline", "--person", "karim valiyev", "--fields", "id")
    assert result.exit_code == 0 and "valiyev-meets-munir-2023" in result.stdout


def test_a_unique_first_name_finds_the_entry_and_a_shared_prefix_lists_the_ids(bilat):
    # Issue #19 §3: "karim" names one entry (before, it suggested the id).
    result = bilat("show", "karim", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout)["id"] == "karim-valiyev"
    result = bilat("show", "valiyev-meets")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "valiyev-meets-asif-2023" in result.stderr
    assert "valiyev-meets-munir-2023" in result.stderr


def test_since_after_until_is_a_usage_error(bilat):
    result = bilat("timeline", "--since", "2022", "--until", "2020")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("bilat: error: --since 2022 is after --until 2020")


def test_install_completion_for_a_named_shell(bilat, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    result = bilat("--install-completion", "fish")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / ".config/fish/completions/bilat.fish").exists()
    result = bilat("--install-completion", "tcsh")
    assert (result.exit_code, result.stdout) == (2, "")
    assert 'cannot install completion for "tcsh"' in result.stderr


def test_an_empty_topic_is_a_mistake_but_a_bare_topic_lists_them(bilat):
    listed = bilat("statements", "--topic")
    assert listed.exit_code == 0 and "energy" in listed.stdout.split()
    empty = bilat("statements", "--topic", "")
    assert empty.exit_code == 2 and "--topic is empty" in empty.stderr


def test_help_never_breaks_a_word_at_a_hyphen(tmp_path):
    import subprocess
    import sys

    for args in (["export", "--help"], ["cache", "--help"], ["--help"], ["timeline", "--help"]):
        out = subprocess.run(
            [sys.executable, "-m", "bilat", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "80"},
            cwd=tmp_path,
        ).stdout
        assert not [
            line
            for line in out.splitlines()
            if line.rstrip().endswith("-") and not line.rstrip().endswith(" -")
        ], (args, out)


def test_fields_ignore_case_and_repeats(bilat):
    result = bilat("timeline", "--fields", "ID,Title,id", "--format", "csv", "--limit", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "id,title"


def test_an_empty_data_path_is_a_usage_error(bilat):
    result = bilat("--data", "", "timeline")
    assert result.exit_code == 2
    assert result.stderr == (
        "bilat: error: --data is empty: give a file's path, or leave the option out\n"
    )


def test_the_event_filters_are_one_declaration_in_every_command_that_takes_them():
    """timeline, export timelinejs and export html take the event filters of
    commands.options.EventFilters, each declared once in cli/options.py (same help, same
    checks): a filter added to one is added to all, or this fails."""
    import inspect

    from bilat.cli import app as cli_app
    from bilat.cli import export as cli_export
    from bilat.cli import options
    from bilat.commands.options import EventFilters

    declared = {
        name: getattr(options, alias)
        for name, alias in (
            ("since", "Since"),
            ("until", "Until"),
            ("country", "Country"),
            ("kind", "EventKind"),
            ("person", "Person"),
            ("org", "Org"),
            ("confidence", "Confidence"),
            ("match", "Match"),
            ("reverse", "Reverse"),
        )
    }
    assert set(declared) == set(EventFilters.names())
    commands = {
        "timeline": (cli_app.timeline, set(EventFilters.names())),
        "export timelinejs": (cli_export.timelinejs_command, set(EventFilters.names())),
        # the briefing narrows several sections by date and party, not by text or order
        "export html": (
            cli_export.html_command,
            {"since", "until", "country", "kind", "person", "org"},
        ),
    }
    for name, (function, wanted) in commands.items():
        parameters = inspect.signature(function).parameters
        taken = {p for p in parameters if p in declared}
        assert taken == wanted, name
        for parameter in taken:
            assert parameters[parameter].annotation is declared[parameter], (name, parameter)
