"""`bilat export html`: the self-contained briefing page.

The page is parsed with a real HTML parser (the standard library's, into a small tree) and
checked for structure, escaping and the absence of anything fetched from the network.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SMALL, write
from hypothesis import given, settings
from hypothesis import strategies as st

from bilat.commands.session import Session
from bilat.dates import parse_edtf
from bilat.html import timeline
from bilat.html.briefing import Filters, build
from bilat.html.page import render
from bilat.model import Citation, Dataset, Event, Source
from bilat.query.memory import Query

SCRIPT = "<script>alert(1)</script>"
TEMPLATE_CODE = "{{ 7 * 7 }} {% if true %}x{% endif %}"
QUOTE_BREAKER = 'https://example.org/a"onmouseover="alert(1)'

HOSTILE = f"""
[[sources]]
id = "hostile-source"
title = {json.dumps('<b>bold</b> & "quoted"')}
publisher = {json.dumps(SCRIPT)}
kind = "other"
url = "javascript:alert(1)"

[[sources]]
id = "quote-breaker"
title = "Supplied description"
title_supplied = true
publisher = "P"
kind = "other"
url = {json.dumps(QUOTE_BREAKER)}

[[events]]
id = "hostile-event"
title = {json.dumps(SCRIPT)}
date = "../1990-05"
kind = "other"
summary = {json.dumps("[bold]x[/] <img src=x onerror=alert(1)> " + TEMPLATE_CODE)}
location = "</section></main><h1>fake</h1>"
sources = [{{ source = "hostile-source", quote = "</blockquote><script>alert(2)</script>" }},
           {{ source = "quote-breaker", says = "it reports <i>this</i>", by = "analyst" }}]
"""


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None):
        for child in self.children:
            if isinstance(child, Node):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def find(self, tag: str | None = None, **attrs: str) -> Node | None:
        return next(
            (
                n
                for n in self.iter(tag)
                if all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
            ),
            None,
        )


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class TreeBuilder(HTMLParser):
    """A small DOM from html.parser; fails on a closing tag that does not match, so broken
    nesting (e.g. from unescaped data) is caught."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        assert len({name for name, _ in attrs}) == len(attrs), f"duplicate attribute in <{tag}>"
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        assert tag == self.current.tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: str) -> TreeBuilder:
    tree = TreeBuilder()
    tree.feed(page)
    tree.close()
    assert tree.current is tree.root, f"<{tree.current.tag}> is never closed"
    return tree


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    return write(tmp_path, HOSTILE, "hostile.toml")


def export(bilat, *args: str, data: Path | None = None, builtin: bool = False):
    """Run the export to stdout; return (result, parsed tree)."""
    prefix = [] if builtin else ["--no-builtin", "--data", str(SMALL)]
    if data is not None:
        prefix += ["--data", str(data)]
    result = bilat(
        *prefix, "export", "html", "-o", "-", *args, env={"SOURCE_DATE_EPOCH": "1700000000"}
    )
    assert result.exit_code == 0, result.stderr
    return result, parse(result.stdout)


def query_of(*paths: Path) -> Query:
    return Session(data=[str(SMALL), *map(str, paths)], include_builtin=False).query()


def section(tree: TreeBuilder, name: str) -> Node:
    found = tree.root.find("section", id=name)
    assert found is not None, name
    return found


# -- structure --


def test_page_structure(bilat):
    result, tree = export(bilat, "--title", "Azerbaijan & Pakistan")
    assert result.stderr == ""
    assert tree.doctype and tree.doctype.lower() == "doctype html"
    html = tree.root.find("html")
    assert html.attrs["lang"] == "en"
    assert tree.root.find("meta", charset="utf-8") is not None
    assert tree.root.find("title").text() == "Azerbaijan & Pakistan"
    assert [h.text() for h in tree.root.iter("h1")] == ["Azerbaijan & Pakistan"]
    for landmark in ("header", "nav", "main", "footer"):
        assert tree.root.find(landmark) is not None, landmark
    main = tree.root.find("main")
    assert [s.attrs["id"] for s in main.children if isinstance(s, Node)] == [
        "timeline",
        "events",
        "people",
        "organizations",
        "equipment",
        "statements",
        "sources",
    ]
    for s in main.children:
        if isinstance(s, Node):  # each section is labelled by its own heading
            heading = s.find("h2", id=s.attrs["aria-labelledby"])
            assert heading is not None and heading.text()
    # Headings never skip a level.
    levels = [int(n.tag[1]) for n in tree.root.iter() if n.tag in ("h1", "h2", "h3", "h4")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


def test_every_entry_is_on_the_page_with_its_citations(bilat):
    _, tree = export(bilat)
    query = query_of()
    ids = {n.attrs["id"] for n in tree.root.iter() if "id" in n.attrs}
    for kind in ("event", "person", "organization", "equipment", "statement", "source"):
        for entry_id in query.ids(kind):
            assert f"entry-{entry_id}" in ids, entry_id
    event = tree.root.find("article", id="entry-aid-story")
    assert event.find("h3").text() == "Taghiyev helps during an epidemic"
    assert "c. 1890 – c. 1910" in event.text() and "1890~/1910~" in event.text()
    assert "claimed: the account of Mehmood ul Hassan Khan" in " ".join(event.text().split())
    quote = event.find("blockquote")
    assert quote.text() == "Tagiyev supported the country"
    caption = quote.parent.find("figcaption").text()
    assert "Undated Weekly, “A report with no date line”, n.d." in caption
    # A quote with a speaker names them: "quoted in".
    radar = tree.root.find("article", id="entry-jy-27a")
    mention = radar.find("ul", class_="mentions").find("li")
    assert mention.find("strong").text() == "Suggested for Pakistan (PK)"
    assert "Mehmood ul Hassan Khan, quoted in Example Daily" in mention.find("figcaption").text()
    # Roles are dated, with their organization linked to its entry.
    person = tree.root.find("article", id="entry-karim-valiyev")
    role = person.find("ul", class_="roles").find("li")
    assert "Chief of the General Staff, Colonel General, Azerbaijan Army: as of May 2023" in (
        " ".join(role.text().split())
    )
    assert role.find("a").attrs["href"] == "#entry-az-army"
    # Equipment is grouped by category, in the taxonomy's order.
    equipment = section(tree, "equipment")
    categories = [s.attrs["id"] for s in equipment.iter("section")]
    assert categories == ["category-uav", "category-radar"]
    statement = tree.root.find("article", id="entry-analyst-rice")
    assert statement.find("h3").text() == "Mehmood ul Hassan Khan, May 2023?"
    assert "(bilat’s paraphrase)" in statement.text()


def test_paraphrase_is_labelled_and_never_a_quote(bilat, overlay):
    _, tree = export(bilat, data=overlay)
    event = tree.root.find("article", id="entry-hostile-event")
    paraphrase = event.find("div", class_="citation paraphrase")
    assert paraphrase is not None and paraphrase.find("blockquote") is None
    words = " ".join(paraphrase.text().split())
    assert words.startswith(
        "Paraphrase of Mehmood ul Hassan Khan (bilat’s words, not the "
        "source’s): it reports <i>this</i>"
    )
    # A title bilat supplied is in square brackets, never quotation marks.
    assert "[Supplied description]" in words and "“Supplied description”" not in words
    assert len(list(event.iter("blockquote"))) == 1


def test_timeline_draws_each_dates_precision(bilat, overlay):
    _, tree = export(bilat, data=overlay)
    query = query_of(overlay)
    rows = {}
    for row in section(tree, "timeline").iter("li"):
        if "row" in row.classes():
            link = row.find("a")
            rows.setdefault(link.attrs["href"].removeprefix("#entry-"), []).append(row)
    assert set(rows) == {e.id for e in query.events()}
    for event in query.events():
        row = rows[event.id][0]
        assert row.find("span", class_="when").text() == event.date.display()
        assert row.find("span", class_="track").attrs["aria-hidden"] == "true"

    def mark(event_id):
        found = [n for n in rows[event_id][0].iter("span") if "mark" in n.classes()]
        assert len(found) == 1
        return found[0]

    assert {"point"} <= mark("recognition").classes()
    assert {"band", "approximate"} <= mark("aid-story").classes()
    assert {"band", "uncertain"} <= mark("gids-visit").classes()
    assert "approximate" not in mark("gids-visit").classes()
    assert {"band", "open-start"} <= mark("hostile-event").classes()
    assert "left: 0.0%" in mark("hostile-event").attrs["style"]


def test_filters_narrow_the_page_and_are_listed_in_the_footer(bilat):
    _, tree = export(bilat, "--since", "2021", "--country", "PK")
    query = query_of()
    expected = [e.id for e in query.events(since=datetime.date(2021, 1, 1), country="PK")]
    shown = [a.attrs["id"].removeprefix("entry-") for a in section(tree, "events").iter("article")]
    assert shown == expected and "aid-story" not in shown
    people = [a.attrs["id"] for a in section(tree, "people").iter("article")]
    assert people == ["entry-analyst"]  # the only person from PK
    statements = [a.attrs["id"] for a in section(tree, "statements").iter("article")]
    assert statements == ["entry-analyst-rice"]  # dated May 2023?: overlaps 2021 onwards
    footer = " ".join(tree.root.find("footer").text().split())
    assert "--since 2021 (narrows events, statements)" in footer
    assert "--country PK (narrows events, people, organizations, equipment)" in footer
    assert "14 Nov 2023, 22:13 UTC" in footer  # SOURCE_DATE_EPOCH
    assert f"Contains {len(expected)} events, 1 person, " in footer
    assert tree.root.find("time").attrs["datetime"] == "2023-11-14T22:13:20Z"


def test_no_match_sections_say_so(bilat):
    _, tree = export(bilat, "--since", "2030", "--topic", "rice", "--category", "uav")
    assert section(tree, "events").find("article") is None
    assert "None in this briefing" in section(tree, "events").text()
    assert section(tree, "timeline").find("figure") is None
    assert [a.attrs["id"] for a in section(tree, "equipment").iter("article")] == [
        "entry-gids-shahpar"
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "May 2020"], "--since:"),
        (["--kind", "visitt"], 'unknown kind "visitt"'),
        (["--category", "rader"], 'unknown category "rader"'),
        (["--person", "gids"], '"gids" is an organization, not a person'),
    ],
)
def test_bad_filters_are_usage_errors(bilat, args, message):
    result = bilat("--no-builtin", "--data", str(SMALL), "export", "html", "-o", "-", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("bilat: error: ") and message in result.stderr


def test_writes_a_file(bilat, tmp_path):
    target = tmp_path / "briefing.html"
    result = bilat("--no-builtin", "--data", str(SMALL), "export", "html", "-o", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert os.listdir(tmp_path) == ["briefing.html"]
    parse(target.read_text(encoding="utf-8"))


# -- escaping and safety --


def test_markup_in_the_data_shows_literally(bilat, overlay):
    result, tree = export(bilat, data=overlay)
    page = result.stdout
    assert [n.text() for n in tree.root.iter("h1")] == ["Briefing"]  # no injected heading
    scripts = list(tree.root.iter("script"))
    assert scripts == [] and not list(tree.root.iter("img"))
    event = tree.root.find("article", id="entry-hostile-event")
    assert event.find("h3").text() == SCRIPT
    assert event.find("p", class_="summary").text() == (
        "[bold]x[/] <img src=x onerror=alert(1)> " + TEMPLATE_CODE
    )  # not run as a template
    assert "</section></main><h1>fake</h1>" in event.text()
    assert event.find("blockquote").text() == "</blockquote><script>alert(2)</script>"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and SCRIPT not in page
    source = tree.root.find("li", id="entry-hostile-source")
    assert source.text().startswith(SCRIPT + ', “<b>bold</b> & "quoted"”')


def test_only_web_addresses_become_links(bilat, overlay):
    _, tree = export(bilat, data=overlay)
    for anchor in tree.root.iter("a"):
        assert not anchor.attrs["href"].lower().startswith("javascript")
    source = tree.root.find("li", id="entry-hostile-source")
    assert source.find("a") is None
    assert "address given (not a web link): javascript:alert(1)" in source.text()
    breaker = tree.root.find("li", id="entry-quote-breaker")
    link = breaker.find("a")
    assert link.attrs == {"class": "url", "href": QUOTE_BREAKER}  # no onmouseover attribute


def test_nothing_is_fetched_from_the_network(bilat, overlay):
    """No element that loads anything, no src anywhere, no url() or @import in styles, and
    every link either stays on the page (and finds its target) or is a source's address."""
    result, tree = export(bilat, data=overlay)
    loaders = {
        "script",
        "img",
        "link",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "source",
        "picture",
        "svg",
        "use",
        "image",
        "frame",
        "base",
        "form",
    }
    ids = {n.attrs["id"] for n in tree.root.iter() if "id" in n.attrs}
    addresses = {s.url for s in query_of(overlay).sources() if s.url}
    for node in tree.root.iter():
        assert node.tag not in loaders, node.tag
        assert "src" not in node.attrs and "srcset" not in node.attrs
        assert not any(name.startswith("on") for name in node.attrs), node.attrs
        href = node.attrs.get("href")
        if href is not None:
            if href.startswith("#"):
                assert href[1:] in ids, href
            else:
                assert node.tag == "a" and href in addresses, href
        assert "url(" not in (node.attrs.get("style") or "")
    style = tree.root.find("style").text()
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    policy = tree.root.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert policy.attrs["content"].startswith("default-src 'none'")


def test_print_stylesheet(bilat):
    _, tree = export(bilat)
    style = tree.root.find("style").text()
    assert "@media print" in style and "print-color-adjust: exact" in style


# Pieces of markup often, any printable text sometimes (the loader refuses control characters).
TEXT = (
    st.lists(
        st.one_of(
            st.sampled_from(
                ["<b>", "</p>", "<!--", "&amp;", "&lt;", "<script>", '"', "'", "{{", "%}"]
            ),
            st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=4),
        ),
        min_size=1,
    )
    .map("".join)
    .filter(str.strip)
)


@settings(max_examples=60, deadline=None)
@given(title=TEXT, summary=TEXT, quote=TEXT)
def test_any_text_round_trips_through_the_page(title, summary, quote):
    source = Source("s", title, "Publisher", "other")
    event = Event(
        "e",
        title,
        parse_edtf("2020"),
        "other",
        summary=summary,
        sources=(Citation("s", quote=quote),),
    )
    dataset = Dataset(sources=(source,), events=(event,), by_id={"s": source, "e": event})
    briefing = build(
        Query(dataset), Filters(), title=title, files=[], generated_at=datetime.datetime(2024, 1, 1)
    )
    tree = parse(render(briefing))
    article = tree.root.find("article", id="entry-e")
    assert tree.root.find("h1").text() == title
    assert article.find("h3").text() == title
    assert article.find("p", class_="summary").text() == summary
    assert article.find("blockquote").text() == quote


# -- the built-in dataset, and start-up --


def test_builtin_dataset_renders_whole(bilat):
    _, tree = export(bilat, builtin=True)
    events = Session(data=[]).query().events()
    assert events, "the built-in dataset has events"
    shown = [a.attrs["id"].removeprefix("entry-") for a in section(tree, "events").iter("article")]
    assert shown == [e.id for e in events]
    marked = {
        row.find("a").attrs["href"]
        for panel in section(tree, "timeline").iter("figure")
        for row in panel.iter("li")
    }
    assert marked == {f"#entry-{e.id}" for e in events}


def test_same_page_from_the_files_and_from_the_cache(bilat, overlay):
    """The first run reads the files (and writes the index); the second answers from the
    index. With SOURCE_DATE_EPOCH set, the pages are identical byte for byte."""
    first, _ = export(bilat, data=overlay)
    assert os.listdir(Path(os.environ["XDG_CACHE_HOME"]) / "bilat"), "no index was written"
    second, _ = export(bilat, data=overlay)
    uncached = bilat(
        "--no-cache",
        "--no-builtin",
        "--data",
        str(SMALL),
        "--data",
        str(overlay),
        "export",
        "html",
        "-o",
        "-",
        env={"SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert first.stdout == second.stdout == uncached.stdout


def test_start_up_does_not_import_jinja():
    code = (
        "import sys, bilat.cli.app, bilat.cli.export; "
        "print(sorted(m for m in ('jinja2', 'markupsafe', 'bilat.html') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- timeline geometry --


def event(entry_id: str, date: str) -> Event:
    return Event(entry_id, entry_id, parse_edtf(date), "other")


def test_panels_split_at_long_gaps_and_keep_date_order():
    events = [
        event("a", "1890~/1910~"),
        event("b", "1991-12-12"),
        event("c", "1997"),
        event("d", "2023-05?"),
    ]
    found = timeline.panels(events)
    assert [p.caption for p in found] == ["1890–1910", "1991–1997", "2023"]
    assert [[m.event.id for m in p.marks] for p in found] == [["a"], ["b", "c"], ["d"]]


def test_marks_span_the_possible_days():
    one_year = timeline.panels([event("m", "2023-05"), event("d", "2023-12-31")])
    assert len(one_year) == 1
    month, day = one_year[0].marks
    assert month.left == pytest.approx(100 * 120 / 365, abs=0.01)  # 1 May is day 121
    assert month.width == pytest.approx(100 * 31 / 365, abs=0.01)
    assert (day.point, day.width) == (True, 0.0)
    assert [t.label for t in one_year[0].ticks][:3] == ["Jan", "Feb", "Mar"]
    opened = timeline.panels([event("o", "2020-09/..")])[0].marks[0]
    assert opened.open_end and opened.left + opened.width == pytest.approx(100)
    assert opened.classes == "mark band open-end"


def test_a_crowded_year_gets_a_detail_panel():
    events = [
        event("x", "2017-11"),
        *(event(f"v{i}", f"2023-05-0{i}") for i in range(1, 4)),
        event("y", "2025"),
    ]
    found = timeline.panels(events)
    assert [p.caption for p in found] == ["2017–2025", "Detail: 2023, by month"]
    assert [m.event.id for m in found[1].marks] == ["v1", "v2", "v3"]
    assert all(m.point for m in found[1].marks)


def test_ticks_stay_few_and_inside_the_panel():
    for dates in (["1000", "2020"], ["1990", "1993"], ["2000", "2001"]):
        panel = timeline.panels([event(d, d) for d in dates])[0]
        assert 2 <= len(panel.ticks) <= 13
        assert all(0 <= t.left < 100 for t in panel.ticks)


def test_text_colours_pass_wcag_aa_contrast(bilat):
    """Every colour the stylesheet gives text (ink, muted, accent) is at least 4.5:1 on
    white, WCAG AA for body text."""
    _, tree = export(bilat)
    style = tree.root.find("style").text()
    colours = dict(re.findall(r"--(ink|muted|accent):\s*#([0-9a-f]{6})", style))
    assert set(colours) == {"ink", "muted", "accent"}

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for name, colour in colours.items():
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, name


def test_the_briefing_takes_the_timeline_s_checks(bilat, tmp_path):
    page = tmp_path / "b.html"
    by_name = bilat(
        "--no-cache",
        "export",
        "html",
        "-o",
        str(page),
        "--person",
        "Karim Valiyev",
        "--kind",
        "Meeting",
    )
    assert by_name.exit_code == 0, by_name.stderr
    assert "valiyev-meets-munir-2023" in page.read_text(encoding="utf-8")
    reversed_range = bilat(
        "--no-cache", "export", "html", "-o", str(page), "--since", "2024", "--until", "2020"
    )
    assert reversed_range.exit_code == 2


def seen_text(tree: TreeBuilder, node: Node) -> str:
    """A node's text as a reader sees it: after any CSS text-transform the page gives its
    classes (the page's own stylesheet is all there is: nothing is fetched)."""
    css = "".join(style.text() for style in tree.root.iter("style"))
    text = node.text().strip()
    for name in node.classes():
        for rule in re.findall(rf"\.{re.escape(name)}\s*\{{([^}}]*)\}}", css):
            transform = re.search(r"text-transform:\s*([a-z-]+)", rule)
            if transform and transform.group(1) == "capitalize":
                text = " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
            elif transform and transform.group(1) == "uppercase":
                text = text.upper()
            elif transform and transform.group(1) == "lowercase":
                text = text.lower()
    return text


def test_stance_headings_read_in_sentence_case(bilat):
    """They read "Offered Offered To Azerbaijan (AZ)", then "In Service In Pakistan (PK)"
    (CSS capitalize on every word): a heading is a sentence, its first letter capital."""
    _, tree = export(bilat, builtin=True)
    seen = {seen_text(tree, n) for n in tree.root.iter("strong") if "stance" in n.classes()}
    assert {"Offered to Azerbaijan (AZ)", "In service in Pakistan (PK)"} <= seen
    stance_words = {w for text in seen for w in text.lower().split() if "(" not in w}
    stance_words -= {"azerbaijan", "pakistan", "türkiye"}  # names keep their capital
    for text in seen:
        first, *rest = text.split()
        assert first[0].isupper(), text
        assert not [w for w in rest if w.lower() in stance_words and w != w.lower()], text
