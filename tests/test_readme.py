"""The README's two commands are the contract: CI must run exactly the test command."""

from __future__ import annotations

import re

from project_paths import ROOT

MAIN_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/factbot ask '!quote Mao Ning' && .venv/bin/factbot console"
TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest"
)


def _shell_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", readme, re.S)]


def test_readme_gives_the_two_commands_first():
    """The first two shell blocks are the run command and the test command, in that order."""
    assert _shell_blocks()[:2] == [MAIN_COMMAND, TEST_COMMAND]


def test_ci_runs_the_readme_test_command_and_refuses_no_tests():
    """`.ci/run` runs the README's test command verbatim and fails on pytest's exit code 5."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in ci.splitlines()
    assert "-eq 5 ]" in ci and "exit 1" in ci


def test_console_script_is_declared():
    """The `factbot` command the README uses is the package's console script."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'factbot = "bot.cli:main"' in pyproject
