"""Controls on answers: buttons to page through results, a menu to pick one of several people.

Only the person who asked can use them; anyone else gets a short note only they see. When a
view times out its controls are disabled in place, so nobody is left clicking a dead button;
if Discord refuses that edit, `ExpiredControls` answers the clicks and tries it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import discord
from discord import ui

from bot.answers import Answer, PersonResult
from bot.render import clip

from .embeds import answer_pages
from .limits import SELECT_OPTION_TEXT_LIMIT, SELECT_OPTIONS_LIMIT

log = logging.getLogger(__name__)

VIEW_TIMEOUT = 180.0  # seconds without a click before the controls are disabled

Message = discord.Message | discord.InteractionMessage


class InvokerView(ui.View):
    """A view only the person who asked may use; its controls are disabled on timeout."""

    refusal = "Only the person who asked can use these buttons."

    def __init__(self, invoker_id: int, *, timeout: float = VIEW_TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.invoker_id = invoker_id
        self.message: Message | None = None
        self.client: discord.Client | None = None

    def attach(self, message: Message | None, client: discord.Client) -> None:
        """The message carrying this view, and the bot that sent it (for `on_timeout`)."""
        self.message = message
        self.client = client

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.invoker_id:
            return True
        await interaction.response.send_message(self.refusal, ephemeral=True)
        return False

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, ui.Button | ui.Select):
                item.disabled = True
        if self.message is None:
            return
        try:
            await self.message.edit(view=self)
        except discord.HTTPException as error:  # deleted meanwhile, no longer allowed, or a 5xx
            log.debug("could not disable the controls of message %s: %s", self.message.id, error)
            if self.client is not None and not isinstance(error, discord.NotFound):
                # The buttons still look live: answer their clicks instead of leaving silence.
                self.client.add_view(ExpiredControls(self), message_id=self.message.id)


class ExpiredControls(ui.View):
    """Answers clicks on the controls of a timed-out view whose switch-off edit failed.

    It holds the same custom ids, so discord.py routes those clicks here; each gets a short
    note only the clicker sees, and the edit that disables the controls is tried again.
    """

    notice = "These buttons have expired. Ask again for a fresh answer."

    def __init__(self, timed_out: InvokerView) -> None:
        super().__init__(timeout=None)
        self.timed_out = timed_out
        for item in timed_out.children:
            if isinstance(item, ui.Button) and item.custom_id is not None:
                self.add_item(ui.Button(label=item.label, custom_id=item.custom_id))
            elif isinstance(item, ui.Select):
                self.add_item(ui.Select(custom_id=item.custom_id, options=item.options))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        await interaction.response.send_message(self.notice, ephemeral=True)
        if interaction.message is not None:
            try:
                await interaction.message.edit(view=self.timed_out)
            except discord.HTTPException as error:
                log.debug("the controls of message %s stay live: %s", interaction.message.id, error)
            else:
                self.stop()
        return False  # the notice is the whole answer


class Pager(InvokerView):
    """Previous / Next / Close buttons over a list of embeds."""

    refusal = "Only the person who asked can page through this answer."

    def __init__(
        self, pages: list[discord.Embed], invoker_id: int, *, timeout: float = VIEW_TIMEOUT
    ) -> None:
        super().__init__(invoker_id, timeout=timeout)
        self.pages = pages
        self.current = 0
        self._update_buttons()

    @ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous_page(
        self, interaction: discord.Interaction, _button: ui.Button[Pager]
    ) -> None:
        await self._show(interaction, self.current - 1)

    @ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.primary)
    async def next_page(self, interaction: discord.Interaction, _button: ui.Button[Pager]) -> None:
        await self._show(interaction, self.current + 1)

    @ui.button(label="Close", style=discord.ButtonStyle.secondary)
    async def close_pager(
        self, interaction: discord.Interaction, _button: ui.Button[Pager]
    ) -> None:
        """Keep the page on screen and remove the buttons."""
        self.stop()
        await interaction.response.edit_message(view=None)

    async def _show(self, interaction: discord.Interaction, number: int) -> None:
        self.current = max(0, min(number, len(self.pages) - 1))
        self._update_buttons()
        await interaction.response.edit_message(embed=self.pages[self.current], view=self)

    def _update_buttons(self) -> None:
        self.previous_page.disabled = self.current == 0
        self.next_page.disabled = self.current >= len(self.pages) - 1


class PersonPicker(InvokerView):
    """A menu of the people an ambiguous name could mean; picking one answers for them."""

    refusal = "Only the person who asked can pick."

    def __init__(
        self,
        answer: Answer,
        ask: Callable[[str], Answer],
        invoker_id: int,
        *,
        page_size: int,
        timeout: float = VIEW_TIMEOUT,
    ) -> None:
        super().__init__(invoker_id, timeout=timeout)
        self.ask = ask
        self.page_size = page_size
        people = [r.person for r in answer.results if isinstance(r, PersonResult)]
        self.names = [p.name for p in people[:SELECT_OPTIONS_LIMIT]]
        menu: ui.Select[PersonPicker] = ui.Select(
            placeholder="Which one?",
            options=[
                discord.SelectOption(
                    label=clip(person.name, SELECT_OPTION_TEXT_LIMIT),
                    value=str(number),
                    description=clip(person.role, SELECT_OPTION_TEXT_LIMIT),
                )
                for number, person in enumerate(people[:SELECT_OPTIONS_LIMIT])
            ],
        )
        # discord.py's documented way to give a Select its callback; mypy sees a method.
        menu.callback = self._picked  # type: ignore[method-assign]
        self.menu = menu
        self.add_item(menu)

    async def _picked(self, interaction: discord.Interaction) -> None:
        answer = self.ask(self.names[int(self.menu.values[0])])
        pages = answer_pages(answer, self.page_size)
        self.stop()
        if len(pages) == 1:
            await interaction.response.edit_message(embed=pages[0], view=None)
            return
        pager = Pager(pages, self.invoker_id)
        pager.attach(interaction.message, interaction.client)
        await interaction.response.edit_message(embed=pages[0], view=pager)
