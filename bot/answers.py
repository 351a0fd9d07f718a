"""Commands in, `Answer`s out: where the bot's behaviour lives.

`COMMANDS` is the one list of commands: each entry's name, usage, help text, option and
function. `answer("!quote Mao Ning", index)` parses a message and calls its command's function,
`!help` is written from the list, and the Discord adapter registers every entry as `!name` and
`/name` and calls the same function with its parsed option. Adding a command is one entry here
and its function (and the adapter's thin hybrid command). Nothing here prints, formats markdown
or knows Discord: renderers and adapters do that.

What a user can get wrong (an empty argument, an unknown command, a bad date) is an
`Answer(status="usage")`, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .dates import DATE_EXAMPLES, DateError, DateRange, split_filter
from .query import clean
from .search import Found, Hit, Index
from .sheet import Event, PartialDate, Person, Quote, Source

Status = Literal["ok", "no_match", "ambiguous", "usage"]
STATUSES: tuple[Status, ...] = ("ok", "no_match", "ambiguous", "usage")

# Longer arguments are refused politely. A pasted quote fits (the sheet's longest is 325
# characters); the cost of fuzzy scoring grows with the query, so there is a limit.
MAX_QUERY_LENGTH = 500


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
    `total` counts every match, of which `results` holds the best `max_results`. `listing`: the
    results are a list to read at a glance, one short line each (`!timeline`, `!who`,
    `!summary`); their details come from `!when`, `!quote` and `!who NAME`.
    """

    command: str
    query: str
    status: Status
    headline: str
    results: tuple[Result, ...] = ()
    suggestions: tuple[str, ...] = ()
    body: str = ""
    total: int = 0
    listing: bool = False
    missing: tuple[str, ...] = ()


# What a command's option autocompletes in a chat that offers it: people by name, the events
# and quotes a phrase finds, or the command names.
Completion = Literal["people", "phrases", "commands"]
# A command's function: (index, its argument, the prefix the user typed) → the answer.
Handler = Callable[[Index, str, str], Answer]


@dataclass(frozen=True)
class Option:
    """A command's one argument: the rest of the line after `!name`, or its slash option.

    `description` says what to type; `completes` what the option autocompletes, if anything.
    """

    name: str
    description: str
    required: bool = False
    max_length: int = MAX_QUERY_LENGTH
    completes: Completion | None = None


@dataclass(frozen=True)
class Command:
    """One command, declared once: `answer()` dispatches through it, `!help` renders it, and
    the Discord adapter registers it as `!name` and `/name` with these texts.

    `arguments` is the usage after the name (`<required> [optional]`); `example` an argument
    that answers well; `brief` the summary said in at most 100 characters, for a summary
    longer than that (Discord's slash command descriptions hold no more).
    """

    name: str
    arguments: str
    summary: str
    example: str
    handler: Handler
    option: Option | None = None
    brief: str = ""

    @property
    def description(self) -> str:
        """The command in one short line, as a list of slash commands shows it."""
        return self.brief or self.summary


COMMANDS: tuple[Command, ...] = (
    Command(
        "quote",
        "<person or words>",
        "Words an article quoted, with who said them, when, and which article quoted them.",
        "Mao Ning",
        lambda index, text, prefix: quote(index, text, prefix=prefix),
        Option("who", "A person's name, or words from a quote", required=True, completes="people"),
    ),
    Command(
        "when",
        "<phrase> [since DATE] [until DATE]",
        "When something happened or was said: ask in your own words, best match first; since,"
        " until, before, after or in DATE narrow it (DATE: 2022, 2022-09, September 2022).",
        "no limits",
        lambda index, text, prefix: when(index, text, prefix=prefix),
        Option(
            "phrase",
            "What happened or was said; add since, until or in a date, e.g. in September 2022",
            required=True,
            completes="phrases",
        ),
        brief="When something happened or was said, best match first; since, until or in a date"
        " narrow it.",
    ),
    Command(
        "summary",
        "",
        "What the fact sheet covers, in a few sentences.",
        "",
        lambda index, _text, _prefix: summary(index),
    ),
    Command(
        "sources",
        "",
        "The articles behind every answer.",
        "",
        lambda index, _text, _prefix: sources(index),
    ),
    Command(
        "who",
        "[name]",
        "The people in the fact sheet, or one of them.",
        "Wang",
        lambda index, text, _prefix: who(index, text),
        Option("name", "A name; leave empty to list everyone", completes="people"),
    ),
    Command(
        "timeline",
        "[period or range]",
        "Events in date order, one line each: a period (2022, September 2022) or a range"
        " (since 2025, from 2022-02 to 2022-03).",
        "September 2022",
        lambda index, text, prefix: timeline(index, text, prefix=prefix),
        Option(
            "dates", "A period or range, e.g. 2022, September 2022, since 2025 or 2022-02 2022-06"
        ),
        brief="Events in date order, one line each, in a period (September 2022) or a range"
        " (since 2025).",
    ),
    Command(
        "help",
        "[command]",
        "This list, or how to use one command.",
        "when",
        lambda _index, text, prefix: help_(text, prefix=prefix),
        Option(
            "command", "A command to explain; leave empty for all of them", completes="commands"
        ),
    ),
)


def find_command(name: str) -> Command | None:
    """The command of `COMMANDS` called `name`, if there is one."""
    return next((command for command in COMMANDS if command.name == name), None)


def answer(message: str, index: Index, *, prefix: str = "!") -> Answer:
    """Answer one chat message such as `!quote Mao Ning` (the prefix may be left out)."""
    text = message.strip()
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :].strip()
    if not text:
        return help_(prefix=prefix)
    name, _, argument = text.partition(" ")
    name = name.casefold()
    command = find_command(name)
    if command is None:
        shown = name if len(name) <= 30 else name[:30] + "…"
        return Answer(
            command="",
            query=text[:MAX_QUERY_LENGTH],
            status="usage",
            headline=f"Unknown command “{prefix}{shown}”. Try {prefix}help.",
            suggestions=tuple(f"{prefix}{c.name}" for c in COMMANDS),
        )
    return command.handler(index, argument.strip(), prefix)


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
    """A person's quotes; if no person is meant, the quotes that best answer those words."""
    if refused := _too_long("quote", " ".join(who.split())):
        return refused
    who = clean(who)
    if not who:
        return _usage("quote", prefix)
    lookup = index.resolve_person(who, maybe_words=True)
    quoted = [m.person for m in lookup.matches if index.quotes_by(m.person.id)]
    if lookup.status == "ambiguous" and len(quoted) == 1:
        # Only one of the people the name could mean has quotes: answer for them, name the rest.
        others = [m.person.name for m in lookup.matches if m.person != quoted[0]]
        also = f"“{who}” could also mean {_names(others)}, with no quotes in the fact sheet."
        return _quotes_of(index, who, quoted[0], body=also)
    if lookup.status == "ambiguous":
        return Answer(
            "quote",
            who,
            "ambiguous",
            f"“{who}” could mean {len(lookup.matches)} people. Which one?",
            results=tuple(_person_result(index, m.person, m.score) for m in lookup.matches),
            suggestions=tuple(m.person.name for m in lookup.matches),
            total=len(lookup.matches),
            listing=True,
        )
    if lookup.status == "found":
        return _quotes_of(index, who, lookup.person)
    found = index.search(who, events=False)
    if found.hits:
        return Answer(
            "quote",
            who,
            "ok",
            f"No person named “{who}”; {_count(found.total, 'quote')} for those words"
            + _best_shown(len(found.hits), found)
            + _missing_text(found)
            + ":",
            results=tuple(_hit_result(index, hit) for hit in found.hits),
            total=found.total,
            missing=found.missing,
        )
    return _no_match("quote", who, index, found=found)


def when(index: Index, phrase: str, *, prefix: str = "!") -> Answer:
    """Events and quotes that match a phrase, best first; `since`/`until` narrow the dates."""
    phrase = " ".join(phrase.split())
    if not phrase:
        return _usage("when", prefix)
    if refused := _too_long("when", phrase):
        return refused
    filtered = split_filter(phrase)
    if isinstance(filtered, DateError):
        return _date_error("when", phrase, filtered, prefix)
    words, dates = filtered.words, filtered.dates
    if not words:  # only dates: what happened then
        return timeline(index, "", dates=dates, command="when", query=phrase)
    since, until = (dates.since, dates.until) if dates else (None, None)
    found = index.search(words, since=since, until=until)
    if not found.hits:
        if dates is not None and (unfiltered := index.search(words)).hits:
            return _filtered_out("when", phrase, unfiltered, dates)
        return _no_match("when", phrase, index, words=found.query.text or words, found=found)
    return Answer(
        "when",
        phrase,
        "ok",
        f"{_count(found.total, 'match', 'matches')} for “{found.query.text}”"
        f"{_range_text(dates)}" + _best_shown(len(found.hits), found) + _missing_text(found),
        results=tuple(_hit_result(index, hit) for hit in found.hits),
        total=found.total,
        missing=found.missing,
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
        listing=True,
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
    if refused := _too_long("who", " ".join(name.split())):
        return refused
    name = clean(name)
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
        return Answer(
            "who",
            "",
            "ok",
            headline,
            results=results,
            body=body,
            total=len(results),
            listing=True,
        )
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
            listing=True,
        )
    return Answer("who", name, "ok", f"“{name}” is {lookup.person.name}", results=results, total=1)


def timeline(
    index: Index,
    argument: str = "",
    *,
    dates: DateRange | None = None,
    command: str = "timeline",
    query: str | None = None,
    prefix: str = "!",
) -> Answer:
    """Events in date order, in a period or a range: "2022", "September 2022", "since 2025"."""
    argument = " ".join(argument.split())
    if refused := _too_long(command, argument):
        return refused
    if argument:
        filtered = split_filter(argument, every_word=True)
        if isinstance(filtered, DateError):
            return _date_error(command, argument, filtered, prefix)
        dates = filtered.dates
    events = sorted(
        (e for e in index.sheet.events if dates is None or dates.holds(e.date)),
        key=lambda e: (timeline_key(e.date), e.id),
    )
    shown_query = argument if query is None else query
    if not events:
        return Answer(
            command,
            shown_query,
            "no_match",
            f"No events{_range_text(dates)}.",
        )
    results = tuple(_event_result(index, event) for event in events)
    return Answer(
        command,
        shown_query,
        "ok",
        f"{_count(len(results), 'event')}{_range_text(dates)}, in date order",
        results=results,
        total=len(results),
        listing=True,
    )


def help_(topic: str = "", *, prefix: str = "!") -> Answer:
    """The commands with an example each, or one command in detail."""
    topic = topic.strip().removeprefix(prefix).casefold()
    if topic:
        command = find_command(topic)
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


def _quotes_of(index: Index, who: str, person: Person, *, body: str = "") -> Answer:
    """Everything `person` is quoted as saying, in date order."""
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
        body=body,
        total=len(results),
    )


def _names(names: list[str]) -> str:
    """ "A", "A or B", "A, B or C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _usage_line(command: Command, prefix: str) -> str:
    return f"{prefix}{command.name} {command.arguments}".strip()


def _help_text(command: Command, prefix: str) -> str:
    text = command.summary
    if command.example:
        text += f"\nExample: {prefix}{command.name} {command.example}"
    return text


def _usage(name: str, prefix: str = "!") -> Answer:
    command = find_command(name)
    if command is None:
        raise KeyError(name)  # only this module's commands ask for their usage line
    return Answer(
        name,
        "",
        "usage",
        f"Usage: {_usage_line(command, prefix)}",
        body=_help_text(command, prefix),
    )


def _date_error(command: str, query: str, error: DateError, prefix: str) -> Answer:
    if error.kind == "not_a_date":
        headline = f"“{error.value[:30]}” is not a date: write it as {DATE_EXAMPLES}."
    elif error.kind == "empty":
        headline = f"“{error.value}” holds no days: it ends before it starts."
    else:
        return _usage(command, prefix)
    return Answer(command, query, "usage", headline)


def _filtered_out(command: str, query: str, unfiltered: Found, dates: DateRange) -> Answer:
    """Every match lies outside the dates asked for: say so, rather than "no match"."""
    matches = _count(unfiltered.total, "entry", "entries")
    return Answer(
        command,
        query,
        "no_match",
        f"“{unfiltered.query.text}” matches {matches}, none {dates.text}.",
        body="Ask without the dates to see them.",
    )


def _no_match(
    command: str,
    query: str,
    index: Index,
    *,
    words: str | None = None,
    phrases: bool = True,
    found: Found | None = None,
) -> Answer:
    suggestions = tuple(person.name for person in index.suggest_people(words or query))
    what = "person or quote" if phrases else "person"
    if command == "when":
        what = "event or quote"
    missing = found.missing if found else ()
    headline = f"No {what} matches “{words or query}”."
    if found and found.terms and missing:
        headline = f"No {what} matches “{words or query}”{_missing_text(found)}."
    elif missing:
        headline = f"No {what} mentions {_quoted(missing)}."
    return Answer(command, query, "no_match", headline, suggestions=suggestions, missing=missing)


def _quoted(words: tuple[str, ...]) -> str:
    return ", ".join(f"“{word}”" for word in words)


def timeline_key(date: PartialDate) -> tuple[int, int, int]:
    """Reading order for a timeline: within a year, entries dated to the month or day come
    before those known only to the year, and within a month, dated days before the month alone.

    A year-only "2022" cannot be placed among the year's dated events, so it goes after them
    rather than before February 4 as if it were January 1.
    """
    return (date.year, date.month or 13, date.day or 32)


def _missing_text(found: Found) -> str:
    """Like a search engine's "Missing: …": the words nothing in the sheet mentions."""
    return f" (nothing mentions {_quoted(found.missing)})" if found.missing else ""


def _range_text(dates: DateRange | None) -> str:
    return f" {dates.text}" if dates else ""


def _best_shown(shown: int, found: Found) -> str:
    return f" (the best {shown} shown)" if shown < found.total else ""


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


def _hit_result(index: Index, hit: Hit) -> Result:
    if isinstance(hit.entry, Event):
        return _event_result(index, hit.entry, hit.score)
    return _quote_result(index, hit.entry, hit.score)


def _person_result(index: Index, person: Person, score: float | None = None) -> PersonResult:
    return PersonResult(person, len(index.quotes_by(person.id)), score)


def _source_result(index: Index, source: Source) -> SourceResult:
    return SourceResult(source, *index.counts_for_source(source.id))
