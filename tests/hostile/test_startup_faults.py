"""`factbot run` and `sync` against a stand-in for Discord: every fault is one line and exit 2.

The stand-in (see `standin.py`) is a real HTTP and websocket server on 127.0.0.1; only
discord.py's REST base URL and gateway URL point at it. The token is never printed.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import replace

import pytest
from project_paths import ROOT
from standin import Behaviour, StandIn, free_port, point_discord_at

from bot.cli import main
from bot.discord_app import FactBot
from bot.discord_app.app import run_bot, sync_commands
from bot.exit_codes import ExitCode
from bot.settings import Settings, load_settings

TOKEN = "MTAwMDAw.standin-token.abcdefghijklmnopqrstuvwxyz0123"
MESSAGE_CONTENT_INTENT = 1 << 15

pytestmark = pytest.mark.usefixtures("root_logging")

StartStandIn = Callable[[Behaviour], StandIn]


def settings() -> Settings:
    return load_settings(ROOT / "config" / "bot.yaml", environ={})


def failure_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The last line on stderr, after checking nothing printed holds the token."""
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    assert out == ""
    return err.splitlines()[-1]


@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [
        (Behaviour(login="401"), "factbot: Discord did not accept DISCORD_TOKEN"),
        (Behaviour(login="echo"), "factbot: Discord refused the login: 403 Forbidden"),
        (Behaviour(login="html"), "factbot: Discord's answer to the login was not understood"),
        (Behaviour(gateway="4004"), "factbot: Discord did not accept DISCORD_TOKEN"),
        (Behaviour(gateway="4014"), "factbot: turn on the bot's Message Content intent"),
        (Behaviour(gateway="not_json"), "factbot: Discord's gateway sent something that is not"),
    ],
    ids=[
        "bad-token",
        "error-echoing-the-token",
        "html-page",
        "close-4004",
        "no-intent",
        "not-json",
    ],
)
def test_a_refused_start_is_one_line_and_exit_2(
    behaviour: Behaviour, expected: str, discord_standin: StartStandIn, capsys
):
    """Each fault of Discord's side ends `factbot run` with one line naming it, never the token."""
    discord_standin(behaviour)

    assert run_bot(settings(), TOKEN, login_timeout=5) == ExitCode.USAGE

    assert failure_line(capsys).startswith(expected)


def test_html_page_names_what_discord_answered(discord_standin: StartStandIn, capsys):
    """An HTML page where JSON was due is named by its status and type."""
    discord_standin(Behaviour(login="html"))

    run_bot(settings(), TOKEN, login_timeout=5)

    assert "200 OK, text/html" in failure_line(capsys)


@pytest.mark.parametrize("login", ["500", "hang"])
def test_a_login_discord_does_not_complete_times_out(
    login: str, discord_standin: StartStandIn, capsys
):
    """A server error (retried by discord.py) or no answer at all stops at the login timeout."""
    discord_standin(Behaviour(login=login))

    assert run_bot(settings(), TOKEN, login_timeout=1.5) == ExitCode.USAGE

    line = failure_line(capsys)
    assert line.startswith("factbot: Discord did not answer the login within 1.5 s")
    assert ("500 Internal Server Error" in line) == (login == "500")


def test_no_network_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys):
    """Nothing listening where Discord should be: one line saying Discord cannot be reached."""
    port = free_port()
    point_discord_at(monkeypatch, f"http://127.0.0.1:{port}/api/v10", f"ws://127.0.0.1:{port}/")

    assert run_bot(settings(), TOKEN, login_timeout=5) == ExitCode.USAGE

    assert failure_line(capsys).startswith("factbot: cannot reach Discord:")


def test_a_gateway_refusing_connections_is_one_line(
    discord_standin: StartStandIn, monkeypatch: pytest.MonkeyPatch, capsys
):
    """The login works but the gateway refuses: one line naming the gateway, not a traceback."""
    standin = discord_standin(Behaviour())
    point_discord_at(monkeypatch, standin.rest, f"ws://127.0.0.1:{free_port()}/")

    assert run_bot(settings(), TOKEN, login_timeout=5) == ExitCode.USAGE

    _out, err = capsys.readouterr()
    assert "Traceback" not in err and TOKEN not in err
    assert err.splitlines()[-1].startswith("factbot: cannot reach Discord's gateway:")


def test_sigterm_while_connected_shuts_down_cleanly(discord_standin: StartStandIn, capsys):
    """Connected and READY, the bot closes its websocket on SIGTERM and exits 0."""
    standin = discord_standin(Behaviour(on_ready=lambda: os.kill(os.getpid(), signal.SIGTERM)))

    assert run_bot(settings(), TOKEN, login_timeout=5) == ExitCode.OK

    (identify,) = standin.identified
    assert identify["token"] == TOKEN
    assert int(identify["intents"]) & MESSAGE_CONTENT_INTENT
    assert standin.closed.wait(5) and len(standin.closed_codes) == 1  # the bot hung up
    out, err = capsys.readouterr()
    assert "received SIGTERM; shutting down" in err
    assert TOKEN not in out + err


def test_sync_publishes_the_commands_and_says_how_many(discord_standin: StartStandIn, capsys):
    """`factbot sync` logs in, publishes every slash command and prints the count."""
    discord_standin(Behaviour())

    assert sync_commands(settings(), TOKEN, login_timeout=5) == ExitCode.OK

    out, _err = capsys.readouterr()
    assert out.startswith("Published 7 slash commands.")


def test_sync_never_echoes_the_token_discord_repeats(discord_standin: StartStandIn, capsys):
    """An error body that repeats `Bot <token>` is printed with the token hidden."""
    discord_standin(Behaviour(commands="echo"))

    assert sync_commands(settings(), TOKEN, login_timeout=5) == ExitCode.USAGE

    line = failure_line(capsys)
    assert line.startswith("factbot: Discord refused the commands: 400 Bad Request")
    assert "Bot [token hidden]" in line


def test_sync_calls_a_refused_login_a_login_failure(discord_standin: StartStandIn, capsys):
    """A rejected token is reported as such, not as a failure of the commands."""
    discord_standin(Behaviour(login="401"))

    assert sync_commands(settings(), TOKEN, login_timeout=5) == ExitCode.USAGE

    line = failure_line(capsys)
    assert line.startswith("factbot: Discord did not accept DISCORD_TOKEN")
    assert "commands" not in line


@pytest.mark.parametrize("token", ["abc\ndef", "abc def", "abc\x7fdef"])
@pytest.mark.parametrize("command", ["run", "sync"])
def test_a_token_with_a_line_break_is_refused_before_connecting(
    token: str, command: str, monkeypatch: pytest.MonkeyPatch, capsys
):
    """No request is made with a token that could split an HTTP header."""
    monkeypatch.setenv("DISCORD_TOKEN", token)

    assert main([command]) == ExitCode.USAGE

    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("factbot: DISCORD_TOKEN holds a space or a line break")


def test_debug_logs_hide_the_token_discord_repeats(discord_standin: StartStandIn, capsys):
    """At DEBUG the failure is logged with its traceback; the token in it is hidden."""
    discord_standin(Behaviour(login="echo"))

    assert run_bot(replace(settings(), log_level="DEBUG"), TOKEN, login_timeout=5) == 2

    out, err = capsys.readouterr()
    assert "Traceback" in err and "Bot [token hidden]" in err
    assert TOKEN not in out + err


def test_a_fault_of_our_own_during_login_is_not_blamed_on_discord(
    discord_standin: StartStandIn, monkeypatch: pytest.MonkeyPatch, capsys
):
    """A bug in the bot's own start-up (here in `setup_hook`) is named as what it is."""
    discord_standin(Behaviour())

    async def broken_setup(self: FactBot) -> None:
        raise RuntimeError("cog failed to load")

    monkeypatch.setattr(FactBot, "setup_hook", broken_setup)

    assert run_bot(settings(), TOKEN, login_timeout=5) == ExitCode.USAGE

    line = failure_line(capsys)
    assert line == "factbot: the login stopped on an unexpected RuntimeError: cog failed to load"
