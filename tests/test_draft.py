"""Drafting a new article's entries (`bot.drafting`): quotations, speakers, dates, boilerplate,
the YAML they are written as, and the measurement script that runs the drafter on the seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from project_paths import FIXTURES

from bot.check import check_sheet, normalise_verbatim
from bot.drafting import ArticleInfo, draft_article, insert_draft
from bot.drafting.article import find_quotations, read_layout
from bot.drafting.dates import find_dates
from bot.drafting.emit import InsertError
from bot.manifest import MANIFEST_NAME, manifest_text, parse_manifest, sha256_hex
from bot.search import Index
from bot.sheet import Event, FactSheet, PartialDate, Person, parse_sheet

ARTICLE = FIXTURES / "drafting" / "briefing.txt"
PUBLISHED = PartialDate(2025, 7, 5)  # a Saturday
PEOPLE = (
    Person("ana-bell", "Ana Bell", "Ministry spokesperson", "person", ("Spokesperson Bell",)),
    Person("carl-dunn", "Carl Dunn", "Minister", "person", ()),
    Person("wang-yi", "Wang Yi", "Chinese Foreign Minister", "person", ("Minister Wang",)),
)


@pytest.fixture(scope="module")
def draft():
    text = ARTICLE.read_text(encoding="utf-8")
    info = ArticleInfo("briefing.txt", "Test Wire", PUBLISHED, url="https://example.org/b")
    return draft_article(text, info, PEOPLE, {"ana-bell", "carl-dunn", "wang-yi"})


# quotation → (speaker, date, why)
EXPECTED = {
    "trade must stay open.": ("lin-hao", "2025-06-30", "X said on Monday that “…”: a new person"),
    "We will not give up": ("lin-hao", None, "“…,” Lin said: a new person's surname"),
    "Talks will continue": ("lin-hao", None, "“…,” he added: the pronoun's antecedent"),
    "Our position is clear.": ("ana-bell", None, 'straight quotes; "According to …," skipped'),
    "the deal is done.": ("pia-storm", None, "unclosed: cut at the end of its paragraph"),
    "time is short.": ("pia-storm", None, "unclosed before another quotation: cut at its sentence"),
    "a good start.": ("lin-hao", None, "'the minister': the last minister named"),
    "We respect sovereignty.": ("wang-yi", "2025-07-04", "'China's foreign minister' is Wang Yi"),
    "Peace is possible.": ("carl-dunn", "2025-07-04", "X told Y, “…”; yesterday"),
    "sanctions hurt everyone.": ("carl-dunn", "2025-04", "a known surname; in April"),
    "We are ready.": ("ana-bell", "2025-07-05", "on Saturday morning: the publication day"),
    "Nothing has changed.": ("ana-bell", "2025-07-05", "Friday, July 5 (a Saturday)"),
    "the talks were useful": ("pia-storm", "2025", "this week ran over two months"),
}


def test_every_quotation_is_drafted_with_its_speaker_and_date(draft):
    """Each quotation of the article, curly or straight, closed or not, is drafted once, with
    the speaker the attribution patterns give and the date resolved against publication."""
    got = {q.text: (q.speaker, str(q.date)) for q in draft.quotes}
    assert set(got) == set(EXPECTED)
    for text, (speaker, date, why) in EXPECTED.items():
        assert got[text][0] == speaker, why
        if date is not None:
            assert got[text][1] == date, why


def test_every_drafted_entry_is_marked_for_review(draft):
    """Source, people and quotes all carry `review: draft…`."""
    entries = [draft.source, *draft.people, *draft.quotes]
    assert all(e.review is not None and e.review.startswith("draft") for e in entries)


def test_new_people_get_a_role_and_an_alias(draft):
    """A name not in the sheet becomes a draft person, the title before it their role."""
    people = {p.id: p for p in draft.people}
    assert set(people) == {"lin-hao", "pia-storm"}
    assert people["lin-hao"].role == "Foreign Minister"
    assert people["lin-hao"].aliases == ("Foreign Minister Lin Hao",)
    assert people["pia-storm"].role == "ministry spokesperson"


def test_short_phrases_are_low_confidence_candidates(draft):
    """Three words or fewer that are not a sentence: kept, marked low confidence."""
    review = {q.text: q.review for q in draft.quotes}
    assert "low confidence" in review["a good start."]
    assert "low confidence" in review["Talks will continue"]
    assert review["We are ready."] == "draft"
    assert review["the deal is done."] == "draft"


def test_dates_say_their_basis_and_where_the_article_disagrees(draft):
    """Every date has a basis naming the article's words; a weekday that the calendar
    contradicts is recorded in article_says."""
    quotes = {q.text: q for q in draft.quotes}
    assert "'Yesterday'" in quotes["Peace is possible."].date_basis
    disagree = quotes["Nothing has changed."]
    assert disagree.article_says is not None and "Saturday" in disagree.article_says
    assert quotes["We are ready."].article_says is None


def test_boilerplate_and_headline_are_found(draft):
    """Sign-up and image-credit lines are boilerplate; the first line is the headline."""
    assert draft.source.boilerplate == ("Sign up to receive our newsletter!", "Image: Reuters.")
    assert draft.source.title == "Ministers Meet Over Trade"
    assert draft.source.url == "https://example.org/b"


@pytest.mark.parametrize(
    ("words", "published", "date"),
    [
        ("on Monday", "2025-07-05", "2025-06-30"),
        ("last Friday", "2025-03-31", "2025-03-28"),
        ("on Tuesday", "2025-03-31", "2025-03-25"),
        ("is set to meet on Tuesday", "2025-03-31", "2025-04-01"),
        ("yesterday", "2025-03-01", "2025-02-28"),
        ("this week", "2025-07-10", "2025-07"),
        ("in April", "2022-09", "2022-04"),
        ("in October", "2022-09", "2021-10"),
        ("on September 22", "2022-09", "2022-09-22"),
        ("in early February 2022", "2022-03-02", "2022-02"),
        ("on Saturday morning", "2025-07-05", "2025-07-05"),
        ("on Friday", "2025-07", "2025-07"),
    ],
)
def test_date_words_resolve_against_publication(words: str, published: str, date: str):
    """Relative dates count back from the publication (forward when said as planned)."""
    pub = PartialDate.parse(published)
    assert pub is not None
    found = find_dates(f"They spoke {words}.", pub)
    assert [str(d.date) for d in found] == [date]
    assert found[0].basis


def test_since_opens_a_period_and_does_not_date_a_quote():
    """'since February 24' is marked as the start of a period."""
    (found,) = find_dates("the first meeting since February 24", PartialDate(2022, 9, 16))
    assert found.opens_period


def test_trailing_byline_starts_the_boilerplate():
    """A byline late in the text: from it on nothing is drafted, quotes included."""
    text = (
        "Talks went on.\n\n“We agree,” Ana Bell said.\n\nMore words here to fill the page.\n\n"
        "By: Jane Roe – Independent Reporter\n\nSupport us on Patreon\n\n“Liberals” are bad\n"
    )
    layout = read_layout(text)
    assert layout.boilerplate_from == "By: Jane Roe – Independent Reporter"
    assert layout.author == "Jane Roe"
    assert [s.text for s in find_quotations(layout)] == ["We agree"]


def test_repeated_quotation_is_drafted_once():
    """Words quoted again later (or a part of them) are not a second entry."""
    text = "“One two three four,” Ana Bell said.\n\nShe said “two three” again.\n"
    info = ArticleInfo("a.txt", "W", PUBLISHED)
    drafted = draft_article(text, info, PEOPLE, set())
    assert [q.text for q in drafted.quotes] == ["One two three four"]


def test_drafted_entries_round_trip_through_the_sheet(tmp_path: Path):
    """Inserted into a sheet, the entries load back equal to the draft, and the sheet checks."""
    valid = parse_sheet(FIXTURES / "valid.yaml").sheet
    assert valid is not None
    info = ArticleInfo("briefing.txt", "Test Wire", PUBLISHED, url="https://example.org/b")
    draft = draft_article(ARTICLE.read_text(encoding="utf-8"), info, valid.people, set())
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    shutil.copy(ARTICLE, tmp_path / "seeds" / "briefing.txt")
    manifest = tmp_path / "seeds" / MANIFEST_NAME
    hashes = dict(parse_manifest(manifest.read_text(encoding="utf-8")).hashes)
    hashes["briefing.txt"] = sha256_hex(ARTICLE.read_bytes())
    manifest.write_text(manifest_text(hashes), encoding="utf-8")
    sheet_text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    path = tmp_path / "sheet.yaml"
    path.write_text(insert_draft(sheet_text, draft, note="drafted"), encoding="utf-8")
    checked = check_sheet(path)
    assert checked.ok, checked.problems
    parsed = parse_sheet(path).sheet
    assert parsed is not None
    assert parsed.source(draft.source.id) == draft.source
    assert [q for q in parsed.quotes if q.source == draft.source.id] == list(draft.quotes)
    assert [p for p in parsed.people if p.review] == list(draft.people)
    assert len(checked.drafts) == 1 + len(draft.people) + len(draft.quotes)


def test_sheet_without_a_block_section_is_refused(draft):
    """A section written on one line has no place for entries: a one-line error."""
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    flow = text.replace("events:\n", "events: []\nold_events:\n").replace(
        "people:\n", "people: []\nold_people:\n"
    )
    with pytest.raises(InsertError, match="people"):
        insert_draft(flow, draft, note="x")


def test_measurement_runs_on_one_article(sheet):
    """The measurement script drafts 003 again and gives numbers within their bounds."""
    from benchmarks.measure_drafts import main, measure_article, table

    row = measure_article(sheet, "newsx-2025-07")
    assert row.curated == 5
    assert 0 < row.matched <= row.curated
    assert 0 <= row.speaker <= row.matched and 0 <= row.date <= row.date_consistent <= row.matched
    assert row.boilerplate_quotes == 0
    lines = table([row]).splitlines()
    assert len(lines) == 4 and lines[2].startswith("| 003_")
    assert main(["003"]) == 0


def test_drafted_dates_of_the_seeds_contradict_the_curated_ones_at_most_once(sheet):
    """Drafted again as the measurement drafts them, the five articles' quotes get at most one
    date that the curated date contradicts (002's call "on Wednesday morning", the article's
    own word for a Tuesday): a rule that dates more quotations must not date them wrongly."""
    from benchmarks.measure_drafts import measure_article, table

    rows = [measure_article(sheet, source.id) for source in sheet.sources]
    assert sum(row.date_wrong for row in rows) <= 1
    assert "| date wrong |" in table(rows).splitlines()[0]


def test_the_measurement_drafts_without_the_events_only_the_measured_article_reports(sheet):
    """The Wang–Kuleba call of April 4 came from The BL's article alone: with it in the sheet
    the article's "in April" is that day; the measurement takes it out with the article, and
    keeps the events another article reports too."""
    from benchmarks.measure_drafts import sheet_without

    source = sheet.source("thebl-2022-09")
    left = sheet_without(sheet, source.id)
    assert {e.id for e in left.events} == {
        e.id for e in sheet.events if set(e.sources) != {source.id}
    }
    assert all(set(e.sources) - {source.id} for e in left.events)
    text = sheet.source_path(source).read_text(encoding="utf-8")
    info = ArticleInfo(source.file, source.outlet, source.published)

    def wars_end(timeline: Index) -> str:
        drafted = draft_article(text, info, left.people, set(), timeline=timeline)
        return next(str(q.date) for q in drafted.quotes if q.text.startswith("Wars end"))

    assert wars_end(Index(sheet)) == "2022-04-04"
    assert wars_end(Index(left)) == "2022-04"


def test_a_date_before_a_second_quotation_is_not_the_first_ones():
    """In “a” … back in June that “b”, June dates b; a is dated from its paragraph."""
    text = (
        "The summit was on September 15. Ana Bell praised “effective talks,” a shift from her "
        "promise back in June that “trade will grow.”\n"
    )
    drafted = draft_article(text, ArticleInfo("a.txt", "W", PUBLISHED), PEOPLE, set())
    assert [(q.text, str(q.date)) for q in drafted.quotes] == [
        ("effective talks", "2024-09-15"),
        ("trade will grow.", "2025-06"),
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        (
            "Allegations were made.\n\nBeijing denied them and urged its citizens to "
            "“stay out of the fighting.”\n",
            "Beijing",
            "body",
        ),
        (
            "An EU official told the network that the talks were hard.\n"
            "The diplomat further told it that the talks “had firm exchanges.”\n",
            "EU official",
            "person",
        ),
        (
            "Ministers met.\n\nThe bloc’s top diplomat, Kaja Kallas, said “we stand firm.”\n",
            "Kaja Kallas",
            "person",
        ),
        (
            "The ICC prosecutor accused Russia of committing “war crimes.”\n",
            "ICC prosecutor",
            "person",
        ),
    ],
)
def test_speakers_not_in_the_sheet(text: str, speaker: str, kind: str):
    """A capital speaks for its government; "the diplomat" is the official just named; a
    title in apposition belongs to the name; a titled speaker without a name is drafted."""
    drafted = draft_article(text, ArticleInfo("a.txt", "W", PUBLISHED), PEOPLE, set())
    (quote,) = drafted.quotes
    people = {p.id: p for p in drafted.people}
    assert (people[quote.speaker].name, people[quote.speaker].kind) == (speaker, kind)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Carl Dunn and Ana Bell met in Oslo.\n\nThis statement from their meeting on May 3: "
            "“Our friendship has no limits” contrasts with today.\n",
            "Statement from their meeting on May 3",
        ),
        (
            "Carl Dunn and Ana Bell met in Oslo.\n\nThe joint statement said, “Our friendship "
            "has no limits.”\n",
            "Joint statement",
        ),
        (
            "Carl Dunn and Ana Bell met in Oslo.\n\nIn their joint statement on May 3, “our "
            "friendship has no limits” was the line.\n",
            "Joint statement on May 3",
        ),
        (
            "Carl Dunn spoke.\n\nThe readout of the call said that “ties are strong and deep.”\n",
            "Readout of the call",
        ),
    ],
)
def test_a_document_speaks_its_own_words(text: str, speaker: str):
    """Words a statement or readout is quoted as saying are the document's, drafted as a body
    for the reviewer to name its issuer, not the leaders named near it ("their meeting")."""
    drafted = draft_article(text, ArticleInfo("a.txt", "W", PUBLISHED), PEOPLE, set())
    (quote,) = drafted.quotes
    people = {p.id: p for p in drafted.people}
    assert (people[quote.speaker].name, people[quote.speaker].kind) == (speaker, "body")


JOINT_STATEMENT = Person("joint-statement", "Joint statement", "A joint statement", "body", ())


@pytest.mark.parametrize(
    ("said", "known", "speaker"),
    [
        ("In his statement on May 3", (), "carl-dunn"),
        ("The statement said", (), "carl-dunn"),
        ("The joint statement said", (JOINT_STATEMENT,), "joint-statement"),
    ],
)
def test_a_document_with_a_known_issuer_stays_theirs(
    said: str, known: tuple[Person, ...], speaker: str
):
    """ "His statement" is his, "the statement" the one just named, and a document the sheet
    knows by name ("joint statement") is that entry: no new body is drafted."""
    text = f"Carl Dunn spoke.\n\n{said}, “ties are strong and deep.”\n"
    info = ArticleInfo("a.txt", "W", PUBLISHED)
    drafted = draft_article(text, info, (*PEOPLE, *known), set())
    assert [q.speaker for q in drafted.quotes] == [speaker]
    assert drafted.people == ()


def test_a_country_that_speaks_is_not_the_speaker_before_it():
    """ "Russia reiterates that it is “…”" after a quotation of Carl Dunn: Russia, drafted as a
    body, not Dunn carried over."""
    text = (
        "Carl Dunn said “ties are strong and deep,” and Russia reiterates that it is “firmly "
        "committed to peace.”\n"
    )
    drafted = draft_article(text, ArticleInfo("a.txt", "W", PUBLISHED), PEOPLE, set())
    people = {p.id: p for p in drafted.people}
    dunn, russia = drafted.quotes
    assert dunn.speaker == "carl-dunn"
    assert (people[russia.speaker].name, people[russia.speaker].kind) == ("Russia", "body")


def test_according_to_a_person_after_the_quotation():
    """ "…”, according to <person>": that person, not the sentence's subject."""
    text = (
        "The government is “very worried” about the fighting, according to Minister Carl "
        "Dunn’s remarks.\n"
    )
    drafted = draft_article(text, ArticleInfo("a.txt", "W", PUBLISHED), PEOPLE, set())
    assert [q.speaker for q in drafted.quotes] == ["carl-dunn"]


_WORDS = st.sampled_from(
    ["said", "Ana", "Bell", "he", "told", "on", "Friday", "in", "April", "the", "minister",
     "According", "to", "Beijing", "“", "”", '"', ",", ".", "\n", "\n\n", "Sign up", "By:",
     "Lin Hao", "last", "week", "2022", "June 15", "…", "’s", "Ministry", "Foreign"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=60))
def test_any_text_drafts_without_error_and_only_verbatim_words(words: list[str]):
    """Whatever the text, drafting does not raise, every drafted quotation stands verbatim in
    the article with a basis for its date, every speaker exists, and ids are unique."""
    text = " ".join(words)
    drafted = draft_article(text, ArticleInfo("a.txt", "W", PUBLISHED), PEOPLE, set())
    whole = normalise_verbatim(text)
    for quote in drafted.quotes:
        assert normalise_verbatim(quote.text) in whole
        assert quote.date_basis and quote.review and quote.review.startswith("draft")
    speakers = {p.id for p in PEOPLE} | {p.id for p in drafted.people}
    assert {q.speaker for q in drafted.quotes} <= speakers
    assert len({q.id for q in drafted.quotes}) == len(drafted.quotes)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "In his May 12 call with reporters, Carl Dunn spoke of trade.\n\n"
            "Dunn kept his promise back in May that “trade will grow.”\n",
            "2025-05-12",
        ),
        (
            "Carl Dunn called on May 12 and wrote on May 20.\n\n"
            "Dunn kept his promise back in May that “trade will grow.”\n",
            "2025-05",
        ),
        (
            "Ana Bell spoke on May 12.\n\nDunn kept his promise back in May that “trade will grow.”\n",
            "2025-05",
        ),
    ],
)
def test_a_month_the_article_pins_to_one_day_of_the_speaker_takes_that_day(text: str, date: str):
    """ "back in May" is May 12 when May 12 is the only day of May the article names and its
    sentence names the same speaker; two days of May, or someone else's day, leave the month."""
    drafted = draft_article(text, ArticleInfo("a.txt", "W", PUBLISHED), PEOPLE, set())
    (quote,) = drafted.quotes
    assert (quote.speaker, str(quote.date)) == ("carl-dunn", date)
    if date.count("-") == 2:
        assert "'May 12'" in quote.date_basis and "'back in May'" in quote.date_basis


@pytest.mark.parametrize(
    ("follow_up", "speaker", "date"),
    [
        ("Ana Bell said that “ties are strong.”", "ana-bell", "2025"),
        ("“Ties are strong,” Dunn further said.", "carl-dunn", "2025-02-04"),
    ],
)
def test_a_date_from_a_quotations_own_sentence_passes_on_only_to_its_speaker(
    follow_up: str, speaker: str, date: str
):
    """The date a quotation's own sentence gives ("at the meeting on February 4") is that
    quotation's: the next paragraph's quotation takes it only when the same speaker goes on,
    and its basis says it comes from the quotation before."""
    text = f"“We stand together,” Carl Dunn said at the meeting on February 4.\n\n{follow_up}\n"
    drafted = draft_article(text, ArticleInfo("a.txt", "W", PUBLISHED), PEOPLE, set())
    first, second = drafted.quotes
    assert str(first.date) == "2025-02-04"
    assert (second.speaker, str(second.date)) == (speaker, date)
    if date != "2025":
        assert second.date_basis.startswith("as the quotation before it: ")


def _event(
    day: str,
    title: str,
    people: tuple[str, ...],
    *,
    scheduled: bool = False,
    review: str | None = None,
) -> Event:
    date = PartialDate.parse(day)
    assert date is not None
    summary = f"{title}, about trade and the war."
    keywords = tuple(
        w for w in ("phone call", "visit", "Moscow") if w.casefold() in title.casefold()
    )
    return Event(
        title.casefold().replace(" ", "-"), date, title, summary, keywords, people, ("src",),
        "given", None, scheduled=scheduled, review=review,
    )  # fmt: skip


CALL = _event("2025-04-04", "Wang Yi and Carl Dunn hold a phone call", ("wang-yi", "carl-dunn"))
CALL_AGAIN = _event("2025-04-18", "Wang Yi and Carl Dunn hold another phone call", CALL.people)
VISIT = _event("2025-06-20", "Wang Yi visits Moscow", ("wang-yi",))
SAID = "“Wars end at some point,” Wang said."
# events in the sheet, publication, article → drafted date (the event's when its day is taken)
BY_EVENT = [
    ((CALL, VISIT), "2025-07-05", f"In April, Minister Wang held a phone call with Carl Dunn. {SAID}", "2025-04-04"),
    ((CALL, CALL_AGAIN, VISIT), "2025-07-05", f"In April, Minister Wang held a phone call with Carl Dunn. {SAID}", "2025-04"),
    ((CALL,), "2025-07-05", f"In March, Minister Wang held a phone call with Carl Dunn. {SAID}", "2025-03"),
    ((CALL,), "2025-04-02", f"This month, Minister Wang held a phone call with Carl Dunn. {SAID}", "2025-04"),
    ((CALL,), "2025-07-05", "In April, Wang Yi held a phone call with Carl Dunn. “Wars end,” Ana Bell said.", "2025-04"),
    ((CALL,), "2025-07-05", "In April, Minister Wang said: “We are ready.”", "2025-04"),
    ((_event("2025-04-04", CALL.title, CALL.people, scheduled=True),), "2025-07-05", f"In April, Minister Wang held a phone call with Carl Dunn. {SAID}", "2025-04"),
    ((_event("2025-04-04", CALL.title, CALL.people, review="draft"),), "2025-07-05", f"In April, Minister Wang held a phone call with Carl Dunn. {SAID}", "2025-04"),
    ((CALL,), "2025-07-05", f"Minister Wang held a phone call with Carl Dunn. {SAID}", "2025"),
    ((VISIT,), "2025-07-05", f"This week, Minister Wang was on a visit to Moscow. {SAID}", "2025"),
    ((VISIT,), "2025-06-25", f"Last week, Minister Wang was on a visit to Moscow. {SAID}", "2025-06-20"),
]  # fmt: skip


@pytest.mark.parametrize(("events", "published", "text", "date"), BY_EVENT)
def test_a_vague_date_takes_the_day_of_the_one_sheet_event_its_words_speak_of(
    events: tuple[Event, ...], published: str, text: str, date: str
):
    """ "In April … held a phone call" is the day of the sheet's one call in April that the
    speaker took part in, its basis naming the event. Not when two fit, the event lies outside
    the article's words ("in March", "this week" across two months, after the publication),
    only a name matches, the speaker was not there, it was only scheduled or is not reviewed,
    or the article gives no date."""
    sheet = FactSheet(Path("sheet.yaml"), Path("seeds"), "t", "s", (), PEOPLE, (), events)
    pub = PartialDate.parse(published)
    assert pub is not None
    info = ArticleInfo("a.txt", "W", pub)
    drafted = draft_article(text + "\n", info, PEOPLE, set(), timeline=Index(sheet))
    (quote,) = drafted.quotes
    assert str(quote.date) == date
    taken = [e for e in events if str(e.date) == date]
    if taken:
        assert quote.date_basis.endswith(f"the sheet's event: {taken[0].title}, {date}")
    else:
        assert "the sheet's event" not in quote.date_basis
