"""The phrase index behind `bot.search.Index`: typo-tolerant phrase lookup in milliseconds.

`ExhaustiveIndex` scores every text with rapidfuzz `partial_ratio` (about 0.08 s per search at
50,000 texts). This module finds the few texts that can score at or above the cutoff and leaves
the scoring to the same scorer, so every score it returns is the exhaustive score. Design:

1. Build (once): each text in rapidfuzz's processed form; its words ("tokens"), shared by quotes
   and events in one `Vocabulary`; per corpus, a posting list per token (the texts holding it);
   a trigram -> tokens table; each text's first and last token.
2. Expand each query word of three letters or more into the tokens that can hold it: tokens
   containing it ("war" -> "warfare", "toward"); tokens one typo away ("limts" -> "limits":
   generated and looked up for short words; for words of seven letters or more, whose first or
   last half a single typo leaves intact, the tokens holding a half and scoring high enough);
   longer tokens holding the word with one typo ("sanctons" -> "sanctioned", from the halves
   again); with a missing space ("maoning"), the rarer half. Short queries can afford fewer
   edits, so their words expand less (a four-letter query matches only what contains it).
3. Require texts to hold enough of the query words. `partial_ratio` >= c allows at most
   D = (100 - c)% x 2 x len(query) insertions and deletions in the best window. A query word a
   text does not hold is counted as costing its length less one (the window borrows a letter or
   so from the neighbouring words); a text is a candidate when the words it lacks cost at most
   D. Only the rarer words are used, rarest first: words under three letters ("no", "of") and
   words in half the texts or more add no constraint, which keeps the rule a relaxation. So
   "no limits" needs "limits" or a typo of it; a four-word phrase needs about three of its words.
   The scorer also tries windows shorter than the query at a text's start and end: there the
   first (last) query word may be cut short, and the texts' first and last tokens say where.
4. Score the candidates, plus every text no longer than the query (compared the other way
   round), with `partial_ratio` and the same cutoff. A text holding the query as it is scores
   100 without asking the scorer.

Why this design: the vocabulary is some 50,000 words where the texts are millions of
characters, so typo tolerance is paid on the words, once per query word (and remembered for
the next queries); posting lists make "texts holding this word" a set union in C; and the final
scores come from the very scorer the exhaustive index uses, so they cannot drift from it.

Correctness first: the index answers with the exhaustive scan, exactly, when the texts are few
(`scan_below`: scanning 2,000 texts costs about 1 ms), when the query has no word of three
letters or more, when its words cannot exclude anything, and when the candidates would be half
of the texts. Step 3's cost model is the one assumption. It is not a proof: a word split across
two text words ("nolimits" against "no limitations") or a word two edits away from any token
("evolution" against "violation") counts as missing, so at scale the index agrees with the
exhaustive scan on the top results of typical queries, not on every low-scoring extra; the
benchmarks measure how often (tests/benchmarks/bench_lookup.py, README). Texts and tokens are
kept in rapidfuzz's processed form, made once at build time, so scoring calls pass
`processor=None` on already processed strings: the scores `processor=default_process` would
give on the originals, without redoing that work for every text of every query.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from rapidfuzz import fuzz, process, utils

# Below this many texts, a scan is about as fast as the index and exact by construction.
SCAN_BELOW = 2_000
# Beyond this share of the texts, scanning them all costs little more, and is exact.
MAX_CANDIDATE_SHARE = 1 / 2
# Words whose texts are more than this share are not used to exclude texts (too costly to list).
MAX_WORD_SHARE = 0.5
# At most this many query words take part in the requirement (subsets are enumerated).
MAX_REQUIRED_WORDS = 5
# Once the words taken can exclude texts, a further word is taken while its texts are fewer than
# this many times the candidates (listing a text costs about a tenth of scoring one).
MORE_WORDS_RATIO = 10
_LAST = "\U0010ffff"  # sorts after every character: prefix + _LAST ends a prefix's range
MIN_WORD = 3  # shorter words ("no", "of", "xi") are everywhere or nowhere: never required
PIECE_WORD = 5  # words this long are also looked up inside longer tokens, with one typo
WHOLE_PIECES = 7  # from this length the halves cover every place a typo can be
EXPANSIONS_KEPT = 10_000  # words whose expansion is remembered (a few MB at most)


def missing_cost(word: str) -> int:
    """What a window pays, in practice, for a query word that no token of the text holds.

    A word the text lacks entirely costs its length and its space; the window can borrow a
    letter or so from the neighbouring words ("hvae" pays 2 against "five ministry" for "hvae
    ministry"), so its length less one is counted. It is the one tuned number here: on generated
    sheets of 10k and 100k facts it keeps the top-5 agreement of every command at 0.96 or more;
    the safe bound (2 for any word one typo away from being held) lets nearly every word be
    missing, so that most queries would scan.
    """
    return len(word) - 1


def max_edits(query_length: int, cutoff: float) -> int:
    """The most insertions and deletions a window may need and still score `cutoff`.

    `partial_ratio` scores a window W of at most len(query) characters
    100 × (1 - edits / (len(query) + len(W))), so edits ≤ (1 - cutoff/100) × 2 × len(query).
    """
    return math.floor((100 - cutoff) * 2 * query_length / 100 + 1e-9)


class Vocabulary:
    """The words ("tokens") of every text of a sheet, and which of them can hold a query word.

    Quotes and events share one vocabulary, so a word of a `!when` query is expanded once.
    """

    def __init__(self) -> None:
        self.tokens: list[str] = []
        self.token_ids: dict[str, int] = {}
        self.counts: list[int] = []  # texts holding each token
        self.texts = 0  # texts of all the corpora
        self.trigrams: dict[str, array[int]] = {}
        self._trigram_sizes: dict[str, array[int]] = {}
        self.alphabet = ""
        self._expansions: dict[tuple[str, int], tuple[frozenset[int], float]] = {}

    def add(self, tokens: dict[str, list[int]], texts: int) -> None:
        """Give ids to the new tokens of `texts` texts and count the texts holding each."""
        self.texts += texts
        ids, counts = self.token_ids, self.counts
        for token, held in tokens.items():
            tid = ids.get(token)
            if tid is None:
                tid = ids[token] = len(self.tokens)
                self.tokens.append(token)
                counts.append(0)
            counts[tid] += len(held)

    def finish(self) -> None:
        """Build the trigram table (trigram -> ids of the tokens holding it) and the alphabet."""
        trigrams: defaultdict[str, list[int]] = defaultdict(list)
        tokens = self.tokens
        # Longest tokens first, so that "the tokens of at least n letters" is a slice.
        for tid in sorted(range(len(tokens)), key=lambda tid: -len(tokens[tid])):
            token = tokens[tid]
            for gram in {token[i : i + 3] for i in range(len(token) - 2)}:
                trigrams[gram].append(tid)
        self.trigrams = {gram: array("I", ids) for gram, ids in trigrams.items()}
        # minus the length of each token in those lists: ascending, for bisect
        self._trigram_sizes = {
            gram: array("h", (-min(len(tokens[tid]), 32767) for tid in ids))
            for gram, ids in trigrams.items()
        }
        self.alphabet = "".join(sorted(set().union(*tokens)))

        self._expansions.clear()

    def forget(self) -> None:
        """Drop the remembered expansions (for benchmarks that want every word new)."""
        self._expansions.clear()

    def expand(self, word: str, edits: int = 2) -> tuple[frozenset[int], float]:
        """Token ids that hold the word (containing it, one typo away, or long words both), and
        at most what share of all the texts hold one of them. (Above `MAX_WORD_SHARE`, only the
        tokens containing it: such a word is never used to exclude texts.)

        `edits` is what the query can spend on this word (insertions and deletions): 0 keeps
        the tokens containing it; 1 adds those one letter longer or shorter; 2 (the most) adds
        substitutions and transpositions, which cost two. Remembered for the last
        `EXPANSIONS_KEPT` words: a channel asks about the same words.
        """
        edits = min(edits, 2)
        found = self._expansions.get((word, edits))
        if found is None:
            if len(self._expansions) >= EXPANSIONS_KEPT:
                del self._expansions[next(iter(self._expansions))]
            counts, texts = self.counts, max(self.texts, 1)
            # A word already in too many texts as it is will not be used: its typos can wait.
            tokens = frozenset(self._containing(word))
            share = sum(counts[t] for t in tokens) / texts
            if share <= MAX_WORD_SHARE:
                tokens = frozenset(self._expand(word, edits))
                share = sum(counts[t] for t in tokens) / texts
            found = self._expansions[(word, edits)] = (tokens, share)
        return found

    def _expand(self, word: str, edits: int) -> set[int]:
        found = set(self._containing(word))
        if edits == 0:
            return found
        ids = self.token_ids
        if len(word) >= WHOLE_PIECES:
            # Long words: one typo leaves the first or the last half intact, so the halves below
            # find every token one typo away but the shorter ones (a letter deleted).
            variants = {word[:at] + word[at + 1 :] for at in range(len(word))}
        elif edits > 1:
            variants = _one_typo(word, self.alphabet)
        else:
            variants = _one_indel(word, self.alphabet)
        found.update(tid for variant in variants if (tid := ids.get(variant)) is not None)
        # A missing space ("maoning" for "mao ning"): a text holding both halves holds the rarer.
        # (Not for words of the texts: "another" is not "an other".)
        if word not in ids:
            for at in range(1, len(word)):
                first, second = ids.get(word[:at]), ids.get(word[at:])
                if first is not None and second is not None:
                    found.add(min(first, second, key=self.counts.__getitem__))
        if len(word) >= PIECE_WORD:
            # A word with one typo inside a longer token ("sanctons" in "sanctioned") keeps its
            # first or its last half intact: look those up, then let the scorer decide.
            if len(word) >= WHOLE_PIECES:
                half = len(word) // 2
                pieces = {word[:half], word[half:]}
                # (A transposition across the halves breaks both: look that spelling up.)
                found.update(
                    self._containing(
                        word[: half - 1] + word[half] + word[half - 1] + word[half + 1 :]
                    )
                )
            else:  # short words: their ends, with the one-typo spellings above for the rest
                pieces = {word[:3], word[-3:]}
            tokens = self.tokens
            near: set[int] = set()
            for piece in pieces:
                near.update(self._containing(piece, len(word)))
            near -= found
            if near:
                order = list(near)
                # Any token holding the word with one typo scores at least this: the window over
                # the typo differs by `edits` insertions or deletions out of 2 × len(word).
                # (With a margin: rapidfuzz's batch functions round the cutoff less kindly than
                # its scorers, and a token too many costs nothing but time.)
                floor = 100 * (1 - edits / (2 * len(word))) - 0.5
                for _token, _score, index in process.extract_iter(
                    word,
                    [tokens[t] for t in order],
                    scorer=fuzz.partial_ratio,
                    processor=None,  # tokens and word are processed already
                    score_cutoff=floor,
                ):
                    found.add(order[index])
        return found

    def _containing(self, text: str, shortest: int = 0) -> Sequence[int]:
        """Ids of the tokens of `shortest` letters or more that contain `text` (3 or more)."""
        grams = [text[i : i + 3] for i in range(len(text) - 2)]
        if not all(gram in self.trigrams for gram in grams):
            return []
        gram = min(grams, key=lambda g: len(self.trigrams[g]))
        rarest = self.trigrams[gram]
        if shortest > len(text):
            rarest = rarest[: bisect_right(self._trigram_sizes[gram], -shortest)]
        if len(text) == 3:
            return rarest
        tokens = self.tokens
        return [t for t in rarest if text in tokens[t]]


class PhraseIndex:
    """Texts (quotes, or events' title+keywords+summary) and how to find them by a phrase."""

    def __init__(
        self,
        texts: Iterable[str],
        cutoff: float,
        *,
        vocabulary: Vocabulary | None = None,
        scan_below: int = SCAN_BELOW,
    ) -> None:
        """Index the texts. With a shared `vocabulary`, call its `finish()` once all are added."""
        self.cutoff = cutoff
        self.scan_below = scan_below
        self.texts: list[str] = [utils.default_process(text) for text in texts]
        held: defaultdict[str, list[int]] = defaultdict(list)
        for position, text in enumerate(self.texts):
            for token in set(text.split()):
                held[token].append(position)
        own = vocabulary is None
        self.vocabulary = vocabulary = vocabulary or Vocabulary()
        vocabulary.add(held, len(self.texts))
        ids = vocabulary.token_ids
        # token id -> positions of the texts holding it (arrays: half the memory of lists)
        self.postings: dict[int, array[int]] = {
            ids[token]: array("I", positions) for token, positions in held.items()
        }
        del held
        # Texts by length, for the texts no longer than a query (scored the other way round).
        lengths = array("I", map(len, self.texts))
        self.by_length = array("I", sorted(range(len(lengths)), key=lengths.__getitem__))
        self.lengths = array("I", (lengths[i] for i in self.by_length))
        # The texts by their first word, and by their last word, for the windows the scorer
        # tries at the ends of a text (see `_edges`).
        tokens = vocabulary.tokens
        firsts = [(text.split(None, 1)[0], i) for i, text in enumerate(self.texts) if text]
        firsts.sort()
        self._first_texts = array("I", (i for _token, i in firsts))
        self._first_tokens = [tokens[ids[token]] for token, _i in firsts]
        del firsts
        lasts = [(text.rsplit(None, 1)[-1][::-1], i) for i, text in enumerate(self.texts) if text]
        lasts.sort()
        self._last_texts = array("I", (i for _token, i in lasts))
        self._last_tokens = [tokens[ids[token[::-1]]] for token, _i in lasts]
        del lasts
        if own:
            vocabulary.finish()

    def __len__(self) -> int:
        return len(self.texts)

    def _edges(self, word: str, budget: int, first: bool, last: bool) -> list[int]:
        """Texts where the query's first (last) word can be cut short by the text's start (end).

        The scorer also tries windows shorter than the query at either end of a text, so "wang"
        matches a text starting "angry" or ending "pyongyang" (85.7): the word, less up to
        `budget` letters, begins the text's first word or ends its last one. A first word loses
        letters at its start, a last word at its end. A one-word query can lose them anywhere
        ("boyok" matches a text starting "boyko": "boyk" is "boyok" less one letter), and a
        window that cannot use a space is exactly that.
        """
        size = len(word)
        most = min(budget, size - MIN_WORD)
        parts: set[str] = set()
        if first and last:
            level = {word}
            for _ in range(most):
                level = {part[:at] + part[at + 1 :] for part in level for at in range(len(part))}
                parts |= level
        else:
            parts = {
                word[head : size - tail]
                for head in range(most + 1)
                for tail in range(most + 1 - head)
                if head + tail > 0 and (not tail or last) and (not head or first)
            }
        found: list[int] = []
        for part in parts:
            if first:
                start = bisect_left(self._first_tokens, part)
                stop = bisect_left(self._first_tokens, part + _LAST, start)
                found += self._first_texts[start:stop]
            if last:
                start = bisect_left(self._last_tokens, part[::-1], key=_reversed)
                stop = bisect_left(self._last_tokens, part[::-1] + _LAST, start, key=_reversed)
                found += self._last_texts[start:stop]
        return found

    # --- search --------------------------------------------------------------------------

    def search(self, query: str) -> list[tuple[int, float]]:
        """(position, score) of every text scoring at least the cutoff; query already folded."""
        query = utils.default_process(query)
        if not query:
            return []
        candidates = self.candidates(query)
        texts = self.texts
        found: list[tuple[int, float]] = []
        if candidates is None:
            rest: list[int] | range = range(len(texts))
            choices = texts
        else:
            # A text holding the query as it is scores 100 (the window is the query itself): no
            # need to ask the scorer, which is what a one-word query in 10,000 texts costs.
            rest = []
            for i in candidates:
                if query in texts[i]:
                    found.append((i, 100.0))
                else:
                    rest.append(i)
            choices = [texts[i] for i in rest]
        for _text, score, index in process.extract_iter(
            query,
            choices,
            scorer=fuzz.partial_ratio,
            processor=None,  # texts and query are processed already (see the module docstring)
            score_cutoff=self.cutoff,
        ):
            found.append((rest[index], score))
        return found

    def candidates(self, query: str) -> set[int] | None:
        """Texts that can score at or above the cutoff; None when only a scan is safe."""
        n = len(self.texts)
        if n < self.scan_below:
            return None
        budget = max_edits(len(query), self.cutoff)
        split = query.split()
        words = sorted({w for w in split if len(w) >= MIN_WORD})
        if not words:
            return None
        # (texts holding it, at most; cost when missing; tokens; texts) per word, rarest first.
        postings, vocabulary = self.postings, self.vocabulary
        sized = []
        # A one-word query of up to six letters allows one edit: a window of its length over a
        # word one letter longer or shorter, or with a space, already costs two. So only the
        # words containing it count (and the ends of texts, below).
        edits = 0 if len(split) == 1 and budget <= 1 else budget
        for word in words:
            tokens, share = vocabulary.expand(word, edits)
            edge: list[int] = []
            if word == split[0] or word == split[-1]:
                edge = self._edges(word, budget, word == split[0], word == split[-1])
            share += len(edge) / n
            sized.append((share, missing_cost(word), word, tokens, edge))
        sized.sort()
        chosen: list[tuple[int, set[int]]] = []
        found: set[int] | None = None
        empty: array[int] = array("I")
        for share, cost, _word, tokens, edge in sized[:MAX_REQUIRED_WORDS]:
            if share > MAX_WORD_SHARE:
                break  # this word and the rest are in too many texts to exclude much
            if found is not None and share * n > MORE_WORDS_RATIO * len(found):
                break  # listing this word's texts would cost more than it can save
            held = set(edge).union(*(postings.get(t, empty) for t in tokens))
            chosen.append((cost, held))
            if sum(c for c, _held in chosen) > budget:
                found = _enough(chosen, budget)
        if found is None:
            return None  # the words may all be missing: nothing can be excluded
        if len(found) > MAX_CANDIDATE_SHARE * n:
            return None
        found.update(self.by_length[: bisect_right(self.lengths, len(query))])
        return found


def _enough(chosen: Sequence[tuple[int, set[int]]], budget: int) -> set[int]:
    """Texts whose missing words (among `chosen`) cost at most `budget`.

    A text qualifies when the set of chosen words it holds, H, leaves missing ones costing at
    most the budget; it is enough to take the smallest such sets and intersect their texts.
    """
    total = sum(cost for cost, _held in chosen)
    minimal: list[tuple[int, ...]] = []
    for size in range(1, len(chosen) + 1):
        for subset in combinations(range(len(chosen)), size):
            if any(set(m) <= set(subset) for m in minimal):
                continue
            if total - sum(chosen[i][0] for i in subset) <= budget:
                minimal.append(subset)
    found: set[int] = set()
    for subset in minimal:
        sets = sorted((chosen[i][1] for i in subset), key=len)
        found |= sets[0].intersection(*sets[1:]) if len(sets) > 1 else sets[0]
    return found


def _reversed(token: str) -> str:
    return token[::-1]


def _one_indel(word: str, alphabet: str) -> set[str]:
    """Every string one deletion or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + c + b for a, b in splits for c in alphabet}
    out.discard(word)
    return out


def _one_typo(word: str, alphabet: str) -> set[str]:
    """Every string one deletion, insertion, substitution or transposition away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in alphabet}
    out |= {a + c + b for a, b in splits for c in alphabet}
    out.discard(word)
    return out
