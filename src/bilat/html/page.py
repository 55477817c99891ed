"""Render the briefing with Jinja2 and write it.

Autoescaping is on for everything the template prints, so markup in the data shows as text;
the template never uses `|safe`. The stylesheet is included into the page, not linked, and the
page loads nothing: no fonts, scripts or images from anywhere.
"""

from __future__ import annotations

import datetime
import os
from typing import TextIO

from bilat.export.common import write_text
from bilat.html.briefing import Briefing, Filters, build
from bilat.query.memory import Query

TEMPLATE = "briefing.html"
DEFAULT_TITLE = "Briefing"


def render(briefing: Briefing) -> str:
    """The page's HTML."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bilat.html", "templates"),
        autoescape=True,  # every template, whatever its name: the data is never markup
        undefined=jinja2.StrictUndefined,  # a typo in the template fails, not blanks a field
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template(TEMPLATE).render(b=briefing)


def export_html(
    query: Query,
    filters: Filters,
    output: str,
    stdout: TextIO,
    *,
    title: str | None = None,
    files: list[str] | None = None,
    generated_at: datetime.datetime | None = None,
) -> None:
    """Write the briefing to the file `output` (atomically), or to stdout when `-`."""
    briefing = build(
        query,
        filters,
        title=title or DEFAULT_TITLE,
        files=files or [],
        generated_at=generated_at or export_time(),
    )
    write_text(output, render(briefing), stdout)


def export_time() -> datetime.datetime:
    """Now, in UTC; or SOURCE_DATE_EPOCH when set, so a build can be reproduced byte for
    byte (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
