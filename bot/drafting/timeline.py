"""The sheet's own timeline as a curator's calendar: which known event a quotation's words
speak of, within the days the article allows.

An article may say "in April" where the sheet already holds the day of the call it means.
`event_on` asks the sheet's index (`bot.search.Index.search`, the ranker that answers the
bot's questions) for the events the words speak of, and answers with an event only when
exactly one fits:

- its date is a day, inside the days the article's words allow, and not after the
  publication;
- it happened (not one reported as scheduled) and is reviewed (no `review` line);
- the quotation's speaker is one of its people;
- its words, not only its people's names, match: the same search with the names taken out
  still finds it.

Anything else (no event, two that fit, one found only by a name) is no answer: the drafter
keeps the article's own date. No new matcher here; nothing imports discord or rapidfuzz.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.search import Index
from bot.sheet import Event, PartialDate, Person


def event_on(
    index: Index,
    words: str,
    *,
    speaker: str,
    first: dt.date,
    last: dt.date,
    published: PartialDate,
) -> Event | None:
    """The one event of `index`'s sheet that `words` speak of, dated from `first` to `last`
    (no later than `published`) with `speaker` among its people; None when not exactly one."""
    last = min(last, published.last_day())
    if last < first:
        return None
    since, until = _day(first), _day(last)
    found = index.search(words, quotes=False, since=since, until=until)
    fitting = [
        hit.entry
        for hit in found.hits
        if isinstance(hit.entry, Event)
        and hit.entry.date.precision == "day"
        and not hit.entry.scheduled
        and hit.entry.review is None
        and speaker in hit.entry.people
    ]
    if len(fitting) != 1:
        return None
    (event,) = fitting
    unnamed = index.search(
        _without_names(words, found.people), quotes=False, since=since, until=until
    )
    if event not in (hit.entry for hit in unnamed.hits):
        return None
    return event


def _day(day: dt.date) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)


def _without_names(words: str, people: tuple[Person, ...]) -> str:
    """`words` without the names, aliases and name words of `people`."""
    forms = {
        form
        for person in people
        for form in (person.name, *person.aliases, *person.name.split())
        if form.strip()
    }
    for form in sorted(forms, key=len, reverse=True):
        words = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", " ", words, flags=re.IGNORECASE)
    return words
