"""A small, dependency-free subset of EDTF (ISO 8601-2) dates.

Supported forms
---------------
Level 0:
    ``1991-12-12`` (day), ``2021-01`` (month), ``2020`` (year) and intervals of
    these, with mixed precision allowed: ``2020-09-27/2020-11-10``,
    ``1890/1910``, ``2021-01/2021-03-15``.  Years are exactly four digits,
    0001-9999 (``datetime.date`` cannot hold year 0000).

Level 1:
    * Qualifiers on a whole date: ``1900~`` (approximate), ``2023-05?``
      (uncertain), ``2004-06%`` (both), also on each end of an interval
      (``1890~/1910~``).  Qualifiers do *not* widen the bounds: a qualified
      date has the same ``lower``/``upper`` as the unqualified one, so sorting
      and filtering treat the stated period as the range.
    * Unspecified digits: ``189X`` (1890-1899), ``19XX`` (1900-1999), ``1XXX``
      (1000-1999), ``2004-XX`` (all of 2004), ``1985-04-XX`` (April 1985),
      ``1985-XX-XX`` (all of 1985).  ``X`` may only replace the last one to
      three digits of the year (and then no month or day may follow), or a
      whole month or day; ``1985-XX-04`` is rejected.  Years ``000X``/``00XX``
      would include year 0, so their lower bound is clamped to 0001-01-01.
    * Open (``..``) and unknown (empty) interval ends: ``2020-09/..``,
      ``../1990``, ``/2020``, ``2020/``.  For bounds, an open or unknown start
      is ``datetime.date.min`` and an open or unknown end is
      ``datetime.date.max``.  At least one end must be a date.
    * Seasons 21-24 (``2001-21``), northern hemisphere: 21 spring = Mar-May,
      22 summer = Jun-Aug, 23 autumn = Sep-Nov, 24 winter = Dec of that year
      through Feb of the next year (so ``9999-24`` is rejected).  Seasons take
      no day and no qualifier.

An interval is rejected when its start cannot come before its end, i.e. when
the start's earliest day is after the end's latest day (``2020/2019``).

Level 2, one of a set:
    ``[2023-05-01..2023-05-24]`` is *one* day, which the sources do not give,
    from 1 to 24 May 2023 (an interval, ``2023-05-01/2023-05-24``, is every day
    of that span).  A set lists dates and ranges, in order, separated by commas
    (a space may follow a comma): ``[1667,1668,1670..1672]``,
    ``[2023-05-01,2023-05-24]``.  Its items are plain days, months or years
    (no qualifier, X or season); a range ``A..B`` has both ends of the same
    precision and A before B; each item comes after the one before.  A set of
    one date is that date, and is written without brackets.  Its bounds are the
    first item's earliest day and the last item's latest day; its display says
    "one" before it names the dates, so that it never reads as a span:
    ``one day, 1–24 May 2023``, ``one year, 1667, 1668 or 1670–1672``.  Open set ends
    (``[..1760]``, ``[1760..]``) and "all of a set" (``{...}``) are not
    supported.

Native TOML values are accepted too: a ``datetime.date`` becomes its ISO day
(``YYYY-MM-DD``); a ``datetime.datetime`` becomes its date part (the time and
any time zone are dropped).
"""

from __future__ import annotations

import datetime

__all__ = ["DateError", "EdtfDate", "parse_bound", "parse_edtf"]

_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
# season -> (first month, last month, last month is in the next year)
_SEASON_MONTHS = {
    21: (3, 5, False),
    22: (6, 8, False),
    23: (9, 11, False),
    24: (12, 2, True),
}
_QUALIFIERS = "?~%"
_OPEN = ".."
_UNKNOWN = ""


class DateError(ValueError):
    """A date text is not a supported EDTF date.

    The message says what is wrong and quotes the text, e.g.
    ``invalid date "2023-02-30": day 30 is out of range for Feb 2023``.
    """


class _Bad(Exception):
    """Internal: a reason why a date part is invalid (no quoting yet)."""


def _quote(text: str) -> str:
    if len(text) > 60:
        text = text[:57] + "..."
    if text.isprintable() and '"' not in text:
        return f'"{text}"'
    return repr(text)


def _digits(s: str) -> bool:
    return s.isascii() and s.isdigit()


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


class _Part:
    """One parsed (non-interval) date; internal, treated as immutable.

    ``year`` has unspecified digits as 0; ``precision`` is one of 'day',
    'month', 'year', 'season', 'x1', 'x2', 'x3' (number of X year digits);
    ``month`` is the month or season number (0 when absent or XX).
    """

    __slots__ = (
        "day",
        "lower",
        "month",
        "precision",
        "qualifier",
        "text",
        "upper",
        "year",
    )

    def __init__(
        self,
        text: str,
        lower: datetime.date,
        upper: datetime.date,
        year: int,
        precision: str,
        month: int = 0,
        day: int = 0,
        qualifier: str = "",
    ) -> None:
        self.text = text
        self.lower = lower
        self.upper = upper
        self.year = year
        self.precision = precision
        self.month = month
        self.day = day
        self.qualifier = qualifier

    def __repr__(self) -> str:
        return f"_Part({self.text!r})"


def _parse_part(s: str) -> _Part:
    """Parse a single date such as ``1985-04-XX~``; raise _Bad on error."""
    text = s
    qualifier = ""
    if s and s[-1] in _QUALIFIERS:
        qualifier, s = s[-1], s[:-1]
    if any(c in _QUALIFIERS for c in s):
        raise _Bad("a qualifier (?, ~ or %) is only allowed once, at the very end of a date")
    if not s:
        raise _Bad("missing date before the qualifier" if qualifier else "missing date")
    if "T" in s or ":" in s:
        raise _Bad("times are not supported; give a day as YYYY-MM-DD")
    if s.startswith("-"):
        raise _Bad("negative years are not supported")
    if s.startswith("Y"):
        raise _Bad("long years (Y...) are not supported; years are 0001-9999")
    if "x" in s:
        raise _Bad("unspecified digits must be an uppercase X")

    pieces = s.split("-")
    if len(pieces) > 3:
        raise _Bad("expected YYYY, YYYY-MM or YYYY-MM-DD")
    ys = pieces[0]
    if len(ys) != 4 or not all(c in "0123456789X" for c in ys):
        if _digits(ys) and len(ys) > 4:
            raise _Bad("years must have exactly 4 digits (0001-9999)")
        raise _Bad("expected a 4-digit year (YYYY, YYYY-MM or YYYY-MM-DD)")
    stem = ys.rstrip("X")
    xs = len(ys) - len(stem)
    if not _digits(stem) or xs > 3:
        raise _Bad("X may only replace the last one to three digits of the year")
    year = int(stem + "0" * xs)

    if xs:
        if len(pieces) > 1:
            raise _Bad("a year with unspecified digits (X) cannot have a month or day")
        span = 10**xs
        lower = datetime.date(max(year, 1), 1, 1)
        upper = datetime.date(year + span - 1, 12, 31)
        return _Part(text, lower, upper, year, f"x{xs}", qualifier=qualifier)
    if year == 0:
        raise _Bad("year 0000 is not supported (years are 0001-9999)")
    if len(pieces) == 1:
        return _Part(
            text,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            year,
            "year",
            qualifier=qualifier,
        )

    ms = pieces[1]
    if len(ms) != 2 or not (_digits(ms) or ms == "XX"):
        raise _Bad("the month must be two digits (01-12) or XX")
    if ms == "XX":
        if len(pieces) == 2:
            return _Part(
                text,
                datetime.date(year, 1, 1),
                datetime.date(year, 12, 31),
                year,
                "year",
                qualifier=qualifier,
            )
        if pieces[2] != "XX":
            raise _Bad("a day cannot be given when the month is unspecified (XX)")
        return _Part(
            text,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            year,
            "year",
            qualifier=qualifier,
        )
    month = int(ms)
    if month in _SEASONS:
        if len(pieces) == 3:
            raise _Bad("a season (21-24) cannot have a day")
        if qualifier:
            raise _Bad("qualifiers (?, ~, %) are not supported on seasons")
        first, last, next_year = _SEASON_MONTHS[month]
        end_year = year + 1 if next_year else year
        if end_year > 9999:
            raise _Bad("this season ends after year 9999, which is not supported")
        lower = datetime.date(year, first, 1)
        upper = datetime.date(end_year, last, _days_in_month(end_year, last))
        return _Part(text, lower, upper, year, "season", month=month)
    if not 1 <= month <= 12:
        raise _Bad(f"month {ms} is out of range (01-12, or 21-24 for seasons)")
    last_day = _days_in_month(year, month)
    if len(pieces) == 2:
        return _Part(
            text,
            datetime.date(year, month, 1),
            datetime.date(year, month, last_day),
            year,
            "month",
            month=month,
            qualifier=qualifier,
        )

    ds = pieces[2]
    if len(ds) != 2 or not (_digits(ds) or ds == "XX"):
        raise _Bad("the day must be two digits (01-31) or XX")
    if ds == "XX":
        return _Part(
            text,
            datetime.date(year, month, 1),
            datetime.date(year, month, last_day),
            year,
            "month",
            month=month,
            qualifier=qualifier,
        )
    day = int(ds)
    if not 1 <= day <= last_day:
        raise _Bad(f"day {ds} is out of range for {_MONTHS[month - 1]} {year}")
    d = datetime.date(year, month, day)
    return _Part(text, d, d, year, "day", month=month, day=day, qualifier=qualifier)


def _core(p: _Part, *, with_year: bool = True) -> str:
    """Human text for a part, without its qualifier."""
    y = str(p.year)
    if p.precision == "day":
        s = f"{p.day} {_MONTHS[p.month - 1]}"
    elif p.precision == "month":
        s = _MONTHS[p.month - 1]
    elif p.precision == "season":
        name = _SEASONS[p.month]
        if p.month == 24:
            return f"{name} {p.year}–{p.year + 1}"
        s = name
    elif p.precision.startswith("x"):
        return f"{y}s"
    else:  # year
        return y
    return f"{s} {y}" if with_year else s


def _day_span(first: datetime.date, last: datetime.date) -> str:
    """Two days as one span, naming a shared month and year once: "1–24 May 2023"."""
    end = f"{last.day} {_MONTHS[last.month - 1]} {last.year}"
    if first.year != last.year:
        return f"{first.day} {_MONTHS[first.month - 1]} {first.year} – {end}"
    if first.month != last.month:
        return f"{first.day} {_MONTHS[first.month - 1]} – {end}"
    return f"{first.day}–{end}"


def _qualify(p: _Part, core: str) -> str:
    if p.qualifier == "~":
        return f"c. {core}"
    if p.qualifier == "?":
        return f"{core}?"
    if p.qualifier == "%":
        return f"c. {core}?"
    return core


def _interval_display(a: _Part, b: _Part) -> str:
    # An interval is a span, and each end keeps its own precision: "2023-05/2023-05-24" reads
    # "May 2023 – 24 May 2023", not "1–24 May 2023" (its start is not known to be the 1st). One
    # unknown day in a range is a set, "[2023-05-01..2023-05-24]" (see _set_display).
    plain = not a.qualifier and not b.qualifier
    if plain and a.precision == b.precision == "day":
        return _day_span(a.lower, b.upper)
    if plain and a.year == b.year and a.precision == b.precision == "month":
        return f"{_core(a, with_year=False)}–{_core(b)}"
    left, right = _qualify(a, _core(a)), _qualify(b, _core(b))
    if " " in left or " " in right:
        return f"{left} – {right}"
    return f"{left}–{right}"


class _OneOf:
    """One of a set: its items in order, each a (first, last) pair of _Parts of the same
    precision; a single date is (date, date). Internal, treated as immutable."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[tuple[_Part, _Part], ...]) -> None:
        self.items = items

    def __repr__(self) -> str:
        return f"_OneOf({self.items!r})"


def _range_span(a: _Part, b: _Part) -> str:
    """The days, months or years from a to b, naming a shared year once: "1–24 May 2023",
    "May–Jul 2023", "1670–1672"."""
    if a.precision == "day":
        return _day_span(a.lower, b.upper)
    if a.precision == "month" and a.year == b.year:
        return f"{_core(a, with_year=False)}–{_core(b)}"
    left, right = _core(a), _core(b)
    return f"{left} – {right}" if " " in left else f"{left}–{right}"


def _set_display(one_of: _OneOf) -> str:
    """One date out of several, said so before the dates are named, so that a range of
    possible days never reads as a span: "one day, 1–24 May 2023", "one year, 1667, 1668 or
    1670–1672", "one of 2020 or a month in Mar–May 2021"."""
    items = one_of.items
    precisions = {first.precision for first, _ in items}
    if len(precisions) == 1:
        shown = [_core(a) if a is b else _range_span(a, b) for a, b in items]
        lead = f"one {precisions.pop()}, "  # day, month or year
    else:
        shown = [
            _core(a) if a is b else f"a {a.precision} in {_range_span(a, b)}" for a, b in items
        ]
        lead = "one of "
    if len(shown) == 1:
        return lead + shown[0]
    return f"{lead}{', '.join(shown[:-1])} or {shown[-1]}"


class EdtfDate:
    """A parsed EDTF date, interval or one-of-a-set; immutable.

    ``text`` is the canonical EDTF string; ``lower``/``upper`` are the
    earliest and latest possible days (see the module docstring for how
    qualifiers, unspecified digits and open/unknown ends map to bounds).
    Equality and hashing depend on these three fields only.

    A hand-written class rather than a frozen dataclass: importing dataclasses
    (and inspect behind it) costs ~5 ms, and `bilat cite` needs dates on the
    start-up path.
    """

    __slots__ = ("text", "lower", "upper", "_start", "_end")

    text: str
    lower: datetime.date
    upper: datetime.date
    # Single date: _start is the _Part, _end is None.
    # Interval: each end is a _Part, _OPEN ("..") or _UNKNOWN ("").
    # One of a set: _start is the _OneOf, _end is None.
    _start: _Part | _OneOf | str
    _end: _Part | str | None

    def __init__(
        self,
        text: str,
        lower: datetime.date,
        upper: datetime.date,
        _start: _Part | _OneOf | str,
        _end: _Part | str | None = None,
    ) -> None:
        for name, value in (
            ("text", text),
            ("lower", lower),
            ("upper", upper),
            ("_start", _start),
            ("_end", _end),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.text, self.lower, self.upper) == (other.text, other.lower, other.upper)

    def __hash__(self) -> int:
        return hash((self.text, self.lower, self.upper))

    def __repr__(self) -> str:
        return f"EdtfDate(text={self.text!r}, lower={self.lower!r}, upper={self.upper!r})"

    def sort_key(self) -> tuple[datetime.date, datetime.date, str]:
        """``(lower, upper, text)``: a total, stable order."""
        return (self.lower, self.upper, self.text)

    def overlaps(self, since: datetime.date | None, until: datetime.date | None) -> bool:
        """Whether ``[lower, upper]`` intersects ``[since, until]`` (None = open)."""
        if since is not None and self.upper < since:
            return False
        return not (until is not None and self.lower > until)

    @property
    def approximate(self) -> bool:
        """Whether either end carries ``~`` or ``%`` ("circa")."""
        return any(p.qualifier in "~%" and p.qualifier for p in self._parts())

    @property
    def uncertain(self) -> bool:
        """Whether either end carries ``?`` or ``%`` (the source is unsure)."""
        return any(p.qualifier in "?%" and p.qualifier for p in self._parts())

    @property
    def open_start(self) -> bool:
        """An interval whose start is open (``..``) or unknown (empty): ``lower`` is date.min."""
        return self._end is not None and not isinstance(self._start, _Part)

    @property
    def open_end(self) -> bool:
        """An interval whose end is open or unknown: ``upper`` is date.max."""
        return self._end is not None and not isinstance(self._end, _Part)

    def _parts(self) -> tuple[_Part, ...]:
        return tuple(p for p in (self._start, self._end) if isinstance(p, _Part))

    @property
    def one_of(self) -> bool:
        """Whether this is one of a set (``[2023-05-01..2023-05-24]``): a single date the
        sources place somewhere within ``lower``–``upper``, not a span."""
        return isinstance(self._start, _OneOf)

    def display(self) -> str:
        """Human text with honest precision, e.g. ``c. May 2023``, ``1890–1910``,
        ``one day, 1–24 May 2023``. Every renderer and export shows this text."""
        start, end = self._start, self._end
        if isinstance(start, _OneOf):
            return _set_display(start)
        if end is None:
            assert isinstance(start, _Part)
            return _qualify(start, _core(start))
        if isinstance(start, _Part) and isinstance(end, _Part):
            return _interval_display(start, end)
        if isinstance(start, _Part):
            shown = _qualify(start, _core(start))
            return f"from {shown}" if end == _OPEN else f"{shown} – ?"
        assert isinstance(end, _Part)
        shown = _qualify(end, _core(end))
        return f"until {shown}" if start == _OPEN else f"? – {shown}"

    def __str__(self) -> str:
        return self.text


_SET_ITEM_PRECISIONS = ("day", "month", "year")


def _set_part(s: str) -> _Part:
    """A date inside a set: a plain day, month or year."""
    if any(c.isspace() for c in s):
        raise _Bad("unexpected whitespace (only a space after a comma is allowed)")
    if s.startswith(_OPEN) or s.endswith(_OPEN):
        raise _Bad(
            "open set ends ([..A] or [A..]) are not supported; give the first and the last "
            "possible date"
        )
    part = _parse_part(s)
    if part.qualifier:
        raise _Bad("dates in a set take no qualifier (?, ~ or %)")
    if "X" in s or part.precision not in _SET_ITEM_PRECISIONS:
        raise _Bad("dates in a set must be days, months or years (YYYY-MM-DD, YYYY-MM, YYYY)")
    return part


def _parse_set(text: str) -> EdtfDate:
    """``[A..B]``, ``[A,B,C..D]``: one of these dates, which the sources do not say."""
    if text[0] == "{" or text[-1] == "}":
        raise _Bad("all of a set ({...}) is not supported; one of a set is written [A..B]")
    if text[0] != "[" or text[-1] != "]" or text.count("[") != 1 or text.count("]") != 1:
        raise _Bad(
            "a set is written whole in square brackets, [A..B] or [A,B], and not as an interval end"
        )
    inner = text[1:-1]
    if not inner.strip(" "):
        raise _Bad("empty set")
    items: list[tuple[_Part, _Part]] = []
    for raw in inner.split(","):
        piece = raw.lstrip(" ") if items else raw
        if not piece:
            raise _Bad("missing date between commas")
        try:
            if _OPEN in piece and not (piece.startswith(_OPEN) or piece.endswith(_OPEN)):
                ends = piece.split(_OPEN)
                if len(ends) != 2:
                    raise _Bad("a range is written FIRST..LAST")
                first, last = _set_part(ends[0]), _set_part(ends[1])
                if first.precision != last.precision:
                    raise _Bad(
                        "a range's two ends must have the same precision (two days, two "
                        "months or two years)"
                    )
                if first.upper >= last.lower:
                    raise _Bad("a range's first date must come before its last")
            else:
                first = last = _set_part(piece)
        except _Bad as exc:
            raise _Bad(f"set item {_quote(piece)}: {exc}") from None
        if items and first.lower <= items[-1][1].upper:
            raise _Bad("the set's dates must be in order, each after the one before")
        items.append((first, last))
    if len(items) == 1 and items[0][0] is items[0][1]:
        raise _Bad("a set of one date is that date: write it without brackets")
    return EdtfDate(text, items[0][0].lower, items[-1][1].upper, _OneOf(tuple(items)))


def _parse_text(text: str) -> EdtfDate:
    if not text:
        raise _Bad("empty date")
    if any(c in "[]{}" for c in text):
        return _parse_set(text)
    if any(c.isspace() for c in text):
        raise _Bad("unexpected whitespace inside the date")
    slashes = text.count("/")
    if slashes > 1:
        raise _Bad("more than one '/' (write days as YYYY-MM-DD and intervals as START/END)")
    if slashes == 0:
        if text == _OPEN:
            raise _Bad("'..' is only allowed as an interval end, e.g. 2020/..")
        part = _parse_part(text)
        return EdtfDate(text, part.lower, part.upper, part)

    ends: list[_Part | str] = []
    for name, s in zip(("start", "end"), text.split("/")):
        if s in (_OPEN, _UNKNOWN):
            ends.append(s)
            continue
        try:
            ends.append(_parse_part(s))
        except _Bad as exc:
            raise _Bad(f"interval {name} {_quote(s)}: {exc}") from None
    start, end = ends
    if not isinstance(start, _Part) and not isinstance(end, _Part):
        raise _Bad("an interval needs a date on at least one end")
    lower = start.lower if isinstance(start, _Part) else datetime.date.min
    upper = end.upper if isinstance(end, _Part) else datetime.date.max
    if isinstance(start, _Part) and isinstance(end, _Part) and start.lower > end.upper:
        raise _Bad("the interval starts after it ends")
    return EdtfDate(text, lower, upper, start, end)


def parse_edtf(value: str | datetime.date | datetime.datetime) -> EdtfDate:
    """Parse an EDTF string (or a native TOML date/datetime) into an EdtfDate.

    Surrounding whitespace is stripped; the result's ``text`` is the stripped
    string.  A ``datetime.datetime`` keeps only its date part.  Raises
    DateError with a one-line message quoting the offending text.
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        d = datetime.date(value.year, value.month, value.day)
        iso = d.isoformat()
        return EdtfDate(iso, d, d, _Part(iso, d, d, d.year, "day", d.month, d.day))
    if not isinstance(value, str):
        hint = " (quote it to make it a string)" if type(value) in (int, float) else ""
        raise DateError(
            f"invalid date {value!r}: expected an EDTF date string or a date, "
            f"got {type(value).__name__}{hint}"
        )
    text = value.strip()
    try:
        return _parse_text(text)
    except _Bad as exc:
        raise DateError(f"invalid date {_quote(text)}: {exc}") from None


def parse_bound(text: str, *, end: bool) -> datetime.date:
    """Parse a CLI ``--since``/``--until`` value: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Returns the first day of that period (``end=False``) or the last day
    (``end=True``).  Raises DateError on anything else.
    """
    if not isinstance(text, str):
        raise DateError(
            f"expected a year, year-month or day (YYYY, YYYY-MM or YYYY-MM-DD), got {text!r}"
        )
    s = text.strip()
    pieces = s.split("-")
    if not (
        len(pieces) <= 3
        and len(pieces[0]) == 4
        and all(len(p) == 2 for p in pieces[1:])
        and all(_digits(p) for p in pieces)
    ):
        raise DateError(
            f"expected a year, year-month or day (YYYY, YYYY-MM or YYYY-MM-DD), got {_quote(s)}"
        )
    if len(pieces) == 2 and int(pieces[1]) in _SEASONS:
        raise DateError(f"invalid date {_quote(s)}: month {pieces[1]} is out of range (01-12)")
    try:
        part = _parse_part(s)
    except _Bad as exc:
        raise DateError(f"invalid date {_quote(s)}: {exc}") from None
    return part.upper if end else part.lower
