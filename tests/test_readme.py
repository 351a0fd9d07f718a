"""The README's two commands are the contract: CI must run exactly the test command."""

from __future__ import annotations

import re
import tomllib

from project_paths import ROOT

MAIN_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -q -r requirements.lock"
    " && .venv/bin/pip install -q --no-deps -e . && .venv/bin/factbot ask '!quote Mao Ning'"
    " && .venv/bin/factbot console"
)
TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -q -r requirements-test.lock"
    " && .venv/bin/pip install -q --no-deps -e . && .venv/bin/python -m pytest"
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


def _locked_names(lock: str) -> set[str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    names = re.findall(r"^([A-Za-z0-9._-]+)==\S+", text, re.M)
    return {re.sub(r"[-_.]+", "-", name).lower() for name in names}


def _declared_names(extra: str | None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return {re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", s)[0]).lower() for s in specs}


def test_lock_files_pin_every_declared_dependency_with_hashes():
    """A dependency added to pyproject.toml without refreshing the lock files fails here."""
    assert _declared_names(None) <= _locked_names("requirements.lock")
    assert _declared_names("test") <= _locked_names("requirements-test.lock")
    for lock in ("requirements.lock", "requirements-test.lock"):
        pins = re.findall(
            r"^[A-Za-z0-9._-]+==\S+(?: ;[^\\\n]*)? \\\n\s+--hash=sha256:",
            (ROOT / lock).read_text(),
            re.M,
        )
        every = re.findall(r"^[A-Za-z0-9._-]+==", (ROOT / lock).read_text(), re.M)
        assert len(pins) == len(every), f"{lock}: a pin without its hash"
