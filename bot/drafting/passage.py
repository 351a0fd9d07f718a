"""The date of the passage a quotation stands in, when neither its sentence nor its paragraph
gives one.

An article often dates an event once ("On September 22, during the Security Council meeting,
…") and quotes what was said there in the paragraphs below without repeating the date. Such a
quotation takes the passage's date, found by walking up from its paragraph:

- the passage ends at a heading, and at a paragraph that turns to another time or event
  ("Meanwhile, …", "Earlier, …", "since the invasion"): above it lies another passage;
- a date that another quotation's own sentence gave is that quotation's: an aside about an
  earlier day ("This statement from their meeting on February 4: “…”") is passed over, a later
  one ends the passage (the article has moved on);
- the first other date found is the passage's, unless the words say it was planned or the
  calendar puts it after the publication: then there is none;
- up to `SAME_PRECISION_WITHIN` paragraphs above, the date is taken as the passage gives it;
  up to `COARSER_WITHIN`, one step less precise (a day gives its month, a month its year):
  the farther from its passage, the less sure a quotation is of the same day; farther up,
  nothing.

A date found this way is lower confidence by nature: the drafter marks it for the reviewer.
Nothing here reads the sheet; a date is never invented, only taken from the article's words.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from bot.sheet import PartialDate

from .article import Layout, sentence_bounds
from .dates import PLANNED, DateMention

# Read from the curated dates of the bundled articles: a quotation up to three paragraphs
# below its passage's date was dated to that day; the reactions reported four to six
# paragraphs below it only to its month; farther down, the articles had moved on.
SAME_PRECISION_WITHIN = 3
COARSER_WITHIN = 6
# Words that take a paragraph to another time or event than the one of the paragraphs above.
_TURN = re.compile(
    r"^(?:meanwhile|separately|elsewhere|earlier|previously|in other news|in the past|"
    r"last year|years? ago)\b|\bsince\b",
    re.IGNORECASE,
)
# How many words before a date the basis quotes, so the reviewer finds it in the article.
_LEAD_WORDS = 6


@dataclass(frozen=True)
class PassageDate:
    """The date of a quotation's passage: the mention, the date as taken, and where."""

    mention: DateMention
    date: PartialDate
    above: int  # paragraphs between the date's and the quotation's, counting the date's
    basis: str


def last_free(
    dates: list[DateMention], claimed: Collection[int], start: int, end: int
) -> DateMention | None:
    """The last date between `start` and `end` that no quotation's own sentence took, or a
    more precise one that it contains ("September 15" before "this week")."""
    free = [d for d in dates if start <= d.start < end and d.start not in claimed]
    if not free:
        return None
    last = free[-1]
    for earlier in reversed(free[:-1]):
        inside = last.date.first_day() <= earlier.date.first_day()
        inside = inside and earlier.date.last_day() <= last.date.last_day()
        if inside and earlier.date != last.date:
            return earlier
    return last


def passage_date(
    layout: Layout,
    dates: list[DateMention],
    claimed: Collection[int],
    paragraph: int,
    before: int,
) -> PassageDate | None:
    """The date of the passage that the quotation opening at `before`, in paragraph
    `paragraph`, belongs to (see the module)."""
    if _turns(layout, paragraph):
        return None
    own_start = layout.paragraphs[paragraph].start
    asides = [d for d in dates if own_start <= d.start < before]
    above = 0
    for index in range(paragraph - 1, -1, -1):
        if layout.is_boilerplate(index):
            continue
        above += 1
        if above > COARSER_WITHIN or layout.is_heading(index):
            return None
        start, end = layout.paragraphs[index].start, layout.paragraphs[index].end
        found = last_free(dates, claimed, start, end)
        if found is None:
            if _turns(layout, index):
                return None
            asides += [d for d in dates if start <= d.start < end]
            continue
        if found.article_says is not None or found.basis.endswith(PLANNED):
            return None
        if any(aside.date.last_day() >= found.date.first_day() for aside in asides):
            return None
        return _taken(layout, found, above)
    return None


def near(layout: Layout, mention: DateMention | None, paragraph: int) -> bool:
    """Whether `mention` stands in paragraph `paragraph` or at most `SAME_PRECISION_WITHIN`
    paragraphs above it (or gives no date to be far from)."""
    where = None if mention is None else layout.paragraph_at(mention.start)
    if where is None:
        return True
    above = sum(1 for index in range(where, paragraph) if not layout.is_boilerplate(index))
    return above <= SAME_PRECISION_WITHIN


def _turns(layout: Layout, index: int) -> bool:
    return _TURN.search(layout.paragraph_text(index)) is not None


def _taken(layout: Layout, mention: DateMention, above: int) -> PassageDate:
    paragraphs = "paragraph" if above == 1 else "paragraphs"
    where = f"{above} {paragraphs} above"
    basis = f"the passage's date: '{_lead(layout, mention)}' ({where}); {mention.basis}"
    date = mention.date
    if above > SAME_PRECISION_WITHIN:
        date = _coarser(date)
        basis += f"; {where} → only its {date.precision}: {date}"
    return PassageDate(mention, date, above, basis)


def _coarser(date: PartialDate) -> PartialDate:
    if date.day is not None:
        return PartialDate(date.year, date.month)
    return PartialDate(date.year)


def _lead(layout: Layout, mention: DateMention) -> str:
    """The date's words and a few before it in its sentence: "during the summit on September
    15"."""
    index = layout.paragraph_at(mention.start)
    if index is None:
        return mention.words
    paragraph = layout.paragraphs[index]
    start = sentence_bounds(layout.text, paragraph.start, paragraph.end, mention.start)[0]
    words = layout.text[start : mention.start].split()[-_LEAD_WORDS:]
    return " ".join([*words, mention.words])
