"""Issue #17 §4: a quote is never printed as a source's words unless checked.

A quote its source's archive does not contain is a data problem for every command (as for
`validate`); a quote whose source has no saved copy is marked as unchecked wherever people read
it. The cached index remembers that the quotes were checked, and is not trusted once an
archive changes.
"""

from __future__ import annotations

import json

import pytest
from conftest import write

ARCHIVE = "The minister said the talks were “useful and frank” and would go on in May.\n"

DATA = """
[[sources]]
id = "paper"
title = "Talks go on"
publisher = "Example Daily"
kind = "news-report"
archive = "paper.txt"

[[sources]]
id = "page"
title = "A page"
publisher = "Example Wire"
kind = "news-report"

[[events]]
id = "talks"
title = "Talks"
date = "2023-05"
kind = "diplomatic"
sources = [{ source = "paper", quote = "the talks were \\"useful and frank\\"" }]

[[people]]
id = "expert"
name = "An Expert"
sources = [{ source = "page", quote = "an expert on the region" }]
"""

MADE_UP = """
[[events]]
id = "made-up"
title = "Made up"
date = "2023"
kind = "other"
sources = [{ source = "paper", quote = "the talks failed on every point" }]
"""

MESSAGE = (
    'event "made-up": quote not found in paper\'s archive '
    "(`bilat verify` shows the closest passage)"
)


@pytest.fixture
def data(tmp_path):
    (tmp_path / "paper.txt").write_text(ARCHIVE, encoding="utf-8")
    return write(tmp_path, DATA)


@pytest.fixture
def overlay(tmp_path):
    return write(tmp_path, MADE_UP, name="desk.toml")


def run(bilat, data, *args, extra=(), cache=True):
    files = [part for path in (data, *extra) for part in ("--data", str(path))]
    return bilat("--no-builtin", *([] if cache else ["--no-cache"]), *files, *args)


COMMANDS = [
    ("show", "talks"),
    ("show", "made-up", "-f", "json"),
    ("cite", "talks"),
    ("timeline", "-f", "json"),
]


@pytest.mark.parametrize("cache", [True, False])
@pytest.mark.parametrize("args", COMMANDS)
def test_a_quote_its_archive_lacks_fails_every_command(bilat, data, overlay, args, cache):
    result = run(bilat, data, *args, extra=[overlay], cache=cache)
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == f"bilat: error: {overlay}:7: {MESSAGE}"
    # The same line validate gives.
    validated = run(bilat, data, "validate", extra=[overlay])
    assert validated.stderr.splitlines()[0] == result.stderr.splitlines()[0]


def test_the_json_export_refuses_it_too(bilat, data, overlay, tmp_path):
    target = tmp_path / "out.json"
    result = run(bilat, data, "export", "json", "-o", str(target), extra=[overlay])
    assert result.exit_code == 1
    assert f"{overlay}:7: {MESSAGE}" in result.stderr
    assert not target.exists()


def test_a_desk_file_on_the_built_in_data_is_checked(bilat, tmp_path):
    desk = write(
        tmp_path,
        '[[events]]\nid = "made-up"\ntitle = "Made up"\ndate = "2023"\nkind = "other"\n'
        'sources = [{ source = "azernews-210229", quote = "never printed in that article" }]\n',
        name="desk.toml",
    )
    result = bilat("--data", str(desk), "show", "karim-valiyev", "-f", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f'bilat: error: {desk}:6: event "made-up": quote not found')


@pytest.mark.parametrize("cache", [True, False])
def test_keep_going_skips_the_file_with_the_bad_quote(bilat, data, overlay, cache):
    result = run(
        bilat, data, "--keep-going", "timeline", "-f", "json", extra=[overlay], cache=cache
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"bilat: warning: skipped {overlay}: 1 problem (see `bilat validate {overlay}`)\n"
    )
    assert [e["id"] for e in json.loads(result.stdout)] == ["talks"]


def test_editing_the_archive_changes_the_next_warm_answer(bilat, data, overlay, tmp_path):
    archive = tmp_path / "paper.txt"
    for _ in range(2):  # cold, then warm: the index must not answer for a changed archive
        assert run(bilat, data, "show", "made-up", "-f", "json", extra=[overlay]).exit_code == 1
    archive.write_text(ARCHIVE + "In the end the talks failed on every point.\n", "utf-8")
    for _ in range(2):
        result = run(bilat, data, "show", "made-up", "-f", "json", extra=[overlay])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["id"] == "made-up"
    assert (
        run(bilat, data, "show", "made-up", "-f", "json", extra=[overlay], cache=False).exit_code
        == 0
    )  # noqa: E501
    archive.write_text(ARCHIVE, "utf-8")  # the words are lost again
    for cache in (True, False, True):
        result = run(bilat, data, "show", "made-up", "-f", "json", extra=[overlay], cache=cache)
        assert result.exit_code == 1
        assert f"{overlay}:7: {MESSAGE}" in result.stderr


def test_a_same_size_edit_of_the_archive_is_seen(bilat, data, tmp_path):
    assert run(bilat, data, "show", "talks").exit_code == 0
    assert run(bilat, data, "show", "talks").exit_code == 0  # warm
    archive = tmp_path / "paper.txt"
    archive.write_text(ARCHIVE.replace("useful", "USEFUL"), "utf-8")  # same size, same second
    result = run(bilat, data, "show", "talks")
    assert result.exit_code == 1
    assert 'event "talks": quote not found in paper\'s archive' in result.stderr


@pytest.mark.parametrize("unquoted", [None, "missing.txt", "../outside.txt"])
def test_a_warm_run_does_not_check_quotes_again(bilat, data, monkeypatch, unquoted):
    if unquoted:  # an archive no quote needs (not saved yet, or out of bounds) is no problem
        spare = '[[sources]]\nid = "spare"\ntitle = "S"\npublisher = "P"\nkind = "other"\n'
        data.write_text(data.read_text("utf-8") + spare + f'archive = "{unquoted}"\n', "utf-8")
    assert run(bilat, data, "show", "talks", "-f", "json").exit_code == 0  # writes the index
    from bilat.verify import check

    def refuse(*args, **kwargs):
        raise AssertionError("quotes checked again on a warm run")

    monkeypatch.setattr(check, "verify_files", refuse)
    result = run(bilat, data, "show", "talks", "-f", "json")
    assert result.exit_code == 0, result.stderr


def test_a_removed_archive_is_a_problem_on_the_next_warm_run(bilat, data, tmp_path):
    assert run(bilat, data, "show", "talks").exit_code == 0
    (tmp_path / "paper.txt").unlink()
    result = run(bilat, data, "show", "talks")
    assert result.exit_code == 1
    assert "paper.txt" in result.stderr and "Traceback" not in result.stderr


# -- an unchecked quote is marked wherever people read it --

UNCHECKED = "unchecked: no saved copy of the source"
MARK = f"[{UNCHECKED}]"


def test_cite_marks_a_quote_with_no_saved_copy(bilat, data):
    plain = run(bilat, data, "cite", "expert", "talks")
    assert plain.exit_code == 0, plain.stderr
    lines = plain.stdout.splitlines()
    assert lines[0].endswith(f": “an expert on the region” {MARK}")
    assert lines[1].endswith(': “the talks were "useful and frank"”')  # checked: unmarked
    markdown = run(bilat, data, "cite", "expert", "--style", "markdown").stdout
    assert "“an expert on the region” \\[unchecked: no saved copy of the source\\]" in markdown


def test_show_marks_it_in_the_table_and_markdown(bilat, data):
    table = run(bilat, data, "show", "expert", "-f", "table").stdout
    assert "“an expert on the region”" in table and "[unchecked: no saved" in table
    markdown = run(bilat, data, "show", "expert", "-f", "markdown").stdout
    assert "\\[unchecked: no saved copy of the source\\]" in markdown
    checked = run(bilat, data, "show", "talks", "-f", "markdown").stdout
    assert "unchecked" not in checked


def test_the_statements_table_marks_it(bilat, tmp_path, data):
    desk = write(
        tmp_path,
        '[[statements]]\nid = "s"\nby = "expert"\nsummary = "S."\n'
        'sources = [{ source = "page", quote = "we will meet again soon", by = "expert" }]\n',
        name="said.toml",
    )
    result = run(bilat, data, "statements", "-f", "table", extra=[desk])
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "“we will meet again soon” [unchecked: no saved copy of the source]" in text


def test_the_json_record_is_unchanged(bilat, data):
    # Whether a quote was checked is data already: its source's `archive` (every command
    # refuses data whose archived quotes are not found).
    record = json.loads(run(bilat, data, "show", "expert", "-f", "json").stdout)
    assert record["sources"] == [
        {
            "source": "page",
            "quote": "an expert on the region",
            "says": None,
            "by": None,
            "note": None,
        }
    ]


def test_the_html_briefing_and_timelinejs_mark_it(bilat, data, tmp_path):
    desk = write(
        tmp_path,
        '[[events]]\nid = "visit"\ntitle = "Visit"\ndate = "2023-06"\nkind = "diplomatic"\n'
        'sources = [{ source = "page", quote = "the visit went ahead" }]\n',
        name="visit.toml",
    )
    page = tmp_path / "b.html"
    assert run(bilat, data, "export", "html", "-o", str(page), extra=[desk]).exit_code == 0
    figures = page.read_text("utf-8").split('<figure class="citation quote">')[1:]
    marked = {f.split("<p>")[1].split("</p>")[0] for f in figures if UNCHECKED in f}
    assert marked == {"the visit went ahead", "an expert on the region"}
    assert len(figures) == 3  # the checked quote (the talks) is not marked
    timeline = tmp_path / "t.json"
    assert (
        run(bilat, data, "export", "timelinejs", "-o", str(timeline), extra=[desk]).exit_code == 0
    )  # noqa: E501
    texts = [e["text"]["text"] for e in json.loads(timeline.read_text("utf-8"))["events"]]
    marked = [t for t in texts if UNCHECKED in t]
    assert len(marked) == 1 and "the visit went ahead" in marked[0]


def test_verify_strict_still_fails_on_unarchived_quotes(bilat, data):
    assert run(bilat, data, "verify").exit_code == 0
    assert run(bilat, data, "verify", "--strict").exit_code == 1


def test_csl_json_notes_mark_it(bilat, data):
    result = run(bilat, data, "cite", "expert", "talks", "-f", "csl-json")
    assert result.exit_code == 0, result.stderr
    notes = {item["id"]: item["note"] for item in json.loads(result.stdout)}
    assert notes["page"] == f"expert: “an expert on the region” {MARK}"
    assert notes["paper"] == 'talks: “the talks were "useful and frank"”'


def test_data_whose_only_archive_is_unsaved_is_still_cached(bilat, tmp_path, monkeypatch):
    lone = write(
        tmp_path,
        '[[sources]]\nid = "spare"\ntitle = "S"\npublisher = "P"\nkind = "other"\n'
        'archive = "not-yet.txt"\n',
    )
    assert bilat("--no-builtin", "--data", str(lone), "sources").exit_code == 0
    from bilat.verify import check

    monkeypatch.setattr(check, "verify_files", lambda *a, **k: pytest.fail("checked again"))
    assert bilat("--no-builtin", "--data", str(lone), "sources").exit_code == 0


def test_the_index_serves_a_run_from_another_folder(bilat, data, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(tmp_path)
    assert bilat("--no-builtin", "--data", data.name, "show", "talks").exit_code == 0
    monkeypatch.chdir(elsewhere)
    from bilat.verify import check

    monkeypatch.setattr(check, "verify_files", lambda *a, **k: pytest.fail("checked again"))
    result = bilat("--no-builtin", "--data", f"../{data.name}", "show", "talks")
    assert result.exit_code == 0, result.stderr
