"""Answer → plain text (Discord markdown) and → JSON.

The text form is what the console prints and what a plain Discord message would carry: every
text that came from a user or from the sheet is escaped, no mention can ping anyone, and the
whole reply fits Discord's 2000-character message limit, ending with a "+N more" line when
results had to be left out. Discord embeds are rendered by the Discord adapter. `pack_lines` is
the one packer of lines under a character limit with "+N more": the text pages here, the embeds'
lists and the reload's problem report all use it, each passing its own limit.

No Discord import here: `escape` does what `discord.utils.escape_markdown` and
`escape_mentions` do for our texts (a test holds it to the same result).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .answers import Answer, EventResult, PersonResult, QuoteResult, Result, SourceResult
from .sheet import PartialDate, Source

# A text reply fits one Discord message. The other Discord limits live in
# bot/discord_app/limits.py, which re-exports this one.
MESSAGE_LIMIT = 2000

# A listed item is one short line: at least 25 fit in one message. Longer titles and roles are
# cut; `!when`, `!who NAME` give them whole.
LIST_TITLE_LIMIT = 80
LIST_ROLE_LIMIT = 40

# The same patterns as discord.utils.escape_markdown (stock mode, links left alone) followed by
# escape_mentions; tests/test_render.py checks both give the same text.
_URL = r"(?P<url><[^: >]+:\/[^ >]+>|(?:https?|steam):\/\/[^\s<]+[^<.,:;\"\'\]\s])"
_COMMON = r"^>(?:>>)?\s|\[.+\]\(.+\)|^#{1,3}|^\s*-"
_MARKDOWN_RE = re.compile(rf"(?:{_URL}|(?P<markdown>[_\\~|\*`]|{_COMMON}))", re.MULTILINE)
_MENTION_RE = re.compile(r"@(everyone|here|[!&]?[0-9]{17,20})")


def escape(text: str) -> str:
    """Make user or sheet text inert in Discord markdown: no formatting, no mentions."""
    text = _MARKDOWN_RE.sub(lambda m: m.group("url") or "\\" + m.group("markdown"), text)
    return _MENTION_RE.sub("@\u200b\\1", text)


def quoted_by(source: Source) -> str:
    """Who printed the words: a quote is only ever as exact as the article that carries it."""
    return f"as quoted by {source.outlet}"


def date_text(date: PartialDate) -> str:
    """A date as readers see it: its precision said in words where the day is unknown."""
    if date.precision == "year":
        return f"{date}, month unknown"
    if date.precision == "month":
        return f"{date}, day unknown"
    return str(date)


def published_text(source: Source) -> str:
    """When a source was published, as readers see it: a repost (one with an original) carries
    its original's date, and says so, since the repost's own is not what the date is."""
    return (
        f"{source.published}, the original's date" if source.original_url else str(source.published)
    )


def note_label(note_on: str | None) -> str:
    """The label of an `article_says` note: what it is about, the date unless the sheet says."""
    return f"Note on the {note_on or 'date'}"


def result_lines(result: Result, *, brief: bool = False, caution_shown: bool = False) -> list[str]:
    """One result as lines of Discord markdown (escaped); `brief`: one short line, for lists.

    `caution_shown`: the reply already carries this quote's source caution in full, so a
    short pointer to it is enough.
    """
    if isinstance(result, QuoteResult):
        q, person, source = result.quote, result.speaker, result.source
        lines = [
            f"> “{escape(q.text)}”",
            f"— **{escape(person.name)}**, {escape(person.role)} · {date_text(q.date)}"
            f" · {escape(quoted_by(source))}",
            f"{escape(source.outlet)}: *{escape(source.title)}* <{source.url}>",
            f"Context: {escape(q.context)}",
        ]
        if source.caution is not None and caution_shown:
            lines.append(f"⚠ {escape(source.outlet)} may reword quotes: see its caution above.")
        elif source.caution is not None:
            lines.append(f"⚠ {escape(source.caution)}")
        if q.article_says:
            lines.append(f"{note_label(q.note_on)}: {escape(q.article_says)}")
        return lines
    if isinstance(result, EventResult):
        e = result.event
        if brief:
            scheduled = " (scheduled)" if e.scheduled else ""
            title = escape(shorten(e.title, LIST_TITLE_LIMIT))
            return [f"{date_text(e.date)} · {title}{scheduled}"]
        lines = [f"**{date_text(e.date)}** · {escape(e.title)}"]
        if e.scheduled:
            lines[0] += " (scheduled when reported)"
        lines.append(escape(e.summary))
        if e.article_says:
            lines.append(f"{note_label(e.note_on)}: {escape(e.article_says)}")
        sources = ", ".join(f"{escape(s.outlet)} <{s.url}>" for s in result.sources)
        lines.append(f"Reported by {sources}")
        return lines
    if isinstance(result, PersonResult):
        p = result.person
        quotes = f"{result.quote_count} quote{'s' if result.quote_count != 1 else ''}"
        role = shorten(p.role, LIST_ROLE_LIMIT) if brief else p.role
        return [f"**{escape(p.name)}** — {escape(role)} · {quotes}"]
    s = result.source
    if brief:
        return [f"• **{escape(s.outlet)}** ({published_text(s)})"]
    author = f" by {escape(s.author)}" if s.author else ""
    lines = [
        f"**{escape(s.outlet)}**{author} ({published_text(s)}): *{escape(s.title)}* <{s.url}>",
    ]
    if s.caution:
        lines.append(f"⚠ {escape(s.caution)}")
    return lines


def render_text(answer: Answer, *, limit: int = MESSAGE_LIMIT) -> str:
    """The answer as one Discord-markdown message of at most `limit` characters (its first page)."""
    return render_pages(answer, limit=limit)[0]


def render_pages(
    answer: Answer, *, limit: int = MESSAGE_LIMIT, next_hint: str = "type more to see them"
) -> list[str]:
    """The answer as messages of at most `limit` characters each, results in order.

    Every page but the last ends with "+N more — `next_hint`"; the last says "+N more" only for
    results the answer itself left out (past `max_results`), which only a narrower question
    shows. A result too long for a page on its own is cut.
    """
    head = [f"**{escape(answer.headline)}**"]
    if answer.body:
        head.append(escape(answer.body))
    if answer.suggestions:
        head.append(
            f"{suggestion_label(answer.status)}: {', '.join(escape(s) for s in answer.suggestions)}"
        )
    brief = answer.listing
    blocks: list[str] = []
    cautioned: set[str] = set()  # sources whose caution this reply already shows in full
    for result in answer.results:
        source_id = result.source.id if isinstance(result, QuoteResult) else ""
        lines = result_lines(result, brief=brief, caution_shown=source_id in cautioned)
        blocks.append("\n".join(lines))
        cautioned.add(source_id)
    left_out = max(answer.total, len(answer.results)) - len(answer.results)
    last_line = more_line(left_out) if left_out else ""

    def end(after: int) -> str:
        return _more_line(after + left_out, next_hint) if after else last_line

    pages = pack_lines(
        blocks,
        limit,
        separator="\n" if brief else "\n\n",
        head="\n".join(head),
        continued_head=f"**{escape(answer.headline)}** (continued)",
        end=end,
    )
    return [page.text for page in pages]


@dataclass(frozen=True)
class Page:
    """A page of packed lines: its text, and how many of the lines it holds."""

    text: str
    count: int


def pack_lines(
    lines: Sequence[str],
    limit: int,
    *,
    separator: str = "\n",
    head: str = "",
    continued_head: str = "",
    head_gap: str = "\n\n",
    end: Callable[[int], str] = lambda _left: "",
    per_page: int | None = None,
    max_pages: int | None = None,
) -> list[Page]:
    """`lines` in order on pages of at most `limit` characters each: at least one page.

    A page is its head (`head` on the first, `continued_head` on the others), `head_gap`, its
    lines joined by `separator`, then on a line of its own `end(left)`, where `left` counts the
    lines after the page ("+N more"); an empty end adds nothing. Heads are cut to leave room for
    an end, and a line too long for a page of its own is cut to fit. Only the first page may
    hold its head alone, when its first line does not fit beside it. A page holds at most
    `per_page` lines; past `max_pages` pages the lines are left out, counted by the last end.
    """

    def room(end_line: str) -> int:
        return len(end_line) + 1 if end_line else 0

    reserve = max(room(end(len(lines))), room(end(0)))
    first, later = clip(head, limit - reserve), clip(continued_head, limit - reserve)
    pages: list[Page] = []
    text, count, shown = first, 0, 0
    for number, line in enumerate(lines):
        after = len(lines) - number - 1
        gap = (separator if count else head_gap) if text else ""
        full = len(text) + len(gap) + len(line) + room(end(after)) > limit or count == per_page
        # a page's first line goes on it, cut if need be, unless a head opens the first page
        must_take = count == 0 and (bool(pages) or not text)
        if full and not must_take:
            if len(pages) + 1 == max_pages:
                break
            pages.append(_closed(text, count, end(after + 1), limit))
            text, count = later, 0
            gap = head_gap if text else ""
        text += gap + clip(line, max(1, limit - len(text) - len(gap) - room(end(after))))
        count, shown = count + 1, shown + 1
    pages.append(_closed(text, count, end(len(lines) - shown), limit))
    return pages


def _closed(text: str, count: int, end_line: str, limit: int) -> Page:
    """A page's text and its end line, the text cut so that both fit in `limit`."""
    if not end_line:
        return Page(clip(text, limit), count)
    text = clip(text, limit - len(end_line) - 1)
    return Page(f"{text}\n{end_line}" if text else end_line, count)


def more_line(count: int) -> str:
    """What closes an answer that left `count` results out (past `max_results`)."""
    return _more_line(count, "narrow the question to see them")


def _more_line(count: int, hint: str) -> str:
    return f"+{count} more — {hint}."


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis, never ending on a lone backslash."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip("\\") + "…"


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut at a word with an ellipsis when too long."""
    short = textwrap.shorten(text, limit, placeholder="…")
    return short if short != "…" else clip(text, limit)


def suggestion_label(status: str) -> str:
    """What the suggestions of an answer are, by its status."""
    return {"no_match": "Did you mean", "usage": "Commands"}.get(status, "Candidates")


def to_json(answer: Answer) -> dict[str, Any]:
    """The answer as plain data for `--json` (see README for the shape)."""
    return {
        "command": answer.command,
        "query": answer.query,
        "status": answer.status,
        "headline": answer.headline,
        "reply": render_text(answer),
        "total": max(answer.total, len(answer.results)),
        "results": [_result_json(result) for result in answer.results],
        "suggestions": list(answer.suggestions),
        "missing": list(answer.missing),
    }


def render_json(answer: Answer) -> str:
    return json.dumps(to_json(answer), ensure_ascii=False, indent=2)


def _source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "file": source.file,
        "outlet": source.outlet,
        "title": source.title,
        "url": source.url,
        "published": str(source.published),
        "original_url": source.original_url,  # set on a repost: `published` is the original's
        "author": source.author,
        "caution": source.caution,
    }


def _result_json(result: Result) -> dict[str, Any]:
    if isinstance(result, QuoteResult):
        q = result.quote
        return {
            "kind": "quote",
            "id": q.id,
            "text": q.text,
            "speaker": result.speaker.name,
            "speaker_id": result.speaker.id,
            "role": result.speaker.role,
            "date": str(q.date),
            "date_precision": q.date.precision,
            "date_basis": q.date_basis,
            "article_says": q.article_says,
            "note_on": (q.note_on or "date") if q.article_says else None,
            "context": q.context,
            "quoted_by": result.source.outlet,
            "source": _source_json(result.source),
            "score": result.score,
        }
    if isinstance(result, EventResult):
        e = result.event
        return {
            "kind": "event",
            "id": e.id,
            "text": e.title,
            "summary": e.summary,
            "speaker": None,
            "role": None,
            "people": [p.name for p in result.people],
            "date": str(e.date),
            "date_precision": e.date.precision,
            "date_basis": e.date_basis,
            "article_says": e.article_says,
            "note_on": (e.note_on or "date") if e.article_says else None,
            "scheduled": e.scheduled,
            "source": _source_json(result.sources[0]),
            "sources": [_source_json(s) for s in result.sources],
            "score": result.score,
        }
    if isinstance(result, PersonResult):
        p = result.person
        return {
            "kind": "person",
            "id": p.id,
            "text": p.name,
            "role": p.role,
            "person_kind": p.kind,
            "aliases": list(p.aliases),
            "quote_count": result.quote_count,
            "score": result.score,
        }
    assert isinstance(result, SourceResult)
    return {
        "kind": "source",
        "id": result.source.id,
        "text": result.source.title,
        "source": _source_json(result.source),
        "quote_count": result.quote_count,
        "event_count": result.event_count,
    }
