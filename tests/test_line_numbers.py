"""Line numbers in messages are the lines an editor shows: editors break lines at \\n (and
\\r\\n, one break), not at every character str.splitlines() breaks at (U+2028, U+2029, NEL,
form feed, vertical tab, file/group/record separators, a lone \\r)."""

from __future__ import annotations

import pytest

from bilat.errors import DataError
from bilat.load import load_dataset

# Valid in TOML comments and strings: the file loads, and a later problem must keep its line.
ALLOWED = ["\x85", "\u2028", "\u2029"]
# Rejected by the TOML parser itself: the syntax error is on the line holding the character.
REJECTED = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r"]

SOURCE = '[[sources]]\nid = "a"\ntitle = "T{c}"\npublisher = "P"\nkind = "interview"\n'


def problems(tmp_path, text: str, newline: str = "\n"):
    path = tmp_path / "data.toml"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    with pytest.raises(DataError) as err:
        load_dataset([("data.toml", path)])
    return err.value.problems


def editor_line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("char", ALLOWED)
def test_a_field_after_line_break_look_alikes_is_on_the_editors_line(tmp_path, char, newline):
    text = (
        f"# a comment{char}with{char}breaks\n"
        + SOURCE.format(c=char)
        + '\n[[sources]]\nid = "b"\ntitle = "U"\npublisher = "P"\nkind = 5\n'
        + '\n[[sources]]\nid = "c"\n'
    )
    found = problems(tmp_path, text, newline)
    assert [p.line for p in found if 'source "b"' in str(p)] == [editor_line(text, "kind = 5")]
    missing = [p.line for p in found if 'source "c"' in str(p)]
    assert missing and set(missing) == {editor_line(text, 'id = "c"') - 1}


@pytest.mark.parametrize("char", REJECTED)
def test_a_syntax_error_at_such_a_character_is_on_the_editors_line(tmp_path, char):
    text = "# one\n# two\n" + f"# three{char}four\n" + SOURCE.format(c="")
    [problem] = problems(tmp_path, text)
    assert problem.line == 3
