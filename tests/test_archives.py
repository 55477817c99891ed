"""Archives are confined to their data file's folder, read without blocking and bounded; each
data file is read once; quotes match whole words and keep every character but typography."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import write

from bilat.verify.check import closest_passage
from bilat.verify.text import normalise

ARCHIVE = "The minister said that the illegal trade of 120 rifles hurt Pakistani farmers.\n"


def dataset(archive: str = "paper.txt", quote: str = "the illegal trade of 120 rifles") -> str:
    return f"""
[[sources]]
id = "paper"
title = "An interview"
publisher = "Example Daily"
kind = "interview"
archive = "{archive}"

[[events]]
id = "trade"
title = "Trade"
date = "2023"
kind = "trade"
sources = [{{ source = "paper", quote = "{quote}" }}]
"""


def verify(bilat, path: Path, *args: str):
    return bilat("--no-builtin", "--no-cache", "--data", str(path), "verify", *args)


def validate(bilat, path: Path):
    return bilat("--no-builtin", "--no-cache", "validate", str(path))


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "paper.txt").write_text(ARCHIVE, encoding="utf-8")
    return tmp_path / "desk"


# -- 1. confined, non-blocking, bounded ---------------------------------------------------


def test_a_clean_archive_verifies(bilat, folder):
    result = verify(bilat, write(folder, dataset()))
    assert result.exit_code == 0, result.output
    assert "1 quote verified" in result.stdout


@pytest.mark.parametrize(
    "archive, why",
    [
        ("/etc/passwd", "absolute path"),
        ("../../x.txt", "outside"),
        ("../paper.txt", "outside"),
    ],
)
def test_an_archive_outside_its_folder_is_refused(bilat, folder, archive, why):
    (folder.parent / "paper.txt").write_text(ARCHIVE, encoding="utf-8")
    for run in (verify, validate):
        result = run(bilat, write(folder, dataset(archive)))
        assert result.exit_code == 1, result.output
        text = result.stdout + result.stderr
        assert "data.toml:7" in text and '"paper"' in text and ": archive: " in text, text
        assert why in text, text
        assert "Traceback" not in text


def test_a_symlink_leading_out_is_refused(bilat, folder):
    (folder.parent / "secret.txt").write_text(ARCHIVE, encoding="utf-8")
    os.symlink(folder.parent / "secret.txt", folder / "link.txt")
    result = verify(bilat, write(folder, dataset("link.txt")))
    assert result.exit_code == 1
    assert "outside" in result.stdout + result.stderr


def test_a_symlink_inside_the_folder_is_followed(bilat, folder):
    os.symlink("paper.txt", folder / "link.txt")
    assert verify(bilat, write(folder, dataset("link.txt"))).exit_code == 0


def test_a_symlink_to_dev_zero_is_refused_and_nothing_read(bilat, folder):
    os.symlink("/dev/zero", folder / "zero.txt")
    result = verify(bilat, write(folder, dataset("zero.txt")))
    assert result.exit_code == 1
    assert "outside" in result.stdout + result.stderr


def test_a_device_inside_the_folder_is_not_read(bilat, folder, monkeypatch):
    # A device node cannot be made without privileges: judge the check on what fstat says.
    from bilat.files import read

    assert read.kind_of(os.stat("/dev/null").st_mode) == "a device"
    assert read.kind_of(os.stat(folder).st_mode) == "a directory"


def test_a_directory_archive_is_refused(bilat, folder):
    (folder / "sub.txt").mkdir()
    result = verify(bilat, write(folder, dataset("sub.txt")))
    assert result.exit_code == 1
    assert "directory" in result.stdout + result.stderr


def test_a_fifo_archive_does_not_hang(folder):
    os.mkfifo(folder / "fifo.txt")
    path = write(folder, dataset("fifo.txt"))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bilat",
            "--no-builtin",
            "--no-cache",
            "--data",
            str(path),
            "verify",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "FIFO" in run.stdout + run.stderr
    assert "Traceback" not in run.stderr


def test_archive_text_reaching_the_terminal_is_escaped(bilat, folder):
    (folder / "paper.txt").write_text(
        "The minister said the \x1b[2J illegal trade hurt farmers.", encoding="utf-8"
    )
    result = verify(bilat, write(folder, dataset(quote="the illegal trade hurt farmers a lot")))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout + result.stderr
    assert "\\x1b" in result.stdout


COMMANDS = [
    ["validate"],
    ["verify"],
    ["verify", "--strict"],
    ["timeline"],
    ["equipment"],
    ["show", "azernews-210229"],
    ["search", "radar"],
    ["cite", "azernews-210229"],
    ["export", "json", "-o", "-"],
]


def test_every_command_works_in_250_mb_of_address_space(tmp_path):
    limit = 250_000 * 1024
    script = (
        "import resource, runpy, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
        "sys.argv = ['bilat'] + sys.argv[1:]\n"
        "runpy.run_module('bilat', run_name='__main__')\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for command in COMMANDS:
        for cache in (["--no-cache"], []):
            run = subprocess.run(
                [sys.executable, "-c", script, *cache, *command],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
            )
            assert run.returncode == 0, (command, run.stderr[-2000:])
            assert "MemoryError" not in run.stderr and "Traceback" not in run.stderr


# -- 2. each data file read once ----------------------------------------------------------

DIFFERENTIAL = """
[[sources]]
id = "paper"
title = "An interview"
publisher = "Example Daily"
kind = "interview"
archive = "paper.txt"

[[events]]
id = "trade"
title = "Trade"
date = "2023"
kind = "trade"
sources = [
  { source = "paper", quote = "the illegal trade of 120 rifles" },
  { source = "paper", quote = "a sentence the paper never printed" },
]
"""


def _bilat(*args: str) -> list[str]:
    return [sys.executable, "-m", "bilat", "--no-builtin", "--no-cache", *args]


def _ways(folder: Path, command: str):
    """(name the file is given as, how to run) for each way of passing the same file."""
    path = folder / "data.toml"
    data_args = (
        ["validate"] if command == "validate" else ["--data"]
    )  # validate FILE, or --data FILE verify

    def argv(name):
        return _bilat(*data_args, name) + ([] if command == "validate" else ["verify"])

    yield "data.toml", lambda: subprocess.run(argv("data.toml"), **_run(folder))
    yield (
        "/dev/stdin",
        lambda: subprocess.run(argv("/dev/stdin"), stdin=path.open("rb"), **_run(folder)),
    )
    shell = " ".join(f"'{a}'" for a in argv("PLACEHOLDER")).replace(
        "'PLACEHOLDER'", "<(cat data.toml)"
    )
    yield "<pipe>", lambda: subprocess.run(["bash", "-c", shell], **_run(folder))

    def fifo():
        fifo_path = folder / "fifo.toml"
        if not fifo_path.exists():
            os.mkfifo(fifo_path)

        def feed():
            with fifo_path.open("wb") as handle:
                handle.write(path.read_bytes())

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        result = subprocess.run(argv("fifo.toml"), **_run(folder))
        writer.join(5)
        return result

    yield "fifo.toml", fifo


def _run(folder: Path) -> dict:
    return {"capture_output": True, "text": True, "cwd": folder, "timeout": 60}


@pytest.mark.parametrize("command", ["validate", "verify"])
def test_a_file_is_judged_the_same_however_it_is_passed(folder, command):
    (folder / "data.toml").write_text(DIFFERENTIAL, encoding="utf-8")
    outcomes = {}
    for name, run in _ways(folder, command):
        result = run()

        def same(text, name=name):
            text = text.replace(name, "FILE")
            return re.sub(r"/dev/fd/\d+|/proc/self/fd/\d+", "FILE", text)

        outcomes[name] = (same(result.stdout), same(result.stderr), result.returncode)
    first = outcomes["data.toml"]
    assert first[2] == 1 and "FILE:16" in first[0] + first[1], first
    assert "1 problem" in first[1] or "never printed" in first[0], first
    for name, outcome in outcomes.items():
        assert outcome == first, name


def test_a_fifo_serving_different_text_twice_is_read_once(folder):
    os.mkfifo(folder / "fifo.toml")
    texts = [DIFFERENTIAL, "[[sources]]\nid = 'other'\n"]

    def feed():
        for text in texts:
            with contextlib.suppress(OSError), (folder / "fifo.toml").open("w") as handle:
                handle.write(text)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result = subprocess.run(_bilat("--data", "fifo.toml", "verify"), **_run(folder))
    assert "Traceback" not in result.stderr and result.returncode == 1


@pytest.mark.parametrize("command", [["validate"], ["verify"], ["verify", "--strict"]])
def test_each_data_file_is_read_once(bilat, folder, monkeypatch, command):
    from bilat.files import read

    (folder / "data.toml").write_text(DIFFERENTIAL, encoding="utf-8")
    opened = []
    real = read.read_bounded

    def counting(path, limit, *args):
        opened.append(str(path))
        return real(path, limit, *args)

    monkeypatch.setattr(read, "read_bounded", counting)
    result = bilat("--no-cache", "--data", str(folder / "data.toml"), *command)
    assert result.exit_code == 1
    assert sorted(opened) == sorted(set(opened)) and len(opened) == 2, opened


# -- 3. line numbers ----------------------------------------------------------------------


def test_quote_lines_are_found_for_each_citation(bilat, folder):
    entries = "".join(
        f"""
[[events]]
id = "e{n}"
title = "E"
date = "2023"
kind = "trade"
sources = [
  {{ source = "paper", quote = "a quote \\u0041 written with an escape {n}" }},
  {{ source = "paper", quote = "missing words number {n}" }},
]
"""
        for n in range(3)
    )
    path = write(folder, dataset() + entries)
    result = verify(bilat, path)
    lines = [line.split(":")[1] for line in result.stdout.splitlines() if "data.toml:" in line]
    # The escaped quote is not found as written: its entry's first line; the other, its own.
    assert lines == ["16", "23", "26", "33", "36", "43"], lines


def test_closest_passage_in_a_large_archive_is_bounded():
    archive = normalise(("The people of Pakistan do not forget the good. " * 2000) + ARCHIVE)
    quote = normalise("the illegal trade of 121 rifles hurt Pakistani farmers")
    assert "illegal trade of 120 rifles" in closest_passage(archive, quote)
    assert closest_passage(archive, "x" * 5000) == ""


def test_closest_passage_keeps_whole_words_after_a_dotted_capital_i():
    archive = normalise("İsmayıllı and Gəncə " * 3 + "the illegal trade of 120 rifles hurt")
    assert closest_passage(archive, "the illegal trade of 121 rifles hurt").startswith("the")


# -- 4a-c. whole words, too short, typography only ----------------------------------------


@pytest.mark.parametrize(
    "quote",
    ["legal trade of 120 rifles", "trade of 20 rifles", "hurt Pakistan", "he illegal trade"],
)
def test_a_quote_must_start_and_end_on_word_boundaries(bilat, folder, quote):
    result = verify(bilat, write(folder, dataset(quote=quote)))
    assert result.exit_code == 1, quote
    assert "not found" in result.stdout


@pytest.mark.parametrize("quote", ["the illegal trade", "120 rifles hurt Pakistani farmers."])
def test_whole_words_at_either_end_are_found(bilat, folder, quote):
    assert verify(bilat, write(folder, dataset(quote=quote))).exit_code == 0


def test_a_quote_too_short_to_be_evidence_is_reported(bilat, folder):
    (folder / "paper.txt").write_text(ARCHIVE + "a Type 85 and an HQ-9P variant", encoding="utf-8")
    result = validate(bilat, write(folder, dataset(quote="a")))
    assert result.exit_code == 1
    assert "too short" in result.stdout + result.stderr
    assert "data.toml:" in result.stdout + result.stderr
    for name in ("Type 85", "HQ-9P variant"):
        assert verify(bilat, write(folder, dataset(quote=name))).exit_code == 0, name


@pytest.mark.parametrize(
    "archive, quote",
    [
        ("the ﬁrst rifles were sold", "the first rifles were sold"),
        ("Ｐａｋｉｓｔａｎ sold rifles", "Pakistan sold rifles"),
        ("the 𝐏𝐚𝐤𝐢𝐬𝐭𝐚𝐧 rifles", "the Pakistan rifles"),
        ("chapter Ⅲ of the treaty", "chapter III of the treaty"),
        ("a road of 40 ㎞ long", "a road of 40 km long"),
        ("the area is 40 m² wide", "the area is 40 m2 wide"),
    ],
)
def test_compatibility_characters_are_not_folded(archive, quote):
    assert normalise(quote) not in normalise(archive)


@pytest.mark.parametrize(
    "archive, quote",
    [
        ("the Pakistanʼs army", "the Pakistan's army"),
        ("Mu\u0308ller said so", "M\u00fcller said so"),
        ("a\u00a0road — long", "a road - long"),
    ],
)
def test_typography_folds(archive, quote):
    assert normalise(quote) in normalise(archive)


# -- 4d. tamper-evident archives ----------------------------------------------------------


def hashed(sha: str) -> str:
    return dataset().replace(
        'archive = "paper.txt"\n', f'archive = "paper.txt"\narchive_sha256 = "{sha}"\n'
    )


def test_the_hash_to_record_is_printed(bilat, folder):
    import hashlib

    expected = hashlib.sha256((folder / "paper.txt").read_bytes()).hexdigest()
    result = bilat("verify", "--hash", str(folder / "paper.txt"))
    assert result.exit_code == 0 and result.stdout == expected + "\n"
    assert verify(bilat, write(folder, hashed(expected))).exit_code == 0


def test_an_archive_that_changed_since_its_hash_was_recorded_fails(bilat, folder):
    recorded = "0" * 64
    path = write(folder, hashed(recorded))
    import hashlib

    actual = hashlib.sha256((folder / "paper.txt").read_bytes()).hexdigest()
    for run in (verify, validate):
        result = run(bilat, path)
        text = result.stdout + result.stderr
        assert result.exit_code == 1, text
        assert recorded in text and actual in text and "data.toml:8" in text, text
        assert "archive_sha256" in text


def test_the_builtin_archive_records_its_hash(bilat):
    import hashlib

    from bilat.files.paths import builtin_data_path

    data = builtin_data_path()
    digest = hashlib.sha256((data.parent / "archive" / "azernews-210229.txt").read_bytes())
    assert f'archive_sha256 = "{digest.hexdigest()}"' in data.read_text(encoding="utf-8")


SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_c0360aa5b420b8ca.txt"


@pytest.mark.skipif(not SEED.is_file(), reason=f"the seed article is not at {SEED}")
def test_the_shipped_archive_is_the_seed_article():
    from bilat.files.paths import builtin_data_path

    shipped = builtin_data_path().parent / "archive" / "azernews-210229.txt"
    assert shipped.read_bytes() == SEED.read_bytes()


# -- 4g. a miss shows which words differ --------------------------------------------------


def test_a_miss_shows_the_words_that_differ(bilat, folder):
    path = write(folder, dataset(quote="the illegal trade of 130 rifles hurt Pakistani farmers"))
    result = verify(bilat, path)
    assert result.exit_code == 1
    assert '    differs: "130" where the archive has "120"' in result.stdout, result.stdout
    records = verify(bilat, path, "--format", "json")
    import json

    [record] = json.loads(records.stdout)
    assert record["differences"][0] == ["130", "120"]


def test_word_differences():
    from bilat.verify.check import word_differences

    assert word_differences("a b c d", "a x c") == [("b", "x"), ("d", "")]
    assert word_differences("same words", "same words") == []


def test_a_socket_archive_is_refused(bilat, folder):
    import socket

    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "sock.txt"))
        result = verify(bilat, write(folder, dataset("sock.txt")))
    finally:
        server.close()
    assert result.exit_code == 1
    assert 'data.toml:7: source "paper": archive: sock.txt: is a socket' in result.stdout
