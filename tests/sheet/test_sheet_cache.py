"""`bot.sheet.cache`: a sheet that passed is loaded from the cache until a byte of it changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest
from project_paths import FIXTURES, SHEET

import bot.check
import bot.sheet.cache
from bot.check import check_sheet
from bot.sheet import Event, Person, Quote, Source
from bot.sheet.cache import cache_dir, sheet_key


@pytest.fixture
def sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The valid fixture in a folder of its own, with a cache folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "sheet.yaml")
    return tmp_path / "sheet.yaml"


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every full read of a sheet from now on."""
    calls: list[Path] = []
    real = bot.check.parse_sheet

    def counting(path: Path, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(bot.check, "parse_sheet", counting)
    return calls


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the name of every file a load from the cache reads (to hash it) from now on."""
    names: list[str] = []
    real = bot.sheet.cache.read_regular_file

    def counting(path: Path, *, limit: int) -> bytes:
        names.append(path.name)
        return real(path, limit=limit)

    monkeypatch.setattr(bot.sheet.cache, "read_regular_file", counting)
    return names


def _settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled however recently they changed, as on a file system whose clock
    ticks at once: no file is racily clean (see `bot.sheet.cache`)."""
    monkeypatch.setattr(bot.sheet.cache, "RACILY_CLEAN_NS", 0)


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    _settle(monkeypatch)


def _edit_keeping_size_and_times(file: Path, old: str, new: str) -> None:
    """Change the file's words, then set its access and modification times back, as a careless
    tool (or `touch -r`) might: only its change time shows the edit."""
    assert len(old.encode()) == len(new.encode())
    before = file.stat()
    time.sleep(0.02)  # past a tick of the file system's clock
    file.write_bytes(file.read_bytes().replace(old.encode(), new.encode()))
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = file.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert after.st_ctime_ns != before.st_ctime_ns


def test_a_checked_sheet_comes_from_the_cache_the_second_time(sheet: Path, monkeypatch):
    first = check_sheet(sheet)
    assert first.ok
    parses = _parses(monkeypatch)
    again = check_sheet(sheet)
    assert parses == []
    assert again.ok and again.sheet == first.sheet
    directory = cache_dir()
    assert directory is not None and directory.stat().st_mode & 0o777 == 0o700


def test_a_filed_sheet_carries_its_key_and_no_other_does(sheet: Path):
    """The key a checked sheet is filed under comes with it, checked or from the cache (what is
    built from the sheet alone may be filed under it); a sheet not filed has none."""
    first = check_sheet(sheet)
    again = check_sheet(sheet)
    assert first.key is not None and again.key == first.key
    assert first.key == sheet_key(sheet, sheet.read_bytes())
    assert check_sheet(sheet, today=dt.date.today()).key is None  # not filed: checked for a day
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace('date: "2025-07"', 'date: "2025-13"')
    )
    assert check_sheet(sheet).key is None


@pytest.mark.parametrize("racily_clean", [True, False])
def test_a_changed_article_is_a_miss_and_its_problem_is_reported(
    sheet: Path, monkeypatch, racily_clean: bool
):
    """Hashed on load because it changed just before the check, or because its status
    changed."""
    if not racily_clean:
        _settle(monkeypatch)
    assert check_sheet(sheet).ok
    article = sheet.parent / "seeds" / "article.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Talks, not tanks", "Talks, not tankers"),
        encoding="utf-8",
    )
    parses = _parses(monkeypatch)
    checked = check_sheet(sheet)
    assert parses == [sheet]
    # The article no longer matches its recorded hash, and the quote is no longer in it.
    assert [p.field for p in checked.problems] == ["sources[0].file", "quotes[0].text"]


@pytest.mark.parametrize("racily_clean", [True, False])
def test_a_changed_manifest_is_a_miss_and_its_problem_is_reported(
    sheet: Path, monkeypatch, racily_clean: bool
):
    if not racily_clean:
        _settle(monkeypatch)
    assert check_sheet(sheet).ok
    manifest = sheet.parent / "seeds" / "SHA256SUMS"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(line for line in lines if "article.txt" not in line))
    parses = _parses(monkeypatch)
    checked = check_sheet(sheet)
    assert parses == [sheet]
    assert [p.field for p in checked.problems] == ["sources[0].file"]


def test_unchanged_articles_are_not_read_again(sheet: Path, monkeypatch, settled):
    """Their status as filed, unchanged, is enough: a load from the cache reads no article and
    not `SHA256SUMS`."""
    first = check_sheet(sheet)
    parses, reads = _parses(monkeypatch), _reads(monkeypatch)
    again = check_sheet(sheet)
    assert parses == [] and reads == []
    assert again.ok and again.sheet == first.sheet


def test_racily_clean_files_are_hashed_on_every_load(sheet: Path, monkeypatch):
    """The fixture's files were copied just before the check: a second change within the same
    tick of the clock would leave their status as it was, so they are read and hashed."""
    assert check_sheet(sheet).ok
    parses, reads = _parses(monkeypatch), _reads(monkeypatch)
    assert check_sheet(sheet).ok and check_sheet(sheet).ok
    assert parses == []
    assert sorted(reads) == sorted(["article.txt", "SHA256SUMS"] * 2)


@pytest.mark.parametrize(
    ("name", "old", "new", "problems"),
    [
        (
            "article.txt",
            "Talks, not tanks",
            "Talks, not banks",
            ["sources[0].file", "quotes[0].text"],
        ),
        ("SHA256SUMS", "a8bb9b05", "00000000", ["sources[0].file"]),
    ],
)
def test_an_edit_that_keeps_size_and_modification_time_is_noticed(
    sheet: Path, monkeypatch, settled, name: str, old: str, new: str, problems: list[str]
):
    """The article, or `SHA256SUMS`: only its change time shows the edit, and that is enough."""
    assert check_sheet(sheet).ok
    _edit_keeping_size_and_times(sheet.parent / "seeds" / name, old, new)
    parses = _parses(monkeypatch)
    checked = check_sheet(sheet)
    assert parses == [sheet]
    assert [p.field for p in checked.problems] == problems


def test_an_article_replaced_by_a_link_elsewhere_is_a_miss(sheet: Path, monkeypatch, settled):
    """A link to a copy outside the seeds folder: the same bytes, another place."""
    assert check_sheet(sheet).ok
    article = sheet.parent / "seeds" / "article.txt"
    outside = sheet.parent / "elsewhere.txt"
    shutil.copy2(article, outside)
    article.unlink()
    article.symlink_to(outside)
    parses = _parses(monkeypatch)
    checked = check_sheet(sheet)
    assert parses == [sheet]
    assert [p.field for p in checked.problems] == ["sources[0].file"]


def test_every_entry_comes_back_from_the_cache_as_it_was_filed(tmp_path: Path, monkeypatch):
    """The bundled sheet, whose entries set every field somewhere: each entry loaded from the
    cache is of its class, equal field by field, hashes and prints the same, and is frozen."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    filed = check_sheet(SHEET).sheet
    parses = _parses(monkeypatch)
    loaded = check_sheet(SHEET).sheet
    assert parses == [] and filed is not None and loaded is not None
    assert loaded == filed
    for cls, section in (
        (Source, "sources"),
        (Person, "people"),
        (Quote, "quotes"),
        (Event, "events"),
    ):
        before, after = getattr(filed, section), getattr(loaded, section)
        assert len(after) == len(before)
        for old, new in zip(before, after, strict=True):
            assert type(new) is cls
            assert dataclasses.astuple(new) == dataclasses.astuple(old)
            assert (new, hash(new), repr(new)) == (old, hash(old), repr(old))
            with pytest.raises(dataclasses.FrozenInstanceError):
                new.id = "changed"
        for field in dataclasses.fields(cls):
            if field.name != "review":  # a sheet with drafts is never filed
                values = {getattr(entry, field.name) for entry in after}
                assert values - {field.default}, f"no {section} entry sets {field.name}"


def test_a_sheet_with_drafts_is_not_cached_and_lists_them_each_time(sheet: Path, monkeypatch):
    text = sheet.read_text(encoding="utf-8")
    draft = "  - id: eve-ford\n    name: Eve Ford\n    role: Envoy\n    review: draft\n"
    sheet.write_text(text.replace("\nquotes:\n", "\n" + draft + "quotes:\n", 1))
    first = check_sheet(sheet)
    assert first.ok and [d.id for d in first.drafts] == ["eve-ford"]
    parses = _parses(monkeypatch)
    again = check_sheet(sheet)
    assert parses == [sheet]
    assert again.ok and [d.id for d in again.drafts] == ["eve-ford"]
    assert again.sheet is not None and "eve-ford" not in {p.id for p in again.sheet.people}


def test_a_changed_sheet_is_a_miss(sheet: Path, monkeypatch):
    assert check_sheet(sheet).ok
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace("A test topic", "Another topic"), encoding="utf-8"
    )
    parses = _parses(monkeypatch)
    checked = check_sheet(sheet)
    assert (
        parses == [sheet] and checked.sheet is not None and checked.sheet.topic == "Another topic"
    )


def test_a_sheet_with_problems_is_never_cached(sheet: Path, monkeypatch):
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace('date: "2025-07"', 'date: "2025-13"'),
        encoding="utf-8",
    )
    assert not check_sheet(sheet).ok
    directory = cache_dir()
    assert directory is None or not any(directory.glob("*.sheet"))


@pytest.mark.parametrize("damage", ["truncated", "foreign", "writable by others"])
def test_a_damaged_or_foreign_cache_file_is_ignored(sheet: Path, monkeypatch, damage: str):
    first = check_sheet(sheet)
    directory = cache_dir()
    assert directory is not None
    (cached,) = directory.glob("*.sheet")
    if damage == "truncated":
        cached.write_bytes(cached.read_bytes()[:50])
    elif damage == "foreign":
        cached.write_bytes(b"\x00not a cached sheet")
    else:
        cached.chmod(0o666)
    parses = _parses(monkeypatch)
    checked = check_sheet(sheet)
    assert parses == [sheet]
    assert checked.ok and checked.sheet == first.sheet


def test_the_cache_can_be_turned_off(sheet: Path, monkeypatch):
    monkeypatch.setenv("FACTBOT_NO_CACHE", "1")
    assert check_sheet(sheet).ok
    parses = _parses(monkeypatch)
    assert check_sheet(sheet).ok
    assert parses == [sheet]
    assert not (sheet.parent / "cache").exists()


def test_only_the_latest_sheets_are_kept(sheet: Path, monkeypatch):
    """Every edit files a new sheet; the cache keeps the most recent few, not every version."""
    from bot.sheet.cache import KEEP

    text = sheet.read_text(encoding="utf-8")
    for n in range(KEEP + 2):
        sheet.write_text(text.replace("A test topic", f"Topic {n}"), encoding="utf-8")
        assert check_sheet(sheet).ok
    directory = cache_dir()
    assert directory is not None and len(list(directory.glob("*.sheet"))) == KEEP
    parses = _parses(monkeypatch)
    assert check_sheet(sheet).ok and parses == []  # the latest is among them
