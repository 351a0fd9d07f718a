"""The one date parser of `!when` and `!timeline`: dates as people write them, and ranges."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dates import DateError, Filtered, parse_date, split_filter
from bot.sheet import PartialDate

D = dt.date

# text → the date it means, at the precision written (None: not a date)
DATES = [
    ("2022", "2022"),
    ("2022-09", "2022-09"),
    ("2022-9", "2022-09"),
    ("2022-09-15", "2022-09-15"),
    ("2022/09", "2022-09"),
    ("2022/09/15", "2022-09-15"),
    ("September 2022", "2022-09"),
    ("september 2022", "2022-09"),
    ("Sept 2022", "2022-09"),
    ("sep 2022", "2022-09"),
    ("Sep. 2022", "2022-09"),
    ("15 September 2022", "2022-09-15"),
    ("15th Sep 2022", "2022-09-15"),
    ("September 15, 2022", "2022-09-15"),
    ("Sept 15 2022", "2022-09-15"),
    ("february 29, 2024", "2024-02-29"),
    # not dates
    ("february 29, 2023", None),
    ("2025-13", None),
    ("2022-09/15", None),
    ("0000", None),
    ("september", None),
    ("15 September", None),
    ("Septembre 2022", None),
    ("22", None),
    ("२०२२", None),  # non-ASCII digits
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_dates_as_people_write_them(text, expected):
    """Each way of writing a date gives that date at its precision, or None."""
    parsed = parse_date(text)
    assert (str(parsed) if parsed else None) == expected


# timeline argument → (first day, last day, how the headline says it)
TIMELINE = [
    ("2022", D(2022, 1, 1), D(2022, 12, 31), "in 2022"),
    ("in 2022", D(2022, 1, 1), D(2022, 12, 31), "in 2022"),
    ("September 2022", D(2022, 9, 1), D(2022, 9, 30), "in 2022-09"),
    ("since 2022", D(2022, 1, 1), None, "since 2022"),
    ("from 2022-09", D(2022, 9, 1), None, "since 2022-09"),
    ("until 2022-03", None, D(2022, 3, 31), "until 2022-03"),
    ("till March 2022", None, D(2022, 3, 31), "until 2022-03"),
    ("before 2022-03", None, D(2022, 2, 28), "before 2022-03"),
    ("after 2022", D(2023, 1, 1), None, "after 2022"),
    ("2022-02 2022-03", D(2022, 2, 1), D(2022, 3, 31), "from 2022-02 to 2022-03"),
    ("from Feb 2022 to March 2022", D(2022, 2, 1), D(2022, 3, 31), "from 2022-02 to 2022-03"),
    ("2022 to 2023", D(2022, 1, 1), D(2023, 12, 31), "from 2022 to 2023"),
    ("2022 - 2023", D(2022, 1, 1), D(2023, 12, 31), "from 2022 to 2023"),
    ("between 2022/09 and 2022/09/22", D(2022, 9, 1), D(2022, 9, 22), "from 2022-09 to 2022-09-22"),
    ("after 2022 before 2025-04", D(2023, 1, 1), D(2025, 3, 31), "after 2022, before 2025-04"),
    ("since 15 September 2022", D(2022, 9, 15), None, "since 2022-09-15"),
]


@pytest.mark.parametrize(("text", "start", "end", "said"), TIMELINE)
def test_timeline_periods_and_ranges(text, start, end, said):
    """A single period means that period; keywords and two bare dates make a range."""
    got = split_filter(text, every_word=True)
    assert isinstance(got, Filtered)
    assert got.words == ""
    assert got.dates is not None
    assert (got.dates.start, got.dates.end, got.dates.text) == (start, end, said)


# timeline argument → the kind of error
TIMELINE_ERRORS = [
    ("banana", "not_a_date"),
    ("september", "not_a_date"),
    ("since 2025-13", "not_a_date"),
    ("until", "incomplete"),
    ("2022 2023 2024", "too_many"),
    ("2025 2022", "empty"),
    ("since 2023 until 2022", "empty"),
    ("after 2022 before 2023", "empty"),
    ("after 9999", "empty"),
    ("before 0001", "empty"),
]


@pytest.mark.parametrize(("text", "kind"), TIMELINE_ERRORS)
def test_timeline_errors_say_what_is_wrong(text, kind):
    """Every word of a timeline must be part of a date; empty ranges are refused."""
    got = split_filter(text, every_word=True)
    assert isinstance(got, DateError)
    assert got.kind == kind


# when phrase → (the phrase left, the range's words, or None)
WHEN = [
    ("no limits since 2023", "no limits", "since 2023"),
    ("ceasefire in September 2022", "ceasefire", "in 2022-09"),
    ("talks from 2025-03 to 2025-04", "talks", "from 2025-03 to 2025-04"),
    ("until the war ends", "until the war ends", None),  # a phrase, not a filter
    ("talks in Moscow", "talks in Moscow", None),
    ("talks in May", "talks in May", None),  # a month without a year is a word
    ("2,500 citizens evacuated", "2,500 citizens evacuated", None),  # no keyword, no filter
    ("war and peace", "war and peace", None),
    ("since 2022", "", "since 2022"),
]


@pytest.mark.parametrize(("text", "words", "said"), WHEN)
def test_when_takes_only_dated_keywords_as_filters(text, words, said):
    """In `!when`, a keyword followed by a date is a filter; everything else is the phrase."""
    got = split_filter(text)
    assert isinstance(got, Filtered)
    assert got.words == words
    assert (got.dates.text if got.dates else None) == said


def test_a_range_holds_only_whole_dates():
    """`since 2022-09` does not hold "2022" (it may be January); `in 2022` holds 2022-09."""
    since = split_filter("since 2022-09", every_word=True)
    year = split_filter("2022", every_word=True)
    assert isinstance(since, Filtered) and since.dates
    assert isinstance(year, Filtered) and year.dates
    assert not since.dates.holds(PartialDate(2022))
    assert since.dates.holds(PartialDate(2022, 9))
    assert year.dates.holds(PartialDate(2022, 9, 15))
    assert not year.dates.holds(PartialDate(2023, 1))


_WORDS = st.sampled_from(
    [
        "since",
        "until",
        "from",
        "to",
        "in",
        "before",
        "after",
        "between",
        "and",
        "-",
        "Sept",
        "september",
        "15",
        "15th,",
        "2022",
        "2022-09",
        "2022/09/31",
        "0000",
        "9999",
        "war",
        ",",
    ]
)


@given(st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=8), st.booleans())
@settings(max_examples=300, deadline=None)
def test_any_text_is_a_filter_or_a_date_error(words, every_word):
    """Whatever is typed, the parser answers with a range or an error value, never raises."""
    got = split_filter(" ".join(words), every_word=every_word)
    assert isinstance(got, Filtered | DateError)
    if isinstance(got, Filtered) and got.dates and got.dates.start and got.dates.end:
        assert got.dates.start <= got.dates.end


def test_a_range_gives_its_bounds_as_days_for_the_index():
    """`before`/`after` become the day before/after; the index filters on those days."""
    got = split_filter("talks before 2022-03")
    assert isinstance(got, Filtered)
    assert got.dates is not None
    assert (got.dates.since, got.dates.until) == (None, PartialDate(2022, 2, 28))
    open_start = split_filter("after 2022")
    assert isinstance(open_start, Filtered) and open_start.dates
    assert (open_start.dates.since, open_start.dates.until) == (PartialDate(2023, 1, 1), None)
