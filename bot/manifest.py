"""The seeds folder's hash manifest, `SHA256SUMS`: the SHA-256 of every article, as added.

One `HASH  FILE` line per article, sorted by file name: the format of `sha256sum`, so
`sha256sum -c SHA256SUMS` in the seeds folder verifies it too. `factbot add` writes it,
`factbot check` compares every source's file with it, and the tests read it; nobody edits code
to add an article. Pure functions over text and bytes: reading and writing files is the caller's.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

MANIFEST_NAME = "SHA256SUMS"

# `sha256sum` writes two spaces, or a space and `*` for binary mode; both are read.
_LINE = re.compile(r"^([0-9a-f]{64}) [ *](\S(?:.*\S)?)$")


@dataclass(frozen=True)
class Manifest:
    """File name -> SHA-256 (hex), and the lines that could not be read as `HASH  FILE`."""

    hashes: Mapping[str, str]
    bad_lines: tuple[int, ...] = ()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_manifest(text: str) -> Manifest:
    """Read a manifest's text; blank lines and `#` comments are skipped."""
    hashes: dict[str, str] = {}
    bad: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _LINE.match(stripped)
        if match is None or match.group(2) in hashes:
            bad.append(number)
            continue
        hashes[match.group(2)] = match.group(1)
    return Manifest(hashes, tuple(bad))


def manifest_text(hashes: Mapping[str, str]) -> str:
    """The manifest for `hashes`, one line per file in name order."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(hashes.items()))
