"""The search index over a fact sheet: who is meant by a name, which entries hold a phrase.

Names are matched in tiers, most certain first, and the first tier that finds anyone decides:

1. exact: the name or an alias, ignoring case and spacing ("mao ning");
2. normalised: accents, punctuation, name order and a missing space forgiven ("Ning Mao",
   "maoning", "Kuléba");
3. surname: the query is one word of a person's name ("Mao", "Wang" — two people, so ambiguous);
4. fuzzy: rapidfuzz `token_sort_ratio` (order-insensitive) over names, aliases and name words,
   for typos ("Mao Nign", "Lavorv"); only queries of `min_query_length` characters or more.

Phrases are matched with rapidfuzz `partial_ratio`, the scorer that finds a short phrase inside a
long sentence even with a typo ("no limts"); `WRatio` and `token_set_ratio` let short words
dominate. Ties are ranked on purpose: by score, then date, then id.

Two indexes share that behaviour. `ExhaustiveIndex` is the reference: every phrase query scores
every entry and every fuzzy name query every name (about 0.08 s per search at 50,000 quotes).
`Index`, the one the bot uses, answers in milliseconds at that size:

- phrases go through `bot._fastindex.PhraseIndex` (a token vocabulary with typo expansion,
  posting lists, then `partial_ratio` on the few candidates; why, in its docstring). Below
  2,000 entries, and whenever pruning would not be safe, it scans exactly like the reference;
- the fuzzy name tier scores each distinct written form once, with its words sorted in advance
  (`token_sort_ratio` is `ratio` on the sorted words), and only forms whose length allows the
  cutoff; same results as the reference, always;
- autocomplete compares folded names prepared at build time.

Every score `Index` returns is the score the reference gives. On the bundled sheet both return
the same results for every method; at 100,000 entries they agree on the top five results of
about 97% of phrase queries (the rest differ in low-scoring extras). tests/test_search_index.py
checks both; tests/benchmarks/ measures them. Prepared strings (folded names, processed texts)
are scored with `processor=None`: they went through `default_process` once, at build time.
It knows rapidfuzz and the fact sheet, and nothing about commands, rendering or Discord.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from rapidfuzz import fuzz, process, utils

from ._fastindex import SCAN_BELOW, PhraseIndex, Vocabulary
from .settings import MatchSettings
from .sheet import Event, FactSheet, PartialDate, Person, Quote, gc_paused

Tier = Literal["exact", "normalised", "surname", "fuzzy"]
_TIER_ORDER: dict[Tier, int] = {"exact": 0, "normalised": 1, "surname": 2, "fuzzy": 3}
Entry = TypeVar("Entry", Quote, Event)


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: the form names compare in.

    Accents go (`Kuléba` is `Kuleba`, `Ёлка` is `Елка`), but not the marks that make another
    letter in a syllabic script (kana voicing: ガ is not カ), and Korean syllables are put back
    together after the decomposition, so `김정은` stays three syllables.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if ch in _KANA_MARKS or not unicodedata.combining(ch))
    return utils.default_process(unicodedata.normalize("NFC", plain))


_KANA_MARKS = {"\u3099", "\u309a"}  # combining voiced and semi-voiced sound marks


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
class Hit(Generic[Entry]):
    """A quote or an event that matches a phrase, with its score (0–100)."""

    entry: Entry
    score: float


class ExhaustiveIndex:
    """The reference index: scans everything. Built once per sheet; safe to share; never mutated."""

    def __init__(self, sheet: FactSheet, settings: MatchSettings | None = None) -> None:
        self.sheet = sheet
        self.settings = settings or MatchSettings()
        self._people = sheet.people
        # Every written form of every person: (folded form, person index, is part of the name)
        exact: dict[str, set[int]] = {}
        normal: dict[str, set[int]] = {}
        words: dict[str, set[int]] = {}
        fuzzy_choices: list[str] = []
        fuzzy_owner: list[int] = []
        for i, person in enumerate(sheet.people):
            for form in (person.name, *person.aliases):
                exact.setdefault(" ".join(form.casefold().split()), set()).add(i)
                folded = fold(form)
                for key in (folded, _sorted_words(folded), folded.replace(" ", "")):
                    normal.setdefault(key, set()).add(i)
                fuzzy_choices.append(folded)
                fuzzy_owner.append(i)
            # A body's name words ("side", "statement") are not names a reader types alone.
            name_words = fold(person.name).split() if person.kind == "person" else []
            for word in name_words:
                words.setdefault(word, set()).add(i)
                if len(word) >= self.settings.min_query_length:
                    fuzzy_choices.append(word)
                    fuzzy_owner.append(i)
        self._exact, self._normal, self._words = exact, normal, words
        self._fuzzy_choices, self._fuzzy_owner = fuzzy_choices, fuzzy_owner
        by_speaker: dict[str, list[Quote]] = {}
        self._quote_order = _in_entry_order(sheet.quotes)
        for i in self._quote_order:
            quote = sheet.quotes[i]
            by_speaker.setdefault(quote.speaker, []).append(quote)
        self._quotes_by_speaker = {who: tuple(quotes) for who, quotes in by_speaker.items()}
        self._quotes_per_source: dict[str, int] = {}
        for quote in sheet.quotes:
            self._quotes_per_source[quote.source] = self._quotes_per_source.get(quote.source, 0) + 1
        self._events_per_source: dict[str, int] = {}
        for event in sheet.events:
            for source_id in event.sources:
                count = self._events_per_source.get(source_id, 0)
                self._events_per_source[source_id] = count + 1
        self._quote_texts = [quote.text for quote in sheet.quotes]
        self._event_texts = [
            " | ".join((event.title, *event.keywords, event.summary)) for event in sheet.events
        ]

    # --- people ---------------------------------------------------------------------------

    def find_people(self, query: str, *, cutoff: float | None = None) -> list[PersonMatch]:
        """People a name could mean, best first, from the first tier that finds anyone.

        Fuzzy matches count from `cutoff` (default: the settings' `name_cutoff`).
        """
        cutoff = self.settings.name_cutoff if cutoff is None else cutoff
        found = self._certain_people(query)
        if found is not None:
            return found
        folded = fold(query)
        if len(folded) < self.settings.min_query_length:
            return []
        return self._fuzzy_people(folded, cutoff)

    def _fuzzy_people(self, folded: str, cutoff: float) -> list[PersonMatch]:
        """The fuzzy tier: every name form scored, best score per person."""
        best: dict[int, float] = {}
        for _choice, score, position in process.extract(
            folded,
            self._fuzzy_choices,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            score_cutoff=cutoff,
            limit=None,
        ):
            owner = self._fuzzy_owner[position]
            best[owner] = max(best.get(owner, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], self._people[item[0]].name))
        return [PersonMatch(self._people[i], score, "fuzzy") for i, score in ranked]

    def _certain_people(self, query: str) -> list[PersonMatch] | None:
        """The exact, normalised and surname tiers: their matches, or None to try fuzzy."""
        casefolded = " ".join(query.casefold().split())
        folded = fold(query)
        if not folded:
            return []
        tiers: list[tuple[Tier, set[int]]] = [
            ("exact", self._exact.get(casefolded, set())),
            (
                "normalised",
                set().union(
                    *(
                        self._normal.get(key, set())
                        for key in (folded, _sorted_words(folded), folded.replace(" ", ""))
                    )
                ),
            ),
            ("surname", self._words.get(folded, set()) if " " not in folded else set()),
        ]
        for tier, found in tiers:
            if found:
                return [PersonMatch(self._people[i], 100.0, tier) for i in sorted(found)]
        return None

    def resolve_person(self, query: str) -> PersonLookup:
        """One person when a name clearly means them; else the candidates, or nobody."""
        matches = self.find_people(query)
        if not matches:
            return PersonLookup("none", ())
        if len(matches) == 1:
            return PersonLookup("found", tuple(matches))
        top = matches[0]
        close = [m for m in matches if top.score - m.score < self.settings.name_margin]
        if len(close) == 1:
            return PersonLookup("found", (top,))
        return PersonLookup("ambiguous", tuple(close))

    def suggest_people(self, query: str, *, limit: int = 3) -> list[Person]:
        """Names close enough to offer as "did you mean", never served as an answer."""
        matches = self.find_people(query, cutoff=self.settings.suggest_cutoff)
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
            ranked = sorted(self._people, key=lambda p: (-len(self.quotes_by(p.id)), p.name))
            return ranked[:limit]
        found = self.find_people(typed, cutoff=self.settings.suggest_cutoff)
        chosen = [m.person for m in found]
        start = fold(typed)
        chosen += [
            p
            for p in self._people
            if p not in chosen and any(fold(f).startswith(start) for f in (p.name, *p.aliases))
        ]
        return chosen[:limit]

    # --- phrases --------------------------------------------------------------------------

    def search_quotes(self, phrase: str, *, limit: int | None = None) -> list[Hit[Quote]]:
        """Quotes whose text holds the phrase, best first."""
        return self._search(phrase, self._quote_texts, self.sheet.quotes, limit)

    def search_events(self, phrase: str, *, limit: int | None = None) -> list[Hit[Event]]:
        """Events whose title, keywords or summary hold the phrase, best first."""
        return self._search(phrase, self._event_texts, self.sheet.events, limit)

    def _search(
        self, phrase: str, texts: list[str], entries: Sequence[Entry], limit: int | None
    ) -> list[Hit[Entry]]:
        folded = fold(phrase)
        if len(folded) < self.settings.min_query_length:
            return []
        found = process.extract(
            folded,
            texts,
            scorer=fuzz.partial_ratio,
            processor=utils.default_process,
            score_cutoff=self.settings.phrase_cutoff,
            limit=None,
        )
        hits = [Hit(entries[position], score) for _text, score, position in found]
        hits.sort(key=lambda hit: (-hit.score, *_entry_order(hit.entry)))
        return hits[:limit] if limit is not None else hits


class Index(ExhaustiveIndex):
    """The index the bot uses: the reference's answers, in milliseconds at 100,000 entries.

    `scan_below`: below this many quotes (or events), phrase queries scan like the reference.
    Safe to share within one thread (the bot's event loop): it only remembers the expansions of
    the last query words it saw, in a bounded cache.
    """

    def __init__(
        self,
        sheet: FactSheet,
        settings: MatchSettings | None = None,
        *,
        scan_below: int = SCAN_BELOW,
    ) -> None:
        with gc_paused():
            self._build(sheet, settings, scan_below)

    def _build(self, sheet: FactSheet, settings: MatchSettings | None, scan_below: int) -> None:
        super().__init__(sheet, settings)
        cutoff = self.settings.phrase_cutoff
        words = Vocabulary()
        self._quote_index = PhraseIndex(
            self._quote_texts, cutoff, vocabulary=words, scan_below=scan_below
        )
        self._event_index = PhraseIndex(
            self._event_texts, cutoff, vocabulary=words, scan_below=scan_below
        )
        words.finish()
        self._event_texts = []  # kept processed in the phrase index; 20 MB at 100,000 events
        # Entry order (date, then id) as one number per entry, for sorting hits.
        self._quote_rank = _ranks(self._quote_order)
        self._event_rank = _ranks(_in_entry_order(sheet.events))
        del self._quote_order
        # Fuzzy names: each distinct form once, words sorted, shortest first.
        owners: dict[str, list[int]] = {}
        for choice, owner in zip(self._fuzzy_choices, self._fuzzy_owner, strict=True):
            owners.setdefault(_sorted_words(utils.default_process(choice)), []).append(owner)
        forms = sorted(owners, key=lambda form: (len(form), form))
        self._name_forms = forms
        self._name_form_lengths = [len(form) for form in forms]
        self._name_form_owners = [owners[form] for form in forms]
        self._folded_forms = [
            tuple(fold(form) for form in (person.name, *person.aliases)) for person in self._people
        ]

    def _fuzzy_people(self, folded: str, cutoff: float) -> list[PersonMatch]:
        """The fuzzy tier, scoring only the name forms whose length allows the cutoff."""
        # token_sort_ratio(a, b) is ratio of the sorted words; ratio ≥ cutoff needs
        # 2 × min(len) / (len(a) + len(b)) ≥ cutoff / 100, which bounds the lengths.
        key = _sorted_words(utils.default_process(folded))
        share = max(cutoff, 1e-9) / 100
        low = math.ceil(len(key) * share / (2 - share) - 1e-9)
        high = math.floor(len(key) * (2 - share) / share + 1e-9) if share > 0 else len(key)
        start = bisect.bisect_left(self._name_form_lengths, low)
        stop = bisect.bisect_right(self._name_form_lengths, high)
        best: dict[int, float] = {}
        for _form, score, position in process.extract(
            key,
            self._name_forms[start:stop],
            scorer=fuzz.ratio,
            processor=None,  # forms are folded and sorted already; see the module docstring
            score_cutoff=cutoff,
            limit=None,
        ):
            for owner in self._name_form_owners[start + position]:
                best[owner] = max(best.get(owner, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], self._people[item[0]].name))
        return [PersonMatch(self._people[i], score, "fuzzy") for i, score in ranked]

    def complete_people(self, typed: str, *, limit: int = 25) -> list[Person]:
        """For autocomplete: people whose name or alias starts with or resembles what is typed."""
        if not typed.strip():
            return super().complete_people(typed, limit=limit)
        found = self.find_people(typed, cutoff=self.settings.suggest_cutoff)
        chosen = [m.person for m in found]
        if len(chosen) >= limit:
            return chosen[:limit]
        start = fold(typed)
        for person, forms in zip(self._people, self._folded_forms, strict=True):
            if any(form.startswith(start) for form in forms) and person not in chosen:
                chosen.append(person)
                if len(chosen) >= limit:
                    break
        return chosen[:limit]

    def search_quotes(self, phrase: str, *, limit: int | None = None) -> list[Hit[Quote]]:
        """Quotes whose text holds the phrase, best first."""
        return self._ranked(phrase, self._quote_index, self.sheet.quotes, self._quote_rank, limit)

    def search_events(self, phrase: str, *, limit: int | None = None) -> list[Hit[Event]]:
        """Events whose title, keywords or summary hold the phrase, best first."""
        return self._ranked(phrase, self._event_index, self.sheet.events, self._event_rank, limit)

    def _ranked(
        self,
        phrase: str,
        index: PhraseIndex,
        entries: Sequence[Entry],
        rank: array[int],
        limit: int | None,
    ) -> list[Hit[Entry]]:
        folded = fold(phrase)
        if len(folded) < self.settings.min_query_length:
            return []
        found = index.search(folded)
        found.sort(key=lambda item: (-item[1], rank[item[0]]))
        if limit is not None:
            found = found[:limit]
        return [Hit(entries[position], score) for position, score in found]


def _ranks(order: list[int]) -> array[int]:
    """Each entry's place in date-then-id order, from the positions in that order."""
    rank = array("I", bytes(4 * len(order)))
    for place, i in enumerate(order):
        rank[i] = place
    return rank


def _in_entry_order(entries: Sequence[Quote | Event]) -> list[int]:
    """Positions of the entries sorted by `_entry_order`, each distinct date keyed once."""
    dates: dict[PartialDate, tuple[dt.date, int]] = {}
    keys: list[tuple[tuple[dt.date, int], str]] = []
    for entry in entries:
        date_key = dates.get(entry.date)
        if date_key is None:
            date_key = dates[entry.date] = entry.date.sort_key()
        keys.append((date_key, entry.id))
    return sorted(range(len(entries)), key=keys.__getitem__)


def _sorted_words(folded: str) -> str:
    return " ".join(sorted(folded.split()))


def _entry_order(entry: Quote | Event) -> tuple[tuple[dt.date, int], str]:
    return (entry.date.sort_key(), entry.id)
