"""`Answer` → Discord embeds, one embed per page.

Quotes and events get a page of `page_size` results each: with one result per page the quote
is the description and speaker, date and source are fields, the source title linked to its
article; with more, each result is a block of lines as the console shows it. Lists (an answer's
`listing`: the timeline, everyone, the summary's sources) and people and sources are one line
per item, `LIST_LINES_PER_PAGE` to a page. Every text from a user or the sheet is
escaped (no markdown, no mentions) and every part is cut to Discord's limits.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.answers import Answer, EventResult, QuoteResult, Result, SourceResult
from bot.render import (
    clip,
    date_text,
    escape,
    more_line,
    note_label,
    pack_lines,
    published_text,
    result_lines,
    suggestion_label,
)
from bot.sheet import PartialDate, Source

from .limits import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_LIMIT,
    EMBED_FOOTER_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBED_TOTAL_LIMIT,
)

_COLOURS = {
    "ok": discord.Colour.blurple(),
    "ambiguous": discord.Colour.gold(),
    "no_match": discord.Colour.light_grey(),
    "usage": discord.Colour.light_grey(),
}


MAX_PAGES = 100  # one answer's pages at most; the last one counts the results left out
# Listed items per page: a page is read at a glance, the buttons turn to the next.
LIST_LINES_PER_PAGE = 10


def answer_pages(answer: Answer, page_size: int = 1) -> list[discord.Embed]:
    """The answer as embeds to page through: at least one, at most `MAX_PAGES`."""
    intro = _intro(answer)
    detailed = [r for r in answer.results if isinstance(r, QuoteResult | EventResult)]
    if detailed and not answer.listing:
        size = max(1, page_size)
        kept = detailed[: MAX_PAGES * size]
        chunks = [kept[i : i + size] for i in range(0, len(kept), size)]
        pages = [_detail_page(answer, chunk, intro) for chunk in chunks]
        hidden = len(detailed) - len(kept)
    else:
        lines = [_list_line(r, brief=answer.listing) for r in answer.results]
        spaced = any(isinstance(r, SourceResult) for r in answer.results) and not answer.listing
        packed = pack_lines(
            lines,
            EMBED_DESCRIPTION_LIMIT,
            separator="\n\n" if spaced else "\n",
            head=intro,
            per_page=LIST_LINES_PER_PAGE,
            max_pages=MAX_PAGES,
        )
        pages = [_page(answer, page.text) for page in packed]
        hidden = len(lines) - sum(page.count for page in packed)
    if hidden > 0:
        footer = pages[-1].footer.text
        more = more_line(hidden)
        pages[-1].set_footer(text=f"{footer} · {more}" if footer else more)
    for number, page in enumerate(pages, start=1):
        _finish(page, number, len(pages))
    return pages


def link(source: Source) -> str:
    """The source as `outlet: [title](url)`, safe to put in an embed."""
    return f"{escape(source.outlet)}: {_title_link(source)}"


def _title_link(source: Source) -> str:
    title = escape(source.title).replace("[", "\\[").replace("]", "\\]")
    url = source.url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{title}]({url})"


# --- pages ---------------------------------------------------------------------------------


def _intro(answer: Answer) -> str:
    parts = [escape(answer.body)] if answer.body else []
    if answer.suggestions:
        label = suggestion_label(answer.status)
        parts.append(f"{label}: {', '.join(escape(s) for s in answer.suggestions)}")
    return "\n\n".join(parts)


def _page(answer: Answer, description: str) -> discord.Embed:
    return discord.Embed(
        title=clip(escape(answer.headline), EMBED_TITLE_LIMIT),
        description=clip(description, EMBED_DESCRIPTION_LIMIT) or None,
        colour=_COLOURS.get(answer.status),
    )


def _detail_page(answer: Answer, chunk: Sequence[Result], intro: str) -> discord.Embed:
    if len(chunk) > 1:
        blocks = ["\n".join(result_lines(result)) for result in chunk]
        return _page(answer, "\n\n".join([intro, *blocks] if intro else blocks))
    result = chunk[0]
    if isinstance(result, QuoteResult):
        return _quote_page(answer, result, intro)
    assert isinstance(result, EventResult)
    return _event_page(answer, result, intro)


def _quote_page(answer: Answer, result: QuoteResult, intro: str) -> discord.Embed:
    q, person, source = result.quote, result.speaker, result.source
    text = f"“{escape(q.text)}”"
    if source.caution is not None:
        text += f"\n\n⚠ {escape(source.caution)}"
    embed = _page(answer, f"{intro}\n\n{text}" if intro else text)
    _field(embed, "Speaker", f"{escape(person.name)} — {escape(person.role)}")
    _field(embed, "Context", escape(q.context))
    _dated(embed, q.date, q.article_says, q.note_on)
    _field(embed, "As quoted by", link(source))
    return embed


def _event_page(answer: Answer, result: EventResult, intro: str) -> discord.Embed:
    e = result.event
    text = f"**{escape(e.title)}**"
    if e.scheduled:
        text += " (scheduled when reported)"
    text += f"\n{escape(e.summary)}"
    embed = _page(answer, f"{intro}\n\n{text}" if intro else text)
    _dated(embed, e.date, e.article_says, e.note_on)
    if result.people:
        _field(embed, "People", ", ".join(escape(p.name) for p in result.people))
    _field(embed, "Sources", "\n".join(link(s) for s in result.sources))
    return embed


def _dated(
    embed: discord.Embed, date: PartialDate, article_says: str | None, note_on: str | None
) -> None:
    """The Date field, and the article's differing words under their note's label."""
    _field(embed, "Date", date_text(date))
    if article_says:
        _field(embed, note_label(note_on), escape(article_says))


def _field(embed: discord.Embed, name: str, value: str) -> None:
    embed.add_field(name=name, value=clip(value, EMBED_FIELD_LIMIT), inline=False)


def _list_line(result: Result, *, brief: bool) -> str:
    if not isinstance(result, SourceResult):
        return "\n".join(result_lines(result, brief=brief))
    s = result.source
    if brief:
        return f"• **{escape(s.outlet)}** ({published_text(s)}): {_title_link(s)}"
    author = f" by {escape(s.author)}" if s.author else ""
    line = f"**{escape(s.outlet)}**{author} ({published_text(s)}): {_title_link(s)}"
    return f"{line}\n⚠ {escape(s.caution)}" if s.caution else line


def _finish(embed: discord.Embed, number: int, total: int) -> None:
    """Add the page number to the footer and keep the whole embed within Discord's total."""
    footer = embed.footer.text or ""
    if total > 1:
        footer = f"{footer} · page {number}/{total}" if footer else f"page {number}/{total}"
    if footer:
        embed.set_footer(text=clip(footer, EMBED_FOOTER_LIMIT))
    excess = len(embed) - EMBED_TOTAL_LIMIT
    if excess > 0 and embed.description:
        embed.description = clip(embed.description, max(1, len(embed.description) - excess))
