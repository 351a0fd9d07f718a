"""factbot: answers questions from a curated, verified fact sheet of news articles.

The public API; everything else is private to its module.
"""

from .check import Checked, check_sheet, normalise_verbatim
from .sheet import Event, FactSheet, PartialDate, Person, Problem, Quote, Source

__all__ = [
    "Checked",
    "Event",
    "FactSheet",
    "PartialDate",
    "Person",
    "Problem",
    "Quote",
    "Source",
    "check_sheet",
    "normalise_verbatim",
]
