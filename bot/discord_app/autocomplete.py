"""Choices for slash-command options, from the same index that answers the commands.

At most `AUTOCOMPLETE_LIMIT` choices, names and values within `CHOICE_NAME_LIMIT`. An empty
field still gets useful choices: the most quoted people, the latest events, every command.
A choice's value is what the command receives, so it is text the matcher finds again.
"""

from __future__ import annotations

from collections.abc import Callable

from discord.app_commands import Choice

from bot.answers import COMMANDS, Completion
from bot.render import clip
from bot.search import Index
from bot.sheet import Event

from .limits import AUTOCOMPLETE_LIMIT, CHOICE_NAME_LIMIT, CHOICE_VALUE_LIMIT


def people_choices(index: Index, typed: str) -> list[Choice[str]]:
    """People for /quote and /who: the best matches, or the most quoted when nothing is typed."""
    return [
        Choice(name=clip(f"{p.name} — {p.role}", CHOICE_NAME_LIMIT), value=_value(p.name))
        for p in index.complete_people(typed, limit=AUTOCOMPLETE_LIMIT)
    ]


def phrase_choices(index: Index, typed: str) -> list[Choice[str]]:
    """Events and quotes for /when: the ones `!when` would answer first, or the latest events."""
    found: list[tuple[str, str]] = []
    for hit in index.search(typed, limit=AUTOCOMPLETE_LIMIT).hits:
        entry = hit.entry
        if isinstance(entry, Event):
            found.append((f"{entry.date} · {entry.title}", entry.title))
        else:
            speaker = index.sheet.person(entry.speaker).name
            found.append((f"“{entry.text}” — {speaker}", entry.text))
    if not found:
        # Nothing typed, or nothing found yet: the latest events, filtered by the text.
        latest = sorted(index.sheet.events, key=lambda e: (e.date.sort_key(), e.id), reverse=True)
        needle = " ".join(typed.split()).casefold()
        found = [(f"{e.date} · {e.title}", e.title) for e in latest if needle in e.title.casefold()]
    choices: dict[str, Choice[str]] = {}
    for name, value in found:
        choice = Choice(name=clip(name, CHOICE_NAME_LIMIT), value=_value(value))
        choices.setdefault(choice.value, choice)
    return list(choices.values())[:AUTOCOMPLETE_LIMIT]


def command_choices(typed: str) -> list[Choice[str]]:
    """Command names for /help."""
    typed = typed.strip().lstrip("!/").casefold()
    return [
        Choice(name=clip(f"{c.name} — {c.summary}", CHOICE_NAME_LIMIT), value=c.name)
        for c in COMMANDS
        if c.name.startswith(typed)
    ][:AUTOCOMPLETE_LIMIT]


# The choices for each kind of option the commands declare (`answers.Option.completes`).
CHOICES: dict[Completion, Callable[[Index, str], list[Choice[str]]]] = {
    "people": people_choices,
    "phrases": phrase_choices,
    "commands": lambda _index, typed: command_choices(typed),
}


def _value(text: str) -> str:
    """Text cut at a word boundary to fit a choice value; no ellipsis, so it still matches."""
    if len(text) <= CHOICE_VALUE_LIMIT:
        return text
    cut = text[:CHOICE_VALUE_LIMIT]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut
