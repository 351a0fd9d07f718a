"""Drafting a new article's entries for review: `factbot add`'s engine.

- `article`: paragraphs, sentences, boilerplate and quotations of the text;
- `speakers`: the people it names and who said each quotation;
- `dates`: date expressions resolved against the publication date, with their basis;
- `passage`: the date of the passage a quotation stands in, when its own words give none;
- `timeline`: the one event of the sheet a quotation's words speak of, which may narrow a
  vague date ("in April") to that event's day;
- `draft`: the entries (source, new people, quotes), every one marked `review: draft`;
- `emit`: those entries as YAML text, inserted into the sheet's sections.

Pure Python over strings and the sheet's index: no file is read or written here, nothing
imports discord or rapidfuzz (the timeline asks `bot.search.Index`).
"""

from .draft import ArticleInfo, Draft, draft_article
from .emit import insert_draft

__all__ = ["ArticleInfo", "Draft", "draft_article", "insert_draft"]
