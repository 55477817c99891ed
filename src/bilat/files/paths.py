"""Where data files are: the built-in dataset and the user's, in load order. Light: the CLI
needs it before deciding whether to read any file."""

from __future__ import annotations

from pathlib import Path

BUILTIN_NAME = "<built-in>/entries.toml"
# The largest data file bilat reads (about 400,000 entries): past it, a mistaken path (a disk
# image, /dev/zero) would take all memory before any message could say what was wrong.
MAX_FILE_BYTES = 256 * 2**20


def builtin_data_path() -> Path:
    """The dataset shipped inside the package (or, in a source checkout, beside it)."""
    package = Path(__file__).parents[1]  # src/bilat/files/paths.py -> src/bilat
    packaged = package / "data" / "entries.toml"
    if packaged.is_file():
        return packaged
    return package.resolve().parents[1] / "data" / "entries.toml"


def data_paths(extra: list[str], include_builtin: bool) -> list[tuple[str, Path]]:
    """(display name, path) for each file to load, built-in first."""
    if any(not p.strip() for p in extra):
        from bilat.errors import UsageError

        raise UsageError("--data is empty: give a file's path, or leave the option out")
    paths = [(BUILTIN_NAME, builtin_data_path())] if include_builtin else []
    return paths + [(p, Path(p)) for p in extra]


def expand(given: str) -> list[tuple[str, Path]]:
    """(name, path) for one path given on the command line: a file (a pipe or `<(…)` too), or
    every .toml file below a directory, in path order."""
    path = Path(given)
    if path.is_dir():
        found = sorted(p for p in path.rglob("*.toml") if p.is_file())
        if not found:
            from bilat.errors import UsageError

            raise UsageError(f"{given}: a directory with no .toml file in it")
        return [(str(p), p) for p in found]
    return [(given, path)]


def dataset_info(path: Path) -> dict[str, str]:
    """The [dataset] table at the head of a data file (version, date, title), read without a
    TOML parser: `bilat --version` must stay as fast as ever. A test holds this reading equal
    to the loader's."""
    import re

    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(16384)
    except (OSError, UnicodeDecodeError):
        return {}
    block = re.search(r"^\[dataset\][ \t]*(?:#.*)?\n((?:[^\[\n].*\n|\n)*)", head, re.M)
    if block is None:
        return {}
    pairs = re.findall(r'^(version|date|title)\s*=\s*"?([^"\n#]*?)"?\s*(?:#.*)?$', block[1], re.M)
    return dict(pairs)
