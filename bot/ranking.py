"""Word search over the fact sheet: every query word counts, wherever it stands in an entry.

The model (defined here once; `tests/oracle.py` scores every entry with it, entry by entry, and
the index below must give what that scan gives):

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
- BM25F: a stem's value in an entry is its saturated frequency over the weighted,
  length-normalised fields (kept as a 32-bit float); a term's weight is its inverse document
  frequency (rarer words weigh more) times its quality; an entry's *base* score is the sum over
  the terms of the best weight × value among the term's stems.
- Words close together add a bonus: `PAIR_BONUS` × the lighter weight for each pair of
  consecutive query terms where, in one field, a stem of the first is followed within `NEAR`
  words by a stem of the second.
- Matches are the entries whose base score reaches `FLOOR` × the best base score: an entry
  lacking a rare word is still a match when nothing holds them all, and a lone common word
  is no match beside an entry that holds the question.

Speed (why not a loop in Python, why not SQLite FTS5): scoring entry by entry costs about a
second a question in Python at 100,000 entries; FTS5's `bm25()` ranks in C but scores every row
that holds any query word (26 ms at the median, 97 ms at p99, for the commonest words at that
size: README "Speed at scale"), and forgives no typo. Here each stem has a posting list (the
entries holding it, in entry order, and its value in each) in NumPy arrays, and a question is
scored into one array of scores for every entry, events and quotes alike (the kinds' rankers
are joined: `Ranker.joined`), all its terms in one `bincount`: a few array operations per term,
in C, whatever the number of entries holding it. Every entry is scored, so the matches
are counted exactly and the best are the reference's best. The bonus needs the words' order:
each entry's stems are kept in order (`tokens`), and the bonus is computed, in arrays too,
only for the entries it can lift into the answer (`Ranker.bonuses`).

Nothing here knows commands, rendering or Discord.
"""

from __future__ import annotations

import math
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
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
EXPANSIONS_KEPT = 10_000  # query words whose terms are remembered

_STEMMER = Stemmer.Stemmer("english")
Shapes = dict[str, tuple[list[str], list[int], "npt.NDArray[np.uint64]"]]
_NO_MASKS = np.zeros(0, np.uint64)

# A built index's state: plain values (numbers, texts, dicts, lists) and NumPy arrays.
State = dict[str, Any]


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


def stemmer_fingerprint() -> tuple[str, ...]:
    """PyStemmer's version and its stems of a few words: another stemmer makes another index."""
    probe = ["evacuated", "evacuation", "started", "negotiations", "sovereignty", "limits"]
    return (Stemmer.version(), *_STEMMER.stemWords(probe))


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


Number = TypeVar("Number", float, "npt.NDArray[np.float64]")


def saturate(weighted_frequency: Number) -> Number:
    return weighted_frequency * (K1 + 1) / (weighted_frequency + K1)


def field_frequency(count: int, length: Number, average: float) -> Number:
    """A field's term count, normalised by the field's length against its average (which a
    field holding the word has: it is not 0)."""
    return count / (1 - B + B * length / average)


def letter_mask(text: str) -> int:
    """The characters of a text as bits (each code point modulo 64). One edit (insertion,
    deletion, substitution, swap) changes at most two bits, so texts whose masks differ in
    more bits than twice the edits allowed cannot be that close: a filter before measuring."""
    mask = 0
    for character in set(text):
        mask |= 1 << (ord(character) & 63)
    return mask


def letter_masks(texts: Sequence[str]) -> npt.NDArray[np.uint64]:
    return np.fromiter(map(letter_mask, texts), np.uint64, len(texts))


def bits_apart(masks: npt.NDArray[np.uint64], text: str) -> npt.NDArray[np.uint8]:
    """How many bits each mask differs in from the text's."""
    apart: npt.NDArray[np.uint8] = np.bitwise_count(masks ^ np.uint64(letter_mask(text)))
    return apart


class Vocabulary:
    """The stems of every entry of a sheet (events and quotes share it) and how to find them.

    Stems get ids; `holding[id]` counts the entries holding that stem. Query words are
    turned into terms here: an exact stem, or the stems of the sheet's words one typo away.
    """

    def __init__(self) -> None:
        self.stem_ids: dict[str, int] = {}
        self.holding: npt.NDArray[np.int64] = np.zeros(0, np.int64)
        self.documents = 0
        self._stem_of_word: dict[str, int] = {}
        self._by_letter: dict[str, list[str]] = {}
        # Per first letter: the words sorted by length, their lengths and masks (`_typos`).
        self._shapes: Shapes | None = None
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
                    self._by_letter.setdefault(word[0], []).append(word)
            self._shapes = None
            found = list(map(known.__getitem__, words))
        return found  # type: ignore[return-value]

    def count(self, rankers: Iterable[Ranker]) -> None:
        """Count the entries of every kind, and how many hold each stem (for `idf`)."""
        holding = np.zeros(len(self.stem_ids), np.int64)
        self.documents = 0
        for ranker in rankers:
            self.documents += ranker.size
            held = ranker.holding()
            holding[: len(held)] += held
        self.holding = holding
        self._sorted_shapes()  # once, at build time

    def state(self) -> State:
        """What counting left, as plain values and arrays: `restore` takes it back (the
        remembered query words are not part of it). The words of each letter are given sorted
        by length, with their letter masks, all letters' in one array: what `_typos` reads."""
        shapes = self._sorted_shapes()
        return {
            "stem_ids": self.stem_ids,
            "stem_of_word": self._stem_of_word,
            "by_letter": {letter: ordered for letter, (ordered, _, _) in shapes.items()},
            "masks": np.concatenate([masks for _, _, masks in shapes.values()] or [_NO_MASKS]),
            "holding": self.holding,
            "documents": self.documents,
        }

    @classmethod
    def restore(cls, state: Mapping[str, Any]) -> Vocabulary:
        """The vocabulary `state()` described, counted, without stemming a word again or
        measuring its letters."""
        vocabulary = cls()
        vocabulary.stem_ids = _restored(state["stem_ids"], dict)
        vocabulary._stem_of_word = _restored(state["stem_of_word"], dict)
        vocabulary._by_letter = _restored(state["by_letter"], dict)
        vocabulary.holding = _restored_array(state["holding"], np.int64)
        vocabulary.documents = _restored(state["documents"], int)
        if len(vocabulary.holding) != len(vocabulary.stem_ids):
            raise ValueError("a restored vocabulary counts other stems than it holds")
        masks = _restored_array(state["masks"], np.uint64)
        shapes: Shapes = {}
        at = 0
        for letter, ordered in vocabulary._by_letter.items():
            lengths = [len(word) for word in _restored(ordered, list)]
            if lengths != sorted(lengths):
                raise ValueError("a restored vocabulary's words are not sorted by length")
            shapes[letter] = (ordered, lengths, masks[at : at + len(ordered)])
            at += len(ordered)
        if at != len(masks):
            raise ValueError("a restored vocabulary has other letter masks than words")
        vocabulary._shapes = shapes  # sorted already: sorting again would keep their order
        return vocabulary

    def forget(self) -> None:
        """Drop the remembered query words (for benchmarks that want every word new)."""
        self._terms.clear()

    def known(self, word: str) -> bool:
        """Whether the sheet's texts hold this word's stem."""
        return self.stem_id(word) is not None

    def stem_id(self, word: str) -> int | None:
        """The id of this word's stem, if the sheet's texts hold it."""
        return self.stem_ids.get(_STEMMER.stemWord(word))

    def idf(self, sid: int) -> float:
        return idf(self.documents, int(self.holding[sid]) if sid < len(self.holding) else 0)

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

    def _sorted_shapes(self) -> Shapes:
        shapes = self._shapes
        if shapes is None:
            shapes = {}
            for letter, written in self._by_letter.items():
                ordered = sorted(written, key=len)
                shapes[letter] = (ordered, [len(w) for w in ordered], letter_masks(ordered))
            self._shapes = shapes
        return shapes

    def _typos(self, word: str) -> tuple[tuple[int, float], ...]:
        if len(word) < 4 or word.isdigit():
            return ()
        most = 2 if len(word) >= 8 else 1
        shape = self._sorted_shapes().get(word[0])
        if shape is None:
            return ()
        ordered, lengths, masks = shape
        low = bisect_left(lengths, len(word) - most)
        high = bisect_right(lengths, len(word) + most)
        close = np.flatnonzero(bits_apart(masks[low:high], word) <= 2 * most) + low
        shaped = [ordered[i] for i in close.tolist()]
        best: dict[int, float] = {}
        for near, distance, _i in process.extract(
            word, shaped, scorer=OSA.distance, processor=None, score_cutoff=most, limit=None
        ):
            sid = self._stem_of_word[near]
            quality = TYPO_QUALITY[max(1, int(distance))]
            best[sid] = max(best.get(sid, 0.0), quality)
        return tuple(sorted(best.items()))


Floats = npt.NDArray[np.float64]
Entries = npt.NDArray[np.intp]
SEPARATOR = -1  # between fields and after each entry in `Ranker.tokens`, `NEAR` times
CHUNK = 512  # entries whose bonus is computed at once, the likeliest to be lifted first
BATCH = 2_048  # entries weighed at once while building


def document_stems(kind: Kind, vocabulary: Vocabulary, document: Document) -> list[list[int]]:
    """A document's stems, field by field; the people field ends with its people's stems."""
    split = [words(text) for text in document.fields]
    split[kind.fields.index("people")] += [person_stem(p) for p in document.people]
    every = vocabulary.stems(list(chain.from_iterable(split)))  # one call: cheaper
    fields, at = [], 0
    for field in split:
        fields.append(every[at : at + len(field)])
        at += len(field)
    return fields


class Ranker:
    """Entries indexed: per stem, the entries holding it and its value in each (`posting`); per
    entry, its stems in order, fields apart (`tokens`, for the bonus).

    A ranker is built for one kind of entry, its entries numbered in the order given; the kinds
    are then `joined` into one ranker, which scores them all in one pass, and `Vocabulary.count`
    counts it, because inverse document frequencies count events and quotes together.
    """

    # The kind of entry it was built for; None for rankers joined from others.
    kind: Kind | None

    def __init__(self, kind: Kind, vocabulary: Vocabulary, documents: Iterable[Document]) -> None:
        self.kind = kind
        self.vocabulary = vocabulary
        width = len(kind.fields)
        gap = [SEPARATOR] * NEAR
        tokens = array("i")
        lengths = array("q")  # per entry, per field: its number of words
        for document in documents:
            for stems in document_stems(kind, vocabulary, document):
                tokens.extend(stems)
                tokens.extend(gap)
                lengths.append(len(stems))
        self.tokens = np.frombuffer(tokens, np.int32) if tokens else np.zeros(0, np.int32)
        per_field = np.frombuffer(lengths, np.int64).reshape(-1, width) if lengths else None
        self.size = 0 if per_field is None else len(per_field)
        ends = np.zeros(self.size + 1, np.int64)
        if per_field is not None:
            np.cumsum((per_field + NEAR).sum(axis=1), out=ends[1:])
        self.offsets = ends
        self._index(per_field)

    @classmethod
    def joined(cls, parts: Sequence[Ranker]) -> Ranker:
        """One ranker over the entries of `parts`, numbered one part after the other (the
        second's first entry is numbered the first's size): each stem's posting list is the
        parts' lists one after the other, so still in entry order."""
        ranker = cls.__new__(cls)
        ranker.kind, ranker.vocabulary = None, parts[0].vocabulary
        ranker.size = sum(part.size for part in parts)
        ranker.tokens = np.concatenate([part.tokens for part in parts])
        offsets, tokens_before = [np.zeros(1, np.int64)], 0
        for part in parts:
            offsets.append(part.offsets[1:] + tokens_before)
            tokens_before += len(part.tokens)
        ranker.offsets = np.concatenate(offsets)
        stem_count = max(len(part._starts) for part in parts) - 1
        # Per part, how many entries hold each stem (a part built before the vocabulary grew
        # knows fewer stems: it holds none of the later ones).
        holding = [
            np.pad(np.diff(part._starts), (0, stem_count + 1 - len(part._starts))) for part in parts
        ]
        ranker._starts = np.zeros(stem_count + 1, np.int64)
        np.cumsum(sum(holding), out=ranker._starts[1:])
        ranker._ids = np.empty(int(ranker._starts[-1]), np.int32)
        ranker._values = np.empty(int(ranker._starts[-1]), np.float32)
        earlier = np.zeros(stem_count, np.int64)  # per stem, the postings of the parts before
        entries_before = 0
        for part, held in zip(parts, holding, strict=True):
            later = np.full(stem_count + 1 - len(part._starts), part._starts[-1])
            own = np.concatenate([part._starts[:-1], later])
            # Where each of the part's postings goes: its stem's start, after the earlier
            # parts' postings of that stem, at its own place in the part's list.
            shift = np.repeat(ranker._starts[:-1] + earlier - own, held)
            at = shift + np.arange(len(part._ids))
            ranker._ids[at] = part._ids + entries_before
            ranker._values[at] = part._values
            earlier += held
            entries_before += part.size
        return ranker

    def _index(self, per_field: npt.NDArray[np.int64] | None) -> None:
        """Every (entry, stem) weighed once (BM25F), and grouped by stem in entry order."""
        stem_count = len(self.vocabulary.stem_ids)
        self._starts = np.zeros(stem_count + 1, np.int64)
        self._ids = np.zeros(0, np.int32)
        self._values = np.zeros(0, np.float32)
        if per_field is None or not len(self.tokens):
            return
        assert self.kind is not None  # built for a kind
        size, width = per_field.shape
        # The same arithmetic as the model: a field's share is weight × 1 / (1 - B + B × length /
        # average length), and a stem's frequency the sum over fields, in order, of count × share.
        averages = [int(per_field[:, f].sum()) / size for f in range(width)]
        share = np.zeros((size, width))
        for f, (weight, average) in enumerate(zip(self.kind.weights, averages, strict=True)):
            if average:
                share[:, f] = weight * field_frequency(1, per_field[:, f].astype(float), average)
        entries, stems, values = [], [], []
        # A batch of entries at a time: the temporary arrays stay small (built whole at 100,000
        # entries, they left the process twice the memory it needs).
        for low in range(0, size, BATCH):
            high = min(low + BATCH, size)
            tokens = self.tokens[self.offsets[low] : self.offsets[high]]
            counted = per_field[low:high]
            segment = np.repeat(np.arange(len(counted) * width), (counted + NEAR).ravel())
            kept = tokens >= 0
            segment, stem = segment[kept], tokens[kept].astype(np.int64)
            entry, field = segment // width, segment % width
            key = (entry * stem_count + stem) * width + field
            keys, counts = np.unique(key, return_counts=True)
            pair = keys // width
            contribution = counts * share[low + pair // stem_count, keys % width]
            first = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
            frequency = np.add.reduceat(contribution, first)
            pair = pair[first]
            entries.append((low + pair // stem_count).astype(np.int32))
            stems.append((pair % stem_count).astype(np.int32))
            values.append(saturate(frequency).astype(np.float32))
        every_stem = np.concatenate(stems)
        order = np.argsort(every_stem, kind="stable")  # by stem, each stem's entries in order
        self._ids = np.concatenate(entries)[order]
        self._values = np.concatenate(values)[order]
        np.cumsum(np.bincount(every_stem, minlength=stem_count), out=self._starts[1:])

    def state(self) -> State:
        """What building left, as plain values and arrays: `restore` takes it back."""
        return {
            "size": self.size,
            "tokens": self.tokens,
            "offsets": self.offsets,
            "starts": self._starts,
            "ids": self._ids,
            "values": self._values,
        }

    @classmethod
    def restore(cls, vocabulary: Vocabulary, state: Mapping[str, Any]) -> Ranker:
        """The joined ranker `state()` described, over `vocabulary` (restored first), not built
        again."""
        ranker = cls.__new__(cls)
        ranker.kind, ranker.vocabulary = None, vocabulary
        ranker.size = _restored(state["size"], int)
        ranker.tokens = _restored_array(state["tokens"], np.int32)
        ranker.offsets = _restored_array(state["offsets"], np.int64)
        ranker._starts = _restored_array(state["starts"], np.int64)
        ranker._ids = _restored_array(state["ids"], np.int32)
        ranker._values = _restored_array(state["values"], np.float32)
        if (
            len(ranker.offsets) != ranker.size + 1
            or len(ranker._starts) > len(vocabulary.stem_ids) + 1
            or len(ranker._ids) != len(ranker._values)
        ):
            raise ValueError("a restored ranker's arrays do not fit together")
        return ranker

    def holding(self) -> npt.NDArray[np.int64]:
        """Per stem id, how many entries hold it."""
        return np.diff(self._starts)

    def posting(self, stem: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        """The entries holding a stem, in entry order, and its value in each."""
        if stem + 1 >= len(self._starts):
            return self._ids[:0], self._values[:0]
        start, stop = self._starts[stem], self._starts[stem + 1]
        return self._ids[start:stop], self._values[start:stop]

    def scores(self, terms: Sequence[Term]) -> Floats:
        """Every entry's base score: per term, the best of its stems' weight × value.

        One `bincount` adds the terms' postings in term order, the order the model sums in (its
        floats agree to the bit); a term of several stems gives each entry its best first.
        """
        ids: list[npt.NDArray[np.int32]] = []
        values: list[Floats] = []
        for term in terms:
            lists = [(a.weight, *self.posting(a.stem)) for a in term.alternatives]
            lists = [(weight, held, value) for weight, held, value in lists if len(held)]
            if len(lists) == 1:
                weight, held, value = lists[0]
                ids.append(held)
                values.append(np.multiply(value, weight, dtype=np.float64))
            elif lists:
                held = np.concatenate([held for _w, held, _v in lists])
                value = np.concatenate([np.multiply(v, w, dtype=np.float64) for w, _h, v in lists])
                order = np.argsort(held, kind="stable")
                held, value = held[order], value[order]
                first = np.flatnonzero(np.concatenate(([True], held[1:] != held[:-1])))
                ids.append(held[first])
                values.append(np.maximum.reduceat(value, first))
        if not ids:
            return np.zeros(self.size)
        total = np.bincount(np.concatenate(ids), np.concatenate(values), minlength=self.size)
        return total.astype(np.float64, copy=False)  # float64 already: weights were given

    def bonuses(self, entries: Entries, terms: Sequence[Term]) -> Floats:
        """The close-words bonus of each of these entries (see the model)."""
        total = np.zeros(len(entries))
        if len(terms) < 2 or not len(entries):
            return total
        starts, stops = self.offsets[entries], self.offsets[entries + 1]
        lengths = stops - starts
        owner = np.repeat(np.arange(len(entries)), lengths)
        # The entries' tokens one after the other (each run ends with `NEAR` separators).
        at = np.arange(int(lengths.sum())) + np.repeat(
            starts - (np.cumsum(lengths) - lengths), lengths
        )
        tokens = self.tokens[at]
        held = {id(term): _holding(tokens, term) for term in terms}
        for left, right in pairwise(terms):
            lefts, rights = held[id(left)], held[id(right)]
            close = np.zeros(len(tokens), bool)
            for distance in range(1, NEAR + 1):
                close[distance:] |= lefts[:-distance] & rights[distance:]
            found = np.zeros(len(entries), bool)
            found[owner[close]] = True
            total[found] += PAIR_BONUS * min(left.weight, right.weight)
        return total

    def holds(self, entries: Entries, term: Term) -> npt.NDArray[np.bool_]:
        """Which of these entries (sorted) hold one of the term's stems."""
        found = np.zeros(len(entries), bool)
        for alternative in term.alternatives:
            ids = self.posting(alternative.stem)[0]
            if len(ids):
                at = np.minimum(np.searchsorted(ids, entries), len(ids) - 1)
                found |= ids[at] == entries
        return found

    def bounds(self, entries: Entries, terms: Sequence[Term]) -> Floats:
        """The most bonus each of these entries (sorted) can get: the pairs of terms it holds."""
        total = np.zeros(len(entries))
        held = [self.holds(entries, term) for term in terms]
        for (left, right), (a, b) in zip(pairwise(terms), pairwise(held), strict=True):
            total[a & b] += PAIR_BONUS * min(left.weight, right.weight)
        return total


Restored = TypeVar("Restored")


def _restored(value: object, kind: type[Restored]) -> Restored:
    """A restored value, which must be of the kind building makes (else `ValueError`)."""
    if type(value) is not kind:
        raise ValueError(f"a restored value is a {type(value).__name__}, not a {kind.__name__}")
    return value


def _restored_array(value: object, dtype: type[np.generic]) -> npt.NDArray[Any]:
    """A restored array, which must be one-dimensional and of the type building makes."""
    if not isinstance(value, np.ndarray) or value.dtype != dtype or value.ndim != 1:
        raise ValueError("a restored array is not of the type the index builds")
    return value


def _holding(tokens: npt.NDArray[np.int32], term: Term) -> npt.NDArray[np.bool_]:
    """Which tokens are one of the term's stems (a few comparisons: faster than `np.isin`)."""
    found = np.zeros(len(tokens), bool)
    for alternative in term.alternatives:
        found |= tokens == alternative.stem
    return found


def most_bonus(terms: Sequence[Term]) -> float:
    """The largest bonus any entry can get for these terms (every pair found close)."""
    return sum(PAIR_BONUS * min(a.weight, b.weight) for a, b in pairwise(terms))
