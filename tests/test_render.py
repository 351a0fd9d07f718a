"""Text and JSON rendering: escaped, ping-free, within Discord's limits, same facts as the answer."""

from __future__ import annotations

import dataclasses
import json

import discord.utils
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers import STATUSES, answer
from bot.render import MESSAGE_LIMIT, escape, render_json, render_pages, render_text, to_json


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_escape_matches_discord(text):
    """Our escape gives what discord.utils.escape_markdown + escape_mentions give."""
    expected = discord.utils.escape_mentions(discord.utils.escape_markdown(text))
    assert escape(text) == expected


_COMMANDS = st.sampled_from(
    ["!quote ", "!when ", "!who ", "!timeline ", "!help ", "!", "", "!summary "]
)
_NASTY = st.sampled_from(
    ["@everyone", "@here", "<@123456789012345678>", "**", "`", "> ", "# ", "||", "\n"]
)


@given(_COMMANDS, st.lists(st.one_of(st.text(max_size=40), _NASTY), max_size=8))
@settings(max_examples=300, deadline=None)
def test_any_message_gets_a_safe_answer(index, command, parts):
    """Any text → an Answer with a valid status, ≤ 2000 characters, no live @everyone/@here."""
    message = command + "".join(parts)
    got = answer(message, index)
    assert got.status in STATUSES
    for text in render_pages(got):
        assert len(text) <= MESSAGE_LIMIT
        assert "@everyone" not in text and "@here" not in text
    json.loads(render_json(got))


def test_long_answers_fit_with_a_more_line(index):
    """Xi's eleven quotes do not fit one message: the reply ends with '+N more'."""
    got = answer("!quote Xi", index)
    text = render_text(got)
    assert len(text) <= MESSAGE_LIMIT
    assert text.splitlines()[-1].startswith("+")
    shown = text.count("> “")
    assert text.splitlines()[-1].startswith(f"+{got.total - shown} more")


@pytest.mark.parametrize("message", ["!timeline", "!who", "!summary", "!sources"])
def test_lists_fit_one_message_one_line_each(index, message):
    """The bundled sheet's lists fit one reply whole: no "+N more", one line per listed item."""
    got = answer(message, index)
    text = render_text(got)
    assert len(text) <= MESSAGE_LIMIT
    assert "more —" not in text
    assert render_pages(got) == [text]
    if message != "!sources":  # sources keep their link and caution lines
        assert got.listing
        assert len(text.split("\n\n")[-1].splitlines()) == len(got.results)


def test_timeline_lines_are_date_and_title(index):
    """`!timeline` lists every event as `date · title`, in order."""
    got = answer("!timeline", index)
    lines = render_text(got).splitlines()[2:]
    assert len(lines) == len(got.results) >= 25
    for line, result in zip(lines, got.results, strict=True):
        assert line.startswith(f"{result.event.date} · ")


def test_pages_show_every_result_once_and_say_how_many_follow(index):
    """Small pages: each result once, in order, every page within the limit, "+N more" exact."""
    got = answer("!quote Xi", index)
    pages = render_pages(got, limit=700)
    assert len(pages) > 2
    ids = [r.quote.id for r in got.results]
    seen = [i for page in pages for i in ids if f"`{i}`" in page]
    assert seen == ids
    shown = 0
    for page in pages:
        assert len(page) <= 700
        shown += sum(f"`{i}`" in page for i in ids)
        if page is not pages[-1]:
            assert page.splitlines()[-1] == f"+{len(ids) - shown} more — type more to see them."
    assert "more —" not in pages[-1]


def test_query_markdown_and_mentions_are_not_echoed(index):
    """Markup is taken out of the question before it is searched or echoed: no bold, no
    mention comes back; what is left of the user's text is still escaped."""
    text = render_text(answer("!quote **nobody** @everyone <@123>", index))
    assert "nobody" in text and "**nobody**" not in text
    assert "@everyone" not in text and "@\u200beveryone" not in text and "<@123>" not in text
    escaped = render_text(answer("!quote [nobody](https://x.example) ~trap", index))
    assert "\\[nobody]" in escaped  # a masked link stays text


def test_quote_text_shows_words_speaker_date_and_link(index):
    """The plain-text answer carries the exact words, speaker, date, outlet and URL."""
    text = render_text(answer("!quote Mao Ning", index))
    assert "“China is not a party to the Ukraine issue." in text
    assert "**Mao Ning**" in text and "2025-07-04" in text
    assert "NewsX" in text and "<https://www.newsx.com/world/" in text


def test_caution_and_article_says_are_visible(index):
    """A repost's quote says it is as worded there; a date disagreement shows the article's words."""
    text = render_text(answer("!when no limits", index))
    assert "As worded in Newscats (repost of The Diplomat)" in text
    wang = render_text(answer("!quote Wang Yi", index))
    assert "Note on the date:" in wang and "Wednesday morning" in wang


def test_json_shape(index):
    """`--json` carries command, query, status, reply and typed results with ISO dates."""
    data = to_json(answer("!quote Mao Ning", index))
    assert {"command", "query", "status", "reply", "results", "suggestions"} <= set(data)
    assert data["command"] == "quote" and data["query"] == "Mao Ning" and data["status"] == "ok"
    first = data["results"][0]
    assert first["kind"] == "quote" and first["id"] == "mao-ning-not-a-party"
    assert first["speaker"] == "Mao Ning" and first["date"] == "2025-07-04"
    assert first["date_precision"] == "day"
    assert set(first["source"]) >= {"id", "file", "outlet", "title", "url", "published"}
    assert first["source"]["file"] == "003_d3f909066d885c5c.txt"
    event = to_json(answer("!when no limits", index))["results"][0]
    assert event["kind"] == "event" and event["date"] == "2022-02-04"
    vague = to_json(answer("!when western sanctions", index))["results"][0]
    assert vague["date"] == "2022" and vague["date_precision"] == "year"


@pytest.mark.parametrize("limit", [300, 700, MESSAGE_LIMIT])
def test_every_page_fits_even_with_a_long_head_or_long_results(index, limit):
    """A body longer than a message and results longer than a page: every page still fits."""
    got = dataclasses.replace(answer("!quote Xi", index), body="x" * 3000)
    pages = render_pages(got, limit=limit)
    assert all(len(page) <= limit for page in pages)
    assert pages[0].splitlines()[-1].startswith("+")


def test_json_names_the_words_nothing_mentions(index):
    """`--json` of `!when Biden visited Kyiv` lists "Biden" under `missing`; none otherwise."""
    assert to_json(answer("!when Biden visited Kyiv", index))["missing"] == ["Biden"]
    assert to_json(answer("!when no limits", index))["missing"] == []
