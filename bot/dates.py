"""Dates as people write them, and the date ranges `!when` and `!timeline` filter on.

One parser for both commands. A date is `2022`, `2022-09`, `2022-09-15`, `2022/09`,
`September 2022`, `Sept 2022`, `sep 2022`, `15 September 2022` or `September 15, 2022`, at the
precision written. A range is a single period (`2022`, `in September 2022`: that period), or
bounds: `since`/`from`/`after` and `until`/`to`/`till`/`before`, `between … and …`; `before`
and `after` leave the date itself out. A range keeps only entries whose whole date lies in it.

`split_filter` takes the filter out of a text: for `!when` only a keyword followed by something
date-like is a filter ("until the war ends" stays a phrase); for `!timeline` every word must be
part of a date, and two bare dates are the first and the last. Month names are English, like
the sheet. Pure functions, no I/O; what the user got wrong comes back as a `DateError`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from .sheet import PartialDate

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Full names, three-letter abbreviations and "sept", with or without a full stop.
_MONTH_NUMBER = {name: i for i, name in enumerate(_MONTHS, start=1)}
_MONTH_NUMBER |= {name[:3]: i for name, i in list(_MONTH_NUMBER.items())}
_MONTH_NUMBER["sept"] = 9

# Non-ASCII digits are not dates.
_NUMERIC_RE = re.compile(r"(\d{4})(?:([-/])(\d{1,2})(?:\2(\d{1,2}))?)?", re.ASCII)
_DAY_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?,?", re.ASCII)
_YEAR_RE = re.compile(r"\d{4}", re.ASCII)

DATE_EXAMPLES = "2022, 2022-09, 2022-09-15 or September 2022"  # for "not a date" replies

Bound = Literal["from", "after", "to", "before"]
_START_WORDS: dict[str, Bound] = {
    "since": "from",
    "from": "from",
    "after": "after",
    "between": "from",
}
_END_WORDS: dict[str, Bound] = {
    "until": "to",
    "till": "to",
    "to": "to",
    "before": "before",
    "and": "to",
}
_PERIOD_WORDS = {"in", "during"}
_DASHES = {"-", "–", "—"}


@dataclass(frozen=True)
class DateRange:
    """The days from `start` to `end` (both included; None is open), and how it was asked."""

    start: dt.date | None
    end: dt.date | None
    text: str  # "since 2022", "in 2022-09", "from 2022-02 to 2022-03", for headlines

    @property
    def since(self) -> PartialDate | None:
        """The first day as a date at day precision (what a `since` bound takes)."""
        return _day(self.start) if self.start else None

    @property
    def until(self) -> PartialDate | None:
        """The last day as a date at day precision (what an `until` bound takes)."""
        return _day(self.end) if self.end else None

    def holds(self, date: PartialDate) -> bool:
        """The whole date lies in the range: "2022" is not "since 2022-09"."""
        if self.start and date.first_day() < self.start:
            return False
        return not (self.end and date.last_day() > self.end)


@dataclass(frozen=True)
class DateError:
    """Why a filter could not be read: `value` is the offending text, or a reason."""

    value: str
    kind: Literal["not_a_date", "empty", "incomplete", "too_many"]


@dataclass(frozen=True)
class Filtered:
    """A text split into its words and its date range (None when it names no dates)."""

    words: str
    dates: DateRange | None


def parse_date(text: str) -> PartialDate | None:
    """One date as people write it (see the module docstring); None when it is not one."""
    tokens = text.split()
    if not tokens:
        return None
    found = _date_at(tokens, 0)
    return found[0] if found and found[1] == len(tokens) else None


def split_filter(text: str, *, every_word: bool = False) -> Filtered | DateError:
    """Take the date filter out of `text`; `every_word`: the whole text must be dates (timeline)."""
    tokens = text.split()
    words: list[str] = []
    start: tuple[Bound, PartialDate] | None = None
    end: tuple[Bound, PartialDate] | None = None
    bare: list[PartialDate] = []
    between = False
    i = 0
    while i < len(tokens):
        word = tokens[i].casefold()
        if every_word and word in _DASHES and bare:
            word = "to"
        keyword = word in _START_WORDS or word in _PERIOD_WORDS or word in _END_WORDS
        if word == "and" and not between:
            keyword = False
        if not keyword and not every_word:
            words.append(tokens[i])
            i += 1
            continue
        at = i + 1 if keyword else i
        date_like = at < len(tokens) and _looks_like_date(tokens[at])
        found = _date_at(tokens, at) if date_like else None
        if found is None:
            if not every_word and (not date_like or _month(tokens[at])):
                words.append(tokens[i])  # "until the war ends", "talks in May": a phrase
                i += 1
                continue
            if at == len(tokens):
                return DateError(tokens[i], "incomplete")
            return DateError(tokens[at], "not_a_date")
        date, i = found
        if not keyword:
            bare.append(date)
        elif word in _PERIOD_WORDS:
            start, end = ("from", date), ("to", date)
        elif word in _START_WORDS:
            start, between = (_START_WORDS[word], date), word == "between"
        else:
            end = (_END_WORDS[word], date)
    if len(bare) > 2:
        return DateError(" ".join(str(date) for date in bare), "too_many")
    if len(bare) == 1 and not (start or end):  # one period alone means that period
        start, end = ("from", bare[0]), ("to", bare[0])
    elif bare:  # bare dates are the first and the last date, in that order
        start = ("from", bare[0])
        end = ("to", bare[1]) if len(bare) == 2 else end
    dates = _range(start, end) if start or end else None
    if isinstance(dates, DateError):
        return dates
    return Filtered(" ".join(words), dates)


# --- helpers ------------------------------------------------------------------------------


def _month(token: str) -> int | None:
    return _MONTH_NUMBER.get(token.casefold().rstrip(".,"))


def _looks_like_date(token: str) -> bool:
    return (token[:1].isascii() and token[:1].isdigit()) or _month(token) is not None


def _date_at(tokens: list[str], i: int) -> tuple[PartialDate, int] | None:
    """The date that starts at `tokens[i]` and the position after it, or None."""
    first = tokens[i]
    numeric = _NUMERIC_RE.fullmatch(first.rstrip(","))
    if numeric:
        year, _separator, month, day = numeric.groups()
        return _made(year, month, day, i + 1)
    month = _month(first)
    rest = tokens[i + 1 : i + 3]
    if month is not None:  # "September 2022", "September 15, 2022"
        if rest and _YEAR_RE.fullmatch(rest[0]):
            return _made(rest[0], str(month), None, i + 2)
        day = _DAY_RE.fullmatch(rest[0]) if rest else None
        if day and len(rest) == 2 and _YEAR_RE.fullmatch(rest[1].rstrip(",")):
            return _made(rest[1].rstrip(","), str(month), day.group(1), i + 3)
        return None
    day = _DAY_RE.fullmatch(first)  # "15 September 2022"
    if day and len(rest) == 2 and _month(rest[0]) and _YEAR_RE.fullmatch(rest[1].rstrip(",")):
        return _made(rest[1].rstrip(","), str(_month(rest[0])), day.group(1), i + 3)
    return None


def _made(
    year: str, month: str | None, day: str | None, after: int
) -> tuple[PartialDate, int] | None:
    text = year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")
    date = PartialDate.parse(text)
    return (date, after) if date else None


def _range(
    start: tuple[Bound, PartialDate] | None, end: tuple[Bound, PartialDate] | None
) -> DateRange | DateError:
    first = last = None
    try:
        if start:
            first = start[1].first_day() if start[0] == "from" else start[1].last_day() + _DAY
        if end:
            last = end[1].last_day() if end[0] == "to" else end[1].first_day() - _DAY
    except OverflowError:  # after 9999-12-31, before 0001-01-01
        return DateError(_describe(start, end), "empty")
    if first and last and first > last:
        return DateError(_describe(start, end), "empty")
    return DateRange(first, last, _describe(start, end))


_DAY = dt.timedelta(days=1)


def _day(day: dt.date) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)


def _describe(
    start: tuple[Bound, PartialDate] | None, end: tuple[Bound, PartialDate] | None
) -> str:
    if start and end and start == ("from", end[1]) and end[0] == "to":
        return f"in {end[1]}"
    if start and end:
        if start[0] == "from" and end[0] == "to":
            return f"from {start[1]} to {end[1]}"
        return f"{start[0]} {start[1]}, {end[0]} {end[1]}"
    if start:
        return f"{'since' if start[0] == 'from' else 'after'} {start[1]}"
    assert end is not None
    return f"{'until' if end[0] == 'to' else 'before'} {end[1]}"
