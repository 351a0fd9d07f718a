"""A stand-in for Discord on 127.0.0.1: the few REST routes and the gateway handshake.

An aiohttp server (aiohttp comes with discord.py) in a thread of its own. `point_discord_at`
aims discord.py's REST base URL and gateway URL at it, and nothing else of discord.py is
replaced: the bot logs in, identifies and is told READY as by Discord, or meets the fault a
test asks for. Loopback only; no request leaves the machine.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import discord
import pytest
import yarl
from aiohttp import WSMsgType, web

APP_ID = "900000000000000001"
BOT_USER = {
    "id": "900000000000000002",
    "username": "factbot",
    "discriminator": "0",
    "global_name": None,
    "avatar": None,
    "bot": True,
    "flags": 0,
}
OWNER = {**BOT_USER, "id": "900000000000000003", "username": "olga", "bot": False}
APPLICATION = {
    "id": APP_ID,
    "name": "factbot",
    "description": "",
    "icon": None,
    "bot_public": False,
    "bot_require_code_grant": False,
    "owner": OWNER,
    "verify_key": "0" * 64,
    "flags": 0,
}


@dataclass
class Behaviour:
    """How the stand-in answers: `login` for `GET /users/@me`, `gateway` after IDENTIFY."""

    login: str = "ok"  # ok | 401 | 500 | html | hang | echo
    gateway: str = "ready"  # ready | 4004 | 4014 | not_json
    commands: str = "ok"  # ok | echo (400 repeating the Authorization header)
    on_ready: Callable[[], None] | None = None  # called in the server thread after READY


@dataclass
class StandIn:
    """The running server: its base URLs, and what the bot sent it."""

    port: int
    behaviour: Behaviour
    identified: list[dict[str, object]] = field(default_factory=list)
    closed_codes: list[int] = field(default_factory=list)
    closed: threading.Event = field(default_factory=threading.Event)

    @property
    def rest(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def point_discord_at(monkeypatch: pytest.MonkeyPatch, rest: str, gateway: str) -> None:
    """Aim discord.py's REST base URL and gateway URL at the stand-in; nothing else changes."""
    monkeypatch.setattr(discord.http.Route, "BASE", rest)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(gateway))


def _json(data: object, status: int = 200) -> web.Response:
    """JSON as Discord sends it: `application/json` without a charset (discord.py checks)."""
    return web.Response(
        body=json.dumps(data).encode(), status=status, content_type="application/json"
    )


def _echo(request: web.Request, status: int) -> web.Response:
    """An error whose body repeats the Authorization header, as a careless proxy would."""
    body = {"code": 0, "message": f"bad request from {request.headers.get('Authorization')}"}
    return _json(body, status=status)


def _app(standin: StandIn) -> web.Application:
    behaviour = standin.behaviour

    async def me(request: web.Request) -> web.StreamResponse:
        if behaviour.login == "401":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        if behaviour.login == "500":
            return web.Response(status=500, text="oops")
        if behaviour.login == "html":
            return web.Response(
                text="<html><body>maintenance</body></html>", content_type="text/html"
            )
        if behaviour.login == "hang":
            await asyncio.sleep(3600)
        if behaviour.login == "echo":
            return _echo(request, 403)
        return _json(BOT_USER)

    async def application(_request: web.Request) -> web.Response:
        return _json(APPLICATION)

    async def commands(request: web.Request) -> web.Response:
        if behaviour.commands == "echo":
            return _echo(request, 400)
        sent = await request.json()
        published = [
            {**command, "id": str(10**17 + number), "application_id": APP_ID, "version": "1"}
            for number, command in enumerate(sent)
        ]
        return _json(published)

    async def gateway(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        if behaviour.gateway == "not_json":
            await ws.send_str("<html>502 Bad Gateway</html>")
        else:
            await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45000}})
        async for message in ws:
            if message.type is not WSMsgType.TEXT:
                continue
            payload = json.loads(message.data)
            if payload.get("op") != 2:  # heartbeats and presence: nothing to answer
                if payload.get("op") == 1:
                    await ws.send_json({"op": 11})
                continue
            standin.identified.append(payload["d"])
            if behaviour.gateway in ("4004", "4014"):
                await ws.close(code=int(behaviour.gateway), message=b"refused")
                break
            ready = {
                "v": 10,
                "user": BOT_USER,
                "guilds": [],
                "session_id": "standin",
                "resume_gateway_url": standin.gateway,
                "application": {"id": APP_ID, "flags": 0},
            }
            await ws.send_json({"op": 0, "t": "READY", "s": 1, "d": ready})
            if behaviour.on_ready is not None:
                asyncio.get_running_loop().call_later(0.5, behaviour.on_ready)
        if ws.close_code is not None:
            standin.closed_codes.append(ws.close_code)
        standin.closed.set()
        return ws

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", me)
    app.router.add_get("/api/v10/oauth2/applications/@me", application)
    app.router.add_put(f"/api/v10/applications/{APP_ID}/commands", commands)
    app.router.add_get("/", gateway)
    return app


class StandInThread:
    """Runs the stand-in on its own event loop in a daemon thread, until `stop`."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.loop = asyncio.new_event_loop()
        self.behaviour = behaviour
        self.standin: StandIn | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._runner: web.AppRunner | None = None

    def start(self) -> StandIn:
        self._thread.start()
        assert self._started.wait(10), "the stand-in did not start"
        assert self.standin is not None
        return self.standin

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._serve())
        self.loop.run_forever()

    async def _serve(self) -> None:
        standin = StandIn(port=0, behaviour=self.behaviour)
        self._runner = web.AppRunner(_app(standin), access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        standin.port = int(self._runner.addresses[0][1])
        self.standin = standin
        self._started.set()

    def stop(self) -> None:
        async def cleanup() -> None:
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
