"""The fast argument path against the Typer app: same stdout, stderr and exit code, byte for
byte, on generated argument lists and on every example in the README and docs/cli.md."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SMALL
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bilat import fastpath
from bilat.cli import app as cli
from bilat.commands import run as answers
from bilat.fastpath import generate, run
from bilat.fastpath.spec import SPEC

ROOT = Path(__file__).resolve().parents[1]


class Captured:
    """One in-process run: stdout as bytes, stderr as bytes, exit code (or the exception)."""

    def __init__(self, main, args: list[str], stdout=None) -> None:
        out, err = io.BytesIO(), io.BytesIO()
        saved = sys.stdout, sys.stderr
        sys.stdout = stdout or io.TextIOWrapper(out, encoding="utf-8", newline="")
        sys.stderr = io.TextIOWrapper(
            err, encoding="utf-8", errors="backslashreplace", newline="", line_buffering=True
        )  # as Python's own
        try:
            self.code = main(list(args))
        except Exception as error:  # a bug on both paths must be the same bug
            self.code = type(error).__name__
        finally:
            streams = sys.stdout, sys.stderr  # held: a dropped wrapper closes its buffer
            for stream in streams:
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
            sys.stdout, sys.stderr = saved
        self.stdout, self.stderr = out.getvalue(), err.getvalue()

    def triple(self):
        return self.code, self.stdout, self.stderr


def both(args: list[str]) -> tuple[Captured, Captured]:
    return Captured(cli.main, args), Captured(fastpath.main, args)


def assert_same(args: list[str]) -> Captured:
    typer_run, fast_run = both(args)
    assert fast_run.triple() == typer_run.triple(), args
    return fast_run


def answered(args: list[str]) -> bool:
    """Whether the fast path answers these arguments itself (rather than handing them on)."""
    return Captured(lambda a: run.answer(a), args).code is not None


# -- the generated description --


def test_spec_is_generated_from_the_typer_app():
    expected = generate.render_spec()
    actual = generate.SPEC_PATH.read_text(encoding="utf-8")
    assert actual == expected, "stale: run `python -m bilat.fastpath.generate`"


def test_every_query_command_is_described():
    assert SPEC["left_out"] == {}
    assert SPEC["root"] is not None
    assert set(SPEC["commands"]) == set(answers.QUERY_COMMANDS)


def test_the_generator_refuses_what_the_parser_does_not_read():
    from typer._click import types
    from typer.core import TyperOption

    ratio = TyperOption(param_decls=["--ratio"], type=types.FloatParamType())
    assert generate._option(ratio)["kind"] == "typer"  # given: Typer checks it
    with pytest.raises(generate.Unsupported):
        generate._option(
            TyperOption(param_decls=["--n"], type=types.IntRange(0, 5), default=object())
        )


def test_a_body_that_does_not_match_its_command_is_left_out(monkeypatch):
    from bilat.commands import options

    class ShowOptions(options.Options):  # no fmt: the Typer command passes one
        entry_id: str

    monkeypatch.setitem(options.QUERY_OPTIONS, "show", ShowOptions)
    spec = generate.build_spec()
    assert "show" not in spec["commands"] and "fmt" in spec["left_out"]["show"]


# -- what the fast path answers, and what it hands to Typer --


@pytest.mark.parametrize(
    "args",
    [
        ["show", "karim-valiyev", "-f", "json"],
        ["show", "-f", "csv", "karim-valiyev"],
        ["cite", "jy-27a", "karim-valiyev"],
        ["cite", "--style", "markdown", "jy-27a"],
        ["timeline", "--format=ndjson", "--since", "2020", "--limit", "3"],
        ["--no-cache", "equipment", "--category", "radar", "-f", "tsv", "-n", "1"],
        ["--no-builtin", "--data", str(SMALL), "officials", "--country", "AZ"],
        ["search", "taghiyev", "khan", "--fields", "id,matched"],
        ["categories"],
        ["sources", "-f", "json"],
        ["orgs", "--kind", "company"],
        ["statements", "--topic", "energy", "-f", "json"],
        ["show", "no-such-id"],  # answered by Typer, after the fast path met the error
        ["--version"],
        ["--version", "timeline"],
    ],
)
def test_common_runs_match(args):
    assert_same(args)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "karim-valiyev"],
        ["search", "valiyev", "-f", "ndjson"],
        ["cite", "jy-27a"],
        ["timeline", "--person", "karim-valiyev", "--format", "json"],
        ["--version"],
        ["show", "karim-valiyev", "-f", "table"],
        ["show", "karim-valiyev", "--format", "markdown"],
    ],
)
def test_the_fast_path_answers_common_runs_itself(args):
    assert answered(args)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["-h"],
        ["show", "--help"],
        ["show", "-h", "x"],
        ["--version", "x"],
        ["--install-completion"],
        ["show", "karim-valiyev", "-fjson"],
        ["show", "--", "karim-valiyev"],
        ["show", "-"],
        ["show"],
        ["show", "a", "b"],
        ["timeline", "--limit", " 3"],
        ["timeline", "--limit", "1_0"],
        ["timeline", "--bogus"],
        ["timeline", "--format"],
        ["--no-cache=1", "timeline"],
        ["validate"],
        ["verify"],
        ["export", "json", "-o", "-"],
        ["timelines"],
        ["--data"],
        ["search"],
        ["show", "no-such-id"],
        ["timeline", "--country", "XX"],
        ["timeline", "--since", "soon"],
    ],
)
def test_runs_handed_to_typer(args):
    assert not answered(args)


def test_other_encodings_and_arguments_that_are_not_utf8_are_handed_to_typer():
    assert not answered(["show", "karim-valiy\udce9v"])  # a Latin-1 byte on the command line
    latin1 = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    assert Captured(lambda a: run.answer(a), ["show", "karim-valiyev"], latin1).code is None
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="UTF-8")
    assert Captured(lambda a: run.answer(a), ["show", "karim-valiyev"], utf8).code == 0


def test_completion_is_handed_to_typer(monkeypatch):
    monkeypatch.setenv("_BILAT_COMPLETE", "bash_complete")
    assert not answered(["show", "karim-valiyev"])


class Terminal(io.StringIO):
    encoding = "utf-8"  # as a terminal's stream says; a bare StringIO says None

    def isatty(self):
        return True


def test_a_terminal_gets_its_table_on_the_fast_path(monkeypatch):
    monkeypatch.setenv("BILAT_PAGER", "cat")  # no pager: the text stays on this stream
    saved = sys.stdout
    sys.stdout = Terminal()
    try:
        assert run.answer(["show", "karim-valiyev"]) == 0
        assert sys.stdout.getvalue().startswith("Karim Valiyev  person karim-valiyev\n")
        sys.stdout = Terminal()
        assert run.answer(["show", "karim-valiyev", "-f", "json"]) == 0
        assert sys.stdout.getvalue().startswith('{\n  "id": "karim-valiyev"')  # pretty
    finally:
        sys.stdout = saved


@pytest.mark.parametrize(
    "args",
    [
        ["show", "karim-valiyev", "-f", "json"],
        ["show", "karim-valiyev"],
        ["cite", "jy-27a"],
        ["timeline", "-f", "plain", "-n", "3"],
        ["search", "khan", "-f", "csv"],
        ["sources", "-f", "ndjson"],
        ["categories", "-f", "table"],
        ["timeline"],
        ["equipment", "--category", "radar"],
        ["show", "karim-valiyev", "-f", "markdown"],
    ],
)
def test_a_terminal_gets_the_same_bytes_on_both_paths(args, monkeypatch):
    monkeypatch.setenv("BILAT_PAGER", "cat")  # no pager: the text stays on this stream
    runs = []
    for main in (cli.main, fastpath.main, run.answer):
        terminal = Terminal()
        run_ = Captured(main, args, terminal)
        runs.append((run_.code, terminal.getvalue(), run_.stderr))
    # The fast path answers tables on a terminal too, with Typer's bytes.
    assert runs[0] == runs[1] == runs[2] and runs[0][1]


# -- errors after output began go to the one exit point --


class Failing(io.TextIOWrapper):
    """stdout that accepts `good` writes, then raises `error`."""

    def __init__(self, error: BaseException, good: int) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8")
        self.error, self.good = error, good

    def write(self, text):
        if self.good <= 0:
            raise self.error
        self.good -= 1
        return super().write(text)


@pytest.mark.parametrize("error", [BrokenPipeError(32, "Broken pipe"), KeyboardInterrupt()])
@pytest.mark.parametrize("good", [0, 2])
def test_a_failing_stdout_is_reported_as_the_exit_point_does(error, good):
    args = ["--no-builtin", "--data", str(SMALL), "timeline", "-f", "plain"]
    typer_run = Captured(cli.main, args, Failing(error, good))
    fast_run = Captured(fastpath.main, args, Failing(error, good))
    assert (fast_run.code, fast_run.stderr) == (typer_run.code, typer_run.stderr)
    assert typer_run.code in (0, 130)


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["timeline", "--help"]])
@pytest.mark.parametrize(
    ("error", "code", "stderr"),
    [
        (OSError(28, "No space left on device"), 1, b"bilat: error: cannot write output: "),
        (BrokenPipeError(32, "Broken pipe"), 0, b""),
    ],
)
def test_eager_options_to_a_failing_stdout_end_at_the_exit_point(args, error, code, stderr):
    """`bilat --version > /dev/full` was a traceback on the fast path; `bilat --help | …` with
    the reader gone was Typer's own exit 1 (SystemExit), past bilat's exit point."""
    for main in (cli.main, fastpath.main):
        run_ = Captured(main, args, Failing(error, 0))
        assert run_.code == code and run_.stderr.startswith(stderr), (main, run_.triple())
        assert run_.stderr.count(b"\n") == (1 if stderr else 0)


# -- the differential property test --

DATA = {"builtin": [], "small": ["--no-builtin", "--data", str(SMALL)]}
# Per parameter: values that are valid on one dataset or both (drawn most of the time), then
# values that are not.
VALUES = {
    "fmt": (["plain", "json", "ndjson", "csv", "tsv", "table"], ["markdown", "JSON", "xml", ""]),
    "fields": (
        ["id", "id,name", "name, id", "date,title", "matched,type,id", "topics"],
        ["bogus", "", ","],
    ),
    "limit": (["0", "1", "2", "5"], ["-1", "x", "007"]),
    "since": (["2020", "2021-06", "1991-12-12", "2023"], ["soon", "2020-13"]),
    "until": (["2021", "1900", "2023-05"], ["later"]),
    "country": (["PK", "az", "pakistan", "China", "TR"], ["XX"]),
    "kind": (["meeting", "visit", "company", "ministry", "agreement"], ["bogus"]),
    "category": (["radar", "radars", "drones", "uav", "missile"], ["rader"]),
    "status": (["offered", "suggested", "in-service", "mentioned"], ["nope"]),
    "topic": (["energy", "rice", "defence"], ["none"]),
    "style": (["plain", "markdown", "Markdown"], ["apa"]),
    "confidence": (["verified", "reported", "Claimed", "unverified"], ["sure"]),
    "match": (["khan", "radar azerbaijan", "Tağıyev"], ["zzzz", ""]),
    "person": (["karim-valiyev", "haji-taghiyev", "haji-zeynalabdin-taghiyev"], ["gids"]),
    "org": (["gids", "az-army", "azernews"], ["karim-valiyev"]),
    "maker": (["gids", "baykar"], ["nope"]),
    "by": (["analyst", "mehmood-ul-hassan-khan", "karim-valiyev"], ["jy-27a"]),
    "entry_id": (
        [
            "karim-valiyev",
            "jy-27a",
            "gids",
            "az-army",
            "recognition",
            "paper-1",
            "analyst-rice",
            "mehmood-ul-hassan-khan",
            "haji-zeynalabdin-taghiyev",
        ],
        ["nope", "Karim-Valiyev", ""],
    ),
    "text": (
        ["khan", "taghiyev", "Tağıyev", "radar", "azerbaijan", "pakistan", "KHAN", "é"],
        ["zzz", ""],
    ),
}
VALUES["entry_ids"] = VALUES["entry_id"]
# Tokens dropped anywhere among the command's arguments: help, typos, forms the fast path
# leaves to Typer, root options after the command, options given without their value.
STRAYS = [
    ["--help"],
    ["-h"],
    ["--"],
    ["-"],
    ["--bogus"],
    ["-x"],
    ["--format=json"],
    ["--limit=1"],
    ["--no-cache"],
    ["--version"],
    ["-fjson"],
    ["-n1"],
    ["--fields"],
    ["--topic"],
    ["--fields="],
    ["--data", str(SMALL)],
    ["--no-pager"],
    ["--keep-going"],
    ["--no-builtin"],
    ["--reverse"],
]


def value_of(draw, name: str) -> str:
    good, bad = VALUES[name]
    return draw(st.sampled_from(good if draw(st.integers(0, 7)) else bad))


@st.composite
def argument_lists(draw):
    args = list(DATA[draw(st.sampled_from(sorted(DATA)))])
    if draw(st.booleans()):
        args.insert(0, "--no-cache")
    if draw(st.integers(0, 4)) == 0:
        args.insert(0, draw(st.sampled_from(["--keep-going", "--no-pager"])))
    name = draw(st.sampled_from(sorted(SPEC["commands"]) * 4 + ["nope", "validate"]))
    args.append(name)
    command = SPEC["commands"].get(name)
    if command is None:
        return args
    tail = []
    for argument in command["arguments"]:
        count = 1 if argument["nargs"] == 1 else draw(st.integers(1, 3))
        if draw(st.integers(0, 19)) == 0:
            count += draw(st.sampled_from([-1, 1]))
        tail += [value_of(draw, argument["name"]) for _ in range(count)]
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.integers(0, 9)) == 0:
            at = draw(st.integers(0, len(tail)))
            tail[at:at] = draw(st.sampled_from(STRAYS))
            continue
        option = draw(st.sampled_from([o for o in command["options"] if o["pass"]]))
        flag = draw(st.sampled_from(option["opts"]))
        if option["kind"] == "flag":
            pair = [flag]
        elif flag.startswith("--") and draw(st.integers(0, 4)) == 0:
            value = value_of(draw, option["name"])
            pair = [f"{flag}={value}"]
        else:
            pair = [flag, value_of(draw, option["name"])]
        at = draw(st.integers(0, len(tail))) if command["interspersed"] else len(tail)
        tail[at:at] = pair
    return args + tail


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_lists())
# Found here once: a search's did-you-mean was printed before a bad --fields was refused, so
# the fast path (which then hands the run to Typer) printed it twice.
@example(["search", "--fields=", "zzz", "khan"])
def test_both_paths_print_the_same_bytes(args):
    assert_same(args)


# -- every example in the README and docs/cli.md --


def documented_examples() -> list[tuple[dict[str, str], list[str]]]:
    found = []
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line.strip() for line in readme.splitlines()]
    cli_doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    lines += ["bilat " + m for m in re.findall(r"Example: bilat ([^\n]*)", cli_doc)]
    for line in lines:
        line = line.removeprefix("$ ")
        match = re.match(r"((?:[A-Z_]+=\S+ )*)bilat( .*)?$", line)
        if not match:
            continue
        words = shlex.split(
            (match.group(2) or "").split("#")[0].split("|")[0].split(">")[0].split("&&")[0]
        )
        if "--install-completion" in words or "…" in " ".join(words) or "ID" in words:
            continue
        env = dict(pair.split("=", 1) for pair in match.group(1).split())
        found.append((env, words))
    return found


EXAMPLES = documented_examples()


def test_the_examples_are_found():
    commands = {words[0] for _, words in EXAMPLES if words and not words[0].startswith("-")}
    assert set(answers.QUERY_COMMANDS) <= commands
    assert len(EXAMPLES) >= 30


@pytest.mark.parametrize("env, args", EXAMPLES, ids=[" ".join(w) for _, w in EXAMPLES])
def test_documented_examples_print_the_same_bytes(env, args, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # exports write their files here
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert_same(args)


# -- the installed script, as users run it --


def _script_run(command: list[str], args: list[str], env: dict[str, str], cwd: Path):
    result = subprocess.run(command + args, capture_output=True, env=env, cwd=cwd, timeout=60)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["show", "karim-valiyev"],
        ["cite", "jy-27a", "--style", "markdown"],
        ["search", "Tağıyev", "-f", "csv"],
        ["show", "nope"],
        ["timeline", "--bogus"],
        ["--no-builtin", "--data", str(SMALL), "timeline", "-f", "json"],
    ],
)
def test_the_console_script_matches_typer_in_a_subprocess(args, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    typer_path = [
        sys.executable,
        "-c",
        "import sys; from bilat.cli.app import main; sys.exit(main())",
    ]
    fast_path = [sys.executable, "-m", "bilat"]
    assert _script_run(fast_path, args, env, tmp_path) == _script_run(
        typer_path, args, env, tmp_path
    )


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "tsv", "plain", "markdown", "table"])
def test_the_fast_path_imports_neither_typer_nor_click_and_rich_only_to_draw(tmp_path, fmt):
    """What scripts read imports none of them; a table (human output) imports Rich to draw."""
    code = (
        "import sys; from bilat.fastpath import main; codes = [main([*args, '-f', "
        f"'{fmt}']) for args in (['show', 'karim-valiyev'], ['timeline'], ['search', 'khan'])]; "
        "loaded = sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in "
        "('typer', 'click', 'rich') or m == 'bilat.cli.app'}); "
        "print(codes, loaded, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    drawn = "['rich']" if fmt == "table" else "[]"
    assert result.stderr.strip().splitlines()[-1] == f"[0, 0, 0] {drawn}"


# -- cold runs: the files are loaded once, and the index writer starts after the answer --


@pytest.mark.parametrize("main", [cli.main, fastpath.main])
def test_a_run_that_falls_through_after_loading_loads_the_files_once(main, monkeypatch):
    import bilat.load

    loads = []
    original = bilat.load.load_dataset
    monkeypatch.setattr(
        bilat.load, "load_dataset", lambda files, **kw: loads.append(1) or original(files, **kw)
    )
    args = ["--no-cache", "--no-builtin", "--data", str(SMALL), "show", "karim-valiyew"]
    result = Captured(main, args)
    assert result.code == 2 and b'did you mean "karim-valiyev"' in result.stderr
    assert len(loads) == 1


@pytest.mark.parametrize("main", [cli.main, fastpath.main])
@pytest.mark.parametrize(
    "command", [["timeline", "-f", "json"], ["timeline", "-f", "table"], ["show", "nope"]]
)
def test_a_large_cold_run_starts_the_index_writer_after_its_answer(main, command, monkeypatch):
    from bilat.query import build

    monkeypatch.setattr(build, "DETACH_AT", 1)  # the small fixture counts as large
    at_fork = []

    def fork():
        at_fork.append((sys.stdout.buffer.getvalue(), sys.stderr.buffer.getvalue()))
        return 999999  # the parent's side; no child is made

    monkeypatch.setattr(build.os, "fork", fork)
    result = Captured(main, ["--no-builtin", "--data", str(SMALL), *command])
    assert at_fork == [(result.stdout, result.stderr)]
    assert result.stdout or result.stderr


def test_classes_that_parse_their_own_way_are_left_to_typer():
    from typer.core import TyperCommand, TyperOption

    class Own(TyperCommand):
        def parse_args(self, ctx, args):
            return super().parse_args(ctx, args)

    with pytest.raises(generate.Unsupported):
        generate._describe(Own("x", callback=lambda: None), lambda session: None)

    class OwnOption(TyperOption):
        pass

    assert generate._option(OwnOption(param_decls=["--x"]))["kind"] == "typer"
    assert generate._option(TyperOption(param_decls=["--x"]))["kind"] == "value"


@pytest.mark.parametrize("error", ["BrokenPipeError(32, 'Broken pipe')", "KeyboardInterrupt()"])
def test_errors_after_output_began_are_handled_without_typer_or_click(tmp_path, error):
    """The fast path's exit point is bilat.commands.exitpoint, not a Typer group built for it."""
    code = f"""
import io, sys
from bilat.fastpath import main

class Failing(io.TextIOWrapper):
    good = 2
    def write(self, text):
        if self.good <= 0:
            raise {error}
        self.good -= 1
        return super().write(text)

sys.stdout = Failing(io.BytesIO(), encoding="utf-8")
code = main(["--no-builtin", "--data", {str(SMALL)!r}, "timeline", "-f", "plain"])
loaded = [m for m in sys.modules if m.split(".")[0] in ("typer", "click", "rich")]
print(code, loaded, file=sys.stderr)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    expected = "0 []" if error.startswith("Broken") else "130 []"
    assert result.stderr.strip().splitlines()[-1] == expected, result.stderr
