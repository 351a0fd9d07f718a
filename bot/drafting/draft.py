"""Draft the fact-sheet entries of a new article: its source, new people and quotations.

Pure: the article's text, what is known about it, the sheet's people and (optionally) the
sheet's index, whose events may narrow a vague date, go in; entries come out, every one marked
`review: draft`. Reading and writing files is `factbot add`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from bot.check import _name_keys, normalise_verbatim
from bot.search import Index
from bot.sheet import PartialDate, Person, Quote, Source

from .article import Layout, Span, find_quotations, read_layout, sentence_bounds
from .dates import PLANNED, DateMention, find_dates
from .passage import last_free, near, passage_date
from .speakers import NewPerson, Speakers, fold
from .timeline import event_on

DRAFT = "draft"
# Why a draft is of low confidence; its `review` reads "draft, low confidence: " and the reasons.
LOW_CONFIDENCE = "draft, low confidence: "
SHORT = "a short phrase, maybe a scare quote or a label"
NO_SPEAKER = "no speaker found; set the speaker"
PASSAGE_DATE = "the date is the passage's, not given by the quotation's own sentence: check it"
# Quotations of this many words or fewer are often scare quotes or labels ("balanced").
SHORT_WORDS = 3


@dataclass(frozen=True)
class ArticleInfo:
    """What the person adding the article says about it (nothing else is assumed)."""

    file: str
    outlet: str
    published: PartialDate
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Draft:
    """The drafted entries, ready to be written into the sheet."""

    source: Source
    people: tuple[Person, ...]
    quotes: tuple[Quote, ...]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "entry"


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def headline(layout: Layout) -> str | None:
    """The first line when it reads as a headline: short, and not a sentence."""
    if not layout.paragraphs or not layout.is_heading(0):
        return None
    return layout.paragraph_text(0)


def draft_article(
    text: str,
    info: ArticleInfo,
    people: Sequence[Person],
    taken_ids: Collection[str],
    *,
    timeline: Index | None = None,
) -> Draft:
    """Draft the entries of the article `text` (see the package docstring for the rules).

    `timeline`: the index of the sheet the article is added to; its events may narrow a vague
    date to the day of the one event the quotation's words speak of (`timeline.event_on`).
    """
    taken = set(taken_ids)
    layout = read_layout(text)
    source_id = _unique(f"{slug(info.outlet)}-{info.published}", taken)
    title = info.title or headline(layout)
    source = Source(
        id=source_id,
        file=info.file,
        outlet=info.outlet,
        title=title or "untitled: give the article's title",
        author=layout.author,
        published=info.published,
        published_basis="given when the article was added",
        url=info.url or "unknown: give the article's web address",
        original_url=None,
        caution=None,
        boilerplate=layout.boilerplate,
        boilerplate_from=layout.boilerplate_from,
        review=DRAFT,
    )
    speakers = Speakers(text, people)
    spans = _distinct(find_quotations(layout))
    inside = [(s.open, s.close) for s in spans]
    dates = [
        d
        for d in find_dates(text[: layout.body_end], info.published)
        if not d.opens_period and not any(a <= d.start < b for a, b in inside)
    ]
    new_ids: dict[str, str] = {}
    drafted_people: list[Person] = []
    known_keys = {key for p in people for form in (p.name, *p.aliases) for key in _name_keys(form)}
    unknown_speaker: str | None = None
    quotes: list[Quote] = []
    previous: _Previous | None = None
    last_speaker: str | None = None
    claimed: set[int] = set()  # date mentions that dated a quotation in their own sentence
    for index, span in enumerate(spans):
        paragraph = layout.paragraphs[span.paragraph]
        # From the sentence the quotation opens in to the end of the one it closes in: a
        # quotation of several sentences is one sentence of the writer's.
        sentence = (
            sentence_bounds(text, paragraph.start, paragraph.end, span.open)[0],
            sentence_bounds(text, paragraph.start, paragraph.end, span.close)[1],
        )
        same_paragraph = previous is not None and previous.paragraph == span.paragraph
        who, how = speakers.speaker(
            sentence=sentence,
            open_at=span.open,
            close_at=span.close,
            previous=(previous.close, previous.who) if previous and same_paragraph else None,
            last_speaker=last_speaker,
        )
        if who is not None and who.startswith("new:"):
            name = who[4:]
            if name not in new_ids:
                person = _new_person(speakers.new[name], info, taken, known_keys)
                new_ids[name] = person.id
                drafted_people.append(person)
            speaker_id = new_ids[name]
        elif who is not None:
            speaker_id = who
        else:
            if unknown_speaker is None:
                unknown_speaker = _unique(f"unknown-speaker-{source_id}", taken)
                drafted_people.append(
                    Person(
                        id=unknown_speaker,
                        name=f"Unnamed speaker in {info.outlet} ({info.published})",
                        role="a speaker the draft could not name: set each quote's speaker",
                        kind="person",
                        aliases=(),
                        review=DRAFT,
                    )
                )
            speaker_id = unknown_speaker
        carried = previous if previous and ("carried" in how or "continues" in how) else None
        # The quotation just before, one paragraph up: its passage's date, or the date its own
        # sentence gave it when the same speaker goes on ("Mao further said").
        before_previous = (
            previous
            if carried is None
            and previous is not None
            and previous.paragraph == span.paragraph - 1
            and (not previous.dated.own or previous.who == who)
            else None
        )
        next_open = spans[index + 1].open if index + 1 < len(spans) else len(text)
        dated = _date_of(
            span, sentence, next_open, layout, dates, claimed, carried, before_previous, info
        )
        dated = _pinned_day(dated, who, dates, layout, speakers)
        if timeline is not None:
            dated = _by_event(dated, sentence, speaker_id, layout, timeline, info)
        words = len(span.text.split())
        sentence_like = span.text[0].isupper() and span.text.endswith((".", "!", "?"))
        short = words <= SHORT_WORDS and not sentence_like
        doubts = [
            reason
            for reason, doubted in (
                (NO_SPEAKER, who is None),
                (SHORT, short and who is not None),
                (PASSAGE_DATE, dated.passage),
            )
            if doubted
        ]
        review = LOW_CONFIDENCE + "; ".join(doubts) if doubts else DRAFT
        context = " ".join(text[sentence[0] : sentence[1]].split())
        if len(context) > 300:
            context = context[:299].rstrip() + "…"
        first_words = "-".join(slug(w) for w in span.text.split()[:4])
        quotes.append(
            Quote(
                id=_unique(f"{speaker_id}-{first_words}"[:80].strip("-"), taken),
                speaker=speaker_id,
                text=span.text,
                source=source_id,
                date=dated.date,
                date_basis=dated.basis,
                context=f"As printed in {info.outlet}: {context}",
                article_says=dated.article_says,
                review=review,
            )
        )
        previous = _Previous(span.close, who, span.paragraph, dated)
        last_speaker = who
    return Draft(source, tuple(drafted_people), tuple(quotes))


def _distinct(spans: list[Span]) -> list[Span]:
    """Drop a quotation whose words stand inside another one of the article (a repeat)."""
    keys = [normalise_verbatim(s.text).strip(" ,.") for s in spans]
    kept = []
    for i, span in enumerate(spans):
        inside = any(
            j != i and keys[i] in keys[j] and (len(keys[j]) > len(keys[i]) or j < i)
            for j in range(len(spans))
        )
        if not inside:
            kept.append(span)
    return kept


def _new_person(
    found: NewPerson, info: ArticleInfo, taken: set[str], known_keys: set[str]
) -> Person:
    role = found.role or "role not stated in the article"
    aliases = []
    if found.role and found.role != found.name and len(found.role.split()) <= 5:
        alias = f"{found.role} {found.name}"
        if not known_keys & set(_name_keys(alias)):
            aliases.append(alias)
    return Person(
        id=_unique(slug(found.name), taken),
        name=found.name,
        role=role,
        kind="body" if found.kind == "body" else "person",
        aliases=tuple(aliases),
        review=DRAFT,
    )


@dataclass(frozen=True)
class Dated:
    """A quotation's date, how it was reached, and the article's words that gave it."""

    date: PartialDate
    basis: str
    article_says: str | None
    # The date expression the date comes from; None when the article gives none.
    mention: DateMention | None
    # The quotation's own sentence gave the date (or the same speaker's quotation before it).
    own: bool = False
    # The date is the passage's, found paragraphs above (`passage.passage_date`).
    passage: bool = False


@dataclass(frozen=True)
class _Previous:
    """The quotation drafted just before: where it ends, who said it, its paragraph and date."""

    close: int
    who: str | None
    paragraph: int
    dated: Dated


_AS_BEFORE = "as the quotation before it: "


def _date_of(
    span: Span,
    sentence: tuple[int, int],
    next_open: int,
    layout: Layout,
    dates: list[DateMention],
    claimed: set[int],
    carried: _Previous | None,
    before_previous: _Previous | None,
    info: ArticleInfo,
) -> Dated:
    """The quotation's date, from the nearest place that gives one:

    1. its sentence: a date before the quotation, or after it unless another quotation opens
       first ("…,” she said on Friday"; but in "“a” … back in June that “b”" June is b's);
    2. its paragraph, before it: the last date not already used by another quotation's
       sentence, or a more precise one that the last contains ("September 15" within
       "this week");
    3. the quotation it continues (same speaker carried over), or the one just before it in
       the paragraph above (the caller passes that one only when its date is its passage's,
       or its own sentence's and the speaker is the same);
    4. the paragraph above, the same way as 2;
    5. the passage it stands in (`passage.passage_date`); a quotation before it dated that
       way passes nothing on in 3: each quotation is as far from its passage as it stands;
    6. else the publication's year, said to be undated.
    """
    in_sentence = [d for d in dates if sentence[0] <= d.start < sentence[1]]
    before = [d for d in in_sentence if d.start < span.open]
    after = [d for d in in_sentence if d.start > span.close and next_open >= sentence[1]]
    if before or after:
        found = before[-1] if before else after[0]
        claimed.add(found.start)
        return Dated(found.date, found.basis, found.article_says, found, own=True)
    paragraph = layout.paragraphs[span.paragraph]
    earlier = last_free(dates, claimed, paragraph.start, span.open)
    if earlier is not None:
        basis = f"from the same paragraph: {earlier.basis}"
        return Dated(earlier.date, basis, earlier.article_says, earlier)
    for previous in (carried, before_previous):
        if previous is None or previous.dated.passage:
            continue
        if not previous.dated.own and not near(layout, previous.dated.mention, span.paragraph):
            # Passed on from quotation to quotation, a date stays within its passage's reach.
            continue
        dated = previous.dated
        if dated.mention is None:
            return dated
        basis = dated.basis if dated.basis.startswith(_AS_BEFORE) else _AS_BEFORE + dated.basis
        return replace(dated, basis=basis)
    if span.paragraph > 0:
        above = layout.paragraphs[span.paragraph - 1]
        earlier = last_free(dates, claimed, above.start, above.end)
        if earlier is not None:
            basis = f"from the paragraph before: {earlier.basis}"
            return Dated(earlier.date, basis, earlier.article_says, earlier)
    passage = passage_date(layout, dates, claimed, span.paragraph, span.open)
    if passage is not None:
        return Dated(passage.date, passage.basis, None, passage.mention, passage=True)
    year = PartialDate(info.published.year)
    basis = f"not dated in the article (published {info.published}) → year precision"
    return Dated(year, basis, None, None)


def _pinned_day(
    dated: Dated,
    who: str | None,
    dates: list[DateMention],
    layout: Layout,
    speakers: Speakers,
) -> Dated:
    """A month the article pins to one day elsewhere: "his promise back in June" in an article
    whose only day of June is "his June 15 phone chat", said of the same speaker, is June 15.

    Only when the article names exactly one day of that month (not as planned, not after its
    publication) and a sentence holding it names the quotation's speaker.
    """
    date = dated.date
    if dated.mention is None or date.precision != "month" or who is None or dated.article_says:
        return dated
    if dated.passage:
        return dated
    days = [
        d
        for d in dates
        if d.date.precision == "day"
        and (d.date.year, d.date.month) == (date.year, date.month)
        and d.article_says is None
        and not d.basis.endswith(PLANNED)
    ]
    if len({d.date for d in days}) != 1:
        return dated
    for day in days:
        sentence = _sentence_at(layout, day.start)
        if any(m.who == who for m in speakers.in_range(*sentence)):
            basis = (
                f"{dated.basis}; the only day of {date} the article names is '{day.words}', "
                f"in a sentence naming the same speaker → {day.date}"
            )
            return replace(dated, date=day.date, basis=basis, article_says=None)
    return dated


def _by_event(
    dated: Dated,
    sentence: tuple[int, int],
    speaker: str,
    layout: Layout,
    timeline: Index,
    info: ArticleInfo,
) -> Dated:
    """A date the article gives vaguely ("in April", "this week"), narrowed to the day of the
    one event of the sheet that its words speak of (see `timeline.event_on`)."""
    mention = dated.mention
    if mention is None or dated.date.precision == "day" or mention.basis.endswith(PLANNED):
        return dated
    if dated.passage:
        # Two inferences (the passage's date, then an event within it) are one too many.
        return dated
    text = layout.text
    words = [text[sentence[0] : sentence[1]]]
    where = _sentence_at(layout, mention.start)
    if where != sentence:
        words.insert(0, text[where[0] : where[1]])
    first, last = mention.span()
    event = event_on(
        timeline, " ".join(words), speaker=speaker, first=first, last=last, published=info.published
    )
    if event is None:
        return dated
    basis = f"{dated.basis}; the sheet's event: {event.title}, {event.date}"
    return replace(dated, date=event.date, basis=basis, article_says=None)


def _sentence_at(layout: Layout, offset: int) -> tuple[int, int]:
    """The sentence holding `offset`."""
    index = layout.paragraph_at(offset)
    if index is None:
        return offset, offset
    paragraph = layout.paragraphs[index]
    return sentence_bounds(layout.text, paragraph.start, paragraph.end, offset)
