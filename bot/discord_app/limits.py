"""Discord's limits, named once: every cut the adapter makes uses these.

The message limit is defined by `bot.render`, whose text replies are sized to fit one Discord
message (render must not import this package, which loads discord); it is re-exported here so
the adapter reads every limit from one module. Our own bounds on user input sit at the end.
"""

from bot.render import MESSAGE_LIMIT

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
# A slash command's description and each option's; a longer one fails the whole sync.
APP_COMMAND_DESCRIPTION_LIMIT = 100

__all__ = [
    "APP_COMMAND_DESCRIPTION_LIMIT",
    "AUTOCOMPLETE_LIMIT",
    "CHOICE_NAME_LIMIT",
    "CHOICE_VALUE_LIMIT",
    "EMBED_DESCRIPTION_LIMIT",
    "EMBED_FIELD_LIMIT",
    "EMBED_FOOTER_LIMIT",
    "EMBED_TITLE_LIMIT",
    "EMBED_TOTAL_LIMIT",
    "MESSAGE_LIMIT",
    "SELECT_OPTIONS_LIMIT",
    "SELECT_OPTION_TEXT_LIMIT",
]
