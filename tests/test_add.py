"""`factbot add`: the article is copied byte for byte and hashed, its entries drafted into the
sheet, listed by `factbot check`, not served until reviewed; a refused add changes nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from project_paths import FIXTURES, ROOT

import bot.adding
from bot.answers import answer
from bot.check import check_sheet
from bot.cli import main
from bot.manifest import MANIFEST_NAME, parse_manifest, sha256_hex
from bot.render import render_text
from bot.search import Index
from bot.settings import load_settings
from bot.sheet import Quote, parse_sheet

ARTICLE = FIXTURES / "drafting" / "briefing.txt"
MATCHING = load_settings(environ={}).matching


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "sheet.yaml")
    return tmp_path / "sheet.yaml"


def _add(sheet: Path, article: Path = ARTICLE, *extra: str) -> int:
    return main(
        ["add", str(article), "--outlet", "Test Wire", "--published", "2025-07-05",
         "--url", "https://example.org/briefing", "--sheet", str(sheet), *extra]
    )  # fmt: skip


def _state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _say(sheet_path: Path, message: str) -> str:
    checked = check_sheet(sheet_path)
    assert checked.sheet is not None
    return render_text(answer(message, Index(checked.sheet, MATCHING)))


def test_add_copies_records_and_drafts_for_review(sheet: Path, capsys):
    """The copy is byte-exact and hashed; the drafts are listed, not served; once their
    `review` lines are gone the bot answers from them."""
    assert _add(sheet) == 0
    out = capsys.readouterr().out
    assert "review: draft" in out
    copy = sheet.parent / "seeds" / "briefing.txt"
    assert copy.read_bytes() == ARTICLE.read_bytes()
    manifest = parse_manifest((sheet.parent / "seeds" / MANIFEST_NAME).read_text())
    assert manifest.hashes["briefing.txt"] == sha256_hex(ARTICLE.read_bytes())

    checked = check_sheet(sheet)
    assert checked.ok, checked.problems
    assert {d.section for d in checked.drafts} == {"sources", "people", "quotes"}
    assert "> “the deal is done.”" not in _say(sheet, "!when the deal is done")
    assert main(["check", str(sheet)]) == 0
    assert "drafts awaiting review" in capsys.readouterr().out

    reviewed = re.sub(r"(?m)^    review: .*\n", "", sheet.read_text(encoding="utf-8"))
    sheet.write_text(reviewed, encoding="utf-8")
    checked = check_sheet(sheet)
    # "The minister" is Lin Hao, named at the top: the reviewer says so in speaker_basis.
    assert [(p.field, p.message.split(" is not")[0]) for p in checked.problems] == [
        ("quotes[8].speaker", "Lin Hao")
    ]
    entry = reviewed.index('  - id: "lin-hao-a-good-start"')
    basis = reviewed.index("speaker_basis: null", entry)
    reviewed = (
        reviewed[:basis]
        + 'speaker_basis: "the minister, Foreign Minister Lin Hao at the top"'
        + reviewed[basis + len("speaker_basis: null") :]
    )
    sheet.write_text(reviewed, encoding="utf-8")
    checked = check_sheet(sheet)
    assert checked.ok and checked.drafts == ()
    assert "> “the deal is done.”" in _say(sheet, "!when the deal is done")
    assert "Pia Storm" in _say(sheet, "!quote Pia Storm")


def _add_a_copy(tmp_path: Path, seed: str, outlet: str, published: str) -> Path:
    """As a new user would: a seed under a new name, added to a copy of the bundled sheet."""
    shutil.copytree(ROOT / "config", tmp_path / "config")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    article = tmp_path / f"copy-of-{seed}"
    shutil.copy(ROOT / "seeds" / seed, article)
    sheet = tmp_path / "config" / "factsheet.yaml"
    code = main(
        ["add", str(article), "--outlet", outlet, "--published", published, "--sheet", str(sheet)]
    )  # fmt: skip
    assert code == 0
    return sheet


def _drafted_quotes(sheet: Path) -> list[Quote]:
    full = parse_sheet(sheet).sheet
    assert full is not None
    return [q for q in full.quotes if q.review]


def test_a_copy_of_a_seed_drafts_its_quotes_speakers_and_dates(tmp_path: Path):
    """A seed under a new name, added to the bundled sheet: it checks, with its drafts."""
    sheet = _add_a_copy(tmp_path, "003_d3f909066d885c5c.txt", "NewsX", "2025-07-05")
    checked = check_sheet(sheet)
    assert checked.ok, checked.problems
    drafted = [d.id for d in checked.drafts if d.section == "quotes"]
    assert len(drafted) >= 5
    mao = [q for q in _drafted_quotes(sheet) if q.text.startswith("China is not a party")]
    assert [(q.speaker, str(q.date)) for q in mao] == [("mao-ning", "2025-07-04")]


def test_an_added_article_s_vague_date_takes_the_day_of_the_sheet_s_event(tmp_path: Path):
    """The article says "in April"; the sheet it is added to holds that April's call between
    the two ministers, so the draft dates the quotation to the call's day and says why."""
    sheet = _add_a_copy(tmp_path, "000_35ef01c7a20d5c55.txt", "The BL", "2022-09")
    (wars,) = [q for q in _drafted_quotes(sheet) if q.text.startswith("Wars end")]
    assert (wars.speaker, str(wars.date)) == ("wang-yi", "2022-04-04")
    assert "'in April this year'" in wars.date_basis
    assert wars.date_basis.endswith(
        "the sheet's event: Wang Yi and Dmytro Kuleba speak again by phone, 2022-04-04"
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--published", "2025-13-01"], 2),
        (["--published", "July 5"], 2),
    ],
)
def test_bad_publication_date_is_one_line_and_changes_nothing(sheet: Path, capsys, args, code):
    """A date that is not YYYY[-MM[-DD]]: exit 2, one line, no file touched."""
    before = _state(sheet.parent)
    assert _add(sheet, ARTICLE, *args) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--published" in err[0]
    assert _state(sheet.parent) == before


def test_refusals_change_nothing(sheet: Path, tmp_path_factory, capsys):
    """A missing file, a name already in the seeds folder, an article already added: one line
    each, exit 2, every file as it was."""
    before = _state(sheet.parent)
    assert _add(sheet, sheet.parent / "missing.txt") == 2
    clash = tmp_path_factory.mktemp("elsewhere") / "article.txt"
    clash.write_text("Another text.\n", encoding="utf-8")
    assert _add(sheet, clash) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("nothing was changed" in line for line in err)
    assert "Traceback" not in "\n".join(err)
    assert _state(sheet.parent) == before
    assert _add(sheet) == 0
    after = _state(sheet.parent)
    assert _add(sheet) == 2
    assert _state(sheet.parent) == after


def test_a_draft_that_fails_the_check_is_rolled_back(sheet: Path, monkeypatch, capsys):
    """If the drafted sheet does not pass `factbot check`, the article, the manifest and the
    sheet are left exactly as they were."""
    before = _state(sheet.parent)

    def broken(text, draft, *, note):
        return text + "quotes: again\n"

    monkeypatch.setattr(bot.adding, "insert_draft", broken)
    assert _add(sheet) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert _state(sheet.parent) == before


def test_a_name_that_cannot_be_a_manifest_line_is_refused(sheet: Path, tmp_path_factory):
    """A file name with a line break (or a hidden one) would corrupt SHA256SUMS: refused."""
    folder = tmp_path_factory.mktemp("odd")
    before = _state(sheet.parent)
    for name in ("two\nlines.txt", ".hidden.txt"):
        odd = folder / name
        odd.write_text("Some text.\n", encoding="utf-8")
        assert _add(sheet, odd) == 2
    assert _state(sheet.parent) == before
