"""Hostile and broken input: every file is untrusted. Whatever bilat is given, it answers with
a located message and the right exit code, or with correct output — never a traceback, a
hang, a rewritten terminal, or a formula that runs in a spreadsheet."""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SMALL, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bilat
from bilat import schema

SOURCE = '[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\nkind = "article"\n'
ENV_SRC = str(Path(bilat.__file__).resolve().parents[1])


def no_traceback(result) -> None:
    """A CliRunner result ended through bilat's exit point, not an escaped exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert "Traceback" not in result.stdout + result.stderr


def validate(bilat, path: Path):
    result = bilat("--no-builtin", "--no-cache", "validate", str(path))
    no_traceback(result)
    return result


def one_error(bilat, path: Path, *fragments: str) -> str:
    result = validate(bilat, path)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("bilat: error: ") for line in lines)
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    return result.stderr


# -- broken files --

@pytest.mark.parametrize("text, where, fragment", [
    ('[[sources]\nid = "s"\n', ":1:", "TOML syntax error"),
    ('[[sources]]\nid = "s\n', ":2:", "TOML syntax error"),
    ('[[sources]]\nid = \n', ":2:", "TOML syntax error"),
    ('[[sources]]\nid = "s"\nid = "t"\n', ":3:", "TOML syntax error"),  # duplicate key
    ('[[sources]]\n= "x"\n', ":2:", "TOML syntax error"),
    ('[[sources]]\nid = "s" "t"\n', ":2:", "TOML syntax error"),
    ('[[sources]]\ntitle = """never closed\n', ":3:", "TOML syntax error"),  # at EOF
    ("[[sources]]\nid = 'a\\n\n", ":3:", "TOML syntax error"),
    ('sources = 5\n[[sources]]\n', ":2:", "TOML syntax error"),
    ('[[sources]]\ndate = 2023-02-30\n', ":2:", "TOML syntax error"),
    ('[[sources]]\nx = [1, 2\n', ":3:", "TOML syntax error"),
    ('[[sources]]\nx = { a = 1\n', ":3:", "TOML syntax error"),
    ("\x00", ":1:", "TOML syntax error"),
])
def test_toml_syntax_errors_are_located(bilat, tmp_path, text, where, fragment):
    path = write(tmp_path, text)
    stderr = one_error(bilat, path, fragment, f"{path}{where}")
    assert stderr.splitlines()[1:] == ["bilat: error: 1 problem in 1 file"]


def test_top_level_value_of_the_wrong_shape(bilat, tmp_path):
    one_error(bilat, write(tmp_path, 'sources = "x"\n'), '"sources" must be an array of tables')
    one_error(bilat, write(tmp_path, "sources = [1, 2]\n"), "must be an array of tables")
    one_error(bilat, write(tmp_path, 'title = "x"\n'), 'unknown table "title"')


def test_deep_nesting_is_a_message_not_a_crash(bilat, tmp_path):
    for depth in (200, 5000, 100000):
        path = write(tmp_path, SOURCE + "notes = " + "[" * depth + "]" * depth + "\n")
        result = validate(bilat, path)
        assert result.exit_code == 1
        assert str(path) in result.stderr


def test_deep_inline_tables(bilat, tmp_path):
    path = write(tmp_path, SOURCE + "notes = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n")
    assert validate(bilat, path).exit_code == 1


def test_very_large_file_and_very_long_strings(bilat, tmp_path):
    long_title = "x" * 2_000_000
    path = write(tmp_path, SOURCE.replace('title = "T"', f'title = "{long_title}"'))
    start = time.monotonic()
    result = validate(bilat, path)
    assert result.exit_code == 0 and time.monotonic() - start < 20
    listing = bilat("--no-builtin", "--no-cache", "--data", str(path), "sources", "-f", "plain")
    assert listing.exit_code == 0 and long_title in listing.stdout


def test_unreadable_file(bilat, tmp_path, monkeypatch):
    path = write(tmp_path, SOURCE)

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    one_error(bilat, path, f"{path}: cannot read: Permission denied")


def test_utf16_file_is_reported_as_not_utf8(bilat, tmp_path):
    path = tmp_path / "utf16.toml"
    path.write_bytes(SOURCE.encode("utf-16"))
    one_error(bilat, path, "not valid UTF-8")


# -- wrong data --

WRONG_VALUES = {"an integer": 5, "a float": 1.5, "a boolean": True, "an array": ["x"],
                "a table": {"a": "b"}, "a string": "text",
                "a date": datetime.date(1991, 12, 12)}


def _toml_value(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)


MINIMAL = {
    "sources": {"title": "T", "publisher": "P", "kind": "article"},
    "people": {"name": "N", "sources": [{"source": "s", "quote": "q"}]},
    "organizations": {"name": "N", "kind": "company", "sources": [{"source": "s", "quote": "q"}]},
    "events": {"title": "T", "date": "2020", "kind": "visit",
               "sources": [{"source": "s", "quote": "q"}]},
    "equipment": {"name": "N", "category": "radar", "sources": [{"source": "s", "quote": "q"}]},
    "statements": {"by": "p", "summary": "S", "sources": [{"source": "s", "quote": "q"}]},
}
ACCEPTS = {schema.TEXT: {"a string"}, schema.SLUG: set(), schema.TEXTS: {"an array"},
           schema.SLUGS: {"an array"}, schema.COUNTRY: set(), schema.COUNTRIES: set(),
           schema.DATE: {"a date"}, schema.ENUM: set(), schema.REF: set(), schema.REFS: set(),
           schema.CITATIONS: set(), schema.ROLES: set(), schema.MENTIONS: set(),
           schema.BOOL: {"a boolean"}}
CASES = [(kind.table, spec.name, label)
         for kind in schema.KINDS for spec in kind.fields
         for label in WRONG_VALUES if label not in ACCEPTS[spec.type]]


@pytest.mark.parametrize("table, field, label", CASES)
def test_every_field_with_every_wrong_type(bilat, tmp_path, table, field, label):
    fields = dict(MINIMAL[table])
    fields[field] = WRONG_VALUES[label]
    body = "".join(f"{k} = {_toml_value(v)}\n" for k, v in fields.items())
    person = ('[[people]]\nid = "p"\nname = "P"\n'
              'sources = [{ source = "s", quote = "q" }]\n' if table != "people" else "")
    path = write(tmp_path, SOURCE + person + f'[[{table}]]\nid = "x"\n' + body)
    result = validate(bilat, path)
    assert result.exit_code == 1, f"{table}.{field} = {label} was accepted"
    assert f"{field}" in result.stderr and str(path) in result.stderr


@pytest.mark.parametrize("date", ["2023-02-29", "2023-13", "1991-12-32", "12/12/1991", "May 2023",
                                  "0000", "2023-5", "20230512", "2020/2019", "..", "2023-02-30?",
                                  "1985-XX-04", "XXXX", "-100", "2023-05-12T10:00", " ", ""])
def test_impossible_and_malformed_dates(bilat, tmp_path, date):
    path = write(tmp_path, SOURCE + '[[events]]\nid = "e"\ntitle = "T"\nkind = "visit"\n'
                 f'date = {json.dumps(date)}\nsources = [{{ source = "s", quote = "q" }}]\n')
    one_error(bilat, path, 'event "e": date:')


@pytest.mark.parametrize("char", ["\\u0000", "\\u0007", "\\u001b", "\\u009b", "\\r", "\\u007f",
                                  "\\u202e", "\\u2066"])
def test_control_and_bidi_characters_in_strings_are_rejected(bilat, tmp_path, char):
    path = write(tmp_path, SOURCE.replace('title = "T"', f'title = "A{char}B"'))
    one_error(bilat, path, 'source "s": title: contains')


def test_newlines_and_tabs_in_text_are_fine(bilat, tmp_path):
    path = write(tmp_path, SOURCE.replace('title = "T"', 'title = "line\\nnext\\tcol"'))
    assert validate(bilat, path).exit_code == 0


def test_self_reference_and_wrong_kind_reference(bilat, tmp_path):
    path = write(tmp_path, SOURCE + '[[statements]]\nid = "st"\nby = "s"\nsummary = "S"\n'
                 'about = ["st"]\nsources = [{ source = "s", quote = "q" }]\n')
    stderr = one_error(bilat, path)
    assert 'by: "s" is a source; expected person' in stderr
    assert "about[0]: an entry cannot refer to itself" in stderr


def test_duplicate_ids_within_and_across_kinds(bilat, tmp_path):
    path = write(tmp_path, SOURCE + SOURCE + '[[people]]\nid = "s"\nname = "N"\n'
                 'sources = [{ source = "s", quote = "q" }]\n')
    stderr = one_error(bilat, path)
    assert stderr.count("duplicate id") == 2


# -- terminal injection --

NASTY = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\\x1b[2J\x07\r"


@pytest.mark.parametrize("args", [
    ["show", NASTY],
    ["equipment", "--category", NASTY],
    ["timeline", "--country", NASTY],
    ["--data", f"/nonexistent/{NASTY}.toml", "timeline"],
    ["timeline", f"--{NASTY}"],
    [NASTY],
])
def test_error_messages_never_pass_escape_sequences(bilat, args):
    result = bilat.small(*args) if args[0] != "--data" else bilat(*args)
    no_traceback(result)
    assert result.exit_code in (1, 2)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\r" not in result.stderr
    assert "\\x1b" in result.stderr  # shown, made visible


def test_unknown_field_names_with_escapes_are_made_visible(bilat, tmp_path):
    path = write(tmp_path, SOURCE + '"\\u001b[31mred" = 1\n')
    stderr = one_error(bilat, path, "\\x1b[31mred")
    assert "\x1b" not in stderr


MARKUP = "[bold]x[/bold] [/] [link=http://evil.example]y[/link] [red"


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "json", "csv", "tsv"])
def test_rich_markup_in_data_is_shown_literally(bilat, tmp_path, fmt):
    overlay = write(tmp_path, f'[[events]]\nid = "m"\ntitle = "{MARKUP}"\ndate = "2024"\n'
                    'kind = "other"\nsources = [{ source = "paper-1", quote = "q" }]\n')
    args = ["--no-builtin", "--data", str(SMALL), "--data", str(overlay)]
    listing = bilat(*args, "timeline", "--since", "2024", "--format", fmt)
    no_traceback(listing)
    assert listing.exit_code == 0
    shown = bilat(*args, "show", "m", "--format", fmt)
    assert shown.exit_code == 0
    if fmt in ("plain", "csv", "tsv"):
        assert MARKUP in listing.stdout
    if fmt == "table":  # the title may wrap between its words, but every word is literal
        assert all(word in listing.stdout.split() for word in MARKUP.split())
    assert "\x1b" not in listing.stdout + shown.stdout


def test_wide_and_narrow_terminals(bilat):
    for width in ("20", "400"):
        result = bilat.small("timeline", "--format", "table", env={"COLUMNS": width})
        assert result.exit_code == 0
        # Only an id longer than the terminal passes its edge, alone on its line (whole).
        assert all(len(line) <= int(width) or " " not in line
                   for line in result.stdout.splitlines())


# -- process faults --

def run_installed(args: list[str], **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": ENV_SRC, **kwargs.pop("env", {})}
    return subprocess.Popen([sys.executable, "-m", "bilat", *args], env=env, **kwargs)


def big_file(tmp_path: Path, events: int) -> Path:
    parts = [SOURCE]
    parts += [f'[[events]]\nid = "e{i}"\ntitle = "Event {i}"\ndate = "2000"\nkind = "other"\n'
              'sources = [{ source = "s", quote = "q" }]\n' for i in range(events)]
    return write(tmp_path, "".join(parts), "big.toml")


@pytest.mark.parametrize("fmt", ["plain", "csv", "tsv", "ndjson", "markdown"])
def test_closed_pipe_in_every_format(tmp_path, fmt):
    data = big_file(tmp_path, 3000)
    process = run_installed(["--no-builtin", "--no-cache", "--data", str(data), "timeline",
                             "--format", fmt], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert stderr == ""


def test_closed_stdout_is_an_error_not_a_traceback(tmp_path):
    result = subprocess.run(
        f'"{sys.executable}" -m bilat timeline >&-', shell=True, capture_output=True,
        env={**os.environ, "PYTHONPATH": ENV_SRC, "XDG_CACHE_HOME": str(tmp_path)}, timeout=60)
    assert b"Traceback" not in result.stderr
    assert result.returncode == 1 and result.stderr.startswith(b"bilat: error: ")


def test_ctrl_c_exits_130_without_traceback(tmp_path):
    data = big_file(tmp_path, 60000)
    process = run_installed(["--no-builtin", "--no-cache", "--data", str(data), "timeline"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr


def test_dumb_terminal_and_no_color(bilat):
    for env in ({"TERM": "dumb"}, {"NO_COLOR": "1"}):
        result = bilat.small("timeline", "--format", "table", env=env)
        assert result.exit_code == 0 and "\x1b" not in result.stdout


# -- property: random and mutated files --

SEED = SMALL.read_text(encoding="utf-8")


@st.composite
def mutated_files(draw) -> str:
    lines = SEED.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "truncate",
                                       "swap"]))
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "insert":
            lines.insert(at, draw(st.text(max_size=40)) + "\n")
        elif action == "replace":
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.text(max_size=8)) + line[cut:]
        elif action == "truncate":
            lines = lines[:at]
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
    return "".join(lines)


@st.composite
def random_files(draw) -> str:
    """Syntactically valid TOML with random kinds, fields and values."""
    values = st.recursive(
        st.none().map(lambda _: '""') | st.integers().map(str) | st.booleans().map(
            lambda b: "true" if b else "false") | st.text(max_size=12).map(json.dumps)
        | st.sampled_from(['"2020"', '"radar"', '"s"', '"AZ"', '"1991-12-12"', "1991-12-12"]),
        lambda inner: st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        max_leaves=6)
    tables = [k.table for k in schema.KINDS] + ["other"]
    out = []
    for _ in range(draw(st.integers(0, 4))):
        table = draw(st.sampled_from(tables))
        kind = schema.KIND_BY_TABLE.get(table)
        names = ["id"] + ([f.name for f in kind.fields] if kind else []) + ["bogus"]
        out.append(f"[[{table}]]\n")
        for name in draw(st.lists(st.sampled_from(names), max_size=6, unique=True)):
            out.append(f"{name} = {draw(values)}\n")
    return "".join(out)


@settings(max_examples=120, deadline=5000, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(text=st.one_of(mutated_files(), random_files()))
def test_any_file_gets_a_clean_answer(bilat, tmp_path_factory, text):
    path = tmp_path_factory.mktemp("prop") / "data.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for args in (["validate", str(path)], ["--data", str(path), "timeline", "-f", "json"]):
        start = time.monotonic()
        result = bilat("--no-builtin", "--no-cache", *args)
        assert time.monotonic() - start < 5
        no_traceback(result)
        assert result.exit_code in (0, 1, 2)
        if result.exit_code != 0:
            assert result.stderr.startswith("bilat: error: ")
        assert "\x1b" not in result.stderr
