"""Hostile and broken input: every file is untrusted. Whatever bilat is given, it answers with
a located message and the right exit code, or with correct output — never a traceback, a
hang, a rewritten terminal, or a formula that runs in a spreadsheet."""

from __future__ import annotations

import datetime
import json
import os
import re
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
from bilat import load as loader
from bilat import schema

SOURCE = '[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\nkind = "article"\n'
ENV_SRC = str(Path(bilat.__file__).resolve().parents[1])


def no_traceback(result) -> None:
    """A CliRunner result ended through bilat's exit point, not an escaped exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
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


@pytest.mark.parametrize(
    "text, where, fragment",
    [
        ('[[sources]\nid = "s"\n', ":1:", "TOML syntax error"),
        ('[[sources]]\nid = "s\n', ":2:", "TOML syntax error"),
        ("[[sources]]\nid = \n", ":2:", "TOML syntax error"),
        ('[[sources]]\nid = "s"\nid = "t"\n', ":3:", "TOML syntax error"),  # duplicate key
        ('[[sources]]\n= "x"\n', ":2:", "TOML syntax error"),
        ('[[sources]]\nid = "s" "t"\n', ":2:", "TOML syntax error"),
        ('[[sources]]\ntitle = """never closed\n', ":3:", "TOML syntax error"),  # at EOF
        ("[[sources]]\nid = 'a\\n\n", ":3:", "TOML syntax error"),
        ("sources = 5\n[[sources]]\n", ":2:", "TOML syntax error"),
        ("[[sources]]\ndate = 2023-02-30\n", ":2:", "TOML syntax error"),
        ("[[sources]]\nx = [1, 2\n", ":3:", "TOML syntax error"),
        ("[[sources]]\nx = { a = 1\n", ":3:", "TOML syntax error"),
        ("\x00", ":1:", "TOML syntax error"),
    ],
)
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

    def refuse(path, limit):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("bilat.files.read.read_bounded", refuse)
    one_error(bilat, path, f"{path}: cannot read: Permission denied")


def test_utf16_file_is_reported_as_not_utf8(bilat, tmp_path):
    path = tmp_path / "utf16.toml"
    path.write_bytes(SOURCE.encode("utf-16"))
    one_error(bilat, path, "not valid UTF-8")


# -- wrong data --

WRONG_VALUES = {
    "an integer": 5,
    "a float": 1.5,
    "a boolean": True,
    "an array": ["x"],
    "a table": {"a": "b"},
    "a string": "text",
    "a date": datetime.date(1991, 12, 12),
}


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
    "events": {
        "title": "T",
        "date": "2020",
        "kind": "visit",
        "sources": [{"source": "s", "quote": "q"}],
    },
    "equipment": {"name": "N", "category": "radar", "sources": [{"source": "s", "quote": "q"}]},
    "statements": {"by": "p", "summary": "S", "sources": [{"source": "s", "quote": "q"}]},
}
ACCEPTS = {
    schema.TEXT: {"a string"},
    schema.SLUG: set(),
    schema.TEXTS: {"an array"},
    schema.SLUGS: {"an array"},
    schema.COUNTRY: set(),
    schema.COUNTRIES: set(),
    schema.DATE: {"a date"},
    schema.ENUM: set(),
    schema.ENUMS: set(),
    schema.REF: set(),
    schema.REFS: set(),
    schema.CITATIONS: set(),
    schema.ROLES: set(),
    schema.MENTIONS: set(),
    schema.SPEAKERS: set(),
    schema.BOOL: {"a boolean"},
}
CASES = [
    (kind.table, spec.name, label)
    for kind in schema.KINDS
    for spec in kind.fields
    for label in WRONG_VALUES
    if label not in ACCEPTS[spec.type]
]


@pytest.mark.parametrize("table, field, label", CASES)
def test_every_field_with_every_wrong_type(bilat, tmp_path, table, field, label):
    fields = dict(MINIMAL[table])
    fields[field] = WRONG_VALUES[label]
    body = "".join(f"{k} = {_toml_value(v)}\n" for k, v in fields.items())
    person = (
        '[[people]]\nid = "p"\nname = "P"\nsources = [{ source = "s", quote = "q" }]\n'
        if table != "people"
        else ""
    )
    path = write(tmp_path, SOURCE + person + f'[[{table}]]\nid = "x"\n' + body)
    result = validate(bilat, path)
    assert result.exit_code == 1, f"{table}.{field} = {label} was accepted"
    assert f"{field}" in result.stderr and str(path) in result.stderr


@pytest.mark.parametrize(
    "date",
    [
        "2023-02-29",
        "2023-13",
        "1991-12-32",
        "12/12/1991",
        "May 2023",
        "0000",
        "2023-5",
        "20230512",
        "2020/2019",
        "..",
        "2023-02-30?",
        "1985-XX-04",
        "XXXX",
        "-100",
        "2023-05-12T10:00",
        " ",
        "",
    ],
)
def test_impossible_and_malformed_dates(bilat, tmp_path, date):
    path = write(
        tmp_path,
        SOURCE + '[[events]]\nid = "e"\ntitle = "T"\nkind = "visit"\n'
        f'date = {json.dumps(date)}\nsources = [{{ source = "s", quote = "q" }}]\n',
    )
    one_error(bilat, path, 'event "e": date:')


@pytest.mark.parametrize(
    "char", ["\\u0000", "\\u0007", "\\u001b", "\\u009b", "\\r", "\\u007f", "\\u202e", "\\u2066"]
)
def test_control_and_bidi_characters_in_strings_are_rejected(bilat, tmp_path, char):
    path = write(tmp_path, SOURCE.replace('title = "T"', f'title = "A{char}B"'))
    one_error(bilat, path, 'source "s": title: contains')


def test_newlines_and_tabs_in_text_are_fine(bilat, tmp_path):
    path = write(tmp_path, SOURCE.replace('title = "T"', 'title = "line\\nnext\\tcol"'))
    assert validate(bilat, path).exit_code == 0


def test_self_reference_and_wrong_kind_reference(bilat, tmp_path):
    path = write(
        tmp_path,
        SOURCE + '[[statements]]\nid = "st"\nby = "s"\nsummary = "S"\n'
        'about = ["st"]\nsources = [{ source = "s", quote = "q" }]\n',
    )
    stderr = one_error(bilat, path)
    assert 'by: "s" is a source; expected person' in stderr
    assert "about[0]: an entry cannot refer to itself" in stderr


def test_duplicate_ids_within_and_across_kinds(bilat, tmp_path):
    path = write(
        tmp_path,
        SOURCE + SOURCE + '[[people]]\nid = "s"\nname = "N"\n'
        'sources = [{ source = "s", quote = "q" }]\n',
    )
    stderr = one_error(bilat, path)
    assert stderr.count("duplicate id") == 2


# -- terminal injection --

NASTY = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\\x1b[2J\x07\r"


@pytest.mark.parametrize(
    "args",
    [
        ["show", NASTY],
        ["equipment", "--category", NASTY],
        ["timeline", "--country", NASTY],
        ["--data", f"/nonexistent/{NASTY}.toml", "timeline"],
        ["timeline", f"--{NASTY}"],
        [NASTY],
    ],
)
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
    overlay = write(
        tmp_path,
        f'[[events]]\nid = "m"\ntitle = "{MARKUP}"\ndate = "2024"\n'
        'kind = "other"\nsources = [{ source = "paper-1", quote = "q" }]\n',
    )
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
        assert all(
            len(line) <= int(width) or " " not in line for line in result.stdout.splitlines()
        )


# -- process faults --


def run_installed(args: list[str], **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": ENV_SRC, **kwargs.pop("env", {})}
    return subprocess.Popen([sys.executable, "-m", "bilat", *args], env=env, **kwargs)


def big_file(tmp_path: Path, events: int) -> Path:
    parts = [SOURCE]
    parts += [
        f'[[events]]\nid = "e{i}"\ntitle = "Event {i}"\ndate = "2000"\nkind = "other"\n'
        'sources = [{ source = "s", quote = "q" }]\n'
        for i in range(events)
    ]
    return write(tmp_path, "".join(parts), "big.toml")


@pytest.mark.parametrize("fmt", ["plain", "csv", "tsv", "ndjson", "markdown"])
def test_closed_pipe_in_every_format(tmp_path, fmt):
    data = big_file(tmp_path, 3000)
    process = run_installed(
        ["--no-builtin", "--no-cache", "--data", str(data), "timeline", "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert stderr == ""


def test_closed_stdout_is_an_error_not_a_traceback(tmp_path):
    result = subprocess.run(
        f'"{sys.executable}" -m bilat timeline >&-',
        shell=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": ENV_SRC, "XDG_CACHE_HOME": str(tmp_path)},
        timeout=60,
    )
    assert b"Traceback" not in result.stderr
    assert result.returncode == 1 and result.stderr.startswith(b"bilat: error: ")


def test_ctrl_c_exits_130_without_traceback(tmp_path):
    """SIGINT while bilat waits for its data, with no sleep to guess when that is: the data
    file is a FIFO nothing is ever written to. Opening it for writing succeeds only once bilat
    has opened it to read (long after Python set up its SIGINT handler), and then bilat stays
    blocked reading it until the signal comes."""
    fifo = tmp_path / "data.toml"
    os.mkfifo(fifo)
    process = run_installed(
        ["--no-builtin", "--no-cache", "--data", str(fifo), "timeline"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    writer = None
    deadline = time.monotonic() + 60
    while writer is None:
        try:  # ENXIO until a reader has the FIFO open
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "bilat never opened its data file"
            time.sleep(0.005)
    try:
        process.send_signal(signal.SIGINT)
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=60)
    finally:
        os.close(writer)
    assert (code, stderr) == (130, "bilat: error: interrupted\n")


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
        action = draw(
            st.sampled_from(["delete", "duplicate", "insert", "replace", "truncate", "swap"])
        )
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
        st.none().map(lambda _: '""')
        | st.integers().map(str)
        | st.booleans().map(lambda b: "true" if b else "false")
        | st.text(max_size=12).map(json.dumps)
        | st.sampled_from(['"2020"', '"radar"', '"s"', '"AZ"', '"1991-12-12"', "1991-12-12"]),
        lambda inner: st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        max_leaves=6,
    )
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


@settings(
    max_examples=120,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
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


# -- the cache: never a stale or planted answer (issue 11) --


def json_sources(bilat, data: Path, *extra: str):
    return bilat("--no-builtin", "--data", str(data), *extra, "sources", "-f", "json")


def index_files(root: Path) -> list[Path]:
    folder = root / "bilat"
    return sorted(folder.glob("*.sqlite")) if folder.is_dir() else []


def test_an_edit_saved_while_loading_is_never_cached(bilat, tmp_path, monkeypatch):
    data = write(tmp_path, SMALL.read_text(encoding="utf-8"))
    original = loader.load_dataset

    def edit_while_loading(files, documents=None):
        dataset = original(files, documents)  # what was read: the old, valid version
        with open(data, "a", encoding="utf-8") as out:
            out.write('[[sources]]\nid = "half-typed"\n')  # the edit makes the file invalid
        return dataset

    monkeypatch.setattr(loader, "load_dataset", edit_while_loading)
    assert json_sources(bilat, data).exit_code == 0
    monkeypatch.setattr(loader, "load_dataset", original)
    again = json_sources(bilat, data)
    assert again.exit_code == 1 and "missing required field" in again.stderr


def test_a_same_size_edit_with_its_time_put_back_is_noticed(bilat, tmp_path):
    padding = "# " + "x" * 1000 + "\n"
    text = padding * 700 + SMALL.read_text(encoding="utf-8") + padding * 700  # ~1.4 MB
    data = write(tmp_path, text)
    before = json_sources(bilat, data)
    assert "An interview about cooperation" in before.stdout
    stamp = data.stat()
    with open(data, "r+b") as handle:  # rsync --inplace: same size, in the middle
        handle.write(text.replace("about cooperation", "about coordinated").encode())
    os.utime(data, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # touch -d, cp -p
    assert data.stat().st_size == stamp.st_size
    after = json_sources(bilat, data)
    assert "An interview about coordinated" in after.stdout, after.stdout


def test_planted_damaged_or_unsafe_records_are_never_shown(bilat, tmp_path, monkeypatch):
    import sqlite3

    cache = Path(os.environ["XDG_CACHE_HOME"])
    expected = bilat.small("sources", "-f", "plain").stdout
    expected_json = bilat.small("--no-cache", "sources", "-f", "json").stdout
    [path] = index_files(cache)
    for sql in [
        "UPDATE entries SET record = replace(record, 'Example Daily', 'Example\\u001b[2JDaily')",
        "UPDATE entries SET record = substr(record, 1, length(record) - 9)",
        "UPDATE entries SET label = 'Evil' || char(27) || '[2J'",
    ]:
        db = sqlite3.connect(path)
        db.execute(sql)
        db.commit()
        db.close()
        for fmt in ("plain", "json"):
            result = bilat.small("sources", "-f", fmt)
            no_traceback(result)
            assert result.exit_code == 0 and "\x1b" not in result.stdout + result.stderr
            assert result.stdout == (expected if fmt == "plain" else expected_json)
            json.loads(expected_json)
        bilat.small("sources")  # the damaged index was dropped: make a fresh one
        [path] = index_files(cache)


def test_a_record_planted_with_a_valid_checksum_is_still_checked(bilat, tmp_path):
    import sqlite3

    from bilat.query import index

    expected = bilat.small("--no-cache", "sources", "-f", "plain").stdout
    [path] = (
        index_files(Path(os.environ["XDG_CACHE_HOME"]))
        or (bilat.small("sources"), index_files(Path(os.environ["XDG_CACHE_HOME"])))[1]
    )
    db = sqlite3.connect(path)
    for seq, entry_id, type_name, label, text, *rest in db.execute(
        "SELECT seq, id, type, label, record, lower, upper, date_text, kind FROM entries"
    ).fetchall():
        text = text.replace("Example Daily", "Example\\u009b2JDaily\\u001b]8;;x")
        db.execute(
            "UPDATE entries SET record = ?, crc = ? WHERE seq = ?",
            (text, index._row_crc(seq, entry_id, type_name, label, text, *rest), seq),
        )
    db.commit()
    db.close()
    result = bilat.small("sources", "-f", "plain")
    assert result.exit_code == 0 and result.stdout == expected


@pytest.mark.parametrize(
    "fault", ["group-writable directory", "world-writable index", "another user's index"]
)
def test_a_cache_others_can_write_is_not_used(bilat, tmp_path, monkeypatch, fault):
    cache = Path(os.environ["XDG_CACHE_HOME"])
    bilat.small("sources")
    [path] = index_files(cache)
    if fault == "group-writable directory":
        (cache / "bilat").chmod(0o775)
    elif fault == "world-writable index":
        path.chmod(0o666)
    else:
        if os.geteuid() != 0:
            pytest.skip("needs root to give a file to another user")
        os.chown(path, 65534, 65534)
    calls = []
    original = loader.load_dataset
    monkeypatch.setattr(
        loader, "load_dataset", lambda files, **kw: calls.append(1) or original(files, **kw)
    )
    result = bilat.small("sources", "-f", "json")
    assert result.exit_code == 0 and calls == [1]  # answered from the files
    assert result.stderr.count("bilat: warning: not using the cache") == 1


def test_a_cache_path_with_uri_characters_is_used_and_leaves_nothing_stray(
    bilat, tmp_path, monkeypatch
):
    root = tmp_path / "odd #1? 100%41"
    monkeypatch.setenv("XDG_CACHE_HOME", str(root))
    first = bilat.small("sources", "-f", "json")
    monkeypatch.setattr(loader, "load_dataset", lambda files: pytest.fail("cache not used"))
    second = bilat.small("sources", "-f", "json")
    assert second.exit_code == 0 and second.stdout == first.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [root.name]
    assert [p.name for p in (root / "bilat").iterdir() if p.suffix == ".sqlite"] == [
        p.name for p in index_files(root)
    ]
    assert len(index_files(root)) == 1


def test_every_spelling_of_a_path_shares_one_index(bilat, tmp_path, monkeypatch):
    cache = Path(os.environ["XDG_CACHE_HOME"])
    data = write(tmp_path, SMALL.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    for spelling in (
        "data.toml",
        "./data.toml",
        str(data),
        f"{tmp_path}/../{tmp_path.name}/data.toml",
    ):
        assert json_sources(bilat, Path(spelling)).exit_code == 0
    assert len(index_files(cache)) == 1


def test_one_builder_per_index_the_others_answer_from_memory(bilat, tmp_path):
    from bilat.files import cachedir
    from bilat.files.paths import data_paths
    from bilat.query import index

    cache = Path(os.environ["XDG_CACHE_HOME"])
    files = data_paths([str(SMALL)], False)
    key = index.cache_key(files)
    (cache / "bilat").mkdir(mode=0o700)
    lock = cachedir.BuildLock(cache / "bilat", index.cache_path(cache / "bilat", key).name)
    assert lock.acquire()
    result = bilat.small("sources", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert index_files(cache) == []  # someone else is building it
    lock.release()
    assert bilat.small("sources", "-f", "json").stdout == result.stdout
    assert len(index_files(cache)) == 1


def test_the_cache_is_bounded_in_size(bilat, tmp_path, monkeypatch):
    from bilat.files import cachedir

    cache = Path(os.environ["XDG_CACHE_HOME"])
    bilat.small("sources")
    [first] = index_files(cache)
    size = first.stat().st_size
    monkeypatch.setattr(cachedir, "MAX_BYTES", size * 2)
    for number in range(4):
        data = write(tmp_path, SMALL.read_text(encoding="utf-8"), f"copy{number}.toml")
        assert json_sources(bilat, data).exit_code == 0
    found = index_files(cache)
    assert 1 <= len(found) <= 2 and sum(p.stat().st_size for p in found) <= 2 * size


def test_ctrl_c_while_the_cache_is_written_leaves_no_temporary_file(tmp_path, monkeypatch):
    from bilat.files.paths import data_paths
    from bilat.query import build, index

    files = data_paths([str(SMALL)], False)
    key = index.cache_key(files)

    def interrupted(connection, dataset):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "_fill", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build.write_index(loader.load_dataset(files), files, tmp_path, key=key)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_temporary_files_of_killed_runs_are_cleaned(bilat):
    cache = Path(os.environ["XDG_CACHE_HOME"])
    bilat.small("sources")
    [path] = index_files(cache)
    path.unlink()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = cache / "bilat" / f".{path.name}.{dead.pid}-abcdef.tmp"
    stale.write_bytes(b"half an index")
    bilat.small("sources")
    assert not stale.exists() and index_files(cache) == [path]


def test_a_fifo_with_a_writer_is_read_once_not_hung_on(tmp_path):
    import threading

    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    text = SMALL.read_text(encoding="utf-8")

    def feed():
        with open(fifo, "w", encoding="utf-8") as out:
            out.write(text)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    process = run_installed(
        ["--no-builtin", "--data", str(fifo), "sources", "-f", "plain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"XDG_CACHE_HOME": str(tmp_path / "c")},
    )
    try:
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
        if writer.is_alive():  # nobody read: let the writer's open() return
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
    assert process.returncode == 0, err
    assert b"paper-1" in out and index_files(tmp_path / "c") == []


def test_a_terminal_as_data_file_is_refused_not_read(tmp_path):
    import pty

    leader, follower = pty.openpty()
    try:
        process = run_installed(
            ["--no-builtin", "--data", "/dev/stdin", "sources"],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={"XDG_CACHE_HOME": str(tmp_path / "c")},
        )
        try:
            out, err = process.communicate(timeout=60)
        finally:
            process.kill()
    finally:
        os.close(leader)
        os.close(follower)
    assert process.returncode == 1 and out == b""
    assert err.decode().startswith("bilat: error: /dev/stdin: is a terminal")


def test_data_files_have_a_size_limit(bilat, tmp_path, monkeypatch):
    monkeypatch.setattr("bilat.files.paths.MAX_FILE_BYTES", 4096)
    big = write(tmp_path, SOURCE + "# padding\n" * 1000)
    for cache in ([], ["--no-cache"]):
        result = bilat("--no-builtin", *cache, "--data", str(big), "sources")
        assert result.exit_code == 1
        assert result.stderr == (
            f"bilat: error: {big}: larger than 0 MiB, the most bilat reads "
            "from one data file; split it into several files\n"
        )
    endless = bilat("--no-builtin", "--data", "/dev/zero", "sources")
    assert endless.exit_code == 1 and "larger than" in endless.stderr


# Same-size versions of one file: two valid, one invalid (an unknown source kind).
VERSIONS = [
    SMALL.read_text(encoding="utf-8"),
    SMALL.read_text(encoding="utf-8").replace("about cooperation", "about coordinated"),
    SMALL.read_text(encoding="utf-8").replace('kind = "interview"', 'kind = "intervieX"'),
]
STEPS = st.tuples(
    st.sampled_from(
        [
            "edit",
            "edit, time put back",
            "edit while loading",
            "damage the index",
            "remove the index",
        ]
    ),
    st.integers(0, len(VERSIONS) - 1),
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=5))
def test_the_cache_answers_as_the_files_do_whatever_happens(bilat, tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("edits")
    env = {"XDG_CACHE_HOME": str(folder / "c")}
    data = write(folder, VERSIONS[0])
    args = ["--no-builtin", "--data", str(data), "sources", "-f", "json"]

    def put(version: int) -> None:
        with open(data, "r+b") as handle:  # in place, same size: the hardest edit to see
            handle.write(VERSIONS[version].encode("utf-8"))

    bilat(*args, env=env)
    for action, version in steps:
        stamp = data.stat()
        if action == "edit while loading":
            original = loader.load_dataset

            def edit_while_loading(files, version=version, original=original):
                dataset = original(files)
                put(version)
                return dataset

            for path in index_files(folder / "c"):  # a cold run: one that reads the files
                path.unlink()
            loader.load_dataset = edit_while_loading
            try:
                bilat(*args, env=env)
            finally:
                loader.load_dataset = original
        elif action.startswith("edit"):
            put(version)
            if action == "edit, time put back":
                os.utime(data, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        else:
            for path in index_files(folder / "c"):
                if action == "remove the index":
                    path.unlink()
                else:
                    path.write_bytes(path.read_bytes()[:4096] + b"\0" * 64)
        cached = bilat(*args, env=env)
        truth = bilat("--no-cache", *args, env=env)
        no_traceback(cached)
        assert (cached.exit_code, cached.stdout) == (truth.exit_code, truth.stdout), steps


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--person", ""],
        ["timeline", "--org", ""],
        ["equipment", "--maker", ""],
        ["statements", "--by", ""],
        ["statements", "--topic", ""],
        ["officials", "--org", " "],
        ["timeline", "--country", ""],
        ["equipment", "--category", ""],
        ["orgs", "--kind", ""],
    ],
)
def test_an_empty_filter_is_a_usage_error_with_or_without_the_cache(bilat, args):
    bilat.small("sources")  # the index exists: the next run answers from it
    for cache in (["--no-cache"], []):
        result = bilat.small(*cache, *args)
        assert (result.exit_code, result.stdout) == (2, ""), (cache, result.stdout)
        assert (
            result.stderr == f"bilat: error: {args[1]} is empty: give a value, or leave "
            "the option out\n"
        )


def test_did_you_mean_is_bounded_when_every_reference_dangles(bilat, tmp_path, monkeypatch):
    import difflib

    entries = 600
    text = "".join(
        f'[[people]]\nid = "person-number-{i}"\nname = "P {i}"\n'
        f'sources = [{{ source = "forgotten-source-{i % 40}", quote = "q" }}]\n'
        for i in range(entries)
    )
    text += (
        '[[people]]\nid = "typo"\nname = "T"\n'
        'sources = [{ source = "person-numbr-7", quote = "q" }]\n'
    )
    path = write(tmp_path, text)
    compared = []
    real = difflib.SequenceMatcher.set_seq1
    monkeypatch.setattr(
        difflib.SequenceMatcher, "set_seq1", lambda self, a: compared.append(1) or real(self, a)
    )
    result = validate(bilat, path)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == entries + 2  # a line a problem, then the count
    assert 'unknown id "person-numbr-7" (did you mean "person-number-7"?)' in result.stderr
    # Once per distinct unknown name (41), not once per reference (601) against every id.
    assert len(compared) <= 41 * (entries + 1)


# -- no traceback anywhere: output faults --


def run_bytes(args: list, tmp_path: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": ENV_SRC,
        "XDG_CACHE_HOME": str(tmp_path / "c"),
        **kwargs.pop("env", {}),
    }
    kwargs.setdefault("capture_output", True)
    return subprocess.run([sys.executable, "-m", "bilat", *args], env=env, timeout=60, **kwargs)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_a_full_disk_is_one_line_and_exit_1(tmp_path, fmt):
    with open("/dev/full", "w") as full:
        result = run_bytes(
            ["timeline", "-f", fmt],
            tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            capture_output=False,
        )
    assert result.returncode == 1
    assert result.stderr == b"bilat: error: cannot write output: No space left on device\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_stderr_does_not_turn_an_error_into_a_traceback(tmp_path):
    with open("/dev/full", "w") as full:
        result = run_bytes(
            ["show", "no-such-id"],
            tmp_path,
            stderr=full,
            stdout=subprocess.PIPE,
            capture_output=False,
        )
    assert result.returncode == 2 and result.stdout == b""


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
def test_output_is_utf8_whatever_the_locale(tmp_path, encoding):
    for cache in ([], ["--no-cache"]):
        result = run_bytes(
            ["--no-builtin", *cache, "--data", str(SMALL), "show", "karim-valiyev", "-f", "json"],
            tmp_path,
            env={"PYTHONIOENCODING": encoding, "LC_ALL": "C"},
        )
        assert result.returncode == 0, result.stderr
        assert "Kərim Vəliyev" in result.stdout.decode("utf-8")


@pytest.mark.parametrize(
    "args",
    [
        [b"show", b"caf\xe9"],
        [b"--data", b"/tmp/caf\xe9.toml", b"timeline"],
        [b"timeline", b"--person", b"\xff"],
    ],
)
def test_undecodable_arguments_are_a_usage_error(tmp_path, args):
    run_bytes(["timeline"], tmp_path)  # warm: the index would answer
    result = run_bytes(args, tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(b"bilat: error: argument ")
    assert b"is not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr


def test_markdown_escapes_html_and_links_like_cite_does(bilat, tmp_path):
    evil = (
        "<script>alert(1)</script> <img src=x onerror=alert(1)> "
        "[click](javascript:alert(1)) <javascript:alert(2)> *bold* `code`"
    )
    overlay = write(
        tmp_path,
        f'[[events]]\nid = "m"\ntitle = {json.dumps(evil)}\n'
        f'date = "2024"\nkind = "other"\nsummary = {json.dumps(evil)}\n'
        f'sources = [{{ source = "paper-1", quote = {json.dumps(evil)} }}]\n',
    )
    args = ["--no-builtin", "--data", str(SMALL), "--data", str(overlay)]
    for command in (["timeline", "--since", "2024", "--fields", "id,title,summary"], ["show", "m"]):
        result = bilat(*args, *command, "--format", "markdown")
        assert result.exit_code == 0
        # What is left once every backslash-escaped character is taken out must hold no markup.
        out = re.sub(r"\\.", "", result.stdout.replace("<br>", ""))
        for raw in ("<script", "<img", "](javascript:", "<javascript:", "*bold*", "`code`"):
            assert raw not in out, (raw, out)
        assert "\\<script\\>" in result.stdout and "\\[click\\]" in result.stdout
