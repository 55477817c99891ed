"""Where each event's mark goes on the briefing's timeline: pure geometry, no HTML.

Events are grouped into panels, each with its own scale, wherever the record has a long gap
(`GAP_YEARS`), so that an 1890s story and a 2023 visit both read at a useful size. A year that
holds several events of a longer panel also gets a detail panel of its own, by month.

A mark spans the event's possible dates, `lower` to the end of `upper`: a day is a point, a
month or a year a band. The date's qualifiers and open ends are carried to the page, which
draws them (fuzzy for "c.", dashed for "?", fading for an open end); an open end reaches the
edge of its panel.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from bilat.model import Event

GAP_YEARS = 10  # a gap longer than this between events starts a new panel
DETAIL_MIN_EVENTS = 3  # events within one year of a longer panel that earn it a detail panel
MAX_YEAR_TICKS = 8  # more labels than this crowd a printed track
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Mark:
    """One event on one panel; `left` and `width` are percentages of the panel's width."""

    event: Event
    left: float
    width: float
    point: bool  # a single known day
    approximate: bool
    uncertain: bool
    open_start: bool
    open_end: bool

    @property
    def classes(self) -> str:
        """The CSS classes that draw this mark's precision."""
        names = ["mark", "point" if self.point else "band"]
        names += [
            name
            for name, on in (
                ("approximate", self.approximate),
                ("uncertain", self.uncertain),
                ("open-start", self.open_start),
                ("open-end", self.open_end),
            )
            if on
        ]
        return " ".join(names)


@dataclass(frozen=True, slots=True)
class Tick:
    left: float
    label: str


@dataclass(frozen=True, slots=True)
class Panel:
    start: datetime.date  # the first day the panel shows
    end: datetime.date  # the last day it shows
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    detail: bool = False  # a zoomed-in view of one year of a longer panel

    @property
    def caption(self) -> str:
        first, last = self.start.year, self.end.year
        span = str(first) if first == last else f"{first}–{last}"
        return f"Detail: {span}, by month" if self.detail else span


def panels(events: list[Event]) -> list[Panel]:
    """The events (in date order) laid out on panels, earliest first, each followed by its
    detail panels."""
    out: list[Panel] = []
    for group in _groups(events):
        start, end = _year_range(group)
        panel = _panel(group, start, end, detail=False)
        out.append(panel)
        if end.year - start.year >= 2:
            out.extend(_details(group))
    return out


def known_range(event: Event) -> tuple[datetime.date, datetime.date]:
    """The event's earliest and latest possible days, with an open end replaced by the known
    one (an open end has no place on an axis)."""
    date = event.date
    low = date.upper if date.open_start else date.lower
    high = date.lower if date.open_end else date.upper
    return low, high


def _groups(events: list[Event]) -> list[list[Event]]:
    groups: list[list[Event]] = []
    reach: datetime.date | None = None  # the latest day the current group covers
    for event in sorted(events, key=lambda e: (known_range(e), e.date.text)):
        low, high = known_range(event)
        if reach is None or (low - reach).days > GAP_YEARS * 365.25:
            groups.append([])
            reach = high
        groups[-1].append(event)
        reach = max(reach, high)
    return groups


def _year_range(events: list[Event]) -> tuple[datetime.date, datetime.date]:
    first = min(known_range(e)[0] for e in events).year
    last = max(known_range(e)[1] for e in events).year
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


def _details(events: list[Event]) -> list[Panel]:
    by_year: dict[int, list[Event]] = {}
    for event in events:
        low, high = known_range(event)
        if low.year == high.year and not (event.date.open_start or event.date.open_end):
            by_year.setdefault(low.year, []).append(event)
    return [
        _panel(found, datetime.date(year, 1, 1), datetime.date(year, 12, 31), detail=True)
        for year, found in sorted(by_year.items())
        if len(found) >= DETAIL_MIN_EVENTS and len(found) < len(events)
    ]


def _panel(events: list[Event], start: datetime.date, end: datetime.date, *, detail: bool) -> Panel:
    days = (end - start).days + 1
    return Panel(
        start, end, tuple(_mark(e, start, days) for e in events), _ticks(start, end, days), detail
    )


def _mark(event: Event, start: datetime.date, days: int) -> Mark:
    date = event.date
    low, high = known_range(event)
    left = 0.0 if date.open_start else _percent((low - start).days, days)
    right = 100.0 if date.open_end else _percent((high - start).days + 1, days)
    point = low == high and not (date.open_start or date.open_end)
    return Mark(
        event,
        left,
        0.0 if point else max(right - left, 0.0),
        point,
        date.approximate,
        date.uncertain,
        date.open_start,
        date.open_end,
    )


def _ticks(start: datetime.date, end: datetime.date, days: int) -> tuple[Tick, ...]:
    years = end.year - start.year + 1
    if years <= 2:  # by month (or by quarter over two years)
        step = 1 if years == 1 else 3
        ticks = []
        for index in range(0, 12 * years, step):
            day = datetime.date(start.year + index // 12, index % 12 + 1, 1)
            label = _MONTHS[day.month - 1] if day.month != 1 or years == 1 else str(day.year)
            ticks.append(Tick(_percent((day - start).days, days), label))
        return tuple(ticks)
    step = next(
        s for s in (1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000) if years / s <= MAX_YEAR_TICKS
    )
    first = -(-start.year // step) * step  # the first multiple of step in the panel
    return tuple(
        Tick(_percent((datetime.date(year, 1, 1) - start).days, days), str(year))
        for year in range(first, end.year + 1, step)
    )


def _percent(offset: int, days: int) -> float:
    return round(100 * offset / days, 3)
