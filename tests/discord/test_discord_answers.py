"""Every question command, as a prefix command and as a slash command, answers in an embed."""

from __future__ import annotations

import simcord
from discord.ext import commands
from simworld import COOLDOWN_SECONDS, World, embed_text, field

from bot.discord_app.embeds import LIST_LINES_PER_PAGE

NEWSX_URL = "https://www.newsx.com/world/china-tells-eu-it-cant-accept-russia-losing-in-ukraine-war-report-13752"
NEWSX_LINK = (
    f"NewsX: [China Tells EU It Can't Accept Russia Losing In Ukraine War: Report]({NEWSX_URL})"
)
NEWSCATS_URL = "https://www.newscats.org/is-china-breaking-with-russia-over-ukraine/"
NOT_A_PARTY = (
    "China is not a party to the Ukraine issue. China’s position on the Ukraine crisis is "
    "objective and consistent, that is, negotiation, ceasefire and peace."
)


def assert_mao_ning_first_quote(embed) -> None:
    assert embed.title == "2 quotes from Mao Ning"
    assert embed.description.startswith(f"“{NOT_A_PARTY}”\n\n⚠ NewsX retells CNN's report")
    assert field(embed, "Speaker") == "Mao Ning — Chinese Ministry of Foreign Affairs spokesperson"
    assert field(embed, "Date") == "2025-07-04"
    assert field(embed, "As quoted by") == NEWSX_LINK
    assert field(embed, "Context").startswith("Mao Ning at a Chinese Foreign Ministry")
    assert embed.footer.text == "page 1/2"


async def test_prefix_quote_replies_with_the_quote_speaker_date_and_linked_source(world: World):
    """`!quote Mao Ning` replies to the message with her first quote, dated, source linked."""
    asked = await world.alice.send(world.channel, "!quote Mao Ning")

    reply = world.last()
    assert reply.author.id == world.bot.user.id
    assert reply.reference is not None and reply.reference.message_id == asked.id
    assert len(reply.embeds) == 1
    assert_mao_ning_first_quote(reply.embeds[0])


async def test_slash_quote_finds_a_person_from_a_lowercase_surname(world: World):
    """`/quote who:mao` answers like `!quote Mao Ning`, as the interaction's response."""
    result = await world.alice.slash(world.channel, "quote", who="mao")

    assert result.response is not None and not result.ephemeral
    assert_mao_ning_first_quote(result.response.embeds[0])


async def test_the_bots_mention_works_as_a_prefix(world: World):
    """`@factbot quote Mao Ning` is the same as `!quote Mao Ning`."""
    await world.alice.send(world.channel, f"<@{world.bot.user.id}> quote Mao Ning")

    assert_mao_ning_first_quote(world.last().embeds[0])


async def test_a_quote_from_a_source_with_a_caution_shows_the_caution(world: World):
    """A quote from the reworded repost carries the caution line beside the words."""
    await world.alice.send(world.channel, "!quote China–Russia joint statement")

    embed = world.last().embeds[0]
    caution = world.bot.index.sheet.source("newscats-diplomat-2022-09").caution
    assert embed.description == (
        f"“Friendship between the two States has no limitations”\n\n⚠ {caution}"
    )
    assert field(embed, "Date") == "2022-02-04"
    assert field(embed, "Note on the wording").startswith("The repost has “no limitations”")
    assert NEWSCATS_URL in field(embed, "As quoted by")
    assert not embed.footer.text  # one page: no footer, and never a fact id


async def test_a_fragment_comes_with_its_context_and_a_labelled_note(world: World):
    """`!quote Trump`: “angry” says at whom, who quoted it, and a note on the place, not the date."""
    await world.alice.send(world.channel, "!quote Trump")

    embed = world.last().embeds[0]
    assert embed.description == "“angry”"  # BritCanNews carries no caution
    assert "at Putin" in field(embed, "Context")
    assert field(embed, "As quoted by").startswith("BritCanNews: [")
    assert field(embed, "Date") == "2025-03-30"
    assert field(embed, "Note on the place").startswith("BritCanNews calls it “a press encounter")
    assert "Note on the date" not in [f.name for f in embed.fields]


async def test_prefix_when_finds_the_no_limits_statement_first(world: World):
    """`!when no limits` shows the Feb 4, 2022 event first, with every source linked."""
    await world.alice.send(world.channel, "!when no limits")

    embed = world.last().embeds[0]
    assert embed.title == "2 matches for “no limits”"
    assert embed.description.startswith("**Xi and Putin declare a “no limits” partnership**\n")
    assert field(embed, "Date") == "2022-02-04"
    sources = field(embed, "Sources")
    assert f"({NEWSCATS_URL})" in sources and f"({NEWSX_URL})" in sources
    assert embed.footer.text == "page 1/2"


async def test_slash_when_answers_like_the_prefix_command(world: World):
    """`/when phrase:no limits` gives the same first page as `!when no limits`."""
    result = await world.alice.slash(world.channel, "when", phrase="no limits")

    embed = result.response.embeds[0]
    assert embed.title == "2 matches for “no limits”"
    assert field(embed, "Date") == "2022-02-04"
    assert embed.footer.text == "page 1/2"


async def test_summary_gives_the_topic_summary_counts_and_linked_sources(world: World):
    """`!summary` and `/summary` show the curated summary and every source as a linked line."""
    await world.alice.send(world.channel, "!summary")
    slash = await world.alice.slash(world.channel, "summary")

    for embed in (world.channel.history()[-2].embeds[0], slash.response.embeds[0]):
        assert embed.title == "China's stance on the Russia–Ukraine war, 2022–2025"
        assert embed.description.startswith("Weeks before Russia's full-scale invasion of Ukraine")
        assert "from 2022-02-04 to 2025-07-04." in embed.description
        assert f"[Is China Breaking With Russia Over Ukraine?]({NEWSCATS_URL})" in embed.description
        assert embed.description.count("\n• ") == 5


async def test_sources_lists_every_article_with_its_link_and_caution(world: World):
    """`!sources` and `/sources` list the five articles, linked, with the repost's caution."""
    await world.alice.send(world.channel, "!sources")
    slash = await world.alice.slash(world.channel, "sources")

    sheet = world.bot.index.sheet
    for embed in (world.channel.history()[-2].embeds[0], slash.response.embeds[0]):
        assert embed.title == "5 sources"
        for source in sheet.sources:
            assert f"]({source.url})" in embed.description
        assert "⚠ The repost rewords The Diplomat's original" in embed.description


async def test_who_lists_people_and_describes_one(world: World):
    """`!who` lists everyone with roles and quote counts; `/who name:` describes one person."""
    await world.alice.send(world.channel, "!who")
    listed = world.last().embeds[0]
    one = (await world.alice.slash(world.channel, "who", name="Mao Ning")).response.embeds[0]

    assert listed.title == "20 people and 6 bodies in the fact sheet"
    assert listed.description.startswith("People first, then the bodies")
    xi_quotes = len(world.bot.index.quotes_by("xi-jinping"))
    assert f"**Xi Jinping** — Chinese President · {xi_quotes} quotes" in listed.description
    assert one.description == (
        "**Mao Ning** — Chinese Ministry of Foreign Affairs spokesperson · 2 quotes"
    )


async def test_timeline_pages_through_events_in_date_order(world: World):
    """`!timeline 2025` and `/timeline dates:2025`: one line per event, ten to a page, starting
    with February, not the year-only items."""
    await world.alice.send(world.channel, "!timeline 2025")
    slash = await world.alice.slash(world.channel, "timeline", dates="2025")

    for embed in (world.channel.history()[-2].embeds[0], slash.response.embeds[0]):
        assert embed.title == "14 events in 2025, in date order"
        lines = embed.description.splitlines()
        assert len(lines) == LIST_LINES_PER_PAGE
        assert all(line.startswith("2025") and " · " in line for line in lines)
        assert lines[0].startswith("2025-02, day unknown · ")
        assert embed.footer.text == "page 1/2"


async def test_help_lists_the_commands_with_the_prefix_used(world: World):
    """`!help` shows prefix commands, `/help` slash commands, from the same command list."""
    await world.alice.send(world.channel, "!help")
    slash = await world.alice.slash(world.channel, "help")

    assert (
        "!quote <person or words> — Words an article quoted"
        in world.channel.history()[-2].embeds[0].description
    )
    assert (
        "/quote <person or words> — Words an article quoted" in slash.response.embeds[0].description
    )


async def test_no_match_offers_did_you_mean(world: World):
    """`!quote Biden` says nothing mentions Biden and suggests the closest name."""
    await world.alice.send(world.channel, "!quote Biden")

    embed = world.last().embeds[0]
    assert embed.title == "No person or quote mentions “Biden”."
    assert embed.description == "Did you mean: Antony Blinken"
    assert not world.last().components


async def test_a_missing_argument_gets_the_usage_with_an_example(world: World):
    """`!when` alone gets the command's usage line and example, not an error."""
    await world.alice.send(world.channel, "!when")

    embed = world.last().embeds[0]
    assert embed.title == "Usage: !when <phrase> [since DATE] [until DATE]"
    assert "Example: !when no limits" in embed.description
    simcord.assert_error(world.env, commands.MissingRequiredArgument)


async def test_every_reply_fits_discords_embed_limits(world: World):
    """The longest answers stay within 6000 characters per embed and 4096 per description."""
    for question in ("!summary", "!sources", "!who"):
        await world.owner.send(world.channel, question)
        embed = world.last().embeds[0]
        assert len(embed) <= 6000 and len(embed.description) <= 4096, question
        assert embed.title and embed.description, question


async def test_no_answer_shows_a_fact_id(world: World):
    """Readers see outlets, people and dates: no embed of any answer names a fact's id."""
    sheet = world.bot.index.sheet
    ids = {e.id for group in (sheet.quotes, sheet.events) for e in group}
    asked = ["!quote Mao Ning", "!quote Wang Yi", "!when no limits", "!when Samarkand", "!timeline"]
    for question in asked:
        await world.env.advance_time(COOLDOWN_SECONDS + 1)  # one question after another
        await world.alice.send(world.channel, question)
        reply = world.last()
        shown = "\n".join(embed_text(e) for e in reply.embeds)
        assert reply.embeds and not [i for i in ids if i in shown], question
