"""Text and JSON rendering: escaped, ping-free, within Discord's limits, same facts as the answer."""

from __future__ import annotations

import dataclasses
import json
import re

import discord.utils
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers import STATUSES, QuoteResult, answer
from bot.render import (
    MESSAGE_LIMIT,
    Page,
    date_text,
    escape,
    pack_lines,
    render_json,
    render_pages,
    render_text,
    result_lines,
    to_json,
)


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


@pytest.mark.parametrize("message", ["!who", "!summary", "!sources"])
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
    """`!timeline` lists every event once as `date · title`, in order, on pages that fit."""
    got = answer("!timeline", index)
    pages = render_pages(got)
    assert all(len(page) <= MESSAGE_LIMIT for page in pages)
    lines = [
        line
        for page in pages
        for line in page.split("\n\n", 1)[-1].splitlines()
        if " · " in line and "more —" not in line
    ]
    assert len(lines) == len(got.results) >= 25
    for line, result in zip(lines, got.results, strict=True):
        assert line.startswith(f"{date_text(result.event.date)} · ")


def test_pages_show_every_result_once_and_say_how_many_follow(index):
    """Small pages: each result once, in order, every page within the limit, "+N more" exact."""
    got = answer("!quote Xi", index)
    pages = render_pages(got, limit=1000)
    assert len(pages) > 2
    openers = [result_lines(r)[0] for r in got.results]  # each result's quoted words
    assert len(set(openers)) == len(openers)
    seen = [o for page in pages for o in openers if o in page.splitlines()]
    assert seen == openers
    shown = 0
    for page in pages:
        assert len(page) <= 1000
        shown += sum(o in page.splitlines() for o in openers)
        if page is not pages[-1]:
            assert page.splitlines()[-1] == f"+{len(openers) - shown} more — type more to see them."
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
    """A reworded source's quote carries its caution; a date disagreement shows the article's words."""
    text = render_text(answer("!when no limits", index))
    assert "⚠ The repost rewords The Diplomat's original, inside quotation marks too" in text
    wang = render_text(answer("!quote Wang Yi", index))
    assert "Note on the date:" in wang and "Wednesday morning" in wang


def test_quotes_say_who_quoted_them_and_carry_the_outlets_caution(index):
    """`!quote Blinken`: "as quoted by The BL", The BL's caution in full once, then pointed to."""
    text = render_text(answer("!quote Blinken", index))
    assert text.count("· as quoted by The BL") == 2
    assert text.count("⚠ The BL's quotation marks do not always hold") == 1
    assert "“is being shredded before our eyes”" in text
    assert text.count("⚠ The BL may reword quotes: see its caution above.") == 1


def test_a_quote_from_a_source_without_caution_has_none(index):
    """The National Interest carries no caution, so Wang Yi's call quotes show no ⚠ line."""
    got = answer("!when extremely concerned", index)
    quotes = [r for r in got.results if isinstance(r, QuoteResult)]
    assert quotes and quotes[0].source.caution is None
    assert "⚠" not in "\n".join(result_lines(quotes[0]))


def test_every_quote_shows_its_context(index):
    """A fragment comes with the context that says what it is about (“angry” — at whom)."""
    text = render_text(answer("!quote Trump", index))
    assert text.count("Context: ") == 2
    assert "at Putin" in text


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
    assert first["quoted_by"] == "NewsX"
    assert first["context"].startswith("Mao Ning at a Chinese Foreign Ministry press briefing")
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


def test_dates_say_which_part_is_unknown(index):
    """A year-only event reads “2022, month unknown”, a month-only one “2025-03, day unknown”."""
    text = render_text(answer("!when western sanctions", index))
    assert "**2022, month unknown** · Western countries impose sanctions" in text
    ceasefire = render_text(answer("!when limited ceasefire", index))
    assert "**2025-03, day unknown** · " in ceasefire
    assert to_json(answer("!when western sanctions", index))["results"][0]["date"] == "2022"


def test_notes_say_what_they_are_about(index):
    """A note is labelled by its topic: the place of Trump's words, the wording of the repost."""
    trump = render_text(answer("!quote Trump", index))
    assert trump.count("Note on the place: BritCanNews calls it “a press encounter") == 2
    joint = render_text(answer("!quote China–Russia joint statement", index))
    assert "Note on the wording: The repost has “no limitations”" in joint
    assert "Note on the date" not in joint
    first = to_json(answer("!quote Trump", index))["results"][0]
    assert first["note_on"] == "place"
    assert to_json(answer("!quote Mao Ning", index))["results"][0]["note_on"] is None


_WORD = re.compile(r"\w+(?:[.,-]\w+)*")


def test_readers_never_see_a_file_number_or_a_fact_id(index, sheet):
    """Every quote and event as the console shows it: no seed file, number or id."""
    internal = {s.file for s in sheet.sources} | {s.file[:3] for s in sheet.sources}
    internal |= {e.id for group in (sheet.quotes, sheet.events, sheet.people) for e in group}
    internal -= {p.id for p in sheet.people if "-" not in p.id}  # "shoigu" is also a name
    replies = [answer(f"!quote {p.name}", index) for p in sheet.people]
    replies += [answer(m, index) for m in ("!timeline", "!sources", "!summary", "!who")]
    seen = []
    for reply in replies:
        for result in reply.results:
            text = "\n".join(result_lines(result))
            seen += [word for word in _WORD.findall(text) if word in internal]
    assert seen == []


def test_a_reposts_date_is_said_to_be_its_originals(index, sheet):
    """`!sources` and `!summary`: the repost's date reads as the original's, not as its own;
    sources without an original show their own date bare."""
    repost = next(s for s in sheet.sources if s.original_url)
    for message in ("!sources", "!summary"):
        text = render_text(answer(message, index))
        assert f"({repost.published}, the original's date)" in text
        own = next(s for s in sheet.sources if not s.original_url)
        assert f"({own.published})" in text or f"({own.published}):" in text
    data = to_json(answer("!sources", index))
    by_id = {r["source"]["id"]: r["source"] for r in data["results"]}
    assert by_id[repost.id]["original_url"] == repost.original_url


# --- pack_lines: the one packer of lines under a limit, with "+N more" -----------------------


def more(left: int) -> str:
    """The end of a page with `left` lines after it, as the callers write theirs."""
    return f"+{left} more" if left else ""


def test_pack_fills_a_page_to_exactly_the_limit():
    """Lines that reach the limit exactly share a page; one character less starts another."""
    lines = ["a" * 5, "b" * 4]  # "aaaaa\nbbbb": 10 characters

    assert pack_lines(lines, 10) == [Page("aaaaa\nbbbb", 2)]
    assert pack_lines(lines, 9) == [Page("aaaaa", 1), Page("bbbb", 1)]


def test_pack_keeps_room_for_the_more_line():
    """A line that would fit only without the "+N more" its page then needs goes to the next
    page, and the "+N more" counts the lines after the page."""
    pages = pack_lines(["a" * 4, "b" * 4, "c" * 4], 14, end=more)

    assert pages == [Page("aaaa\n+2 more", 1), Page("bbbb\ncccc", 2)]


def test_pack_cuts_a_single_overlong_line_to_fit_with_its_more_line():
    """A line longer than a page is cut with an ellipsis so that it and its "+N more" fit."""
    pages = pack_lines(["x" * 50, "y" * 10], 20, end=more)

    assert pages == [Page("x" * 11 + "…\n+1 more", 1), Page("y" * 10, 1)]
    assert len(pages[0].text) == 20


def test_pack_of_no_lines_is_one_page_with_the_head_alone():
    """Zero lines: one page, empty or holding just the head, and no "+N more"."""
    assert pack_lines([], 100, end=more) == [Page("", 0)]
    assert pack_lines([], 100, head="Head", end=more) == [Page("Head", 0)]


def test_pack_lets_a_long_head_fill_the_first_page_alone():
    """A line that does not fit beside the first page's head opens the next page, whole; the
    later pages carry their own head."""
    pages = pack_lines(["x" * 30, "y" * 30], 40, head="h" * 20, continued_head="cont.")

    assert pages == [
        Page("h" * 20, 0),
        Page("cont.\n\n" + "x" * 30, 1),
        Page("cont.\n\n" + "y" * 30, 1),
    ]


def test_pack_stops_at_max_pages_and_counts_what_it_left_out():
    """At most `per_page` lines a page; past `max_pages` the last page's end counts the rest."""
    pages = pack_lines([str(n) for n in range(7)], 100, per_page=3, max_pages=2, end=more)

    assert pages == [Page("0\n1\n2\n+4 more", 3), Page("3\n4\n5\n+1 more", 3)]


@given(
    st.lists(st.text(alphabet="ab\\", max_size=60), max_size=30),
    st.integers(min_value=20, max_value=120),
    st.text(alphabet="h", max_size=150),
)
@settings(max_examples=300, deadline=None)
def test_pack_fits_every_page_and_places_every_line_once(lines, limit, head):
    """Any lines, limit and head: every page fits, each line is on one page, and each page but
    the last ends with "+N more" counting the lines on the pages after it."""
    pages = pack_lines(lines, limit, head=head, continued_head="(continued)", end=more)

    assert all(len(page.text) <= limit for page in pages)
    assert sum(page.count for page in pages) == len(lines)
    for number, page in enumerate(pages):
        after = sum(later.count for later in pages[number + 1 :])
        assert (page.text.split("\n")[-1] == f"+{after} more") == (after > 0)
