"""The served `Index` against the reference that scores every entry (`tests/oracle.py`).

CI runs this file; the timings are in tests/benchmarks/ (not collected). The two must give
equal answers: on the bundled sheet for every query, kind, limit and date range; on a generated
sheet of 1,500 facts for clean and typo'd queries of every kind, and for any text; and the
close-words bonus must be computed for fewer entries than match.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from benchmarks.generate import QUERY_KINDS, Generated, generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import Oracle

from bot import ranking, search
from bot.check import check_sheet
from bot.query import analyse
from bot.ranking import Ranker
from bot.search import Index, fold
from bot.settings import MatchSettings, load_settings
from bot.sheet import FactSheet, PartialDate

NAMES = [
    "Mao Ning", "mao ning", "Ning Mao", "maoning", "Mao", "Wang", "Mao Nign", "Lavorv",
    "Sergei Lavrov", "Kuléba", "Kuleba", "Zelensky", "President Xi", "Xi", "xi", "Putn",
    "Tony Blinkin", "Guterres", "Antonio", "joint statement", "EU official", "Kim Jong-un",
    "Chinese", "Foreign Minister", "Wang Yi Wang Yi", "nobody at all", "", "  ", "?!", "a" * 250,
]  # fmt: skip
PHRASES = [
    "no limits", "no limts", "no limitations", "nolimits", "war", "the war",
    "the war in Ukraine", "special military operation", "special militray operation",
    "sovereignty", "soverignty", "territorial integrity", "extremely concerned",
    "my old friend", "old freind", "ceasefire", "cease-fire", "Ukraine's", "China’s position",
    "talks, not tanks", "U.S.", "UN Charter", "Cold War", "negotiation", "negotiaton",
    "Samarkand", "Samarkend", "one man chose this war", "1.6 million", "February 24", "2022",
    "xi", "ab", "abc", "", "!!!", "zzzzqqq", "a" * 300, "when did Russia start the invasion",
    "Wang Yi Moscow", "xi putin phone", "Kallas Wang Brussels meeting", "@here Wang Yi",
    "Biden visited Kyiv", "the the the", "<@123> **war** `talks`",
]  # fmt: skip
RANGES = [(None, None), (PartialDate.parse("2025"), None), (None, PartialDate.parse("2022-03"))]


def _same_answers(index: Index, oracle: Oracle, queries: list[str]) -> None:
    for q in queries:
        for events, quotes in ((True, True), (False, True), (True, False)):
            for limit in (None, 3):
                for since, until in RANGES:
                    kw: dict[str, Any] = dict(events=events, quotes=quotes, limit=limit)
                    kw.update(since=since, until=until)
                    assert index.search(q, **kw) == oracle.search(q, **kw), (q, kw)


def _same_people(index: Index, oracle: Oracle, queries: list[str]) -> None:
    for q in queries:
        for cutoff in (None, index.settings.suggest_cutoff, 0.0, 100.0):
            got = index.find_people(q, cutoff=cutoff)
            certain = index.names.certain(q)
            if certain is None and len(q.strip()) >= index.settings.min_query_length:
                want = oracle.fuzzy_people(
                    q, index.settings.name_cutoff if cutoff is None else cutoff
                )
                assert got == want, (q, cutoff)


# --- the bundled sheet ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled(sheet: FactSheet) -> tuple[Index, Oracle]:
    index = Index(sheet, load_settings(environ={}).matching)
    return index, Oracle(index)


def test_bundled_sheet_same_answers_as_the_reference(bundled: tuple[Index, Oracle]):
    """On the real sheet the index answers every query, kind, limit and range exactly as the
    scan of every entry does; typo'd names resolve the same way too."""
    index, oracle = bundled
    assert index.search("no limts").hits and index.find_people("Mao Nign")
    _same_answers(index, oracle, PHRASES + NAMES)
    _same_people(index, oracle, NAMES + PHRASES)


@pytest.mark.parametrize("cutoff", [60.0, 95.0])
def test_bundled_sheet_same_people_with_other_cutoffs(sheet: FactSheet, cutoff: float):
    """Looser and stricter name cutoffs than the configured ones change nothing to agreement."""
    index = Index(sheet, MatchSettings(name_cutoff=cutoff, suggest_cutoff=cutoff - 10))
    _same_people(index, Oracle(index), NAMES)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.text(max_size=40), st.sampled_from(PHRASES + NAMES)))
def test_bundled_sheet_any_text(bundled: tuple[Index, Oracle], text: str):
    """For any text at all, the index finds what the reference finds."""
    index, oracle = bundled
    assert index.search(text) == oracle.search(text)


def test_a_question_of_more_than_sixty_four_words(bundled: tuple[Index, Oracle], sheet: FactSheet):
    """A pasted text of many words (more than 64 terms, neighbours close in the sheet all
    along) scores as the reference scores it: every pair's bonus, the count, the order."""
    index, oracle = bundled
    text = " ".join(q.text for q in sorted(sheet.quotes, key=lambda q: -len(q.text))[:8])
    terms, _missing, _people = index.terms(analyse(text))
    assert len(terms) > 64
    assert index.search(text, limit=20) == oracle.search(text, limit=20)


def test_an_ordinary_word_beside_a_misspelt_name_stays_a_word(bundled: tuple[Index, Oracle]):
    """A misspelt name is looked for among name words: "change" beside a misspelling of
    "authorities" (the Chinese Government's alias) is a word of the question, not part of a
    name, while "Mao Nign" and "Blinkne" alone are still people."""
    index, _oracle = bundled
    terms, _missing, people = index.terms(analyse("change authoritise"))
    assert "change" in [term.word for term in terms]
    assert not any(term.word.startswith("change ") for term in terms)
    for misspelt, person in (("mao nign", "Mao Ning"), ("any blinkne", "Antony Blinken")):
        terms, _missing, people = index.terms(analyse(misspelt))
        assert [p.name for p in people] == [person], misspelt


def test_a_misspelt_ordinary_word_is_not_taken_for_a_name(bundled: tuple[Index, Oracle]):
    """ "wrning" is one typo from "warning" and from no word of a name, so it is that word;
    the fuzzy name tier would have made it Mao Ning (ratio above the cutoff)."""
    index, _oracle = bundled
    assert index.names.resolve("wrning").status == "found"  # what the name tier alone says
    terms, missing, people = index.terms(analyse("wrning"))
    assert people == [] and missing == []
    warning = index.vocabulary.stem_id("warning")
    assert [[a.stem for a in term.alternatives] for term in terms] == [[warning]]
    # A misspelling of a name word is still a name.
    assert [p.name for p in index.terms(analyse("kalas"))[2]] == ["Kaja Kallas"]


@pytest.mark.parametrize("left_out", ["events", "quotes"])
def test_a_sheet_of_one_kind_of_entry(sheet: FactSheet, left_out: str):
    """The ranker joins the kinds' rankers; with one kind empty it scores the other alone, as
    the reference does."""
    one_kind = dataclasses.replace(sheet, **{left_out: ()})
    index = Index(one_kind)
    assert index.ranker.size == len(one_kind.events) + len(one_kind.quotes)
    oracle = Oracle(index)
    for q in ("no limits", "Wang Yi Moscow", "invasion started", "peace talks since 2023"):
        got = index.search(q, limit=20)
        assert got == oracle.search(q, limit=20), q
    assert index.search("Wang Yi").hits  # it does find


# --- a generated sheet of 1,500 facts ---------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Generated, FactSheet]:
    made = generate(tmp_path_factory.mktemp("sheet"), 1_500)
    checked = check_sheet(made.sheet)
    assert checked.ok, checked.problems[:3]
    assert checked.sheet is not None
    return made, checked.sheet


@pytest.fixture(scope="module")
def pair(generated: tuple[Generated, FactSheet]) -> tuple[Index, Oracle]:
    _made, sheet = generated
    index = Index(sheet)
    return index, Oracle(index)


def _top5(found: Any) -> list[tuple[str, float]]:
    return [(hit.entry.id, hit.score) for hit in found.hits[:5]]


def test_generated_sheet_same_answers_as_the_reference(
    generated: tuple[Generated, FactSheet], pair: tuple[Index, Oracle]
):
    """Every query kind, clean and with a typo: the index gives what the scan of every entry
    gives (hits, scores, order, count, missing words), and the queries do find things."""
    made, _sheet = generated
    index, oracle = pair
    for kind in QUERY_KINDS:
        quotes_only = kind.startswith("quote")
        queries = made.queries[kind][:40]
        found = 0
        for q in queries:
            expected = oracle.search(q, events=not quotes_only)
            assert index.search(q, events=not quotes_only) == expected, (kind, q)
            found += bool(expected.hits)
        assert found >= 0.9 * len(queries), kind
        for q in queries[:5]:
            kw: dict[str, Any] = dict(limit=3, since=PartialDate.parse("2023-06"))
            assert index.search(q, **kw) == oracle.search(q, **kw), (kind, q)


def test_generated_sheet_typos_exact(
    generated: tuple[Generated, FactSheet], pair: tuple[Index, Oracle]
):
    """A misspelt word finds every word of the sheet within its typo distance, as measuring
    against every word does (the length and letter filters leave none out)."""
    _made, sheet = generated
    index, oracle = pair
    written = sorted({w for q in sheet.quotes[:150] for w in analyse(q.text).terms if len(w) > 3})
    misspelt = [_typo(w, n) for n, w in enumerate(written)] + [w[1:] + "e" for w in written]
    expanded = 0
    for word in misspelt:
        if not index.vocabulary.known(word):
            assert index.vocabulary.lookup(word) == oracle.typos(word), word
            expanded += bool(oracle.typos(word))
    assert expanded > 50


def test_generated_sheet_names_exact(
    generated: tuple[Generated, FactSheet], pair: tuple[Index, Oracle]
):
    """Name lookups are exact at any size: the same people, scores and tiers, typos included."""
    made, _sheet = generated
    index, oracle = pair
    _same_people(
        index, oracle, made.queries["quote_name_clean"][:60] + made.queries["quote_name_typo"][:60]
    )


def test_the_bonus_is_computed_only_where_it_can_matter(
    generated: tuple[Generated, FactSheet], pair: tuple[Index, Oracle], monkeypatch: Any
):
    """Entries get their close-words bonus a chunk at a time, the likeliest first, and the rest
    are left once none can reach the answer: the same answers as the reference, for fewer
    entries than when every entry that might be lifted gets its bonus."""
    made, _sheet = generated
    index, oracle = pair
    looked_at: list[int] = []
    bonuses = Ranker.bonuses

    def counting(ranker: Ranker, entries: Any, terms: Any) -> Any:
        looked_at.append(len(entries))
        return bonuses(ranker, entries, terms)

    monkeypatch.setattr(Ranker, "bonuses", counting)
    queries = made.queries["when_common_clean"][:40] + made.queries["when_question_clean"][:40]
    counts = []
    for chunk in (2, 10**9):
        monkeypatch.setattr(search, "CHUNK", chunk)
        looked_at.clear()
        for q in queries:
            assert index.search(q, limit=2) == oracle.search(q, limit=2), (chunk, q)
        counts.append(sum(looked_at))
    assert 0 < counts[0] < counts[1]


def test_an_index_built_in_small_batches_is_the_same_index(
    generated: tuple[Generated, FactSheet], pair: tuple[Index, Oracle], monkeypatch: Any
):
    """The entries are weighed a batch at a time (to keep the build's memory down): batches
    of a few entries, cut anywhere, give the same posting lists and the same answers."""
    made, sheet = generated
    whole, oracle = pair
    monkeypatch.setattr(ranking, "BATCH", 7)
    batched = Index(sheet)
    a, b = whole.ranker, batched.ranker
    for stem in range(len(whole.vocabulary.stem_ids)):
        got, want = b.posting(stem), a.posting(stem)
        assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()
    for q in made.queries["when_question_typo"][:20] + made.queries["quote_phrase_clean"][:20]:
        assert batched.search(q) == oracle.search(q), q


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_sheet_hits_carry_the_reference_scores(
    generated: tuple[Generated, FactSheet], pair: tuple[Index, Oracle], data: st.DataObject
):
    """For any query (made-up text, or words of the sheet with a typo) the index gives what
    the reference gives, even when asked for a thousand hits."""
    _made, sheet = generated
    index, oracle = pair
    source = data.draw(st.sampled_from([q.text for q in sheet.quotes]))
    words = source.split()
    start = data.draw(st.integers(0, len(words) - 1))
    phrase = " ".join(words[start : start + data.draw(st.integers(1, 5))])
    query = data.draw(
        st.one_of(
            st.just(phrase),
            st.builds(_typo, st.just(phrase), st.integers(0, 1000)),
            st.text(max_size=30),
        )
    )
    assert index.search(query, limit=1000) == oracle.search(query, limit=1000), query


def test_threads_searching_at_once_get_the_answers_of_one(generated: tuple[Generated, FactSheet]):
    """The Discord adapter answers on worker threads: eight threads asking the same questions
    of a fresh index (query words remembered as they come) raise nothing
    and get what one thread gets."""
    made, sheet = generated
    questions = made.queries["when_question_typo"][:40] + made.queries["when_common_clean"][:40]
    alone = Index(sheet)
    want = [_top5(alone.search(q)) for q in questions]
    shared = Index(sheet)
    with ThreadPoolExecutor(max_workers=8) as pool:
        runs = list(pool.map(lambda _n: [_top5(shared.search(q)) for q in questions], range(8)))
    assert all(run == want for run in runs)


def _typo(phrase: str, seed: int) -> str:
    if len(phrase) < 3:
        return phrase
    at = 1 + seed % (len(phrase) - 2)
    return phrase[:at] + phrase[at + 1] + phrase[at] + phrase[at + 2 :]


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("Kuléba", "kuleba"),
        ("ПУТИН", "путин"),
        ("Ёлка", "елка"),
        ("ｗａｎｇ", "wang"),  # full-width letters
        ("김정은", "김정은"),  # Korean syllables stay whole, not split into letters
        ("ガンダム", "ガンダム"),  # kana voicing marks make other letters: kept
    ],
)
def test_fold_compares_names_in_every_script(written, same_as):
    """Case and accents go in every script; what makes another letter stays."""
    assert fold(written) == same_as


def test_fold_keeps_voiced_kana_apart():
    """ガ and カ are different letters, not one letter with an accent."""
    assert fold("ガ") != fold("カ")
