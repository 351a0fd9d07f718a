"""Heavy work never holds the event loop: bounded pages, capped options, an autocomplete
budget, and answers worked out on a worker thread when the sheet is large."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
import simcord
from discord.app_commands import Choice
from discord.ext import commands
from simworld import World

from bot import answers
from bot.discord_app import cogs
from bot.discord_app.autocomplete import CHOICES
from bot.discord_app.embeds import MAX_PAGES, answer_pages
from bot.discord_app.limits import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FOOTER_LIMIT,
    EMBED_TOTAL_LIMIT,
)
from bot.search import Index


def test_a_huge_answer_stops_at_max_pages_and_counts_the_rest(index: Index):
    """Hundreds of quotes, one a page: 100 pages, the last saying how many were left out."""
    quotes = answers.quote(index, "Xi Jinping")
    copies = -(-(MAX_PAGES * 2) // len(quotes.results))
    huge = replace(quotes, results=quotes.results * copies, total=len(quotes.results) * copies)

    pages = answer_pages(huge, page_size=1)

    assert len(pages) == MAX_PAGES
    hidden = len(huge.results) - MAX_PAGES
    assert f"+{hidden} more" in (pages[-1].footer.text or "")
    assert "more" not in (pages[-2].footer.text or "")
    assert all(len(page) <= EMBED_TOTAL_LIMIT for page in pages)
    assert all(len(page.footer.text or "") <= EMBED_FOOTER_LIMIT for page in pages)


def test_a_huge_list_of_people_stops_at_max_pages_and_counts_the_rest(index: Index):
    """Listed results (people) pack many a page; past 100 pages the rest is counted exactly."""
    everyone = answers.who(index)
    huge = replace(everyone, results=everyone.results * 1000)

    pages = answer_pages(huge)

    assert len(pages) == MAX_PAGES
    lines = [line for page in pages for line in (page.description or "").splitlines()]
    shown = sum(line.startswith("**") for line in lines)  # one per person; the intro aside
    assert f"+{len(huge.results) - shown} more" in (pages[-1].footer.text or "")


def test_an_intro_that_fills_a_page_hides_no_listed_line(index: Index):
    """A summary whose text fills the first embed: every source still shows, on later pages."""
    summary = answers.summary(index)
    long = replace(summary, body=summary.body + " " + "x" * EMBED_DESCRIPTION_LIMIT)

    pages = answer_pages(long)

    text = "\n".join(page.description or "" for page in pages[1:])
    assert all(f"**{result.source.outlet}**" in text for result in summary.results)
    assert all(len(page) <= EMBED_TOTAL_LIMIT for page in pages)


async def test_every_slash_option_is_capped_at_the_answers_limit(world: World):
    """Discord itself refuses a slash option longer than the answers accept."""
    options = [
        option
        for command in world.bot.tree.get_commands()
        for option in command.to_dict(world.bot.tree).get("options", [])
    ]

    assert options
    assert {option["max_length"] for option in options} == {answers.MAX_QUERY_LENGTH}


async def test_a_prefix_question_past_the_cap_gets_the_answers_refusal(world: World):
    """`!quote` past the cap: the length refusal, not a search."""
    words = "Mao " * (answers.MAX_QUERY_LENGTH // 4 + 25)
    asked = await world.alice.send(world.channel, "!quote " + words)

    reply = world.reply_to(asked)
    cap = answers.MAX_QUERY_LENGTH
    assert (
        reply.embeds[0].title == f"That is {len(words) - 1:,} characters; ask with at most {cap}."
    )
    simcord.assert_error(world.env, commands.RangeError)


async def test_autocomplete_reads_at_most_the_cap(world: World, monkeypatch: pytest.MonkeyPatch):
    """5,000 typed characters reach the matcher as 200."""
    seen: list[int] = []

    def record(index: Index, typed: str) -> list:
        seen.append(len(typed))
        return []

    monkeypatch.setitem(CHOICES, "phrases", record)

    await world.alice.autocomplete(world.channel, "when", "phrase", "no limits " * 500)

    assert seen == [answers.MAX_QUERY_LENGTH]


async def test_autocomplete_that_overruns_its_budget_offers_nothing(
    index: Index, monkeypatch: pytest.MonkeyPatch
):
    """A slow matcher is abandoned at the budget: no choices, in about the budget's time.

    Run on a real event loop: SimCord's clock is virtual, and the budget is wall time.
    """

    def slow(index: Index, typed: str) -> list[Choice[str]]:
        time.sleep(1.0)
        return [Choice(name="too late", value="too late")]

    monkeypatch.setattr(cogs, "AUTOCOMPLETE_BUDGET", 0.2)
    started = time.monotonic()

    choices = await cogs._choices(slow, index, "mao")

    assert choices == []
    assert time.monotonic() - started < 0.9


@pytest.mark.parametrize(("large_sheet", "off_loop"), [(0, True), (10**9, False)])
async def test_answers_run_on_a_worker_thread_when_the_sheet_is_large(
    world: World, monkeypatch: pytest.MonkeyPatch, large_sheet: int, off_loop: bool
):
    """From `LARGE_SHEET` entries on, the answer is worked out off the event loop's thread."""
    threads: list[threading.Thread] = []
    timeline = answers.timeline

    def watched(*args, **kwargs):
        threads.append(threading.current_thread())
        return timeline(*args, **kwargs)

    monkeypatch.setattr(answers, "timeline", watched)
    world.bot.get_cog("Questions").large_sheet = large_sheet

    asked = await world.alice.send(world.channel, "!timeline 2025")

    in_2025 = sum(e.date.year == 2025 for e in world.bot.index.sheet.events)
    assert world.reply_to(asked).embeds[0].title.startswith(f"{in_2025} events")
    assert (threads[0] is not threading.main_thread()) == off_loop
