"""Answer → plain text (Discord markdown) and → JSON.

The text form is what the console prints and what a plain Discord message would carry: every
text that came from a user or from the sheet is escaped, no mention can ping anyone, and the
whole reply fits Discord's 2000-character message limit, ending with a "+N more" line when
results had to be left out. Discord embeds are rendered by the Discord adapter.

No Discord import here: `escape` does what `discord.utils.escape_markdown` and
`escape_mentions` do for our texts (a test holds it to the same result).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .answers import Answer, EventResult, PersonResult, QuoteResult, Result, SourceResult
from .sheet import PartialDate, Source

# Discord's limits, named once.
MESSAGE_LIMIT = 2000
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_TOTAL_LIMIT = 6000
EMBED_FIELD_LIMIT = 1024
EMBED_TITLE_LIMIT = 256
EMBED_FOOTER_LIMIT = 2048
AUTOCOMPLETE_LIMIT = 25
CHOICE_NAME_LIMIT = 100
CHOICE_VALUE_LIMIT = 100
SELECT_OPTIONS_LIMIT = 25
SELECT_OPTION_TEXT_LIMIT = 100

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


def note_label(note_on: str | None) -> str:
    """The label of an `article_says` note: what it is about, the date unless the sheet says."""
    return f"Note on the {note_on or 'date'}"


def result_lines(
    result: Result, *, compact: bool = False, caution_shown: bool = False
) -> list[str]:
    """One result as lines of Discord markdown (escaped); `compact` gives sources one line.

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
        lines.append(f"`{q.id}`")
        return lines
    if isinstance(result, EventResult):
        e = result.event
        lines = [f"**{date_text(e.date)}** · {escape(e.title)}"]
        if e.scheduled:
            lines[0] += " (scheduled when reported)"
        lines.append(escape(e.summary))
        if e.article_says:
            lines.append(f"{note_label(e.note_on)}: {escape(e.article_says)}")
        sources = ", ".join(f"{escape(s.outlet)} <{s.url}>" for s in result.sources)
        lines.append(f"Reported by {sources} · `{e.id}`")
        return lines
    if isinstance(result, PersonResult):
        p = result.person
        quotes = f"{result.quote_count} quote{'s' if result.quote_count != 1 else ''}"
        return [f"**{escape(p.name)}** — {escape(p.role)} · {quotes}"]
    s = result.source
    if compact:
        return [f"• **{escape(s.outlet)}** ({s.published}): *{escape(s.title)}*"]
    author = f" by {escape(s.author)}" if s.author else ""
    lines = [
        f"**{escape(s.outlet)}**{author} ({s.published}): *{escape(s.title)}* <{s.url}>",
    ]
    if s.caution:
        lines.append(f"⚠ {escape(s.caution)}")
    return lines


def render_text(answer: Answer, *, limit: int = MESSAGE_LIMIT) -> str:
    """The answer as one Discord-markdown message of at most `limit` characters."""
    head = [f"**{escape(answer.headline)}**"]
    if answer.body:
        head.append(escape(answer.body))
    if answer.suggestions:
        head.append(
            f"{suggestion_label(answer.status)}: {', '.join(escape(s) for s in answer.suggestions)}"
        )
    text = clip("\n".join(head), limit)
    compact = answer.command == "summary"  # the summary lists its sources one line each
    hidden_total = max(answer.total, len(answer.results))
    shown = 0
    cautioned: set[str] = set()  # sources whose caution this reply already shows in full
    for result in answer.results:
        source_id = result.source.id if isinstance(result, QuoteResult) else ""
        lines = result_lines(result, compact=compact, caution_shown=source_id in cautioned)
        block = "\n".join(lines)
        remaining = hidden_total - shown - 1
        reserve = len(_more_line(remaining)) + 2 if remaining > 0 else 0
        if len(text) + 2 + len(block) + reserve > limit:
            break
        text += ("\n" if compact and shown else "\n\n") + block
        shown += 1
        cautioned.add(source_id)
    if hidden_total > shown:
        more = "\n" + _more_line(hidden_total - shown)
        text = clip(text, limit - len(more)) + more
    return text


def _more_line(count: int) -> str:
    return f"+{count} more — narrow the question to see them."


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis, never ending on a lone backslash."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip("\\") + "…"


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
