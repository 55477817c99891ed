"""Generate docs/cli.md from the app itself: `python -m bilat.cli.docgen > docs/cli.md`.

A test fails when docs/cli.md differs from this output, so the reference cannot go stale.
"""

from __future__ import annotations

import sys


def _walk(command, path: list[str], parent=None):
    """Each command with a help context as Click would build it, at a fixed width."""
    from typer._click import Context

    ctx = Context(
        command,
        info_name=path[-1],
        parent=parent,
        terminal_width=100,
        max_content_width=100,
        help_option_names=["-h", "--help"],
    )
    yield path, command, ctx
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, path + [name], ctx)


def render_reference() -> str:
    from typer.main import get_command

    from bilat.cli.app import app

    root = get_command(app)
    out = [
        "# bilat command reference",
        "",
        "Generated from the app by `python -m bilat.cli.docgen > docs/cli.md`; a test fails when "
        "it is stale.",
        "",
    ]
    for path, command, ctx in _walk(root, ["bilat"]):
        title = " ".join(path)
        out += [f"## `{title}`", "", "```", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(render_reference())
