"""Where the project's files are, for tests in any folder (a plain module, not a conftest)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEET = ROOT / "config" / "factsheet.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
