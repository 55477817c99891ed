"""TimelineJS3 JSON: a title slide and one slide per event.

TimelineJS shows headline and text as HTML, so every string from the dataset goes through
html.escape; the only markup is this module's own fixed tags, and only http(s) URLs become
links. Each slide's start_date/end_date carry only the parts the date's precision has; the
honest human date (EdtfDate.display) is always set as display_date.

Dates TimelineJS cannot show as they are:
- an interval with an open or unknown start (`../1990`) is placed at its end bound, with no
  end_date; display_date ("until 1990") says what is known. No event is skipped.
- an open or unknown interval end (`2020/..`) gives no end_date.
- a range within one date (a season, `189X`) gets an end_date for the end of the range.
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


def date_parts(date: EdtfDate) -> tuple[TimelineDate, TimelineDate | None]:
    """(start_date, end_date or None) for a TimelineJS slide."""
    if "/" not in date.text:
        return _span(date)
    start_text, end_text = date.text.split("/")
    start = None if start_text in _OPEN_ENDS else _span(parse_edtf(start_text))
    end = None if end_text in _OPEN_ENDS else _span(parse_edtf(end_text))
    if start is None:
        assert end is not None  # an interval has a date on at least one end
        return end[0], None
    if end is None:
        return start[0], None
    return start[0], end[1] or end[0]


def slide(event: Event, query: Query) -> dict[str, object]:
    """One event as a TimelineJS slide."""
    start, end = date_parts(event.date)
    out: dict[str, object] = {"unique_id": event.id, "group": event.kind, "start_date": start}
    if end is not None:
        out["end_date"] = end
    out["display_date"] = event.date.display()
    out["text"] = {"headline": esc(event.title), "text": _event_html(event, query)}
    return out


def document(events: list[Event], query: Query) -> dict[str, object]:
    """The TimelineJS document: a title slide naming the sources, and the events' slides."""
    cited = {c.source for e in events for c in walk(e)}
    sources = [s for s in query.sources() if s.id in cited]
    count = f"{len(sources)} source{'' if len(sources) == 1 else 's'}"
    intro = (
        f"{len(events)} event{'' if len(events) == 1 else 's'}, each cited to its sources, "
        f"from {count}. Quoted blocks hold a source's exact words; text marked "
        "“paraphrase” is bilat's own summary of what a source reports."
    )
    text = "".join(
        [
            f"<p>{esc(intro)}</p>",
            *(f"<p>{_source_html(s)}</p>" for s in sources),
            f"<p>{esc('Made with ' + generator())}.</p>",
        ]
    )
    return {
        "title": {"text": {"headline": esc(f"bilat timeline ({count})"), "text": text}},
        "events": [slide(e, query) for e in events],
    }


def export_timelinejs(query: Query, events: list[Event], output: str, stdout: TextIO) -> None:
    """Write the events' timeline to the file `output` (atomically), or stdout when `-`."""
    if not events:
        warn("no events to export: TimelineJS shows nothing but the title slide")
    text = json.dumps(document(events, query), ensure_ascii=False, indent=2) + "\n"
    write_text(output, text, stdout)


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
