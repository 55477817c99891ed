"""TimelineJS3 JSON: a title slide and one slide per event.

TimelineJS shows headline and text as HTML, so every string from the dataset goes through
html.escape; the only markup is this module's own fixed tags, and only http(s) URLs become
links. Each slide's start_date/end_date carry only the parts the date's precision has; the
honest human date (EdtfDate.display) is always set as display_date.

Dates TimelineJS cannot show as they are:
- an interval with an open or unknown start (`../1990`) is never placed at its end, as if it
  happened then: it is drawn as the span it is, from the first day the timeline shows
  (--since, else the earliest known start among the slides) to its end. When nothing on the
  timeline starts before its end, it is left out, with a warning naming it.
- an open or unknown interval end (`2020/..`) is drawn to the last day the timeline shows
  (--until, else the latest known end among the slides), or has no end_date when that is not
  after its start.
- a range within one date (a season, `189X`) gets an end_date for the end of the range.
- no slide reaches outside --since/--until: a span that does is cut at the window's edge (as
  a day), so the axis is the window asked for. display_date always says what is known.
"""

from __future__ import annotations

import datetime
import html
import json
from typing import TextIO

from bilat.citations import PARAPHRASE, is_checked, shown_title, unchecked_mark, walk
from bilat.dates import EdtfDate, parse_edtf
from bilat.export.common import generator, is_web_url, warn, write_text
from bilat.model import Event, Source
from bilat.query.memory import Query
from bilat.records import model_of

_OPEN_ENDS = ("", "..")
_CONFIDENCE_LABELS = {
    "verified": "Verified",
    "reported": "Reported",
    "claimed": "Claimed",
    "unverified": "Unverified",
}

TimelineDate = dict[str, int]


def esc(text: str) -> str:
    """Dataset text made safe to place in HTML."""
    return html.escape(text, quote=True)


def date_parts(date: EdtfDate) -> tuple[TimelineDate | None, TimelineDate | None]:
    """(start_date, end_date) for a TimelineJS slide, as the date gives them: None for an
    open or unknown end of an interval, and for the end of a date that is not a range."""
    if "/" not in date.text:
        return _span(date)
    start_text, end_text = date.text.split("/")
    start = None if start_text in _OPEN_ENDS else _span(parse_edtf(start_text))
    end = None if end_text in _OPEN_ENDS else _span(parse_edtf(end_text))
    return (start[0] if start else None), (end[1] or end[0] if end else None)


class Window:
    """The days the timeline shows: --since/--until, else the known extent of the events."""

    __slots__ = ("first", "last", "named")

    def __init__(
        self,
        events: list[Event],
        since: datetime.date | None = None,
        until: datetime.date | None = None,
        named: tuple[str | None, str | None] = (None, None),
    ) -> None:
        self.named = named  # --since and --until as given, for the default title
        starts = [e.date.lower for e in events if not e.date.open_start]
        ends = [e.date.upper for e in events if not e.date.open_end]
        self.first = since if since is not None else min(starts, default=None)
        self.last = until if until is not None else max(ends, default=None)


def placed(date: EdtfDate, window: Window) -> tuple[TimelineDate, TimelineDate | None] | None:
    """(start_date, end_date or None) within the window; None when the date cannot be drawn
    without pinning it to its end (an open start with nothing on the timeline before it)."""
    start, end = date_parts(date)
    first, last = window.first, window.last
    if start is None:
        if first is None or first >= date.upper:
            return None
        start = _day(first)
    elif first is not None and date.lower < first:
        start = _day(first)
    if date.open_end:
        end = _day(last) if last is not None and last > _first_day(start) else None
    elif last is not None and date.upper > last:
        end = _day(last) if last > _first_day(start) else None
    return start, end


def slide(event: Event, query: Query, window: Window | None = None) -> dict[str, object] | None:
    """One event as a TimelineJS slide, or None when it cannot be drawn honestly."""
    where = placed(event.date, window or Window([event]))
    if where is None:
        return None
    start, end = where
    out: dict[str, object] = {"unique_id": event.id, "group": event.kind, "start_date": start}
    if end is not None:
        out["end_date"] = end
    out["display_date"] = event.date.display()
    out["text"] = {"headline": esc(event.title), "text": _event_html(event, query)}
    return out


def default_title(count: int, window: Window) -> str:
    """ "Timeline: 12 events, 2020 to 2023": what the timeline holds, as the filters chose."""
    since, until = window.named
    title = f"Timeline: {count} event{'' if count == 1 else 's'}"
    if since and until:
        return f"{title}, {since} to {until}"
    if since:
        return f"{title}, from {since}"
    return f"{title}, until {until}" if until else title


def document(
    events: list[Event],
    query: Query,
    window: Window | None = None,
    title: str | None = None,
    text: str | None = None,
) -> dict[str, object]:
    """The TimelineJS document: a title slide (the title, the text or a note on how to read
    the slides, and the sources cited), and the events' slides. Events that cannot be drawn
    honestly are left out, each with a warning."""
    window = window or Window(events)
    slides = []
    for event in events:
        made = slide(event, query, window)
        if made is None:
            warn(
                f'left out of the timeline: "{event.title}" ({event.date.display()}) has no '
                "known start, and nothing on the timeline starts before its end"
            )
        else:
            slides.append(made)
    cited = {c.source for e in events for c in walk(e)}
    sources = [s for s in query.sources() if s.id in cited]
    count = f"{len(sources)} source{'' if len(sources) == 1 else 's'}"
    if text is None:
        text = (
            f"{len(slides)} event{'' if len(slides) == 1 else 's'}, each cited to its sources, "
            f"from {count}. Quoted blocks hold a source's exact words; text marked "
            "“paraphrase” is bilat's own summary of what a source reports."
        )
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = "".join(
        [
            *(f"<p>{esc(p)}</p>" for p in paragraphs),
            "<p>Sources cited:</p>" if sources else "",
            "<ul>" + "".join(f"<li>{_source_html(s)}</li>" for s in sources) + "</ul>"
            if sources
            else "",
            f"<p>{esc('Made with ' + generator())}.</p>",
        ]
    )
    headline = title if title is not None else default_title(len(slides), window)
    return {
        "title": {"text": {"headline": esc(headline), "text": body}},
        "events": slides,
    }


def export_timelinejs(
    query: Query,
    events: list[Event],
    output: str,
    stdout: TextIO,
    window: Window | None = None,
    title: str | None = None,
    text: str | None = None,
) -> None:
    """Write the events' timeline to the file `output` (atomically), or stdout when `-`."""
    if not events:
        warn("no events to export: TimelineJS shows nothing but the title slide")
    doc = document(events, query, window, title, text)
    write_text(output, json.dumps(doc, ensure_ascii=False, indent=2) + "\n", stdout)


def _span(date: EdtfDate) -> tuple[TimelineDate, TimelineDate | None]:
    """A single (non-interval) date's first and, if it is a range, last TimelineJS date."""
    low, high = date.lower, date.upper
    if low == high:
        return _day(low), None
    if low.day == 1 and _is_month_end(high):
        if low.month == 1 and high.month == 12:  # whole years: 2020, 189X, 2004-XX
            return {"year": low.year}, None if low.year == high.year else {"year": high.year}
        first = {"year": low.year, "month": low.month}  # whole months: 2021-01, a season
        if (low.year, low.month) == (high.year, high.month):
            return first, None
        return first, {"year": high.year, "month": high.month}
    return _day(low), _day(high)


def _day(day: datetime.date) -> TimelineDate:
    return {"year": day.year, "month": day.month, "day": day.day}


def _first_day(part: TimelineDate) -> datetime.date:
    return datetime.date(part["year"], part.get("month", 1), part.get("day", 1))


def _is_month_end(day: datetime.date) -> bool:
    return (day.month, day.day) == (12, 31) or (day + datetime.timedelta(days=1)).day == 1


def _event_html(event: Event, query: Query) -> str:
    parts = []
    if event.summary:
        parts.append(f"<p>{esc(event.summary)}</p>")
    if event.confidence != "reported" or event.attributed_to:
        label = _CONFIDENCE_LABELS.get(event.confidence, event.confidence)
        if event.attributed_to:
            label += f" — attributed to {query.name_of(event.attributed_to)}"
        parts.append(f"<p>{esc(label)}</p>")
    parts.extend(_citation_html(c, query) for c in walk(event))
    return "".join(parts)


def _citation_html(citation, query: Query) -> str:
    """A blockquote only for a source's exact words (with whose they are); a paraphrase is
    a plain paragraph, labelled as one."""
    source = model_of(query.get(citation.source))
    assert isinstance(source, Source)
    speaker = query.name_of(citation.by) if citation.by else None
    note = f" ({esc(citation.note)})" if citation.note else ""
    credit = f"{esc(speaker)}, quoted in " if speaker else ""
    if citation.quote is not None:
        mark = unchecked_mark(is_checked(source))
        return (
            f"<blockquote>{esc(citation.quote)}</blockquote>"
            f"<p>— {credit}{_source_html(source)}{note}{' ' + esc(mark) if mark else ''}</p>"
        )
    about = f" of {esc(speaker)}" if speaker else ""
    return (
        f"<p><em>{esc(PARAPHRASE.capitalize())}{about}:</em> {esc(citation.says or '')}</p>"
        f"<p>— {_source_html(source)}{note}</p>"
    )


def _source_html(source: Source) -> str:
    title = esc(shown_title(source.title, source.title_supplied))
    if source.url and is_web_url(source.url):
        title = f'<a href="{esc(source.url)}">{title}</a>'
    date = source.date.display() if source.date else "n.d."
    return f"{esc(source.publisher)}, {title}, {esc(date)}"
