"""Drafts and the seeds manifest: `factbot check` lists drafts, the bot never serves them, and
every article must match the hash `SHA256SUMS` recorded when it was added."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from project_paths import FIXTURES

from bot.answers import answer
from bot.check import check_sheet
from bot.cli import main
from bot.manifest import MANIFEST_NAME, manifest_text, parse_manifest, sha256_hex
from bot.render import render_text
from bot.search import Index
from bot.settings import load_settings

VALID = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
DUNN_QUOTE = "  - id: dunn-long-war\n    speaker: carl-dunn\n"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    return tmp_path


def _write(workdir: Path, text: str) -> Path:
    path = workdir / "sheet.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _mark(text: str, anchor: str, review: str = "draft") -> str:
    assert anchor in text
    return text.replace(anchor, f"{anchor}    review: {review}\n")


def test_draft_quote_is_listed_and_not_served(workdir: Path, capsys):
    """A quote marked `review: draft` passes the check, is listed as a draft, and no answer
    shows it; deleting the mark serves it."""
    path = _write(workdir, _mark(VALID, DUNN_QUOTE))
    checked = check_sheet(path)
    assert checked.ok
    assert [(d.section, d.id) for d in checked.drafts] == [("quotes", "dunn-long-war")]
    assert checked.sheet is not None
    assert [q.id for q in checked.sheet.quotes] == ["bell-clear"]
    settings = load_settings(environ={})
    reply = answer("!quote Carl Dunn", Index(checked.sheet, settings.matching))
    assert "nobody wins" not in render_text(reply)

    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ok: 1 sources, 2 people, 1 quotes")
    assert out[1].startswith("1 draft awaiting review")
    assert out[2].endswith("quotes 'dunn-long-war': draft")
    assert out[2].strip().startswith(f"{path}:")

    reviewed = check_sheet(_write(workdir, VALID))
    assert reviewed.sheet is not None and len(reviewed.sheet.quotes) == 2
    served = answer("!quote Carl Dunn", Index(reviewed.sheet, settings.matching))
    assert served.status == "ok" and "nobody wins" in render_text(served)


def test_reviewed_entry_may_not_rest_on_a_draft(workdir: Path):
    """A draft person whose quote is marked reviewed: the quote's speaker is a problem."""
    text = _mark(VALID, "  - id: carl-dunn\n    name: Carl Dunn\n")
    checked = check_sheet(_write(workdir, text))
    assert not checked.ok
    assert [p.field for p in checked.problems] == ["quotes[1].speaker"]
    both = _mark(text, DUNN_QUOTE)
    assert check_sheet(_write(workdir, both)).ok


def test_review_takes_only_draft(workdir: Path):
    """Anything but `draft…` in `review` is a problem on that field (done means: delete it)."""
    checked = check_sheet(_write(workdir, _mark(VALID, DUNN_QUOTE, "done")))
    assert [p.field for p in checked.problems] == ["quotes[1].review"]
    noted = _mark(VALID, DUNN_QUOTE, '"draft, low confidence: a single word"')
    assert check_sheet(_write(workdir, noted)).ok


def test_changed_article_is_refused(workdir: Path):
    """One byte changed in an article: its source's file is reported, the sheet not served."""
    article = workdir / "seeds" / "article.txt"
    article.write_bytes(article.read_bytes() + b" ")
    checked = check_sheet(_write(workdir, VALID))
    assert [p.field for p in checked.problems] == ["sources[0].file"]
    assert "SHA256SUMS" in checked.problems[0].message


def test_article_without_a_hash_is_refused(workdir: Path):
    """An article missing from the manifest (or no manifest at all) is reported."""
    manifest = workdir / "seeds" / MANIFEST_NAME
    hashes = dict(parse_manifest(manifest.read_text(encoding="utf-8")).hashes)
    del hashes["article.txt"]
    manifest.write_text(manifest_text(hashes), encoding="utf-8")
    assert [p.field for p in check_sheet(_write(workdir, VALID)).problems] == ["sources[0].file"]
    manifest.unlink()
    assert [p.field for p in check_sheet(_write(workdir, VALID)).problems] == ["sources[0].file"]


def test_unreadable_manifest_line_is_reported_with_its_line(workdir: Path):
    """A line that is not `HASH  FILE` is named by the manifest's line number."""
    manifest = workdir / "seeds" / MANIFEST_NAME
    manifest.write_text(manifest.read_text(encoding="utf-8") + "not a hash line\n")
    problems = check_sheet(_write(workdir, VALID)).problems
    assert [(Path(p.file).name, p.line) for p in problems] == [(MANIFEST_NAME, 3)]


def test_manifest_round_trips_in_sha256sum_format():
    """What `manifest_text` writes, `parse_manifest` reads back; duplicates are bad lines."""
    hashes = {"b.txt": sha256_hex(b"b"), "a.txt": sha256_hex(b"a")}
    text = manifest_text(hashes)
    assert text.splitlines()[0] == f"{sha256_hex(b'a')}  a.txt"
    assert parse_manifest(text).hashes == hashes
    assert parse_manifest(text + text.splitlines()[0] + "\n").bad_lines == (3,)
