"""`bilat timeline` on a terminal: events under their year (or decade), a date gutter in honest
precision, titles wrapped at word boundaries, and a dim line with kind · confidence · where it
comes from · id, so every event leads to `show` and `cite`.

Only for people at a terminal; `--format table` gives the grid and pipes get `plain`.
"""

from __future__ import annotations

import datetime

from rich.cells import cell_len

from bilat.render.draw import Text, emit
from bilat.render.layout import atom_lines, ljust, wrap
from bilat.render.table import more_note, style_of
from bilat.render.views import Listing, Output

# The widest a date gutter grows; a longer date takes a line of its own above its title.
_GUTTER_MAX = 17
# Below this width the gutter takes too much: each date goes on its own line.
_STACK_BELOW = 50
_INDENT = "  "


# The heading of events whose start no source gives ("../2020-11-10": until then): they sort
# first, and have no year to stand under.
OPEN_START = "Start unknown"


def group_of(date) -> str:
    """The heading an event sorts under: its year, or its decade when the date is older than
    1900 or spans ten years and more (a vague date, not a point in a year)."""
    if date.open_start:
        return OPEN_START
    lower, upper = date.lower.year, date.upper.year
    if lower < 1900 or upper - lower >= 10:
        return f"{lower // 10 * 10}s"
    return str(lower)


def gutter_text(date, group: str) -> str:
    """The date as shown beside its title: without the year when the heading says it."""
    shown = date.display()
    suffix = f" {group}"
    if group.isdigit() and shown.endswith(suffix) and shown.count(group) == 1:
        return shown[: -len(suffix)]
    return shown


def header_line(listing: Listing) -> str:
    events = [row.entry for row in listing.rows]
    count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
    if listing.total is not None and listing.total > len(events):
        count = f"The first {len(events)} of {listing.total:,} events"
    # The span the known dates cover: an open start or end has no year to show.
    years = [
        d.year
        for e in events
        for d in (e.date.lower, e.date.upper)
        if d not in (datetime.date.min, datetime.date.max)
    ]
    first, last = min(years, default=None), max(years, default=None)
    span = "" if first is None else str(first) if first == last else f"{first}–{last}"
    filters = f" · {' '.join(listing.filters)}" if listing.filters else ""
    return f"{count}{', ' + span if span else ''}{filters}"


def meta_lines(event, listing: Listing, width: int) -> list[str]:
    """kind · confidence · where it comes from · id; the id on a line of its own when the
    whole does not fit, so that no line starts with a separator."""
    parts = [event.kind, event.confidence]
    if listing.provenance is not None:
        parts.append(listing.provenance(event))
    about = " · ".join(p for p in parts if p)
    whole = f"{about} · {event.id}"
    return [whole] if cell_len(whole) <= width else [*wrap(about, width), event.id]


class TimelineRenderer:
    def listing(self, listing: Listing, out: Output) -> None:
        if not listing.rows:
            more = more_note(out, listing)  # --limit 0: nothing shown, but there is more
            if more is not None:
                emit(out, [more])
            return
        events = [row.entry for row in listing.rows]
        groups = [group_of(e.date) for e in events]
        gutters = [gutter_text(e.date, g) for e, g in zip(events, groups)]
        stacked = out.width < _STACK_BELOW
        gutter = 0 if stacked else min(max(cell_len(g) for g in gutters), _GUTTER_MAX)
        text_at = len(_INDENT) + (gutter + 2 if gutter else 2)
        width = max(out.width - text_at, 20)
        pad = " " * text_at

        page = Text()
        page.append(
            "\n".join(wrap(header_line(listing), out.width)) + "\n", style=style_of(out, "dim")
        )
        current = None
        for event, group, shown in zip(events, groups, gutters):
            if group != current:
                current = group
                page.append(f"\n{group}\n", style=style_of(out, "bold"))
            title = wrap(event.title, width)
            if stacked or cell_len(shown) > gutter:
                page.append(_INDENT + shown + "\n", style=style_of(out, "cyan"))
                first = pad
            else:
                page.append(_INDENT + ljust(shown, gutter) + "  ", style=style_of(out, "cyan"))
                first = ""
            page.append(first + ("\n" + pad).join(title) + "\n")
            *about, last = meta_lines(event, listing, width)
            lines = [pad + line for line in about]
            # The id (or the whole line ending in it) stays whole, moved left if need be.
            lines.append(
                atom_lines(pad, last, out.width, _INDENT)[-1] if " " not in last else pad + last
            )
            page.append("\n".join(lines) + "\n", style=style_of(out, "dim"))
            if event.participants:
                who = "with " + ", ".join(listing.names(p) for p in event.participants)
                page.append(pad + ("\n" + pad).join(wrap(who, width)) + "\n")
        page.rstrip()
        more = more_note(out, listing)
        emit(out, [page] if more is None else [page, more])

    def entry(self, view, out: Output) -> None:  # a timeline lists; one entry is a table's job
        from bilat.render.table import RENDERER

        RENDERER.entry(view, out)


RENDERER = TimelineRenderer()
