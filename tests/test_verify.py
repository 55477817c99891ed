"""`bilat verify`: every quote is checked against a saved copy of its source."""

from __future__ import annotations

import json

import pytest
from conftest import write

from bilat.verify.check import closest_passage
from bilat.verify.text import normalise, visible_text

ARCHIVE = """Pakistan is one of the countries that has recognized Azerbaijan as an independent
country since December 12, 1991. “It seems that prospects are very high,” the expert said —
and he added that the people   of Pakistan also do not forget the good.
"""

DATA = """
[[sources]]
id = "paper"
title = "An interview"
publisher = "Example Daily"
kind = "interview"
archive = "paper.txt"

[[sources]]
id = "page"
title = "A page"
publisher = "Example Wire"
kind = "news-report"

[[events]]
id = "recognition"
title = "Pakistan recognises Azerbaijan"
date = "1991-12-12"
kind = "diplomatic"
sources = [
  { source = "paper", quote = "recognized Azerbaijan as an independent country since December 12, 1991" },
  { source = "page", says = "Pakistan recognised Azerbaijan in December 1991." },
]

[[statements]]
id = "prospects"
by = "expert"
summary = "The expert says prospects are high."
sources = [{ source = "paper", quote = "\\"It seems that prospects are very high,\\" the expert said - and", by = "expert" }]

[[people]]
id = "expert"
name = "An Expert"
sources = [{ source = "page", quote = "an expert on the region" }]
"""


@pytest.fixture
def data(tmp_path):
    (tmp_path / "paper.txt").write_text(ARCHIVE, encoding="utf-8")
    return write(tmp_path, DATA)


def made_up(tmp_path):
    """An overlay whose one quote (line 7) the paper never printed."""
    return write(
        tmp_path,
        """
[[events]]
id = "made-up"
title = "Made up"
date = "2023"
kind = "other"
sources = [{ source = "paper", quote = "the people of Pakistan never forget a friend" }]
""",
        name="overlay.toml",
    )


def verify(bilat, *paths, args=()):
    data = [part for path in paths for part in ("--data", str(path))]
    return bilat("--no-builtin", *data, "verify", *args)


def test_clean_data_verifies_and_counts(bilat, data):
    result = verify(bilat, data)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == (
        "2 quotes verified, 0 not found, 1 unchecked (no archive); 1 paraphrase\n"
    )


def test_white_space_curly_quotes_and_dashes_do_not_matter(bilat, data):
    # The statement's quote uses straight quotes and a hyphen where the archive has curly
    # quotes and an em dash, and the archive breaks the line inside another quote.
    assert verify(bilat, data).exit_code == 0


def test_a_fabricated_quote_fails_naming_file_line_and_closest_passage(bilat, data, tmp_path):
    overlay = made_up(tmp_path)
    result = verify(bilat, data, overlay)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        f"{overlay}:7: made-up: quote not found in paper's archive",
        "    quote:   the people of Pakistan never forget a friend",
        "    closest: the people of Pakistan also do not forget the good.",
    ]
    assert "1 not found" in result.stdout
    assert (
        result.stderr == "bilat: error: verify: 1 problem with quotes or archives (listed above)\n"
    )


def test_a_changed_word_is_not_forgiven(bilat, data, tmp_path):
    path = write(tmp_path, DATA.replace("recognized Azerbaijan", "recognised Azerbaijan"))
    result = verify(bilat, path)
    assert result.exit_code == 1
    assert f"{path}:21: recognition: quote not found in paper's archive" in result.stdout


def test_strict_fails_on_quotes_with_no_archive(bilat, data):
    result = verify(bilat, data, args=["--strict"])
    assert result.exit_code == 1
    assert f"{data}:34: expert: quote not checked: page has no archive" in result.stdout


def test_json_gives_one_record_per_problem(bilat, data):
    result = verify(bilat, data, args=["--strict", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "problem": "unchecked",
            "file": str(data),
            "line": 34,
            "entry": "expert",
            "source": "page",
            "quote": "an expert on the region",
            "closest": None,
            "detail": None,
            "differences": [],
            "field": "sources[0].quote",
        }
    ]
    clean = verify(bilat, data, args=["--format", "json"])
    assert clean.exit_code == 0 and json.loads(clean.stdout) == []


def test_a_missing_archive_is_reported_once_where_the_source_is(bilat, tmp_path):
    path = write(tmp_path, DATA)  # no paper.txt beside it
    result = verify(bilat, path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f'{path}:7: source "paper": archive: paper.txt: no such file'
    )
    assert result.stdout.count("archive:") == 1
    assert result.stdout.splitlines()[1].startswith(
        "0 quotes verified, 0 not found, 3 unchecked (no archive)"
    )


def test_an_html_archive_is_read_for_its_visible_text(bilat, tmp_path):
    (tmp_path / "paper.html").write_text(
        "<html><head><title>recognized Azerbaijan</title><script>var x = 'the people of "
        "Pakistan also do not forget the good.';</script></head><body><p>Pakistan has "
        "<b>recognized</b> Azerbaijan as an independent country since December 12, 1991"
        "</p><p>It seems that prospects are very high</p></body></html>",
        encoding="utf-8",
    )
    path = write(
        tmp_path,
        """
[[sources]]
id = "paper"
title = "An interview"
publisher = "Example Daily"
kind = "interview"
archive = "paper.html"

[[events]]
id = "seen"
title = "Seen"
date = "2020"
kind = "other"
sources = [{ source = "paper", quote = "has recognized Azerbaijan as an independent country" }]

[[events]]
id = "hidden"
title = "Hidden"
date = "2020"
kind = "other"
sources = [{ source = "paper", quote = "the people of Pakistan also do not forget the good." }]
""",
    )
    result = verify(bilat, path)
    assert result.exit_code == 1
    assert "hidden: quote not found" in result.stdout and "seen:" not in result.stdout
    assert "1 quote verified" in result.stdout


def test_invalid_data_is_a_data_error_before_any_check(bilat, tmp_path):
    path = write(tmp_path, DATA.replace('kind = "diplomatic"', 'kind = "diplomacy"'))
    result = verify(bilat, path)
    assert result.exit_code == 1 and result.stdout == ""
    assert 'kind: unknown value "diplomacy"' in result.stderr


def test_unknown_format_is_a_usage_error(bilat, data):
    result = verify(bilat, data, args=["--format", "csv"])
    assert result.exit_code == 2 and 'unknown format "csv"' in result.stderr


def test_the_builtin_data_verifies_every_article_quote(bilat):
    result = bilat("--no-cache", "verify", "--strict")
    assert result.exit_code == 0, result.stdout[-2000:]
    verified = int(result.stdout.split(" quotes verified")[0].rsplit("\n", 1)[-1])
    assert verified > 50


def test_an_overlay_with_a_fabricated_article_quote_fails(bilat, tmp_path):
    overlay = write(
        tmp_path,
        """
[[events]]
id = "fabricated"
title = "Fabricated"
date = "2023"
kind = "other"
confidence = "verified"
sources = [{ source = "azernews-210229", quote = "Pakistan will deliver JF-17 jets to Azerbaijan next year" }]
""",
    )
    result = bilat("--data", str(overlay), "verify")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{overlay}:8: fabricated: quote not found in azernews-210229's archive\n"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“Curly”  and ‘single’", "\"Curly\" and 'single'"),
        ("a – b — c ‐ d", "a - b - c - d"),
        ("ﬁve\u00a0spaces\n\tand…", "ﬁve spaces and…"),  # typography only: no NFKC
        ("  trimmed  ", "trimmed"),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_normalise_keeps_case_and_spelling():
    assert normalise("Modern Rader System") != normalise("modern radar system")


def test_visible_text_skips_scripts_and_styles():
    text = visible_text("<style>p{}</style><p>one</p><script>two()</script><p>three &amp; four</p>")
    assert "two" not in text and "p{}" not in text and "three & four" in text


def test_closest_passage_widens_to_whole_words():
    archive = normalise(ARCHIVE)
    assert closest_passage(archive, "since December 12, 1992") == "since December 12, 1991."
    assert closest_passage("", "x") == ""


def test_closest_passage_weighs_every_place_a_shared_phrase_occurs():
    archive = normalise(
        "The people of Pakistan also do not forget the good. Despite the years, "
        "the people of Pakistan always remember this history."
    )
    assert closest_passage(archive, "the people of Pakistan never forget a friend") == (
        "The people of Pakistan also do not forget the good."
    )


def test_validate_also_refuses_a_quote_missing_from_an_archive(bilat, data, tmp_path):
    overlay = made_up(tmp_path)
    result = bilat("--no-builtin", "--data", str(data), "--data", str(overlay), "validate")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f'bilat: error: {overlay}:7: event "made-up": quote not found in paper\'s archive '
        "(`bilat verify` shows the closest passage)"
    )
    clean = bilat("--no-builtin", "--data", str(data), "validate")
    assert clean.exit_code == 0, clean.stderr


def test_the_closest_passage_shows_control_characters_escaped(bilat, data, tmp_path):
    # An archive is whatever was saved: its text must not drive the terminal verify prints on.
    archive = tmp_path / "paper.txt"
    archive.write_text(
        ARCHIVE.replace("also do not forget", "also\x1b[2J do not forget"), encoding="utf-8"
    )
    result = verify(bilat, data, made_up(tmp_path))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "    closest: the people of Pakistan also\\x1b[2J do not forget the good." in (
        result.stdout.splitlines()
    )
