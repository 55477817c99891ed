"""Every command through CliRunner: exit code, stdout and stderr each asserted."""

from __future__ import annotations

import json

import pytest
from conftest import SMALL, write


def test_timeline_table_piped_has_no_box_drawing_or_ansi(bilat):
    result = bilat.small("timeline", "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Date", "Title", "Kind", "Who", "Confidence"]
    assert "c. 1890 – c. 1910" in lines[1]
    assert "12 Dec 1991" in result.stdout and "Jan 2021" in result.stdout
    assert "\x1b" not in result.stdout
    assert not any(0x2500 <= ord(c) <= 0x257F for c in result.stdout)
    assert all(line == line.rstrip() for line in lines)


def test_timeline_json_keeps_edtf_dates(bilat):
    result = bilat.small("timeline", "--format", "json")
    assert result.exit_code == 0
    events = json.loads(result.stdout)
    assert [e["date"] for e in events] == ["1890~/1910~", "1991-12-12", "2021-01", "2023-05?"]
    assert all(e["type"] == "event" for e in events)


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--since", "2021"], ["trilateral-2021", "gids-visit"]),
        (["--until", "1991-12"], ["aid-story", "recognition"]),
        (["--country", "TR"], ["trilateral-2021"]),
        (["--kind", "visit"], ["gids-visit"]),
        (["--person", "haji-taghiyev"], ["aid-story"]),
        (["--org", "gids"], ["gids-visit"]),
        (["--limit", "1"], ["aid-story"]),
        (["--since", "2030"], []),
    ],
)
def test_timeline_options(bilat, args, expected):
    result = bilat.small("timeline", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    assert [e["id"] for e in json.loads(result.stdout)] == expected


def test_empty_result_is_empty_array_and_exit_0(bilat):
    result = bilat.small("equipment", "--category", "artillery", "--format", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "[]\n", "")
    table = bilat.small("equipment", "--category", "artillery", "--format", "table")
    assert (table.exit_code, table.stdout) == (0, "")


def test_equipment_radar(bilat):
    result = bilat.small("equipment", "--category", "radar", "--format", "table")
    assert result.exit_code == 0
    assert "JY-27A" in result.stdout and "Modern radar system" in result.stdout
    said = bilat.small("equipment", "--category", "radar", "--fields", "mentions", "-f", "table")
    assert "suggested for PK (per Mehmood ul Hassan Khan)" in " ".join(said.stdout.split())
    data = json.loads(bilat.small("equipment", "--category", "radar", "--format", "json").stdout)
    assert [e["id"] for e in data] == ["jy-27a", "modern-radar"]


@pytest.mark.parametrize(
    "args, ids",
    [
        (["--status", "offered"], ["modern-radar"]),
        (["--maker", "gids"], ["gids-shahpar"]),
        (["--country", "china"], ["jy-27a"]),
    ],
)
def test_equipment_options(bilat, args, ids):
    result = bilat.small("equipment", "--format", "json", *args)
    assert [e["id"] for e in json.loads(result.stdout)] == ids


def test_officials_orgs_statements_sources(bilat):
    people = json.loads(bilat.small("officials", "--country", "AZ", "--format", "json").stdout)
    assert [p["id"] for p in people] == ["karim-valiyev", "haji-taghiyev"]
    by_org = json.loads(bilat.small("officials", "--org", "az-army", "--format", "json").stdout)
    assert [p["id"] for p in by_org] == ["karim-valiyev"]
    orgs = json.loads(bilat.small("orgs", "--kind", "company", "--format", "json").stdout)
    assert [o["id"] for o in orgs] == ["gids"]
    said = json.loads(
        bilat.small("statements", "--by", "analyst", "--topic", "rice", "--format", "json").stdout
    )
    assert [s["id"] for s in said] == ["analyst-rice"]
    sources = bilat.small("sources")
    assert "Example Daily" in sources.stdout and "https://example.org/1" in sources.stdout


def test_officials_table_shows_latest_role(bilat):
    result = bilat.small("officials", "--format", "table")
    assert "Colonel General, Chief of the General Staff (as of May 2023)" in " ".join(
        result.stdout.split()
    )


def test_show_lists_fields_quotes_and_links(bilat):
    result = bilat.small("show", "karim-valiyev", "--format", "table")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Karim Valiyev  person karim-valiyev")
    assert "“Colonel General Karim Valiyev”" in out
    assert (
        "Example Daily, “An interview about cooperation” (24 May 2023)\n    https://example.org/1"
    ) in out
    assert "Linked from" in out and "gids-visit" in out


def test_show_json_has_linked_from(bilat):
    data = json.loads(bilat.small("show", "gids", "--format", "json").stdout)
    assert data["id"] == "gids" and data["type"] == "organization"
    assert {(link["id"], link["field"]) for link in data["linked_from"]} == {
        ("gids-visit", "participants"),
        ("gids-shahpar", "makers"),
    }


def test_show_undated_source_says_nd(bilat):
    assert (
        "Undated Weekly, “A report with no date line” (n.d.)"
        in bilat.small("show", "haji-taghiyev", "-f", "table").stdout
    )


def test_search(bilat):
    result = bilat.small("search", "Tağıyev", "--format", "json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "haji-taghiyev" and hits[0]["matched"] in ("name", "aliases")
    table = bilat.small("search", "gids", "--format", "table")
    assert table.stdout.splitlines()[0].split() == ["Type", "ID", "Name", "Matched", "in", "Match"]


def test_categories(bilat):
    result = bilat.small("categories", "--format", "json")
    rows = {c["id"]: c for c in json.loads(result.stdout)}
    assert rows["radar"]["count"] == 2 and rows["radar"]["sipri"] == "sensors"
    assert rows["small-arms"]["sipri"] == "not covered"


def test_fields_choose_and_order_keys(bilat):
    result = bilat.small("equipment", "--fields", "name,id", "--format", "json")
    assert json.loads(result.stdout)[0] == {"name": "JY-27A", "id": "jy-27a"}
    table = bilat.small("equipment", "--fields", "name,category", "--format", "table")
    assert table.stdout.splitlines()[0].split() == ["Name", "Category"]


def test_validate_clean_and_broken(bilat, tmp_path):
    ok = bilat("--no-builtin", "validate", str(SMALL))
    assert (ok.exit_code, ok.stderr) == (0, "")
    assert ok.stdout == "ok: 15 entries in 1 file, no problems\n"
    bad = write(tmp_path, '[[sources]]\nid = "x"\ntitle = 3\n')
    result = bilat("--no-builtin", "validate", str(bad))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [  # in line order, then a count
        f'bilat: error: {bad}:1: source "x": publisher: missing required field',
        f'bilat: error: {bad}:1: source "x": kind: missing required field',
        f'bilat: error: {bad}:3: source "x": title: expected a string, got an integer',
        "bilat: error: 3 problems in 1 file",
    ]


def test_validate_reports_no_cascade_and_names_the_unclosed_construct(bilat, tmp_path):
    bad = write(
        tmp_path,
        '[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\n'
        'kind = "article"\n\n[[equipment]]\nid = "x"\nname = "X"\ncategory = "radar"\n'
        '[[equipment.mentions]]\nstance = "sugested"\nsource = "s"\nquote = "q"\n',
    )
    result = bilat("--no-builtin", "validate", str(bad))
    assert result.exit_code == 1 and result.stdout == ""
    assert "sources: missing" not in result.stderr
    assert result.stderr.splitlines()[-1] == "bilat: error: 1 problem in 1 file"
    syntax = write(tmp_path, 'a = 1\nb = "abc\nc = 2\n', "syntax.toml")
    result = bilat("--no-builtin", "validate", str(syntax))
    assert result.stderr.splitlines()[0] == (
        f"bilat: error: {syntax}:2:9: TOML syntax error: unclosed string started at 2:5"
    )


def test_data_env_var_and_overlay(bilat, tmp_path):
    overlay = write(
        tmp_path,
        """
[[equipment]]
id = "extra-radar"
name = "Extra radar"
category = "radar"
sources = [{ source = "paper-1", quote = "q" }]
""",
    )
    env = {"BILAT_DATA": f"{SMALL}:{overlay}"}
    result = bilat("--no-builtin", "equipment", "--category", "radar", "--format", "json", env=env)
    assert result.exit_code == 0, result.stderr
    assert [e["id"] for e in json.loads(result.stdout)] == ["jy-27a", "modern-radar", "extra-radar"]


def test_version_names_bilat_and_the_builtin_dataset(bilat):
    import tomli

    from bilat import __version__
    from bilat.files.paths import builtin_data_path

    dataset = tomli.loads(builtin_data_path().read_text(encoding="utf-8"))["dataset"]
    result = bilat("--version")
    named = f"built-in dataset {dataset['version']} of {dataset['date'].isoformat()}"
    assert (result.exit_code, result.stdout) == (0, f"bilat {__version__}, {named}\n")


def test_every_command_has_help_with_an_example(bilat):
    from typer.main import get_command

    from bilat.cli.app import app

    for name, command in get_command(app).commands.items():
        assert command.help and "Example: bilat" in command.help, name
        result = bilat(name, "--help")
        assert result.exit_code == 0 and "Usage: bilat" in result.stdout, name


@pytest.mark.parametrize(
    "argv",
    [
        ["timeline", "--since", "2021", "-f", "json"],
        ["--no-builtin", "--data", str(SMALL), "equipment", "--category", "radar", "-f", "json"],
        [f"--data={SMALL}", "--no-builtin", "show", "gids", "-f", "json"],
        ["--no-cache", "search", "valiyev", "-f", "plain"],
        ["export", "json", "-o", "-"],
        ["--version"],
        ["--help"],
        ["show", "--help"],
        ["timelin"],
        ["show"],
        [],
        ["--data"],
        ["--bogus", "timeline"],
    ],
)
def test_console_entry_point_answers_like_the_full_app(bilat, capsys, argv):
    """main() hands Typer only the invoked command; answers must not change."""
    from bilat.cli.app import main

    code = main(argv)
    out, err = capsys.readouterr()
    full = bilat(*argv)
    assert code == full.exit_code
    if "--help" in argv or not argv:  # help is wrapped to the terminal, which differs here
        assert (out + err).startswith("Usage: bilat")
    else:
        assert (out, err) == (full.stdout, full.stderr)


def test_keep_going_skips_a_broken_data_file_with_a_warning(bilat, tmp_path):
    broken = write(
        tmp_path, '[[events]]\nid = "e"\ntitle = "E"\ndate = "2020-13-01"\n', "desk.toml"
    )
    failing = bilat("--data", str(broken), "timeline", "--fields", "id")
    assert failing.exit_code == 1 and failing.stdout == ""
    for args, env in ((("--keep-going",), None), ((), {"BILAT_KEEP_GOING": "1"})):
        result = bilat(*args, "--data", str(broken), "timeline", "--fields", "id", env=env)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == (
            f"bilat: warning: skipped {broken}: 3 problems (see `bilat validate {broken}`)\n"
        )
        assert "pk-recognizes-azerbaijan-1991" in result.stdout
    still = bilat("--keep-going", "validate", str(broken))
    assert still.exit_code == 1


def test_the_entry_point_knows_every_root_option():
    # cli._app_for walks past root options to find the command; one it did not know would
    # quietly make every run that uses it build the whole app.
    from typer.main import get_command

    from bilat.cli import app as cli

    root = get_command(cli.app)._root_options()
    # Completion options need the whole app anyway (_app_for hands them to it).
    assert {
        name: takes_value for name, takes_value in root.items() if "completion" not in name
    } == cli._ROOT_OPTIONS
