"""`check_sheet` and `factbot check`: the bundled sheet passes; each broken sheet gets its line.

One fixture file per broken case in tests/fixtures/broken/, each a copy of
tests/fixtures/valid.yaml with one thing wrong (the article is tests/fixtures/seeds/article.txt).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from project_paths import FIXTURES, SHEET

from bot.check import check_sheet, normalise_verbatim
from bot.cli import main

BROKEN = FIXTURES / "broken"

# fixture name -> every line `factbot check` must print for it, exactly.
EXPECTED: dict[str, list[str]] = {
    "misquote": [
        "misquote.yaml:34:11: quotes[0].text: not found verbatim in article.txt; it matches up "
        "to '…position is clear. ... Talks, not' and then differs at 'tankers.'"
    ],
    "unknown_speaker": [
        "unknown_speaker.yaml:40:14: quotes[1].speaker: unknown person 'carl-dun' "
        "(did you mean 'carl-dunn'?)"
    ],
    "duplicate_id": [
        "duplicate_id.yaml:39:9: quotes[1].id: duplicate id 'bell-clear' (first used on line 32)"
    ],
    "bad_date": [
        "bad_date.yaml:43:11: quotes[1].date: expected YYYY, YYYY-MM or YYYY-MM-DD, "
        "got '2025-13-04'"
    ],
    "tab_indent": [
        "tab_indent.yaml:45:1: YAML syntax: a tab in the indentation (YAML indents with spaces only)"
    ],
    "unknown_key": [
        "unknown_key.yaml:46:5: quotes[1].speeker: unknown key 'speeker' (did you mean 'speaker'?); "
        "expected one of: id, speaker, text, source, date, date_basis, context, article_says, "
        "speaker_basis, review, note_on"
    ],
    "date_after_publication": [
        "date_after_publication.yaml:43:11: quotes[1].date: 2025-07-06 is after its source "
        "'brief' was published (2025-07-05)"
    ],
    "missing_article_file": [
        "missing_article_file.yaml:8:11: sources[0].file: article file not found: missing.txt "
        "in ../seeds/"
    ],
    "quote_from_boilerplate": [
        "quote_from_boilerplate.yaml:41:11: quotes[1].text: taken from the boilerplate of "
        "article.txt, not from the article"
    ],
    "missing_field": ["missing_field.yaml:39:5: quotes[1].context: missing (required)"],
    "wrong_type": [
        "wrong_type.yaml:24:14: people[0].aliases: expected a list, got 'Spokesperson Bell'"
    ],
    "unknown_source": [
        "unknown_source.yaml:54:22: events[0].sources[1]: unknown source 'breif' "
        "(did you mean 'brief'?)"
    ],
    "duplicate_key": [
        "duplicate_key.yaml:28:5: people[1].role: duplicate key in the same mapping "
        "(the later one would win silently)"
    ],
    "alias_clash": [
        "alias_clash.yaml:29:15: people[1].aliases[0]: 'Spokesperson Bell' already names "
        "'ana-bell'; a name must point to one person"
    ],
    "boilerplate_not_in_article": [
        "boilerplate_not_in_article.yaml:17:9: sources[0].boilerplate[0]: not found in article.txt"
    ],
    "top_level_list": [
        "top_level_list.yaml:1:1: expected a mapping of topic, summary, seeds, sources, people, "
        "quotes, events; got a list"
    ],
    "path_outside_seeds": [
        "path_outside_seeds.yaml:8:11: sources[0].file: expected a file name inside the seeds "
        "folder, got '../../etc/passwd'"
    ],
    "alias_clash_by_accent_and_order": [
        "alias_clash_by_accent_and_order.yaml:29:15: people[1].aliases[0]: 'Bell Ána' already "
        "names 'ana-bell'; a name must point to one person"
    ],
    "alias_clash_in_cyrillic": [
        "alias_clash_in_cyrillic.yaml:29:15: people[1].aliases[0]: 'БЕЛЛ' already "
        "names 'ana-bell'; a name must point to one person"
    ],
    "article_not_utf8": [
        "article_not_utf8.yaml:8:11: sources[0].file: cannot read latin1.txt as UTF-8 text: "
        "byte 0xe9 at offset 3 is not UTF-8"
    ],
    "nested_too_deep": ["nested_too_deep.yaml:1:71: YAML nested more than 64 levels deep"],
    "internal_reference": [
        "internal_reference.yaml:2:10: summary: names the fact id 'bell-clear', which readers "
        "must not see (say the outlet; keep file and id references in a *_basis field)",
        "internal_reference.yaml:27:11: people[1].role: names the project file 'sources.yaml', "
        "which readers must not see (say the outlet; keep file and id references in a *_basis "
        "field)",
        "internal_reference.yaml:38:14: quotes[0].context: names the article file 'article.txt', "
        "which readers must not see (say the outlet; keep file and id references in a *_basis "
        "field)",
        "internal_reference.yaml:57:19: events[0].article_says: names the fact id 'bell-clear', "
        "which readers must not see (say the outlet; keep file and id references in a *_basis "
        "field)",
    ],
    "note_on_unknown": [
        "note_on_unknown.yaml:39:14: quotes[0].note_on: labels a note, but there is no "
        "article_says",
        "note_on_unknown.yaml:48:14: quotes[1].note_on: expected one of date, wording, place, "
        "got 'weather'",
    ],
    "several_problems": [
        "several_problems.yaml:34:11: quotes[0].text: not found verbatim in article.txt; it "
        "matches up to '…position is clear. ... Talks, no' and then differs at 'tanks.'",
        "several_problems.yaml:40:14: quotes[1].speaker: unknown person 'nobody'",
        "several_problems.yaml:43:11: quotes[1].date: expected YYYY, YYYY-MM or YYYY-MM-DD, "
        "got 'July 2025'",
    ],
}


def test_every_fixture_has_an_expectation():
    """No broken fixture is left untested, and no expectation points at a missing file."""
    assert {path.stem for path in BROKEN.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_sheet_gets_exactly_its_problem_lines(name: str):
    """Each broken sheet is refused with exactly the expected file:line:col lines."""
    checked = check_sheet(BROKEN / f"{name}.yaml", display=f"{name}.yaml")
    assert [str(problem) for problem in checked.problems] == EXPECTED[name]
    assert checked.sheet is None and not checked.ok


def test_valid_fixture_passes():
    """The fixture every broken case derives from is itself valid, so each case breaks one thing."""
    checked = check_sheet(FIXTURES / "valid.yaml")
    assert checked.ok, checked.problems


def test_bundled_sheet_passes_and_counts(capsys):
    """`factbot check` on the bundled sheet prints the ok line and exits 0."""
    assert main(["check", str(SHEET)]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("ok: 5 sources, ")
    checked = check_sheet(SHEET)
    assert checked.sheet is not None
    sheet = checked.sheet
    assert out == (
        f"ok: 5 sources, {len(sheet.people)} people, {len(sheet.quotes)} quotes, "
        f"{len(sheet.events)} events"
    )


def test_factbot_check_prints_problems_and_exits_1(capsys):
    """A broken sheet: one line per problem on stderr, a count, exit code 1, no traceback."""
    assert main(["check", str(BROKEN / "several_problems.yaml")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4
    assert err[-1] == "3 problems; the sheet was not loaded."
    assert "Traceback" not in "\n".join(err)


def test_missing_sheet_file_is_one_line(capsys, tmp_path: Path):
    """A path that does not exist is a problem line, not a traceback."""
    assert main(["check", str(tmp_path / "nope.yaml")]) == 1
    assert "nope.yaml:1:1: file not found" in capsys.readouterr().err


def test_every_bundled_quote_is_verbatim_in_its_article(sheet):
    """Independent of the checker's plumbing: each quote's words stand in its seed file."""
    for quote in sheet.quotes:
        article = (sheet.seeds_dir / sheet.source(quote.source).file).read_text(encoding="utf-8")
        assert normalise_verbatim(quote.text) in normalise_verbatim(article), quote.id


def test_normalisation_forgives_only_marks_spacing_and_ellipses():
    """Quote-mark style, whitespace and … against ... are forgiven; words and case are not."""
    assert normalise_verbatim("China’s  “clear”…") == normalise_verbatim('China\'s "clear"...')
    assert normalise_verbatim("China") != normalise_verbatim("china")
    assert normalise_verbatim("no limits") != normalise_verbatim("no limitations")


def test_scheduled_event_may_follow_publication(tmp_path: Path):
    """An event reported as scheduled may be dated after its source; without the flag it may not."""
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    later = text.replace(
        '  - id: briefing\n    date: "2025-07-04"', '  - id: briefing\n    date: "2025-07-09"'
    )
    assert later != text
    (tmp_path / "later.yaml").write_text(later, encoding="utf-8")
    problems = [p.message for p in check_sheet(tmp_path / "later.yaml").problems]
    assert problems == ["2025-07-09 is after its source 'brief' was published (2025-07-05)"]
    scheduled = later.replace(
        '    title: "Peace briefing"', '    scheduled: true\n    title: "Peace briefing"'
    )
    (tmp_path / "scheduled.yaml").write_text(scheduled, encoding="utf-8")
    assert check_sheet(tmp_path / "scheduled.yaml").ok


def _bundled_copy(tmp_path: Path, old: str, new: str) -> Path:
    """The bundled sheet with one text replaced, beside a copy of its seeds."""
    (tmp_path / "config").mkdir()
    shutil.copytree(SHEET.parent.parent / "seeds", tmp_path / "seeds")
    text = SHEET.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "config" / "factsheet.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_an_article_number_in_a_served_text_is_refused(tmp_path: Path):
    """ "(002)" in a context is refused at that field; "6,000" and "2,500" in a summary are not."""
    old = 'context: "Wang Yi in his call with Dmytro Kuleba, per the Chinese Foreign Ministry'
    path = _bundled_copy(tmp_path, old, old.replace("Wang Yi in", "Wang Yi (002) in"))
    problems = check_sheet(path).problems
    assert len(problems) == 1
    assert problems[0].message.startswith("names the article number '002'")
    assert problems[0].field.startswith("quotes[") and problems[0].field.endswith(".context")
