"""[[amend]]: a desk file adds to an entry defined in another file (the built-in data
included), and every record says where it is defined and which files amended it."""

from __future__ import annotations

import json
import os

import pytest
from conftest import write

BUILTIN = "<built-in>/entries.toml"

DESK = """\
[[amend]]
id = "karim-valiyev"
aliases = ["Kerim Veliyev (desk)"]
roles = [{ title = "Desk-reported post", as_of = "2025-08", sources = [
  { source = "azernews-210229", says = "The desk's paraphrase of the new post." },
] }]
sources = [{ source = "azernews-210196", says = "The desk's own reading of the report." }]
"""


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """The desk file, named relative to the current directory as a newsroom would give it."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, DESK, "desk.toml")
    return "desk.toml"


def run(bilat, *args):
    result = bilat(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_role_and_alias_added_to_a_builtin_person_reach_every_output(bilat, desk, tmp_path):
    cold = run(bilat, "--data", desk, "show", "karim-valiyev", "-f", "json")
    warm = run(bilat, "--data", desk, "show", "karim-valiyev", "-f", "json")  # from the index
    uncached = run(bilat, "--no-cache", "--data", desk, "show", "karim-valiyev", "-f", "json")
    assert cold == warm == uncached
    shown = json.loads(warm)
    assert "Kerim Veliyev (desk)" in shown["aliases"]
    assert shown["roles"][-1]["title"] == "Desk-reported post"
    assert shown["sources"][-1]["says"] == "The desk's own reading of the report."
    defined = shown["defined"]
    assert defined["file"] == BUILTIN and isinstance(defined["line"], int)
    # A file is named by its full path, so that every spelling of it answers alike.
    full = os.path.realpath(tmp_path / "desk.toml")
    assert defined["amended"] == [
        {"file": full, "line": 1, "fields": ["aliases", "roles", "sources"]}
    ]
    # The built-in line is the person's [[people]] header.
    from bilat.files.paths import builtin_data_path

    lines = builtin_data_path().read_text(encoding="utf-8").splitlines()
    assert lines[defined["line"] - 1].strip() == "[[people]]"
    assert lines[defined["line"]].strip() == 'id = "karim-valiyev"'

    for args in (["officials", "-f", "json"], ["officials", "--country", "AZ", "-f", "json"]):
        people = {p["id"]: p for p in json.loads(run(bilat, "--data", desk, *args))}
        assert people["karim-valiyev"] == {k: v for k, v in shown.items() if k != "linked_from"}
    assert "Desk-reported post" in run(bilat, "--data", desk, "officials", "-f", "plain")

    # Search finds what an amendment added, from the index and from the files alike.
    for cache in ([], ["--no-cache"]):
        hits = json.loads(
            run(bilat, *cache, "--data", desk, "search", "desk-reported", "-f", "json")
        )
        assert [h["id"] for h in hits] == ["karim-valiyev"]

    card = run(bilat, "--data", desk, "show", "karim-valiyev", "-f", "markdown")
    assert f"Defined in \\<built-in\\>/entries.toml:{defined['line']}; amended by " in card
    assert "desk.toml:1 (aliases, roles, sources)" in card
    table = run(bilat, "--data", desk, "show", "karim-valiyev", "-f", "table")
    assert "desk.toml:1 (aliases, roles, sources)" in table
    assert "Desk-reported post" in table

    run(bilat, "--data", desk, "export", "json", "-o", "all.json")
    exported = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    [person] = [p for p in exported["people"] if p["id"] == "karim-valiyev"]
    assert person["defined"] == defined
    # An entry no file amends says only where it is defined.
    munir = json.loads(run(bilat, "--data", desk, "show", "syed-asim-munir", "-f", "json"))
    assert munir["defined"]["file"] == BUILTIN and munir["defined"]["amended"] == []


def test_every_spelling_of_a_file_answers_alike_with_or_without_the_cache(bilat, desk, tmp_path):
    answers = set()
    for name in ("desk.toml", "./desk.toml", str(tmp_path / "desk.toml"), "desk.toml"):
        args = ("--data", name, "show", "karim-valiyev", "-f", "json")
        cached, uncached = run(bilat, *args), run(bilat, "--no-cache", *args)
        assert cached == uncached
        answers.add(cached)
    [answer] = answers
    assert json.loads(answer)["defined"]["amended"][0]["file"] == os.path.realpath(
        tmp_path / "desk.toml"
    )
    # The card names it as it would be typed here.
    card = run(bilat, "--data", "desk.toml", "show", "karim-valiyev", "-f", "markdown")
    assert "amended by desk.toml:1 (aliases, roles, sources)" in card


def test_amendments_apply_in_file_order_even_before_the_file_that_defines_the_entry(
    bilat, tmp_path
):
    first = write(
        tmp_path,
        '[[amend]]\nid = "desk-person"\naliases = ["D. P."]\nnotes = "From the first file."\n',
        "a.toml",
    )
    second = write(
        tmp_path,
        '[[people]]\nid = "desk-person"\nname = "Desk Person"\nnotes = "Own note."\n'
        'sources = [{ source = "azernews-210229", says = "Named in the piece." }]\n\n'
        '[[amend]]\nid = "desk-person"\naliases = ["Desk P."]\nnotes = "From the second."\n',
        "b.toml",
    )
    shown = json.loads(
        run(bilat, "--data", str(first), "--data", str(second), "show", "desk-person", "-f", "json")
    )
    assert shown["aliases"] == ["D. P.", "Desk P."]
    assert shown["notes"] == "Own note.\n\nFrom the first file.\n\nFrom the second."
    first, second = os.path.realpath(first), os.path.realpath(second)
    assert shown["defined"] == {
        "file": second,
        "line": 1,
        "amended": [
            {"file": first, "line": 1, "fields": ["aliases", "notes"]},
            {"file": second, "line": 7, "fields": ["aliases", "notes"]},
        ],
    }


def errors(bilat, tmp_path, text: str, *args: str):
    path = write(tmp_path, text, "desk.toml")
    result = bilat("--data", str(path), *(args or ("validate",)))
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    return str(path), result.stderr


def test_an_unknown_id_is_an_error_with_a_did_you_mean(bilat, tmp_path):
    path, stderr = errors(bilat, tmp_path, '\n[[amend]]\nid = "karim-valiyv"\naliases = ["K"]\n')
    assert f'{path}:3: amend "karim-valiyv": id: unknown id "karim-valiyv"' in stderr
    assert 'did you mean "karim-valiyev"?' in stderr
    # Any command, not only validate, refuses the data.
    assert errors(bilat, tmp_path, '[[amend]]\nid = "karim-valiyv"\naliases = ["K"]\n', "officials")


def test_changing_a_single_value_needs_replace_and_a_citation(bilat, tmp_path):
    path, stderr = errors(
        bilat, tmp_path, '[[amend]]\nid = "karim-valiyev"\ncountry = "PK"\n', "validate"
    )
    assert f'{path}:3: amend "karim-valiyev": country: would change country from "AZ"' in stderr
    assert 'replace = ["country"]' in stderr
    path, stderr = errors(
        bilat,
        tmp_path,
        '[[amend]]\nid = "karim-valiyev"\nreplace = ["country"]\ncountry = "PK"\n',
    )
    assert f'{path}:3: amend "karim-valiyev": replace: replacing country needs a citation' in stderr
    path, stderr = errors(
        bilat,
        tmp_path,
        '[[amend]]\nid = "karim-valiyev"\nreplace = ["aliases", "countri"]\ncountry = "PK"\n'
        'sources = [{ source = "azernews-210229", says = "x" }]\n',
    )
    assert 'replace[0]: "aliases" is added to, not replaced' in stderr
    assert 'replace[1]: unknown field "countri" (did you mean "country"?)' in stderr


def test_a_replacing_amendment_with_its_citation_changes_the_value(bilat, tmp_path):
    desk = write(
        tmp_path,
        '[[amend]]\nid = "taghiyev-aid-to-pakistan"\nreplace = ["date", "confidence"]\n'
        'date = "2023-05-24"\nconfidence = "verified"\ndescription_typo = 1\n',
        "bad.toml",
    )
    result = bilat("--data", str(desk), "validate")
    assert result.exit_code == 1
    assert "description_typo: unknown field for an event" in result.stderr
    assert "replacing date, confidence needs a citation" in result.stderr
    desk.write_text(
        '[[amend]]\nid = "taghiyev-aid-to-pakistan"\nreplace = ["date"]\n'
        'date = "2023-05-24"\n'
        'sources = [{ source = "azernews-210196", says = "The desk dates the visit." }]\n',
        encoding="utf-8",
    )
    shown = json.loads(
        run(bilat, "--data", str(desk), "show", "taghiyev-aid-to-pakistan", "-f", "json")
    )
    assert shown["date"] == "2023-05-24"
    assert shown["defined"]["amended"][0]["fields"] == ["date", "sources"]
    timeline = json.loads(
        run(
            bilat,
            "--data",
            str(desk),
            "timeline",
            "--since",
            "2023-05-24",
            "--until",
            "2023-05-24",
            "-f",
            "json",
        )
    )
    assert "taghiyev-aid-to-pakistan" in [e["id"] for e in timeline]


def test_setting_a_value_the_entry_does_not_have_needs_no_replace(bilat, tmp_path):
    desk = write(
        tmp_path,
        '[[amend]]\nid = "taghiyev-aid-to-pakistan"\nlocation = "Baku (desk)"\n',
    )
    before = json.loads(run(bilat, "show", "taghiyev-aid-to-pakistan", "-f", "json"))
    assert before["location"] is None  # the test's premise: the built-in event has none
    shown = json.loads(
        run(bilat, "--data", str(desk), "show", "taghiyev-aid-to-pakistan", "-f", "json")
    )
    assert shown["location"] == "Baku (desk)"


@pytest.mark.parametrize(
    "body, where, message",
    [
        (
            'roles = [{ title = "T", as_of = "2025-13", sources = [] }]',
            "roles[0].as_of",
            "2025-13",
        ),
        (
            'sources = [{ source = "azernews-210229", quote = "q", says = "s" }]',
            "sources[0]",
            'has both "quote" and "says"',
        ),
        (
            'sources = [{ source = "azernews-21029", says = "s" }]',
            "sources[0].source",
            'unknown id "azernews-21029" (did you mean "azernews-210229"?)',
        ),
        ('roles = [{ title = "T", as_of = "2025", organization = "gids" }]', "", ""),
        ('aliases = "one alias"', "aliases", "expected an array, got a string"),
        ('country = "Narnia"', "country", 'unknown country "Narnia"'),
        (
            'roles = [{ title = "T", as_of = "2025", organization = "karim-valiyev" }]',
            "roles[0].organization",
            '"karim-valiyev" is a person; expected organization',
        ),
    ],
)
def test_a_bad_value_inside_an_amendment_names_file_line_entry_and_field(
    bilat, tmp_path, body, where, message
):
    text = f'# a desk file\n[[amend]]\nid = "karim-valiyev"\n{body}\n'
    path = write(tmp_path, text, "desk.toml")
    result = bilat("--data", str(path), "validate")
    if not where:  # a sound amendment: the control case
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f'{path}:4: amend "karim-valiyev": {where}: ' in result.stderr
    assert message in result.stderr


def test_a_duplicate_item_is_ignored_and_validate_says_so(bilat, tmp_path):
    desk = write(
        tmp_path,
        '[[amend]]\nid = "karim-valiyev"\naliases = ["Kerim Veliyev (desk)"]\n\n'
        '[[amend]]\nid = "karim-valiyev"\naliases = ["Kerim Veliyev (desk)", "Another"]\n',
    )
    shown = json.loads(run(bilat, "--data", str(desk), "show", "karim-valiyev", "-f", "json"))
    assert shown["aliases"].count("Kerim Veliyev (desk)") == 1
    assert "Another" in shown["aliases"]
    assert [a["line"] for a in shown["defined"]["amended"]] == [1, 5]
    # An amendment that adds nothing new is not named as having contributed.
    desk.write_text(
        '[[amend]]\nid = "karim-valiyev"\nnotes = "Kept."\n\n'
        '[[amend]]\nid = "karim-valiyev"\naliases = ["Karim Valiyev (x)", "Karim Valiyev (x)"]\n'
        '\n[[amend]]\nid = "karim-valiyev"\naliases = ["Karim Valiyev (x)"]\n',
        encoding="utf-8",
    )
    shown = json.loads(run(bilat, "--data", str(desk), "show", "karim-valiyev", "-f", "json"))
    assert [(a["line"], a["fields"]) for a in shown["defined"]["amended"]] == [
        (1, ["notes"]),
        (5, ["aliases"]),
    ]
    result = bilat("--data", str(desk), "validate")
    assert result.exit_code == 0
    for line, item in ((7, 1), (11, 0)):
        notice = f'{desk}:{line}: amend "karim-valiyev": aliases[{item}]: already in the entry'
        assert notice + ": ignored" in result.stderr


def test_an_amendment_that_adds_nothing_or_lacks_an_id_is_an_error(bilat, tmp_path):
    path, stderr = errors(bilat, tmp_path, '[[amend]]\nid = "karim-valiyev"\n')
    assert "the amendment adds nothing" in stderr
    path, stderr = errors(bilat, tmp_path, '[[amend]]\naliases = ["x"]\n')
    assert f"{path}:1: amend #1: id: missing required field" in stderr
    path, stderr = errors(bilat, tmp_path, '[[amend]]\nid = "azernews-210229"\narchive = "x.txt"\n')
    assert "archive: cannot be amended" in stderr
    path, stderr = errors(bilat, tmp_path, "amend = 3\n")
    assert '"amend" must be an array of tables ([[amend]])' in stderr


def test_diff_of_two_desk_versions_shows_what_an_amendment_changed(bilat, tmp_path):
    old = write(tmp_path, '[[amend]]\nid = "karim-valiyev"\naliases = ["Old alias"]\n', "old.toml")
    new = write(
        tmp_path,
        DESK.replace('"Kerim Veliyev (desk)"', '"Old alias", "New alias"'),
        "new.toml",
    )
    result = bilat("diff", str(old), str(new))
    assert result.exit_code == 1, result.stderr
    assert "changed person karim-valiyev — Karim Valiyev" in result.stdout
    assert "  aliases: added New alias" in result.stdout
    assert "added role" in result.stdout or "roles" in result.stdout
    assert "defined" not in result.stdout  # where a file is is not a change of the data
    same = bilat("diff", str(old), str(old))
    assert same.exit_code == 0, same.stdout


def test_the_json_schema_describes_amend(tmp_path):
    import jsonschema
    import tomli

    from bilat.export.json_schema import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    assert not list(validator.iter_errors(tomli.loads(DESK)))
    unknown = tomli.loads('[[amend]]\nid = "x"\nalias = ["y"]\n')
    assert list(validator.iter_errors(unknown))
    uncited = tomli.loads('[[amend]]\nid = "x"\nreplace = ["date"]\ndate = "2020"\n')
    assert list(validator.iter_errors(uncited))
    no_id = tomli.loads('[[amend]]\naliases = ["y"]\n')
    assert list(validator.iter_errors(no_id))
    cited = '\nsources = [{ source = "s", says = "x" }]\n'
    replaced = tomli.loads('[[amend]]\nid = "x"\nreplace = ["date"]\ndate = "2020"' + cited)
    assert not list(validator.iter_errors(replaced))
    a_list = tomli.loads('[[amend]]\nid = "x"\nreplace = ["aliases"]\naliases = ["y"]' + cited)
    assert list(validator.iter_errors(a_list))


def test_verify_checks_the_quotes_an_amendment_adds(bilat, tmp_path):
    (tmp_path / "paper.txt").write_text("The minister visited Baku in May.\n", encoding="utf-8")
    data = write(
        tmp_path,
        '[[sources]]\nid = "paper"\ntitle = "T"\npublisher = "P"\nkind = "article"\n'
        'archive = "paper.txt"\n\n[[people]]\nid = "minister"\nname = "The Minister"\n'
        'sources = [{ source = "paper", quote = "The minister visited Baku" }]\n',
    )
    desk = write(
        tmp_path,
        '[[amend]]\nid = "minister"\n'
        'sources = [{ source = "paper", quote = "The minister never went to Baku" }]\n',
        "desk.toml",
    )
    result = bilat("--no-builtin", "--data", str(data), "--data", str(desk), "verify")
    assert result.exit_code == 1
    assert f"{desk}:3: minister: quote not found in paper's archive" in result.stdout


def test_a_hostile_file_name_cannot_drive_the_terminal_from_the_card(bilat, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "desk\x1b[2J.toml"
    write(tmp_path, DESK, name)
    for fmt in ("table", "markdown"):
        card = run(bilat, "--data", name, "show", "karim-valiyev", "-f", fmt)
        assert "\x1b" not in card
        if fmt == "table":
            assert "desk\\x1b[2J.toml:1" in card
