"""The commands Discord gets are `answers.COMMANDS`: every entry a prefix and a slash command
with the entry's texts and option, and nothing registered that the list lacks."""

from __future__ import annotations

import pytest
from discord.ext import commands
from simworld import World

from bot.answers import COMMANDS, Command, answer
from bot.discord_app.autocomplete import CHOICES
from bot.discord_app.limits import APP_COMMAND_DESCRIPTION_LIMIT

OWNER_COMMANDS = {"reload", "sync"}  # prefix only, for operating the bot; not questions


def declared_options(command: Command) -> list[tuple[str, str, bool, int, bool]]:
    """The slash options `command` declares: name, description, required, max length and
    whether it autocompletes."""
    option = command.option
    if option is None:
        return []
    completes = option.completes is not None
    return [(option.name, option.description, option.required, option.max_length, completes)]


async def test_the_published_slash_commands_are_the_list(world: World):
    """After `!sync`, Discord holds one slash command per entry, with its description and its
    option's name, description, requiredness, length cap and autocomplete, and no other."""
    await world.owner.send(world.channel, "!sync")

    published = {
        command.name: (
            command.description,
            [
                (o.name, o.description, o.required, o.max_length, o.autocomplete)
                for o in command.options
            ],
        )
        for command in await world.bot.tree.fetch_commands()
    }

    assert published == {c.name: (c.description, declared_options(c)) for c in COMMANDS}


async def test_every_published_description_fits_discord(world: World):
    """Discord refuses a sync holding a command or option description over 100 characters, so
    a long summary has a brief; `!help` keeps the summary."""
    await world.owner.send(world.channel, "!sync")

    descriptions = [
        text
        for command in await world.bot.tree.fetch_commands()
        for text in (command.description, *(option.description for option in command.options))
    ]

    assert len(descriptions) == len(COMMANDS) + sum(c.option is not None for c in COMMANDS)
    assert all(0 < len(text) <= APP_COMMAND_DESCRIPTION_LIMIT for text in descriptions)
    assert all(c.summary in answer("!help", world.bot.index).body for c in COMMANDS)


async def test_every_entry_is_a_prefix_command_with_its_usage(world: World):
    """Each entry is a hybrid command answering `!name`, described and with its usage line;
    the only other prefix commands are the owner's."""
    registered = {
        command.name: (type(command), command.description, command.usage)
        for command in world.bot.commands
        if command.name not in OWNER_COMMANDS
    }

    assert registered == {
        c.name: (commands.HybridCommand, c.description, c.arguments) for c in COMMANDS
    }
    assert {command.name for command in world.bot.commands} - registered.keys() == OWNER_COMMANDS


@pytest.mark.parametrize(
    "command",
    [c for c in COMMANDS if c.option is not None and c.option.completes is not None],
    ids=lambda command: command.name,
)
async def test_each_option_autocompletes_what_its_entry_declares(world: World, command: Command):
    """An option declared to complete people, phrases or commands offers exactly those."""
    assert command.option is not None and command.option.completes is not None
    kind = CHOICES[command.option.completes]

    offered = await world.alice.autocomplete(world.channel, command.name, command.option.name, "")

    assert offered
    assert offered == [{"name": c.name, "value": c.value} for c in kind(world.bot.index, "")]
