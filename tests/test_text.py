"""bilat.text: each rule for text written once, and every line on stderr written by warn()."""

from __future__ import annotations

import ast
import io
import json
import sys
from pathlib import Path

import pytest
from conftest import SMALL, write

from bilat import text
from bilat.commands.options import SearchOptions
from bilat.commands.queries import search
from bilat.commands.session import Session

SRC = Path(__file__).parent.parent / "src" / "bilat"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# -- warn(): the one writer of stderr --


def test_warn_writes_one_line_with_control_characters_and_newlines_visible():
    stream = Terminal()
    text.warn("bilat: warning: a\x1b[2Jb\nc\u202ed\te", stream)
    assert stream.getvalue() == "bilat: warning: a\\x1b[2Jb\\x0ac\\u202ed\\x09e\n"


def test_warn_survives_a_stderr_that_cannot_be_written():
    class Full(io.StringIO):
        def write(self, _text):
            raise OSError(28, "No space left on device")

    text.warn("anything", Full())  # no exception: the exit code is all there is


def test_warn_writes_to_the_stderr_of_the_moment(monkeypatch):
    stream = Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    text.warn("hello")
    assert stream.getvalue() == "hello\n"


def _stderr_writes(path: Path) -> list[int]:
    """Lines of a module that name stderr (sys.stderr.write, print(file=sys.stderr), a stream
    handed on) or write to file descriptor 2 (os.write(2, …))."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            (isinstance(node, ast.Attribute) and node.attr in ("stderr", "__stderr__"))
            or (isinstance(node, ast.Name) and node.id in ("stderr", "__stderr__"))
            or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("write", "fdopen")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value == 2
            )
        ):
            found.append(node.lineno)
    return found


# Who may name stderr without writing to it (each reads or guards the stream, never writes):
ALLOWED = {
    "text.py": "the one writer",
    # The exit point makes sure a closed stderr is an object that swallows writes, and makes
    # it UTF-8: it sets and reconfigures sys.stderr, it does not write to it.
    "commands/exitpoint.py": "guards and reconfigures the stream",
    # The session's environment holds the streams a run was given (tests pass their own); it
    # hands stderr to warn(), never writes to it.
    "commands/environment.py": "holds the stream for warn()",
    "commands/session.py": "hands its environment's stderr to warn()",
    "commands/queries.py": "hands the session's stderr to warn() (search's did-you-mean)",
    # The fast path checks that stderr is UTF-8 before answering; it writes nothing there.
    "fastpath/run.py": "reads the stream's encoding",
    # An export's report goes to stderr only when a person watches: it asks isatty() and hands
    # the stream to warn().
    "commands/exports.py": "asks whether stderr is a terminal",
}


def test_nothing_but_bilat_text_writes_to_stderr():
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        lines = _stderr_writes(path)
        if lines and name not in ALLOWED:
            offenders[name] = lines
    assert offenders == {}, "write to stderr through bilat.text.warn()"
    # And those allowed to name it do not write to it themselves.
    for name in ALLOWED:
        if name == "text.py":
            continue
        source = (SRC / name).read_text(encoding="utf-8")
        assert "stderr.write" not in source and "file=sys.stderr" not in source, name


# -- the two named defects --


def test_a_search_term_with_an_escape_sequence_does_not_reach_a_terminal_raw(monkeypatch):
    """`bilat search $'zz\\e[2Jq'` on a terminal: "no entries match" quoted the term raw and
    the terminal cleared its screen."""
    stderr = Terminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    session = Session(
        data=[str(SMALL)], include_builtin=False, use_cache=False, stdout=Terminal(), pager=False
    )
    search(session, SearchOptions(text=["zz\x1b[2Jq"], fmt=None, fields=None, limit=None))
    said = stderr.getvalue()
    assert "\x1b" not in said
    assert said == 'no entries match "zz\\x1b[2Jq"\n'


@pytest.mark.parametrize("name", ["desk\x1b[2J.toml", "desk\nbilat: error: forged.toml"])
def test_a_skipped_file_name_is_not_printed_raw(bilat, tmp_path, name):
    """--keep-going named a skipped file as it was: a control character drove the terminal,
    a newline forged a line of bilat's own."""
    broken = write(tmp_path, '[[events]]\nid = "e"\ntitle = "E"\ndate = "2020-13-01"\n', name)
    result = bilat("--keep-going", "--data", str(broken), "timeline", "--fields", "id")
    assert result.exit_code == 0, result.stderr
    shown = text.visible(str(broken))
    assert result.stderr == (
        f"bilat: warning: skipped {shown}: 3 problems (see `bilat validate {shown}`)\n"
    )


def test_an_export_report_shows_its_file_name_escaped():
    from bilat.commands.exports import report

    stream = Terminal()
    report("out\x1b]0;owned\x07.json (3 entries)", stream)
    assert stream.getvalue() == "bilat: wrote out\\x1b]0;owned\\x07.json (3 entries)\n"


# -- one definition each --


def test_the_loader_and_the_messages_share_one_set():
    for char in "\x00\x1b\x7f\x85\x9b\u202e\u2066\r":
        assert text.refused(f"a{char}b") == char
        assert text.visible(char) != char
    for char in "\t\n":
        assert text.refused(f"a{char}b") is None  # text may hold tab and newline
        assert text.visible(char) != char  # a message may not
    assert text.refused("Kərim\u200b") is None and text.visible("é") == "é"


def test_the_index_row_check_catches_an_escaped_carriage_return():
    # The old pattern listed \\u0000-\\u0008, \\u000b, \\u000c, \\u000e…: it forgot \\u000d,
    # which the loader refuses.
    assert text.unsafe_json(json.dumps("a\rb").replace("\\r", "\\u000d"))
    assert text.unsafe_json('"a\\\\u000db"') is False  # an escaped backslash, then "u000d"


def test_slugs():
    assert text.is_slug("karim-valiyev") and text.is_slug("su-25")
    for bad in ("Karim", "a--b", "-a", "a-", "a b", "a\n", ""):
        assert not text.is_slug(bad)


def test_markdown_escaping_is_the_same_for_tables_and_citations():
    from bilat.citations import _md
    from bilat.render.markdown_format import _cell

    hostile = "<b>*x*</b> [a](b) `c` |d| _e_ \\"
    escaped = text.escape_markdown(hostile)
    assert _cell(hostile) == escaped == _md(hostile)
    assert escaped == "\\<b\\>\\*x\\*\\</b\\> \\[a\\](b) \\`c\\` \\|d\\| \\_e\\_ \\\\"


def test_only_invisible():
    for blank in (" ", "\u200b\u200b", "\u200d \ufeff", "\u3164", "\u2060\u00ad"):
        assert text.only_invisible(blank)
    for shown in ("a", "\u200bK", "ə", "\u0301"):
        assert not text.only_invisible(shown)


def test_mixed_scripts_within_a_word():
    assert text.mixed_scripts("K\u0430rim Valiyev") == [("K\u0430rim", ["Latin", "Cyrillic"])]
    assert text.mixed_scripts("Карим Valiyev Σ-25") == []  # scripts side by side are fine
    assert text.mixed_scripts("\u03a7ocolate") == [("\u03a7ocolate", ["Greek", "Latin"])]
    assert text.mixed_scripts("Kərim Çavuşoğlu") == []


def test_importing_bilat_text_compiles_nothing():
    import subprocess

    code = (
        "import sys, bilat.text as t; assert not t._compiled; "
        "assert 'unicodedata' not in sys.modules and 're' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- issue #17 §6: names --

SOURCE = '[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\nkind = "article"\n'


def test_a_name_made_only_of_invisible_characters_is_a_data_error(bilat, tmp_path):
    path = write(
        tmp_path,
        SOURCE + '\n[[people]]\nid = "p"\nname = "\\u200b\\u200d"\n'
        'sources = [{ source = "s", says = "x" }]\n',
    )
    result = bilat("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'bilat: error: {path}:9: person "p": name: has only invisible characters '
        "(spaces, zero-width characters)",
        "bilat: error: 1 problem in 1 file",
    ]


def test_validate_warns_about_a_name_mixing_scripts(bilat, tmp_path):
    path = write(
        tmp_path,
        SOURCE + '\n[[people]]\nid = "p"\nname = "K\u0430rim Valiyev"\n'
        'aliases = ["Karim", "Vali\u0443ev"]\nsources = [{ source = "s", says = "x" }]\n',
    )
    result = bilat("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f'bilat: warning: {path}:9: person "p": name: the word "K\u0430rim" mixes Latin and '
        "Cyrillic letters",
        f'bilat: warning: {path}:10: person "p": aliases[1]: the word "Vali\u0443ev" mixes '
        "Latin and Cyrillic letters",
    ]
    assert result.stdout.startswith("ok: ")
    # A query does not look (nor warn): the name is not wrong.
    shown = bilat("--no-builtin", "--data", str(path), "show", "p")
    assert (shown.exit_code, shown.stderr) == (0, "")


def test_a_newline_or_bidi_override_in_an_id_stays_on_its_error_line(bilat, tmp_path):
    # The loader quoted a bad id with its own escaping: a newline split the message into a
    # second "bilat: error:" line, and U+202E showed as "\x202e".
    path = write(tmp_path, SOURCE.replace('id = "s"', 'id = "a\\nb\\u202ec"'))
    result = bilat("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'bilat: error: {path}:2: source #1: id: "a\\x0ab\\u202ec" is not a valid id: use '
        'lower-case letters, digits and single hyphens (e.g. "karim-valiyev")',
        "bilat: error: 1 problem in 1 file",
    ]
