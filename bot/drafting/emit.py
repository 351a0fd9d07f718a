"""Drafted entries as YAML text in the sheet's own style, inserted at the end of each section.

Values are written as JSON strings, which YAML reads as double-quoted scalars: every
character, quotation marks and backslashes included, survives the round trip. The sheet's
other lines, comments included, are left exactly as they were.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields

from bot.sheet import Person, Quote, Source

from .draft import Draft

_SECTION_ORDER = ("sources", "people", "quotes")


class InsertError(ValueError):
    """The sheet's layout leaves no place to put the entries (said in one line)."""


def _value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return json.dumps(str(value), ensure_ascii=False)


def entry_yaml(entry: Source | Person | Quote) -> str:
    """One entry as a YAML list item indented under its section."""
    lines: list[str] = []
    for field in fields(entry):
        value = getattr(entry, field.name)
        if field.name in ("original_url", "article_says") and value is None:
            continue
        if field.name == "kind" and value == "person":
            continue
        prefix = "  - " if not lines else "    "
        lines.append(f"{prefix}{field.name}: {_value(value)}")
    return "\n".join(lines) + "\n"


def insert_draft(sheet_text: str, draft: Draft, *, note: str) -> str:
    """`sheet_text` with the draft's entries appended to their sections, each group headed by
    the comment `note`. Raises `InsertError` when a section is missing or not a block list."""
    groups: dict[str, list[Source | Person | Quote]] = {
        "sources": [draft.source],
        "people": list(draft.people),
        "quotes": list(draft.quotes),
    }
    lines = sheet_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    # Work from the last section up, so earlier line numbers stay valid.
    places = {section: _section_end(lines, section) for section in _SECTION_ORDER}
    for section in sorted(places, key=lambda s: places[s], reverse=True):
        entries = groups[section]
        if not entries:
            continue
        block = [f"\n  # {note}\n"] + [
            ("\n" if i else "") + entry_yaml(entry) for i, entry in enumerate(entries)
        ]
        at = places[section]
        lines[at:at] = block
    return "".join(lines)


def _section_end(lines: list[str], section: str) -> int:
    """The index after the last line of `section`'s list (before trailing blanks and comments)."""
    head = re.compile(rf"^{section}:\s*(?:#.*)?$")
    starts = [i for i, line in enumerate(lines) if head.match(line.rstrip("\n"))]
    if len(starts) != 1:
        flow = any(re.match(rf"^{section}:\s*\S", line) for line in lines)
        raise InsertError(
            f"the sheet has no block list '{section}:' to add entries to"
            + (" (write it as a list of '- ' items, not on one line)" if flow else "")
        )
    last = starts[0]
    for i in range(starts[0] + 1, len(lines)):
        line = lines[i]
        if line.strip() == "" or line.lstrip().startswith("#"):
            if not line.startswith((" ", "\t")) and line.strip():
                continue
            continue
        if not line.startswith((" ", "-")):
            break
        last = i
    return last + 1
