"""Date expressions in an article, resolved against its publication date, each with its basis.

"on Friday" in an article published on Saturday 2025-07-05 is 2025-07-04; "in April" in one
published in September 2022 is 2022-04; "last Friday" is the Friday before the publication day.
Every resolution says how it was reached (`basis`), and `article_says` records where the
article's own words disagree with the calendar ("Friday, July 5" when July 5 was a Saturday).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from bot.sheet import PartialDate

_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_WEEKDAYS = {name.casefold(): i for i, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Most specific first; a later pattern never matches inside an earlier one's match.
_PATTERNS = [
    (
        "weekday_date",
        rf"\b{_WEEKDAY},?\s+{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"(?:,?\s+(?P<year>\d{{4}}))?",
    ),
    ("month_day", rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?"),
    ("day_month", rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\b(?:,?\s+(?P<year>\d{{4}}))?"),
    ("month_year", rf"\b(?:(?P<part>early|mid|late)[\s-]+)?{_MONTH}\s+(?P<year>\d{{4}})\b"),
    (
        "month",
        rf"\b(?P<lead>in|back in|since|until|by|of|last|this|early|mid|late|mid-)\s+"
        rf"(?:(?:early|mid|late)[\s-]+)?{_MONTH}\b(?:\s+(?P<rel>this year|last year))?",
    ),
    ("weekday", rf"\b(?P<lead>on|last|this|next|since|by|until)?\s*{_WEEKDAY}{_PART}\b"),
    (
        "relative",
        r"\b(?P<rel>yesterday|today|this week|last week|this month|last month|"
        r"this year|last year)\b",
    ),
    ("year", r"\b(?:in|since|by|of|until)\s+(?P<year>(?:19|20)\d{2})\b"),
]
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS]
# How a basis ends when the words say what was planned ("is set to meet on Tuesday").
PLANNED = " (said as planned)"
# Words that make a weekday point forward ("is set to hold talks on Tuesday").
_FUTURE = re.compile(
    r"\b(?:will|is set to|are set to|is to|are to|is due to|plans? to|"
    r"scheduled|expected to|next)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression found at `start:end`, resolved."""

    start: int
    end: int
    words: str
    date: PartialDate
    basis: str
    article_says: str | None = None
    # "since February 24" starts a period; it does not date what is said next to it.
    opens_period: bool = False
    # The days the words allow, when fewer than `date` holds: "this week" on Saturday
    # 2025-07-05 is 2025-06-30 to 2025-07-05, written as the year 2025 (it spans two months).
    days: tuple[dt.date, dt.date] | None = None

    def span(self) -> tuple[dt.date, dt.date]:
        """The first and last day the words allow."""
        return self.days or (self.date.first_day(), self.date.last_day())


def _latest_on_or_before(month: int, day: int | None, published: PartialDate) -> int:
    """The year that puts month (and day) last on or before the publication."""
    year = published.year
    if published.month is None:
        return year
    if (month, day or 1) > (published.month, published.day or 31):
        return year - 1
    return year


def _weekday_date(weekday: int, published: dt.date, lead: str, future: bool) -> dt.date:
    if lead == "next" or (future and lead not in ("last", "since")):
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7)
    back = (published.weekday() - weekday) % 7
    if lead == "last" and back == 0:
        back = 7
    return published - dt.timedelta(days=back)


def find_dates(text: str, published: PartialDate, *, future_context: str = "") -> list[DateMention]:
    """Every date expression in `text`, in order, resolved against `published`."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            mention = _resolve(kind, match, text, published)
            if mention is not None:
                mention = _checked(mention, text, published)
                taken.append((match.start(), match.end()))
                found.append(mention)
    return sorted(found, key=lambda m: m.start)


def _checked(mention: DateMention, text: str, published: PartialDate) -> DateMention:
    """Mark a period's start, and a past date the calendar puts after the publication."""
    before = text[max(0, mention.start - 8) : mention.start].casefold().split()
    opens = mention.opens_period or (bool(before) and before[-1] in ("since", "from"))
    says = mention.article_says
    planned = mention.basis.endswith(PLANNED)
    if says is None and not planned and mention.date.first_day() > published.last_day():
        says = (
            f"the article says '{mention.words}', which falls after its publication ({published})"
        )
    return replace(mention, opens_period=opens, article_says=says)


def _resolve(
    kind: str, match: re.Match[str], text: str, published: PartialDate
) -> DateMention | None:
    words = match.group().strip()
    groups = match.groupdict()
    lead = (groups.get("lead") or "").casefold()
    said = f"article says '{words}'"
    pub = f"published {published}"
    since = lead == "since"
    if kind in ("weekday_date", "month_day", "day_month", "month_year"):
        month = _MONTHS[groups["month"].casefold()]
        day = int(groups["day"]) if groups.get("day") else None
        if groups.get("year"):
            year, how = int(groups["year"]), "explicit"
        else:
            year, how = _latest_on_or_before(month, day, published), pub
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None
        date = PartialDate(year, month, day)
        basis = f"{said}, {how} → {date}" if how != "explicit" else f"explicit: '{words}'"
        article_says = None
        if kind == "weekday_date":
            named = _WEEKDAYS[groups["weekday"].casefold()]
            real = dt.date(year, month, day or 1).weekday()
            if named != real:
                article_says = f"the article says '{words}'; {date} was a {calendar.day_name[real]}"
        start = match.start()
        return DateMention(start, match.end(), words, date, basis, article_says, since)
    if kind == "month":
        month = _MONTHS[groups["month"].casefold()]
        rel = (groups.get("rel") or "").casefold()
        year = _latest_on_or_before(month, None, published)
        if rel == "last year" or (
            lead == "last"
            and year == published.year
            and published.month
            and month >= published.month
        ):
            year = published.year - 1 if rel == "last year" else year
        if rel == "this year":
            year = published.year
        date = PartialDate(year, month)
        return DateMention(
            match.start(), match.end(), words, date, f"{said}, {pub} → {date}", None, since
        )
    if kind == "weekday":
        if published.day is None:
            # The weekday cannot be placed: keep what the publication date says.
            date = published
            basis = f"{said}, but the publication date is known only as {published} → {date}"
            return DateMention(match.start(), match.end(), words, date, basis, None, since)
        sentence_start = max(text.rfind(".", 0, match.start()), 0)
        future = bool(_FUTURE.search(text, sentence_start, match.end()))
        when = _weekday_date(
            _WEEKDAYS[groups["weekday"].casefold()], published.first_day(), lead, future
        )
        date = PartialDate(when.year, when.month, when.day)
        weekday = calendar.day_name[published.first_day().weekday()]
        basis = f"{said}, {pub} (a {weekday}) → {date}"
        if future:
            basis += PLANNED
        return DateMention(match.start(), match.end(), words, date, basis, None, since)
    if kind == "relative":
        rel = groups["rel"].casefold()
        first = published.first_day()
        days = None
        if rel in ("yesterday", "today") and published.day is not None:
            when = first - dt.timedelta(days=1 if rel == "yesterday" else 0)
            date = PartialDate(when.year, when.month, when.day)
        elif rel in ("this week", "last week") and published.day is not None:
            monday = first - dt.timedelta(days=first.weekday() + (7 if rel == "last week" else 0))
            last = first if rel == "this week" else monday + dt.timedelta(days=6)
            same = (monday.year, monday.month) == (last.year, last.month)
            days = (monday, last)
            date = PartialDate(last.year, last.month if same else None)
            if not same:
                date = (
                    PartialDate(last.year)
                    if monday.year == last.year
                    else PartialDate(published.year)
                )
        elif rel == "last month" and published.month is not None:
            year, month = (
                (published.year, published.month - 1)
                if published.month > 1
                else (published.year - 1, 12)
            )
            date = PartialDate(year, month)
        elif rel == "last year":
            date = PartialDate(published.year - 1)
        elif rel == "this month" and published.month is not None:
            date = PartialDate(published.year, published.month)
        else:
            date = PartialDate(published.year)
        basis = f"{said}, {pub} → {date}"
        return DateMention(match.start(), match.end(), words, date, basis, days=days)
    year = int(groups["year"])
    return DateMention(
        match.start(), match.end(), words, PartialDate(year), f"explicit: '{words}'", None, since
    )
