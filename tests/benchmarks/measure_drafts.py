"""How well `factbot add` drafts: `python tests/benchmarks/measure_drafts.py [--json] [PREFIX…]`.

For each seed article (or those whose file name starts with a PREFIX): its curated quotes,
its source, the events only it reports (their `sources` name no other article: they came from
it) and the people only it refers to are taken out of the bundled sheet, and the article is
drafted again from its text, its outlet and its publication date alone, against the sheet left:
its people, and its events as the timeline that may narrow a vague date to a known event's day.
An event that another article also reports stays, as it would for a curator adding this one.
Then, per article and overall:

- **recall**: curated quotes that a drafted quote matches: the same words (after the checker's
  normalisation, edge commas and full stops aside: "exact"), or one inside the other ("overlap",
  e.g. a quotation whose marks run on past what the curator kept);
- **speaker**: matched quotes whose drafted speaker is the curated one (a newly drafted person
  counts when their name is the curated person's name or one of its aliases);
- **date**: matched quotes whose drafted date is the curated date at the same precision;
  "consistent" also counts a less precise date that contains the curated one (2022-04 for
  2022-04-04) or a more precise one inside it; "wrong" are the rest, dates that the curated
  one contradicts (worse than a vague one);
- **other spans**: drafted quotations that match no curated quote (scare quotes, labels, the
  curated exclusions), with how many were drafted as low confidence quotations (a short
  phrase, or no speaker; a doubt about the date alone does not count);
- **boilerplate as quote**: drafted quotations taken from the curated boilerplate (must be 0);
- **boilerplate**: whether the drafted boilerplate lines and trailing start equal the curated.

Deterministic: one command gives the README's table.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from bot.check import normalise_verbatim
from bot.drafting import ArticleInfo, draft_article
from bot.drafting.draft import NO_SPEAKER, SHORT
from bot.drafting.speakers import fold
from bot.search import Index
from bot.sheet import FactSheet, PartialDate, Person, parse_sheet

ROOT = Path(__file__).resolve().parents[2]
SHEET = ROOT / "config" / "factsheet.yaml"


@dataclass
class Row:
    article: str
    curated: int = 0
    exact: int = 0
    overlap: int = 0
    speaker: int = 0
    date: int = 0
    date_consistent: int = 0
    other_spans: int = 0
    other_low: int = 0
    boilerplate_quotes: int = 0
    boilerplate_ok: bool = True

    @property
    def matched(self) -> int:
        return self.exact + self.overlap

    @property
    def date_wrong(self) -> int:
        return self.matched - self.date_consistent


def _key(text: str) -> str:
    return normalise_verbatim(text).strip(" ,.")


def _contains(outer: PartialDate, inner: PartialDate) -> bool:
    return outer.first_day() <= inner.first_day() and inner.last_day() <= outer.last_day()


def _names(person: Person) -> set[str]:
    return {fold(form) for form in (person.name, *person.aliases)}


def sheet_without(sheet: FactSheet, source_id: str) -> FactSheet:
    """The sheet as it was before the article `source_id` was added: without its source, its
    quotes, the events only it reports and the people only it refers to."""
    others_refer = {q.speaker for q in sheet.quotes if q.source != source_id}
    others_refer |= {p for e in sheet.events if set(e.sources) - {source_id} for p in e.people}
    own = {q.speaker for q in sheet.quotes if q.source == source_id}
    own |= {p for e in sheet.events if source_id in e.sources for p in e.people}
    removed = own - others_refer
    return replace(
        sheet,
        sources=tuple(s for s in sheet.sources if s.id != source_id),
        people=tuple(p for p in sheet.people if p.id not in removed),
        quotes=tuple(q for q in sheet.quotes if q.source != source_id),
        events=tuple(e for e in sheet.events if set(e.sources) - {source_id}),
    )


def measure_article(sheet: FactSheet, source_id: str) -> Row:
    """Draft one article again without its curated entries and compare."""
    source = sheet.source(source_id)
    curated = [q for q in sheet.quotes if q.source == source_id]
    left = sheet_without(sheet, source_id)
    taken = {entry.id for entry in (*left.sources, *left.people, *left.quotes, *left.events)}
    text = sheet.source_path(source).read_text(encoding="utf-8")
    info = ArticleInfo(file=source.file, outlet=source.outlet, published=source.published)
    draft = draft_article(text, info, left.people, taken, timeline=Index(left))
    drafted_people = {p.id: p for p in draft.people}

    row = Row(source.file, curated=len(curated))
    used: set[str] = set()
    for quote in curated:
        want = _key(quote.text)
        match = next((d for d in draft.quotes if _key(d.text) == want), None)
        if match is not None:
            row.exact += 1
        else:
            match = next(
                (d for d in draft.quotes if want in _key(d.text) or _key(d.text) in want), None
            )
            if match is None:
                continue
            row.overlap += 1
        used.add(match.id)
        if match.speaker == quote.speaker or (
            match.speaker in drafted_people
            and _names(drafted_people[match.speaker]) & _names(sheet.person(quote.speaker))
        ):
            row.speaker += 1
        if match.date == quote.date:
            row.date += 1
        if _contains(match.date, quote.date) or _contains(quote.date, match.date):
            row.date_consistent += 1
    boilerplate = [_key(b) for b in source.boilerplate]
    whole = normalise_verbatim(text)
    tail = (
        whole[whole.find(normalise_verbatim(source.boilerplate_from)) :]
        if (source.boilerplate_from)
        else ""
    )
    for drafted in draft.quotes:
        if drafted.id in used:
            continue
        row.other_spans += 1
        review = drafted.review or ""
        row.other_low += SHORT in review or NO_SPEAKER in review
        key = _key(drafted.text)
        if any(key in b for b in boilerplate) or (tail and key in tail):
            row.boilerplate_quotes += 1
    row.boilerplate_ok = set(draft.source.boilerplate) == set(source.boilerplate) and _same_cut(
        draft.source.boilerplate_from, source.boilerplate_from, whole
    )
    return row


def _same_cut(drafted: str | None, curated: str | None, whole: str) -> bool:
    """Both start the trailing boilerplate at the same place (or neither has any)."""
    if drafted is None or curated is None:
        return drafted == curated
    return whole.find(normalise_verbatim(drafted)) == whole.find(normalise_verbatim(curated))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}% ({part}/{whole})" if whole else "–"


def table(rows: list[Row]) -> str:
    total = Row("**all five**" if len(rows) == 5 else "**all**")
    for row in rows:
        for name in ("curated", "exact", "overlap", "speaker", "date", "date_consistent"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        for name in ("other_spans", "other_low", "boilerplate_quotes"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.boilerplate_ok &= row.boilerplate_ok
    lines = [
        "| article | curated quotes | recall (exact + overlap) | speaker | date | date consistent "
        "| date wrong | other spans (low confidence) | boilerplate as quote | boilerplate lines |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in [*rows, total]:
        lines.append(
            f"| {row.article} | {row.curated} | {_pct(row.matched, row.curated)} "
            f"= {row.exact} + {row.overlap} | {_pct(row.speaker, row.matched)} "
            f"| {_pct(row.date, row.matched)} | {_pct(row.date_consistent, row.matched)} "
            f"| {row.date_wrong} "
            f"| {row.other_spans} ({row.other_low}) | {row.boilerplate_quotes} "
            f"| {'as curated' if row.boilerplate_ok else 'differs'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefix", nargs="*", help="only articles whose file starts with these")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    parsed = parse_sheet(SHEET)
    if parsed.sheet is None:
        print("the bundled sheet does not load; run factbot check", file=sys.stderr)
        return 1
    sheet = parsed.sheet
    rows = [
        measure_article(sheet, s.id)
        for s in sheet.sources
        if not args.prefix or s.file.startswith(tuple(args.prefix))
    ]
    if args.json:
        print(json.dumps([vars(r) | {"date_wrong": r.date_wrong} for r in rows], indent=1))
    else:
        print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
