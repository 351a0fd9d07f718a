"""Word search over the fact sheet: every query word counts, wherever it stands in an entry.

The model (one definition, `Model`; `tests/oracle.py` scores every entry with it, and the
index below must agree with that scan):

- An entry has fields, each with a weight: an event's title, keywords and people (names and
  aliases of who took part) weigh 3, its summary 1; a quote's text and speaker weigh 2, its
  context 0.5. Words are `bot.query.words`, reduced to their stem by the Snowball English
  stemmer ("evacuated", "evacuation" → "evacu"; "started" → "start"), so a question's wording
  need not be the article's.
- A query word becomes a *term*: its stem when the sheet has that stem; otherwise the stems of
  the sheet's words one typo away (two for words of eight letters or more), found with
  rapidfuzz's `OSA` distance among the words of about the same length and the same first
  letter, each worth less (`TYPO_QUALITY`). A person named in the query is a term too: the
  entries that person speaks or takes part in (see `bot.search`).
- BM25F: a term's weight in an entry is its inverse document frequency (rarer words weigh
  more) times its saturated, length-normalised frequency over the weighted fields; an entry's
  *base* score is the sum over the terms. Words close together in the order asked add a
  bonus (`PAIR_BONUS` per pair found within `NEAR` words of each other).
- Matches are the entries whose base score reaches `FLOOR` × the best base score: an entry
  lacking a rare word is still a match when nothing holds them all, and a lone common word
  is no match beside an entry that holds the question.

Speed (why not a scan, why not SQLite FTS5): scanning 100,000 entries costs about 0.1 s a
query in Python; FTS5's `bm25()` ranks in C but scores every row that holds any query word
(0.38 s for one common word at 100,000 facts, README "Speed at scale"). Here each stem has a
posting list sorted by its saturated frequency, highest first, and an entry's stems sit in a
forward index; the threshold algorithm (Fagin) walks the lists from their best entries and
stops once no unseen entry can reach the top or the floor, so a common word costs the same as
a rare one. Counting stops at `COUNT_UP_TO` matches ("more than N").

Nothing here knows commands, rendering or Discord.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .query import words

K1 = 1.2  # BM25 term-frequency saturation
B = 0.75  # BM25 length normalisation
TYPO_QUALITY = {1: 0.8, 2: 0.6}  # a term found only through a typo weighs less
PERSON_WORD_QUALITY = 0.6  # a named person's name written in a text, not as speaker/participant
PAIR_BONUS = 0.3  # × the lighter term's weight, per pair of query terms found close together
NEAR = 3  # "close together": at most this many words apart, in the order asked
FLOOR = 0.55  # a match scores at least this share of the best base score
COUNT_UP_TO = 300  # entries looked at before counting stops ("more than N")
LOOK_AT_MOST = 20_000  # entries looked at before the best are taken as found (date filters)
EXPANSIONS_KEPT = 10_000  # query words whose terms are remembered

_STEMMER = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Kind:
    """One kind of entry (events, quotes): its fields' names and weights."""

    fields: tuple[str, ...]
    weights: tuple[float, ...]


EVENTS = Kind(("title", "keywords", "people", "summary"), (3.0, 3.0, 3.0, 1.0))
QUOTES = Kind(("text", "people", "context"), (2.0, 2.0, 0.5))


@dataclass(frozen=True)
class Document:
    """An entry as the ranker sees it: one text per field of its kind, and its people."""

    fields: tuple[str, ...]
    people: tuple[int, ...] = ()


def person_stem(person: int) -> str:
    """The stem that marks a person's entries; no text can produce it (it has a NUL)."""
    return f"\x00{person}"


@dataclass(frozen=True)
class Alternative:
    """One way a term is found: a stem, how sure (1 for the word itself, less for a typo or a
    name merely mentioned), and what finding it is worth (quality × the stem's idf)."""

    stem: int
    quality: float
    weight: float


@dataclass(frozen=True)
class Term:
    """A query word (or a person), and the stems that count as finding it."""

    word: str
    alternatives: tuple[Alternative, ...]

    @property
    def weight(self) -> float:
        return max((a.weight for a in self.alternatives), default=0.0)


def idf(documents: int, holding: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1 + (documents - holding + 0.5) / (holding + 0.5))


def saturate(weighted_frequency: float) -> float:
    return weighted_frequency * (K1 + 1) / (weighted_frequency + K1)


def field_frequency(count: int, length: int, average: float) -> float:
    """A field's term count, normalised by the field's length against its average."""
    return count / (1 - B + B * length / average) if average else 0.0


class Vocabulary:
    """The stems of every entry of a sheet (events and quotes share it) and how to find them.

    Stems get ids; `holding[id]` counts the entries holding that stem. Query words are
    turned into terms here: an exact stem, or the stems of the sheet's words one typo away.
    """

    def __init__(self) -> None:
        self.stem_ids: dict[str, int] = {}
        self.holding: list[int] = []
        self.documents = 0
        self._stem_of_word: dict[str, int] = {}
        self._by_shape: dict[tuple[str, int], list[str]] = {}
        self._terms: dict[str, tuple[tuple[int, float], ...]] = {}

    def stem(self, word: str) -> int:
        """The id of a text word's stem, made on first sight."""
        sid = self._stem_of_word.get(word)
        if sid is None:
            stem = word if word.startswith("\x00") else _STEMMER.stemWord(word)
            sid = self.stem_ids.get(stem)
            if sid is None:
                sid = self.stem_ids[stem] = len(self.holding)
                self.holding.append(0)
            self._stem_of_word[word] = sid
            if not word.startswith("\x00"):
                self._by_shape.setdefault((word[0], len(word)), []).append(word)
        return sid

    def count(self, stems: Iterable[int]) -> None:
        """One more entry, holding these (distinct) stems."""
        self.documents += 1
        for sid in stems:
            self.holding[sid] += 1

    def known(self, word: str) -> bool:
        """Whether the sheet's texts hold this word's stem."""
        return _STEMMER.stemWord(word) in self.stem_ids

    def idf(self, sid: int) -> float:
        return idf(self.documents, self.holding[sid])

    def lookup(self, word: str) -> tuple[tuple[int, float], ...]:
        """(stem id, quality) for a query word: its own stem if the sheet has it, else typos."""
        found = self._terms.get(word)
        if found is not None:
            return found
        stem = _STEMMER.stemWord(word)
        sid = self.stem_ids.get(stem)
        found = ((sid, 1.0),) if sid is not None else self._typos(word)
        if len(self._terms) >= EXPANSIONS_KEPT:
            del self._terms[next(iter(self._terms))]
        self._terms[word] = found
        return found

    def _typos(self, word: str) -> tuple[tuple[int, float], ...]:
        if len(word) < 4 or word.isdigit():
            return ()
        most = 2 if len(word) >= 8 else 1
        shaped = [
            w
            for size in range(len(word) - most, len(word) + most + 1)
            for w in self._by_shape.get((word[0], size), ())
        ]
        best: dict[int, float] = {}
        for near, distance, _i in process.extract(
            word, shaped, scorer=OSA.distance, processor=None, score_cutoff=most, limit=None
        ):
            sid = self._stem_of_word[near]
            quality = TYPO_QUALITY[max(1, int(distance))]
            best[sid] = max(best.get(sid, 0.0), quality)
        return tuple(sorted(best.items()))


@dataclass(frozen=True)
class Ranked:
    """What `Ranker.top` found: the best (base score, entry) pairs, best first; the base score
    of every entry it looked at; whether those hold every entry that reaches the floor."""

    best: list[tuple[float, int]]
    scores: list[float]
    exact: bool

    def matches(self, floor: float) -> int:
        return sum(1 for score in self.scores if score >= floor and score > 0)


class Ranker:
    """One kind of entry, indexed: posting lists best-first and a forward index.

    Built from `Document`s in two steps (`add`, then `finish` once the shared vocabulary has
    seen every kind), because inverse document frequencies count events and quotes together.
    """

    def __init__(self, kind: Kind, vocabulary: Vocabulary) -> None:
        self.kind = kind
        self.vocabulary = vocabulary
        self._pending: list[list[tuple[int, list[int]]]] = []  # per doc: (field, stems)
        self.size = 0
        self._offsets = array("I", [0])
        self._stems = array("I")
        self._values = array("f")
        self._postings: dict[int, tuple[array[int], array[float]]] = {}

    def add(self, documents: Iterable[Document]) -> None:
        for document in documents:
            fields = list(enumerate(self.stems(document)))
            self.vocabulary.count({s for _f, stems in fields for s in stems})
            self._pending.append(fields)

    def stems(self, document: Document) -> list[list[int]]:
        """A document's stems, field by field; the people field ends with its people's stems."""
        stem = self.vocabulary.stem
        fields = [[stem(w) for w in words(text)] for text in document.fields]
        fields[self.kind.fields.index("people")] += [stem(person_stem(p)) for p in document.people]
        return fields

    def finish(self) -> None:
        """Weigh every (entry, stem) once and sort each stem's entries best first."""
        pending, self._pending = self._pending, []
        weights = self.kind.weights
        totals = [0] * len(weights)
        for fields in pending:
            for f, stems in fields:
                totals[f] += len(stems)
        averages = [total / max(len(pending), 1) for total in totals]
        postings: dict[int, tuple[array[int], array[float]]] = {}
        for entry, fields in enumerate(pending):
            frequency: dict[int, float] = {}
            for f, stems in fields:
                counts: dict[int, int] = {}
                for s in stems:
                    counts[s] = counts.get(s, 0) + 1
                for s, n in counts.items():
                    norm = field_frequency(n, len(stems), averages[f])
                    frequency[s] = frequency.get(s, 0.0) + weights[f] * norm
            for s in sorted(frequency):
                value = saturate(frequency[s])
                self._stems.append(s)
                self._values.append(value)
                ids, values = postings.get(s) or postings.setdefault(s, (array("I"), array("f")))
                ids.append(entry)
                values.append(value)
            self._offsets.append(len(self._stems))
        for s, (ids, values) in postings.items():
            order = sorted(range(len(ids)), key=lambda i: -values[i])
            postings[s] = (
                array("I", (ids[i] for i in order)),
                array("f", (values[i] for i in order)),
            )
        self._postings = postings
        self.size = len(pending)

    def value(self, entry: int, stem: int) -> float:
        """The saturated frequency of a stem in an entry (0 when the entry lacks it)."""
        start, stop = self._offsets[entry], self._offsets[entry + 1]
        at = bisect_left(self._stems, stem, start, stop)
        return self._values[at] if at < stop and self._stems[at] == stem else 0.0

    def holds(self, stem: int) -> bool:
        return stem in self._postings

    def base(self, entry: int, terms: Sequence[Term]) -> float:
        """The BM25F score of one entry: per term, its best alternative."""
        total = 0.0
        for term in terms:
            total += max(
                (a.weight * self.value(entry, a.stem) for a in term.alternatives), default=0.0
            )
        return total

    def top(
        self, terms: Sequence[Term], keep: int, accept: Callable[[int], bool] | None = None
    ) -> Ranked:
        """The `keep` best entries by base score (among those `accept` lets through), and the
        base score of every entry seen, which holds every entry reaching `FLOOR` × the best
        unless counting stopped at `COUNT_UP_TO` (then `Ranked.exact` is false).

        The threshold algorithm: take the next entry from the list whose next value can add
        the most, score it whole through the forward index, and stop when no unseen entry can
        enter the best `keep` nor reach the floor.
        """
        lists: list[tuple[int, float, array[int], array[float]]] = []
        for t, term in enumerate(terms):
            for alternative in term.alternatives:
                posting = self._postings.get(alternative.stem)
                if posting is not None:
                    lists.append((t, alternative.weight, *posting))
        if not lists:
            return Ranked([], [], True)
        cursor = [0] * len(lists)
        seen: set[int] = set()
        best_keep: list[tuple[float, int]] = []  # a min-heap of the best `keep` (score, -entry)
        scores: list[float] = []
        best = 0.0
        head = [w * values[0] for _t, w, _ids, values in lists]
        while True:
            # The most an unseen entry can score: per term, the best head of its lists.
            per_term: dict[int, float] = {}
            for i, (t, _w, _ids, _values) in enumerate(lists):
                if head[i] > per_term.get(t, 0.0):
                    per_term[t] = head[i]
            threshold = sum(per_term.values())
            if threshold <= 0.0 or threshold < FLOOR * best:
                exact = True  # no unseen entry can be a match
                break
            if len(seen) >= COUNT_UP_TO and (
                (len(best_keep) >= keep and best_keep[0][0] >= threshold)
                or len(seen) >= LOOK_AT_MOST
            ):
                exact = False
                break
            i = max(range(len(lists)), key=head.__getitem__)
            _t, weight, ids, values = lists[i]
            entry = ids[cursor[i]]
            cursor[i] += 1
            head[i] = weight * values[cursor[i]] if cursor[i] < len(ids) else 0.0
            if entry in seen:
                continue
            seen.add(entry)
            if accept is not None and not accept(entry):
                continue
            score = self.base(entry, terms)
            scores.append(score)
            best = max(best, score)
            if len(best_keep) < keep:
                heapq.heappush(best_keep, (score, -entry))
            elif (score, -entry) > best_keep[0]:
                heapq.heapreplace(best_keep, (score, -entry))
        ranked = sorted(((score, -neg) for score, neg in best_keep), key=lambda x: (-x[0], x[1]))
        return Ranked(ranked, scores, exact)


def bonus(field_stems: Sequence[Sequence[int]], terms: Sequence[Term]) -> float:
    """Close words: `PAIR_BONUS` × the lighter weight for each pair of consecutive query terms
    found within `NEAR` words of each other, in the order asked, in one field."""
    total = 0.0
    for left, right in pairwise(terms):
        lefts = {a.stem for a in left.alternatives}
        rights = {a.stem for a in right.alternatives}
        if _near(field_stems, lefts, rights):
            total += PAIR_BONUS * min(left.weight, right.weight)
    return total


def _near(field_stems: Sequence[Sequence[int]], lefts: set[int], rights: set[int]) -> bool:
    for stems in field_stems:
        last = -NEAR - 1
        for position, stem in enumerate(stems):
            if stem in lefts:
                last = position
            elif stem in rights and position - last <= NEAR:
                return True
    return False
