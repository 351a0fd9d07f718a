"""The fact sheet's model: frozen dataclasses for its entries, and `Problem`, what is wrong.

Pure data: no file is read here, and nothing imports yaml, discord or rapidfuzz.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Precision = Literal["year", "month", "day"]
PersonKind = Literal["person", "body"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)


# The entries use slots: a sheet of 100,000 entries takes 15 MB less without instance dicts.
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day (`2025`, `2025-07`, `2025-07-04`)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate | None:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; None when the text is not a real date."""
        match = _DATE_RE.match(text.strip())
        if not match:
            return None
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if year < dt.MINYEAR:  # Python's dates start at year 1
            return None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None:
            assert month is not None
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                return None
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def sort_key(self) -> tuple[dt.date, int]:
        """Chronological order; a vaguer date sorts before the precise ones it contains."""
        return (self.first_day(), ("year", "month", "day").index(self.precision))

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True, slots=True)
class Source:
    """One article: where it was published and what is known about it."""

    id: str
    file: str
    outlet: str
    title: str
    author: str | None
    published: PartialDate
    published_basis: str
    url: str
    original_url: str | None
    caution: str | None
    boilerplate: tuple[str, ...]
    boilerplate_from: str | None
    # "draft" (optionally with a note) until a person has reviewed the entry: never served.
    review: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """Someone (or a body: a ministry, a joint statement) who speaks or takes part in events."""

    id: str
    name: str
    role: str
    kind: PersonKind
    aliases: tuple[str, ...]
    review: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Words printed between quotation marks in an article, verbatim, with speaker and date."""

    id: str
    speaker: str
    text: str
    source: str
    date: PartialDate
    date_basis: str
    context: str
    article_says: str | None
    # Why the speaker is known when the article does not name them near the quote.
    speaker_basis: str | None = None
    review: str | None = None
    # What the article_says note is about: "date" (the default), "wording" or "place".
    note_on: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event that one or more articles report."""

    id: str
    date: PartialDate
    title: str
    summary: str
    keywords: tuple[str, ...]
    people: tuple[str, ...]
    sources: tuple[str, ...]
    date_basis: str
    article_says: str | None
    # The article reports the event as planned, so its date may follow the publication.
    scheduled: bool = False
    review: str | None = None
    # What the article_says note is about: "date" (the default), "wording" or "place".
    note_on: str | None = None


@dataclass(frozen=True)
class FactSheet:
    """The whole curated sheet. `path` is the YAML file; `seeds_dir` holds the article files."""

    path: Path
    seeds_dir: Path
    topic: str
    summary: str
    sources: tuple[Source, ...]
    people: tuple[Person, ...]
    quotes: tuple[Quote, ...]
    events: tuple[Event, ...]
    _sources_by_id: dict[str, Source] = field(init=False, repr=False, compare=False)
    _people_by_id: dict[str, Person] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sources_by_id", {s.id: s for s in self.sources})
        object.__setattr__(self, "_people_by_id", {p.id: p for p in self.people})

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]

    def person(self, person_id: str) -> Person:
        return self._people_by_id[person_id]

    def has_source(self, source_id: str) -> bool:
        return source_id in self._sources_by_id

    def has_person(self, person_id: str) -> bool:
        return person_id in self._people_by_id

    def source_path(self, source: Source) -> Path:
        return self.seeds_dir / source.file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a sheet, phrased for the person who edits the YAML."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
