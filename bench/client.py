"""A lean Socket.IO client: Engine.IO v4 over one websocket, no polling, many per process.

python-socketio's ``AsyncClient`` costs several tasks and a session per connection;
a load process here carries thousands of clients, so this speaks the wire format
directly (it is small: ``0`` open, ``2``/``3`` ping/pong, ``40`` connect, ``42``
event, ``43`` ack, ``44`` refused) on ``bench.wsclient``, which offers permessage-deflate
as a browser does. Page loads and the staff sign-in stay on aiohttp's HTTP client.
"""

import asyncio
import itertools
import json
import re
import time

import aiohttp

from . import wsclient

CONNECT_TIMEOUT = 60.0  # a namespace connection the server never answers is an error
CSRF_INPUT = re.compile(r"<input[^>]*name=\"csrf_token\"[^>]*>")
INPUT_VALUE = re.compile(r"value=\"([^\"]*)\"")


class Refused(Exception):
    """The server refused the namespace connection, or the socket closed."""


class ParseCache:
    """Broadcasts reach every client of a process with the same text: parse it once."""

    def __init__(self):
        self._text = None
        self._value = None

    def loads(self, text: str):
        if text != self._text:
            self._value = json.loads(text)
            self._text = text
        return self._value


def cookie_header(response: aiohttp.ClientResponse, jar: dict) -> str:
    for name, morsel in response.cookies.items():
        jar[name] = morsel.value
    return "; ".join("%s=%s" % item for item in jar.items())


async def attendee_cookie(http: aiohttp.ClientSession, base: str, code: str) -> str:
    """Open the attendee page, as a browser would, and keep its identity cookie."""
    async with http.get("%s/e/%s" % (base, code), allow_redirects=False) as response:
        await response.read()
        if response.status != 200:
            raise Refused("GET /e/%s answered %d" % (code, response.status))
        return cookie_header(response, {})


async def staff_cookie(http: aiohttp.ClientSession, base: str, email: str, password: str) -> str:
    """Sign in through the form (GET for the CSRF token, then POST)."""
    jar: dict = {}
    async with http.get(base + "/login") as response:
        page = await response.text()
        cookie = cookie_header(response, jar)
    tag = CSRF_INPUT.search(page)
    token = INPUT_VALUE.search(tag.group(0)).group(1) if tag else ""
    form = {"email": email, "password": password, "csrf_token": token}
    async with http.post(
        base + "/login", data=form, headers={"Cookie": cookie}, allow_redirects=False
    ) as response:
        await response.read()
        if response.status != 302:
            raise Refused("login answered %d" % response.status)
        return cookie_header(response, jar)


class Client:
    """One Socket.IO connection to one namespace, over one ``bench.wsclient`` websocket."""

    def __init__(self, namespace: str, on_event, parse: ParseCache):
        self.namespace = namespace
        self._on_event = on_event  # called as on_event(client, name, data, arrival_time)
        self._parse = parse
        self._acks: dict[int, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self._auth = "{}"
        self._opened = False  # the Engine.IO open packet came
        self._joined = False  # the namespace accepted us
        self._connected: asyncio.Future | None = None
        self._closing: asyncio.Task | None = None
        self.ws: wsclient.WebSocket | None = None
        self.closed = False
        self.state: dict = {}  # whatever the scenario keeps per client

    async def connect(self, url: str, headers: dict, auth: dict, deflate: bool = True):
        """Upgrade (offering permessage-deflate unless ``deflate`` is false), then join."""
        self._auth = json.dumps(auth)
        self._connected = asyncio.get_running_loop().create_future()
        try:
            self.ws = await wsclient.connect(
                url, headers, deflate, self._on_text, self._on_close, CONNECT_TIMEOUT
            )
        except BaseException:
            self._connected.cancel()  # nobody will wait for it now
            raise
        await asyncio.wait_for(self._connected, CONNECT_TIMEOUT)

    async def call(self, event: str, payload: dict, timeout: float = 60.0):
        """Emit with an ack; returns the ack's first argument."""
        if self.closed:
            raise Refused("closed")
        ack_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        packet = json.dumps([event, payload], separators=(",", ":"))
        self.ws.send_text("42%s,%d%s" % (self.namespace, ack_id, packet))
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._acks.pop(ack_id, None)

    async def close(self) -> None:
        self.closed = True
        if self.ws is not None:
            await self.ws.close()

    def _on_text(self, ws: wsclient.WebSocket, text: str) -> None:
        # ``ws`` rather than self.ws: the open packet may come before connect() returns.
        if text == "2":
            ws.send_text("3")
            return
        if not self._opened:
            if not text.startswith("0"):
                self._refuse("no Engine.IO open packet")
                return
            self._opened = True
            ws.send_text("40%s,%s" % (self.namespace, self._auth))
            return
        if not text.startswith("4") or len(text) < 2:
            return
        ns = self.namespace
        kind, rest = text[1], text[2:]
        if rest.startswith(ns):
            rest = rest[len(ns) + 1 :]
        if kind == "2":
            now = time.monotonic()
            name, data = self._parse.loads(rest)
            self._on_event(self, name, data, now)
        elif kind == "3":
            split = rest.index("[")
            future = self._acks.get(int(rest[:split]))
            if future is not None and not future.done():
                future.set_result(json.loads(rest[split:])[0])
        elif kind == "0" and not self._connected.done():
            self._joined = True
            self._connected.set_result(True)
        elif kind == "4" and not self._connected.done():
            self._refuse(rest)
        elif kind == "1":  # the server left the namespace: hang up
            self._closing = asyncio.get_running_loop().create_task(ws.close())

    def _refuse(self, reason: str) -> None:
        # connect() raises it; whoever called connect() closes the socket.
        if not self._connected.done():
            self._connected.set_exception(Refused(reason))

    def _on_close(self, ws: wsclient.WebSocket) -> None:
        # Only a client that had joined can be disconnected; a failed join is an error.
        if self._joined and not self.closed:
            self._on_event(self, "disconnect", None, time.monotonic())
        self.closed = True
        if self._connected is not None and not self._connected.done():
            self._connected.set_exception(Refused("closed before connecting"))
        for future in self._acks.values():
            if not future.done():
                future.set_exception(Refused("closed"))
