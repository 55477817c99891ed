"""`bilat cite` for drafts: a Markdown list under each id, CSL-JSON for reference managers,
and --quotes-only."""

from __future__ import annotations

import json

import pytest

from bilat.export.csl_json import date_parts


def test_markdown_is_a_list_under_a_label_for_each_id(bilat):
    result = bilat("cite", "jy-27a", "karim-valiyev", "--style", "markdown")
    assert result.exit_code == 0, result.stderr
    blocks = result.stdout.split("\n\n")
    assert blocks[0] == "**jy-27a** — JY-27A (radar)"
    assert blocks[2] == "**karim-valiyev** — Karim Valiyev"
    for block in (blocks[1], blocks[3]):
        assert all(line.startswith("- ") for line in block.strip().splitlines())
    # each line says what it supports when it is not the entry itself
    assert (
        "- *suggested for Pakistan (PK)*: Mehmood ul Hassan Khan, quoted in *Azernews*"
        in (blocks[1])
    )
    assert "- *role First Deputy Minister of Defence" in blocks[3]


def test_markdown_renders_as_a_list_in_commonmark(bilat):
    markdown_it = pytest.importorskip("markdown_it")
    page = markdown_it.MarkdownIt("commonmark").render(
        bilat("cite", "jy-27a", "karim-valiyev", "--style", "markdown").stdout
    )
    assert page.count("<ul>") == 2 and page.count("<li>") >= 5
    assert "<strong>jy-27a</strong> — JY-27A (radar)" in page


def test_quotes_only_keeps_the_lines_with_a_sources_words(bilat):
    every = bilat("cite", "jy-27a").stdout.splitlines()
    quotes = bilat("cite", "jy-27a", "--quotes-only").stdout.splitlines()
    assert quotes == [line for line in every if " — paraphrase: " not in line]
    assert len(quotes) == 1 and len(every) == 2


def test_csl_json_one_item_per_source(bilat):
    result = bilat("cite", "jy-27a", "karim-valiyev", "--format", "csl-json")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    article = next(i for i in items if i["id"] == "azernews-210229")
    # a supplied title is marked; no date where the page prints none
    assert article["title"].startswith("[") and article["title"].endswith("]")
    assert "issued" not in article
    assert article["URL"] == "https://www.azernews.az/analysis/210229.html"
    # the quote's words and speaker are kept in the note
    assert "jy-27a: Mehmood ul Hassan Khan: “JY-27A 3-D long-range" in article["note"]
    times = next(i for i in items if i["id"] == "global-times-1176531")
    assert times["issued"] == {"date-parts": [[2020, 1, 12]]}
    assert times["author"] == [{"literal": "Liu Xuanzun"}]
    assert "paraphrase (bilat's words): " in times["note"]


def test_csl_json_renders_in_a_real_csl_processor(bilat):
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    items = json.loads(bilat("cite", "jy-27a", "--format", "csl-json").stdout)
    style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = citeproc.CitationStylesBibliography(
        style, CiteProcJSON(items), citeproc.formatter.plain
    )
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert any(
        "Liu Xuanzun" in e and "2020" in e and "China's top radar institute" in e for e in rendered
    ), rendered
    azernews = [e for e in rendered if "[Azernews analysis: interview" in e]
    assert len(azernews) == 1 and "(no date)" in azernews[0], rendered
    assert azernews[0].count("Azernews analysis") == 1  # the title once, not as an author too


def test_csl_dates_only_where_exact():
    assert date_parts("2023-05-24") == {"date-parts": [[2023, 5, 24]]}
    assert date_parts("2023-05") == {"date-parts": [[2023, 5]]}
    assert date_parts("2023~") is None and date_parts("2023/2024") is None
    assert date_parts(None) is None


def test_an_unknown_cite_format(bilat):
    result = bilat("cite", "jy-27a", "-f", "csl-jsn")
    assert result.exit_code == 2 and 'did you mean "csl-json"' in result.stderr
