"""Options that several commands share, declared once as `Annotated` aliases.

The event filters (`--since` … `--reverse`) are the same declaration in `bilat timeline`,
`bilat export timelinejs` and `bilat export html`; the listing options (`--format`,
`--fields`, `--limit`) in every listing command.
"""

# No `from __future__ import annotations` here: Typer reads these annotations on every run.

from typing import Annotated, Optional

import typer

from bilat.cli import completion as complete
from bilat.commands.run import lower_choice as lower  # Typer-free: the fast path calls it too
from bilat.render import format_names
from bilat.vocab import CONFIDENCE, EVENT_KINDS

FORMAT_HELP = (
    f"Output format: {', '.join(format_names())}. Default: table on a terminal, plain when piped."
)
Format = Annotated[
    Optional[str],
    typer.Option(
        "--format", "-f", metavar="FORMAT", help=FORMAT_HELP, autocompletion=complete.formats
    ),
]


def format_of(help_text: str, *choices: str):
    """The --format option of a command with its own formats (validate, verify, diff…)."""
    return Annotated[
        Optional[str],
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            callback=lower,
            help=help_text,
            autocompletion=complete.choices(*choices),
        ),
    ]


Limit = Annotated[
    Optional[int],
    typer.Option(
        "--limit",
        "-n",
        metavar="N",
        help="Show at most N results (a table or timeline at a terminal shows 50 unless told).",
    ),
]
Country = Annotated[
    Optional[str],
    typer.Option(
        "--country",
        metavar="CODE",
        help="ISO 3166-1 alpha-2 code or country name.",
        autocompletion=complete.countries,
    ),
]


def fields_option(type_name: str):
    return Annotated[
        Optional[str],
        typer.Option(
            "--fields",
            metavar="F1,F2",
            help="Comma-separated fields to show, in order (listed "
            "below; --fields alone lists them).",
            autocompletion=complete.fields_of(type_name),
        ),
    ]


def id_option(type_name: str, help_text: str):
    return Annotated[
        Optional[str],
        typer.Option(metavar="ID", help=help_text, autocompletion=complete.ids_of(type_name)),
    ]


# The event filters (bilat.commands.options.EventFilters).
Since = Annotated[
    Optional[str],
    typer.Option(
        metavar="DATE",
        help="Only events that may have happened on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
]
Until = Annotated[
    Optional[str],
    typer.Option(metavar="DATE", help="Only events that may have happened on or before DATE."),
]
EventKind = Annotated[
    Optional[str],
    typer.Option(
        metavar="KIND",
        help=f"Event kind: {', '.join(EVENT_KINDS)}.",
        callback=lower,
        autocompletion=complete.choices(*EVENT_KINDS),
    ),
]
Person = id_option("person", "A person's id.")
Org = id_option("organization", "An organization's id.")
Confidence = Annotated[
    Optional[list[str]],
    typer.Option(
        metavar="LEVEL",
        help=f"Only events of this confidence (repeatable): {', '.join(CONFIDENCE)}.",
        callback=lower,
        autocompletion=complete.choices(*CONFIDENCE),
    ),
]
Match = Annotated[
    Optional[str],
    typer.Option(
        metavar="TEXT",
        help="Only events whose title, summary or other text holds every word "
        "of TEXT, ignoring case and accents (as search does).",
    ),
]
Reverse = Annotated[bool, typer.Option("--reverse", help="Newest first.")]
