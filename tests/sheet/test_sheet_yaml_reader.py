"""`bot.sheet.yaml_reader`: PyYAML's values with every position kept; no anchors, aliases, tags."""

from __future__ import annotations

import time
from typing import Any

import pytest
import yaml

from bot.sheet import MAX_NESTING, MarkedDict, MarkedList, YamlProblem, read_yaml


def _plain(node: Any) -> Any:
    """The document without marks, to compare with PyYAML's own loader."""
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    return node


SNIPPETS = [
    "a: 1\nb: x\n", "a:\n- x\n- y\nb: z\n",
    'a:\n  - x\n  - "y"\nb: [1, 2.5, "c d", null, yes, ~, 0x1F, 1:30, -1, .inf]\n',
    "a: []\nb: {}\nc: [ ]\n", "a: [x]  # c\n", 'a: "x"  # c\n', "a: x # c\n", "a: x#c\n",
    "a:\n  b: 1\n  c:\n    - id: 1\n      d: e\n", "y: 1\nn: 2\nyes: 3\n", "a: 'it''s'\n",
    "a: |\n  x\n  y\n", "a: >-\n  folded\n  text\n\n  para\n", 'a: "x\\ty\\u00e9"\n',
    "a: {b: 1, c: [d]}\n", "- a\n- b: c\n", "", "# only a comment\n", "a: x\r\nb: y\r\n",
    'a: "é ü ’ “ ”"\nb: é\n', "1: one\nnull: three\n",
]  # fmt: skip


@pytest.mark.parametrize("text", SNIPPETS)
def test_reads_what_pyyaml_reads(text: str):
    """Every snippet gives the values PyYAML's safe loader gives (all of them are compared)."""
    document, duplicates = read_yaml(text)
    expected = yaml.safe_load(text)
    if isinstance(expected, dict):  # keys are text in a sheet: `1:` is "1"
        expected = {str(k): v for k, v in expected.items()}
    assert _plain(document) == expected
    assert duplicates == []


def test_timestamps_stay_text():
    """A date is the text as written: the sheet's dates carry their own precision."""
    document, _ = read_yaml("a: 2025-07-04\nb: [2025-07-04 10:00:00]\n")
    assert document == {"a": "2025-07-04", "b": ["2025-07-04 10:00:00"]}


def test_every_key_value_and_item_has_its_line_and_column():
    text = "top: 1\nlist:\n  - x\n  - key: v\n    other: [a, b]\n"
    document, _ = read_yaml(text)
    assert isinstance(document, MarkedDict)
    assert document.mark == (1, 1)
    assert document.key_marks == {"top": (1, 1), "list": (2, 1)}
    assert document.value_marks == {"top": (1, 6), "list": (3, 3)}
    items = document["list"]
    assert isinstance(items, MarkedList)
    assert items.item_marks == [(3, 5), (4, 5)]
    entry = items[1]
    assert entry.key_marks == {"key": (4, 5), "other": (5, 5)}
    assert entry.value_marks["other"] == (5, 12)
    assert entry["other"].item_marks == [(5, 13), (5, 16)]


def test_duplicate_keys_are_reported_at_the_later_key():
    document, duplicates = read_yaml("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n")
    assert duplicates == [("c", (4, 3)), ("a", (5, 1))]
    assert document["a"] == 4  # as PyYAML: the later one wins


@pytest.mark.parametrize(
    ("text", "mark", "what"),
    [
        ("a: &x 1\nb: 2\n", (1, 4), "anchor"),
        ("a: [1]\nb: *x\n", (2, 4), "alias"),
        ("a: !!str 1\n", (1, 4), "tag"),
        ("a: !custom x\n", (1, 4), "tag"),
        ("a:\n  - !!python/object:os.system x\n", (2, 5), "tag"),
        ("a: 1\n---\nb: 2\n", (2, 1), "more than one YAML document"),
    ],
)
def test_references_tags_and_second_documents_are_refused_at_their_line(text, mark, what):
    with pytest.raises(YamlProblem) as raised:
        read_yaml(text)
    assert raised.value.mark == mark
    assert what in raised.value.message


def test_alias_bomb_is_refused_at_once():
    """The 12-line bomb of the hostile-input campaign: refused in well under 2 seconds."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines += ["a9: again", "a9: and again"]
    start = time.perf_counter()
    with pytest.raises(YamlProblem) as raised:
        read_yaml("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    assert raised.value.mark == (1, 5)
    assert "anchor" in raised.value.message


def test_nesting_past_the_limit_is_refused_where_it_goes_too_deep():
    depth = MAX_NESTING + 1
    with pytest.raises(YamlProblem) as raised:
        read_yaml("a: " + "[" * depth + "]" * depth + "\n")
    assert raised.value.mark == (1, 4 + MAX_NESTING - 1)
    assert "nested" in raised.value.message
    read_yaml("a: " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1) + "\n")  # the limit holds


@pytest.mark.parametrize(
    ("text", "mark"),
    [("a: [1\n", (2, 1)), ("a: 1\n  b: 2\n", (2, 4)), ("a:\n\tb: 1\n", (2, 1))],
)
def test_syntax_errors_give_their_position(text, mark):
    with pytest.raises(YamlProblem) as raised:
        read_yaml(text)
    assert raised.value.mark == mark
    assert raised.value.message.startswith("YAML syntax: ")


def test_a_number_too_long_to_convert_is_a_problem_at_its_position():
    with pytest.raises(YamlProblem) as raised:
        read_yaml("a: 1\nb: " + "9" * 5000 + "\n")
    assert raised.value.mark == (2, 4)
