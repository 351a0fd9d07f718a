"""Paths that are not what they seem (issue 11, item 2 and the links of item 3): each ends in
one line and an exit code, never a traceback or a wait."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from project_paths import FIXTURES

from bot.check import check_sheet
from bot.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    start = time.perf_counter()
    code = main(list(argv))
    assert time.perf_counter() - start < 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.strip().splitlines()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the valid fixture, its article, and settings pointing at it."""
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "sheet.yaml")
    (tmp_path / "bot.yaml").write_text("sheet: sheet.yaml\n", encoding="utf-8")
    return tmp_path


def test_the_copy_is_valid(project: Path, capsys):
    assert _run(capsys, "--config", str(project / "bot.yaml"), "check")[0] == 0


def test_a_nul_byte_in_the_settings_sheet_path(project: Path, capsys):
    (project / "bot.yaml").write_text('sheet: "fact\\0sheet.yaml"\n', encoding="utf-8")
    code, err = _run(capsys, "--config", str(project / "bot.yaml"), "ask", "!summary")
    assert code == 2 and len(err) == 1
    assert err[0].endswith(":1:8: sheet: expected a file path, got 'fact\\x00sheet.yaml'")


def test_a_sheet_path_that_is_a_link_to_itself(project: Path, capsys):
    (project / "loop.yaml").symlink_to(project / "loop.yaml")
    (project / "bot.yaml").write_text("sheet: loop.yaml\n", encoding="utf-8")
    for command in (["check"], ["ask", "!summary"]):
        code, err = _run(capsys, "--config", str(project / "bot.yaml"), *command)
        assert code == 1
        assert err[0].endswith(
            "loop.yaml:1:1: cannot read the file: a symbolic link that leads back to itself"
        )


def test_a_settings_file_that_is_a_link_to_itself(project: Path, capsys):
    (project / "loop.yaml").symlink_to(project / "loop.yaml")
    code, err = _run(capsys, "--config", str(project / "loop.yaml"), "check")
    assert code == 2 and len(err) == 1 and "leads back to itself" in err[0]


@pytest.mark.parametrize("kind", ["sheet", "settings"])
def test_a_fifo_is_refused_without_waiting(project: Path, capsys, kind: str):
    os.mkfifo(project / "pipe.yaml")
    if kind == "sheet":
        code, err = _run(
            capsys, "--config", str(project / "bot.yaml"), "check", str(project / "pipe.yaml")
        )
        assert code == 1
    else:
        code, err = _run(capsys, "--config", str(project / "pipe.yaml"), "check")
        assert code == 2
    assert "not a regular file" in err[0]


def test_dev_zero_as_the_sheet(project: Path, capsys):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    code, err = _run(capsys, "--config", str(project / "bot.yaml"), "check", "/dev/zero")
    assert (
        code == 1
        and err[0]
        == "/dev/zero:1:1: cannot read the file: not a regular file (a device, pipe or socket)"
    )


def test_an_article_linked_to_a_file_outside_seeds_is_refused(project: Path, tmp_path: Path):
    """The check resolves the link: the words of a file elsewhere are not an article."""
    outside = tmp_path / "elsewhere.txt"
    shutil.move(project / "seeds" / "article.txt", outside)
    (project / "seeds" / "article.txt").symlink_to(outside)
    checked = check_sheet(project / "sheet.yaml", display="sheet.yaml")
    assert [str(p) for p in checked.problems] == [
        "sheet.yaml:8:11: sources[0].file: article.txt links to a file outside the seeds folder"
    ]


def test_an_article_linked_inside_seeds_is_read(project: Path):
    seeds = project / "seeds"
    (seeds / "article.txt").rename(seeds / "real.txt")
    (seeds / "article.txt").symlink_to(seeds / "real.txt")
    assert check_sheet(project / "sheet.yaml").ok


def test_today_is_the_last_date_a_sheet_may_hold(project: Path):
    import datetime as dt

    # ("2025-07" may be July 1st to 3rd: a date at month precision is after today only when
    # its whole month is.)
    checked = check_sheet(project / "sheet.yaml", today=dt.date(2025, 7, 3))
    assert [(p.field, p.message) for p in checked.problems] == [
        ("sources[0].published", "2025-07-05 is after today (2025-07-03)"),
        ("quotes[0].date", "2025-07-04 is after today (2025-07-03)"),
        ("events[0].date", "2025-07-04 is after today (2025-07-03)"),
    ]


def test_a_speaker_basis_lets_a_speaker_named_elsewhere_pass(project: Path):
    text = (project / "sheet.yaml").read_text(encoding="utf-8")
    swapped = text.replace("    speaker: ana-bell\n", "    speaker: carl-dunn\n", 1)
    (project / "sheet.yaml").write_text(swapped, encoding="utf-8")
    assert [p.field for p in check_sheet(project / "sheet.yaml").problems] == ["quotes[0].speaker"]
    with_basis = swapped.replace(
        '    context: "At a press briefing."\n',
        '    context: "At a press briefing."\n    speaker_basis: "the ministry named him later"\n',
    )
    (project / "sheet.yaml").write_text(with_basis, encoding="utf-8")
    assert check_sheet(project / "sheet.yaml").ok
