"""Every “…” span in the seed articles is a quote entry, inside one, or excluded here with a reason.

This keeps the curation honest: a quotation added to an article copy, or one forgotten while
curating, shows up as a failing span rather than a silent gap.
"""

from __future__ import annotations

import re

from bot.check import normalise_verbatim

# (file prefix, span exactly as printed) -> why it is not a quote entry
EXCLUDED: dict[tuple[str, str], str] = {
    ("000", "special military operation,"): "a label for Russia's war in the author's prose",
    ("000", "not favorable"): "unnamed 'influencers very close to the CCP', no date: told in "
    "event state-media-narrative-shift",
    ("001", "democratic"): "a scare quote in the author's paraphrase of Catherine Putz",
    (
        "001",
        "Russia’s genuine security concerns",
    ): "a phrase from 'past discussions'; no speaker or date",
    ("001", "questions and worries"): "the repost's rewording of Putin's remark already quoted "
    "as “We understand your inquiries and your concerns in this respect”",
    ("001", "core interests."): "a label in the author's prose",
    ("001", "Liberals"): "boilerplate after the byline (a political slogan), not article content",
    ("002", "war,"): "a single word (a one-word quote would match every question holding it): "
    "the readout's term, told in event wang-kuleba-call-2022-03-01",
    ("002", "Russian military intervention,"): "the Kremlin's terminology, cited as a label",
    ("002", "no limits"): "a label for the Feb 4, 2022 partnership (event no-limits-statement)",
    ("003", "no limits"): "a label for the Feb 4, 2022 partnership (event no-limits-statement)",
    (
        "003",
        "Made in China",
    ): "text on a drone label, not speech (event sybiha-made-in-china-drone)",
}

# Facts the articles report without quotation marks that members ask about: (file prefix, the
# article's words, the entry that reports them, words that entry must hold).
REPORTED: list[tuple[str, str, str, str]] = [
    ("000", "expects China to take a leading role", "wang-kuleba-meeting-new-york", "leading role"),
    (
        "000",
        "rejects using force to resolve differences",
        "wang-kuleba-meeting-new-york",
        "rejects using force to resolve differences",
    ),
    ("000", "first time a senior CCP official", "wang-kuleba-meeting-new-york", "first time"),
    ("000", "started to change their narrative", "state-media-narrative-shift", "narrative"),
    ("002", "urged both sides to make peace", "wang-kuleba-call-2022-03-01", "make peace"),
    ("002", "described the situation in Ukraine as a", "wang-kuleba-call-2022-03-01", "a war"),
    ("002", "pushed the Kremlin to negotiate", "china-nuanced-stance-2022", "negotiate"),
    ("002", "avoided blaming Russia directly", "china-nuanced-stance-2022", "avoided blaming"),
    ("002", "blamed the United States and NATO", "china-nuanced-stance-2022", "NATO"),
    ("002", "at least one has been injured", "evacuation-briefing", "injured"),
    ("003", "seeking a prolonged war", "cnn-report", "prolonged war"),
    ("003", "ranging from cybersecurity to Taiwan", "wang-kallas-brussels", "cybersecurity"),
    ("004", "refrained from supplying weapons", "china-support-for-russia-three-years", "weapons"),
    ("004", "trading energy and consumer goods", "china-support-for-russia-three-years", "trade"),
    ("004", "peace plan", "china-support-for-russia-three-years", "peace plan"),
    (
        "004",
        "opportunity for China and Russia to collaborate",
        "wang-yi-arrives-moscow",
        "opportunity",
    ),
]

_SPAN = re.compile(r"“([^“”]*)”")


def _spans(sheet):
    for source in sheet.sources:
        text = (sheet.seeds_dir / source.file).read_text(encoding="utf-8")
        for match in _SPAN.finditer(text):
            yield source, match.group(1)


def test_every_quotation_span_is_curated_or_excluded(sheet):
    """Each span is (inside) a quote of the same source, or on the exclusion list."""
    missing = []
    for source, span in _spans(sheet):
        if (source.file[:3], span) in EXCLUDED:
            continue
        # The article's own trailing comma is not part of the quote.
        words = normalise_verbatim(span).rstrip(",").strip()
        texts = [normalise_verbatim(q.text) for q in sheet.quotes if q.source == source.id]
        if not any(words in text for text in texts):
            missing.append(f"{source.file[:3]}: “{span}”")
    assert missing == []


def test_exclusions_are_real_spans_and_not_also_quotes(sheet):
    """No stale exclusion: each names a span in its article that no quote entry covers."""
    spans = {(source.file[:3], span) for source, span in _spans(sheet)}
    assert set(EXCLUDED) <= spans
    for (prefix, span), _reason in EXCLUDED.items():
        words = normalise_verbatim(span).rstrip(",").strip()
        sources = [s.id for s in sheet.sources if s.file.startswith(prefix)]
        quotes = [q for q in sheet.quotes if q.source in sources]
        assert not any(words in normalise_verbatim(q.text) for q in quotes), span


def test_reported_facts_without_quotation_marks_have_an_entry(sheet):
    """Each listed fact stands in its article and in the entry that tells it to readers."""
    entries = {e.id: f"{e.title} {e.summary}" for e in sheet.events}
    entries |= {q.id: f"{q.text} {q.context}" for q in sheet.quotes}
    missing = []
    for prefix, words, entry_id, told in REPORTED:
        source = next(s for s in sheet.sources if s.file.startswith(prefix))
        article = normalise_verbatim((sheet.seeds_dir / source.file).read_text(encoding="utf-8"))
        if words not in article:
            missing.append(f"{prefix}: “{words}” is not in the article")
        elif told.casefold() not in entries.get(entry_id, "").casefold():
            missing.append(f"{entry_id}: does not tell “{told}”")
    assert missing == []
