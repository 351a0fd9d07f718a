"""`factbot add`: copy a new article into the seeds folder and draft its entries into the sheet.

All or nothing: the article is copied (never over an existing file), its hash recorded in
`SHA256SUMS`, and the sheet rewritten with the drafted entries only if the result passes
`factbot check`; otherwise everything is put back as it was. The drafting itself is pure
(`bot.drafting`); this module does the files.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .check import check_sheet
from .drafting import ArticleInfo, Draft, draft_article, insert_draft
from .drafting.emit import InsertError
from .manifest import MANIFEST_NAME, parse_manifest, sha256_hex
from .manifest import manifest_text as render_manifest
from .search import Index
from .sheet import PartialDate, Problem, parse_sheet, read_error_text


class AddError(Exception):
    """Why the article was not added: one line for the user (`problems` from the check, if any)."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class Added:
    article: Path
    manifest: Path
    draft: Draft


def add_article(
    sheet_path: Path,
    article_path: Path,
    *,
    outlet: str,
    published: PartialDate,
    url: str | None = None,
    title: str | None = None,
    display: str | None = None,
) -> Added:
    """Copy, record, draft and write; raises `AddError` and leaves every file as it was."""
    name = article_path.name
    if name.startswith(".") or not re.fullmatch(r"[^\x00-\x1f\x7f\\]+", name):
        # The name goes into the manifest, one line per file, and into the sheet.
        raise AddError(f"{name!r} is not a plain file name; rename the article")
    try:
        data = article_path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise AddError(
            f"cannot read {article_path} as UTF-8 text: {read_error_text(err)}"
        ) from None
    if not text.strip():
        raise AddError(f"{article_path} is empty")
    if not outlet.strip():
        raise AddError("--outlet: give the outlet's name")
    checked = check_sheet(sheet_path, display=display)
    if not checked.ok:
        raise AddError("the sheet has problems; fix them first", checked.problems)
    parsed = parse_sheet(sheet_path, display=display)
    sheet = parsed.sheet
    assert sheet is not None
    for source in sheet.sources:
        if source.file == name:
            raise AddError(f"{name} is already in the sheet as source '{source.id}'")
    seeds = sheet.seeds_dir
    target = seeds / name
    if target.exists():
        raise AddError(f"a file named {name} is already in the seeds folder; rename the article")
    taken = {
        entry.id
        for section in (sheet.sources, sheet.people, sheet.quotes, sheet.events)
        for entry in section
    }
    info = ArticleInfo(file=name, outlet=outlet.strip(), published=published, url=url, title=title)
    draft = draft_article(text, info, sheet.people, taken, timeline=Index(sheet))
    sheet_text = sheet_path.read_text(encoding="utf-8")
    try:
        new_text = insert_draft(
            sheet_text,
            draft,
            note=f"drafted by factbot add from {name}: check each entry against the article, "
            "then delete its review line",
        )
    except InsertError as err:
        raise AddError(str(err)) from None

    manifest_path = seeds / MANIFEST_NAME
    old_manifest = manifest_path.read_text(encoding="utf-8") if manifest_path.exists() else None
    hashes = dict(parse_manifest(old_manifest or "").hashes)
    hashes[name] = sha256_hex(data)
    trial = sheet_path.with_name(f".{sheet_path.name}.adding")
    with open(target, "xb") as out:  # never over a file that appeared meanwhile
        out.write(data)
    try:
        _write(manifest_path, render_manifest(hashes))
        trial.write_text(new_text, encoding="utf-8")
        result = check_sheet(trial, display=display)
        if not result.ok:
            raise AddError("the drafted sheet does not pass the check", result.problems)
        os.replace(trial, sheet_path)
    except BaseException:
        target.unlink()
        if old_manifest is None:
            manifest_path.unlink(missing_ok=True)
        else:
            _write(manifest_path, old_manifest)
        with contextlib.suppress(OSError):
            trial.unlink()
        raise
    return Added(target, manifest_path, draft)


def _write(path: Path, text: str) -> None:
    """Write through a temporary file, so a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
