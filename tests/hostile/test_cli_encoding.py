"""The command line with bytes that are not UTF-8: valid UTF-8 out, no traceback, no lost line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from project_paths import ROOT


def factbot(*args: bytes, stdin: bytes = b"", **env: str) -> subprocess.CompletedProcess[bytes]:
    """`python -m bot` with raw bytes for arguments and input, as a shell would pass them."""
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"bot", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("io_encoding", ["", "utf-8:strict"])
def test_ask_json_with_a_byte_that_is_not_utf8_prints_valid_json(io_encoding: str):
    """`factbot ask --json $'!quote \\xff'`: UTF-8 JSON whose query shows U+FFFD, exit 0."""
    done = factbot(b"ask", b"--json", b"!quote \xff", PYTHONIOENCODING=io_encoding)

    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    answer = json.loads(done.stdout.decode("utf-8"))  # strict: raises on a raw 0xFF
    assert answer["query"] == "\ufffd"


def test_ask_text_with_a_byte_that_is_not_utf8_is_valid_utf8():
    """The text answer is valid UTF-8 too."""
    done = factbot(b"ask", b"!when \xfe\xff limits", PYTHONIOENCODING="utf-8:strict")

    assert done.returncode == 0, done.stderr
    done.stdout.decode("utf-8")


@pytest.mark.parametrize("io_encoding", ["", "utf-8:strict"])
def test_console_survives_a_line_that_is_not_utf8_and_answers_the_next(io_encoding: str):
    """A bad line gets an answer (or a no-match); the next line is still answered."""
    done = factbot(
        b"console",
        b"--json",
        stdin=b"!quote \xff\xfe\n!quote Mao Ning\n",
        PYTHONIOENCODING=io_encoding,
    )

    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    documents = done.stdout.decode("utf-8").replace("}\n{", "}\x00{").split("\x00")
    answers = [json.loads(document) for document in documents]
    assert [a["query"] for a in answers] == ["\ufffd\ufffd", "Mao Ning"]
    assert answers[1]["headline"] == "2 quotes from Mao Ning"
