"""The search index over a fact sheet: who is meant by a name, which entries answer a question.

Names are matched in tiers, most certain first, and the first tier that finds anyone decides:

1. exact: the name or an alias, ignoring case and spacing ("mao ning");
2. normalised: accents, punctuation, name order and a missing space forgiven ("Ning Mao",
   "maoning", "Kuléba");
3. surname: the query is one word of a person's name ("Mao", "Wang" — two people, so ambiguous);
4. fuzzy: rapidfuzz `token_sort_ratio` (order-insensitive) over names, aliases and name words,
   for typos ("Mao Nign", "Lavorv"); only queries of `min_query_length` characters or more.
   Each distinct written form is scored once, its words sorted in advance (`token_sort_ratio`
   is `ratio` on the sorted words), and only forms whose length allows the cutoff.

Questions ("!when Wang Yi Moscow", "!quote no limits friendship") go through `bot.query` (markup
and stop words out) and `bot.ranking` (every word counts, wherever it stands; rarer words weigh
more; close words score above scattered ones). A person named in a question, by any tier, is
one term: the entries that person speaks or takes part in. `search()` answers with the best
entries, how many match, and the words nothing in the sheet mentions.

The reference for all of it is `tests/oracle.py`, which scores every entry of the sheet with
the same model; tests/test_search_index.py and tests/benchmarks/ hold this index to it.
It knows rapidfuzz and the fact sheet, and nothing about commands, rendering or Discord.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process, utils

from . import ranking
from .query import Query, analyse, words
from .query import fold as fold_text
from .ranking import (
    CHUNK,
    EVENTS,
    QUOTES,
    Alternative,
    Document,
    Entries,
    Floats,
    Ranker,
    State,
    Term,
    Vocabulary,
)
from .settings import MatchSettings
from .sheet import Event, FactSheet, PartialDate, Person, Quote, gc_paused

Days = npt.NDArray[np.int64]
Tier = Literal["exact", "normalised", "surname", "fuzzy"]
# A name in a question spans at most this many words ("Chinese Foreign Ministry spokesperson").
MAX_NAME_WORDS = 4
# A misspelt name in a question is looked for among runs of at most this many words.
FUZZY_NAME_WORDS = 2


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: the form names compare in
    (`bot.query.fold`, then rapidfuzz's processing)."""
    return utils.default_process(fold_text(text))


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    score: float
    tier: Tier


@dataclass(frozen=True)
class PersonLookup:
    """The outcome of resolving a name: one clear person, several candidates, or nobody."""

    status: Literal["found", "ambiguous", "none"]
    matches: tuple[PersonMatch, ...]

    @property
    def person(self) -> Person:
        assert self.status == "found"
        return self.matches[0].person


@dataclass(frozen=True)
class Hit:
    """An event or a quote that answers a question, with its score (higher is better)."""

    entry: Event | Quote
    score: float


@dataclass(frozen=True)
class Found:
    """What a question found.

    `hits`: the best entries, best first; `total`: how many entries match; `terms`: the words
    searched for; `missing`: those of them nothing in the sheet mentions; `people`: the people
    the question names.
    """

    query: Query
    hits: tuple[Hit, ...]
    total: int
    terms: tuple[str, ...]
    missing: tuple[str, ...]
    people: tuple[Person, ...] = ()


class Names:
    """Every written form of every person, and the tiers that resolve a name to people."""

    def __init__(self, people: Sequence[Person], settings: MatchSettings) -> None:
        self.people = tuple(people)
        self.settings = settings
        exact: dict[str, set[int]] = {}
        normal: dict[str, set[int]] = {}
        surnames: dict[str, set[int]] = {}
        owners: dict[str, set[int]] = {}
        for i, person in enumerate(people):
            for form in (person.name, *person.aliases):
                exact.setdefault(" ".join(form.casefold().split()), set()).add(i)
                folded = fold(form)
                for key in (folded, _sorted_words(folded), folded.replace(" ", "")):
                    normal.setdefault(key, set()).add(i)
                owners.setdefault(_sorted_words(folded), set()).add(i)
            # A body's name words ("side", "statement") are not names a reader types alone.
            name_words = fold(person.name).split() if person.kind == "person" else []
            for word in name_words:
                surnames.setdefault(word, set()).add(i)
                if len(word) >= settings.min_query_length:
                    owners.setdefault(word, set()).add(i)
        self._exact, self._normal, self._surnames = exact, normal, surnames
        # Every word of every name and alias, as questions spell words (`bot.query.words`).
        self.words = frozenset(
            word
            for person in people
            for form in (person.name, *person.aliases)
            for word in words(form)
        )
        # Fuzzy: each distinct form once, words sorted, shortest first (for the length bound).
        forms = sorted(owners, key=lambda form: (len(form), form))
        self._forms = forms
        self._form_masks = ranking.letter_masks(forms)
        self._form_lengths = np.array([len(form) for form in forms], np.int64)
        self._form_owners = [sorted(owners[form]) for form in forms]
        self._folded_forms = [
            tuple(fold(form) for form in (person.name, *person.aliases)) for person in people
        ]

    def find(
        self, query: str, *, cutoff: float | None = None, fuzzy: bool = True
    ) -> list[PersonMatch]:
        """People a name could mean, best first, from the first tier that finds anyone (the
        fuzzy tier left out when `fuzzy` is false)."""
        cutoff = self.settings.name_cutoff if cutoff is None else cutoff
        found = self.certain(query)
        if found is not None or not fuzzy:
            return found or []
        folded = fold(query)
        if len(folded) < self.settings.min_query_length:
            return []
        return self._fuzzy(folded, cutoff)

    def certain(self, query: str) -> list[PersonMatch] | None:
        """The exact, normalised and surname tiers: their matches, or None to try fuzzy."""
        casefolded = " ".join(query.casefold().split())
        folded = fold(query)
        if not folded:
            return []
        keys = (folded, _sorted_words(folded), folded.replace(" ", ""))
        tiers: list[tuple[Tier, set[int]]] = [
            ("exact", self._exact.get(casefolded, set())),
            ("normalised", set().union(*(self._normal.get(key, set()) for key in keys))),
            ("surname", self._surnames.get(folded, set()) if " " not in folded else set()),
        ]
        for tier, found in tiers:
            if found:
                return [PersonMatch(self.people[i], 100.0, tier) for i in sorted(found)]
        return None

    def _fuzzy(self, folded: str, cutoff: float) -> list[PersonMatch]:
        """The fuzzy tier, scoring only the name forms whose length and letters allow the
        cutoff."""
        # token_sort_ratio(a, b) is ratio of the sorted words; ratio ≥ cutoff needs
        # 2 × min(len) / (len(a) + len(b)) ≥ cutoff / 100, which bounds the lengths.
        key = _sorted_words(utils.default_process(folded))
        share = max(cutoff, 1e-9) / 100
        low = math.ceil(len(key) * share / (2 - share) - 1e-9)
        high = math.floor(len(key) * (2 - share) / share + 1e-9)
        start = int(np.searchsorted(self._form_lengths, low, "left"))
        stop = int(np.searchsorted(self._form_lengths, high, "right"))
        # ratio is 1 - indel distance / (len(a) + len(b)), and each insertion or deletion
        # changes at most one bit of the letter masks: more bits apart cannot reach the cutoff.
        most = (1 - share) * (len(key) + self._form_lengths[start:stop]) + 1e-9
        close = (
            np.flatnonzero(ranking.bits_apart(self._form_masks[start:stop], key) <= most) + start
        ).tolist()
        best: dict[int, float] = {}
        for _form, score, position in process.extract(
            key,
            [self._forms[i] for i in close],
            scorer=fuzz.ratio,
            processor=None,  # forms are folded and sorted already
            score_cutoff=cutoff,
            limit=None,
        ):
            for owner in self._form_owners[close[position]]:
                best[owner] = max(best.get(owner, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], self.people[item[0]].name))
        return [PersonMatch(self.people[i], score, "fuzzy") for i, score in ranked]

    def resolve(self, query: str, *, fuzzy: bool = True) -> PersonLookup:
        """One person when a name clearly means them; else the candidates, or nobody."""
        matches = self.find(query, fuzzy=fuzzy)
        if not matches:
            return PersonLookup("none", ())
        if len(matches) == 1:
            return PersonLookup("found", tuple(matches))
        top = matches[0]
        close = [m for m in matches if top.score - m.score < self.settings.name_margin]
        if len(close) == 1:
            return PersonLookup("found", (top,))
        return PersonLookup("ambiguous", tuple(close))

    def starting_with(self, typed: str, limit: int) -> list[Person]:
        """People one of whose written forms starts with what is typed (folded)."""
        start = fold(typed)
        found: list[Person] = []
        for person, forms in zip(self.people, self._folded_forms, strict=True):
            if any(form.startswith(start) for form in forms):
                found.append(person)
                if len(found) >= limit:
                    break
        return found


class Index:
    """The index the bot uses. Built once per sheet; safe to share within one thread (it
    remembers the terms of the last query words it saw, in a bounded cache).

    With `saved`, what `state()` gave for this same sheet, the ranker and its vocabulary are
    restored instead of built (`bot.index_cache` keeps it): a `ValueError` if it does not fit.
    """

    def __init__(
        self,
        sheet: FactSheet,
        settings: MatchSettings | None = None,
        *,
        saved: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        with gc_paused():
            self.sheet = sheet
            self.settings = settings or MatchSettings()
            self.names = Names(sheet.people, self.settings)
            self._person_index = {person.id: i for i, person in enumerate(sheet.people)}
            # In date order, so that an entry's place in a ranker is its place in time (a saved
            # index holds the order it was built in: sorting 100,000 entries takes a third of
            # a second).
            if saved is None:
                self._events = sorted(sheet.events, key=_entry_order)
                self._quotes = sorted(sheet.quotes, key=_entry_order)
            else:
                self._events = _in_order(sheet.events, saved["order"]["events"])
                self._quotes = _in_order(sheet.quotes, saved["order"]["quotes"])
            by_speaker: dict[str, list[Quote]] = {}
            for quote in self._quotes:
                by_speaker.setdefault(quote.speaker, []).append(quote)
            self._quotes_by_speaker = {who: tuple(quotes) for who, quotes in by_speaker.items()}
            self._quotes_per_source: dict[str, int] = {}
            for quote in sheet.quotes:
                count = self._quotes_per_source.get(quote.source, 0)
                self._quotes_per_source[quote.source] = count + 1
            self._events_per_source: dict[str, int] = {}
            for event in sheet.events:
                for source_id in event.sources:
                    count = self._events_per_source.get(source_id, 0)
                    self._events_per_source[source_id] = count + 1
            # One ranker over both kinds, events first: an entry's number is its place here.
            self._entries: list[Event | Quote] = [*self._events, *self._quotes]
            self._first_quote = len(self._events)
            if saved is None:
                self.vocabulary = Vocabulary()
                self.ranker = Ranker.joined(
                    [
                        Ranker(EVENTS, self.vocabulary, map(self.document, self._events)),
                        Ranker(QUOTES, self.vocabulary, map(self.document, self._quotes)),
                    ]
                )
                self.vocabulary.count((self.ranker,))
            else:
                self.vocabulary = Vocabulary.restore(saved["vocabulary"])
                self.ranker = Ranker.restore(self.vocabulary, saved["ranker"])
                if self.ranker.size != len(self._entries):
                    raise ValueError("the saved index is of another sheet")
            # The stems of the words of names, whose misspellings may be names.
            self._name_stems = frozenset(
                sid
                for word in self.names.words
                if (sid := self.vocabulary.stem_id(word)) is not None
            )
            if saved is None:
                self._days = _days(self._entries)
            else:
                self._days = _restored_days(saved["days"], len(self._entries))

    def state(self) -> dict[str, State]:
        """The built ranker, its vocabulary, its entries' order (each entry's place in the
        sheet) and days (`_days`) as plain values and arrays, for `saved`."""
        return {
            "vocabulary": self.vocabulary.state(),
            "ranker": self.ranker.state(),
            "order": {
                "events": _places(self.sheet.events, self._events),
                "quotes": _places(self.sheet.quotes, self._quotes),
            },
            "days": dict(zip(("first", "last"), self._days, strict=True)),
        }

    # --- people ---------------------------------------------------------------------------

    def find_people(self, query: str, *, cutoff: float | None = None) -> list[PersonMatch]:
        """People a name could mean, best first (see `Names`)."""
        return self.names.find(query, cutoff=cutoff)

    def resolve_person(self, query: str, *, maybe_words: bool = False) -> PersonLookup:
        """One person when a name clearly means them; else the candidates, or nobody.

        `maybe_words`: the query may be words rather than a name (`!quote`'s argument); then
        typos are forgiven only when, stop words aside, it holds no ordinary word of the sheet:
        "Mao Nign" and "Wang Yi in" are names, "being" (one typo from "Beijing") and "no limits
        friendship" are words.
        """
        fuzzy = not (maybe_words and self._ordinary(analyse(query).terms))
        return self.names.resolve(query, fuzzy=fuzzy)

    def _ordinary(self, written: Sequence[str]) -> bool:
        """Whether an ordinary word is among these: a word of the sheet that is no word of
        anyone's name ("war", "summit"), or a misspelling of such words only ("sumit": each
        word it is one typo from is ordinary; "Kalas", one typo from "Kallas", is not)."""
        vocabulary, name_words = self.vocabulary, self.names.words
        for word in written:
            if vocabulary.known(word):
                if word not in name_words:
                    return True
                continue
            typos = vocabulary.lookup(word)  # remembered: the term takes it again
            if typos and not any(sid in self._name_stems for sid, _quality in typos):
                return True
        return False

    def suggest_people(self, query: str, *, limit: int = 3) -> list[Person]:
        """Names close enough to offer as "did you mean", never served as an answer."""
        matches = self.names.find(query, cutoff=self.settings.suggest_cutoff)
        return [m.person for m in matches[:limit]]

    def quotes_by(self, person_id: str) -> tuple[Quote, ...]:
        """That person's quotes in date order."""
        return self._quotes_by_speaker.get(person_id, ())

    def counts_for_source(self, source_id: str) -> tuple[int, int]:
        """How many quotes and events come from a source."""
        return self._quotes_per_source.get(source_id, 0), self._events_per_source.get(source_id, 0)

    def complete_people(self, typed: str, *, limit: int = 25) -> list[Person]:
        """For autocomplete: people whose name or alias starts with or resembles what is typed."""
        if not typed.strip():
            ranked = sorted(self.sheet.people, key=lambda p: (-len(self.quotes_by(p.id)), p.name))
            return ranked[:limit]
        chosen = [m.person for m in self.find_people(typed, cutoff=self.settings.suggest_cutoff)]
        for person in self.names.starting_with(typed, limit):
            if person not in chosen:
                chosen.append(person)
        return chosen[:limit]

    # --- questions ------------------------------------------------------------------------

    def document(self, entry: Event | Quote) -> Document:
        """An entry's fields as the ranker weighs them (see `bot.ranking.EVENTS`/`QUOTES`)."""
        sheet = self.sheet
        if isinstance(entry, Event):
            people = [sheet.person(p) for p in entry.people]
            return Document(
                (entry.title, " ".join(entry.keywords), _names(people), entry.summary),
                tuple(self._person_index[p.id] for p in people),
            )
        speaker = sheet.person(entry.speaker)
        return Document(
            (entry.text, _names([speaker]), entry.context),
            (self._person_index[speaker.id],),
        )

    def terms(self, query: Query) -> tuple[list[Term], list[str], list[Person]]:
        """The query's terms, the words nothing mentions, and the people it names.

        Names are found longest first: a run of words that the name tiers resolve (one person,
        or the people a surname could mean) becomes one term. A run holding an ordinary word of
        the sheet (one that is no word of anyone's name: "summit", "war") is no name.
        """
        vocabulary = self.vocabulary
        found: list[Term] = []
        missing: list[str] = []
        people: list[Person] = []
        words_, written = list(query.terms), query.written
        ordinary = [self._ordinary((word,)) for word in words_]
        i = 0
        while i < len(words_):
            for size in range(min(MAX_NAME_WORDS, len(words_) - i), 0, -1):
                phrase = " ".join(words_[i : i + size])
                named = [] if any(ordinary[i : i + size]) else self._named(phrase)
                if named:
                    term = self._person_term(phrase, named, words_[i : i + size])
                    if term.alternatives:
                        found.append(term)
                    else:
                        missing.append(" ".join(written[i : i + size]))
                    people += [p for p in named if p not in people]
                    i += size
                    break
            else:
                word = words_[i]
                alternatives = tuple(
                    Alternative(sid, quality, quality * vocabulary.idf(sid))
                    for sid, quality in vocabulary.lookup(word)
                )
                if alternatives:
                    found.append(Term(word, alternatives))
                else:
                    missing.append(written[i])
                i += 1
        return found, missing, people

    def _named(self, phrase: str) -> list[Person]:
        """The people a run of query words names, or nobody.

        The exact, normalised and surname tiers; the fuzzy tier only for runs of one or two
        words, one of which is no word of the sheet (a misspelt name: "Kalas", "Mao Nign"):
        which keeps ordinary words ("war", "talks") words, and questions fast.
        """
        certain = self.names.certain(phrase)
        if certain:
            return [m.person for m in certain]
        written = phrase.split()
        if len(written) > FUZZY_NAME_WORDS:
            return []
        if all(self.vocabulary.known(w) for w in written):
            return []  # no misspelt word
        lookup = self.names.resolve(phrase)
        return [lookup.person] if lookup.status == "found" else []

    def _person_term(self, phrase: str, named: list[Person], written: list[str]) -> Term:
        vocabulary = self.vocabulary
        alternatives = [
            Alternative(sid, 1.0, vocabulary.idf(sid))
            for person in named
            if (sid := vocabulary.stem_ids.get(ranking.person_stem(self._person_index[person.id])))
            is not None
        ]
        # Mentioned in a text without speaking or taking part: worth less.
        for word in written:
            for sid, quality in vocabulary.lookup(word):
                quality *= ranking.PERSON_WORD_QUALITY
                alternatives.append(Alternative(sid, quality, quality * vocabulary.idf(sid)))
        return Term(phrase, tuple(alternatives))

    def search(
        self,
        text: str,
        *,
        events: bool = True,
        quotes: bool = True,
        limit: int | None = None,
        since: PartialDate | None = None,
        until: PartialDate | None = None,
    ) -> Found:
        """The entries that best answer a question, best first, with how many match.

        Every content word counts, wherever it stands; `since`/`until` keep the matches whose
        whole date lies in the range (a match reaches `FLOOR` × the best entry of any date).
        """
        query = analyse(text)
        limit = self.settings.max_results if limit is None else limit
        terms, missing, people = self.terms(query)
        words_ = tuple(t.word for t in terms)
        if not terms:
            return Found(query, (), 0, words_, tuple(missing), tuple(people))
        # The kinds asked for: a range of the ranker's entries (events first, then quotes).
        low = 0 if events else self._first_quote
        high = self.ranker.size if quotes else self._first_quote
        scores = self.ranker.scores(terms)[low:high]
        # A match is measured against the best entry of any date: dates narrow the matches, they
        # do not lower the bar ("no limits since 2023" has none, not the weak ones left).
        floor = ranking.FLOOR * (float(scores.max()) if len(scores) else 0.0)
        if floor <= 0:  # no entry holds any of the words
            return Found(query, (), 0, words_, tuple(missing), tuple(people))
        keep = scores >= floor
        if since is not None or until is not None:
            first, last = (days[low:high] for days in self._days)
            if since is not None:
                keep &= first >= since.first_day().toordinal()
            if until is not None:
                keep &= last <= until.last_day().toordinal()
        found = np.flatnonzero(keep)
        best = self._best(found + low, scores[found], terms, limit)
        hits = tuple(Hit(entry, round(score, 3)) for score, _at, entry in best)
        return Found(query, hits, len(found), words_, tuple(missing), tuple(people))

    def _best(
        self, found: Entries, base: Floats, terms: Sequence[Term], limit: int
    ) -> list[tuple[float, int, Event | Quote]]:
        """The `limit` best of the matches `found` (whose base scores are `base`) with their
        bonus, best first; at equal score an event (what happened) before a quote about it, then
        the earlier date, then the id (entry order).

        The bonus is computed for the entries it can lift into the answer only: those whose
        base score plus the most bonus they can get (the pairs of terms they hold) reaches the
        `limit`-th best score found so far, the likeliest first, `CHUNK` at a time.
        """
        if limit <= 0 or not len(found):
            return []
        last = 0.0
        if len(base) > limit:
            last = float(np.partition(base, len(base) - limit)[len(base) - limit])
        ranker, entries, most = self.ranker, self._entries, ranking.most_bonus(terms)
        close = base + most >= last
        found, base = found[close], base[close]
        # Past one chunk, a tighter bound: the pairs of terms each entry holds.
        likely = base + (ranker.bounds(found, terms) if len(found) > CHUNK else most)
        order = np.argsort(-likely, kind="stable")
        found, base, likely = found[order], base[order], likely[order]
        best: list[tuple[float, int, Event | Quote]] = []
        for at in range(0, len(found), CHUNK):
            if len(best) >= limit and likely[at] < best[limit - 1][0]:
                break  # sorted by what they can reach: none of the rest can enter
            chunk = slice(at, at + CHUNK)
            final, ids = base[chunk] + ranker.bonuses(found[chunk], terms), found[chunk]
            if len(final) > limit:  # only the chunk's best can be among the best
                keep = final >= np.partition(final, len(final) - limit)[len(final) - limit]
                final, ids = final[keep], ids[keep]
            best += [
                (score, i, entries[i])
                for score, i in zip(final.tolist(), ids.tolist(), strict=True)
            ]
            best.sort(key=lambda b: (-b[0], b[1]))
            del best[limit:]
        return best


_Entry = TypeVar("_Entry", Event, Quote)


def _places(entries: Sequence[_Entry], ordered: Sequence[_Entry]) -> npt.NDArray[np.int32]:
    """Where each of `ordered` stands in `entries` (the same entries, once each)."""
    place = {id(entry): i for i, entry in enumerate(entries)}
    return np.array([place[id(entry)] for entry in ordered], np.int32)


def _in_order(entries: Sequence[_Entry], places: object) -> list[_Entry]:
    """`entries` in the order `_places` saved; `ValueError` unless it takes each one once."""
    if not isinstance(places, np.ndarray) or places.dtype != np.int32 or places.ndim != 1:
        raise ValueError("a saved order is not an array of places")
    if not np.array_equal(np.sort(places), np.arange(len(entries))):
        raise ValueError("a saved order does not take each entry once")
    return [entries[i] for i in places.tolist()]


def _days(entries: Sequence[Quote | Event]) -> tuple[Days, Days]:
    """Each entry's first and last possible day (ordinals), for `since` and `until`."""
    first = np.array([entry.date.first_day().toordinal() for entry in entries], np.int64)
    last = np.array([entry.date.last_day().toordinal() for entry in entries], np.int64)
    return first, last


def _restored_days(saved: Mapping[str, object], size: int) -> tuple[Days, Days]:
    """The days `state()` saved for the `size` entries; `ValueError` unless they are what
    `_days` makes for as many entries."""
    pair = saved["first"], saved["last"]
    for days in pair:
        if not isinstance(days, np.ndarray) or days.dtype != np.int64 or days.shape != (size,):
            raise ValueError("saved days are not the day numbers of these entries")
    return pair  # type: ignore[return-value]


def _names(people: Sequence[Person]) -> str:
    return " ".join(" ".join((p.name, *p.aliases)) for p in people)


def _sorted_words(folded: str) -> str:
    return " ".join(sorted(folded.split()))


def _entry_order(entry: Quote | Event) -> tuple[tuple[dt.date, int], str]:
    return (entry.date.sort_key(), entry.id)
