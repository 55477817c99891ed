"""Time whole bilat processes, interleaved over repeated runs, and report medians and ratios.

    python benchmarks/run.py                 # everything: start-up, then 1k, 10k, 100k, 300k
                                             # (each size also times validate with every
                                             # source reference dangling)
    python benchmarks/run.py --sizes 1000 --runs 5
    python benchmarks/run.py --markdown docs/performance-table.md
    python benchmarks/run.py --only-pty --runs 21   # tables in a pseudo-terminal against a
                                                    # minimal Typer + Rich app (issue 16)
    python benchmarks/run.py --only-pty --against /tmp/before/bin/bilat   # and another build

Needs bilat installed in this interpreter's environment (`pip install .`); jq and
sqlite-utils are used as baselines when they are on PATH and skipped otherwise. Each round runs
every command once, in the same order, so drift in machine load hits all of them alike; the
figure reported is the median over rounds. Peak memory is the child's maximum resident set.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MINIMAL_TYPER = """import typer
app = typer.Typer()
@app.command()
def hello(name: str = "world"):
    print(name)
app()
"""

# What a person at a terminal compares bilat's tables with: a minimal Typer + Rich app that
# prints a six-row table (like `bilat officials --country AZ`: four columns, one of prose).
TYPER_RICH_TABLE = """import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def officials(country: str = "AZ"):
    table = Table("ID", "Name", "Country", "Role")
    for n in range(6):
        table.add_row(f"official-{n}", f"Official Number {n}", country,
                      f"Deputy Minister of Foreign Affairs (as of {n + 1} Jun 2022)")
    Console().print(table)


app()
"""

# The floor: Python and sqlite3 answering `bilat show ID --format json` (piped) from bilat's
# own index with the same bytes, and nothing else. No bilat code runs; the benchmark checks
# the bytes are identical before timing it.
FLOOR_SHOW = """import json, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro&immutable=1", uri=True)
(record,) = db.execute("SELECT record FROM entries WHERE id = ?", (sys.argv[2],)).fetchone()
links = [{"id": i, "type": t, "name": n, "field": f} for i, t, n, f in db.execute(
    "SELECT e.id, e.type, e.label, l.field FROM links l JOIN entries e ON e.seq = l.seq "
    "WHERE l.target = ? ORDER BY l.position", (sys.argv[2],))]
sys.stdout.write(record[:-1] + ',"linked_from":'
                 + json.dumps(links, ensure_ascii=False, separators=(",", ":")) + "}\\n")
"""
# The Typer path of the same bilat, for comparison: the console script without its fast path.
TYPER_PATH = "import sys; from bilat.cli.app import main; sys.exit(main())"


def bilat_command() -> list[str]:
    script = Path(sys.executable).with_name("bilat")
    if not script.exists():
        sys.exit("bilat is not installed in this environment: run `pip install .` first")
    return [str(script)]


def tool(name: str) -> str | None:
    """A baseline tool from this environment (e.g. sqlite-utils installed beside bilat) or PATH."""
    local = Path(sys.executable).with_name(name)
    return str(local) if local.exists() else shutil.which(name)


def run_once(argv: list[str], env: dict[str, str], expect: int = 0) -> tuple[float, int]:
    """(seconds, peak RSS in KiB) of one run; a command that does not exit with `expect`
    stops the benchmark."""
    # stderr to a file, not a pipe: a run that reports 100,000 problems would fill a pipe
    # and wait for a reader while we wait for it.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != expect:
            errors.seek(0)
            sys.exit(
                f"failed ({process.returncode}): {' '.join(argv)}\n"
                f"{errors.read(4000).decode(errors='replace')}"
            )
    return elapsed, usage.ru_maxrss


def settle(cache: Path, timeout: float = 120) -> None:
    """Wait until bilat's detached index writer (large datasets) has finished, so that one
    measurement never runs beside the previous one's background work."""
    deadline = time.monotonic() + timeout
    folder = cache / "bilat"
    while time.monotonic() < deadline:
        if folder.is_dir() and list(folder.glob("*.sqlite")) and not list(folder.glob("*.tmp")):
            return
        time.sleep(0.05)


def measure(
    commands: dict[str, list[str]],
    env: dict[str, str],
    runs: int,
    before_each=None,
    after_each=None,
    expect: dict[str, int] | None = None,
) -> dict[str, tuple[float, int]]:
    """Median seconds and peak memory per command, runs interleaved round by round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, int] = {name: 0 for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            if before_each:
                before_each(name)
            seconds, rss = run_once(argv, env, (expect or {}).get(name, 0))
            times[name].append(seconds)
            memory[name] = max(memory[name], rss)
            if after_each:
                after_each(name)
    return {name: (statistics.median(times[name]), memory[name]) for name in commands}


def table(
    title: str,
    results: dict[str, tuple[float, int]],
    base: str | None,
    targets: dict[str, str] | None = None,
) -> list[str]:
    lines = [
        f"### {title}",
        "",
        "| command | median | ratio | peak memory | target |",
        "|---|---:|---:|---:|---|",
    ]
    base_time = results[base][0] if base else None
    for name, (seconds, rss) in results.items():
        ratio = f"{seconds / base_time:.2f}x" if base_time else ""
        target = (targets or {}).get(name, "")
        lines.append(
            f"| `{name}` | {seconds * 1000:.0f} ms | {ratio} | {rss / 1024:.0f} MiB | {target} |"
        )
    return lines + [""]


def startup(bilat: list[str], work: Path, env: dict[str, str], runs: int) -> list[str]:
    minimal = work / "minimal_typer.py"
    minimal.write_text(MINIMAL_TYPER)
    floor = work / "floor_show.py"
    floor.write_text(FLOOR_SHOW)
    export_json = work / "builtin.json"
    export_db = work / "builtin.db"
    subprocess.run(bilat + ["export", "json", "-o", str(export_json)], check=True, env=env)
    subprocess.run(bilat + ["export", "sqlite", "-o", str(export_db)], check=True, env=env)
    subprocess.run(bilat + ["timeline"], check=True, env=env, stdout=subprocess.DEVNULL)
    (index,) = (Path(env["XDG_CACHE_HOME"]) / "bilat").glob("*.sqlite")
    floor_show = [sys.executable, str(floor), str(index), "karim-valiyev"]
    show = ["show", "karim-valiyev", "-f", "json"]
    same = {
        subprocess.run(argv, check=True, env=env, capture_output=True).stdout
        for argv in (bilat + show, floor_show)
    }
    if len(same) != 1:
        sys.exit("the floor script does not print what `bilat show` prints")
    typer_path = [sys.executable, "-c", TYPER_PATH]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "minimal Typer app": [sys.executable, str(minimal), "--name", "x"],
        "floor: python + sqlite3, show karim-valiyev (same bytes)": floor_show,
        "bilat show karim-valiyev --format json": bilat + show,
        "bilat cite karim-valiyev": bilat + ["cite", "karim-valiyev"],
        "bilat equipment --category radar --format json": bilat
        + ["equipment", "--category", "radar", "--format", "json"],
        "bilat timeline --person karim-valiyev --format json": bilat
        + ["timeline", "--person", "karim-valiyev", "--format", "json"],
        "bilat timeline (piped: plain)": bilat + ["timeline"],
        "bilat search valiyev --format json": bilat + ["search", "valiyev", "-f", "json"],
        "bilat show karim-valiyev --format table": bilat + ["show", "karim-valiyev", "-f", "table"],
        "bilat timeline --format table": bilat + ["timeline", "-f", "table"],
        "Typer path: bilat show karim-valiyev --format json": typer_path + show,
        "Typer path: bilat cite karim-valiyev": typer_path + ["cite", "karim-valiyev"],
        "bilat --version": bilat + ["--version"],
        "Typer path: bilat --version": typer_path + ["--version"],
        "bilat --help": bilat + ["--help"],
        "Typer path: bilat --help": typer_path + ["--help"],
        "minimal Typer app --help": [sys.executable, str(minimal), "--help"],
    }
    if tool("jq"):
        commands["jq: radar from the JSON export"] = [
            tool("jq"),
            '[.equipment[] | select(.category == "radar")]',
            str(export_json),
        ]
        commands["jq: karim-valiyev from the JSON export"] = [
            tool("jq"),
            '.people[] | select(.id == "karim-valiyev")',
            str(export_json),
        ]
    if tool("sqlite-utils"):
        commands["sqlite-utils query: radar from the SQLite export"] = [
            tool("sqlite-utils"),
            "query",
            str(export_db),
            "select * from equipment where category = 'radar'",
        ]
    fast = (
        "bilat show karim-valiyev --format json",
        "bilat cite karim-valiyev",
        "bilat equipment --category radar --format json",
        "bilat timeline --person karim-valiyev --format json",
    )
    targets = {name: "≤ 0.65x, ≤ 2x the floor" for name in fast}
    targets["bilat --version"] = "≤ its Typer path"
    targets["bilat --help"] = "≤ its Typer path"
    targets["bilat show karim-valiyev --format table"] = "≤ 1.5x the json show"
    results = measure(commands, env, runs)
    lines = table(
        "Start-up, built-in dataset (ratio to the minimal Typer app)",
        results,
        "minimal Typer app",
        targets,
    )
    floor_time = results["floor: python + sqlite3, show karim-valiyev (same bytes)"][0]
    lines += [
        "Against the floor (Python + sqlite3, same bytes): "
        + "; ".join(f"`{name}` {results[name][0] / floor_time:.2f}x" for name in fast)
        + ".",
        "",
    ]
    table_ratio = (
        results["bilat show karim-valiyev --format table"][0]
        / results["bilat show karim-valiyev --format json"][0]
    )
    help_ratio = results["bilat --help"][0] / results["minimal Typer app --help"][0]
    through = {
        name: results[name][0] / results[f"Typer path: {name}"][0]
        for name in ("bilat --version", "bilat --help")
    }
    lines += [
        f"`show` as a table against `show` as JSON: {table_ratio:.2f}x. "
        f"`bilat --help` against the minimal Typer app's `--help`: {help_ratio:.2f}x. "
        "Handed through the fast path to Typer, against Typer directly: "
        + "; ".join(f"`{name}` {ratio:.2f}x" for name, ratio in through.items())
        + ".",
        "",
    ]
    return lines


def run_in_pty(
    argv: list[str], env: dict[str, str], columns: int = 80, rows: int = 5000
) -> tuple[float, int, bytes]:
    """(seconds, peak RSS in KiB, what it printed) of one run with stdin, stdout and stderr
    on a new pseudo-terminal of `columns` x `rows`, read as a terminal emulator would."""
    master, child_side = os.openpty()
    fcntl.ioctl(child_side, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=child_side, stdout=child_side, stderr=child_side, env=env
    )
    os.close(child_side)
    output = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every descriptor of the child's side is closed
            break
        if not chunk:
            break
        output += chunk
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    os.close(master)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(argv)}\n{output[:4000].decode(errors='replace')}")
    return elapsed, usage.ru_maxrss, bytes(output)


def pty_tables(
    bilat: list[str], work: Path, env: dict[str, str], runs: int, against: list[str]
) -> list[str]:
    """Tables as a person sees them (issue 16): in a pseudo-terminal 80 columns wide, colour
    on, against a minimal Typer + Rich app printing a six-row table in the same terminal.
    Every round runs every command once, in the same order; the ratio reported is the median
    of each round's own ratio (paired), beside the medians."""
    app = work / "typer_rich_table.py"
    app.write_text(TYPER_RICH_TABLE)
    # A terminal's environment: colour, no COLUMNS to override the terminal's size.
    env = {**env, "TERM": "xterm-256color"}
    for name in ("NO_COLOR", "COLUMNS", "LINES"):
        env.pop(name, None)
    subprocess.run(bilat + ["timeline"], check=True, env=env, stdout=subprocess.DEVNULL)
    builds = {"bilat": bilat, **{f"bilat ({path})": [path] for path in against}}
    queries = {
        "officials --country AZ": ["officials", "--country", "AZ"],
        "show karim-valiyev": ["show", "karim-valiyev"],
        "timeline --country AZ": ["timeline", "--country", "AZ"],
    }
    base = "minimal Typer + Rich app, six-row table"
    commands = {base: [sys.executable, str(app)]}
    for build, argv in builds.items():
        for query, args in queries.items():
            commands[f"{build} --no-pager {query}"] = argv + ["--no-pager", *args]
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, int] = {name: 0 for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            seconds, rss, output = run_in_pty(argv, env)
            if b"\x1b[" not in output:
                sys.exit(f"no colour in a terminal: {name}")
            times[name].append(seconds)
            memory[name] = max(memory[name], rss)
    lines = [
        f"### Tables in a pseudo-terminal, 80 columns, colour on ({runs} paired rounds)",
        "",
        "| command | median | paired ratio to the app | peak memory | target |",
        "|---|---:|---:|---:|---|",
    ]
    for name, samples in times.items():
        ratio = statistics.median(t / b for t, b in zip(samples, times[base]))
        target = "≤ 0.90x" if "officials" in name else ""
        lines.append(
            f"| `{name}` | {statistics.median(samples) * 1000:.0f} ms | {ratio:.2f}x "
            f"| {memory[name] / 1024:.0f} MiB | {target} |"
        )
    return lines + [""]


def verify_cost(bilat: list[str], env: dict[str, str], runs: int) -> list[str]:
    """`bilat verify` (every quote against its archive) beside `bilat validate` (the load it
    starts with), on the built-in data: the issue's budget is a small multiple."""
    commands = {
        "bilat validate": bilat + ["--no-cache", "validate"],
        "bilat verify": bilat + ["--no-cache", "verify"],
        "bilat verify --strict": bilat + ["--no-cache", "verify", "--strict"],
    }
    results = measure(commands, env, runs)
    return table(
        "Verify, built-in dataset (ratio to validate)",
        results,
        "bilat validate",
        {"bilat verify": "small multiple", "bilat verify --strict": "small multiple"},
    )


# A word that matches about a third of a generated dataset's entries (and some built-in ones).
COMMON_WORD = "radar"


def at_size(
    bilat: list[str], work: Path, env: dict[str, str], size: int, runs: int, cold_runs: int
) -> tuple[list[str], dict[str, tuple[float, int]]]:
    data = work / f"data-{size}.toml"
    with open(data, "w", encoding="utf-8") as out:
        subprocess.run(
            [sys.executable, str(HERE / "make_dataset.py"), str(size)], stdout=out, check=True
        )
    cache = Path(env["XDG_CACHE_HOME"])
    with_data = bilat + ["--data", str(data)]
    builtin = Path(
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from bilat.files.paths import builtin_data_path as p; print(p())",
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout.strip()
    )
    parse = [
        sys.executable,
        "-c",
        f"import tomli\nfor p in ({str(builtin)!r}, {str(data)!r}):\n    tomli.load(open(p, 'rb'))",
    ]
    show = ["show", f"gen-event-{size // 7}", "-f", "json"]
    selective = ["timeline", "--person", "gen-person-7", "-f", "json"]
    search = ["search", f"gen-equipment-{size // 5}", "-f", "json"]

    def clear_cache(name: str) -> None:
        if name.startswith("cold"):
            shutil.rmtree(cache, ignore_errors=True)

    def wait_for_writer(name: str) -> None:
        if name.startswith("cold"):
            settle(cache)

    cold = measure(
        {
            "tomli alone: parse the same files": parse,
            "cold: bilat show ID (first run after a change)": with_data + show,
        },
        env,
        cold_runs,
        clear_cache,
        wait_for_writer,
    )
    # The warm runs start from a written index (made by the last cold run).
    settle(cache)
    warm = measure(
        {
            "built-in: show ID": bilat + ["show", "karim-valiyev", "-f", "json"],
            f"{size}: show ID": with_data + show,
            "built-in: selective filter": bilat
            + ["timeline", "--person", "karim-valiyev", "-f", "json"],
            f"{size}: selective filter": with_data + selective,
            "built-in: search": bilat + ["search", "valiyev", "-f", "json"],
            f"{size}: search": with_data + search,
            f"{size}: common-word search --format json": with_data
            + ["search", COMMON_WORD, "-f", "json"],
            f"{size}: common-word search --format plain": with_data
            + ["search", COMMON_WORD, "-f", "plain"],
            f"{size}: common-word search --limit 20": with_data
            + ["search", COMMON_WORD, "-f", "json", "--limit", "20"],
        },
        env,
        runs,
    )
    lines = table(
        f"{size:,} generated entries ({data.stat().st_size / 2**20:.1f} MiB of TOML) "
        "— cold (ratio to tomli alone)",
        cold,
        "tomli alone: parse the same files",
        {"cold: bilat show ID (first run after a change)": "≤ 1.50x"},
    )
    hits = subprocess.run(
        with_data + ["search", COMMON_WORD, "-f", "plain", "--fields", "id"],
        env=env,
        capture_output=True,
        check=True,
    ).stdout.count(b"\n")
    lines += table(
        f"{size:,} generated entries — warm (`{COMMON_WORD}` matches {hits:,} entries)",
        warm,
        None,
        {f"{size}: common-word search --format json": "≤ 1.5 s, < 100 MiB at 100k"},
    )
    ratios = [
        ("show ID", warm[f"{size}: show ID"][0] / warm["built-in: show ID"][0], 1.5),
        (
            "selective filter",
            warm[f"{size}: selective filter"][0] / warm["built-in: selective filter"][0],
            1.5,
        ),
        ("search", warm[f"{size}: search"][0] / warm["built-in: search"][0], 2.0),
    ]
    # Issue #19 §2: the first page of a common word against a warm show at the same size.
    lines.append(
        f"Common-word `search --limit 20` at {size:,} against `show ID` at the same size: "
        f"{warm[f'{size}: common-word search --limit 20'][0] / warm[f'{size}: show ID'][0]:.2f}x "
        "(target ≤ 3x)."
    )
    full, full_memory = warm[f"{size}: common-word search --format json"]
    lines.append(
        f"The full common-word result at {size:,}, streamed as JSON: {full * 1000:,.0f} ms, "
        f"{full_memory / 1024:.0f} MiB, {full / warm[f'{size}: show ID'][0]:.0f}x a warm "
        "`show ID` (target at 100,000: ≤ 1.5 s, under 100 MiB)."
    )
    lines += [
        f"Warm at {size:,} against the same command on the built-in data: "
        + "; ".join(f"{name} {ratio:.2f}x (target ≤ {goal:.1f}x)" for name, ratio, goal in ratios)
        + f"; peak memory {max(m for _, m in warm.values()) / 1024:.0f} MiB "
        "(target ≤ 200 MiB).",
        "",
    ]
    return lines, warm


def checks_at_size(
    bilat: list[str], work: Path, env: dict[str, str], size: int, runs: int
) -> tuple[list[str], dict[str, float]]:
    """`validate` and `verify` over `size` generated entries whose quotes are checked against
    an archive (one in 1,000 is not in it, so both exit 1), beside tomli parsing the file."""
    folder = work / f"checks-{size}"
    folder.mkdir(exist_ok=True)
    data = folder / "data.toml"
    with open(data, "w", encoding="utf-8") as out:
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_dataset.py"),
                str(size),
                "--archive",
                str(folder / "article.txt"),
            ],
            stdout=out,
            check=True,
        )
    parse = [sys.executable, "-c", f"import tomli\ntomli.load(open({str(data)!r}, 'rb'))"]
    validate = f"{size}: bilat validate"
    verify = f"{size}: bilat verify"
    results = measure(
        {
            "tomli alone: parse the same file": parse,
            validate: bilat + ["--no-builtin", "--no-cache", "validate", str(data)],
            verify: bilat + ["--no-builtin", "--no-cache", "--data", str(data), "verify"],
        },
        env,
        runs,
        expect={validate: 1, verify: 1},
    )
    lines = table(
        f"{size:,} generated entries with archived quotes ({data.stat().st_size / 2**20:.1f} "
        "MiB of TOML) — validate and verify (ratio to tomli alone)",
        results,
        "tomli alone: parse the same file",
        {validate: "≤ 3x", verify: "≤ 3x"},
    )
    return lines, {name: seconds for name, (seconds, _) in results.items()}


def closest_cost() -> list[str]:
    """The closest-passage search for a quote not found, in a 20 MiB archive (in-process)."""
    import random

    sys.path.insert(0, str(HERE))
    from make_dataset import WORDS

    from bilat.verify.check import closest_passage
    from bilat.verify.text import normalise

    rng = random.Random(20)
    words = [rng.choice(WORDS) for _ in range(2_700_000)]
    archive = normalise(" ".join(words)[: 20 * 2**20])
    quotes = {
        "a near miss (12 words, a letter changed)": " ".join(words[5000:5012]).replace("a", "e"),
        "15 random words": " ".join(rng.choice(WORDS) for _ in range(15)),
        "3,000 random words": " ".join(rng.choice(WORDS) for _ in range(3000)),
        "nothing alike": "zzzz qqqq xxxx",
    }
    lines = [
        f"### Closest passage in a {len(archive) / 2**20:.0f} MiB archive (target ≤ 1 s)",
        "",
        "| quote | seconds |",
        "|---|---:|",
    ]
    for name, quote in quotes.items():
        start = time.perf_counter()
        closest_passage(archive, normalise(quote))
        lines.append(f"| {name} | {time.perf_counter() - start:.2f} |")
    return lines + [""]


def dangling(bilat: list[str], work: Path, env: dict[str, str], size: int, runs: int) -> list[str]:
    """`validate` when the file defining the sources was forgotten: every citation dangles,
    and each one is reported (with a bounded did-you-mean)."""
    data = work / f"data-{size}.toml"
    if not data.exists():
        with open(data, "w", encoding="utf-8") as out:
            subprocess.run(
                [sys.executable, str(HERE / "make_dataset.py"), str(size)], stdout=out, check=True
            )
    text = data.read_text(encoding="utf-8")
    orphans = work / f"no-sources-{size}.toml"
    orphans.write_text(text[text.index("[[organizations]]") :], encoding="utf-8")
    name = f"{size:,}: validate, every source reference dangling"
    results = measure(
        {name: bilat + ["--no-builtin", "--no-cache", "validate", str(orphans)]},
        env,
        runs,
        expect={name: 1},
    )
    return table(
        f"{size:,} generated entries without their sources (exit 1, one line per "
        "dangling reference)",
        results,
        None,
        {name: "a few seconds"},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds for warm timings")
    parser.add_argument("--cold-runs", type=int, default=3, help="rounds for cold timings")
    parser.add_argument("--sizes", default="1000,10000,100000,300000")
    parser.add_argument(
        "--only-startup",
        action="store_true",
        help="start-up and verify on the built-in data only (no large sets)",
    )
    parser.add_argument(
        "--only-pty",
        action="store_true",
        help="only tables in a pseudo-terminal against a minimal Typer + Rich app",
    )
    parser.add_argument(
        "--against",
        action="append",
        default=[],
        metavar="BILAT",
        help="another bilat executable to time in the same pseudo-terminal rounds "
        "(e.g. a build of the previous commit); repeatable",
    )
    parser.add_argument(
        "--only-checks",
        action="store_true",
        help="validate and verify with archived quotes at --sizes, and the closest passage",
    )
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    bilat = bilat_command()
    with tempfile.TemporaryDirectory(prefix="bilat-bench-") as folder:
        work = Path(folder)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "NO_COLOR": "1"}
        # As users run it: no variables of this shell that change bilat's answer or its speed
        # (PYTHONUNBUFFERED makes every write a system call).
        for name in ("BILAT_DATA", "BILAT_NO_CACHE", "PYTHONUNBUFFERED"):
            env.pop(name, None)
        lines = [
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
            f"{args.runs} warm rounds, {args.cold_runs} cold rounds.",
            "",
        ]
        sizes = [int(s) for s in args.sizes.split(",") if s and not args.only_startup]
        if not args.only_pty:
            checked: dict[int, dict[str, float]] = {}
            for size in sizes:
                more, checked[size] = checks_at_size(bilat, work, env, size, args.cold_runs)
                lines += more
            if 100000 in checked and 300000 in checked:
                growth = [
                    f"{name} {checked[300000][f'300000: {name}'] / checked[100000][f'100000: {name}']:.2f}x"  # noqa: E501
                    for name in ("bilat validate", "bilat verify")
                ]
                lines += [
                    f"From 100,000 to 300,000 entries: {'; '.join(growth)} the time "
                    "(target ≤ 3.3x).",
                    "",
                ]
            if args.only_checks:
                sizes = []
        if not args.only_checks:
            lines += pty_tables(bilat, work, env, args.runs, args.against)
        if args.only_pty:
            sizes = []
        elif not args.only_checks:
            lines += startup(bilat, work, env, args.runs)
            lines += verify_cost(bilat, env, args.runs)
        searches: dict[int, float] = {}
        for size in sizes:
            more, warm = at_size(bilat, work, env, size, args.runs, args.cold_runs)
            lines += more
            lines += dangling(bilat, work, env, size, args.cold_runs)
            searches[size] = warm[f"{size}: common-word search --format json"][0]
        if 100000 in searches and 300000 in searches:
            lines += [
                f"Common-word search from 100,000 to 300,000 entries: "
                f"{searches[300000] / searches[100000]:.2f}x the time (target ≤ 3.3x).",
                "",
            ]
        if not (args.only_startup or args.only_pty):
            # In this process, so last: a child forked after it would report this process's
            # 20 MiB archive and index in its own peak memory.
            lines += closest_cost()
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
