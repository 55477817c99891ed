"""Citations a fact-checker can paste into a draft: quotation marks only around a source's
exact words, with whose words they are; paraphrases marked as bilat's; supplied titles in
square brackets."""

from __future__ import annotations

import json

import pytest
from conftest import write

DATA = """
[[sources]]
id = "paper"
title = "An interview about cooperation"
publisher = "Example Daily"
kind = "interview"
url = "https://example.org/1"
date = "2023-05-24"
primary = true

[[sources]]
id = "wire"
title = "Wire report on a meeting"
title_supplied = true
publisher = "Example Wire"
kind = "news-report"
url = "https://example.org/wire"
date_note = "Not printed; 24 May 2023 from the site's listing."

[[people]]
id = "analyst"
name = "Ada Analyst"
sources = [{ source = "paper", quote = "the analyst said" }]

[[events]]
id = "meeting"
title = "A meeting"
date = "2023-05"
kind = "meeting"
sources = [
  { source = "paper", quote = "the ministers met", by = "analyst" },
  { source = "wire", says = "The two ministers met in the capital." },
]

[[equipment]]
id = "jet"
name = "Jet"
category = "aircraft"

[[equipment.mentions]]
stance = "in-service"
source = "wire"
says = "The jet is in service."

[[equipment.mentions]]
stance = "offered"
for_country = "AZ"
source = "paper"
quote = "ready to help"
by = "analyst"

[[equipment]]
id = "drone"
name = "Drone"
category = "uav"
mentions = [
  { stance = "in-service", for_country = "AZ", source = "wire", says = "Azerbaijan flies it." },
]
"""


@pytest.fixture
def data(tmp_path):
    return write(tmp_path, DATA)


def run(bilat, data, *args, cache: bool = True):
    return bilat(
        *(["--no-builtin", "--data", str(data)] + ([] if cache else ["--no-cache"]) + list(args))
    )


def test_quote_credits_its_speaker_and_paraphrase_is_marked(bilat, data):
    result = run(bilat, data, "cite", "meeting")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Ada Analyst, quoted in Example Daily, “An interview about cooperation”, 24 May 2023, "
        "https://example.org/1: “the ministers met” [unchecked: no saved copy of the source]",
        "Example Wire, [Wire report on a meeting], n.d., https://example.org/wire — "
        "paraphrase: The two ministers met in the capital.",
    ]


def test_paraphrase_is_never_in_quotation_marks(bilat, data):
    for style in ("plain", "markdown"):
        out = run(bilat, data, "cite", "meeting", "--style", style).stdout
        paraphrase_line = out.splitlines()[1]
        assert "“" not in paraphrase_line and '"' not in paraphrase_line


def test_markdown_marks_a_supplied_title_with_escaped_brackets(bilat, data):
    out = run(bilat, data, "cite", "wire", "--style", "markdown").stdout
    assert out == (
        "**wire** — \\[Wire report on a meeting\\]\n\n"
        "- *Example Wire*, [\\[Wire report on a meeting\\]](<https://example.org/wire>), n.d.\n"
    )


def test_cite_takes_several_ids_and_a_source_id(bilat, data):
    result = run(bilat, data, "cite", "analyst", "paper")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Example Daily, “An interview about cooperation”, 24 May 2023, https://example.org/1: "
        "“the analyst said” [unchecked: no saved copy of the source]",
        "Example Daily, “An interview about cooperation”, 24 May 2023, https://example.org/1",
    ]


def test_cite_checks_every_id_before_printing(bilat, data):
    result = run(bilat, data, "cite", "analyst", "nope")
    assert result.exit_code == 2 and result.stdout == ""
    assert 'no entry with id "nope"' in result.stderr


def test_show_prints_source_addresses_and_labels_paraphrases(bilat, data):
    out = run(bilat, data, "show", "meeting", "--format", "table").stdout
    assert "Example Wire, [Wire report on a meeting] (n.d.)\n    https://example.org/wire\n" in out
    assert "paraphrase: The two ministers met in the capital." in out
    assert "“the ministers met” [unchecked: no saved copy of the source] — Ada Analyst" in out


def test_json_citation_keys_are_all_present(bilat, data):
    record = json.loads(run(bilat, data, "show", "meeting", "--format", "json").stdout)
    assert record["sources"] == [
        {
            "source": "paper",
            "quote": "the ministers met",
            "says": None,
            "by": "analyst",
            "note": None,
        },
        {
            "source": "wire",
            "quote": None,
            "says": "The two ministers met in the capital.",
            "by": None,
            "note": None,
        },
    ]


def test_a_quotes_speaker_links_to_the_entry(bilat, data):
    shown = json.loads(run(bilat, data, "show", "analyst", "--format", "json").stdout)
    assert {"id": "meeting", "type": "event", "name": "A meeting", "field": "sources"} in (
        shown["linked_from"]
    )


@pytest.mark.parametrize("cache", [True, False], ids=["index", "memory"])
def test_status_and_country_must_hold_in_one_mention(bilat, data, cache):
    # The jet is in service somewhere and offered to AZ: not in service in AZ.
    for _ in range(2):  # the second run answers from the index when there is one
        result = run(
            bilat,
            data,
            "equipment",
            "--status",
            "in-service",
            "--country",
            "AZ",
            "--fields",
            "id",
            "--format",
            "plain",
            cache=cache,
        )
        assert result.exit_code == 0, result.stderr
        assert result.stdout == "drone\n"
    offered = run(
        bilat,
        data,
        "equipment",
        "--status",
        "offered",
        "--country",
        "AZ",
        "--fields",
        "id",
        "--format",
        "plain",
        cache=cache,
    )
    assert offered.stdout == "jet\n"
    either = run(
        bilat,
        data,
        "equipment",
        "--country",
        "AZ",
        "--fields",
        "id",
        "--format",
        "plain",
        cache=cache,
    )
    assert either.stdout == "jet\ndrone\n"


@pytest.mark.parametrize(
    "body, message",
    [
        ('{ source = "paper" }', 'sources[0]: needs "quote" (the source\'s exact words) or "says"'),
        (
            '{ source = "paper", quote = "a", says = "b" }',
            'sources[0]: has both "quote" and "says"',
        ),
    ],
)
def test_a_citation_holds_exactly_one_of_quote_and_says(bilat, tmp_path, body, message):
    path = write(
        tmp_path,
        DATA
        + f"""
[[events]]
id = "bad"
title = "Bad"
date = "2020"
kind = "other"
sources = [{body}]
""",
        name="bad.toml",
    )
    result = bilat("--no-builtin", "--data", str(path), "validate")
    assert result.exit_code == 1
    line = DATA.count("\n") + 7
    assert f'{path}:{line}: event "bad": {message}' in result.stderr
    assert "empty" not in result.stderr  # no second message for the same mistake


def test_title_supplied_and_primary_must_be_booleans(bilat, tmp_path):
    path = write(tmp_path, DATA.replace("primary = true", 'primary = "yes"'))
    result = bilat("--no-builtin", "--data", str(path), "validate")
    assert result.exit_code == 1
    assert 'source "paper": primary: expected true or false, got a string' in result.stderr


def test_narration_around_a_statement_is_never_credited_to_its_speaker(bilat, tmp_path):
    path = write(
        tmp_path,
        DATA
        + """
[[statements]]
id = "analyst-says"
by = "analyst"
summary = "The analyst says the ministers met."
sources = [
  { source = "paper", quote = "the analyst added that", note = "The paper's own words." },
  { source = "paper", quote = "they met", by = "analyst" },
]
""",
    )
    cite = run(bilat, path, "cite", "analyst-says").stdout.splitlines()
    assert cite[0].startswith("Example Daily, “An interview about cooperation”")
    assert cite[0].endswith(
        ": “the analyst added that” [unchecked: no saved copy of the source] "
        "(note: The paper's own words.)"
    )
    assert cite[1].startswith("Ada Analyst, quoted in Example Daily")
    shown = run(bilat, path, "show", "analyst-says", "--format", "table").stdout
    assert "“the analyst added that” —" not in shown
    assert "“the analyst added that” [unchecked: no saved copy of the source] —" not in shown
    assert "“they met” [unchecked: no saved copy of the source] — Ada Analyst" in shown
    said = bilat(
        "--no-builtin",
        "--data",
        str(path),
        "statements",
        "--format",
        "table",
        env={"COLUMNS": "250"},
    ).stdout
    assert "“they met”" in said and "the analyst added" not in said


def _parts_for(source, citation, speaker):
    """Citation parts from model objects, as bilat made them before it read records."""
    from bilat.citations import CitationParts

    return CitationParts(
        speaker=speaker,
        author=source.author,
        publisher=source.publisher,
        title=source.title,
        title_supplied=source.title_supplied,
        date=source.date.display() if source.date else "n.d.",
        url=source.url,
        quote=citation.quote if citation else None,
        says=citation.says if citation else None,
        note=citation.note if citation else None,
        checked=bool(source.archive),  # the model's own field: no saved copy, no check
    )


def _model_cite_lines(query, entry_ids, style):
    """The model-based way bilat cited before it read records: the oracle."""
    from bilat.citations import format_citation
    from bilat.records import model_of

    lines = []
    for entry in [model_of(query.get(entry_id)) for entry_id in entry_ids]:
        if entry.type == "source":
            lines.append(format_citation(_parts_for(entry, None, None), style))
            continue
        for citation, speaker in query.attributed_citations(entry):
            source = model_of(query.get(citation.source))
            lines.append(
                format_citation(
                    _parts_for(source, citation, query.name_of(speaker) if speaker else None), style
                )
            )
    return lines


@pytest.mark.parametrize("builtin", [True, False])
def test_citing_from_records_matches_citing_from_the_model(builtin, tmp_path):
    from conftest import SMALL

    from bilat.commands.queries import cite_lines
    from bilat.load import data_paths, load_dataset
    from bilat.query import build, index, sqlite
    from bilat.query.memory import Query

    files = data_paths([] if builtin else [str(SMALL)], builtin)
    memory = Query(load_dataset(files))
    key = index.cache_key(files)
    assert build.write_index(load_dataset(files), files, tmp_path, key=key) is not None
    indexed = sqlite.open_index(files, tmp_path, lambda: memory, key=key)
    for query in (memory, indexed):
        for entry_id in memory.ids():
            for style in ("plain", "markdown"):
                lines = cite_lines(query, [entry_id], style)
                if style == "markdown":  # a list under the id: compare the items' citations
                    lines = [_item_citation(line) for line in lines if line.startswith("- ")]
                assert lines == _model_cite_lines(memory, [entry_id], style), entry_id


def _item_citation(line: str) -> str:
    """A Markdown list item's citation, without the marker and what it supports."""
    import re

    return re.sub(r"^- (\*[^*]+\*: )?", "", line)
