"""Who said a quotation: the people an article names, and the speaker of each quotation.

Mentions are found in four ways, the first that covers a stretch of text winning: a known
person's name or alias (any case: "the Russian president" is Putin's alias "Russian President");
a title such as "China's foreign minister" or "the Ukrainian minister", resolved to the known
person whose name, role and aliases hold all its words (the one named last when several do), or
else a document that speaks for itself ("the joint statement", "This statement from their
meeting on February 4"), drafted as a body; a new name (capitalised words outside the title and
place vocabulary: "Foreign Ministry spokesperson Lin Jian" is Lin Jian, with the words before as
the role); and a surname or pronoun, carried over from the last person named.

A quotation's speaker comes from, in order: "…,” Guterres said" after the marks; "according
to <person>" after them; the subject of the speech verb before them ("Chinese Foreign Minister
Wang Yi said, “…"), skipping an opening "According to …," or "At …," phrase, and a country as
that subject ("Russia reiterates that it is “…”"); without a verb, a document named before them,
else the last person named; a quotation continued in the same sentence or paragraph; else no
speaker, for the reviewer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.sheet import Person

from .article import SENTENCE_END as _SENTENCE_END

_SPEECH_VERBS = (
    "said|says|say|saying|told|tells|telling|asserted|asserts|stated|states|added|adds|noted|"
    "notes|declared|declares|proclaimed|claimed|claims|accused|accuses|urged|urges|warned|"
    "warns|wrote|writes|tweeted|posted|thanked|addressed|acknowledged|acknowledges|emphasized|"
    "emphasised|underlined|stressed|insisted|argued|explained|replied|responded|announced|"
    "promised|promise|described|reiterated|reiterates|clarified|remarked|commented|expressed|"
    "vowed|pledged|suggested|recalled|praised|denied|asked|called|put it|made clear|"
    "referring to|reported|calls|dubbed|noting|voiced|cited|quoted"
)
_VERB = re.compile(rf"\b(?:{_SPEECH_VERBS})\b", re.IGNORECASE)
_AFTER_VERB = re.compile(
    rf"\s*(?:(?:\w+ly|further|also|then|later|once)\s+)?(?:{_SPEECH_VERBS})\b", re.IGNORECASE
)
_TITLE_NOUNS = (
    "minister|president|leader|secretary|spokesperson|spokesman|spokeswoman|official|"
    "prosecutor|diplomat|chief|envoy|ambassador|chancellor|premier|governor|general|"
    "commissioner|ministry|government|statement|readout|side|communiqué|communique|declaration"
)
_PERSON_TITLES = (
    "minister|president|leader|secretary|spokesperson|spokesman|spokeswoman|official|"
    "prosecutor|diplomat|envoy|ambassador|chancellor|premier|governor|commissioner"
)
_BODY_TITLES = "Ministry|Government|Office|Council|Commission|Embassy"
# Documents that speak in their own words: "the joint statement said", "This statement from
# their meeting on February 4: “…”".
_DOCUMENTS = re.compile(r"statement|readout|communiqué|communique|declaration", re.IGNORECASE)
# What a document is of: "… from their meeting on February 4", up to a mark or a verb.
_DOCUMENT_OF = re.compile(
    r"[ \t]+((?:from|of|on|after|at)[ \t][^,:;.“”\"\n]{1,60}?)"
    r"(?=[ \t]*(?:[,:;.“”\"\n]|\b(?:said|says|read|reads|stated|states|declared|was|is)\b))",
    re.IGNORECASE,
)
# Words before a document's name that are not part of it ("In their joint statement").
_DOCUMENT_LEAD = frozenset(("in", "at", "on", "from", "this", "that", "the", "a", "an", "their"))
# A country as the subject of a speech verb: "Russia reiterates that it is “…”".
_COUNTRY_SUBJECT = re.compile(
    r"(?<![\w-])(?P<country>China|Russia|Ukraine|Britain|America|the UK|the U\.S\.|the US|"
    r"the EU)[ \t]+(?:(?:\w+ly|further|also|again|then|later|once)[ \t]+)?$"
)
_TITLE = re.compile(
    rf"\b(?:(?:the|a|an|his|her|its|their)[ \t]+|(?=(?-i:[A-Z])[\w.]*(?:’s|'s)?[ \t]))"
    rf"((?:[\w’'-]+(?:\.\w+)*\.?[ \t]+){{0,3}}?(?:{_TITLE_NOUNS}))(?![\w-])",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    r"(?:according to|per|in|from)\s+(?:the|a|an|their|its|his|her)?\s*(?:[\w’']+\s+){0,3}$"
)
_CAPITAL = re.compile(
    r"\b(?:Beijing|Moscow|Kyiv|Kiev|Washington|Brussels|London|Paris|Berlin|Tokyo|Pyongyang|"
    r"Seoul|Tehran|New Delhi|Ankara|Taipei|Minsk|Warsaw)\b(?![’']s\s+\w+\s+(?:said|says))"
)
_PRONOUN = re.compile(r"\b(?:he|she|they|his|her|their)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][\w’'.-]*(?:[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?[A-Z][\w’'.-]*)*")
# Capitalised words that make a title, an institution or a place, not a person's name.
_NOT_NAME = frozenset(
    re.findall(
        r"\S+",
        """the a an in at on of for and but to by from with as according during after before while
        since when although however meanwhile contrarily interestingly instead despite earlier
        this that these those it its his her their he she they we i our there here what why how mr
        mrs ms dr foreign minister ministry president prime secretary state secretary-general
        general spokesperson spokesman spokeswoman official officials council security united
        states nations union european eu un us u.s. uk chinese china russian russia ukrainian
        ukraine british american affairs department government parliament court international
        criminal icc nato white house kremlin beijing moscow kyiv washington brussels london
        korean north south korea japan japanese australia commission commissioner ambassador envoy
        chancellor premier leader senator representative governor mayor party communist ccp cnn
        reuters xinhua bbc nbc press agency news media times post journal january february march
        april may june july august september october november december monday tuesday wednesday
        thursday friday saturday sunday""",
    )
)
_COUNTRY_ADJECTIVE = {
    "china": "chinese",
    "russia": "russian",
    "ukraine": "ukrainian",
    "britain": "british",
    "uk": "british",
    "america": "american",
    "us": "american",
    "u.s.": "american",
    "eu": "european",
}
_INTRO = re.compile(
    r"^(?:according to|at|in|during|on|after|before|following|contrarily|meanwhile|however|"
    r"in contrast|instead|interestingly|earlier|later|separately)\b[^,“\"]*,\s*",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r",\s+(?:but|while|and|whereas|as)\s+|;\s+|:\s+|\bwhile\s+")


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: how names are compared."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _not_name(word: str) -> bool:
    folded = fold(word).removesuffix("'s")
    return folded in _NOT_NAME or folded.strip(".,") in _NOT_NAME


def fold_in_place(text: str) -> str:
    """`fold`, one character for one, so that offsets in the result are offsets in `text`."""
    out = []
    for ch in text:
        folded = fold(ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def _tokens(text: str) -> set[str]:
    words = re.findall(r"[\w.'-]+", fold(text))
    out = set()
    for word in words:
        word = word.removesuffix("'s").strip(".'-")
        out.add(_COUNTRY_ADJECTIVE.get(word, word))
    return out - {"the", "a", "an", "of", "his", "her", "its", "their", "and", "for"}


@dataclass
class NewPerson:
    """Someone the article names who is not in the sheet yet."""

    name: str
    role: str | None
    kind: str = "person"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    who: str | None  # a known person's id, "new:<name>", or None for a pronoun
    how: str  # name | title | new | surname | pronoun


class Speakers:
    """The people of one article: known ones from the sheet and new ones found in the text."""

    def __init__(self, text: str, people: Sequence[Person]) -> None:
        self.text = text
        self.people = {p.id: p for p in people}
        self.new: dict[str, NewPerson] = {}
        forms: dict[str, str] = {}
        for person in people:
            for form in (person.name, *person.aliases):
                forms.setdefault(fold(form), person.id)
        self._forms = forms
        self._bags = {p.id: _tokens(" ".join((p.name, p.role, *p.aliases))) for p in people}
        pattern = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        self._known = re.compile(rf"(?<![\w]){pattern}(?![\w])") if forms else None
        self.mentions = self._find_mentions()

    # --- mentions ---------------------------------------------------------------------------

    def _find_mentions(self) -> list[Mention]:
        text, folded = self.text, fold_in_place(self.text)
        taken: list[Mention] = []

        def free(start: int, end: int) -> bool:
            return not any(m.start < end and start < m.end for m in taken)

        if self._known is not None:
            for match in self._known.finditer(folded):
                taken.append(
                    Mention(match.start(), match.end(), self._forms[match.group()], "name")
                )
        for match in _CAPITALISED.finditer(text):
            self._new_name(match, taken, free)
        position = 0
        while (title := _TITLE.search(text, position)) is not None:
            start, end = title.start(1), title.end(1)
            if re.search(r"[.!?][ \t]", title.group(1)):
                # across a sentence end: look again from the next word on
                position = title.start() + 1
                continue
            position = title.end()
            # "spokesperson Mao Ning": the title belongs to the name that follows it.
            if (
                not free(start, end)
                or re.match(r"\s+[A-Z]", text[end:])
                # "the EU's top diplomat, Kaja Kallas,": an apposition, the name says who
                or re.match(r",\s+[A-Z][\w’'-]+\s+[A-Z]", text[end:])
                # "the ministry spokesperson": the phrase goes on
                or re.match(rf"\s+(?:{_TITLE_NOUNS})\b", text[end:], re.IGNORECASE)
                # "the ministry", "the government": too vague to name a speaker
                or re.fullmatch(_BODY_TITLES, title.group(1), re.IGNORECASE)
            ):
                continue
            who = self._title_person(title.group(1), start, taken)
            if who is None:
                who = self._unnamed(title.group(1))
            if who is None and (document := self._document(title.group(1), end)) is not None:
                taken.append(Mention(start, end, document, "document"))
            elif who is not None:
                taken.append(Mention(start, end, who, "title"))
            elif re.match(r"the\s", title.group(0), re.IGNORECASE) and " " not in title.group(1):
                # "The diplomat further told…" after "An EU official … told": someone just
                # named, found like a pronoun.
                taken.append(Mention(start, end, None, "pronoun"))
        for match in _CAPITAL.finditer(text):
            if free(match.start(), match.end()):
                # "Beijing has denied…": a capital speaks for its government.
                city = match.group()
                self.new.setdefault(city, NewPerson(city, f"the government in {city}", "body"))
                taken.append(Mention(match.start(), match.end(), f"new:{city}", "new"))
        for match in _PRONOUN.finditer(text):
            if free(match.start(), match.end()):
                taken.append(Mention(match.start(), match.end(), None, "pronoun"))
        taken.sort(key=lambda m: m.start)
        return self._resolve_short_names(taken)

    def _unnamed(self, phrase: str) -> str | None:
        """A new, unnamed person for a title that fits no one known: "the ICC prosecutor"."""
        words = phrase.split()
        if len(words) < 2:
            return None
        kind = "person"
        if not re.fullmatch(_PERSON_TITLES, words[-1], re.IGNORECASE):
            # An institution speaks only under its proper name: "China's Foreign Ministry".
            if not re.fullmatch(_BODY_TITLES, words[-1]) or not words[0][0].isupper():
                return None
            kind = "body"
        name = " ".join(words)
        name = name[0].upper() + name[1:]
        for existing in self.new:
            if fold(existing) == fold(name):
                return f"new:{existing}"
        self.new[name] = NewPerson(name, name, kind)
        return f"new:{name}"

    def _document(self, phrase: str, end: int) -> str | None:
        """A new body for a document no one known issued: "This statement from their meeting
        on February 4" is "Statement from their meeting on February 4", which speaks its own
        words (the leaders named near it did not say them). "his statement" stays his."""
        words = phrase.split()
        if not _DOCUMENTS.fullmatch(words[-1]):
            return None
        while words and fold(words[0]) in _DOCUMENT_LEAD:
            words = words[1:]
        if words and fold(words[0]) in ("his", "her"):
            return None
        of = _DOCUMENT_OF.match(self.text, end)
        if of is not None:
            words += of.group(1).split()
        if len(words) < 2:
            return None
        name = " ".join(words)
        name = name[0].upper() + name[1:]
        for existing in self.new:
            if fold(existing) == fold(name):
                return f"new:{existing}"
        role = "a document the article quotes without naming who issued it"
        self.new[name] = NewPerson(name, role, "body")
        return f"new:{name}"

    def _country(self, country: str) -> str:
        """A country speaking as the subject of a sentence, drafted as a body ("Russia"), as a
        capital speaks for its government."""
        name = country.removeprefix("the ")
        self.new.setdefault(name, NewPerson(name, f"{name}, as the article cites it", "body"))
        return f"new:{name}"

    def _title_person(self, phrase: str, at: int, before: list[Mention]) -> str | None:
        words = _tokens(phrase)
        if not words:
            return None
        candidates = [pid for pid, bag in self._bags.items() if words <= bag]
        candidates += [
            f"new:{n}" for n, p in self.new.items() if p.role and words <= _tokens(p.role)
        ]
        if len(candidates) == 1:
            return candidates[0]
        for mention in sorted(before, key=lambda m: m.start, reverse=True):
            if mention.start < at and mention.who in candidates:
                return mention.who
        return None

    def _new_name(
        self, match: re.Match[str], taken: list[Mention], free: Callable[[int, int], bool]
    ) -> None:
        words = match.group().split()
        start = match.start()
        offsets = []
        position = start
        for word in words:
            position = self.text.index(word, position)
            offsets.append(position)
            position += len(word)
        # Leading title/place words are the role; the name is what follows them.
        first = 0
        while first < len(words) and _not_name(words[first]):
            first += 1
        name_words = [w.rstrip(".,’'") for w in words[first:]]
        if name_words:
            name_words[-1] = re.sub(r"[’']s$", "", name_words[-1])
        if len(name_words) < 2 or len(name_words) > 4:
            # A single capitalised word is a surname only if a new name holds it (see below).
            return
        if any(_not_name(w) for w in name_words):
            return
        name_start = offsets[first]
        name = " ".join(name_words)
        end = (
            name_start
            + len(self.text[name_start:].split(name_words[-1], 1)[0])
            + len(name_words[-1])
        )
        if not free(name_start, end):
            return
        if fold(name) in self._forms:
            return
        # The role: the title words before the name ("Foreign Ministry spokesperson"), else an
        # apposition after it (", Russia's foreign minister,").
        role_words = self.text[offsets[0] : name_start].strip() if first else ""
        if not role_words:
            before = self.text[max(0, start - 60) : start]
            lead = re.search(r"((?:[\w’'.-]+\s+){1,4})$", before)
            if lead and re.search(rf"\b(?:{_TITLE_NOUNS})\b", lead.group(1), re.IGNORECASE):
                role_words = lead.group(1).strip()
                role_words = re.sub(
                    r"^(?:the|a|an|by|of|and|said|says)\s+", "", role_words, flags=re.I
                )
        if not role_words:
            after = re.match(
                r",\s+([^,.“”]{3,60}?(?:" + _TITLE_NOUNS + r"))\b", self.text[end:], re.I
            )
            if after:
                role_words = after.group(1).strip()
        existing = self.new.get(name)
        if existing is None:
            self.new[name] = NewPerson(name, role_words or None)
        elif existing.role is None and role_words:
            existing.role = role_words
        taken.append(Mention(name_start, end, f"new:{name}", "new"))

    def _resolve_short_names(self, mentions: list[Mention]) -> list[Mention]:
        """Add surnames ("Wang", "Sybiha") that follow a full name, resolved to the latest."""
        short: dict[str, list[str]] = {}
        for pid, person in self.people.items():
            if person.kind == "person":
                parts = person.name.split()
                if len(parts) >= 2:
                    for part in {parts[0], parts[-1]}:
                        short.setdefault(part, []).append(pid)
        for name in self.new:
            parts = name.split()
            for part in {parts[0], parts[-1]}:
                short.setdefault(part, []).append(f"new:{name}")
        out = list(mentions)
        for match in re.finditer(r"\b[A-Z][\w’'-]+\b", self.text):
            word = match.group().removesuffix("’s").removesuffix("'s")
            candidates = short.get(word)
            if not candidates:
                continue
            if any(m.start < match.end() and match.start() < m.end for m in out):
                continue
            who = None
            for mention in sorted(out, key=lambda m: m.start, reverse=True):
                if mention.start < match.start() and mention.who in candidates:
                    who = mention.who
                    break
            if who is None and len(candidates) == 1:
                who = candidates[0]
            if who is not None:
                out.append(Mention(match.start(), match.start() + len(word), who, "surname"))
        out.sort(key=lambda m: m.start)
        return out

    # --- speakers ---------------------------------------------------------------------------

    def in_range(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def last_named(self, before: int) -> str | None:
        for mention in reversed(self.mentions):
            if mention.end <= before and mention.who is not None:
                return mention.who
        return None

    def speaker(
        self,
        *,
        sentence: tuple[int, int],
        open_at: int,
        close_at: int,
        previous: tuple[int, str | None] | None,
        last_speaker: str | None,
    ) -> tuple[str | None, str]:
        """The speaker of the quotation at `open_at:close_at`, and how it was found.

        `previous` is the end offset and speaker of the quotation before it in the same
        paragraph, if any; `last_speaker` the speaker of the one before it in the article.
        """
        text = self.text
        sent_start, sent_end = sentence
        after_start = close_at + 1
        # 1. "…,” Guterres said" / "…” said Guterres"
        after = self.in_range(after_start, sent_end)
        named = self._according_to(after, after_start)
        if after:
            first = after[0]
            gap = text[after_start : first.start]
            if (
                re.fullmatch(r"[\s,.]*", gap) and _AFTER_VERB.match(text, first.end)
            ) or re.fullmatch(r"[\s,]*(?:" + _SPEECH_VERBS + r")\s+", gap, re.I):
                if first.who is None and named is not None:
                    return (
                        named,
                        "named after the quotation",
                    )  # "they proclaimed in their joint statement"
                return self._who(first, last_speaker), "named after the quotation"
        if named is not None:
            return named, "named after the quotation"
        # 3. The subject of the speech verb before the quotation.
        same_sentence = previous is not None and previous[0] > sent_start
        segment_start = previous[0] if same_sentence and previous else sent_start
        segment = text[segment_start:open_at]
        if not same_sentence:
            while (intro := _INTRO.match(segment)) is not None and intro.end() < len(segment):
                segment_start += intro.end()
                segment = text[segment_start:open_at]
        verbs = list(_VERB.finditer(segment))
        if verbs:
            verb = verbs[-1]
            clause_start = 0
            for brk in _CLAUSE_BREAK.finditer(segment, 0, verb.start()):
                if self.in_range(segment_start + brk.end(), segment_start + verb.start()):
                    clause_start = brk.end()
            subject = self.in_range(segment_start + clause_start, segment_start + verb.start())
            if subject:
                return self._who(subject[0], last_speaker), "subject of the verb before"
            country = _COUNTRY_SUBJECT.search(segment, clause_start, verb.start())
            if country is not None:
                return self._country(country.group("country")), "a country speaks"
        elif same_sentence and previous is not None and previous[1] is not None:
            return previous[1], "continues the quotation before it in the sentence"
        else:
            before = self.in_range(segment_start, open_at)
            # "This statement from their meeting: “…”": the document, not "their".
            documents = [m for m in before if m.how == "document"]
            if documents:
                return documents[0].who, "the document named before the quotation"
            if before:
                return self._who(before[-1], last_speaker), "named just before the quotation"
        if previous is not None and previous[1] is not None:
            return previous[1], "carried over from the quotation before it"
        if last_speaker is not None:
            return last_speaker, "carried over from the quotation before it"
        return None, "no speaker found"

    def _according_to(self, after: list[Mention], after_start: int) -> str | None:
        """ "…, according to <person>" or "in their <statement>" after the quotation."""
        text = self.text
        for mention in after:
            lead = text[max(after_start, mention.start - 40) : mention.start].casefold()
            if (
                mention.who is not None
                and _ACCORDING.search(lead)
                and (not mention.who.startswith("new:") or mention.how in ("new", "document"))
            ):
                return mention.who
        return None

    def _who(self, mention: Mention, last_speaker: str | None) -> str | None:
        """A mention's person; a pronoun is the subject of the sentence before it."""
        if mention.who is not None:
            return mention.who
        # The lookahead of a sentence end needs the character after the space.
        ends = [
            m.end()
            for m in _SENTENCE_END.finditer(self.text, 0, mention.start + 2)
            if m.end() <= mention.start
        ]
        if len(ends) >= 1:
            start = ends[-2] if len(ends) >= 2 else 0
            # A paragraph (a heading too) starts a sentence of its own.
            start = max(start, self.text.rfind("\n", 0, ends[-1]) + 1)
            previous = self.text[start : ends[-1]]
            offset = start + len(previous) - len(previous.lstrip())
            previous = previous.strip()
            while (intro := _INTRO.match(previous)) is not None and intro.end() < len(previous):
                offset += intro.end()
                previous = previous[intro.end() :]
            subject = [m for m in self.in_range(offset, ends[-1]) if m.who is not None]
            if subject:
                return subject[0].who
        return last_speaker or self.last_named(mention.start)
