"""The one place Rich consoles are made, from an Output the CLI or a test chose."""

from __future__ import annotations

from rich.console import Console

from bilat.render.views import Output


def make_console(out: Output) -> Console:
    # markup/emoji/highlight off: dataset text must never be read as Rich markup.
    return Console(file=out.stream, width=out.width, force_terminal=out.is_terminal and out.color,
                   no_color=not out.color, color_system="auto" if out.color else None,
                   markup=False, emoji=False, highlight=False, soft_wrap=False,
                   legacy_windows=False, force_jupyter=False, force_interactive=False)
