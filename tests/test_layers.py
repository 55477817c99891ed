"""The layering, held by a test over the import graph: lower layers never import higher ones,
only the Typer front end imports Typer or Click, and the fast path's answers load neither
Typer, Click, Rich nor Jinja2.

Every `import` in src/bilat counts, including the ones inside functions (bilat imports most
modules lazily, so a test of the top-level imports alone would see little).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SMALL

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "bilat"

# Lowest first. A module may import its own layer and the layers below it, never above.
LAYERS = [
    # the domain: plain data, vocabularies, the rules of text and citations, errors
    {
        "bilat",
        "bilat.__main__",
        "bilat.model",
        "bilat.schema",
        "bilat.dates",
        "bilat.records",
        "bilat.citations",
        "bilat.errors",
        "bilat.text",
        "bilat.vocab",
    },
    {"bilat.files"},
    {"bilat.load"},
    {"bilat.query"},
    {"bilat.verify", "bilat.render", "bilat.diff"},
    {"bilat.export"},
    {"bilat.html"},
    {"bilat.commands"},
    {"bilat.cli"},
    {"bilat.fastpath"},  # the console script: the fast path, falling back to the Typer app
]
# bilat.__main__ runs the console script (the top); it is a one-line shim.
ENTRY_POINTS = {"bilat.__main__"}
# Writes fastpath/spec.py from the Typer app: a developer's tool, never run by the CLI.
READS_THE_TYPER_APP = {"bilat.fastpath.generate"}
FRONT_END_ONLY = ("typer", "click")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            # `from bilat import x` names a module when x is one
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _layer(module: str) -> int | None:
    for rank, layer in enumerate(LAYERS):
        for prefix in sorted(layer, key=len, reverse=True):
            if module == prefix or module.startswith(prefix + "."):
                if prefix == "bilat" and module != "bilat":
                    continue  # "bilat" alone is the package's __init__
                return rank
    return None


def _modules() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def test_every_module_has_a_layer():
    unplaced = sorted(m for m in _modules() if _layer(m) is None)
    assert unplaced == []


def test_lower_layers_never_import_higher_ones():
    modules = _modules()
    wrong = []
    for module, imports in modules.items():
        if module in ENTRY_POINTS:
            continue
        for imported in imports:
            if imported in modules and _layer(imported) > _layer(module):
                wrong.append(f"{module} imports {imported}")
    assert sorted(wrong) == []


def test_only_the_front_end_imports_typer_or_click():
    wrong = [
        f"{module} imports {imported}"
        for module, imports in _modules().items()
        for imported in imports
        if imported.split(".")[0] in FRONT_END_ONLY
        and not module.startswith("bilat.cli")
        and module not in READS_THE_TYPER_APP
    ]
    assert sorted(wrong) == []


def test_the_import_graph_is_read():
    """The checks above would pass on an empty graph: make sure they see real edges."""
    modules = _modules()
    assert "bilat.commands.session" in modules["bilat.commands.queries"] | {
        m for m in modules if m.startswith("bilat.commands")
    }
    assert "typer" in modules["bilat.cli.app"]
    assert _layer("bilat.cli.app") > _layer("bilat.commands.run") > _layer("bilat.model")


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "-f", "json"],
        ["equipment", "-f", "csv"],
        ["show", "karim-valiyev", "-f", "json"],
        ["search", "valiyev", "-f", "ndjson"],
        ["cite", "jy-27a"],
        ["officials", "-f", "tsv"],
        ["sources", "-f", "plain"],
        ["statements", "-f", "markdown"],
        ["--no-builtin", "--data", str(SMALL), "timeline", "-f", "json"],
    ],
)
def test_machine_answers_load_no_front_end_and_no_rich(args):
    probe = (
        "import sys, io\n"
        "from bilat.fastpath import main\n"
        "sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding='utf-8')\n"
        f"code = main({args!r})\n"
        "loaded = [m for m in ('typer', 'click', 'rich', 'jinja2') if m in sys.modules]\n"
        "sys.__stdout__.write(f'{code} {loaded}')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.stdout == "0 []", result.stderr
