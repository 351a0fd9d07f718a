"""Discord failing under the bot: a timed-out view whose switch-off edit gets a 500."""

from __future__ import annotations

from simworld import World, controls

from bot.discord_app.views import VIEW_TIMEOUT, ExpiredControls

LIVE = {"Previous": True, "Next": False, "Close": False}
OFF = {"Previous": True, "Next": True, "Close": True}


async def test_clicks_after_a_failed_switch_off_get_a_polite_note(world: World):
    """The edit that disables the buttons fails; a later click is answered and retries it."""
    await world.alice.send(world.channel, "!quote Mao Ning")
    reply = world.last()
    world.env.inject_error("PATCH", "/channels/*/messages/*", status=500, times=1)

    await world.env.advance_time(VIEW_TIMEOUT + 1)
    assert controls(world.again(reply)) == LIVE  # the edit failed: they still look live

    clicked = await world.bob.click(reply, label="Next")

    assert clicked.ephemeral
    assert clicked.response.content == ExpiredControls.notice
    assert controls(world.again(reply)) == OFF
    assert world.again(reply).embeds[0].footer.text == "page 1/2"


async def test_clicks_keep_getting_the_note_while_the_edit_keeps_failing(world: World):
    """Every click is answered, however often Discord refuses the edit."""
    await world.alice.send(world.channel, "!quote Mao Ning")
    reply = world.last()
    world.env.inject_error("PATCH", "/channels/*/messages/*", status=500, times=3)
    await world.env.advance_time(VIEW_TIMEOUT + 1)

    notes = [(await world.alice.click(reply, label=label)) for label in ("Next", "Close")]

    assert [note.response.content for note in notes] == [ExpiredControls.notice] * 2
    assert controls(world.again(reply)) == LIVE
