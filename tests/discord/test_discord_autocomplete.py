"""Slash options autocomplete from the same matcher: people, event and quote titles, commands."""

from __future__ import annotations

from simworld import World

from bot.discord_app.limits import AUTOCOMPLETE_LIMIT, CHOICE_NAME_LIMIT, CHOICE_VALUE_LIMIT


def assert_valid(choices: list[dict]) -> None:
    assert 0 < len(choices) <= AUTOCOMPLETE_LIMIT
    for choice in choices:
        assert len(choice["name"]) <= CHOICE_NAME_LIMIT
        assert len(choice["value"]) <= CHOICE_VALUE_LIMIT


async def test_quote_suggests_people_as_you_type(world: World):
    """Typing "mao" into /quote offers Mao Ning first, with her role."""
    choices = await world.alice.autocomplete(world.channel, "quote", "who", "mao")

    assert_valid(choices)
    assert choices[0] == {
        "name": "Mao Ning — Chinese Ministry of Foreign Affairs spokesperson",
        "value": "Mao Ning",
    }


async def test_quote_offers_the_most_quoted_people_when_empty(world: World):
    """An empty /quote field lists people, the most quoted (Xi Jinping) first."""
    choices = await world.alice.autocomplete(world.channel, "quote", "who", "")

    assert_valid(choices)
    assert choices[0]["value"] == "Xi Jinping"
    assert len(choices) == min(len(world.bot.index.sheet.people), AUTOCOMPLETE_LIMIT)


async def test_when_suggests_event_titles_and_quotes(world: World):
    """Typing "no limits" into /when offers the Feb 4 event title and the repost's quote."""
    choices = await world.alice.autocomplete(world.channel, "when", "phrase", "no limits")

    assert_valid(choices)
    assert choices[0] == {
        "name": "2022-02-04 · Xi and Putin declare a “no limits” partnership",
        "value": "Xi and Putin declare a “no limits” partnership",
    }


async def test_a_chosen_suggestion_answers_with_that_event(world: World):
    """The value of a /when choice, sent back, finds that event first."""
    choices = await world.alice.autocomplete(world.channel, "when", "phrase", "sanctions")
    result = await world.alice.slash(world.channel, "when", phrase=choices[0]["value"])

    assert choices[0]["value"] in result.response.embeds[0].description


async def test_when_offers_the_latest_events_when_empty(world: World):
    """An empty /when field lists event titles, the latest first."""
    choices = await world.alice.autocomplete(world.channel, "when", "phrase", "")

    assert_valid(choices)
    assert choices[0]["name"].startswith("2025-07-")
    dates = [choice["name"].split(" · ")[0] for choice in choices]
    assert dates == sorted(dates, reverse=True)


async def test_who_and_help_autocomplete(world: World):
    """/who suggests people like /quote; /help suggests command names."""
    people = await world.alice.autocomplete(world.channel, "who", "name", "wang")
    commands = await world.alice.autocomplete(world.channel, "help", "command", "ti")

    assert [c["value"] for c in people[:2]] == ["Wang Yi", "Wang Wenbin"]
    assert [c["value"] for c in commands] == ["timeline"]
