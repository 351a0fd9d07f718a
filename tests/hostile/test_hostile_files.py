"""Malformed sheets and settings, one file each, kept from the hostile-input campaign (issue 11).

Each file's first line says what must be reported: `# expect: LINE:COLUMN FIELD | WORDS`, the
position (a `?` column is not pinned: where a YAML syntax error is noticed is the parser's
business), the field path (empty for the file as a whole) and words of the problem's kind. Every
case is one problem line naming that position within two seconds: no hang, no traceback, and a
sheet with problems is never served.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from bot.check import check_sheet
from bot.settings import SettingsError, load_settings

HERE = Path(__file__).resolve().parent
SHEETS = sorted((HERE / "sheets").glob("*.yaml"))
SETTINGS = sorted((HERE / "settings").glob("*.yaml"))
_EXPECT = re.compile(r"# expect: (\d+):(\d+|\?) (\S*) \| (.+)")


def _expected(path: Path) -> tuple[int, int | None, str, str]:
    match = _EXPECT.fullmatch(path.read_text(encoding="utf-8").split("\n", 1)[0])
    assert match, f"{path.name} has no expectation line"
    line, column, field, words = match.groups()
    return int(line), None if column == "?" else int(column), field, words


def test_there_are_thirty_cases_or_more_of_each():
    assert len(SHEETS) >= 30 and len(SETTINGS) >= 30


@pytest.mark.parametrize("path", SHEETS, ids=[p.stem for p in SHEETS])
def test_malformed_sheet_is_refused_with_its_line(path: Path):
    line, column, field, words = _expected(path)
    start = time.perf_counter()
    checked = check_sheet(path, display=path.name)
    assert time.perf_counter() - start < 2
    assert checked.sheet is None and not checked.ok
    found = [(p.line, p.column, p.field) for p in checked.problems if words in p.message]
    assert found, [str(p) for p in checked.problems]
    assert (line, field) in [(f[0], f[2]) for f in found], [str(p) for p in checked.problems]
    if column is not None:
        assert (line, column, field) in found, [str(p) for p in checked.problems]


@pytest.mark.parametrize("path", SETTINGS, ids=[p.stem for p in SETTINGS])
def test_malformed_settings_are_refused_with_their_line(path: Path):
    line, column, field, words = _expected(path)
    start = time.perf_counter()
    with pytest.raises(SettingsError) as raised:
        load_settings(path, environ={})
    assert time.perf_counter() - start < 2
    lines = str(raised.value).splitlines()
    where = f"{path}:{line}:{column if column is not None else ''}"
    named = f" {field}: " if field else " "
    assert any(entry.startswith(where) and named in entry and words in entry for entry in lines), (
        lines
    )
    assert all(len(entry) < 400 for entry in lines)  # a huge value is never printed whole
