"""The exit codes of `factbot`, defined once for the command line and the Discord start-up."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    SHEET = 1  # the fact sheet has problems
    USAGE = 2  # wrong usage, bad settings, no token, or Discord refused the start-up
