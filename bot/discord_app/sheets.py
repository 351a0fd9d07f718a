"""The fact sheet as the Discord bot holds it: checked on load, indexed, compared on reload.

A sheet with problems is never served: loading raises `SheetError`, whose `str()` is one
problem line each, and a failed reload leaves the current index in place. Problems name the
sheet by its file name only, and any other path relative to the project, so nothing about the
host's directories reaches a channel.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.check import check_sheet
from bot.index_cache import index_for
from bot.search import Index
from bot.settings import PROJECT_DIR, Settings
from bot.sheet import FactSheet


class SheetError(Exception):
    """The fact sheet has problems: `problems` holds one line each, `str()` adds a summary."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        count = len(problems)
        summary = f"{count} problem{'s' if count != 1 else ''}; the sheet was not loaded."
        super().__init__("\n".join((*problems, summary)))
        self.problems = problems


def load_index(path: Path, settings: Settings) -> Index:
    """Read, check and index the sheet at `path` (each from the cache when unchanged), or
    raise `SheetError`."""
    checked = check_sheet(path, display=path.name)
    if not checked.ok or checked.sheet is None:
        projects = {
            PROJECT_DIR,
            path.absolute().parent.parent,
            Path(os.path.realpath(path)).parent.parent,
        }
        raise SheetError(tuple(_relative(str(p), projects) for p in checked.problems))
    return index_for(checked, settings.matching)


def _relative(line: str, projects: set[Path]) -> str:
    """`line` with the project's directories left out of any path in it (a sheet may name
    its articles by absolute path; the problem quotes it, and it goes to a channel)."""
    for project in sorted(projects, key=lambda p: len(str(p)), reverse=True):
        line = line.replace(f"{project}{os.sep}", "")
    return line


@dataclass(frozen=True)
class SheetDiff:
    """What a reload changed, counted by id."""

    quotes: tuple[int, int]
    events: tuple[int, int]
    people: tuple[int, int]

    def __str__(self) -> str:
        parts = [
            f"{name} +{added}/-{removed}"
            for name, (added, removed) in (
                ("quotes", self.quotes),
                ("events", self.events),
                ("people", self.people),
            )
        ]
        return ", ".join(parts)


def diff_sheets(old: FactSheet, new: FactSheet) -> SheetDiff:
    """Entries added and removed between two sheets, by id."""

    def count(before: set[str], after: set[str]) -> tuple[int, int]:
        return len(after - before), len(before - after)

    return SheetDiff(
        quotes=count({q.id for q in old.quotes}, {q.id for q in new.quotes}),
        events=count({e.id for e in old.events}, {e.id for e in new.events}),
        people=count({p.id for p in old.people}, {p.id for p in new.people}),
    )
