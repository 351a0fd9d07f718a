"""Drafted dates from a quotation's passage (`bot.drafting.passage`): an article that dates an
event once and quotes what was said there in the paragraphs below. Every article here is made
up for the rule it pins."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.drafting import ArticleInfo, draft_article
from bot.drafting.draft import PASSAGE_DATE
from bot.search import Index
from bot.sheet import Event, FactSheet, PartialDate, Person, Quote

PUBLISHED = PartialDate(2025, 7, 5)  # a Saturday
PEOPLE = (
    Person("ana-bell", "Ana Bell", "Ministry spokesperson", "person", ()),
    Person("carl-dunn", "Carl Dunn", "Minister", "person", ()),
    Person("wang-yi", "Wang Yi", "Chinese Foreign Minister", "person", ("Minister Wang",)),
)
OPENS = "On May 3, during the council meeting in Oslo, the ministers spoke about trade."
FILLER = (
    "The talks ran late into the night.",
    "Several delegations left before the vote.",
    "Observers called the mood tense.",
    "The hall was full of reporters.",
    "No agreement was signed.",
    "A second round is being discussed.",
)
SAID = "Carl Dunn said that “the order is breaking apart.”"


def _quotes(*paragraphs: str, timeline: Index | None = None) -> tuple[Quote, ...]:
    text = "\n\n".join(paragraphs) + "\n"
    info = ArticleInfo("a.txt", "W", PUBLISHED)
    return draft_article(text, info, PEOPLE, set(), timeline=timeline).quotes


# paragraphs → the date drafted for the last quotation, and why
PASSAGES = [
    ((OPENS, *FILLER[:1], SAID), "2025-05-03", "two paragraphs below the passage's day"),
    ((OPENS, *FILLER[:2], SAID), "2025-05-03", "three paragraphs below: still its day"),
    ((OPENS, *FILLER[:4], SAID), "2025-05", "five paragraphs below: only its month"),
    ((OPENS, *FILLER[:6], SAID), "2025", "seven paragraphs below: too far"),
    ((OPENS, FILLER[0], "Trade Talks Stall", SAID), "2025", "a heading starts another section"),
    ((OPENS, *FILLER[:3], "What Comes Next?", SAID), "2025", "a question as a heading too"),
    ((OPENS, "Meanwhile, aid groups met in Geneva.", SAID), "2025", "another event"),
    ((OPENS, "Since the war began, trade has fallen by half.", SAID), "2025", "another time"),
    ((OPENS, FILLER[0], f"Meanwhile, {SAID}"), "2025", "the quotation's paragraph turns"),
    (("On August 3, 2025, the council met.", FILLER[0], SAID), "2025", "after publication"),
    (("The council will meet on Tuesday.", FILLER[0], SAID), "2025", "said as planned"),
    (
        (OPENS, "This statement from their meeting on April 2: “Ties are strong” says more.", SAID),
        "2025-05-03",
        "an aside about an earlier day leaves the passage's date",
    ),
    (
        (OPENS, "“Trade is down,” Ana Bell said on June 9.", SAID),
        "2025",
        "a later day that another quotation's sentence gives: the article has moved on",
    ),
]


@pytest.mark.parametrize(("paragraphs", "date", "why"), PASSAGES)
def test_an_undated_quotation_takes_its_passages_date(
    paragraphs: tuple[str, ...], date: str, why: str
):
    """A quotation whose sentence and paragraph give no date takes the date of the passage it
    stands in, up to three paragraphs below it; up to six, only its month; never across a
    heading, a turn to another time or event, a date after the publication or a planned one,
    or a later day that another quotation's own sentence gives."""
    last = _quotes(*paragraphs)[-1]
    assert (last.speaker, str(last.date)) == ("carl-dunn", date), why
    if date == "2025":
        assert "passage" not in last.date_basis and last.review == "draft", why


def test_a_passages_date_says_its_words_and_distance_and_asks_for_a_check():
    """The basis quotes the passage's words and how far up they are, a coarser date says so,
    and the draft is marked low confidence for its date."""
    (near,) = _quotes(OPENS, FILLER[0], SAID)
    assert near.date_basis.startswith(
        "the passage's date: 'On May 3' (2 paragraphs above); article says 'May 3'"
    )
    assert near.review is not None and PASSAGE_DATE in near.review
    assert "low confidence" in near.review
    (far,) = _quotes(OPENS, *FILLER[:4], SAID)
    assert far.date_basis.endswith("5 paragraphs above → only its month: 2025-05")


def test_quotations_in_a_row_are_each_as_far_from_the_passage_as_they_stand():
    """A date passed from quotation to quotation reaches as far as the passage's would: the
    fourth quotation below "On May 3" gets its month, not its day; each passage date names
    its own distance."""
    quotes = _quotes(
        OPENS,
        "Carl Dunn said “the first point matters.”",
        "Ana Bell said “the second point matters.”",
        "Wang Yi said “the third point matters.”",
        "Carl Dunn said “the fourth point matters.”",
    )
    assert [str(q.date) for q in quotes] == ["2025-05-03"] * 3 + ["2025-05"]
    assert quotes[1].date_basis.startswith("as the quotation before it: from the paragraph before")
    in_a_row = _quotes(
        OPENS, FILLER[0], "Carl Dunn said “the first point.”", "Ana Bell said “the second.”"
    )
    assert [q.date_basis.split(";")[0] for q in in_a_row] == [
        "the passage's date: 'On May 3' (2 paragraphs above)",
        "the passage's date: 'On May 3' (3 paragraphs above)",
    ]


def _event(day: str, title: str, people: tuple[str, ...]) -> Event:
    date = PartialDate.parse(day)
    assert date is not None
    return Event(
        "call", date, title, f"{title}, about trade.", ("phone call",), people, ("src",),
        "given", None,
    )  # fmt: skip


def test_a_passages_date_is_not_narrowed_further():
    """The passage's month is not narrowed to a day, by the sheet's one fitting event or by
    the only day of that month the article names: one inference from the passage is enough.
    The same words in the quotation's own paragraph are narrowed."""
    call = _event("2025-04-04", "Wang Yi and Carl Dunn hold a phone call", ("wang-yi", "carl-dunn"))
    sheet = FactSheet(Path("s.yaml"), Path("seeds"), "t", "s", (), PEOPLE, (), (call,))
    opens = "In April, Minister Wang held a phone call with Carl Dunn."
    said = "“Wars end at some point,” Wang said."
    (own,) = _quotes(opens, said, timeline=Index(sheet))
    assert str(own.date) == "2025-04-04"
    (passage,) = _quotes(opens, FILLER[0], said, timeline=Index(sheet))
    assert str(passage.date) == "2025-04"
    pinned = _quotes("In May, the council met.", FILLER[0], SAID, "Carl Dunn spoke on May 12.")
    assert str(pinned[0].date) == "2025-05"
