"""The `factbot` command line: ask, console, --json, bad sheets and missing tokens."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from project_paths import FIXTURES, ROOT

from bot.cli import main


def test_ask_prints_mao_ning_with_date_and_link(capsys):
    """`factbot ask '!quote Mao Ning'` prints her words, 2025-07-04, NewsX and the link."""
    assert main(["ask", "!quote Mao Ning"]) == 0
    out = capsys.readouterr().out
    assert "China is not a party to the Ukraine issue." in out
    assert "2025-07-04" in out and "NewsX" in out
    assert (
        "https://www.newsx.com/world/china-tells-eu-it-cant-accept-russia-losing-in-ukraine-war-report-13752"
        in out
    )


def test_ask_json_unknown_person_is_no_match(capsys):
    """`factbot ask --json '!quote Biden'` is valid JSON with status no_match."""
    assert main(["ask", "--json", "!quote Biden"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "no_match" and data["results"] == []


def test_ask_json_when_no_limits_puts_2022_02_04_first(capsys):
    """`factbot ask --json '!when no limits'`: the first result is dated 2022-02-04."""
    main(["ask", "--json", "!when no limits"])
    assert json.loads(capsys.readouterr().out)["results"][0]["date"] == "2022-02-04"


def test_ask_with_broken_sheet_prints_problems_not_traceback(capsys):
    """A broken --sheet gives the check's lines on stderr and exit 1."""
    code = main(["ask", "!quote Ana Bell", "--sheet", str(FIXTURES / "broken" / "misquote.yaml")])
    captured = capsys.readouterr()
    assert code == 1
    assert "quotes[0].text: not found verbatim" in captured.err
    assert captured.out == ""


def test_ask_with_another_sheet(capsys):
    """--sheet answers from the given sheet."""
    assert main(["ask", "!quote Bell", "--sheet", str(FIXTURES / "valid.yaml")]) == 0
    assert "Talks, not tanks." in capsys.readouterr().out


def test_bad_settings_file_is_one_line_exit_2(capsys, tmp_path):
    """A settings file with a wrong value names it and exits 2."""
    config = tmp_path / "bot.yaml"
    config.write_text("prefix: '!'\npage_size: many\n", encoding="utf-8")
    assert main(["--config", str(config), "ask", "!help"]) == 2
    assert (
        "bot.yaml:2:12: page_size: expected a whole number, got 'many'" in capsys.readouterr().err
    )


def test_no_command_prints_help(capsys):
    """`factbot` alone prints usage and exits 2."""
    assert main([]) == 2
    assert "ask" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["run", "sync"])
def test_discord_commands_without_token_exit_2(command, capsys, monkeypatch):
    """`factbot run`/`sync` without DISCORD_TOKEN: one line on stderr, exit 2."""
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main([command]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "DISCORD_TOKEN is not set" in err[0]


def _run(
    command: list[str] | str, stdin: str = "", *, shell: bool = False
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        shell=shell,
    )


def _console(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "bot", "console", *args], stdin)


def test_console_answers_several_commands_then_quits():
    """The console answers line after line and stops at `quit`, ignoring what follows."""
    done = _console("!quote Mao Ning\n\n!when no limits\nsummary\nquit\n!quote Trump\n")
    assert done.returncode == 0, done.stderr
    assert "2 quotes from Mao Ning" in done.stdout
    assert "2022-02-04" in done.stdout
    assert "China's stance on the Russia–Ukraine war" in done.stdout
    assert "trump-angry" not in done.stdout


def test_console_pages_a_long_answer_with_more():
    """An answer longer than one message ends "+N more — type more"; `more` shows the next page."""
    done = _console("!when war\nmore\nmore\nmore\nmore\n")
    assert done.returncode == 0, done.stderr
    pages = done.stdout.split("\n\n**")
    assert "type more to see them" in pages[0] or "type more to see them" in done.stdout
    assert done.stdout.count("(continued)") >= 1
    assert "Nothing more: that was the last page." in done.stdout
    assert "Unknown command" not in done.stdout


def test_ask_prints_every_page_of_a_long_answer(capsys):
    """`factbot ask` has no next question: it prints every page, each within 2000 characters."""
    assert main(["ask", "!when war"]) == 0
    out = capsys.readouterr().out
    pages = out.split("\n\n**")
    assert "continued below" in out and "(continued)" in out
    assert all(len(page) <= 2000 for page in pages)


def test_console_ends_at_end_of_input_and_keeps_json_parseable():
    """Ctrl-D (end of input) ends the console; --json prints one JSON document per line asked."""
    done = _console("!quote Biden\n", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "no_match"


def test_ask_into_a_closed_pipe_is_quiet():
    """`factbot ask ... | head -1`: the reader leaving early is not an error with a traceback."""
    done = _run(f"{sys.executable} -m bot ask '!timeline' | head -1", shell=True)
    assert done.stdout.startswith("**")
    assert "Traceback" not in done.stderr


def test_console_into_a_closed_pipe_is_quiet():
    """`factbot console | head -1`: the reader leaving ends the console without a traceback."""
    done = _run(
        f"yes '!timeline' | head -50 | {sys.executable} -m bot console | head -1", shell=True
    )
    assert done.stdout.startswith("**")
    assert "Traceback" not in done.stderr and "could not answer" not in done.stderr
