"""`validate --format json|github`, `validate DIR`, and `verify --format github`: checks that CI
understands."""

from __future__ import annotations

import json

from bilat.text import github_data, github_property

BAD = """[[people]]
id = "x"
name = "X"
country = "ZZ"
sources = [{ source = "azernews-210229", says = "Named: 100% sure,\\nor not." }]

[[events]]
id = "e"
title = "E"
date = "2023-13"
kind = "visit"
sources = [{ source = "azernews-210229", says = "A visit." }]
"""


def _bad(tmp_path, name="desk.toml"):
    path = tmp_path / name
    path.write_text(BAD, encoding="utf-8")
    return str(path)


def test_json_lists_every_problem_with_every_key(bilat, tmp_path):
    path = _bad(tmp_path)
    result = bilat("validate", path, "--format", "json")
    assert result.exit_code == 1 and result.stderr == ""
    records = json.loads(result.stdout)
    assert [list(r) for r in records] == [
        ["file", "line", "column", "entry", "kind", "field", "message"]
    ] * 2
    assert [(r["file"], r["line"], r["entry"], r["field"]) for r in records] == [
        (path, 4, "x", "country"),
        (path, 10, "e", "date"),
    ]


def test_json_is_an_empty_array_when_clean(bilat):
    result = bilat("validate", "-f", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_github_annotations_mark_each_line(bilat, tmp_path):
    path = _bad(tmp_path)
    result = bilat("validate", path, "--format", "github")
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert lines[0].startswith(f'::error file={path},line=4::person "x": country: ')
    assert lines[1].startswith(f'::error file={path},line=10::event "e": date: ')
    assert lines[2] == "2 problems in 1 file"


def test_github_escapes_what_the_runner_would_read_as_syntax():
    assert github_data("100% sure\nnext\rline") == "100%25 sure%0Anext%0Dline"
    assert github_property("C:\\desk,v2.toml") == "C%3A\\desk%2Cv2.toml"


def test_a_directory_checks_every_toml_below_it(bilat, tmp_path):
    (tmp_path / "desk" / "sub").mkdir(parents=True)
    good = (
        '[[people]]\nid = "y"\nname = "Y"\n'
        'sources = [{ source = "azernews-210229", says = "Y." }]\n'
    )
    (tmp_path / "desk" / "a.toml").write_text(good, encoding="utf-8")
    _bad(tmp_path / "desk" / "sub", "b.toml")
    (tmp_path / "desk" / "notes.txt").write_text("not data", encoding="utf-8")
    result = bilat("validate", str(tmp_path / "desk"), "-f", "json")
    files = {r["file"] for r in json.loads(result.stdout)}
    assert result.exit_code == 1 and files == {str(tmp_path / "desk" / "sub" / "b.toml")}
    clean = bilat("validate", str(tmp_path / "desk" / "a.toml"))
    assert clean.exit_code == 0 and clean.stdout.startswith("ok: ")


def test_an_empty_directory_is_a_usage_error(bilat, tmp_path):
    result = bilat("validate", str(tmp_path))
    assert result.exit_code == 2 and "a directory with no .toml file in it" in result.stderr


def test_an_unknown_validate_format(bilat):
    result = bilat("validate", "-f", "gihub")
    assert result.exit_code == 2 and 'did you mean "github"' in result.stderr


def test_verify_speaks_github_too(bilat, tmp_path):
    archive = tmp_path / "page.txt"
    archive.write_text("The minister said the talks went well.", encoding="utf-8")
    desk = tmp_path / "desk.toml"
    desk.write_text(
        '[[sources]]\nid = "page"\ntitle = "Page"\npublisher = "P"\nkind = "article"\n'
        'archive = "page.txt"\n\n'
        '[[people]]\nid = "m"\nname = "M"\n'
        'sources = [{ source = "page", quote = "the talks went badly" }]\n',
        encoding="utf-8",
    )
    result = bilat("--no-builtin", "--data", str(desk), "verify", "--format", "github")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::error file={desk},line=11::m: quote not found in page's archive")


def test_the_dataset_table_is_read_as_the_loader_reads_it(tmp_path):
    import tomli

    from bilat.files.paths import builtin_data_path, dataset_info

    table = tomli.loads(builtin_data_path().read_text(encoding="utf-8"))["dataset"]
    assert dataset_info(builtin_data_path()) == {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in table.items()
    }
    other = tmp_path / "d.toml"
    other.write_text(
        '# x\n[dataset]  # ours\nversion = "7"  # seventh\n\ndate = 2025-01-02\n'
        '[[people]]\nid = "p"\n',
        encoding="utf-8",
    )
    assert dataset_info(other) == {"version": "7", "date": "2025-01-02"}
    assert dataset_info(tmp_path / "missing.toml") == {}


def test_a_dataset_table_is_checked(bilat, tmp_path):
    path = tmp_path / "desk.toml"
    path.write_text('[dataset]\nversion = ""\ndate = "May"\nedition = 2\n', encoding="utf-8")
    result = bilat("validate", str(path), "-f", "json")
    problems = {(r["field"], r["message"]) for r in json.loads(result.stdout)}
    assert problems == {
        ("version", "must be non-empty text"),
        ("date", "must be a day, YYYY-MM-DD"),
        ("edition", 'unknown field "edition"'),
    }


def test_both_paths_print_the_same_version(capsys):
    from bilat.cli.app import main as typer_main
    from bilat.fastpath import main

    assert main(["--version"]) == 0
    fast = capsys.readouterr().out
    typer_main(["--version"])
    assert capsys.readouterr().out == fast and "built-in dataset 20" in fast
