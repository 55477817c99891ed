"""`bilat diff OLD NEW`: what changed between two versions of a dataset."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from conftest import SMALL
from hypothesis import given
from hypothesis import strategies as st

from bilat.diff.words import ADDED, REMOVED, SAME, marked, word_diff
from bilat.render.views import Output

OLD = SMALL.read_text(encoding="utf-8")


def _edited(text: str) -> str:
    return (
        text.replace(
            'date = "2021-01"\nkind = "agreement"', 'date = "2021-01-13"\nkind = "agreement"'
        )
        .replace(
            'sources = [{ source = "paper-1", quote = "Karim Valiyev visited" }]',
            'sources = [{ source = "paper-1", quote = "Karim Valiyev visited Pakistan" }, '
            '{ source = "undated-report", says = "The report names him as a visitor." }]',
        )
        .replace('aliases = ["Tagiyev", "Tağıyev"]', 'aliases = ["Tagiyev", "Tağıyev", "Taghiev"]')
        .replace('[[events]]\nid = "recognition"', '[[events]]\nid = "recognised"')
        .replace(
            'summary = "A [bold]delegation[/] visit."',
            'summary = "A [bold]delegation[/] visit to the headquarters of the company, '
            'reported by the paper in May."',
        )
    )


def _pair(tmp_path, old: str = OLD, new: str | None = None):
    (tmp_path / "old.toml").write_text(old, encoding="utf-8")
    (tmp_path / "new.toml").write_text(_edited(old) if new is None else new, encoding="utf-8")
    return str(tmp_path / "old.toml"), str(tmp_path / "new.toml")


def test_the_same_data_exits_0(bilat, tmp_path):
    old, new = _pair(tmp_path, new=OLD)
    result = bilat("--no-builtin", "diff", old, new)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "no differences (15 entries)\n",
        "",
    )


def test_what_changed_field_by_field(bilat, tmp_path):
    old, new = _pair(tmp_path)
    result = bilat("--no-builtin", "diff", old, new)
    assert result.exit_code == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "1 added, 1 removed, 4 changed (of 15 entries before, 15 after)"
    text = result.stdout
    assert (
        "changed person karim-valiyev — Karim Valiyev\n"
        "  sources:\n"
        "    changed citation of paper-1\n"
        "      quote: “Karim Valiyev visited” → “Karim Valiyev visited Pakistan”\n"
        "    added citation of undated-report: paraphrase: The report names him as a visitor.\n"
    ) in text
    assert "  aliases: added Taghiev\n" in text
    assert "  date: made more precise: 2021-01 → 2021-01-13\n" in text
    assert "added event recognised — " in text and "removed event recognition — " in text
    assert "of the {+company, reported by the paper in May.+}" in text or "[-" in text


def test_a_date_made_less_precise_says_so(bilat, tmp_path):
    old, new = _pair(tmp_path, new=OLD.replace('date = "2021-01"\n', 'date = "2021"\n'))
    assert (
        "  date: made less precise: 2021-01 → 2021\n"
        in bilat("--no-builtin", "diff", old, new).stdout
    )


def test_a_long_text_shows_the_words_that_changed(bilat, tmp_path):
    before = OLD.replace(
        'summary = "A [bold]delegation[/] visit."',
        'summary = "A delegation visit to the headquarters of the firm, reported in May."',
    )
    after = before.replace("of the firm,", "of the company,")
    old, new = _pair(tmp_path, old=before, new=after)
    result = bilat("--no-builtin", "diff", old, new)
    assert (
        "  summary: A delegation visit to the headquarters of the [-firm,-] {+company,+} "
        "reported in May.\n"
    ) in result.stdout


def test_json_holds_every_key(bilat, tmp_path):
    old, new = _pair(tmp_path)
    result = bilat("--no-builtin", "diff", old, new, "--format", "json")
    document = json.loads(result.stdout)
    assert result.exit_code == 1
    assert list(document) == ["old", "new", "summary", "entries"]
    assert document["summary"] == {"added": 1, "removed": 1, "changed": 4}
    assert document["old"] == {"files": [old], "entries": 15}
    entry = next(e for e in document["entries"] if e["id"] == "trilateral-2021")
    assert list(entry) == ["id", "type", "name", "status", "fields"]
    assert entry["fields"] == [
        {
            "field": "date",
            "change": "made more precise",
            "old": "2021-01",
            "new": "2021-01-13",
            "added": [],
            "removed": [],
            "items": [],
        }
    ]
    person = next(e for e in document["entries"] if e["id"] == "karim-valiyev")
    items = person["fields"][0]["items"]
    assert [(i["change"], i["key"]) for i in items] == [
        ("changed", ["paper-1"]),
        ("added", ["undated-report"]),
    ]
    assert items[0]["fields"][0]["field"] == "quote"


def test_ndjson_is_one_entry_a_line(bilat, tmp_path):
    old, new = _pair(tmp_path)
    lines = bilat("--no-builtin", "diff", old, new, "-f", "ndjson").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [
        "karim-valiyev",
        "haji-taghiyev",
        "recognised",
        "trilateral-2021",
        "gids-visit",
        "recognition",
    ]


def test_markdown_is_a_corrections_page_of_lists(bilat, tmp_path):
    before = OLD.replace(
        'summary = "A [bold]delegation[/] visit."',
        'summary = "A delegation visit to the headquarters of the firm, reported in May."',
    )
    old, new = _pair(tmp_path, old=before, new=before.replace("the firm", "the company"))
    page = bilat("--no-builtin", "diff", old, new, "-f", "markdown").stdout
    assert page.startswith("# Corrections\n\n0 added, 0 removed, 1 changed")
    assert "## Changed\n\n- **gids-visit** (event) — Valiyev visits GIDS headquarters\n" in page
    assert (
        "  - summary: A delegation visit to the headquarters of the ~~firm,~~ **company,**" in page
    )


def test_a_broken_file_is_trouble_not_a_difference(bilat, tmp_path):
    old, new = _pair(tmp_path, new=OLD.replace('kind = "interview"', 'kind = "intervew"'))
    result = bilat("--no-builtin", "diff", old, new)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f'bilat: error: {new}:7: source "paper-1": kind:')


def test_a_missing_file_and_an_unknown_format(bilat, tmp_path):
    old, _ = _pair(tmp_path)
    missing = bilat("--no-builtin", "diff", old, str(tmp_path / "gone.toml"))
    assert missing.exit_code == 2 and "gone.toml: no such file" in missing.stderr
    wrong = bilat("--no-builtin", "diff", old, old, "-f", "jsn")
    assert wrong.exit_code == 2 and 'did you mean "json"' in wrong.stderr


def test_directories_compare_every_toml_below_them(bilat, tmp_path):
    for name, text in (("a", OLD), ("b", _edited(OLD))):
        (tmp_path / name / "desk").mkdir(parents=True)
        (tmp_path / name / "desk" / "data.toml").write_text(text, encoding="utf-8")
    result = bilat("--no-builtin", "diff", str(tmp_path / "a"), str(tmp_path / "b"))
    assert result.exit_code == 1 and "made more precise" in result.stdout


def test_desk_files_on_top_of_the_builtin_data(bilat, tmp_path):
    desk = (
        '[[events]]\nid = "desk-visit"\ntitle = "A desk visit"\ndate = "2024"\n'
        'kind = "visit"\nparticipants = ["karim-valiyev"]\n'
        'sources = [{ source = "azernews-210229", says = "A visit." }]\n'
    )
    old, new = _pair(tmp_path, old=desk, new=desk.replace('"2024"', '"2024-03"'))
    result = bilat("diff", old, new)
    assert result.exit_code == 1
    assert "changed event desk-visit — A desk visit\n  date: made more precise" in result.stdout


def test_an_old_version_through_a_pipe(tmp_path):
    old, new = _pair(tmp_path)
    command = f'"{sys.executable}" -m bilat --no-builtin diff <(cat "{old}") "{new}" -f json'
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["summary"] == {"added": 1, "removed": 1, "changed": 4}


def test_on_a_terminal_lines_fit_and_words_stay_whole(tmp_path):
    from bilat.diff.compare import compare
    from bilat.diff.report import write_text
    from bilat.load import load_dataset

    long = "https://example.org/" + "a-very-long-path/" * 6
    before = OLD.replace('summary = "A [bold]delegation[/] visit."', f'summary = "See {long} now."')
    old, new = _pair(tmp_path, old=before, new=_edited(before).replace("See ", "Read "))
    comparison = compare(
        load_dataset([(old, __import__("pathlib").Path(old))]),
        load_dataset([(new, __import__("pathlib").Path(new))]),
    )
    stream = io.StringIO()
    write_text(comparison, Output(stream, is_terminal=True, color=False, width=40))
    lines = stream.getvalue().splitlines()
    assert all(len(line) <= 40 for line in lines if long not in line)
    assert any(long in line for line in lines)  # the URL whole, alone on its line
    words = set(stream.getvalue().split())
    assert {"Karim", "Valiyev", "karim-valiyev", "trilateral-2021"} <= words


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d,", "e."]), max_size=12),
    st.lists(st.sampled_from(["a", "b", "c", "d,", "e."]), max_size=12),
)
def test_word_diff_rebuilds_both_texts(old_words, new_words):
    old, new = " ".join(old_words), " ".join(new_words)
    runs = word_diff(old, new)
    assert " ".join(t for op, t in runs if op in (SAME, ADDED)).split() == new.split()
    assert " ".join(t for op, t in runs if op in (SAME, REMOVED)).split() == old.split()
    # every word of either text appears whole in the marked line
    assert len(marked(runs).split()) >= len(runs)
    if old == new:
        assert "[-" not in marked(runs) and "{+" not in marked(runs)


def test_only_a_quote_is_shown_in_quotation_marks(bilat, tmp_path):
    """bilat's own words (a summary, a title) are data in the report, never "quoted"."""
    before = OLD.replace('summary = "A [bold]delegation[/] visit."', 'summary = "A visit."')
    old, new = _pair(tmp_path, old=before, new=before.replace("A visit.", "A short visit."))
    out = bilat("--no-builtin", "diff", old, new).stdout
    assert "  summary: A visit. → A short visit.\n" in out
    assert '"' not in out and "“" not in out


def test_an_added_role_reads_as_a_role_with_its_citation(bilat, tmp_path):
    role = (
        'roles = [{ title = "Patron", as_of = "2025-08", sources = [{ source = "paper-1", '
        'says = "A test role." }] }]\n'
    )
    before = OLD
    after = OLD.replace('[[people]]\nid = "analyst"\n', f'[[people]]\nid = "analyst"\n{role}')
    old, new = _pair(tmp_path, old=before, new=after)
    out = bilat("--no-builtin", "diff", old, new).stdout
    assert (
        "    added role (Patron): title Patron; as_of 2025-08; "
        "cited to paper-1, paraphrase: A test role.\n"
    ) in out
    assert "{" not in out
