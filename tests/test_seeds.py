"""The seed articles are the evidence: they must stay byte for byte what was curated."""

import hashlib

from project_paths import ROOT

SEED_SHA256 = {
    "000_35ef01c7a20d5c55.txt": "72402f7640dbe325ccd3f288809029bcbcf35581e48799278a6d9889187f30e5",
    "001_70af4a3a957c6c6c.txt": "8c50a0c5b92933ef37305436b872eefacf18b551fe2a4a3daa44ec159319ac62",
    "002_fa5a53ae20c3bd71.txt": "eb94c2aed32c2724190779f38a1e8d730eea8f3f04384cb03ac8c25698c65c1b",
    "003_d3f909066d885c5c.txt": "251773c32580d297299eb317c22d34e6f0312421a52470c2bd7fe7f5b4bdf97a",
    "004_f1e6a0b4724ade92.txt": "beef2735b24352cafdafb7f85499f3ded9672211e0cddd957131cc8f3151d4b9",
}


def test_seed_files_are_unchanged():
    """Every seed article hashes to the SHA-256 it had when the fact sheet was curated."""
    seeds = ROOT / "seeds"
    found = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in seeds.glob("*.txt")
    }
    assert found == SEED_SHA256
