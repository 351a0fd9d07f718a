"""Every check a fact sheet must pass before the bot serves it, reported all at once.

`check_sheet(path)` loads the file (see `bot.sheet`) and then checks what spans entries and
files: unique ids, references that resolve, dates not after their source's publication, source
files that exist and match their hash in the seeds folder's `SHA256SUMS`, boilerplate that is
really in its article, aliases that name one person only, every quote found verbatim in its
article's text outside the boilerplate, notes labelled with a known topic, and no internal
reference (an article's file or number, a fact id, a project file) in a field readers see: the
curator's reasoning belongs in the `*_basis` fields.

Entries marked `review: draft` (drafted by `factbot add`) are checked like the others and listed
as drafts, but `Checked.sheet` leaves them out: this is the one place that keeps drafts from
being served, since every adapter serves the sheet `check_sheet` returns. A reviewed entry may
not refer to a draft.

Verbatim means: only whitespace, the style of quotation marks and apostrophes, and "…" against
"..." are normalised. Case, words and punctuation must match.

Pure Python: no Discord, no fuzzy matching.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

from .manifest import MANIFEST_NAME, Manifest, parse_manifest, sha256_hex
from .sheet import (
    Event,
    FactSheet,
    Parsed,
    PartialDate,
    Person,
    Problem,
    Quote,
    Source,
    gc_paused,
    parse_sheet,
    read_error_text,
)

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
    problem at all, and the drafts awaiting review."""

    sheet: FactSheet | None
    problems: tuple[Problem, ...]
    drafts: tuple[Draft, ...] = ()

    @property
    def ok(self) -> bool:
        return self.sheet is not None and not self.problems


@dataclass(frozen=True)
class Article:
    """An article's text in verbatim form: its body, and the whole file (boilerplate included)."""

    body: str
    whole: str


def check_sheet(path: Path, *, display: str | None = None) -> Checked:
    """Load `path` and run every check. Never raises for a bad sheet."""
    parsed = parse_sheet(path, display=display)
    problems = list(parsed.problems)
    drafts: list[Draft] = []
    if parsed.sheet is not None:
        with gc_paused():
            checker = _Checker(parsed)
            problems.extend(checker.run())
            drafts = checker.drafts
    problems.sort(key=lambda p: (p.line, p.column))
    sheet = parsed.sheet if not problems else None
    if sheet is not None and drafts:
        sheet = without_drafts(sheet)
    return Checked(sheet, tuple(problems), tuple(drafts))


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
    def __init__(self, parsed: Parsed) -> None:
        assert parsed.sheet is not None
        self.sheet: FactSheet = parsed.sheet
        self.parsed = parsed
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
        sections: list[tuple[str, Sequence[Source | Person | Quote | Event]]] = [
            ("sources", sheet.sources),
            ("people", sheet.people),
            ("quotes", sheet.quotes),
            ("events", sheet.events),
        ]
        for section, items in sections:
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
        sections = [("sources", sheet.sources), ("people", sheet.people)]
        sections += [("quotes", sheet.quotes), ("events", sheet.events)]
        for section, items in sections:
            for path, entry in self.entries(section, items):
                entry_id = entry.id
                if entry_id in seen:
                    line = self.parsed.locate(seen[entry_id])[0]
                    self.add(f"{path}.id", f"duplicate id '{entry_id}' (first used on line {line})")
                else:
                    seen[entry_id] = f"{path}.id"

    def check_sources(self) -> None:
        for path, source in self.entries("sources", self.sheet.sources):
            if (
                Path(source.file).name != source.file
                or source.file in (".", "..")
                or "\x00" in source.file
            ):
                # Articles live in the seeds folder: a path could show any file's words.
                self.add(
                    f"{path}.file",
                    f"expected a file name inside the seeds folder, got {source.file!r}",
                )
                self.articles[source.id] = None
                continue
            file_path = self.sheet.source_path(source)
            if not file_path.is_file():
                seeds = os.path.relpath(self.sheet.seeds_dir, self.sheet.path.parent)
                self.add(f"{path}.file", f"article file not found: {source.file} in {seeds}/")
                self.articles[source.id] = None
                continue
            try:
                data = file_path.read_bytes()
                whole = normalise_verbatim(data.decode("utf-8"))
            except (OSError, UnicodeDecodeError) as err:
                self.add(
                    f"{path}.file",
                    f"cannot read {source.file} as UTF-8 text: {read_error_text(err)}",
                )
                self.articles[source.id] = None
                continue
            self._check_hash(f"{path}.file", source.file, data)
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
            self.articles[source.id] = Article(body=body, whole=whole)

    def _check_hash(self, path: str, file: str, data: bytes) -> None:
        """The article is byte for byte the copy whose hash the manifest recorded."""
        manifest = self._read_manifest()
        recorded = manifest.hashes.get(file)
        seeds = os.path.relpath(self.sheet.seeds_dir, self.sheet.path.parent)
        where = f"{seeds}/{MANIFEST_NAME}"
        if recorded is None:
            self.add(path, f"no hash for {file} in {where} (add articles with `factbot add`)")
        elif recorded != sha256_hex(data):
            self.add(
                path,
                f"{file} differs from the copy recorded in {where}; an article must stay "
                "byte for byte as it was added",
            )

    def _read_manifest(self) -> Manifest:
        if self._manifest is None:
            manifest_path = self.sheet.seeds_dir / MANIFEST_NAME
            try:
                self._manifest = parse_manifest(manifest_path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self._manifest = Manifest({})  # each source then reports its missing hash
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
            self._check_verbatim(f"{path}.text", quote.text, self.sheet.source(source_id))

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
        for source_id in source_ids:
            published = self.sheet.source(source_id).published
            if date.first_day() > published.last_day():
                self.add(
                    path, f"{date} is after its source '{source_id}' was published ({published})"
                )

    def _check_verbatim(self, path: str, text: str, source: Source) -> None:
        article = self.articles.get(source.id)
        if article is None:
            return  # the missing file is already reported
        quote = normalise_verbatim(text)
        if quote in article.body:
            return
        if quote in article.whole:
            self.add(path, f"taken from the boilerplate of {source.file}, not from the article")
            return
        self.add(
            path, f"not found verbatim in {source.file}; {_first_difference(quote, article.body)}"
        )

    def _known(self, entry_id: str, exists: Callable[[str], bool]) -> bool:
        """True when the id exists, or names an entry whose own problems are already reported."""
        return exists(entry_id) or entry_id in self.parsed.unbuilt_ids

    def _hint(self, unknown: str, section: str) -> str:
        import difflib

        ids = [entry.id for entry in getattr(self.sheet, section)]
        match = difflib.get_close_matches(unknown, ids, n=1, cutoff=0.6)
        return f" (did you mean '{match[0]}'?)" if match else ""


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
    """The forms under which the search index treats two names as the same."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.sub(r"[\W_]+", " ", plain).split()
    return " ".join(words), " ".join(sorted(words)), "".join(words)
