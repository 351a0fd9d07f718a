"""An article's text as the drafter reads it: paragraphs, sentences, boilerplate, quotations.

Positions are offsets into the article's text, so every later step (speakers, dates) can look
around a quotation. Nothing here knows about people or dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lines that are page furniture, not article content: sign-up prompts, cross-links, credits,
# author bios, donation and ad lines. Matched against a whole line (case-insensitive).
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        sign\ up\b.* | subscribe\b.* | by\ submitting\ this\ form\b.* | also\ read\b.*
      | read\ more\b.* | related\b\s*:.* | (?:image|photo|picture|video)\s*(?:credit)?\s*:.*
      | (?:image|photo)\ (?:credit|courtesy)\b.* | advertisement | your\ ad\ here\??
      | [A-Z][\w.'’-]+(?:\ [A-Z][\w.'’-]+){1,3}\ is\ an?\ .{0,80}
          \b(?:writer|reporter|editor|correspondent|journalist|columnist|contributor)\b.*
      | .*\b(?:patreon|paypal|payoneer)\b.* | contact\ (?:us\ )?by\ (?:e-?)?mail\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A byline after the text ("By: Jane Roe – Independent Reporter"): from it to the end is
# trailing material (byline, donation links, ads, slogans), as in a repost's footer.
_BYLINE = re.compile(r"^By:?\s+(?P<name>[A-Z][^–—|\n]*?)\s*(?:[–—|-]\s.*)?$")

# A heading is at most this many words and does not end like a sentence or a quotation.
HEADING_WORDS = 16
_NOT_HEADING_ENDS = (".", ",", ":", ";", "”", '"')

_OPENERS = "“„"
_CLOSERS = "”"
# Sentence ends: . ! ? (optionally inside a closing mark) followed by a space and a capital
# or an opening mark. "U.S." and "Mr." do not end a sentence.
SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bU\.S)(?<!\bSt)[.!?…][”\"’]?(?=\s+[“\"A-Z])"
)


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    """A quotation: `text` is the words between the marks (or up to where an unclosed one is
    cut); `open`/`close` are the offsets of the marks (`close` is where the words stop)."""

    text: str
    open: int
    close: int
    paragraph: int
    closed: bool


@dataclass(frozen=True)
class Layout:
    """The article cut into paragraphs, with its boilerplate found."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    boilerplate: tuple[str, ...]  # whole lines, as printed
    boilerplate_from: str | None  # the line from which everything is trailing material
    body_end: int  # offset where article content ends (the start of `boilerplate_from`)
    author: str | None  # from a byline, when the article prints one

    def paragraph_text(self, index: int) -> str:
        paragraph = self.paragraphs[index]
        return self.text[paragraph.start : paragraph.end]

    def is_boilerplate(self, index: int) -> bool:
        paragraph = self.paragraphs[index]
        return paragraph.start >= self.body_end or self.paragraph_text(index) in self.boilerplate

    def paragraph_at(self, offset: int) -> int | None:
        """The index of the paragraph holding `offset`, None between paragraphs."""
        for index, paragraph in enumerate(self.paragraphs):
            if paragraph.start <= offset < paragraph.end:
                return index
        return None

    def is_heading(self, index: int) -> bool:
        """A line that reads as a headline or a section's heading: short, and not a sentence
        ("Private Talks Reveal Beijing's Concerns"; a question such as "What is China's
        position?" too)."""
        line = self.paragraph_text(index)
        return len(line.split()) <= HEADING_WORDS and not line.endswith(_NOT_HEADING_ENDS)


def read_layout(text: str) -> Layout:
    """Paragraphs (one per non-blank line), boilerplate lines and a trailing byline."""
    paragraphs = []
    for match in re.finditer(r"[^\n]+", text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            paragraphs.append(Paragraph(start, start + len(stripped)))
    body_end = len(text)
    boilerplate_from = author = None
    # A byline after the article's opening (not above it): from there on is the page's footer.
    for index, paragraph in enumerate(paragraphs):
        line = text[paragraph.start : paragraph.end]
        byline = _BYLINE.match(line)
        if byline and index >= 2:
            boilerplate_from, body_end = line, paragraph.start
            author = byline.group("name").strip()
            break
    boilerplate = tuple(
        dict.fromkeys(
            text[p.start : p.end]
            for p in paragraphs
            if p.start < body_end and _BOILERPLATE_LINE.match(text[p.start : p.end])
        )
    )
    return Layout(text, tuple(paragraphs), boilerplate, boilerplate_from, body_end, author)


def sentence_bounds(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The sentence of `text[start:end]` holding offset `at`, as (start, end) offsets."""
    begin, finish = start, end
    for match in SENTENCE_END.finditer(text, start, end):
        if match.end() <= at:
            begin = match.end()
        else:
            finish = match.end()
            break
    while begin < finish and text[begin].isspace():
        begin += 1
    return begin, finish


def _marks(line: str) -> list[tuple[int, str]]:
    """Opening ("o") and closing ("c") quotation marks of one paragraph, in order.

    A straight " opens at the start of the line or after a space or opening bracket or dash,
    and closes anywhere else.
    """
    marks = []
    for i, ch in enumerate(line):
        if ch in _OPENERS:
            marks.append((i, "o"))
        elif ch in _CLOSERS:
            marks.append((i, "c"))
        elif ch == '"':
            before = line[i - 1] if i else " "
            marks.append((i, "o" if before.isspace() or before in "([{—–-" else "c"))
    return marks


def find_quotations(layout: Layout) -> list[Span]:
    """Every quotation in the article's content (boilerplate skipped).

    A closed quotation runs to its closing mark. One left unclosed runs to the end of its
    paragraph, or, when another quotation opens later in the paragraph, to the last sentence
    end before that one (the writer's own words usually follow the forgotten mark).
    """
    spans = []
    text = layout.text
    for index, paragraph in enumerate(layout.paragraphs):
        if layout.is_boilerplate(index):
            continue
        line = text[paragraph.start : paragraph.end]
        marks = _marks(line)
        i = 0
        while i < len(marks):
            position, kind = marks[i]
            if kind != "o":
                i += 1
                continue
            following = marks[i + 1] if i + 1 < len(marks) else None
            if following is not None and following[1] == "c":
                end, closed, i = following[0], True, i + 2
            else:
                closed = False
                if following is None:
                    end = len(line)
                else:
                    ends = [
                        m.end()
                        for m in SENTENCE_END.finditer(line, position, following[0] + 1)
                        if m.end() <= following[0]
                    ]
                    end = ends[-1] if ends else following[0]
                i += 1
            words = line[position + 1 : end].strip()
            words = words.rstrip(",").rstrip()
            if words and any(ch.isalnum() for ch in words):
                spans.append(
                    Span(words, paragraph.start + position, paragraph.start + end, index, closed)
                )
    return spans
