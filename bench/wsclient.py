"""A lean websocket client (RFC 6455) for thousands of connections in one load process.

One asyncio Protocol per socket parses frames in ``data_received`` and hands each text
message to a callback: no reader task per connection, and the handshake is ours, so the
bench offers permessage-deflate exactly as Chromium does (``bench/deflate.py``), inflates
what the server compresses, and compresses what it sends, unless told not to.
"""

import asyncio
import base64
import hashlib
import os
import urllib.parse
import zlib

from .deflate import OFFER, Deflater, Inflater, NegotiationError, Params, parse_response

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_MESSAGE = 16 * 2**20  # a sanity bound: the app's largest sync ack is far smaller
MAX_HANDSHAKE = 16 * 1024
CLOSE_WAIT = 5.0
# Messages this process received, compressed or not: shows that inflating was exercised.
RECEIVED = {"inflated": 0, "plain": 0}
_deflater = Deflater()  # one for the whole process (see Deflater)


class ProtocolError(ConnectionError):
    """The server broke RFC 6455 or RFC 7692, or refused the upgrade: the connection fails."""


def accept_key(key: str) -> str:
    # RFC 6455 4.2.2 fixes SHA-1 here: a handshake check, not a security measure.
    return base64.b64encode(
        hashlib.sha1(key.encode() + GUID, usedforsecurity=False).digest()
    ).decode()


def handshake_request(netloc: str, path: str, key: str, headers: dict, deflate: bool) -> bytes:
    """The upgrade request; with ``deflate``, Chromium's offer, otherwise no extension at all."""
    lines = [
        "GET %s HTTP/1.1" % path,
        "Host: %s" % netloc,
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: %s" % key,
        "Sec-WebSocket-Version: 13",
    ]
    if deflate:
        lines.append("Sec-WebSocket-Extensions: %s" % OFFER)
    lines += ["%s: %s" % item for item in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def mask(data: bytes, key: bytes) -> bytes:
    """XOR with the 4-byte key, as one big integer (far cheaper than a loop in Python)."""
    n = len(data)
    if not n:
        return data
    repeated = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(repeated, "big")).to_bytes(n, "big")


def frame(first_byte: int, payload: bytes) -> bytes:
    """A masked client frame (every client frame is masked, RFC 6455 5.3)."""
    n = len(payload)
    if n < 126:
        header = bytes((first_byte, 0x80 | n))
    elif n < 65536:
        header = bytes((first_byte, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        header = bytes((first_byte, 0x80 | 127)) + n.to_bytes(8, "big")
    key = os.urandom(4)
    return header + key + mask(payload, key)


class WebSocket(asyncio.Protocol):
    """One client connection. ``on_text(ws, text)`` gets each text message (from the first
    one on, which may come with the handshake's answer, before ``connect`` returns), and
    ``on_close(ws)`` is called once."""

    def __init__(self, request: bytes, key: str, offered: bool, on_text, on_close):
        self._request = request
        self._accept = accept_key(key)
        self._offered = offered
        self._on_text = on_text
        self._on_close = on_close
        self._buffer = bytearray()
        self._open = False
        self._message: list[bytes] | None = None  # fragments of the message being received
        self._message_text = False
        self._message_compressed = False
        self._message_size = 0
        self._inflater: Inflater | None = None
        self.transport: asyncio.Transport | None = None
        self.extensions: str | None = None  # the server's answer, verbatim
        self.deflate: Params | None = None  # None: messages go uncompressed both ways
        self.closed = False
        loop = asyncio.get_running_loop()
        self.opened = loop.create_future()
        self._lost = loop.create_future()

    # --- asyncio.Protocol ---------------------------------------------------------

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self._request)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        try:
            if self._open or self._handshake():
                self._frames()
        except (ProtocolError, NegotiationError, zlib.error, UnicodeDecodeError) as exc:
            self._fail(exc)

    def connection_lost(self, exc) -> None:
        self.closed = True
        if not self.opened.done():
            self.opened.set_exception(ProtocolError("closed during the handshake"))
        if not self._lost.done():
            self._lost.set_result(None)
        self._on_close(self)

    # --- sending --------------------------------------------------------------------

    def send_text(self, text: str) -> None:
        data = text.encode()
        first = 0x81  # FIN, text
        if self.deflate is not None and data:
            packed = _deflater.compress(data, self.deflate)
            if packed is not None:
                data, first = packed, first | 0x40  # RSV1: this message is compressed
        self.transport.write(frame(first, data))

    async def close(self) -> None:
        """Send a close frame and drop the connection (no need to wait for the server's)."""
        if self.transport is not None and not self.transport.is_closing():
            if self._open:
                self.transport.write(frame(0x88, (1000).to_bytes(2, "big")))
            self.transport.close()
        try:
            await asyncio.wait_for(asyncio.shield(self._lost), CLOSE_WAIT)
        except TimeoutError:
            self.transport.abort()

    # --- receiving ------------------------------------------------------------------

    def _handshake(self) -> bool:
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self._buffer) > MAX_HANDSHAKE:
                raise ProtocolError("no end to the handshake response")
            return False
        head = bytes(self._buffer[:end]).decode("latin-1")
        del self._buffer[: end + 4]
        status, *lines = head.split("\r\n")
        if status.split(" ")[1:2] != ["101"]:
            raise ProtocolError("upgrade refused: %s" % status)
        headers: dict[str, str] = {}
        for line in lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            headers[name] = "%s, %s" % (headers[name], value) if name in headers else value
        if headers.get("upgrade", "").lower() != "websocket":
            raise ProtocolError("no Upgrade: websocket")
        if "upgrade" not in headers.get("connection", "").lower():
            raise ProtocolError("no Connection: Upgrade")
        if headers.get("sec-websocket-accept") != self._accept:
            raise ProtocolError("wrong Sec-WebSocket-Accept")
        self.extensions = headers.get("sec-websocket-extensions")
        if self.extensions and not self._offered:
            raise NegotiationError("an extension answered to no offer: %r" % self.extensions)
        self.deflate = parse_response(self.extensions)
        if self.deflate is not None:
            self._inflater = Inflater(self.deflate)
        self._open = True
        self.opened.set_result(None)
        return True

    def _frames(self) -> None:
        buf = self._buffer
        pos, end = 0, len(buf)
        while end - pos >= 2 and not self.closed:
            first, second = buf[pos], buf[pos + 1]
            if second & 0x80:
                raise ProtocolError("a server frame was masked")
            length, head = second & 0x7F, 2
            if length == 126:
                if end - pos < 4:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 4], "big"), 4
            elif length == 127:
                if end - pos < 10:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 10], "big"), 10
            if length > MAX_MESSAGE:
                raise ProtocolError("a frame of %d bytes" % length)
            if end - pos < head + length:
                break
            payload = bytes(buf[pos + head : pos + head + length])
            pos += head + length
            self._frame(first, payload)
        del buf[:pos]

    def _frame(self, first: int, payload: bytes) -> None:
        final, rsv1, opcode = first & 0x80, first & 0x40, first & 0x0F
        if first & 0x30:
            raise ProtocolError("RSV2 or RSV3 set")
        if opcode >= 8:  # control frames may come between the fragments of a message
            if rsv1 or not final or len(payload) > 125:
                raise ProtocolError("a malformed control frame")
            self._control(opcode, payload)
            return
        if opcode == 0:
            if self._message is None:
                raise ProtocolError("a continuation frame outside a message")
            if rsv1:  # RFC 7692 6.1: only the first frame of a message carries RSV1
                raise ProtocolError("RSV1 on a continuation frame")
            self._message.append(payload)
        elif opcode in (1, 2):
            if self._message is not None:
                raise ProtocolError("a new message inside a fragmented one")
            if rsv1 and self._inflater is None:
                raise ProtocolError("RSV1 without permessage-deflate")
            self._message, self._message_size = [payload], 0
            self._message_text, self._message_compressed = opcode == 1, bool(rsv1)
        else:
            raise ProtocolError("unknown opcode %d" % opcode)
        self._message_size += len(payload)
        if self._message_size > MAX_MESSAGE:
            raise ProtocolError("a message over %d bytes" % MAX_MESSAGE)
        if final:
            data = b"".join(self._message)
            self._message = None
            if self._message_compressed:
                data = self._inflater.inflate(data)
                RECEIVED["inflated"] += 1
            else:
                RECEIVED["plain"] += 1
            if self._message_text:
                self._on_text(self, data.decode("utf-8"))

    def _control(self, opcode: int, payload: bytes) -> None:
        if opcode == 0x9:  # ping: pong with the same data
            self.transport.write(frame(0x8A, payload))
        elif opcode == 0x8:  # close: answer with the same code, then hang up
            self.transport.write(frame(0x88, payload[:2]))
            self.closed = True
            self.transport.close()
        elif opcode != 0xA:
            raise ProtocolError("unknown control opcode %d" % opcode)

    def _fail(self, exc: Exception) -> None:
        if not self.opened.done():
            self.opened.set_exception(ProtocolError(str(exc)))
        if self._open and not self.transport.is_closing():
            self.transport.write(frame(0x88, (1002).to_bytes(2, "big")))
        self.closed = True
        self.transport.close()


async def connect(url: str, headers: dict, deflate: bool, on_text, on_close, timeout: float):
    """Open ``ws://host:port/path`` and finish the upgrade; returns the WebSocket."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "ws":
        raise ValueError("only ws:// URLs: %s" % url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    key = base64.b64encode(os.urandom(16)).decode()
    request = handshake_request(parts.netloc, path, key, headers, deflate)
    loop = asyncio.get_running_loop()
    transport, ws = await asyncio.wait_for(
        loop.create_connection(
            lambda: WebSocket(request, key, deflate, on_text, on_close),
            parts.hostname,
            parts.port or 80,
        ),
        timeout,
    )
    try:
        await asyncio.wait_for(ws.opened, timeout)
    except BaseException:
        transport.abort()
        raise
    return ws
