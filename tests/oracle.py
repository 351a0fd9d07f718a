"""The reference for `bot.search.Index`: the same model, every entry scored, nothing indexed.

`Oracle.search` takes the query's terms from the index (query analysis and typo expansion are
shared: they are the question, not the answer), then recomputes everything else from the sheet
itself: each entry's stems per field, the documents holding each stem, the fields' average
lengths, every entry's BM25F base score, the floor, the close-words bonus and the order. No
posting list, no array, no bound on the bonus. The index must give what this gives.

The fuzzy name tier is checked the same way: `fuzzy_people` scores every written form with
`token_sort_ratio`, where the index bounds the lengths and letters first; and `typos` measures
a word against every word of the sheet, where the index looks only at the words of about its
length whose letters allow it.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import pairwise

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

from bot import ranking
from bot.query import analyse
from bot.ranking import Term
from bot.search import Found, Hit, Index, PersonMatch, fold
from bot.sheet import Event, PartialDate, Quote


def within(entry: Quote | Event, since: PartialDate | None, until: PartialDate | None) -> bool:
    """The entry's whole date lies in the range: "2022" is not "since 2022-09"."""
    if since and entry.date.first_day() < since.first_day():
        return False
    return not (until and entry.date.last_day() > until.last_day())


class Oracle:
    def __init__(self, index: Index) -> None:
        self.index = index
        sheet = index.sheet
        self.fields: dict[tuple[bool, str], list[list[int]]] = {}
        self.entries: list[Event | Quote] = [*sheet.events, *sheet.quotes]
        holding: dict[int, int] = {}
        for entry in self.entries:
            kind = ranking.EVENTS if isinstance(entry, Event) else ranking.QUOTES
            # The model's fields, as defined there.
            fields = ranking.document_stems(kind, index.vocabulary, index.document(entry))
            self.fields[(isinstance(entry, Event), entry.id)] = fields
            for sid in {s for field in fields for s in field}:
                holding[sid] = holding.get(sid, 0) + 1
        self.holding = holding
        self.averages: dict[ranking.Kind, list[float]] = {}
        for kind, entries in ((ranking.EVENTS, sheet.events), (ranking.QUOTES, sheet.quotes)):
            totals = [0.0] * len(kind.fields)
            for entry in entries:
                for f, field in enumerate(self._fields(entry)):
                    totals[f] += len(field)
            self.averages[kind] = [total / max(len(entries), 1) for total in totals]

    def _fields(self, entry: Event | Quote) -> list[list[int]]:
        return self.fields[(isinstance(entry, Event), entry.id)]

    def idf(self, sid: int) -> float:
        return ranking.idf(len(self.entries), self.holding.get(sid, 0))

    def value(self, entry: Event | Quote, sid: int) -> float:
        kind = ranking.EVENTS if isinstance(entry, Event) else ranking.QUOTES
        frequency = 0.0
        for f, field in enumerate(self._fields(entry)):
            count = field.count(sid)
            if count:  # the same arithmetic as the index, so that the floats agree to the bit
                share = kind.weights[f] * ranking.field_frequency(
                    1, len(field), self.averages[kind][f]
                )
                frequency += count * share
        # The index keeps these values as 32-bit floats (half the memory): so does the model.
        return array("f", [ranking.saturate(frequency)])[0] if frequency else 0.0

    def base(self, entry: Event | Quote, terms: Sequence[Term]) -> float:
        return sum(
            max(a.quality * self.idf(a.stem) * self.value(entry, a.stem) for a in t.alternatives)
            for t in terms
        )

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
        index = self.index
        query = analyse(text)
        limit = index.settings.max_results if limit is None else limit
        shared, missing, people = index.terms(query)
        # The same terms, weighed with this reference's own document frequencies.
        terms = [
            Term(
                t.word,
                tuple(
                    ranking.Alternative(a.stem, a.quality, a.quality * self.idf(a.stem))
                    for a in t.alternatives
                ),
            )
            for t in shared
        ]
        words_ = tuple(t.word for t in terms)
        if not terms:
            return Found(query, (), 0, words_, tuple(missing), tuple(people))
        kinds = [e for e in self.entries if (events if isinstance(e, Event) else quotes)]
        every = [(self.base(e, terms), e) for e in kinds]
        best = max((base for base, _e in every), default=0.0)  # of any date
        floor = ranking.FLOOR * best
        bases = [(base, e) for base, e in every if within(e, since, until)]
        matches = [(base, e) for base, e in bases if base >= floor and base > 0]
        scored = [(base + bonus(self._fields(e), terms), e) for base, e in matches]
        scored.sort(key=lambda s: (-s[0], isinstance(s[1], Quote), s[1].date.sort_key(), s[1].id))
        hits = tuple(Hit(e, round(score, 3)) for score, e in scored[:limit])
        return Found(query, hits, len(matches), words_, tuple(missing), tuple(people))

    def typos(self, word: str) -> tuple[tuple[int, float], ...]:
        """A word's typo expansion by brute force: every word of the sheet with the same first
        letter, its OSA distance measured (no length or letter filter)."""
        vocabulary = self.index.vocabulary
        if len(word) < 4 or word.isdigit():
            return ()
        most = 2 if len(word) >= 8 else 1
        best: dict[int, float] = {}
        for written, sid in vocabulary._stem_of_word.items():
            if written[:1] == word[:1] and not written.startswith("\x00"):
                distance = OSA.distance(word, written)
                if distance <= most:
                    quality = ranking.TYPO_QUALITY[max(1, distance)]
                    best[sid] = max(best.get(sid, 0.0), quality)
        return tuple(sorted(best.items()))

    def fuzzy_people(self, query: str, cutoff: float) -> list[PersonMatch]:
        """The fuzzy name tier by brute force: every name form, `token_sort_ratio`."""
        names = self.index.names
        choices: list[str] = []
        owners: list[int] = []
        for i, person in enumerate(names.people):
            for form in (person.name, *person.aliases):
                choices.append(fold(form))
                owners.append(i)
            if person.kind == "person":
                for word in fold(person.name).split():
                    if len(word) >= names.settings.min_query_length:
                        choices.append(word)
                        owners.append(i)
        best: dict[int, float] = {}
        for _choice, score, position in process.extract(
            fold(query),
            choices,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            score_cutoff=cutoff,
            limit=None,
        ):
            best[owners[position]] = max(best.get(owners[position], 0.0), score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], names.people[item[0]].name))
        return [PersonMatch(names.people[i], score, "fuzzy") for i, score in ranked]


def bonus(fields: Sequence[Sequence[int]], terms: Sequence[Term]) -> float:
    """The close-words bonus, as `bot.ranking` defines it: for each pair of consecutive terms,
    `PAIR_BONUS` × the lighter weight when, in one field, a stem of the first is followed
    within `NEAR` words by a stem of the second."""
    total = 0.0
    for left, right in pairwise(terms):
        lefts = {a.stem for a in left.alternatives}
        rights = {a.stem for a in right.alternatives}
        if any(
            field[i] in lefts and field[j] in rights
            for field in fields
            for i in range(len(field))
            for j in range(i + 1, min(i + ranking.NEAR, len(field) - 1) + 1)
        ):
            total += ranking.PAIR_BONUS * min(left.weight, right.weight)
    return total
