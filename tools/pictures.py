"""Pictures of the bot for the README: real replies, drawn as Discord's dark theme shows them.

    .venv/bin/python tools/pictures.py            # writes docs/pictures/*.png
    .venv/bin/python tools/pictures.py --html DIR # only the HTML pages, no browser needed

The bot itself answers: `create_bot` with `config/bot.yaml` runs on SimCord (the in-memory
Discord of the tests), a member asks each question below, and the reply's embeds and controls
(buttons, menu) are written as an HTML page in Discord's dark theme. Headless Chromium turns
each page into a PNG. So when the answers change, running this again redraws the pictures.

Needs the test install (SimCord) and Chromium (Debian: `apt-get install chromium`); the
browser runs offline with a fresh profile that is deleted afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import simcord

from bot.discord_app import create_bot
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "pictures"
WIDTH = 640  # CSS pixels; the PNGs are twice that for sharp text
SCALE = 2

# file name → what the member types
QUESTIONS = {
    "quote-mao-ning": "!quote Mao Ning",
    "when-no-limits": "!when no limits",
    "quote-picker": "!quote Foreign Minister",
    "timeline-paged": "!timeline",
}

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--mute-audio",
]


@dataclass(frozen=True)
class Exchange:
    """A question and the bot's reply to it, as the channel holds them."""

    name: str
    question: str
    reply: Any  # discord.Message


async def ask_the_bot() -> list[Exchange]:
    """Each question asked in a channel of the simulated Discord, with the bot's reply."""
    settings = load_settings(ROOT / "config" / "bot.yaml", environ={})
    bot = create_bot(settings)
    exchanges = []
    async with simcord.run(bot) as env:
        channel = env.create_guild("Newsroom").create_text_channel("facts")
        alice = env.guild.add_member(env.create_user("alice"))
        for name, question in QUESTIONS.items():
            await alice.send(channel, question)
            exchanges.append(Exchange(name, question, channel.last_message))
            await env.advance_time(settings.cooldown_per_seconds)  # no cooldown notice
    return exchanges


# --- HTML ----------------------------------------------------------------------------------

_ESCAPED = re.compile(r"\\([^\w\s])")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")


def markdown(text: str) -> str:
    """The Discord markdown our embeds use (bold, italic, code, links, escapes) as HTML."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(1))
        return f"\x00{len(kept) - 1}\x00"

    text = html.escape(_ESCAPED.sub(keep, text), quote=False)
    text = _LINK.sub(r'<a href="\2">\1</a>', text)
    text = _CODE.sub(r"<code>\1</code>", text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(r"<em>\1</em>", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: html.escape(kept[int(m.group(1))]), text)
    return text.replace("\n", "<br>")


def embed_html(embed: Any) -> str:
    colour = f"#{embed.colour.value:06x}" if embed.colour else "#1e1f22"
    parts = []
    if embed.title:
        parts.append(f'<div class="title">{markdown(embed.title)}</div>')
    if embed.description:
        parts.append(f'<div class="description">{markdown(embed.description)}</div>')
    for field in embed.fields:
        parts.append(
            f'<div class="field"><div class="name">{markdown(field.name)}</div>'
            f'<div class="value">{markdown(field.value)}</div></div>'
        )
    if embed.footer.text:
        parts.append(f'<div class="footer">{html.escape(embed.footer.text)}</div>')
    return f'<div class="embed" style="border-left-color:{colour}">{"".join(parts)}</div>'


def controls_html(message: Any) -> str:
    rows = []
    for row in message.components:
        items = []
        for item in row.children:
            disabled = " disabled" if item.disabled else ""
            if hasattr(item, "options"):  # a select menu
                placeholder = html.escape(item.placeholder or "")
                options = "".join(
                    f'<div class="option"><b>{html.escape(option.label)}</b>'
                    f"<br>{html.escape(option.description or '')}</div>"
                    for option in item.options
                )
                items.append(
                    f'<div class="menu"><div class="select{disabled}">{placeholder}<span>⌃</span>'
                    f'</div><div class="options">{options}</div></div>'
                )  # drawn open, as after a click, to show what can be picked
                continue
            emoji = (
                f'<span class="emoji">{html.escape(str(item.emoji))}</span>' if item.emoji else ""
            )
            label = html.escape(item.label or "")
            items.append(f'<div class="button {item.style.name}{disabled}">{emoji}{label}</div>')
        rows.append(f'<div class="row">{"".join(items)}</div>')
    return "".join(rows)


def page_html(exchange: Exchange) -> str:
    reply = exchange.reply
    question = html.escape(exchange.question)
    embeds = "".join(embed_html(embed) for embed in reply.embeds)
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><style>{CSS}</style></head><body>
<div class="message">
  <div class="avatar user">a</div>
  <div class="head"><span class="name">alice</span><span class="time">Today at 09:41</span></div>
  <div class="content">{question}</div>
</div>
<div class="message">
  <div class="reply-to"><span class="name">@alice</span> {question}</div>
  <div class="avatar bot">f</div>
  <div class="head"><span class="name">factbot</span><span class="tag">APP</span>
    <span class="time">Today at 09:41</span></div>
  {embeds}
  {controls_html(reply)}
</div>
<script>document.body.dataset.height = Math.ceil(document.documentElement.scrollHeight);</script>
</body></html>
"""


CSS = """
body { margin: 0; padding: 12px 0 16px; background: #313338; color: #dbdee1;
  font: 16px/1.375 "DejaVu Sans", "Liberation Sans", sans-serif; width: 640px; }
.message { position: relative; padding: 4px 48px 4px 72px; margin-top: 12px; }
.avatar { position: absolute; left: 16px; width: 40px; height: 40px; border-radius: 50%;
  color: #fff; font-weight: bold; text-align: center; line-height: 40px; }
.message .reply-to + .avatar { top: 26px; }
.avatar.user { background: #3ba55c; top: 4px; }
.avatar.bot { background: #5865f2; }
.head .name { color: #f2f3f5; font-weight: bold; margin-right: 6px; }
.head .time { color: #949ba4; font-size: 12px; margin-left: 4px; }
.tag { background: #5865f2; color: #fff; font-size: 10px; font-weight: bold; padding: 1px 5px;
  border-radius: 3px; vertical-align: 2px; }
.reply-to { color: #b5bac1; font-size: 14px; margin-bottom: 2px; position: relative; }
.reply-to::before { content: ""; position: absolute; left: -38px; top: 9px; width: 30px;
  height: 10px; border-left: 2px solid #4e5058; border-top: 2px solid #4e5058;
  border-top-left-radius: 6px; }
.reply-to .name { color: #c9cdfb; }
.embed { max-width: 520px; margin-top: 6px; background: #2b2d31; border-left: 4px solid;
  border-radius: 4px; padding: 8px 16px 16px 12px; font-size: 14px; }
.embed .title { color: #f2f3f5; font-weight: bold; font-size: 16px; margin-top: 8px; }
.embed .description { margin-top: 8px; }
.embed .field { margin-top: 8px; }
.embed .field .name { color: #f2f3f5; font-weight: bold; margin-bottom: 2px; }
.embed .footer { color: #b5bac1; font-size: 12px; margin-top: 8px; }
a { color: #00a8fc; text-decoration: none; }
code { background: #1e1f22; border-radius: 3px; padding: 0 3px;
  font: 85% "DejaVu Sans Mono", monospace; }
.row { display: flex; gap: 8px; margin-top: 8px; }
.button { height: 32px; line-height: 32px; padding: 0 16px; border-radius: 8px; color: #fff;
  font-size: 14px; font-weight: bold; }
.button .emoji { margin-right: 6px; font-weight: normal; }
.button.secondary { background: #4e5058; }
.button.primary { background: #5865f2; }
.button.disabled { opacity: 0.5; }
.select { width: 400px; height: 40px; line-height: 40px; padding: 0 12px; background: #1e1f22;
  border-radius: 4px; color: #949ba4; font-size: 14px; display: flex;
  justify-content: space-between; border: 1px solid #5865f2; border-bottom: none;
  border-radius: 4px 4px 0 0; }
.options { width: 424px; background: #2b2d31; border: 1px solid #1e1f22;
  border-radius: 0 0 4px 4px; }
.option { padding: 8px 12px; font-size: 13px; color: #b5bac1; line-height: 1.3; }
.option b { color: #dbdee1; font-size: 14px; }
.option + .option { border-top: 1px solid #1e1f22; }
"""


# --- PNG -----------------------------------------------------------------------------------


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def screenshot(browser: str, page: Path, png: Path) -> None:
    """The page as a PNG exactly as tall as its content."""
    with tempfile.TemporaryDirectory() as profile:
        flags = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
        dom = subprocess.run(
            [*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, check=True
        ).stdout
        height = int(re.search(r'data-height="(\d+)"', dom).group(1))  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{height}",
                f"--force-device-scale-factor={SCALE}",
                f"--screenshot={png}",
                page.as_uri(),
            ],
            capture_output=True,
            check=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--html", type=Path, help="write only the HTML pages, into this folder")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    args = parser.parse_args(argv)
    browser = chromium()
    if args.html is None and browser is None:
        print(
            "pictures: Chromium not found; install it (apt-get install chromium)", file=sys.stderr
        )
        return 2
    exchanges = asyncio.run(ask_the_bot())
    with tempfile.TemporaryDirectory() as scratch:
        pages = args.html or Path(scratch)
        pages.mkdir(parents=True, exist_ok=True)
        for exchange in exchanges:
            page = pages / f"{exchange.name}.html"
            page.write_text(page_html(exchange), encoding="utf-8")
            if args.html is None:
                assert browser is not None
                args.out.mkdir(parents=True, exist_ok=True)
                screenshot(browser, page.resolve(), args.out / f"{exchange.name}.png")
                print(args.out / f"{exchange.name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
