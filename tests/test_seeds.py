"""The seed articles are the evidence: they must stay byte for byte what was curated.

Their hashes live in `seeds/SHA256SUMS`, written by `factbot add`: adding an article never
means editing this file.
"""

import hashlib

from project_paths import ROOT

from bot.manifest import MANIFEST_NAME, parse_manifest

SEEDS = ROOT / "seeds"


def test_seed_files_are_unchanged():
    """Every seed article hashes to the SHA-256 the manifest recorded when it was added."""
    manifest = parse_manifest((SEEDS / MANIFEST_NAME).read_text(encoding="utf-8"))
    found = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in SEEDS.glob("*.txt")
    }
    assert manifest.bad_lines == ()
    assert found == dict(manifest.hashes)
    assert len(found) >= 5
