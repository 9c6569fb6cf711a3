"""Room broadcasts framed once and written straight to each idle WebSocket of this worker.

python-socketio sends a room message by putting one packet in each socket's queue; each
socket's writer greenlet then wakes, encodes and frames it, and writes it (about 30 µs of
CPU per socket). Here the message is encoded and framed once, and written at once to
every socket of the room on this worker that is idle:
- upgraded to eventlet's WebSocket (not long-polling, not upgrading), not compressing;
- nothing in its queue, and its writer holding no packet it took from the queue;
- its send lock free, and its kernel buffer taking the frame without waiting.
Every other socket gets the packet through its queue, as python-socketio would send it.
A socket's messages therefore leave in the order they were emitted: a direct write only
happens when nothing emitted earlier is still on its way through the queue, and once the
first byte of a frame is written the rest follows under the socket's own send lock.

Only this module knows python-engineio's and eventlet's internals (tested against the
pinned versions in tests/test_direct_delivery.py), and it imports neither eventlet nor
anything that does: wsgi.py names eventlet's WebSocket class. Under other async modes no
socket is eligible and everything goes through the queues.
"""

import contextlib

import engineio.packet
import engineio.socket
import socketio.packet

BATCH = 500  # sockets written between two yields to other work (questions go first)
# The WebSocket class whose frames this module writes itself: eventlet's RFC 6455 one,
# named by wsgi.py (the only module that imports eventlet). None: every packet is queued.
_websocket_class = None
_installed = False


def use_websocket_class(websocket_class) -> None:
    """Called by wsgi.py under eventlet: ``eventlet.websocket.RFC6455WebSocket``."""
    global _websocket_class
    _websocket_class = websocket_class


def install() -> None:
    """Teach engine.io sockets to tell whether they are idle (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    handler = engineio.socket.Socket._websocket_handler
    poll = engineio.socket.Socket.poll

    def websocket_handler(self, ws):
        if _websocket_class is not None and isinstance(ws, _websocket_class):
            self.qa_websocket = ws
        try:
            return handler(self, ws)
        finally:
            self.qa_websocket = None

    def tracked_poll(self):
        # The writer calls poll() again only once every packet it took was written.
        self.qa_writer_holds = False
        packets = poll(self)
        self.qa_writer_holds = bool(packets)
        return packets

    engineio.socket.Socket._websocket_handler = websocket_handler
    engineio.socket.Socket.poll = tracked_poll


def refuse_compression(app) -> None:
    """Answer every WebSocket without ``permessage-deflate``, whatever the client offers.

    Browsers offer it on every WebSocket, and eventlet accepts it: each socket then keeps
    a zlib stream of its own (about 150 KB more server memory per socket, measured in
    docs/performance.md), and every message is compressed once per socket, so no frame
    can be shared. The messages here are small JSON; refusing costs little bandwidth and
    lets one frame serve a whole room. A client that offered it reads plain frames.
    """
    inner = app.wsgi_app

    def without_deflate(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return inner(environ, start_response)

    app.wsgi_app = without_deflate


def _idle_websocket(eio_socket):
    ws = getattr(eio_socket, "qa_websocket", None)
    if (
        ws is None
        or eio_socket.closed
        or eio_socket.upgrading
        or not eio_socket.upgraded
        or getattr(eio_socket, "qa_writer_holds", True)
        or eio_socket.queue.qsize()
        or ws._get_permessage_deflate_enc() is not None
    ):
        return None
    return ws


def _write_now(ws, frame: bytes) -> bool:
    """Write the frame if the socket takes it without waiting; False: nothing was written."""
    if not ws._sendlock.acquire(blocking=False):
        return False
    try:
        try:
            sent = ws.socket.fd.send(frame)  # the real, non-blocking socket
        except BlockingIOError:
            return False
        except OSError:
            return True  # the connection is gone; its reader will close the socket
        if sent < len(frame):
            with contextlib.suppress(OSError):
                ws.socket.sendall(frame[sent:])  # a frame is never left half-written
        return True
    finally:
        ws._sendlock.release()


class Stats:
    """Deliveries by path, for /metrics and the benchmark."""

    def __init__(self):
        self.direct = 0
        self.queued = 0


STATS = Stats()


def emit(server, event: str, data, namespace: str, room: str, pause=None) -> int:
    """Send ``event`` with ``data`` to the room's sockets on this worker; returns how many.

    ``server`` is the python-socketio server; ``pause()`` (socketio.sleep(0)) lets other
    work run every BATCH sockets.
    """
    encoded = socketio.packet.Packet(
        socketio.packet.EVENT, namespace=namespace, data=[event, data]
    ).encode()
    eio_packet = engineio.packet.Packet(engineio.packet.MESSAGE, encoded)
    text = eio_packet.encode()
    frame = None
    if namespace not in server.manager.rooms:
        return 0
    sockets = server.eio.sockets
    reached = 0
    for _sid, eio_sid in list(server.manager.get_participants(namespace, room)):
        eio_socket = sockets.get(eio_sid)
        ws = _idle_websocket(eio_socket) if eio_socket is not None else None
        if ws is not None:
            if frame is None:
                frame = ws._pack_message(text)
            if _write_now(ws, frame):
                STATS.direct += 1
                reached += 1
                _pause_every(reached, pause)
                continue
        server._send_eio_packet(eio_sid, eio_packet)  # the queue, as python-socketio sends
        STATS.queued += 1
        reached += 1
        _pause_every(reached, pause)
    if pause is not None and reached % BATCH:
        pause()  # after the last, partial batch too: its queued packets' writers run
    return reached


def _pause_every(reached: int, pause) -> None:
    if pause is not None and reached % BATCH == 0:
        pause()
