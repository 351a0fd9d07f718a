"""`bot.sheet.files`: only regular files are read, within a size limit, whatever the path is."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bot.sheet import FileProblem, read_regular_file


def test_a_regular_file_is_read(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(b"words")
    assert read_regular_file(tmp_path / "a.txt", limit=5) == b"words"


def test_a_file_over_the_limit_is_refused(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(FileProblem, match="larger than the limit"):
        read_regular_file(tmp_path / "a.txt", limit=2 * 1024 * 1024)


def test_a_fifo_is_refused_without_waiting(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe")
    start = time.perf_counter()
    with pytest.raises(FileProblem, match="not a regular file"):
        read_regular_file(tmp_path / "pipe", limit=100)
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device: str):
    if not Path(device).exists():
        pytest.skip(f"{device} is not on this system")
    with pytest.raises(FileProblem, match="not a regular file"):
        read_regular_file(Path(device), limit=100)


def test_a_folder_a_link_loop_a_nul_byte_and_a_missing_file_are_refused(tmp_path: Path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    cases = {
        tmp_path: "a folder",
        tmp_path / "loop": "leads back to itself",
        Path(str(tmp_path / "a") + "\x00b"): "NUL byte",
        tmp_path / "nope": "file not found",
    }
    for path, expected in cases.items():
        with pytest.raises(FileProblem, match=expected):
            read_regular_file(path, limit=100)


def test_a_file_longer_than_it_said_is_read_whole_or_refused(tmp_path: Path, monkeypatch):
    """A file is read in the size it says it has; one that grew since (here: says 10 bytes,
    holds 100 000) is still read to its end, and refused once it passes the limit."""
    (tmp_path / "a.txt").write_bytes(b"x" * 100_000)
    real = os.fstat

    def said_less(fd: int) -> os.stat_result:
        told = list(real(fd))
        told[6] = 10  # st_size
        return os.stat_result(told)

    monkeypatch.setattr(os, "fstat", said_less)
    assert read_regular_file(tmp_path / "a.txt", limit=200_000) == b"x" * 100_000
    assert read_regular_file(tmp_path / "a.txt", limit=100_000) == b"x" * 100_000
    with pytest.raises(FileProblem):
        read_regular_file(tmp_path / "a.txt", limit=99_999)
