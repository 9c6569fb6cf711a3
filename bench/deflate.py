"""permessage-deflate (RFC 7692) as a browser's websocket speaks it, for the bench's clients.

Chromium offers ``permessage-deflate; client_max_window_bits`` on every websocket. Whatever
the server answers sets what each side may do: ``server_no_context_takeover`` (each server
message stands alone, so the client need not keep an inflater between messages),
``server_max_window_bits`` (a smaller window, so a smaller inflater), and
``client_max_window_bits=N`` (the window the client may compress with).
"""

import zlib
from dataclasses import dataclass

EXTENSION = "permessage-deflate"
OFFER = "permessage-deflate; client_max_window_bits"  # byte for byte what Chromium sends
TAIL = b"\x00\x00\xff\xff"  # stripped by the sender, put back by the receiver (7.2.2)


class NegotiationError(ValueError):
    """The server's answer is not one a browser would accept: the connection fails."""


@dataclass(frozen=True)
class Params:
    """What the server's answer allows; ``None`` window bits means 15, the default."""

    server_no_context_takeover: bool = False
    client_no_context_takeover: bool = False
    server_max_window_bits: int | None = None
    client_max_window_bits: int | None = None


def _window_bits(name: str, value: str | None) -> int:
    # In an answer both window parameters need a value (7.1.2.1, 7.1.2.2).
    if value is None or not value.isdigit() or not 8 <= int(value) <= 15:
        raise NegotiationError("%s needs a value from 8 to 15, got %r" % (name, value))
    return int(value)


def parse_response(header: str | None) -> Params | None:
    """The server's ``Sec-WebSocket-Extensions`` answer to OFFER, strictly as Chromium reads it.

    None when the server declined (no header). Anything we did not offer, a parameter twice,
    or a malformed value raises NegotiationError.
    """
    if header is None or not header.strip():
        return None
    extensions = [part.strip() for part in header.split(",")]
    if len(extensions) != 1:
        raise NegotiationError("more than one extension accepted: %r" % header)
    name, *params = [item.strip() for item in extensions[0].split(";")]
    if name.lower() != EXTENSION:
        raise NegotiationError("an extension that was not offered: %r" % name)
    found: dict = {}
    for param in params:
        key, equals, value = param.partition("=")
        key = key.strip().lower()
        value = value.strip().strip('"') if equals else None
        if key in found:
            raise NegotiationError("%s given twice" % key)
        if key in ("server_no_context_takeover", "client_no_context_takeover"):
            if value is not None:
                raise NegotiationError("%s takes no value" % key)
            found[key] = True
        elif key in ("server_max_window_bits", "client_max_window_bits"):
            found[key] = _window_bits(key, value)
        else:
            raise NegotiationError("unknown parameter %r" % key)
    return Params(**found)


class Inflater:
    """Inflates one socket's compressed messages, keeping context only when the server does."""

    def __init__(self, params: Params):
        # zlib cannot make a raw 8-bit window (it uses 9), so a server that announced 8 may
        # still refer 512 bytes back: a larger inflate window is always safe.
        self.window_bits = max(9, params.server_max_window_bits or 15)
        self.keeps_context = not params.server_no_context_takeover
        self._stream = None

    def inflate(self, data: bytes) -> bytes:
        """One whole message's payload (every fragment joined), as the server compressed it."""
        stream = self._stream or zlib.decompressobj(-self.window_bits)
        text = stream.decompress(data + TAIL)
        # With context takeover, the next message may refer to this one: keep the stream.
        # Without it, dropping the stream frees its window (32 KB) between messages. A
        # message may also end the deflate stream (BFINAL): the next then starts afresh.
        self._stream = stream if self.keeps_context and not stream.eof else None
        return text


class Deflater:
    """Compresses what clients send, as Chromium does once the server accepted the extension.

    One compressor serves every client of a load process: a full flush after each message
    resets its history, so each message stands alone and any server can inflate it, with or
    without context takeover. A compressor per client (256 KB each) would not fit thousands.
    """

    def __init__(self):
        self._by_bits: dict[int, object] = {}

    def compress(self, data: bytes, params: Params) -> bytes | None:
        """The message's deflated payload, or None to send it uncompressed (zlib cannot
        honour an 8-bit window, and RFC 7692 lets any message go uncompressed)."""
        bits = params.client_max_window_bits or 15
        if bits < 9:
            return None
        compressor = self._by_bits.get(bits)
        if compressor is None:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -bits)
            self._by_bits[bits] = compressor
        out = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
        return out[:-4] if out.endswith(TAIL) else out
