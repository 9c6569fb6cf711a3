"""Every export format in one table: how to render it and how to send it."""

from collections.abc import Callable
from dataclasses import dataclass

from .markdown import to_markdown
from .report import to_html
from .rows import Transcript
from .tabular import to_csv, to_json


@dataclass(frozen=True)
class Format:
    mimetype: str
    render: Callable[[Transcript], str | bytes]
    inline: bool = False  # shown in the browser (the report) rather than downloaded


def _csv(transcript: Transcript) -> str:
    # The byte order mark makes spreadsheet programs read the file as UTF-8.
    return "\ufeff" + to_csv(transcript)


def _pdf(transcript: Transcript) -> bytes:
    # WeasyPrint is large: it is imported the first time a PDF is asked for.
    from .pdf import to_pdf

    return to_pdf(transcript)


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


def filename(code: str, fmt: str) -> str:
    kind = "report" if fmt in ("html", "pdf") else "transcript"
    return "%s-%s.%s" % (code, kind, fmt)
