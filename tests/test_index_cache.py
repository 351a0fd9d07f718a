"""`bot.index_cache`: the index of an unchanged checked sheet is restored, not built again, and
answers exactly as a freshly built one; anything amiss with the file means building it again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from benchmarks.generate import QUERY_KINDS, generate
from oracle import Oracle
from project_paths import ROOT

import bot.index_cache
from bot.check import check_sheet
from bot.index_cache import index_for
from bot.ranking import Ranker
from bot.search import Index
from bot.settings import load_settings
from bot.sheet import PartialDate
from bot.sheet.cache import cache_dir

QUESTIONS = [
    "no limits", "no limts", "nolimits", "special militray operation", "soverignty",
    "territorial integrity", "ceasfire", "Samarkend", "Wang Yi Moscow", "xi putin phone",
    "when did Russia start the invasion", "Kallas Wang Brussels meeting", "Biden visited Kyiv",
    "Mao Nign", "Kuléba", "February 24", "2022", "zzzzqqq", "",
]  # fmt: skip
RANGES = [(None, None), (PartialDate.parse("2025"), None), (None, PartialDate.parse("2022-03"))]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("FACTBOT_NO_CACHE", raising=False)
    directory = cache_dir()
    assert directory is not None
    return directory


@pytest.fixture
def sheet(tmp_path: Path, cache: Path) -> Path:
    """The bundled sheet and its articles, laid out as in the repository, in a folder of this
    test's own."""
    project = tmp_path / "project"
    (project / "config").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "factsheet.yaml", project / "config" / "factsheet.yaml")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    return project / "config" / "factsheet.yaml"


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Ranker]:
    """Every ranker built from now on (a restored one is not built)."""
    built: list[Ranker] = []
    real = Ranker.__init__

    def counting(ranker: Ranker, *args: Any) -> None:
        built.append(ranker)
        real(ranker, *args)

    monkeypatch.setattr(Ranker, "__init__", counting)
    return built


def _load(path: Path) -> Index:
    """What `factbot` and the Discord bot do: check the sheet, then get its index."""
    return index_for(check_sheet(path), load_settings(environ={}).matching)


def _same_answers(restored: Index, built: Index, questions: list[str]) -> None:
    for q in questions:
        for events, quotes in ((True, True), (False, True), (True, False)):
            for since, until in RANGES:
                kw: dict[str, Any] = dict(events=events, quotes=quotes, since=since, until=until)
                assert restored.search(q, **kw) == built.search(q, **kw), (q, kw)
        assert restored.find_people(q) == built.find_people(q), q


def _same_state(restored: Index, built: Index) -> None:
    """Every array and every table of the two indexes is equal, type and all."""
    mine, theirs = restored.state(), built.state()
    assert mine.keys() == theirs.keys()
    for part, values in mine.items():
        assert values.keys() == theirs[part].keys(), part
        for name, value in values.items():
            want = theirs[part][name]
            if isinstance(want, np.ndarray):
                assert value.dtype == want.dtype and np.array_equal(value, want), (part, name)
            else:
                assert value == want, (part, name)


def test_the_bundled_sheet_index_is_restored_and_answers_as_built(sheet: Path, builds: list):
    """The second load restores the index (no ranker built) and it answers every question,
    typos, names and date ranges included, exactly as a freshly built index and the reference
    that scores every entry."""
    first = _load(sheet)
    assert len(builds) == 2  # events and quotes, built once
    builds.clear()
    restored = _load(sheet)
    assert builds == []
    assert restored.search("no limts").hits and restored.find_people("Mao Nign")
    _same_state(restored, first)
    built = Index(restored.sheet, restored.settings)
    _same_answers(restored, built, QUESTIONS)
    oracle = Oracle(restored)
    for q in QUESTIONS:
        assert restored.search(q) == oracle.search(q), q


def test_a_generated_sheet_index_is_restored_and_answers_as_built(
    tmp_path: Path, cache: Path, builds: list
):
    """On 1,500 generated facts too: every query kind, clean and with a typo, gets what a
    freshly built index gives, and what the reference gives."""
    made = generate(tmp_path / "generated", 1_500)
    _load(made.sheet)
    builds.clear()
    restored = _load(made.sheet)
    assert builds == []
    built = Index(restored.sheet, restored.settings)
    _same_state(restored, built)
    questions = [q for kind in QUERY_KINDS for q in made.queries[kind][:8]]
    _same_answers(restored, built, questions)
    oracle = Oracle(restored)
    for q in questions:
        assert restored.search(q) == oracle.search(q), q


def _damage(file: Path, how: str, patch: pytest.MonkeyPatch, other: Path) -> None:
    if how == "truncated":
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    elif how == "a byte changed":
        data = bytearray(file.read_bytes())
        data[-1000] ^= 0x01  # in the arrays: only the checksum can tell
        file.write_bytes(bytes(data))
    elif how == "foreign":
        file.write_bytes(b"\x00not a cached index")
    elif how == "filed under another key":
        shutil.copy(other, file)
    elif how == "writable by the group":
        file.chmod(0o660)
    elif how == "another owner's":
        uid = os.getuid()
        patch.setattr(os, "getuid", lambda: uid + 1)
    elif how == "built by other code":
        patch.setattr(bot.index_cache, "index_fingerprint", lambda: "other ranking code")
    else:
        raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "truncated",
        "a byte changed",
        "foreign",
        "filed under another key",
        "writable by the group",
        "another owner's",
        "built by other code",
    ],
)
def test_a_cached_index_amiss_is_built_again(
    tmp_path: Path,
    sheet: Path,
    cache: Path,
    builds: list,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
):
    """A damaged, foreign or out-of-date index file is a miss: the index is built again, answers
    as built, and is filed anew (the next load restores it)."""
    _load(sheet)
    (filed,) = cache.glob("*.index")
    # The same sheet in another folder: the same index, filed under another key (the sheet's
    # path is part of it).
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(sheet.parent.parent, elsewhere)
    _load(elsewhere / "config" / "factsheet.yaml")
    (other,) = set(cache.glob("*.index")) - {filed}
    builds.clear()
    _load(sheet)
    assert builds == []  # as filed, it is restored
    with monkeypatch.context() as patch:
        _damage(filed, how, patch, other)
        index = _load(sheet)
        assert len(builds) == 2
    _same_answers(index, Index(index.sheet, index.settings), QUESTIONS[:6])
    builds.clear()
    _load(sheet)
    assert builds == []


def _amiss(state: dict[str, Any], how: str) -> dict[str, Any]:
    """A copy of an index's state with one part changed (the index's own tables untouched)."""
    vocabulary, days = dict(state["vocabulary"]), dict(state["days"])
    if how == "letter masks cut short":
        vocabulary["masks"] = vocabulary["masks"][:-1]
    elif how == "words not sorted by length":
        vocabulary["by_letter"] = {
            letter: sorted(written, key=len, reverse=True)
            for letter, written in vocabulary["by_letter"].items()
        }
    elif how == "days cut short":
        days["first"] = days["first"][:-1]
    elif how == "days of another type":
        days["last"] = days["last"].astype(np.float64)
    else:
        raise AssertionError(how)
    return {**state, "vocabulary": vocabulary, "days": days}


@pytest.mark.parametrize(
    "how",
    [
        "letter masks cut short",
        "words not sorted by length",
        "days cut short",
        "days of another type",
    ],
)
def test_a_saved_state_that_does_not_fit_is_refused(sheet: Path, how: str):
    """Restoring checks what building would have made: the words of each letter in order of
    length with a letter mask each, and every entry's first and last day, as day numbers."""
    index = _load(sheet)
    assert Index(index.sheet, index.settings, saved=index.state()).search("no limts").hits
    with pytest.raises(ValueError):
        Index(index.sheet, index.settings, saved=_amiss(index.state(), how))


def test_the_cache_can_be_turned_off(sheet: Path, cache: Path, builds: list, monkeypatch):
    """`FACTBOT_NO_CACHE=1` builds the index even when a filed one would fit, and files none."""
    checked = check_sheet(sheet)
    index_for(checked)
    filed = sorted(cache.glob("*.index"))
    assert len(filed) == 1
    builds.clear()
    monkeypatch.setenv("FACTBOT_NO_CACHE", "1")
    index_for(checked)
    assert len(builds) == 2
    for path in filed:
        path.unlink()
    _load(sheet)
    assert not list(cache.glob("*.index"))


def test_a_sheet_with_drafts_gets_no_filed_index(sheet: Path, cache: Path, builds: list):
    """A sheet with drafts has no key (it is not filed either): its index is built each time,
    and never filed; the drafts are not served."""
    assert _load(sheet).find_people("Mao Ning")
    assert len(list(cache.glob("*.index"))) == 1
    text = sheet.read_text(encoding="utf-8")
    draft = "  - id: eve-ford\n    name: Eve Ford\n    role: Envoy\n    review: draft\n"
    sheet.write_text(text.replace("\npeople:\n", "\npeople:\n" + draft, 1), encoding="utf-8")
    checked = check_sheet(sheet)
    assert checked.ok and [d.id for d in checked.drafts] == ["eve-ford"]
    assert checked.key is None
    builds.clear()
    index = index_for(checked)
    assert len(builds) == 2 and not index.find_people("Eve Ford")
    assert len(list(cache.glob("*.index"))) == 1


def test_only_the_latest_indexes_are_kept(sheet: Path, cache: Path):
    """Every version of a sheet files its own index; the newest few stay, like sheets."""
    from bot.sheet.cache import KEEP

    text = sheet.read_text(encoding="utf-8")
    for n in range(KEEP + 2):
        sheet.write_text(text.replace("topic:", f"# version {n}\ntopic:", 1), encoding="utf-8")
        _load(sheet)
    assert len(list(cache.glob("*.index"))) == KEEP
    assert len(list(cache.glob("*.sheet"))) == KEEP
