"""Query analysis: what a person typed → the words to search for.

One place for every command that takes words (`!quote`, `!when`, autocomplete), and for the
index, which splits the fact sheet's texts into words with the same `words()` so that a query
word and a text word compare alike.

1. Discord markup goes first: user, role and channel mentions (`<@123>`, `<@&123>`, `<#123>`),
   `@everyone` and `@here`, custom emoji (`<:name:123>`), timestamps (`<t:123:R>`), code fences
   and the marks of markdown (`**`, `__`, `~~`, `||`, `` ` ``, `>` quotes, `#` headings). The
   text inside stays: `**Mao**` is a search for Mao.
2. Words are folded (accents off, case folded) and split on anything that is not a letter or a
   digit: "China's" is "china" and "s", "Kuléba" is "kuleba".
3. Question and function words ("when", "did", "the", "was", …) are dropped, unless the query
   is nothing else ("!when was it" still searches "was it"). "no" and "not" stay: they carry
   meaning ("no limits").

No rapidfuzz and no Discord here: plain text in, plain words out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_MARKUP = re.compile(
    r"<(?:@[!&]?|#)\d+>"  # user, role and channel mentions
    r"|<a?:\w+:\d+>"  # custom emoji
    r"|<t:-?\d+(?::[a-zA-Z])?>"  # timestamps
    r"|@(?:everyone|here)\b"  # mass mentions
    r"|```[\w+-]*"  # code fences, with their language tag
    r"|(?m:^\s*(?:>>>|>|#{1,3})\s)"  # block quotes and headings at a line's start
    r"|\*\*|__|~~|\|\||[*_`]",  # emphasis, strike, spoiler, code
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")

# Words that ask, point or glue, not what a question is about. Kept short on purpose: a word
# missing here only weighs a little (it is common); a content word wrongly here is lost.
STOP_WORDS = frozenset(
    """
    a an the this that these those it its itself
    is are was were be been being am do does did done doing have has had having
    will would shall should can could might must
    when what which who whom whose where why how whether
    i me my we our you your he him his she her they them their there here
    of in on at by for from to into onto with without about as than then so
    until till since before after during between ever yet again
    and or but if also too very just only
    s t ll ve re d
    ask asked tell me please show find give list any some
    happen happened happening time date day
    """.split()  # noqa: SIM905 (a block of words reads better than a list of strings)
)


def clean(text: str) -> str:
    """The text without Discord markup, spaces collapsed: what the person asked about."""
    return " ".join(_MARKUP.sub(" ", text).split())


# Combining marks (accents) dropped after NFKD decomposition, in one `translate` — but not the
# marks that make another letter in a syllabic script (kana voicing: ガ is not カ).
_KANA_MARKS = ("\u3099", "\u309a")
_MARKS = dict.fromkeys(
    i for i in range(0x300, 0x10000) if unicodedata.combining(chr(i)) and chr(i) not in _KANA_MARKS
)


def fold(text: str) -> str:
    """Accents off and case folded, the one folding of names and words: "Kuléba" → "kuleba",
    "Straße" → "strasse", "Ёлка" → "елка"; Korean syllables are put back together after the
    decomposition, so "김정은" stays three syllables."""
    if text.isascii():  # most text: nothing to take off
        return text.casefold()
    plain = unicodedata.normalize("NFKD", text).translate(_MARKS)
    return unicodedata.normalize("NFC", plain).casefold()


def words(text: str) -> list[str]:
    """The folded words of a text, in order: letters and digits, split on everything else."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Query:
    """A query as the index sees it.

    `text`: what was asked, markup removed (shown back in answers); `terms`: the words to
    search for, folded, in order, each once; `written`: each term as it was typed ("Biden"
    for "biden"), to name it back; `dropped`: the stop words that were left out.
    """

    text: str
    terms: tuple[str, ...]
    written: tuple[str, ...]
    dropped: tuple[str, ...] = ()


def analyse(text: str) -> Query:
    """Markup removed, words folded, stop words dropped unless nothing else is left."""
    cleaned = clean(text)
    spelled: dict[str, str] = {}
    for word in _WORD.findall(cleaned):
        spelled.setdefault(fold(word), word)
    every = list(spelled)
    content = [w for w in every if w not in STOP_WORDS] or every
    dropped = tuple(w for w in every if w not in content)
    return Query(cleaned, tuple(content), tuple(spelled[w] for w in content), dropped)
