"""The `factbot` command line: check, ask, console (offline) and run, sync (Discord).

A thin adapter: it reads files named on the command line, calls the answer builder and prints.
Answers go to stdout, everything else (problems, logs) to stderr, so `--json` stays parseable.
Exit codes: 0 done, 1 the fact sheet has problems, 2 wrong usage or settings.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .answers import answer
from .check import Checked, check_sheet
from .render import render_json, render_text
from .search import Index
from .settings import DEFAULT_CONFIG, Settings, SettingsError, load_settings

log = logging.getLogger(__name__)

EXIT_OK, EXIT_SHEET, EXIT_USAGE = 0, 1, 2
_QUIT_WORDS = {"quit", "exit", ":q"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factbot",
        description="Answers questions from a curated, verified fact sheet of news articles.",
        epilog="Examples: factbot ask '!quote Mao Ning'   factbot console   factbot check",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help=f"settings file (default: $FACTBOT_CONFIG or {_shown(DEFAULT_CONFIG)})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="verify a fact sheet and print its problems")
    check.add_argument("sheet", nargs="?", type=Path, help="fact sheet (default: from settings)")

    ask = commands.add_parser("ask", help="answer one message, e.g. '!quote Mao Ning'")
    ask.add_argument("message", help="the message as typed in the channel (prefix optional)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--sheet", type=Path, help="fact sheet (default: from settings)")

    console = commands.add_parser(
        "console", help="an interactive prompt that acts like the channel"
    )
    console.add_argument("--json", action="store_true", help="print answers as JSON")
    console.add_argument("--sheet", type=Path, help="fact sheet (default: from settings)")

    commands.add_parser("run", help="run the Discord bot (token from DISCORD_TOKEN)")
    commands.add_parser(
        "sync", help="publish the slash commands to Discord (token from DISCORD_TOKEN)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `factbot ask ... | head`: the reader left; nothing to report
        sys.stderr.close()
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    config = args.config or Path(os.environ.get("FACTBOT_CONFIG") or DEFAULT_CONFIG)
    try:
        settings = load_settings(config)
    except SettingsError as err:
        print(err, file=sys.stderr)
        return EXIT_USAGE
    if args.command in ("run", "sync"):
        return _discord(args.command, settings)
    logging.basicConfig(
        stream=sys.stderr, level=settings.log_level, format="%(levelname)s %(name)s: %(message)s"
    )
    sheet_path = getattr(args, "sheet", None) or settings.sheet
    checked = check_sheet(sheet_path, display=_shown(sheet_path))
    if args.command == "check":
        return _report(checked)
    if not checked.ok:
        _report(checked)
        return EXIT_SHEET
    assert checked.sheet is not None
    index = Index(checked.sheet, settings.matching)
    if args.command == "ask":
        _print_answer(args.message, index, settings, as_json=args.json, out=sys.stdout)
        return EXIT_OK
    return _console(index, settings, as_json=args.json)


def _report(checked: Checked) -> int:
    if checked.ok:
        sheet = checked.sheet
        assert sheet is not None
        print(
            f"ok: {len(sheet.sources)} sources, {len(sheet.people)} people, "
            f"{len(sheet.quotes)} quotes, {len(sheet.events)} events"
        )
        return EXIT_OK
    for problem in checked.problems:
        print(problem, file=sys.stderr)
    count = len(checked.problems)
    print(f"{count} problem{'s' if count != 1 else ''}; the sheet was not loaded.", file=sys.stderr)
    return EXIT_SHEET


def _print_answer(
    message: str, index: Index, settings: Settings, *, as_json: bool, out: TextIO
) -> None:
    result = answer(message, index, prefix=settings.prefix)
    print(render_json(result) if as_json else render_text(result), file=out)


def _console(index: Index, settings: Settings, *, as_json: bool) -> int:
    interactive = sys.stdin.isatty()
    if interactive:
        sheet = index.sheet
        print(
            f"factbot console — {len(sheet.quotes)} quotes, {len(sheet.events)} events. "
            f"Type {settings.prefix}help, or quit (Ctrl-D) to leave.",
            file=sys.stderr,
        )
    while True:
        try:
            line = input("factbot> " if interactive else "")
        except EOFError:
            break
        except KeyboardInterrupt:
            print(file=sys.stderr)
            break
        if line.strip().casefold() in _QUIT_WORDS:
            break
        if not line.strip():
            continue
        try:
            _print_answer(line, index, settings, as_json=as_json, out=sys.stdout)
        except Exception:  # a bug must not end the session: report it and keep answering
            log.exception("could not answer %r", line[:80])
            continue
        if not as_json:
            print()
        sys.stdout.flush()
    return EXIT_OK


def _discord(command: str, settings: Settings) -> int:
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        print(
            "factbot: DISCORD_TOKEN is not set. Put the bot's token in the environment "
            "(export DISCORD_TOKEN=...); see README, 'Run it in Discord'.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from .discord_app.app import run_bot, sync_commands  # Discord is only loaded when needed

    if command == "sync":
        return sync_commands(settings, token)
    return run_bot(settings, token)


def _shown(path: Path) -> str:
    """A path as the user would write it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # outside it, a link loop, a NUL byte
        return str(path)


if __name__ == "__main__":
    raise SystemExit(main())
