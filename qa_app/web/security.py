"""HTTP hardening: security headers on every response, the proxy in front, Secure cookies.

Pages run no inline script (the page data is JSON in ``<script type="application/json">``,
which the browser never executes), so the Content-Security-Policy allows scripts and
styles from this site only. Who may frame a page is ``QA_FRAME_ANCESTORS`` for the public
pages (the attendee page may be embedded in an organiser's site) and this site alone for
every other page. A WSGI middleware adds the headers every response needs, Socket.IO's
too, makes cookies ``Secure`` over HTTPS, and answers 413 to an oversized polling POST
instead of leaving the client waiting.
"""

import logging

from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

from qa_app.extensions import socketio

log = logging.getLogger(__name__)

# The public pages whose framing QA_FRAME_ANCESTORS decides.
PUBLIC_ENDPOINTS = frozenset({"attendee.page", "attendee.present"})
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors %s"
)
HSTS = "max-age=31536000"


def content_security_policy(frame_ancestors: str) -> str:
    return POLICY % frame_ancestors


def _frame_ancestors(app) -> str:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return app.config["FRAME_ANCESTORS"]
    return "'self'"


def _set_policy(app, response):
    ancestors = _frame_ancestors(app)
    policy = response.headers.get("Content-Security-Policy")
    if policy is None:
        response.headers["Content-Security-Policy"] = content_security_policy(ancestors)
    elif "frame-ancestors" not in policy:  # a view's own policy (the report) keeps it
        response.headers["Content-Security-Policy"] = policy + "; frame-ancestors " + ancestors
    if ancestors in ("'self'", "'none'"):  # for browsers without frame-ancestors
        response.headers.setdefault(
            "X-Frame-Options", "SAMEORIGIN" if ancestors == "'self'" else "DENY"
        )
    return response


def _secure(cookie: str) -> str:
    return cookie if "; secure" in cookie.lower() else cookie + "; Secure"


def _needs_secure(cookie: str, https: bool) -> bool:
    """Every cookie over HTTPS; and one with SameSite=None always, since browsers refuse
    SameSite=None without Secure (QA_EMBED_CROSS_SITE sets it on the app's own cookies)."""
    return https or "samesite=none" in cookie.lower().replace(" ", "")


class HeadersMiddleware:
    """WSGI middleware around everything, Socket.IO included (it answers outside Flask).

    Adds the common headers; over HTTPS (directly, or as the trusted proxy says), HSTS and
    ``Secure`` on every cookie (Flask writes the session cookie after every hook, so this
    is done here), and ``Secure`` on a ``SameSite=None`` cookie whatever the scheme; answers
    413 to a polling POST larger than the message limit.
    """

    def __init__(self, wsgi_app, max_bytes: int, path: str = "/socket.io"):
        self.wsgi_app = wsgi_app
        self.max_bytes = max_bytes
        self.path = path

    def _too_large(self, environ) -> bool:
        if environ.get("REQUEST_METHOD") != "POST":
            return False
        if not environ.get("PATH_INFO", "").startswith(self.path):
            return False
        length = environ.get("CONTENT_LENGTH") or "0"
        return not length.isdigit() or int(length) > self.max_bytes

    def __call__(self, environ, start_response):
        secure = environ.get("wsgi.url_scheme") == "https"

        def with_headers(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            headers = [
                (
                    name,
                    _secure(value)
                    if name.lower() == "set-cookie" and _needs_secure(value, secure)
                    else value,
                )
                for name, value in headers
            ]
            headers += [(k, v) for k, v in COMMON_HEADERS.items() if k.lower() not in present]
            if secure and "strict-transport-security" not in present:
                headers.append(("Strict-Transport-Security", HSTS))
            return start_response(status, headers, exc_info)

        if self._too_large(environ):
            with_headers("413 Payload Too Large", [("Content-Type", "text/plain")])
            return [b"payload too large"]
        return self.wsgi_app(environ, with_headers)


class MalformedFrames(logging.Filter):
    """A malformed Socket.IO frame (bad JSON, a bad packet type) is the client's problem:
    Engine.IO closes that connection and logs a full traceback at ERROR for each one, so
    anyone could fill the log. Here it becomes one DEBUG line."""

    # RecursionError: a frame nested thousands deep, which json cannot decode.
    CLIENT_ERRORS = (ValueError, TypeError, KeyError, IndexError, RecursionError)

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.msg != "message handler error" or not isinstance(error, self.CLIENT_ERRORS):
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        record.msg, record.args, record.exc_info = "malformed frame dropped: %r", (error,), None
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


def close_on_undecodable_frames(server) -> None:
    """A Socket.IO frame that cannot even be decoded (bad JSON, or JSON nested thousands
    deep: RecursionError) closes its connection, with one DEBUG line; Engine.IO alone
    would log a traceback and keep the connection for the next one. Frames are decoded
    once more here, before python-socketio does: a few microseconds for a vote."""
    handle = server._handle_eio_message  # what Engine.IO calls for every message

    def checked(eio_sid, data):
        if isinstance(data, str):
            try:
                server.packet_class(encoded_packet=data)
            except MalformedFrames.CLIENT_ERRORS as error:
                log.debug("undecodable frame (%s): connection closed", type(error).__name__)
                server.eio.disconnect(eio_sid)
                return None
        return handle(eio_sid, data)

    server.eio.on("message", checked)


def quiet_malformed_frames() -> None:
    engineio_log = logging.getLogger("engineio.server")
    if not any(isinstance(f, MalformedFrames) for f in engineio_log.filters):
        engineio_log.addFilter(MalformedFrames())


def init_app(app) -> None:
    """Called after Socket.IO is set up, so the middleware wraps Engine.IO too."""
    app.wsgi_app = HeadersMiddleware(app.wsgi_app, app.config["MAX_MESSAGE_BYTES"])
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Only the last N hops are believed: a client cannot forge its address or scheme.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_port=proxies)
    app.after_request(lambda response: _set_policy(app, response))
    quiet_malformed_frames()
    if socketio.server is not None:
        close_on_undecodable_frames(socketio.server)
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or 1024 * 1024
