"""Every command with generated text, through the answer layer and through SimCord.

Any text at all: markdown, mentions, control characters, other scripts, very long. Each
answer must have a known status, fit Discord's limits, ping nobody and be valid JSON. CI runs
a few thousand examples; `FACTBOT_FUZZ_EXAMPLES` (per command) runs more.
"""

from __future__ import annotations

import json
import os
import re

from discord.ext import commands
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from simworld import World

from bot import answers
from bot.discord_app.embeds import answer_pages
from bot.discord_app.limits import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    MESSAGE_LIMIT,
)
from bot.render import render_json, render_text
from bot.search import Index

EXAMPLES = int(os.environ.get("FACTBOT_FUZZ_EXAMPLES", "300"))
COMMANDS = [command.name for command in answers.COMMANDS]
STATUSES = {"ok", "no_match", "ambiguous", "usage"}
MASS_MENTION = re.compile(r"@(everyone|here)")  # escaped mentions carry a zero-width space

# Text as people type it, and as people attack with: any character Discord can carry.
typed = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
hostile_words = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@123456789012345678>",
        "```",
        "||",
        "**",
        "since",
        "until",
        "2022",
        "2025-07",
        "9999-99",
        "Mao",
        "Wang",
        "no limits",
        "\n",
        "\u202e",
        "\x00",
    ]
)
messages = st.one_of(typed, st.lists(hostile_words, max_size=40).map(" ".join))


def assert_answer_is_safe(answer: answers.Answer) -> None:
    assert answer.status in STATUSES
    text = render_text(answer)
    assert len(text) <= MESSAGE_LIMIT
    assert not MASS_MENTION.search(text)
    assert json.loads(render_json(answer))["status"] == answer.status
    for page in answer_pages(answer):
        assert len(page) <= EMBED_TOTAL_LIMIT
        assert len(page.description or "") <= EMBED_DESCRIPTION_LIMIT


@settings(max_examples=EXAMPLES * len(COMMANDS), deadline=None)
@given(command=st.sampled_from(COMMANDS), text=messages)
def test_every_command_answers_any_text_safely(index: Index, command: str, text: str):
    """`!<command> <anything>`: an answer of a known status within every limit."""
    assert_answer_is_safe(answers.answer(f"!{command} {text}", index))


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=messages)
def test_any_message_at_all_gets_an_answer(index: Index, text: str):
    """A message that is not a command line (no prefix, unknown command) answers too."""
    assert_answer_is_safe(answers.answer(text, index))


@settings(
    max_examples=max(1, EXAMPLES // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(command=st.sampled_from(COMMANDS), text=messages)
async def test_every_command_in_the_channel_gets_one_safe_reply(
    world: World, command: str, text: str
):
    """Through SimCord, prefix and slash: exactly one reply, within limits, no errors but
    the usage kind (a missing or too long argument)."""
    asked = await world.alice.send(world.channel, f"!{command} {text}"[:2000])
    reply = world.reply_to(asked)
    assert reply.embeds and len(reply.embeds[0]) <= EMBED_TOTAL_LIMIT
    assert not MASS_MENTION.search(reply.content)

    option = {
        "quote": "who",
        "when": "phrase",
        "who": "name",
        "timeline": "dates",
        "help": "command",
    }
    filled = {option[command]: text[: answers.MAX_QUERY_LENGTH]} if command in option else {}
    if command in ("quote", "when") and not text.strip():
        filled = {option[command]: "Mao"}
    result = await world.bob.slash(world.channel, command, **filled)
    assert result.acknowledged
    assert all(len(embed) <= EMBED_TOTAL_LIMIT for embed in result.response.embeds)

    for error in world.env.errors:
        assert isinstance(error, commands.UserInputError), repr(error)
