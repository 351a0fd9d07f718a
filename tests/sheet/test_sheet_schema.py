"""`bot.sheet.schema`: one table of fields per section, read by one validator."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sheet import SCHEMA, Field, read_yaml
from bot.sheet.schema import validate

PERSON = "id: ana\nname: Ana Bell\nrole: Spokesperson\n"


def _validate(section: str, text: str) -> tuple[dict[str, Any] | None, list[tuple[Any, ...]]]:
    entry, _ = read_yaml(text)
    problems: list[tuple[Any, ...]] = []
    values = validate(
        entry, section, "x[0]", lambda mark, path, message: problems.append((mark, path, message))
    )
    return values, problems


def test_optional_fields_take_their_defaults_from_the_table():
    values, problems = _validate("people", PERSON)
    assert problems == []
    assert values == {
        "id": "ana",
        "name": "Ana Bell",
        "role": "Spokesperson",
        "kind": "person",
        "aliases": (),
        "review": None,
    }


@pytest.mark.parametrize(
    ("line", "path", "column", "expected"),
    [
        ("kind: robot", "x[0].kind", 7, "expected person or body, got 'robot'"),
        ("aliases: Bell", "x[0].aliases", 10, "expected a list, got 'Bell'"),
        ("aliases: [Bell, 3]", "x[0].aliases[1]", 17, "expected text, got a number (3)"),
        ("aliases: [Bell, '  ']", "x[0].aliases[1]", 17, "expected text, got '  '"),
    ],
)
def test_each_kind_of_wrong_value_is_named_at_the_value(line, path, column, expected):
    values, problems = _validate("people", PERSON + line + "\n")
    assert values is None
    assert problems == [((4, column), path, expected)]


@pytest.mark.parametrize(
    ("section", "text", "path", "mark", "expected"),
    [
        (
            "events",
            "date: 2025-13-01\n",
            "x[0].date",
            (1, 7),
            "expected YYYY, YYYY-MM or YYYY-MM-DD, got '2025-13-01'",
        ),
        (
            "events",
            "scheduled: maybe\n",
            "x[0].scheduled",
            (1, 12),
            "expected true or false, got 'maybe'",
        ),
        ("quotes", "text: [a]\n", "x[0].text", (1, 7), "expected text, got a list"),
        (
            "quotes",
            "article_says: {a: 1}\n",
            "x[0].article_says",
            (1, 15),
            "expected text, got a mapping",
        ),
    ],
)
def test_dates_flags_and_texts(section, text, path, mark, expected):
    _values, problems = _validate(section, text)
    assert (mark, path, expected) in problems


def test_missing_required_field_is_named_at_the_entry_and_unknown_key_gets_a_suggestion():
    values, problems = _validate("people", "id: ana\nname: Ana Bell\nrol: Spokesperson\n")
    assert values is None
    assert ((1, 1), "x[0].role", "missing (required)") in problems
    unknown = [p for p in problems if p[1] == "x[0].rol"]
    assert unknown and unknown[0][0] == (3, 1)
    assert "(did you mean 'role'?)" in unknown[0][2]


def test_a_new_field_is_one_line_of_the_table(monkeypatch):
    """A field added to the table is validated with no other change: here a choice."""
    people = {
        **SCHEMA["people"],
        "review": Field("choice", required=False, default=None, choices=("draft", "final")),
    }
    monkeypatch.setitem(SCHEMA, "people", people)
    values, problems = _validate("people", PERSON + "review: draft\n")
    assert problems == [] and values is not None and values["review"] == "draft"
    _values, problems = _validate("people", PERSON + "review: maybe\n")
    assert problems == [((4, 9), "x[0].review", "expected draft or final, got 'maybe'")]
