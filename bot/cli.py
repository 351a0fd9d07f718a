"""The `factbot` command line: check, ask, console, add (offline) and run, sync (Discord).

A thin adapter: it reads files named on the command line, calls the answer builder and prints.
Answers go to stdout, everything else (problems, logs) to stderr, so `--json` stays parseable.
Exit codes: 0 done, 1 the fact sheet has problems, 2 wrong usage or settings.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .adding import AddError, add_article
from .answers import answer
from .check import Checked, check_sheet
from .exit_codes import ExitCode
from .index_cache import index_for
from .render import render_json, render_pages
from .search import Index
from .settings import DEFAULT_CONFIG, Settings, SettingsError, load_settings
from .sheet import PartialDate

log = logging.getLogger(__name__)

_QUIT_WORDS = {"quit", "exit", ":q"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_MORE_WORDS = {"more", "next"}


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

    add = commands.add_parser(
        "add",
        help="copy a new article into the seeds folder and draft its entries for review",
        description="Copies ARTICLE into the seeds folder byte for byte, records its SHA-256 in "
        "the folder's SHA256SUMS, and drafts its source, new people and quotes (speakers and "
        "dates included) into the sheet, each marked `review: draft`: not served until a "
        "person checks it and deletes that line.",
    )
    add.add_argument(
        "article", type=Path, metavar="ARTICLE", help="the article's text file (UTF-8)"
    )
    add.add_argument("--outlet", required=True, help="who published it, e.g. 'NewsX'")
    add.add_argument(
        "--published", required=True, help="publication date: YYYY-MM-DD (or YYYY-MM, YYYY)"
    )
    add.add_argument("--url", help="the article's web address")
    add.add_argument("--title", help="its headline (default: the first line, if it is one)")
    add.add_argument("--sheet", type=Path, help="fact sheet (default: from settings)")

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
        return ExitCode.OK


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return ExitCode.USAGE
    config = args.config or Path(os.environ.get("FACTBOT_CONFIG") or DEFAULT_CONFIG)
    try:
        settings = load_settings(config)
    except SettingsError as err:
        print(err, file=sys.stderr)
        return ExitCode.USAGE
    if args.command in ("run", "sync"):
        return _discord(args.command, settings)
    logging.basicConfig(
        stream=sys.stderr, level=settings.log_level, format="%(levelname)s %(name)s: %(message)s"
    )
    sheet_path = getattr(args, "sheet", None) or settings.sheet
    if args.command == "add":
        return _add(args, sheet_path)
    checked = check_sheet(sheet_path, display=_shown(sheet_path))
    if args.command == "check":
        return _report(checked)
    if not checked.ok:
        _report(checked)
        return ExitCode.SHEET
    index = index_for(checked, settings.matching)
    if args.command == "ask":
        result = answer(_readable(args.message), index, prefix=settings.prefix)
        if args.json:
            print(render_json(result))
        else:  # one question, no chance to ask for more: every page, as the channel would get
            print("\n\n".join(render_pages(result, next_hint="continued below")))
        return ExitCode.OK
    return _console(index, settings, as_json=args.json)


def _report(checked: Checked) -> int:
    if checked.ok:
        sheet = checked.sheet
        assert sheet is not None
        print(
            f"ok: {len(sheet.sources)} sources, {len(sheet.people)} people, "
            f"{len(sheet.quotes)} quotes, {len(sheet.events)} events"
        )
        if checked.drafts:
            count = len(checked.drafts)
            print(
                f"{count} draft{'s' if count != 1 else ''} awaiting review, not served until "
                "a person checks each against its article and deletes its `review` line:"
            )
            for draft in checked.drafts:
                print(f"  {draft}")
        return ExitCode.OK
    for problem in checked.problems:
        print(problem, file=sys.stderr)
    count = len(checked.problems)
    print(f"{count} problem{'s' if count != 1 else ''}; the sheet was not loaded.", file=sys.stderr)
    return ExitCode.SHEET


def _add(args: argparse.Namespace, sheet_path: Path) -> int:
    published = PartialDate.parse(args.published)
    if published is None:
        print(
            f"factbot add: --published: expected YYYY-MM-DD, YYYY-MM or YYYY, "
            f"got {args.published!r}",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    try:
        added = add_article(
            sheet_path,
            args.article,
            outlet=args.outlet,
            published=published,
            url=args.url,
            title=args.title,
            display=_shown(sheet_path),
        )
    except AddError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"factbot add: {err}; nothing was changed.", file=sys.stderr)
        return ExitCode.SHEET if err.problems else ExitCode.USAGE
    draft = added.draft
    low = sum(q.review != "draft" for q in draft.quotes)
    print(f"added {_shown(added.article)} (its SHA-256 is in {_shown(added.manifest)})")
    print(f"drafted into {_shown(sheet_path)}, every entry marked `review: draft`:")
    print(f"  source {draft.source.id}: {draft.source.outlet}, {draft.source.published}")
    if draft.people:
        names = ", ".join(f"{p.name} ({p.role})" for p in draft.people)
        print(
            f"  {len(draft.people)} new {'person' if len(draft.people) == 1 else 'people'}: {names}"
        )
    print(f"  {len(draft.quotes)} quotes, {low} of them of low confidence")
    print(
        "Next: check each draft against the article, correct it, delete its `review` line; "
        "then run factbot check."
    )
    return ExitCode.OK


def _console(index: Index, settings: Settings, *, as_json: bool) -> int:
    interactive = sys.stdin.isatty()
    if isinstance(sys.stdin, io.TextIOWrapper):  # a line that is not UTF-8 must not end the session
        sys.stdin.reconfigure(errors="replace")
    pages: list[str] = []  # the pages of the last answer not shown yet, for "more"
    if interactive:
        sheet = index.sheet
        print(
            f"factbot console — {len(sheet.quotes)} quotes, {len(sheet.events)} events. "
            f"Type {settings.prefix}help, more for the next page, or quit (Ctrl-D) to leave.",
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
        word = line.strip().casefold()
        if word in _QUIT_WORDS:
            break
        if not word:
            continue
        if word in _MORE_WORDS and not as_json:
            print(pages.pop(0) if pages else "Nothing more: that was the last page.")
            print()
            sys.stdout.flush()
            continue
        try:
            result = answer(_readable(line), index, prefix=settings.prefix)
            replies = [render_json(result)] if as_json else render_pages(result)
        except Exception:  # a bug must not end the session: report it and keep answering
            log.exception("could not answer %r", line[:80])
            continue
        # printed outside the `try`: a reader who left (a closed pipe) ends the console quietly
        print(replies[0])
        pages = [] if as_json else replies[1:]
        if not as_json:
            print()
        sys.stdout.flush()
    return ExitCode.OK


def _discord(command: str, settings: Settings) -> int:
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        print(
            "factbot: DISCORD_TOKEN is not set. Put the bot's token in the environment "
            "(export DISCORD_TOKEN=...); see README, 'Run it in Discord'.",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    if any(char.isspace() or not char.isprintable() for char in token):
        print(
            "factbot: DISCORD_TOKEN holds a space or a line break; copy the bot's token again.",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    from .discord_app.app import run_bot, sync_commands  # Discord is only loaded when needed

    if command == "sync":
        return sync_commands(settings, token)
    return run_bot(settings, token)


def _readable(text: str) -> str:
    """`text` as valid Unicode: bytes that were not UTF-8 (which Python keeps as lone
    surrogates in `sys.argv`) become U+FFFD, so every answer and JSON document is valid UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def _shown(path: Path) -> str:
    """A path as the user would write it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # outside it, a link loop, a NUL byte
        return str(path)


if __name__ == "__main__":
    raise SystemExit(main())
