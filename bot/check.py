"""Every check a fact sheet must pass before the bot serves it, reported all at once.

`check_sheet(path)` loads the file (see `bot.sheet`) and then checks what spans entries and
files: unique ids, references that resolve, dates not after today nor after their source's
publication, article files that exist inside the seeds folder (links resolved) and match their
hash in the seeds folder's `SHA256SUMS`, boilerplate that is really in its article, aliases that
name one person only, every quote found verbatim in its article's text outside the boilerplate,
and its speaker named near it (see `_check_speaker`), notes labelled with a known topic, and no
internal reference (an article's file or number, a fact id, a project file) in a field readers
see: the curator's reasoning belongs in the `*_basis` fields.

Entries marked `review: draft` (drafted by `factbot add`) are checked like the others and listed
as drafts, but `Checked.sheet` leaves them out: this is the one place that keeps drafts from
being served, since every adapter serves the sheet `check_sheet` returns. A reviewed entry may
not refer to a draft.

Verbatim means: only whitespace, the style of quotation marks and apostrophes, and "…" against
"..." are normalised. Case, words and punctuation must match.

Pure Python: no Discord, no fuzzy matching.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

from .manifest import MANIFEST_NAME, Manifest, parse_manifest
from .query import fold
from .sheet import (
    Event,
    FactSheet,
    FileProblem,
    Parsed,
    PartialDate,
    Person,
    Problem,
    Quote,
    Source,
    closest,
    gc_paused,
    parse_sheet,
    read_error_text,
    read_sheet_bytes,
)
from .sheet.cache import (
    Filed,
    cache_dir,
    file_digest,
    load_checked,
    read_filed,
    sheet_key,
    store_checked,
)
from .sheet.files import MAX_ARTICLE_BYTES, MAX_MANIFEST_BYTES

_Entry = TypeVar("_Entry")

# What an `article_says` note may be about; readers see "Note on the date" and so on.
NOTE_TOPICS = ("date", "wording", "place")

# Fields readers see, by section (the `*_basis` fields and ids are the curator's). A quote's
# text is its article's own words, held to them by the verbatim check.
_READER_FIELDS = {
    "sources": ("title", "caution"),
    "people": ("name", "role"),
    "quotes": ("context", "article_says"),
    "events": ("title", "summary", "article_says"),
}
# An internal reference holds a hyphen (a fact id such as "cnn-report"), a digit (an article's
# number, "003") or a file extension ("sources.yaml"). Only the words around those characters
# are looked at ("6,000" is one word, so its "000" is no number). They are found with `str.find`
# and `in` where possible: a regular expression's character class scans several times slower,
# and at 100,000 entries the columns hold tens of megabytes.
_DIGITS = re.compile(r"[0-9]+")
_EXTENSION = re.compile(r"\.(?:yaml|yml|py|txt|md|toml|json|lock)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w.,-]+")
_FILE_NAME = re.compile(r".+\.(?:ya?ml|py|txt|md|toml|json|lock)$", re.IGNORECASE)
_FILE_NUMBER = re.compile(r"\d+(?=[_\W])")

_MARKS = {
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "…": "...",
}


def normalise_verbatim(text: str) -> str:
    """The form in which quotes are compared with their articles."""
    # One `replace` per mark present: `str.translate` costs a dictionary lookup per character,
    # which is most of the check's time on a sheet of 100,000 entries.
    for mark, plain in _MARKS.items():
        if mark in text:
            text = text.replace(mark, plain)
    return " ".join(text.split())


@dataclass(frozen=True)
class Draft:
    """An entry still marked for review, where it stands in the sheet."""

    file: str
    line: int
    section: str
    id: str
    review: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.section} '{self.id}': {self.review}"


@dataclass(frozen=True)
class Checked:
    """The outcome of `check_sheet`: the sheet to serve (drafts left out) only when there is no
    problem at all, and the drafts awaiting review.

    `key` is the sheet's key in the cache of checked sheets (`bot.sheet.cache.sheet_key`) when
    it came from there or was filed there, else None: what is built from this sheet alone (its
    index, `bot.index_cache`) may be filed under it."""

    sheet: FactSheet | None
    problems: tuple[Problem, ...]
    drafts: tuple[Draft, ...] = ()
    key: str | None = None

    @property
    def ok(self) -> bool:
        return self.sheet is not None and not self.problems


@dataclass(frozen=True)
class Article:
    """An article's text in verbatim form: its body, and the whole file (boilerplate included).

    `starts[i]` is where the i-th paragraph (a line of the file) begins in `whole`.
    """

    body: str
    whole: str
    starts: tuple[int, ...]

    def paragraphs_around(self, text: str) -> str | None:
        """The paragraphs holding `text` and the one before, or None when it is not there."""
        at = self.whole.find(text)
        if at < 0:
            return None
        first = bisect.bisect_right(self.starts, at) - 1
        last = bisect.bisect_right(self.starts, at + len(text) - 1)
        end = self.starts[last] if last < len(self.starts) else len(self.whole)
        return self.whole[self.starts[max(0, first - 1)] : end]


def check_sheet(
    path: Path, *, display: str | None = None, today: dt.date | None = None, cache: bool = True
) -> Checked:
    """Load `path` and run every check. Never raises for a bad sheet.

    `today` is the last date a sheet may hold (default: the local date). With `cache`, a sheet
    that passed before, unchanged with its articles, comes from the cache (see
    `bot.sheet.cache`), and one that passes now is put there.
    """
    directory = cache_dir() if cache and today is None else None
    try:
        data: bytes | None = read_sheet_bytes(path)
    except FileProblem:
        data = None  # parse_sheet reports it
    key = sheet_key(path, data) if directory is not None and data is not None else None
    if directory is not None and key is not None:
        with gc_paused():
            cached = load_checked(directory, key, path)
        if cached is not None:
            return Checked(cached, (), key=key)
    parsed = parse_sheet(path, display=display, data=data)
    del data
    problems = list(parsed.problems)
    drafts: list[Draft] = []
    checker = None
    if parsed.sheet is not None:
        with gc_paused():
            checker = _Checker(parsed, today or dt.date.today())
            problems.extend(checker.run())
            drafts = checker.drafts
    problems.sort(key=lambda p: (p.line, p.column))
    sheet = parsed.sheet if not problems else None
    # A sheet with drafts is not filed: a cached sheet has none to list or leave out.
    filed = None
    if (
        sheet is not None
        and checker is not None
        and not drafts
        and directory is not None
        and key is not None
    ):
        store_checked(directory, key, sheet, checker.digests, checker.other_digests)
        filed = key
    if sheet is not None and drafts:
        sheet = without_drafts(sheet)
    return Checked(sheet, tuple(problems), tuple(drafts), key=filed)


def is_draft(entry: Source | Person | Quote | Event) -> bool:
    return entry.review is not None


def without_drafts(sheet: FactSheet) -> FactSheet:
    """The sheet as served: every entry still marked `review` left out."""
    return replace(
        sheet,
        sources=tuple(s for s in sheet.sources if not is_draft(s)),
        people=tuple(p for p in sheet.people if not is_draft(p)),
        quotes=tuple(q for q in sheet.quotes if not is_draft(q)),
        events=tuple(e for e in sheet.events if not is_draft(e)),
    )


class _Checker:
    def __init__(self, parsed: Parsed, today: dt.date) -> None:
        assert parsed.sheet is not None
        self.sheet: FactSheet = parsed.sheet
        self.parsed = parsed
        self.today = today
        self.speaker_names: dict[str, tuple[str, ...]] = {}
        # (resolved path, SHA-256, status) of each article read, for the cache
        self.digests: list[Filed] = []
        self.other_digests: list[Filed] = []
        self.file = parsed.file
        self.problems: list[Problem] = []
        self.articles: dict[str, Article | None] = {}
        self.drafts: list[Draft] = []
        self._manifest: Manifest | None = None

    def add(self, path: str, message: str) -> None:
        line, column = self.parsed.locate(path)
        self.problems.append(Problem(self.file, line, column, path, message))

    def entries(self, section: str, items: Sequence[_Entry]) -> Iterator[tuple[str, _Entry]]:
        """Each built entry with its path in the file (entries that failed to load are skipped)."""
        for index, entry in zip(self.parsed.positions.get(section, ()), items, strict=True):
            yield f"{section}[{index}]", entry

    def run(self) -> list[Problem]:
        self.check_loose_references()
        self.check_ids()
        self.check_sources()
        self.check_people()
        self.check_quotes()
        self.check_events()
        self.check_reviews()
        self.check_reader_fields()
        return self.problems

    def check_reviews(self) -> None:
        """List the drafts; a reviewed entry must not rest on one (it would lose it when served)."""
        sheet = self.sheet
        draft_people = {p.id for p in sheet.people if is_draft(p)}
        draft_sources = {s.id for s in sheet.sources if is_draft(s)}
        for section, items in _sections(sheet):
            for path, entry in self.entries(section, items):
                if entry.review is None:
                    references: list[tuple[str, str, set[str]]] = []
                    if isinstance(entry, Source) and not entry.url.startswith(
                        ("https://", "http://")
                    ):
                        # A draft may say the address is unknown; a served source links to it.
                        self.add(
                            f"{path}.url",
                            f"expected a web address (https://…), got {entry.url!r}",
                        )
                    if isinstance(entry, Quote):
                        references = [
                            (f"{path}.speaker", entry.speaker, draft_people),
                            (f"{path}.source", entry.source, draft_sources),
                        ]
                    elif isinstance(entry, Event):
                        references = [
                            (f"{path}.people[{i}]", ref, draft_people)
                            for i, ref in enumerate(entry.people)
                        ]
                        references += [
                            (f"{path}.sources[{i}]", ref, draft_sources)
                            for i, ref in enumerate(entry.sources)
                        ]
                    for field_path, ref, drafts in references:
                        if ref in drafts:
                            self.add(
                                field_path,
                                f"'{ref}' is still a draft (review: draft); review it first, "
                                "or mark this entry as a draft too",
                            )
                    continue
                if not entry.review.startswith("draft"):
                    self.add(
                        f"{path}.review",
                        f"expected draft, got {entry.review!r} "
                        "(delete the line once the entry is reviewed)",
                    )
                    continue
                line = self.parsed.locate(f"{path}.review")[0]
                self.drafts.append(Draft(self.file, line, section, entry.id, entry.review))

    def check_loose_references(self) -> None:
        """References held by entries that failed to load are still checked."""
        exists = {"people": self.sheet.has_person, "sources": self.sheet.has_source}
        for path, target, entry_id in self.parsed.loose_references:
            if not self._known(entry_id, exists[target]):
                what = "person" if target == "people" else "source"
                self.add(path, f"unknown {what} '{entry_id}'{self._hint(entry_id, target)}")

    def check_ids(self) -> None:
        seen: dict[str, str] = {}
        sheet = self.sheet
        for section, items in _sections(sheet):
            for path, entry in self.entries(section, items):
                entry_id = entry.id
                if entry_id in seen:
                    line = self.parsed.locate(seen[entry_id])[0]
                    self.add(f"{path}.id", f"duplicate id '{entry_id}' (first used on line {line})")
                else:
                    seen[entry_id] = f"{path}.id"

    def check_sources(self) -> None:
        for path, source in self.entries("sources", self.sheet.sources):
            self.articles[source.id] = self._read_article(path, source)
            if source.published.first_day() > self.today:
                self.add(f"{path}.published", f"{source.published} is after today ({self.today})")

    def _read_article(self, path: str, source: Source) -> Article | None:
        """The article of `source` in verbatim form, or None after reporting why there is none."""
        seeds = self.sheet.seeds_dir
        file_path = self.sheet.source_path(source)
        if Path(source.file).name != source.file or source.file in (".", ".."):
            # Articles live in the seeds folder: a path could show any file's words.
            self.add(
                f"{path}.file", f"expected a file name inside the seeds folder, got {source.file!r}"
            )
            return None
        try:
            resolved = file_path.resolve(strict=True)
        except FileNotFoundError:
            shown = os.path.relpath(seeds, self.sheet.path.parent)
            self.add(f"{path}.file", f"article file not found: {source.file} in {shown}/")
            return None
        except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte
            self.add(f"{path}.file", f"cannot read {source.file}: not a readable file path")
            return None
        if not resolved.is_relative_to(seeds):
            # A link in the seeds folder to a file elsewhere would show that file's words.
            self.add(f"{path}.file", f"{source.file} links to a file outside the seeds folder")
            return None
        try:
            data, status = read_filed(resolved, limit=MAX_ARTICLE_BYTES)
            text = data.decode("utf-8")
        except FileProblem as err:
            self.add(f"{path}.file", f"cannot read {source.file}: {err}")
            return None
        except UnicodeDecodeError as err:
            reason = read_error_text(err)
            self.add(f"{path}.file", f"cannot read {source.file} as UTF-8 text: {reason}")
            return None
        digest = file_digest(data)
        self.digests.append((str(resolved), digest, status))
        self._check_hash(f"{path}.file", source.file, digest)
        paragraphs = [p for p in map(normalise_verbatim, text.splitlines()) if p]
        whole = " ".join(paragraphs)
        starts, at = [], 0
        for paragraph in paragraphs:
            starts.append(at)
            at += len(paragraph) + 1
        body = whole
        if source.boilerplate_from is not None:
            marker = normalise_verbatim(source.boilerplate_from)
            cut = body.find(marker)
            if cut < 0:
                self.add(f"{path}.boilerplate_from", f"not found in {source.file}")
            else:
                body = body[:cut]
        for i, span in enumerate(source.boilerplate):
            normal = normalise_verbatim(span)
            if normal not in whole:
                self.add(f"{path}.boilerplate[{i}]", f"not found in {source.file}")
            # A separator that no quote can contain keeps text on either side apart.
            body = body.replace(normal, "\x00")
        return Article(body=body, whole=whole, starts=tuple(starts))

    def _check_hash(self, path: str, file: str, digest: str) -> None:
        """The article is byte for byte the copy whose hash the manifest recorded."""
        manifest = self._read_manifest()
        recorded = manifest.hashes.get(file)
        seeds = os.path.relpath(self.sheet.seeds_dir, self.sheet.path.parent)
        where = f"{seeds}/{MANIFEST_NAME}"
        if recorded is None:
            self.add(path, f"no hash for {file} in {where} (add articles with `factbot add`)")
        elif recorded != digest:
            self.add(
                path,
                f"{file} differs from the copy recorded in {where}; an article must stay "
                "byte for byte as it was added",
            )

    def _read_manifest(self) -> Manifest:
        if self._manifest is None:
            manifest_path = self.sheet.seeds_dir / MANIFEST_NAME
            try:
                data, status = read_filed(manifest_path, limit=MAX_MANIFEST_BYTES)
                self._manifest = parse_manifest(data.decode("utf-8"))
            except (FileProblem, UnicodeDecodeError):
                self._manifest = Manifest({})  # each source then reports its missing hash
            else:
                # The verdict rests on it: a cached sheet is a miss once it changes.
                where = str(manifest_path.resolve())
                self.other_digests.append((where, file_digest(data), status))
            seeds = os.path.relpath(self.sheet.seeds_dir, self.sheet.path.parent)
            for line in self._manifest.bad_lines:
                self.problems.append(
                    Problem(
                        f"{seeds}/{MANIFEST_NAME}",
                        line,
                        1,
                        "",
                        "expected 'SHA256  FILE' (64 hex digits, two spaces, a file name "
                        "listed once)",
                    )
                )
        return self._manifest

    def check_people(self) -> None:
        owner: dict[str, str] = {}
        for path, person in self.entries("people", self.sheet.people):
            names = [(f"{path}.name", person.name)]
            names += [(f"{path}.aliases[{i}]", a) for i, a in enumerate(person.aliases)]
            for field_path, name in names:
                # The lookup forgives case, accents, punctuation, word order and spacing, so
                # two names equal under any of those would send one person's words to another.
                for key in set(_name_keys(name)):
                    other = owner.setdefault(key, person.id)
                    if other != person.id:
                        self.add(
                            field_path,
                            f"'{name}' already names '{other}'; a name must point to one person",
                        )
                        break

    def check_quotes(self) -> None:
        for path, quote in self.entries("quotes", self.sheet.quotes):
            self._check_note(path, quote.note_on, quote.article_says)
            speaker, source_id = quote.speaker, quote.source
            if not self._known(speaker, self.sheet.has_person):
                self.add(
                    f"{path}.speaker", f"unknown person '{speaker}'{self._hint(speaker, 'people')}"
                )
            if not self.sheet.has_source(source_id):
                if not self._known(source_id, self.sheet.has_source):
                    hint = self._hint(source_id, "sources")
                    self.add(f"{path}.source", f"unknown source '{source_id}'{hint}")
                continue
            self._check_date(f"{path}.date", quote.date, [source_id])
            if self._check_verbatim(f"{path}.text", quote.text, self.sheet.source(source_id)):
                self._check_speaker(path, quote)

    def check_events(self) -> None:
        for path, event in self.entries("events", self.sheet.events):
            self._check_note(path, event.note_on, event.article_says)
            for i, person_id in enumerate(event.people):
                if not self._known(person_id, self.sheet.has_person):
                    self.add(
                        f"{path}.people[{i}]",
                        f"unknown person '{person_id}'{self._hint(person_id, 'people')}",
                    )
            if not event.sources:
                self.add(f"{path}.sources", "an event needs at least one source that reports it")
            known = []
            for i, source_id in enumerate(event.sources):
                if self.sheet.has_source(source_id):
                    known.append(source_id)
                elif not self._known(source_id, self.sheet.has_source):
                    self.add(
                        f"{path}.sources[{i}]",
                        f"unknown source '{source_id}'{self._hint(source_id, 'sources')}",
                    )
            if not event.scheduled:
                self._check_date(f"{path}.date", event.date, known)

    def check_reader_fields(self) -> None:
        """Readers see outlets, people and dates, never a file, a fact id or the project's files."""
        internal = self._internal_names()
        for name in ("topic", "summary"):  # `!summary` shows both
            self._refuse_references(name, getattr(self.sheet, name), internal)
        for section, names in _READER_FIELDS.items():
            items = getattr(self.sheet, section)
            for name in names:
                # One scan of the whole column first: at 100,000 entries, one per field would
                # cost seconds, and a clean sheet has nothing to find.
                column = "\x00".join(filter(None, map(attrgetter(name), items)))
                if not _references(column, internal):
                    continue
                for path, entry in self.entries(section, items):
                    self._refuse_references(f"{path}.{name}", getattr(entry, name), internal)

    def _refuse_references(self, path: str, text: str | None, internal: dict[str, str]) -> None:
        found = _references(text or "", internal)
        if found:
            what, word = found[0]
            self.add(
                path,
                f"names {what} '{word}', which readers must not see "
                "(say the outlet; keep file and id references in a *_basis field)",
            )

    def _internal_names(self) -> dict[str, str]:
        """Words that only the curator knows: article files and their numbers, fact ids."""
        names: dict[str, str] = {}
        sheet = self.sheet
        for entries in (sheet.sources, sheet.people, sheet.quotes, sheet.events):
            for entry in entries:
                if "-" in entry.id:  # a one-word id ("shoigu") is also a word of prose
                    names[entry.id] = "the fact id"
        for source in sheet.sources:
            names[source.file] = "the article file"
            if number := _FILE_NUMBER.match(source.file):  # "003" of "003_d3f9….txt"
                names[number.group()] = "the article number"
        return names

    def _check_note(self, path: str, note_on: str | None, article_says: str | None) -> None:
        if note_on is None:
            return
        if note_on not in NOTE_TOPICS:
            topics = ", ".join(NOTE_TOPICS)
            self.add(f"{path}.note_on", f"expected one of {topics}, got '{note_on}'")
        elif article_says is None:
            self.add(f"{path}.note_on", "labels a note, but there is no article_says")

    def _check_date(self, path: str, date: PartialDate, source_ids: list[str]) -> None:
        if date.first_day() > self.today:
            self.add(path, f"{date} is after today ({self.today})")
            return
        for source_id in source_ids:
            published = self.sheet.source(source_id).published
            if date.first_day() > published.last_day():
                self.add(
                    path, f"{date} is after its source '{source_id}' was published ({published})"
                )

    def _check_verbatim(self, path: str, text: str, source: Source) -> bool:
        """True when the quote is in its article's body; else reports why not (once)."""
        article = self.articles.get(source.id)
        if article is None:
            return False  # the missing file is already reported
        quote = normalise_verbatim(text)
        if quote in article.body:
            return True
        if quote in article.whole:
            self.add(path, f"taken from the boilerplate of {source.file}, not from the article")
            return False
        self.add(
            path, f"not found verbatim in {source.file}; {_first_difference(quote, article.body)}"
        )
        return False

    def _check_speaker(self, path: str, quote: Quote) -> None:
        """The article names the speaker (name, alias or surname) in the quote's paragraph or
        the one before: a quote moved to another person of the sheet is caught. An entry whose
        article names the speaker further away says why it is theirs in `speaker_basis`. A draft
        is not held to it: its speaker is the drafter's reading ("he" in the sentence before, a
        title), which the reviewer confirms; the check applies once the `review` line goes."""
        if quote.speaker_basis is not None or not self.sheet.has_person(quote.speaker):
            return
        if quote.review is not None:
            return
        article = self.articles[quote.source]
        assert article is not None  # the quote was found in it
        around = article.paragraphs_around(normalise_verbatim(quote.text))
        person = self.sheet.person(quote.speaker)
        if around is not None and not _names_in(around.casefold(), self._names(person)):
            file = self.sheet.source(quote.source).file
            self.add(
                f"{path}.speaker",
                f"{person.name} is not named in {file} in the quote's paragraph or the one "
                "before; name them there or say how they are known in speaker_basis",
            )

    def _names(self, person: Person) -> tuple[str, ...]:
        """The ways an article names `person`, casefolded: the name, an alias, or for a person
        the surname (the last word, or the first: Chinese names put the surname first)."""
        forms = self.speaker_names.get(person.id)
        if forms is None:
            names = {person.name, *person.aliases}
            if person.kind == "person":
                words = person.name.split()
                names |= {words[0], words[-1]}
            forms = tuple({normalise_verbatim(name).casefold() for name in names} - {""})
            self.speaker_names[person.id] = forms
        return forms

    def _known(self, entry_id: str, exists: Callable[[str], bool]) -> bool:
        """True when the id exists, or names an entry whose own problems are already reported."""
        return exists(entry_id) or entry_id in self.parsed.unbuilt_ids

    def _hint(self, unknown: str, section: str) -> str:
        return closest(unknown, (entry.id for entry in getattr(self.sheet, section)))


def _names_in(text: str, names: tuple[str, ...]) -> bool:
    """True when one of `names` stands in `text` as whole words (not inside a longer word)."""
    for name in names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if (start == 0 or not text[start - 1].isalnum()) and (
                end == len(text) or not text[end].isalnum()
            ):
                return True
            start = text.find(name, start + 1)
    return False


def _references(text: str, internal: dict[str, str]) -> list[tuple[str, str]]:
    """What `text` names that readers must not see, as (what it is, the word), in text order."""
    words: dict[int, str] = {}
    for anchor in _anchors(text):
        start = anchor
        while start > 0 and _WORD.match(text[start - 1]):
            start -= 1
        if start not in words:
            match = _WORD.match(text, start)
            assert match is not None
            words[start] = match.group().strip(".,-")
    found = []
    for _start, word in sorted(words.items()):
        if word in internal:
            found.append((internal[word], word))
        elif _FILE_NAME.match(word):
            found.append(("the project file", word))
    return found


def _anchors(text: str) -> Iterator[int]:
    """Where `text` has a hyphen, a run of digits or a file extension."""
    hyphen = text.find("-")
    while hyphen >= 0:
        yield hyphen
        hyphen = text.find("-", hyphen + 1)
    if any(digit in text for digit in "0123456789"):
        yield from (match.start() for match in _DIGITS.finditer(text))
    yield from (match.start() for match in _EXTENSION.finditer(text))


def _first_difference(quote: str, body: str) -> str:
    """Say where the quote stops matching: the longest run of its first words found in the body."""
    words = quote.split(" ")
    low, high = 0, len(words)
    while low < high:  # a prefix found implies every shorter prefix is found too
        middle = (low + high + 1) // 2
        if " ".join(words[:middle]) in body:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "not even its first word matches"
    tail = " ".join(words[max(0, low - 6) : low])
    return f"it matches up to '…{tail}' and then differs at '{words[low]}'"


def _name_keys(name: str) -> tuple[str, str, str]:
    """The forms under which the search index treats two names as the same: its folding
    (`bot.query.fold`), split into words, in order, sorted and run together."""
    words = re.sub(r"[\W_]+", " ", fold(name)).split()
    return " ".join(words), " ".join(sorted(words)), "".join(words)


def _sections(sheet: FactSheet) -> list[tuple[str, Sequence[Source | Person | Quote | Event]]]:
    """Each section of the sheet with its name, in the order of the file."""
    return [
        ("sources", sheet.sources),
        ("people", sheet.people),
        ("quotes", sheet.quotes),
        ("events", sheet.events),
    ]
