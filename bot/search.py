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

This is the exhaustive index: every phrase query scores every entry. It knows rapidfuzz and the
fact sheet, and nothing about commands, rendering or Discord.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from rapidfuzz import fuzz, process, utils

from .settings import MatchSettings
from .sheet import Event, FactSheet, Person, Quote

Tier = Literal["exact", "normalised", "surname", "fuzzy"]
_TIER_ORDER: dict[Tier, int] = {"exact": 0, "normalised": 1, "surname": 2, "fuzzy": 3}
Entry = TypeVar("Entry", Quote, Event)


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: the form names compare in."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return utils.default_process(plain)


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


class Index:
    """Built once per sheet; answers name and phrase lookups. Safe to share; never mutated."""

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
        self._quotes_by_speaker: dict[str, tuple[Quote, ...]] = {}
        for quote in sorted(sheet.quotes, key=_entry_order):
            self._quotes_by_speaker.setdefault(quote.speaker, ())
            self._quotes_by_speaker[quote.speaker] += (quote,)
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
        if len(folded) < self.settings.min_query_length:
            return []
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


def _sorted_words(folded: str) -> str:
    return " ".join(sorted(folded.split()))


def _entry_order(entry: Quote | Event) -> tuple[tuple[dt.date, int], str]:
    return (entry.date.sort_key(), entry.id)
