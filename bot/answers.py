"""Commands in, `Answer`s out: where the bot's behaviour lives.

`answer("!quote Mao Ning", index)` parses a message and calls the command's function; the
Discord adapter calls the same functions (`quote`, `when`, …) with its parsed options. Nothing
here prints, formats markdown or knows Discord: renderers and adapters do that.

What a user can get wrong (an empty argument, an unknown command, a bad date) is an
`Answer(status="usage")`, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .search import Hit, Index
from .sheet import Event, PartialDate, Person, Quote, Source

Status = Literal["ok", "no_match", "ambiguous", "usage", "error"]
STATUSES: tuple[Status, ...] = ("ok", "no_match", "ambiguous", "usage", "error")

# Longer arguments are refused: no name or phrase in the sheet is anywhere near this long,
# and fuzzy scoring cost grows with the query.
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class QuoteResult:
    quote: Quote
    speaker: Person
    source: Source
    score: float | None = None


@dataclass(frozen=True)
class EventResult:
    event: Event
    people: tuple[Person, ...]
    sources: tuple[Source, ...]
    score: float | None = None


@dataclass(frozen=True)
class PersonResult:
    person: Person
    quote_count: int
    score: float | None = None


@dataclass(frozen=True)
class SourceResult:
    source: Source
    quote_count: int
    event_count: int


Result = QuoteResult | EventResult | PersonResult | SourceResult


@dataclass(frozen=True)
class Answer:
    """What the bot has to say. Texts are plain (unescaped); renderers escape and format.

    `headline` is one line saying what the answer is; `body` is extra prose (summary, help);
    `total` counts every match, of which `results` holds the best `max_results`.
    """

    command: str
    query: str
    status: Status
    headline: str
    results: tuple[Result, ...] = ()
    suggestions: tuple[str, ...] = ()
    body: str = ""
    total: int = 0


@dataclass(frozen=True)
class CommandHelp:
    name: str
    arguments: str
    summary: str
    example: str


COMMANDS: tuple[CommandHelp, ...] = (
    CommandHelp(
        "quote",
        "<person or words>",
        "Words an article quoted, with who said them, when, and which article quoted them.",
        "Mao Ning",
    ),
    CommandHelp(
        "when",
        "<phrase> [since DATE] [until DATE]",
        "When something happened or was said, best match first.",
        "no limits",
    ),
    CommandHelp("summary", "", "What the fact sheet covers, in a few sentences.", ""),
    CommandHelp("sources", "", "The articles behind every answer.", ""),
    CommandHelp("who", "[name]", "The people in the fact sheet, or one of them.", "Wang"),
    CommandHelp(
        "timeline", "[from] [to]", "Events in date order, optionally between dates.", "2025"
    ),
    CommandHelp("help", "[command]", "This list, or how to use one command.", "when"),
)
_COMMANDS_BY_NAME = {command.name: command for command in COMMANDS}


def answer(message: str, index: Index, *, prefix: str = "!") -> Answer:
    """Answer one chat message such as `!quote Mao Ning` (the prefix may be left out)."""
    text = message.strip()
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :].strip()
    if not text:
        return help_(prefix=prefix)
    name, _, argument = text.partition(" ")
    name = name.casefold()
    argument = argument.strip()
    handlers: dict[str, Callable[[], Answer]] = {
        "quote": lambda: quote(index, argument, prefix=prefix),
        "when": lambda: when(index, argument, prefix=prefix),
        "summary": lambda: summary(index),
        "sources": lambda: sources(index),
        "who": lambda: who(index, argument),
        "timeline": lambda: timeline(index, argument, prefix=prefix),
        "help": lambda: help_(argument, prefix=prefix),
    }
    handler = handlers.get(name)
    if handler is None:
        shown = name if len(name) <= 30 else name[:30] + "…"
        return Answer(
            command="",
            query=text[:MAX_QUERY_LENGTH],
            status="usage",
            headline=f"Unknown command “{prefix}{shown}”. Try {prefix}help.",
            suggestions=tuple(f"{prefix}{c.name}" for c in COMMANDS),
        )
    return handler()


def _too_long(command: str, query: str) -> Answer | None:
    if len(query) <= MAX_QUERY_LENGTH:
        return None
    return Answer(
        command,
        query[:MAX_QUERY_LENGTH],
        "usage",
        f"That is {len(query):,} characters; ask with at most {MAX_QUERY_LENGTH}.",
    )


def quote(index: Index, who: str, *, prefix: str = "!") -> Answer:
    """A person's quotes; if no person is meant, the quotes that hold these words."""
    who = " ".join(who.split())
    if not who:
        return _usage("quote", prefix)
    if refused := _too_long("quote", who):
        return refused
    lookup = index.resolve_person(who)
    if lookup.status == "ambiguous":
        return Answer(
            "quote",
            who,
            "ambiguous",
            f"“{who}” could mean {len(lookup.matches)} people. Which one?",
            results=tuple(_person_result(index, m.person, m.score) for m in lookup.matches),
            suggestions=tuple(m.person.name for m in lookup.matches),
            total=len(lookup.matches),
        )
    if lookup.status == "found":
        person = lookup.person
        quotes = index.quotes_by(person.id)
        if not quotes:
            return Answer(
                "quote",
                who,
                "no_match",
                f"The fact sheet has no quotes from {person.name} ({person.role}).",
                body=f"Events they took part in: try the when command with “{person.name}”.",
            )
        results = tuple(_quote_result(index, q) for q in quotes)
        return Answer(
            "quote",
            who,
            "ok",
            f"{_count(len(quotes), 'quote')} from {person.name}",
            results=results,
            total=len(results),
        )
    hits = index.search_quotes(who)
    if hits:
        shown = hits[: index.settings.max_results]
        return Answer(
            "quote",
            who,
            "ok",
            f"No person named “{who}”; {_count(len(hits), 'quote')} holding those words"
            + _best_shown(len(shown), len(hits))
            + ":",
            results=tuple(_quote_result(index, hit.entry, hit.score) for hit in shown),
            total=len(hits),
        )
    return _no_match("quote", who, index)


# "since 2025", "until 2022-06": a filter only when a date-like word follows, so that
# "!when until the war ends" is a phrase. Non-ASCII digits are not dates.
_FILTER_RE = re.compile(r"\b(since|from|until|to)\s+(\d\S*)", re.IGNORECASE | re.ASCII)
_SINCE_WORDS = {"since", "from"}


def when(index: Index, phrase: str, *, prefix: str = "!") -> Answer:
    """Events and quotes that match a phrase, best first; `since`/`until` narrow the dates."""
    phrase = " ".join(phrase.split())
    if not phrase:
        return _usage("when", prefix)
    if refused := _too_long("when", phrase):
        return refused
    bounds: dict[str, PartialDate] = {}
    for word, value in _FILTER_RE.findall(phrase):
        parsed = PartialDate.parse(value)
        if parsed is None:
            return _bad_date("when", phrase, value)
        bounds["since" if word.casefold() in _SINCE_WORDS else "until"] = parsed
    words = _FILTER_RE.sub(" ", phrase).strip()
    since, until = bounds.get("since"), bounds.get("until")
    if not words:
        if not bounds:
            return _usage("when", prefix)
        return timeline(index, "", since=since, until=until, command="when", query=phrase)
    if since and until and since.first_day() > until.last_day():
        return _reversed_range("when", phrase, since, until)
    hits: list[tuple[float, int, Hit[Event] | Hit[Quote]]] = []
    hits += [(h.score, 0, h) for h in index.search_events(words) if _within(h.entry, since, until)]
    hits += [(h.score, 1, h) for h in index.search_quotes(words) if _within(h.entry, since, until)]
    # Best score first; at equal score an event (what happened) before a quote about it,
    # then the earlier date.
    hits.sort(key=lambda item: (-item[0], item[1], item[2].entry.date.sort_key()))
    if not hits:
        return _no_match("when", phrase, index, words=words)
    shown = hits[: index.settings.max_results]
    return Answer(
        "when",
        phrase,
        "ok",
        f"{_count(len(hits), 'match', 'matches')} for “{words}”{_range_text(since, until)}"
        + _best_shown(len(shown), len(hits)),
        results=tuple(_hit_result(index, hit) for _score, _kind, hit in shown),
        total=len(hits),
    )


def summary(index: Index) -> Answer:
    """The topic, the curated summary, how much the sheet holds and the sources."""
    sheet = index.sheet
    dates = [event.date for event in sheet.events] + [quote.date for quote in sheet.quotes]
    # The range runs from the earliest known day to the latest: a year-only date ("2022")
    # must not stretch it to January 1.
    first = min(dates, key=lambda d: (d.last_day(), d.first_day())) if dates else None
    last = max(dates, key=lambda d: (d.first_day(), d.last_day())) if dates else None
    counts = (
        f"{_count(len(sheet.sources), 'source')}, {_count(len(sheet.people), 'person', 'people')}, "
        f"{_count(len(sheet.quotes), 'quote')}, {_count(len(sheet.events), 'event')}"
    )
    if first and last:
        counts += f", from {first} to {last}"
    results = tuple(_source_result(index, source) for source in sheet.sources)
    return Answer(
        "summary",
        "",
        "ok",
        sheet.topic,
        results=results,
        body=f"{sheet.summary}\n\n{counts}.",
        total=len(results),
    )


def sources(index: Index) -> Answer:
    """Every article, one line each."""
    results = tuple(_source_result(index, source) for source in index.sheet.sources)
    return Answer(
        "sources",
        "",
        "ok",
        f"{_count(len(results), 'source')}",
        results=results,
        total=len(results),
    )


def who(index: Index, name: str = "") -> Answer:
    """Everyone in the sheet with their role and number of quotes, or the person meant."""
    name = " ".join(name.split())
    if refused := _too_long("who", name):
        return refused
    if not name:
        # People first, then bodies (a ministry, a joint statement): who spoke is not what spoke.
        people = sorted(
            index.sheet.people,
            key=lambda p: (p.kind == "body", -len(index.quotes_by(p.id)), p.name.casefold()),
        )
        results = tuple(_person_result(index, person) for person in people)
        bodies = sum(person.kind == "body" for person in people)
        counted = _count(len(people) - bodies, "person", "people")
        headline, body = f"{counted} in the fact sheet", ""
        if bodies:
            headline = f"{counted} and {_count(bodies, 'body', 'bodies')} in the fact sheet"
            body = (
                "People first, then the bodies that speak as one: governments, ministries, "
                "joint statements and meetings."
            )
        return Answer("who", "", "ok", headline, results=results, body=body, total=len(results))
    lookup = index.resolve_person(name)
    if lookup.status == "none":
        return _no_match("who", name, index, phrases=False)
    results = tuple(_person_result(index, m.person, m.score) for m in lookup.matches)
    if lookup.status == "ambiguous":
        return Answer(
            "who",
            name,
            "ambiguous",
            f"“{name}” could mean {len(results)} people:",
            results=results,
            suggestions=tuple(m.person.name for m in lookup.matches),
            total=len(results),
        )
    return Answer("who", name, "ok", f"“{name}” is {lookup.person.name}", results=results, total=1)


def timeline(
    index: Index,
    argument: str = "",
    *,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    command: str = "timeline",
    query: str | None = None,
    prefix: str = "!",
) -> Answer:
    """Events in date order between optional dates: "2022 2022-06", "since 2025", "until 2022"."""
    argument = " ".join(argument.split())
    if refused := _too_long(command, argument):
        return refused
    words = argument.split()
    bare: list[PartialDate] = []
    i = 0
    while i < len(words):
        keyword = words[i].casefold()
        if keyword in ("since", "from", "until", "to"):
            if i + 1 == len(words):
                return _usage(command, prefix)
            value, i = words[i + 1], i + 2
        else:
            keyword, value, i = "", words[i], i + 1
        date = PartialDate.parse(value)
        if date is None:
            return _bad_date(command, argument, value)
        if keyword in _SINCE_WORDS:
            since = date
        elif keyword:
            until = date
        else:
            bare.append(date)
    if len(bare) > 2:
        return _usage(command, prefix)
    if bare:  # bare dates are the first and the last date, in that order
        since = bare[0]
        until = bare[1] if len(bare) == 2 else until
    if since and until and since.first_day() > until.last_day():
        return _reversed_range(command, argument, since, until)
    events = sorted(
        (e for e in index.sheet.events if _within(e, since, until)),
        key=lambda e: (timeline_key(e.date), e.id),
    )
    shown_query = argument if query is None else query
    if not events:
        return Answer(
            command,
            shown_query,
            "no_match",
            f"No events{_range_text(since, until)}.",
        )
    results = tuple(_event_result(index, event) for event in events)
    return Answer(
        command,
        shown_query,
        "ok",
        f"{_count(len(results), 'event')}{_range_text(since, until)}, in date order",
        results=results,
        total=len(results),
    )


def help_(topic: str = "", *, prefix: str = "!") -> Answer:
    """The commands with an example each, or one command in detail."""
    topic = topic.strip().removeprefix(prefix).casefold()
    if topic:
        command = _COMMANDS_BY_NAME.get(topic)
        if command is None:
            return Answer(
                "help",
                topic[:MAX_QUERY_LENGTH],
                "usage",
                f"No command “{topic[:30]}”. Try {prefix}help.",
                suggestions=tuple(f"{prefix}{c.name}" for c in COMMANDS),
            )
        return Answer(
            "help", topic, "ok", _usage_line(command, prefix), body=_help_text(command, prefix)
        )
    lines = [f"{_usage_line(c, prefix)} — {c.summary}" for c in COMMANDS]
    examples = [f"{prefix}{c.name} {c.example}".strip() for c in COMMANDS if c.example]
    body = "\n".join(lines) + "\n\nExamples: " + ", ".join(examples)
    return Answer("help", "", "ok", "factbot answers from a verified fact sheet.", body=body)


# --- helpers ------------------------------------------------------------------------------


def _usage_line(command: CommandHelp, prefix: str) -> str:
    return f"{prefix}{command.name} {command.arguments}".strip()


def _help_text(command: CommandHelp, prefix: str) -> str:
    text = command.summary
    if command.example:
        text += f"\nExample: {prefix}{command.name} {command.example}"
    return text


def _usage(name: str, prefix: str = "!") -> Answer:
    command = _COMMANDS_BY_NAME[name]
    return Answer(
        name,
        "",
        "usage",
        f"Usage: {_usage_line(command, prefix)}",
        body=_help_text(command, prefix),
    )


def _reversed_range(command: str, query: str, since: PartialDate, until: PartialDate) -> Answer:
    return Answer(command, query, "usage", f"{since} is after {until}: nothing in between.")


def _bad_date(command: str, query: str, value: str) -> Answer:
    return Answer(
        command,
        query,
        "usage",
        f"“{value[:30]}” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.",
    )


def _no_match(
    command: str, query: str, index: Index, *, words: str | None = None, phrases: bool = True
) -> Answer:
    suggestions = tuple(person.name for person in index.suggest_people(words or query))
    what = "person or quote" if phrases else "person"
    if command == "when":
        what = "event or quote"
    return Answer(
        command,
        query,
        "no_match",
        f"No {what} matches “{words or query}”.",
        suggestions=suggestions,
    )


def timeline_key(date: PartialDate) -> tuple[int, int, int]:
    """Reading order for a timeline: within a year, entries dated to the month or day come
    before those known only to the year, and within a month, dated days before the month alone.

    A year-only "2022" cannot be placed among the year's dated events, so it goes after them
    rather than before February 4 as if it were January 1.
    """
    return (date.year, date.month or 13, date.day or 32)


def _within(entry: Quote | Event, since: PartialDate | None, until: PartialDate | None) -> bool:
    """The entry's whole date lies in the range: "2022" is not "since 2022-09"."""
    if since and entry.date.first_day() < since.first_day():
        return False
    return not (until and entry.date.last_day() > until.last_day())


def _range_text(since: PartialDate | None, until: PartialDate | None) -> str:
    if since and until:
        return f" from {since} to {until}"
    if since:
        return f" since {since}"
    return f" until {until}" if until else ""


def _best_shown(shown: int, total: int) -> str:
    return f" (the best {shown} shown)" if shown < total else ""


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def _quote_result(index: Index, quote: Quote, score: float | None = None) -> QuoteResult:
    sheet = index.sheet
    return QuoteResult(quote, sheet.person(quote.speaker), sheet.source(quote.source), score)


def _event_result(index: Index, event: Event, score: float | None = None) -> EventResult:
    sheet = index.sheet
    return EventResult(
        event,
        tuple(sheet.person(p) for p in event.people),
        tuple(sheet.source(s) for s in event.sources),
        score,
    )


def _hit_result(index: Index, hit: Hit[Event] | Hit[Quote]) -> Result:
    if isinstance(hit.entry, Event):
        return _event_result(index, hit.entry, hit.score)
    return _quote_result(index, hit.entry, hit.score)


def _person_result(index: Index, person: Person, score: float | None = None) -> PersonResult:
    return PersonResult(person, len(index.quotes_by(person.id)), score)


def _source_result(index: Index, source: Source) -> SourceResult:
    return SourceResult(source, *index.counts_for_source(source.id))
