"""Query analysis (`bot.query`): markup out, words folded, stop words dropped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.query import STOP_WORDS, analyse, clean, words

# what was typed -> the text left once Discord markup is out
MARKUP = [
    ("<@123456789> no limits", "no limits"),
    ("<@!123456789> no limits", "no limits"),
    ("<@&987654321> Wang Yi", "Wang Yi"),
    ("<#555> Samarkand", "Samarkand"),
    ("@everyone @here Mao Ning", "Mao Ning"),
    ("@EVERYONE Mao", "Mao"),
    ("<:flag_cn:1234567890> Beijing <a:spin:42>", "Beijing"),
    ("since <t:1700000000:R> war", "since war"),
    ("```py\nno limits\n```", "no limits"),
    ("**Mao** __Ning__ ~~x~~ ||spoiler|| `code`", "Mao Ning x spoiler code"),
    ("> quoted line\n# heading", "quoted line heading"),
    ("plain words stay", "plain words stay"),
]


@pytest.mark.parametrize(("typed", "left"), MARKUP)
def test_markup_is_removed_text_stays(typed: str, left: str):
    """Mentions, emoji, timestamps, code fences and markdown marks go; their text stays."""
    assert clean(typed) == left


def test_words_fold_accents_case_and_split_on_punctuation():
    """ "Kuléba" is "kuleba", "China's" is two words, "Straße" folds to "strasse"."""
    assert words("Kuléba, China's STRASSE Straße 2,500") == [
        "kuleba", "china", "s", "strasse", "strasse", "2", "500",
    ]  # fmt: skip


def test_stop_words_are_dropped_but_kept_when_nothing_else_is_left():
    """Question words go; "no" and "not" stay (they carry meaning); all-stop-word queries keep
    their words."""
    q = analyse("When did Russia start the invasion?")
    assert q.terms == ("russia", "start", "invasion")
    assert q.written == ("Russia", "start", "invasion")
    assert set(q.dropped) == {"when", "did", "the"}
    assert analyse("no limits").terms == ("no", "limits")
    assert analyse("when was it").terms == ("when", "was", "it")
    assert {"no", "not", "us", "may"}.isdisjoint(STOP_WORDS)


def test_repeated_words_count_once():
    assert analyse("Wang Yi Wang Yi").terms == ("wang", "yi")


@given(st.text(max_size=200))
def test_analysis_never_fails_and_leaves_no_mass_mention(text: str):
    """Any text at all: no exception, no @everyone/@here left, terms are folded words."""
    q = analyse(text)
    assert "@everyone" not in q.text.casefold() and "@here" not in q.text.casefold()
    assert all(term == term.casefold() and term for term in q.terms)
    assert len(q.terms) == len(q.written)
