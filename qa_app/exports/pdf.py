"""The report as PDF: the HTML report laid out by WeasyPrint (needs Pango; see the README).

WeasyPrint gets the page as a string and a URL fetcher that refuses everything, so
nothing in an export can make the server fetch a file or a URL.
"""

from weasyprint import HTML

from .report import to_html
from .rows import Transcript


class FetchRefused(ValueError):
    pass


def refuse_fetch(url: str, *args, **kwargs):
    raise FetchRefused("the report loads no external resources: %s" % url[:80])


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=refuse_fetch, base_url=None).write_pdf()


def to_pdf(transcript: Transcript) -> bytes:
    return html_to_pdf(to_html(transcript))
