"""The bot's web app (aiohttp, as the product card lists): eGov Mobile's API №1 and №2 today,
webhooks and health beside them. Bodies are limited to 1 MB; a path it does not know gets a
bare 404, and no answer names the server."""

from __future__ import annotations

import socket
from collections.abc import Callable

from aiohttp import web

MAX_BODY = 1024 * 1024


async def _no_server_header(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.pop("Server", None)


def web_application(*parts: Callable[[web.Application], None]) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    app.on_response_prepare.append(_no_server_header)
    for install in parts:
        install(app)
    return app


class WebServer:
    """Runs an app on host:port; port 0 picks a free one (tests), which `port` then tells."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.app = app  # more routes may be added until it starts
        self._runner = web.AppRunner(app, access_log=None)
        self._host = host
        self._port = port
        self.port = port

    async def start(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port).start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        await self._runner.cleanup()


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now: for a server whose address must be known before it starts
    (the playground's bot is told its own URL), and for tests."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
