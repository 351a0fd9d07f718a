"""The fact sheet: its model, the schema its entries follow, and the loader that keeps positions.

- `model`: the frozen dataclasses (`FactSheet`, `Source`, `Person`, `Quote`, `Event`,
  `PartialDate`) and `Problem`.
- `schema`: one table of fields per section and the one validator that reads it.
- `yaml_reader`: PyYAML's parser built into containers that remember lines and columns; no
  anchors, aliases or tags.
- `files`: only regular files are read, within a size limit.
- `load`: `parse_sheet`, which puts them together and reports every problem as a value.
- `cache`: the checked sheet, kept on disk under its content hash for fast loads.

Cross-entry checks live in `bot.check`. Nothing here imports discord or rapidfuzz, and only
`yaml_reader` imports yaml.
"""

from __future__ import annotations

from .files import FileProblem, read_error_text, read_regular_file, read_text_file
from .load import Locator, Parsed, gc_paused, parse_sheet, read_sheet_bytes
from .model import (
    Event,
    FactSheet,
    PartialDate,
    Person,
    PersonKind,
    Precision,
    Problem,
    Quote,
    Source,
)
from .schema import SCHEMA, Field, FieldKind, closest
from .yaml_reader import MAX_NESTING, MarkedDict, MarkedList, YamlProblem, read_yaml

__all__ = [
    "MAX_NESTING",
    "SCHEMA",
    "Event",
    "FactSheet",
    "Field",
    "FieldKind",
    "FileProblem",
    "Locator",
    "MarkedDict",
    "MarkedList",
    "Parsed",
    "PartialDate",
    "Person",
    "PersonKind",
    "Precision",
    "Problem",
    "Quote",
    "Source",
    "YamlProblem",
    "closest",
    "gc_paused",
    "parse_sheet",
    "read_error_text",
    "read_regular_file",
    "read_sheet_bytes",
    "read_text_file",
    "read_yaml",
]
