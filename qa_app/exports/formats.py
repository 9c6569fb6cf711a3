"""Every export format in one table: how to render it and how to send it."""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from qa_app.exports.filters import ExportOptions
from qa_app.exports.markdown import to_markdown
from qa_app.exports.pdf import html_to_pdf
from qa_app.exports.report import to_html
from qa_app.exports.rows import Transcript, load_transcript
from qa_app.exports.tabular import to_csv, to_json
from qa_app.extensions import db
from qa_app.models import Event


@dataclass(frozen=True)
class Format:
    mimetype: str
    render: Callable[[Transcript], str | bytes]
    inline: bool = False  # shown in the browser (the report) rather than downloaded


def _csv(transcript: Transcript) -> str:
    # The byte order mark makes spreadsheet programs read the file as UTF-8.
    return "\ufeff" + to_csv(transcript)


def _pdf(transcript: Transcript) -> bytes:
    return html_to_pdf(to_html(transcript))


FORMATS = {
    "csv": Format("text/csv; charset=utf-8", _csv),
    "json": Format("application/json", to_json),
    "md": Format("text/markdown; charset=utf-8", to_markdown),
    "html": Format("text/html; charset=utf-8", to_html, inline=True),
    "pdf": Format("application/pdf", _pdf, inline=True),
}


def render(fmt: str, transcript: Transcript) -> bytes:
    output = FORMATS[fmt].render(transcript)
    return output if isinstance(output, bytes) else output.encode("utf-8")


class RecentPDFs:
    """The last few PDFs, keyed by the event's change counter and the options.

    A PDF takes seconds of CPU (a 200-question report: about 4 s), and after an event
    the same report is downloaded again and again. Any change to the event bumps its
    ``seq``, so a cached PDF is never stale.
    """

    def __init__(self, size: int = 8):
        self.size, self._items, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return None

    def put(self, key, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


RECENT_PDFS = RecentPDFs()


def export(event: Event, fmt: str, options: ExportOptions) -> bytes:
    """Load the transcript and render it; call inside ``force_locale(options.reader)``.

    The transaction is over when this returns, and ``event`` is expired.
    """
    # id and created_at tell apart events in a database that was recreated.
    key = (event.id, event.created_at, event.seq, options)
    if fmt == "pdf" and (cached := RECENT_PDFS.get(key)) is not None:
        return cached
    transcript = load_transcript(event, options)
    # End the read before the slow part: on SQLite every transaction holds the write
    # lock (database.py), and a report takes seconds to lay out while votes keep coming.
    db.session.commit()
    body = render(fmt, transcript)
    if fmt == "pdf":
        RECENT_PDFS.put(key, body)
    return body


def filename(code: str, fmt: str) -> str:
    kind = "report" if fmt in ("html", "pdf") else "transcript"
    return "%s-%s.%s" % (code, kind, fmt)
