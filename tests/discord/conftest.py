"""SimCord fixtures for the Discord tests; they live in `simworld`, shared with tests/hostile."""

from simworld import sheet_copy, simcord_bot, world

__all__ = ["sheet_copy", "simcord_bot", "world"]
