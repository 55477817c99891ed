"""One citation module (bilat.citations): one walk over an entry's citations, one wording of a
citation, one wording of a stance — and every format that shows them agrees."""

from __future__ import annotations

import re

import pytest
from conftest import write
from test_citations import DATA

from bilat import citations
from bilat.vocab import STANCES


@pytest.fixture
def data(tmp_path):
    return write(tmp_path, DATA)


def run(bilat, data, *args):
    return bilat(*(["--no-builtin", "--data", str(data)] + list(args)))


def test_show_markdown_brackets_a_supplied_title(bilat, data):
    # `wire` has title_supplied = true: cite and the table show [Wire report on a meeting].
    result = run(bilat, data, "show", "wire", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "### \\[Wire report on a meeting\\]"
    assert "| title | \\[Wire report on a meeting\\] |" in lines


def test_show_markdown_leaves_a_printed_title_alone(bilat, data):
    lines = run(bilat, data, "show", "paper", "--format", "markdown").stdout.splitlines()
    assert lines[0] == "### An interview about cooperation"
    assert "| title | An interview about cooperation |" in lines


def test_every_stance_has_its_words():
    assert tuple(citations.STANCE_WORDS) == STANCES


def test_the_briefing_words_each_stance_once(bilat, data, tmp_path):
    page = tmp_path / "page.html"
    result = run(bilat, data, "export", "html", "--output", str(page))
    assert result.exit_code == 0, result.stderr
    stances = re.findall(r'class="stance">([^<]*)<', page.read_text(encoding="utf-8"))
    assert sorted(stances) == [  # headings: sentence case (issue #19)
        "In service",
        "In service in Azerbaijan (AZ)",
        "Offered to Azerbaijan (AZ)",
    ]


def test_the_terminal_words_a_stance_with_its_id(bilat, data):
    out = run(bilat, data, "equipment", "--format", "markdown", "--fields", "id,mentions").stdout
    assert "offered to AZ (per Ada Analyst)" in out
    assert "in-service in AZ" in out


@pytest.mark.parametrize("builtin", [True, False])
def test_the_walk_over_records_agrees_with_the_walk_over_the_model(builtin):
    from conftest import SMALL

    from bilat.load import data_paths, load_dataset
    from bilat.records import record

    dataset = load_dataset(data_paths([] if builtin else [str(SMALL)], builtin))
    walked = 0
    for entry in dataset.all_entries():
        from_model = [
            (c.via, c.label, c.source, c.quote, c.says, c.by, c.note, c.stance, c.country)
            for c in citations.walk(entry)
        ]
        from_record = [
            (c.via, c.label, c.source, c.quote, c.says, c.by, c.note, c.stance, c.country)
            for c in citations.walk_record(record(entry))
        ]
        assert from_model == from_record, entry.id
        walked += len(from_model)
    assert walked > 0


def test_the_walk_labels_roles_and_mentions_and_keeps_the_speaker(tmp_path, data):
    from bilat.load import data_paths, load_dataset

    dataset = load_dataset(data_paths([str(data)], False))
    jet = [(c.via, c.label, c.source, c.by) for c in citations.walk(dataset.by_id["jet"])]
    assert jet == [
        ("mentions[0]", "mention, in-service", "wire", None),
        ("mentions[1]", "mention, offered", "paper", "analyst"),
    ]
    meeting = [(c.via, c.label, c.by) for c in citations.walk(dataset.by_id["meeting"])]
    assert meeting == [("sources", None, "analyst"), ("sources", None, None)]
    assert list(citations.walk(dataset.by_id["wire"])) == []  # a source cites nothing


def test_one_wording_of_a_citation():
    assert citations.supplied_title("A title", True) == "[A title]"
    assert citations.supplied_title("A title", False) == "A title"
    assert citations.shown_title("A title", False) == "“A title”"
    assert citations.quoted("their words") == "“their words”"
    assert citations.paraphrased("what they said") == "paraphrase: what they said"
    assert citations.stance_text("in-service", "Pakistan (PK)") == "in service in Pakistan (PK)"
    assert citations.stance_text("in-service", "PK", words=False) == "in-service in PK"
    assert citations.stance_text("suggested") == "suggested"


def test_exports_bracket_a_supplied_title_in_their_source_label(bilat, tmp_path):
    # The most cited source names the dataset's origin in Datasette's metadata and in the
    # datapackage; a title bilat supplied is bracketed there too.
    path = write(
        tmp_path,
        """
[[sources]]
id = "wire"
title = "Wire report on a meeting"
title_supplied = true
publisher = "Example Wire"
kind = "news-report"
url = "https://example.org/wire"

[[events]]
id = "meeting"
title = "A meeting"
date = "2023-05"
kind = "meeting"
sources = [{ source = "wire", says = "The two ministers met." }]
""",
    )
    import json

    for kind, name, read in (
        ("sqlite", "db", lambda out: json.loads((out / "metadata.json").read_text())["source"]),
        (
            "csv",
            "csv",
            lambda out: json.loads((out / "datapackage.json").read_text())["sources"][0]["title"],
        ),
    ):
        out = tmp_path / name
        out.mkdir()
        target = out / "bilat.db" if kind == "sqlite" else out
        result = run(bilat, path, "export", kind, "--output", str(target))
        assert result.exit_code == 0, result.stderr
        assert read(out) == "Example Wire: [Wire report on a meeting]", kind


def test_an_in_service_mention_names_its_source_as_a_suggestion_names_its_speaker(bilat):
    """A mention with no speaker is its source's own account: the cell says whose, as a
    suggestion's says "(per Khan)"."""
    out = bilat(
        "equipment",
        "--status",
        "in-service",
        "-f",
        "table",
        "--fields",
        "id,mentions",
        env={"COLUMNS": "200"},
    )
    assert out.exit_code == 0, out.stderr
    hq9 = next(line for line in out.stdout.splitlines() if line.startswith("hq-9p "))
    assert "suggested for PK (per Mehmood ul Hassan Khan);" in hq9
    following = out.stdout.split("hq-9p ", 1)[1].split("\n\n", 1)[0]
    assert "in-service in PK (per Dawn)" in following
