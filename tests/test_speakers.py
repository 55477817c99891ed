"""Whose words: a source's `speakers` map, checked against its archive, and every quote's `by`
checked against the map by `verify` and `validate` (issue #17 §4)."""

from __future__ import annotations

import json

import pytest
from conftest import write

ARCHIVE = """The minister arrived on Monday, the paper reports. “Our ties are strong and
growing,” the expert said. The visit lasted two days.

“We will buy more ships,” the admiral added, “and   train together.”
"""

SOURCE = """
[[sources]]
id = "paper"
title = "An interview"
publisher = "Example Daily"
kind = "interview"
archive = "paper.txt"
speakers = [
  { by = "expert", opening = "Our ties are strong", closing = "strong and growing" },
  { by = "admiral", opening = "We will buy more ships", closing = "We will buy more ships" },
  { by = "admiral", opening = "and train together", closing = "and train together" },
]
"""

PEOPLE = """
[[people]]
id = "expert"
name = "An Expert"
sources = [{ source = "paper", quote = "Our ties are strong and growing", by = "expert" }]

[[people]]
id = "admiral"
name = "An Admiral"
sources = [
  { source = "paper", says = "The paper quotes an admiral." },
  { source = "paper", quote = "We will buy more ships", by = "admiral" },
]
"""

CLEAN = SOURCE + PEOPLE


def desk(tmp_path, text: str):
    """A newsroom's file (line 2 is its first [[events]] header) beside the archive."""
    (tmp_path / "paper.txt").write_text(ARCHIVE, encoding="utf-8")
    return write(tmp_path, CLEAN + text)


def event(citation: str) -> str:
    return f"""
[[events]]
id = "visit"
title = "A visit"
date = "2023"
kind = "visit"
sources = [
  {{ source = "paper", says = "The paper reports a visit." }},
  {{ source = "paper", {citation} }},
]
"""


def line_of(path, words: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if words in line)


def verify(bilat, path, *args):
    return bilat("--no-builtin", "--data", str(path), "verify", *args)


def validate(bilat, path, *args):
    return bilat("--no-builtin", "--data", str(path), "validate", *args)


def test_a_clean_map_and_quotes_in_their_speakers_voices_pass(bilat, tmp_path):
    path = desk(tmp_path, event('quote = "The minister arrived on Monday"'))
    result = verify(bilat, path)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith("3 quotes verified, 0 not found")
    assert validate(bilat, path).exit_code == 0


def test_narration_quoted_with_a_by_is_reported(bilat, tmp_path):
    path = desk(tmp_path, event('quote = "The visit lasted two days.", by = "expert"'))
    line = line_of(path, "The visit lasted")
    result = verify(bilat, path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:{line}: visit: sources[1].by: the words are the publisher's narration in "
        'paper\'s speakers map, but the citation credits "expert": drop by'
    )


def test_a_speakers_words_quoted_without_their_by_are_reported(bilat, tmp_path):
    path = desk(tmp_path, event('quote = "We will buy more ships"'))
    line = line_of(path, 'quote = "We will buy more ships" }')
    result = verify(bilat, path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:{line}: visit: sources[1].by: the words are \"admiral\"'s in paper's "
        'speakers map, but the citation has no by: set by = "admiral"'
    )


def test_a_speakers_words_credited_to_another_are_reported(bilat, tmp_path):
    path = desk(tmp_path, event('quote = "and train together", by = "expert"'))
    result = verify(bilat, path)
    assert result.exit_code == 1
    assert (
        "sources[1].by: the words are \"admiral\"'s in paper's speakers map, but the "
        'citation credits "expert": set by = "admiral"'
    ) in result.stdout


@pytest.mark.parametrize(
    "quote, voices",
    [
        ('strong and growing,\\" the expert said', '"expert", then the publisher\'s narration'),
        # Narration between two passages: the admiral's words, Azernews', his again.
        (
            'buy more ships,\\" the admiral added, \\"and train',
            '"admiral", then the publisher\'s narration, then "admiral"',
        ),
        # Two speakers, with the narration between them.
        (
            'strong and growing,\\" the expert said. The visit lasted two days. \\"We will',
            '"expert", then the publisher\'s narration, then "admiral"',
        ),
    ],
)
def test_a_quote_across_a_change_of_speaker_is_reported(bilat, tmp_path, quote, voices):
    path = desk(tmp_path, event(f'quote = "{quote}", by = "expert"'))
    line = line_of(path, f'quote = "{quote[:12]}')
    result = verify(bilat, path)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{path}:{line}: visit: sources[1].quote: the quote runs across")
    assert voices in first
    assert first.endswith("quote one speaker's words at a time")


def test_the_voice_ignores_punctuation_and_white_space_beside_a_passage(bilat, tmp_path):
    # The quotation mark and comma are outside the mapped words, and the archive breaks the
    # line inside the passage: the words are still only the expert's.
    path = desk(tmp_path, event('quote = "\\"Our ties are strong and growing,\\"", by = "expert"'))
    assert verify(bilat, path).exit_code == 0


def test_speaker_findings_in_every_format(bilat, tmp_path):
    path = desk(tmp_path, event('quote = "The visit lasted two days.", by = "expert"'))
    line = line_of(path, "The visit lasted")
    (record,) = json.loads(verify(bilat, path, "--format", "json").stdout)
    assert record["problem"] == "narration-by"
    assert (record["file"], record["line"], record["entry"]) == (str(path), line, "visit")
    assert record["field"] == "sources[1].by"
    assert record["quote"] == "The visit lasted two days."
    ndjson = verify(bilat, path, "--format", "ndjson").stdout.splitlines()
    assert json.loads(ndjson[0]) == record
    github = verify(bilat, path, "--format", "github").stdout.splitlines()
    assert github[0].startswith(f"::error file={path},line={line}::visit: sources[1].by: ")
    assert "publisher's narration" in github[0]


def test_validate_shares_the_check(bilat, tmp_path):
    path = desk(tmp_path, event('quote = "We will buy more ships"'))
    line = line_of(path, 'quote = "We will buy more ships" }')
    result = validate(bilat, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f'bilat: error: {path}:{line}: event "visit": sources[1].by: the words are "admiral"\'s in '
        'paper\'s speakers map, but the citation has no by: set by = "admiral"'
    )
    records = json.loads(validate(bilat, path, "--format", "json").stdout)
    assert [(r["entry"], r["field"], r["line"]) for r in records] == [
        ("visit", "sources[1].by", line)
    ]


def test_a_mention_and_a_role_are_checked_too(bilat, tmp_path):
    text = """
[[equipment]]
id = "ships"
name = "Ships"
category = "ship"
mentions = [{ stance = "suggested", source = "paper", quote = "We will buy more ships" }]

[[people]]
id = "minister"
name = "A Minister"
roles = [
  { title = "Minister", as_of = "2023", sources = [
    { source = "paper", quote = "The minister arrived on Monday", by = "expert" },
  ] },
]
sources = [{ source = "paper", quote = "The minister arrived on Monday" }]
"""
    path = desk(tmp_path, text)
    result = verify(bilat, path)
    assert result.exit_code == 1
    assert 'ships: mentions[0].by: the words are "admiral"\'s' in result.stdout
    assert "minister: roles[0].sources[0].by: the words are the publisher's" in result.stdout


# -- the map itself --


def broken_map(tmp_path, passages: str):
    (tmp_path / "paper.txt").write_text(ARCHIVE, encoding="utf-8")
    source = SOURCE.split("speakers = [")[0] + f"speakers = [\n{passages}]\n"
    return write(tmp_path, source + PEOPLE.replace(', by = "admiral"', ""))


def test_opening_words_not_in_the_archive_are_a_map_error(bilat, tmp_path):
    path = broken_map(
        tmp_path, '  { by = "expert", opening = "Our ties are weak", closing = "and growing" },\n'
    )
    line = line_of(path, "Our ties are weak")
    for result in (verify(bilat, path), validate(bilat, path)):
        assert result.exit_code == 1
        output = result.stdout + result.stderr
        assert (
            f'{path}:{line}: source "paper": speakers[0].opening: "Our ties are weak" is not '
            "found in paper.txt"
        ) in output
        assert "Traceback" not in output


def test_words_found_more_than_once_are_a_map_error(bilat, tmp_path):
    path = broken_map(tmp_path, '  { by = "expert", opening = "the", closing = "growing" },\n')
    result = verify(bilat, path)
    assert result.exit_code == 1
    assert 'speakers[0].opening: "the" is found more than once in paper.txt' in result.stdout


def test_closing_words_before_the_opening_words_are_a_map_error(bilat, tmp_path):
    path = broken_map(
        tmp_path, '  { by = "expert", opening = "and growing", closing = "Our ties" },\n'
    )
    result = verify(bilat, path)
    assert result.exit_code == 1
    assert 'speakers[0].closing: "Our ties" comes before the opening words' in result.stdout


def test_overlapping_passages_are_a_map_error(bilat, tmp_path):
    path = broken_map(
        tmp_path,
        '  { by = "expert", opening = "Our ties are strong", closing = "the expert said" },\n'
        '  { by = "admiral", opening = "growing", closing = "lasted two days" },\n',
    )
    line = line_of(path, 'opening = "growing"')
    for result in (verify(bilat, path), validate(bilat, path)):
        assert result.exit_code == 1
        assert (
            f'{path}:{line}: source "paper": speakers[1].opening: the passage overlaps '
            "speakers[0] in paper.txt"
        ) in result.stdout + result.stderr


def test_an_unknown_speaker_is_a_data_error(bilat, tmp_path):
    path = broken_map(
        tmp_path, '  { by = "nobody", opening = "Our ties are strong", closing = "growing" },\n'
    )
    line = line_of(path, "speakers = [")  # the loader names the field's line
    result = validate(bilat, path)
    assert result.exit_code == 1
    assert f'{path}:{line}: source "paper": speakers[0].by: unknown id "nobody"' in (result.stderr)


def test_a_map_needs_fields_of_the_right_kind_and_an_archive(bilat, tmp_path):
    path = broken_map(tmp_path, '  { by = "expert", opening = "Our ties are strong" },\n')
    result = validate(bilat, path)
    assert result.exit_code == 1
    assert 'source "paper": speakers[0].closing: missing required field' in result.stderr
    path = write(tmp_path, CLEAN.replace('archive = "paper.txt"\n', ""))
    result = validate(bilat, path)
    assert result.exit_code == 1
    assert 'source "paper": speakers: needs "archive"' in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_wrong_map_checks_no_quote_against_it(bilat, tmp_path):
    # A map that cannot be placed says so; the quotes are not judged against it.
    path = broken_map(
        tmp_path, '  { by = "expert", opening = "Our ties are weak", closing = "and growing" },\n'
    )
    result = verify(bilat, path, "--format", "json")
    assert [r["problem"] for r in json.loads(result.stdout)] == ["speakers"]


# -- the built-in data: the article's map, and every quote of it in its speaker's voice --


def test_the_builtin_article_maps_khans_quotations_and_every_quote_passes(bilat):
    (article,) = [
        s
        for s in json.loads(bilat("sources", "--format", "json").stdout)
        if s["id"] == "azernews-210229"
    ]
    assert len(article["speakers"]) == 5
    assert {p["by"] for p in article["speakers"]} == {"mehmood-ul-hassan-khan"}
    result = bilat("verify", "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout) == []
    assert bilat("validate").exit_code == 0


def test_the_builtin_map_catches_a_misattribution_in_an_overlay(bilat, tmp_path):
    overlay = write(
        tmp_path,
        """
[[events]]
id = "overlay-event"
title = "A newsroom's event"
date = "2024-03"
kind = "visit"
sources = [
  { source = "azernews-210229", quote = "political analyst", by = "mehmood-ul-hassan-khan" },
  { source = "azernews-210229", quote = "Modern Rader System" },
  { source = "azernews-210229", quote = "Pakistan,\\" the expert", by = "mehmood-ul-hassan-khan" },
]
""",
    )
    records = json.loads(bilat("--data", str(overlay), "verify", "--format", "json").stdout)
    assert [(r["problem"], r["line"], r["field"]) for r in records] == [
        ("narration-by", 8, "sources[0].by"),
        ("wrong-by", 9, "sources[1].by"),
        ("crosses-speakers", 10, "sources[2].quote"),
    ]


def test_a_card_shows_the_map_as_passages_not_python_data(bilat):
    card = bilat("show", "azernews-210229", "--format", "table").stdout
    words = " ".join(card.split())
    assert "Mehmood ul Hassan Khan: “It seems that prospects are very high” … “(GIDS)" in words
    assert "{'by'" not in card


def test_a_quote_printed_twice_passes_in_the_voice_of_either_place(bilat, tmp_path):
    # "ties are strong" is the paper's words first, the expert's later: with or without the
    # expert's by, the quote is someone's words as printed somewhere. A quote printed only in
    # narration still fails with a by.
    archive = "The paper says ties are strong. “Our ties are strong,” the expert said.\n"
    (tmp_path / "paper.txt").write_text(archive, encoding="utf-8")
    source = SOURCE.split("speakers = [")[0] + (
        'speakers = [{ by = "expert", opening = "Our ties", closing = "Our ties are strong" }]\n'
    )
    people = """
[[people]]
id = "expert"
name = "An Expert"
sources = [
  { source = "paper", quote = "ties are strong", by = "expert" },
  { source = "paper", quote = "ties are strong" },
  { source = "paper", quote = "The paper says ties", by = "expert" },
]
"""
    path = write(tmp_path, source + people)
    records = json.loads(verify(bilat, path, "--format", "json").stdout)
    assert [(r["problem"], r["field"]) for r in records] == [("narration-by", "sources[2].by")]


def test_every_passage_inside_a_longer_one_is_reported(bilat, tmp_path):
    path = broken_map(
        tmp_path,
        '  { by = "expert", opening = "Our ties are strong", closing = "two days" },\n'
        '  { by = "expert", opening = "growing", closing = "growing" },\n'
        '  { by = "admiral", opening = "The visit", closing = "The visit" },\n',
    )
    records = json.loads(verify(bilat, path, "--format", "json").stdout)
    assert [(r["problem"], r["field"]) for r in records] == [
        ("speakers", "speakers[1].opening"),
        ("speakers", "speakers[2].opening"),
    ]


def test_an_amendment_adds_passages_to_a_sources_speakers_map(bilat, tmp_path):
    """Found in review: `speakers` was not among the list types an amendment appends to, so
    adding a passage was refused as changing a single value ("would change speakers")."""
    path = desk(
        tmp_path,
        '\n[[amend]]\nid = "paper"\n'
        'speakers = [{ by = "admiral", opening = "The visit lasted", closing = "two days" }]\n',
    )
    data = ["--no-builtin", "--data", str(path)]
    checked = bilat(*data, "validate")
    assert checked.exit_code == 0, checked.stderr
    shown = json.loads(bilat(*data, "show", "paper", "-f", "json").stdout)
    assert [s["opening"] for s in shown["speakers"]] == [
        "Our ties are strong",
        "We will buy more ships",
        "and train together",
        "The visit lasted",
    ]
