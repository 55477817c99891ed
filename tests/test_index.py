"""The cached SQLite index: identical answers to the in-memory query, and every cache fault
(stale, corrupt, truncated, foreign, unwritable, parallel) still answered correctly."""

from __future__ import annotations

import datetime
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SMALL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bilat
from bilat.errors import UsageError
from bilat.files import cachedir
from bilat.load import data_paths, load_dataset
from bilat.query import build, index, sqlite
from bilat.query.memory import Query
from bilat.query.search import fts, split
from bilat.records import record_of

ROOT = Path(__file__).resolve().parents[1]


def generated(tmp_path: Path, size: int = 400) -> Path:
    """A dataset from the benchmark generator (valid, every kind, many links)."""
    spec = importlib.util.spec_from_file_location(
        "make_dataset", ROOT / "benchmarks" / "make_dataset.py"
    )
    if spec is None or not (ROOT / "benchmarks" / "make_dataset.py").exists():
        pytest.skip("benchmarks/ is not beside the tests")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path / "generated.toml"
    with open(path, "w", encoding="utf-8") as out:
        module.Generator(size).write(out)
    return path


@pytest.fixture(params=["small", "builtin", "generated"])
def both(request, tmp_path):
    """(in-memory Query, IndexedQuery) over the same files."""
    if request.param == "small":
        files = data_paths([str(SMALL)], False)
    elif request.param == "builtin":
        files = data_paths([], True)
    else:
        files = data_paths([str(generated(tmp_path))], True)
    key = index.cache_key(files)
    memory = Query(load_dataset(files))
    directory = tmp_path / "cache"
    assert build.write_index(load_dataset(files), files, directory, key=key) is not None
    indexed = sqlite.open_index(files, directory, lambda: memory)
    assert indexed is not None
    return memory, indexed


def same(a, b) -> None:
    assert [record_of(x) for x in a] == [record_of(x) for x in b]


QUERIES = [
    ("events", {}),
    ("events", {"since": datetime.date(2020, 1, 1)}),
    ("events", {"until": datetime.date(1995, 12, 31)}),
    ("events", {"since": datetime.date(2023, 5, 1), "until": datetime.date(2023, 5, 31)}),
    ("events", {"country": "PK"}),
    ("events", {"country": "turkey", "kind": "agreement"}),
    ("equipment", {}),
    ("equipment", {"category": "radar"}),
    ("equipment", {"category": "drones", "country": "PK"}),
    ("equipment", {"status": "offered"}),
    ("equipment", {"status": "in-service", "country": "AZ"}),
    ("people", {}),
    ("people", {"country": "AZ"}),
    ("organizations", {}),
    ("organizations", {"kind": "company"}),
    ("statements", {}),
    ("sources", {}),
]


@pytest.mark.parametrize("method, options", QUERIES, ids=lambda v: str(v))
def test_listings_are_identical(both, method, options):
    memory, indexed = both
    same(getattr(memory, method)(**options), getattr(indexed, method)(**options))


def test_reference_filters_categories_and_lookups_are_identical(both):
    memory, indexed = both
    for person in memory.ids("person")[:15]:
        same(memory.events(person=person), indexed.events(person=person))
        same(memory.statements(by=person), indexed.statements(by=person))
    for org in memory.ids("organization")[:15]:
        same(memory.events(org=org), indexed.events(org=org))
        same(memory.equipment(maker=org), indexed.equipment(maker=org))
        same(memory.people(org=org), indexed.people(org=org))
    assert memory.categories() == indexed.categories()
    assert memory.ids() == indexed.ids()
    for entry_id in memory.ids()[:60]:
        assert record_of(memory.get(entry_id)) == record_of(indexed.get(entry_id))
        assert memory.name_of(entry_id) == indexed.name_of(entry_id)
        assert memory.citations(memory.get(entry_id)) == indexed.citations(indexed.get(entry_id))
        assert [(record_of(x.entry), x.field) for x in memory.links_to(entry_id)] == [
            (record_of(x.entry), x.field) for x in indexed.links_to(entry_id)
        ]


@pytest.mark.parametrize(
    "text",
    [
        "radar",
        "Tağıyev",
        "khan",
        "valiyev",
        "gids",
        "a",
        "50%",
        "under_score",
        "energy cooperation",
        "zzz-nothing",
    ],
)
def test_search_is_identical(both, text):
    memory, indexed = both
    expected = [(record_of(h.entry), h.field, h.rank) for h in memory.search(text)]
    assert expected == [(record_of(h.entry), h.field, h.rank) for h in indexed.search(text)]


def test_errors_are_identical(both):
    from bilat.errors import UsageError

    memory, indexed = both
    for call in (
        lambda q: q.get("no-such-id"),
        lambda q: q.equipment(category="rader"),
        lambda q: q.events(person="no-such-person"),
        lambda q: q.statements(topic="x"),
    ):
        with pytest.raises(UsageError) as first:
            call(memory)
        with pytest.raises(UsageError) as second:
            call(indexed)
        assert str(first.value) == str(second.value)


# -- the cache as the CLI uses it --


def cache_files(root: Path) -> list[Path]:
    return sorted((root / "bilat").glob("*.sqlite")) if (root / "bilat").exists() else []


def test_second_run_uses_the_cache_and_answers_the_same(bilat, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    first = bilat.small("timeline", "--format", "json")
    assert len(cache_files(tmp_path / "c")) == 1
    second = bilat.small("timeline", "--format", "json")
    assert first.stdout == second.stdout and second.exit_code == 0


def test_stale_after_an_edit(bilat, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    data = tmp_path / "data.toml"
    data.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["--no-builtin", "--data", str(data), "equipment", "--format", "json"]
    assert len(json.loads(bilat(*args).stdout)) == 3
    data.write_text(
        data.read_text(encoding="utf-8").replace('id = "gids-shahpar"', 'id = "gids-shahpar-2"'),
        encoding="utf-8",
    )
    after = json.loads(bilat(*args).stdout)
    assert "gids-shahpar-2" in [e["id"] for e in after]
    for number in range(3, 3 + cachedir.KEEP_PER_DATASET):
        data.write_text(
            data.read_text(encoding="utf-8").replace(
                f'id = "gids-shahpar-{number - 1}"', f'id = "gids-shahpar-{number}"'
            ),
            encoding="utf-8",
        )
        assert f"gids-shahpar-{number}" in bilat(*args).stdout
    # Older indexes of the same files are removed: only the newest few are kept.
    assert len(cache_files(tmp_path / "c")) == cachedir.KEEP_PER_DATASET


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "foreign-sqlite"])
def test_damaged_cache_still_answers_correctly(bilat, tmp_path, monkeypatch, damage):
    import sqlite3

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    expected = bilat.small("timeline", "--format", "json").stdout
    [path] = cache_files(tmp_path / "c")
    if damage == "garbage":
        path.write_bytes(b"not a database at all" * 500)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE something(x)")
        other.commit()
        other.close()
    result = bilat.small("timeline", "--format", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")
    again = bilat.small("timeline", "--format", "json")
    assert again.stdout == expected


def test_damage_after_opening_falls_back_to_the_files(tmp_path):
    files = data_paths([str(SMALL)], False)
    memory = Query(load_dataset(files))
    path = build.write_index(load_dataset(files), files, tmp_path, key=index.cache_key(files))
    indexed = sqlite.open_index(files, tmp_path, lambda: memory)
    path.write_bytes(b"\0" * 100)  # the file goes bad under an open connection
    same(memory.events(), indexed.events())
    same(memory.equipment(category="radar"), indexed.equipment(category="radar"))


def test_unwritable_or_non_directory_cache(bilat, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    for _ in range(2):
        result = bilat.small("equipment", "--category", "radar", "--format", "json")
        assert result.exit_code == 0 and result.stderr == ""
        assert [e["id"] for e in json.loads(result.stdout)] == ["jy-27a", "modern-radar"]


def test_no_cache_writes_nothing(bilat, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    result = bilat("--no-builtin", "--no-cache", "--data", str(SMALL), "timeline")
    assert result.exit_code == 0
    monkeypatch.setenv("BILAT_NO_CACHE", "1")
    assert bilat.small("timeline").exit_code == 0
    assert cache_files(tmp_path / "c") == []


def test_data_errors_are_never_cached(bilat, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    broken = tmp_path / "broken.toml"
    broken.write_text('[[sources]]\nid = "x"\n')
    for _ in range(2):
        result = bilat("--no-builtin", "--data", str(broken), "sources")
        assert result.exit_code == 1 and "missing required field" in result.stderr
    assert cache_files(tmp_path / "c") == []


def test_parallel_cold_runs_all_succeed_with_identical_output(tmp_path):
    data = generated(tmp_path, 2000)
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "c"),
        "PYTHONPATH": str(Path(bilat.__file__).resolve().parents[1]),
    }
    command = [
        sys.executable,
        "-m",
        "bilat",
        "--data",
        str(data),
        "timeline",
        "--format",
        "json",
        "--country",
        "AZ",
    ]
    processes = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path
        )
        for _ in range(8)
    ]
    results = [(p.communicate(timeout=120), p.returncode) for p in processes]
    outputs = {out for (out, _), _ in results}
    assert all(code == 0 for _, code in results), [err for (_, err), _ in results]
    assert all(err == b"" for (_, err), _ in results)
    assert len(outputs) == 1 and json.loads(outputs.pop())
    # One index per key. The file (over 1 MiB) was just written, so runs that take their key
    # within index.RACY_NS of that checksum it whole, later ones by samples: two keys at most.
    assert 1 <= len(cache_files(tmp_path / "c")) <= 2
    assert not list((tmp_path / "c" / "bilat").glob("*.tmp"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the index is written in-line without fork")
def test_large_datasets_write_the_index_in_a_detached_child(tmp_path, monkeypatch):
    files = data_paths([str(SMALL)], False)
    dataset = load_dataset(files)
    monkeypatch.setattr(build, "DETACH_AT", 1)
    pid = build.write_index_soon(dataset, files, tmp_path, key=index.cache_key(files))
    assert pid is not None
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    indexed = sqlite.open_index(files, tmp_path, lambda: None)
    same(Query(dataset).events(), indexed.events())


def test_first_run_on_a_large_dataset_answers_then_caches(tmp_path):
    data = generated(tmp_path, build.DETACH_AT + 200)
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "c"),
        "PYTHONPATH": str(Path(bilat.__file__).resolve().parents[1]),
    }
    command = [
        sys.executable,
        "-m",
        "bilat",
        "--data",
        str(data),
        "equipment",
        "--category",
        "radar",
        "--format",
        "json",
    ]
    first = subprocess.run(command, capture_output=True, env=env, timeout=120)
    assert first.returncode == 0 and first.stderr == b""
    import time

    deadline = time.monotonic() + 60
    while not cache_files(tmp_path / "c") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(cache_files(tmp_path / "c")) == 1
    second = subprocess.run(command, capture_output=True, env=env, timeout=120)
    assert second.stdout == first.stdout and second.returncode == 0


@pytest.mark.parametrize("fmt", ["json", "ndjson", "plain", "csv"])
@pytest.mark.parametrize(
    "command",
    [
        ["timeline"],
        ["equipment", "--category", "radar"],
        ["officials"],
        ["orgs"],
        ["statements"],
        ["sources"],
        ["search", "khan"],
        ["show", "karim-valiyev"],
        ["timeline", "--fields", "title,id"],
    ],
)
def test_output_from_the_index_is_byte_identical(bilat, tmp_path, monkeypatch, command, fmt):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    from_files = bilat(*command, "--format", fmt)  # builds the cache, answers from memory
    assert cache_files(tmp_path / "c")
    from_index = bilat(*command, "--format", fmt)
    assert from_files.exit_code == from_index.exit_code == 0
    assert from_index.stdout == from_files.stdout
    assert from_index.stdout == bilat("--no-cache", *command, "--format", fmt).stdout


# -- one query semantics: a differential property test --


@pytest.fixture(scope="module")
def implementations(tmp_path_factory):
    """(in-memory Query, IndexedQuery) over the built-in data."""
    files = data_paths([], True)
    key = index.cache_key(files)
    directory = tmp_path_factory.mktemp("differential")
    assert build.write_index(load_dataset(files), files, directory, key=key)
    memory = Query(load_dataset(files))
    indexed = sqlite.open_index(files, directory, lambda: memory, key=key)
    assert indexed is not None
    return memory, indexed


def _answer(call):
    from bilat.errors import UsageError

    try:
        return "ok", [record_of(x) for x in call()]
    except UsageError as err:
        return "usage", str(err)


def _option_values(memory, type_name: str):
    ids = memory.ids(type_name)
    return st.one_of(
        st.none(),
        st.sampled_from(ids[:8] + ["", " ", "no-such-id", "karim-valiyev", "paper-1"]),
        st.text(max_size=4),
    )


def _filter_calls(memory):
    dates = st.one_of(st.none(), st.dates(datetime.date(1880, 1, 1), datetime.date(2030, 1, 1)))
    countries = st.one_of(
        st.none(), st.sampled_from(["AZ", "PK", "pk", "turkey", "", "ZZ"]), st.text(max_size=3)
    )
    return st.one_of(
        st.fixed_dictionaries(
            {
                "since": dates,
                "until": dates,
                "country": countries,
                "kind": st.one_of(st.none(), st.sampled_from(["visit", "meeting", "", "x"])),
                "person": _option_values(memory, "person"),
                "org": _option_values(memory, "organization"),
            }
        ).map(lambda o: ("events", o)),
        st.fixed_dictionaries(
            {
                "category": st.one_of(st.none(), st.sampled_from(["radar", "drones", "", "rader"])),
                "country": countries,
                "maker": _option_values(memory, "organization"),
                "status": st.one_of(st.none(), st.sampled_from(["offered", "in-service", ""])),
            }
        ).map(lambda o: ("equipment", o)),
        st.fixed_dictionaries(
            {"country": countries, "org": _option_values(memory, "organization")}
        ).map(lambda o: ("people", o)),
        st.fixed_dictionaries(
            {
                "country": countries,
                "kind": st.one_of(st.none(), st.sampled_from(["company", "ministry", "", "x"])),
            }
        ).map(lambda o: ("organizations", o)),
        st.fixed_dictionaries(
            {
                "by": _option_values(memory, "person"),
                "topic": st.one_of(
                    st.none(), st.sampled_from(["energy", "defence", "", "x"]), st.text(max_size=3)
                ),
            }
        ).map(lambda o: ("statements", o)),
    )


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_both_implementations_agree_on_any_filters(implementations, data):
    memory, indexed = implementations
    method, options = data.draw(_filter_calls(memory))
    assert _answer(lambda: getattr(memory, method)(**options)) == _answer(
        lambda: getattr(indexed, method)(**options)
    ), (method, options)


# -- bilat cache info | clear --


def test_cache_info_and_clear(bilat, tmp_path, monkeypatch):
    root = tmp_path / "c"
    monkeypatch.setenv("XDG_CACHE_HOME", str(root))
    empty = bilat("cache", "info")
    assert empty.exit_code == 0 and empty.stderr == ""
    assert empty.stdout.splitlines()[:2] == [f"directory: {root / 'bilat'}", "indexes: 0 (0.0 MiB)"]
    bilat.small("sources")
    bilat("sources")
    (root / "bilat" / "keep-me.txt").write_text("not bilat's")
    info = bilat("cache", "info")
    assert info.stdout.splitlines()[1].startswith("indexes: 2 (")
    assert "limit: 1024 MiB in all, the newest 3 indexes of each set of files" in info.stdout
    cleared = bilat("cache", "clear")
    assert (cleared.exit_code, cleared.stderr) == (0, "")
    assert cleared.stdout == f"removed 2 indexes from {root / 'bilat'}\n"
    assert [p.name for p in (root / "bilat").iterdir()] == ["keep-me.txt"]
    assert bilat("cache", "info").stdout.splitlines()[1] == "indexes: 0 (0.0 MiB)"


def test_cache_info_says_when_the_cache_is_not_trusted(bilat, tmp_path, monkeypatch):
    root = tmp_path / "c"
    monkeypatch.setenv("XDG_CACHE_HOME", str(root))
    bilat.small("sources")
    (root / "bilat").chmod(0o777)
    info = bilat("cache", "info")
    assert info.exit_code == 0
    assert "not used: other users can write to it" in info.stdout


def test_search_rows_are_numbered_in_the_order_hits_are_listed(both):
    """The index lists a tier's hits in FTS5 rowid order: that must be search's order of
    entries of one rank (kind, then folded name, dataset order among equals)."""
    memory, indexed = both
    from bilat.query.search.rules import entry_order

    rows = indexed._db.execute("SELECT ord, id FROM search_order ORDER BY ord").fetchall()
    assert [order for order, _ in rows] == list(range(len(rows)))
    entries = [memory.get(entry_id) for entry_id in memory.ids()]
    expected = sorted(entries, key=lambda e: entry_order(e.type, e.label))
    assert [entry_id for _, entry_id in rows] == [e.id for e in expected]


def test_search_across_lines_and_colons_matches_memory(tmp_path):
    from conftest import write

    path = write(
        tmp_path,
        '[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\n'
        'kind = "other"\n\n[[people]]\nid = "multi"\nname = "Ana: Ümit"\n'
        'description = """first line\nsecond: line\n\nthird"""\n'
        'sources = [{ source = "s", says = "x" }]\n',
    )
    files = data_paths([str(path)], False)
    memory = Query(load_dataset(files))
    key = index.cache_key(files)
    assert build.write_index(load_dataset(files), files, tmp_path / "c", key=key) is not None
    indexed = sqlite.open_index(files, tmp_path / "c", lambda: memory, key=key)
    for text in ["line", "second:", "umit", "ana: umit", "third first", "multi"]:
        assert [(h.entry.id, h.field, h.rank) for h in memory.search(text)] == [
            (h.entry.id, h.field, h.rank) for h in indexed.search(text)
        ], text


def test_search_reads_only_the_records_it_prints(bilat, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    bilat("search", "khan", "-f", "json")  # writes the index
    read = []
    original = fts._checked
    monkeypatch.setattr(fts, "_checked", lambda row: read.append(row[0]) or original(row))
    everything = bilat("search", "khan", "-f", "json")
    assert len(json.loads(everything.stdout)) > 3 and len(read) == len(
        json.loads(everything.stdout)
    )
    read.clear()
    limited = bilat("search", "khan", "-f", "json", "--limit", "2")
    assert json.loads(limited.stdout) == json.loads(everything.stdout)[:2]
    assert len(read) == 2


@given(
    st.text(
        alphabet=st.sampled_from(
            [
                "a",
                "u",
                "b",
                "r",
                "U",
                "0",
                "1",
                "e",
                "\\",
                '"',
                "\x1b",
                "\x7f",
                "\x85",
                "\u202e",
                "\u2066",
                "\n",
                "\t",
                "\r",
                "\x0c",
                "é",
            ]
        ),
        max_size=12,
    )
)
@settings(max_examples=300, deadline=None)
def test_the_index_row_check_refuses_exactly_what_the_loader_refuses(text):
    """One set of characters (bilat.text.CONTROL): a record's JSON, escaped or not, is unsafe
    exactly when the text holds a character the loader refuses; raw text (a label) is unsafe
    whenever it holds a control character."""
    import json

    from bilat.text import refused, unsafe_json, visible

    for ascii_only in (False, True):
        stored = json.dumps(text, ensure_ascii=ascii_only)
        assert unsafe_json(stored) == (refused(text) is not None)
    if visible(text) != text:  # raw text (a label): any control character (escapes may alarm)
        assert unsafe_json(text)


# -- coarse timestamps: git's "racily clean" rule --


class _CoarseStat:
    """A stat result as a file system with 2-second times gives it: every change made in the
    test falls in one tick, so the times (ctime included) do not move."""

    def __init__(self, real: os.stat_result, tick_ns: int) -> None:
        self._real = real
        self.st_mtime_ns = self.st_ctime_ns = tick_ns
        self.st_mtime = self.st_ctime = tick_ns / 1e9

    def __getattr__(self, name: str):
        return getattr(self._real, name)


def test_a_same_size_edit_in_the_same_tick_as_the_index_is_never_served(
    bilat, tmp_path, monkeypatch
):
    import types

    pad = "".join(f"# padding line {n:06d} {'x' * 60}\n" for n in range(9000))  # ~700 KiB
    data = tmp_path / "big.toml"
    data.write_text(pad + SMALL.read_text(encoding="utf-8") + pad, encoding="utf-8")
    assert data.stat().st_size > index._WHOLE + 2 * index._SAMPLE
    tick = (int(data.stat().st_mtime_ns) // 2_000_000_000) * 2_000_000_000
    real_stat, real = os.stat, os.path.realpath(data)

    def coarse_stat(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        return _CoarseStat(info, tick) if os.fspath(path) == real else info

    monkeypatch.setattr(os, "stat", coarse_stat)
    # The clock reads within the tick the file was saved in (no test waits on a real one).
    clock = types.SimpleNamespace(time_ns=lambda: tick + 500_000_000, time=lambda: tick / 1e9)
    monkeypatch.setattr(index, "time", clock, raising=False)
    args = ["--no-builtin", "--data", str(data), "sources", "--format", "json"]
    assert "no date line" in bilat(*args).stdout
    assert len(cache_files(Path(os.environ["XDG_CACHE_HOME"]))) == 1  # built, in this tick
    text = data.read_text(encoding="utf-8")
    edited = text.replace("A report with no date line", "A report with no date LINE")
    assert len(edited) == len(text) and edited != text
    data.write_text(edited, encoding="utf-8")  # same size, same (coarse) times
    fresh = bilat("--no-cache", *args).stdout
    assert "no date LINE" in fresh
    assert bilat(*args).stdout == fresh


def test_a_query_the_index_cannot_run_leaves_it_in_place(tmp_path):
    """A search of a thousand words is too deep an expression for SQLite: that run answers
    from the files, and the valid index stays for the next."""
    files = data_paths([str(SMALL)], False)
    memory = Query(load_dataset(files))
    key = index.cache_key(files)
    path = build.write_index(load_dataset(files), files, tmp_path, key=key)
    indexed = sqlite.open_index(files, tmp_path, lambda: memory, key=key)
    words = " ".join(f"karim{n}" for n in range(1000))
    assert [h.entry.id for h in indexed.search(words)] == [h.entry.id for h in memory.search(words)]
    assert [h.entry.id for h in indexed.search("karim")] == ["karim-valiyev"]
    assert path.exists()
    assert sqlite.open_index(files, tmp_path, lambda: memory, key=key) is not None


def test_an_index_built_while_a_file_is_fresh_is_still_written(tmp_path, monkeypatch):
    """The check after the build decides which files are fresh as of the key's own time: a
    build that outlasts the 2-second window must not find its key changed and drop the index."""
    import time
    import types

    pad = "".join(f"# padding line {n:06d} {'x' * 60}\n" for n in range(9000))
    data = tmp_path / "big.toml"
    data.write_text(pad + SMALL.read_text(encoding="utf-8") + pad, encoding="utf-8")
    files = [("big.toml", data)]
    readings = iter([time.time_ns(), time.time_ns() + 3 * index.RACY_NS])
    monkeypatch.setattr(index, "time", types.SimpleNamespace(time_ns=lambda: next(readings)))
    key = index.cache_key(files)  # fresh: checksummed whole
    assert build.write_index(load_dataset(files), files, tmp_path / "c", key=key) is not None


# Issue #19: the forgiving search (transliteration, punctuation, country synonyms, word
# starts) and its snippets give the same answers from the index as from memory.
_SEARCH_WORDS = [
    "Valiev",
    "Vəliyev",
    "veli",
    "Taghiev",
    "Tağıyev",
    "Muneer",
    "Kureshi",
    "Karabagh",
    "Karabach",
    "JF17",
    "jf-1",
    "JF 17",
    "turkey",
    "türkiye",
    "Azerbaijan",
    "pakistan",
    "aliyev",
    "block-iii",
    "khan",
    "q",
    "1",
    "é",
    "-",
    "ə",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_SEARCH_WORDS),
            st.text(alphabet="aeiklnqrvyzəğı-17 ", min_size=1, max_size=6),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_forgiving_search_and_snippets_agree(implementations, words):
    memory, indexed = implementations
    text = " ".join(words)

    def made(hit) -> str:
        return f"{hit.entry.id} {hit.field} {hit.rank} {hit.snippet}"

    def answer(query):
        try:
            hits = query.search(text)
        except UsageError as err:
            return "usage", str(err)
        # Each way the listing reads hits: counted, the first N (--limit), all of them, and
        # all of them made by two processes (any result split, in runs of two hits).
        firsts = [[(h.entry.id, h.rank) for h in hits[:n]] for n in (0, 1, 2, 5)]
        every = [(h.entry.id, h.field, h.rank, h.snippet) for h in hits]
        texts = getattr(hits, "texts", None)
        split_up = list(texts(made)) if texts else [made(h) for h in hits]
        return "ok", len(hits), firsts, every, split_up

    run, split_from = fts._RUN, split.SPLIT_FROM
    fts._RUN, split.SPLIT_FROM = 2, 1
    try:
        assert answer(memory) == answer(indexed), text
    finally:
        fts._RUN, split.SPLIT_FROM = run, split_from


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(
        ["munir", "Munir", "asim munir", "khan", "karim", "Kerim Veliyev", "pakistan", "jy27a"]
        + ["valiyev-meets", "Qureshi", "Kureshi", "sharif", "-", "zzz", "gids", "turkey"]
    ),
    st.sampled_from([None, "person", "organization", "event", "source"]),
)
def test_names_resolve_alike(implementations, text, type_name):
    memory, indexed = implementations

    def answer(query):
        try:
            return "ok", query.resolve(text, type_name)
        except UsageError as err:
            return "usage", str(err)

    assert answer(memory) == answer(indexed), (text, type_name)
