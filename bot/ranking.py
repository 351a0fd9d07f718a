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

Speed (why not a scan, why not SQLite FTS5): scoring every entry costs about 0.1 s a query in
Python at 100,000 entries; FTS5's `bm25()` ranks in C but scores every row that holds any query
word (26 ms at the median, 97 ms at p99, for the commonest words at that size: README "Speed at
scale"), and forgives no typo.
Here each stem has a posting list sorted by its saturated frequency, highest first, and an
entry's stems sit in a forward index; the threshold algorithm (Fagin) walks the lists from
their best entries, scores each entry it meets in full, and stops once no unseen entry can
enter the best or reach the floor. Where the best are found and more than `COUNT_UP_TO` list
entries are left, counting stops ("more than N"). Where the query's words are all common and
their lists long and flat, it looks at `LOOK_AT_MOST` entries and takes their best: the one
approximation, measured against the scan of every entry (top-5 agreement, README).

Nothing here knows commands, rendering or Discord.
"""

from __future__ import annotations

import heapq
import math
import threading
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise

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
COUNT_UP_TO = 200  # entries left in the lists beyond which the rest is not counted ("more than")
LOOK_AT_MOST = 1_000  # entries looked at, at most: their best stand for the best (common words)
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
        self.holding: Counter[int] = Counter()
        self.documents = 0
        self._stem_of_word: dict[str, int] = {}
        self._by_shape: dict[tuple[str, int], list[str]] = {}
        self._terms: dict[str, tuple[tuple[int, float], ...]] = {}
        self._lock = threading.Lock()

    def stems(self, words: list[str]) -> list[int]:
        """The ids of the words' stems, in order; new words are stemmed (in one call) first."""
        known = self._stem_of_word
        found = list(map(known.get, words))
        if None in found:
            new = list(dict.fromkeys(w for w, sid in zip(words, found, strict=True) if sid is None))
            plain = [w for w in new if not w.startswith("\x00")]
            stemmed = dict(zip(plain, _STEMMER.stemWords(plain), strict=True))
            for word in new:
                stem = stemmed.get(word, word)
                sid = self.stem_ids.setdefault(stem, len(self.stem_ids))
                known[word] = sid
                if word in stemmed:
                    self._by_shape.setdefault((word[0], len(word)), []).append(word)
            found = list(map(known.__getitem__, words))
        return found  # type: ignore[return-value]

    def count(self, stems: Iterable[int]) -> None:
        """One more entry, holding these (distinct) stems."""
        self.documents += 1
        self.holding.update(stems)

    def forget(self) -> None:
        """Drop the remembered query words (for benchmarks that want every word new)."""
        self._terms.clear()

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
        with self._lock:  # answers may run on worker threads (bot.discord_app)
            if len(self._terms) >= EXPANSIONS_KEPT:
                self._terms.pop(next(iter(self._terms)), None)
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
    """What `Ranker.top` found: (base score, entry) of every entry it looked at, which holds
    every entry that can be among the best; `exact` when it also holds every entry reaching
    the floor (so that counting them is counting all the matches)."""

    found: list[tuple[float, int]]
    exact: bool

    def matches(self, floor: float) -> int:
        return sum(1 for score, _entry in self.found if score >= floor and score > 0)


class Ranker:
    """One kind of entry, indexed: posting lists best-first and a forward index.

    Built from `Document`s in two steps (`add`, then `finish` once the shared vocabulary has
    seen every kind), because inverse document frequencies count events and quotes together.
    """

    def __init__(self, kind: Kind, vocabulary: Vocabulary) -> None:
        self.kind = kind
        self.vocabulary = vocabulary
        self._pending: list[tuple[array[int], ...]] = []  # per document, per field: its stems
        self._offsets = array("I", [0])
        self._stems = array("I")
        self._values = array("f")
        self._postings: dict[int, tuple[array[int], array[float]]] = {}
        self._raw: dict[int, tuple[array[int], array[float]]] = {}
        self._lock = threading.Lock()

    def add(self, documents: Iterable[Document]) -> None:
        for document in documents:
            fields = self.stems(document)
            self.vocabulary.count(set().union(*fields))
            self._pending.append(tuple(array("I", stems) for stems in fields))

    def stems(self, document: Document) -> list[list[int]]:
        """A document's stems, field by field; the people field ends with its people's stems."""
        split = [words(text) for text in document.fields]
        split[self.kind.fields.index("people")] += [person_stem(p) for p in document.people]
        every = self.vocabulary.stems(list(chain.from_iterable(split)))  # one call: cheaper
        fields, at = [], 0
        for field in split:
            fields.append(every[at : at + len(field)])
            at += len(field)
        return fields

    def finish(self) -> None:
        """Weigh every (entry, stem) once and sort each stem's entries best first."""
        pending, self._pending = self._pending, []
        weights = self.kind.weights
        averages = [
            sum(len(fields[f]) for fields in pending) / max(len(pending), 1)
            for f in range(len(weights))
        ]
        raw: dict[int, tuple[array[int], array[float]]] = {}
        offsets, forward_stems, forward_values = self._offsets, self._stems, self._values
        for entry, fields in enumerate(pending):
            frequency: dict[int, float] = {}
            get = frequency.get
            for f, stems in enumerate(fields):
                if not stems:
                    continue
                # BM25F: each field's counts, normalised by its length, weighted.
                share = weights[f] * field_frequency(1, len(stems), averages[f])
                for s, n in Counter(stems).items():
                    frequency[s] = get(s, 0.0) + n * share
            held = sorted(frequency)
            saturated = list(map(saturate, map(frequency.__getitem__, held)))
            forward_stems.extend(held)
            forward_values.extend(saturated)
            offsets.append(len(forward_stems))
            for s, value in zip(held, saturated, strict=True):
                posting = raw.get(s)
                if posting is None:
                    raw[s] = posting = (array("I"), array("f"))
                posting[0].append(entry)
                posting[1].append(value)
        self._raw = raw
        self._postings = {}

    def posting(self, stem: int) -> tuple[array[int], array[float]] | None:
        """A stem's entries and values, best first; sorted on first use and kept (most stems
        of a large sheet are never asked for)."""
        found = self._postings.get(stem)
        if found is None:
            with self._lock:  # answers may run on worker threads (bot.discord_app)
                found = self._postings.get(stem)
                if found is None:
                    ids, values = self._raw.get(stem, (None, None))
                    if ids is None or values is None:
                        return None
                    order = sorted(range(len(ids)), key=values.__getitem__, reverse=True)
                    found = self._postings[stem] = (
                        array("I", map(ids.__getitem__, order)),
                        array("f", map(values.__getitem__, order)),
                    )
                    del self._raw[stem]
        return found

    def value(self, entry: int, stem: int) -> float:
        """The saturated frequency of a stem in an entry (0 when the entry lacks it)."""
        start, stop = self._offsets[entry], self._offsets[entry + 1]
        at = bisect_left(self._stems, stem, start, stop)
        return self._values[at] if at < stop and self._stems[at] == stem else 0.0

    def base(self, entry: int, terms: Sequence[Term]) -> float:
        """The BM25F score of one entry: per term, its best alternative."""
        value = self.value
        total = 0.0
        for term in terms:
            alternatives = term.alternatives
            if len(alternatives) == 1:
                total += alternatives[0].weight * value(entry, alternatives[0].stem)
            elif alternatives:
                total += max(a.weight * value(entry, a.stem) for a in alternatives)
        return total

    def top(
        self,
        terms: Sequence[Term],
        want: int,
        *,
        margin: float = 0.0,
        accept: Callable[[int], bool] | None = None,
        best: float = 0.0,
        bar: float = 0.0,
    ) -> Ranked:
        """The entries that can be among the `want` best once up to `margin` is added to their
        base score (the close-words bonus), among those `accept` lets through; and how many
        entries reach `FLOOR` × the best (`Ranked.exact` false when counting stopped).

        The threshold algorithm: take the next entry from the list whose next value can add
        the most, score it whole through the forward index, and stop when no unseen entry can
        reach the floor, or the `want`-th best less `margin` is above anything unseen and the
        rest is too long to count (`COUNT_UP_TO`), or `LOOK_AT_MOST` entries were looked at.
        `best` and `bar` carry what other kinds of entry found: the best score (for the floor)
        and the `want`-th best (a score an entry must beat to be among the best at all).
        """
        lists: list[tuple[int, float, array[int], array[float]]] = []
        for t, term in enumerate(terms):
            for alternative in term.alternatives:
                posting = self.posting(alternative.stem)
                if posting is not None:
                    lists.append((t, alternative.weight, *posting))
        if not lists:
            return Ranked([], True)
        of_term: list[list[int]] = [[] for _ in terms]
        for i, (t, _w, _ids, _values) in enumerate(lists):
            of_term[t].append(i)
        single = all(len(mine) <= 1 for mine in of_term)
        cursor = [0] * len(lists)
        head = [w * values[0] for _t, w, _ids, values in lists]
        # The most an unseen entry can score: per term, the best head of its lists.
        term_max = [max((head[i] for i in mine), default=0.0) for mine in of_term]
        threshold = sum(term_max)
        seen: set[int] = set()
        found: list[tuple[float, int]] = []
        best_want: list[float] = []  # a min-heap of the `want` best scores
        exact = True
        score_of = self.base
        while threshold > 1e-9 and threshold >= FLOOR * best:
            if bar - margin > threshold or (
                len(best_want) >= want and best_want[0] - margin > threshold
            ):
                # The best are found; counting the rest is worth it only while it is cheap.
                left = sum(len(lst[2]) - at for lst, at in zip(lists, cursor, strict=True))
                if left > COUNT_UP_TO:
                    exact = False
                    break
            if len(seen) >= LOOK_AT_MOST:
                exact = False  # the best of the entries looked at stand for the best
                break
            top = max(head)
            i = head.index(top)
            t, weight, ids, values = lists[i]
            at = cursor[i] + 1
            cursor[i] = at
            entry = ids[at - 1]
            now = weight * values[at] if at < len(ids) else 0.0
            head[i] = now
            if single:
                threshold += now - top
            else:
                term_max[t] = max(head[j] for j in of_term[t])
                threshold = sum(term_max)
            if entry in seen:
                continue
            seen.add(entry)
            if accept is not None and not accept(entry):
                continue
            score = score_of(entry, terms)
            found.append((score, entry))
            if score > best:
                best = score
            if len(best_want) < want:
                heapq.heappush(best_want, score)
            elif score > best_want[0]:
                heapq.heapreplace(best_want, score)
        return Ranked(found, exact)


def most_bonus(terms: Sequence[Term]) -> float:
    """The largest bonus any entry can get for these terms (every pair found close)."""
    return sum(PAIR_BONUS * min(a.weight, b.weight) for a, b in pairwise(terms))


def bonus(field_stems: Sequence[Sequence[int]], terms: Sequence[Term]) -> float:
    """Close words: `PAIR_BONUS` × the lighter weight for each pair of consecutive query terms
    found within `NEAR` words of each other, in the order asked, in one field."""
    total = 0.0
    if len(terms) < 2:
        return total
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
