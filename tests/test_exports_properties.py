"""Arbitrary Unicode through every format, read back with a real parser.

What attendees type must come back exactly as typed (CSV: behind a leading apostrophe when
it would start a formula), modulo the documented escaping: in Markdown, HTML and PDF control
characters show as U+FFFD (inert.py); in Markdown a line break is a hard break, blank lines
at the very start or end drop and short values keep to one line (markdown.py).
"""

import csv
import io
import json
import re

import pypdf
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from qa_app.exports.filters import ExportOptions
from qa_app.exports.inert import printable
from qa_app.exports.markdown import LINE_BREAK, to_markdown
from qa_app.exports.pdf import layout
from qa_app.exports.report import to_html
from qa_app.exports.rows import Transcript
from qa_app.exports.tabular import FORMULA_TRIGGERS, neutralise, to_csv, to_json
from tests import export_fixture as fx
from tests.hypothesis_profile import EXAMPLE_DEADLINE

SETTINGS = settings(
    max_examples=60,
    deadline=EXAMPLE_DEADLINE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any code point but lone surrogates, which no UTF-8 request or database can carry, mixed
# with the pieces of markup, formulas and line structure that escaping has to defeat.
MARKUP = [
    "*", "**", "_", "__", "`", "```", "~~", "<", ">", "&", "&amp;", "&#42;", "#", "[", "]",
    "(", ")", "![", "](", "\\", "\n", "\r\n", "\r", " ", "  ", "\t", "    ", "-", "+",
    "1.", "2)", "=", "===", "---", "|", ":", "http://x.example", "<script>", "</p>", "<b>",
    "\x00", "\x1b[31m", "\u2028", "\xa0", "\ufeff", "=SUM(A1)", "@x", "\uff1d",
]  # fmt: skip
ANY_TEXT = st.lists(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(MARKUP)),
    min_size=1,
    max_size=40,
).map("".join)
EVENT = {
    "code": "PROP",
    "title": "Property event",
    "starts_at": "2030-01-01T12:00:00Z",
    "timezone": "Europe/Zurich",
    "duration_minutes": 60,
    "languages": ["en", "fr"],
    "premoderation": False,
    "accepting": True,
    "topics": [{"id": 1, "title": "Topic"}],
    "panelists": [{"id": 1, "name": "Panelist", "organisation": "", "languages": ["en"]}],
}


def one_question(
    text, name="Someone", note="A note", reason="A reason", translation="Une"
) -> Transcript:
    at = "2030-01-01T12:10:00Z"
    row = {
        "id": 7,
        "asked_at_utc": at,
        "asked_at_local": "2030-01-01T13:10:00+01:00",
        "language": "en",
        "text": text,
        "translations": [{"language": "fr", "text": translation, "by": name, "verified": True}],
        "name": name,
        "votes": 2,
        "state": "answered",
        "was_published": True,
        "topic_id": 1,
        "topic": "Topic",
        "panelist_id": 1,
        "panelist": "Panelist",
        "highlighted_at": None,
        "answered_at": at,
        "answer_note": note,
        "dismiss_reason": reason,
        "dismiss_reason_code": "off_topic",
        "original_text": text,
        "original_language": "en",
        "edited_by": "moderator",
        "outcome": "written",
        "written_answer": {"text": note, "language": "en", "by": name, "at": at,
                           "translations": [{"language": "fr", "text": translation,
                                             "by": name, "verified": True}]},
        "merged_into": None,
        "merged": [8],
        "history": [
            {"action": "ask", "from": None, "to": "published", "by": "attendee", "reason": None,
             "at": at},
            {"action": "note", "from": "answered", "to": "answered", "by": "m@x.org",
             "reason": note, "at": at},
        ],
    }  # fmt: skip
    return Transcript(event=EVENT, rows=[row], options=ExportOptions(reader="fr"))


@SETTINGS
@given(text=ANY_TEXT, name=ANY_TEXT, note=ANY_TEXT, translation=ANY_TEXT)
def test_csv_reads_back_every_text_and_never_starts_a_formula(app, text, name, note, translation):
    with app.test_request_context(), force_locale("en"):
        output = to_csv(one_question(text, name=name, note=note, translation=translation))
    header, row = list(csv.reader(io.StringIO(output, newline="")))
    cells = dict(zip(header, row, strict=True))
    assert cells["Question"] == neutralise(text)
    assert cells["Asked by"] == neutralise(name)
    assert cells["Answer note"] == neutralise(note)
    assert cells["Translation: French"] == neutralise(translation)
    assert cells["Translated by: French"] == neutralise(name)
    assert not [cell for cell in row if cell.startswith(FORMULA_TRIGGERS)]
    for original, cell in ((text, cells["Question"]), (name, cells["Asked by"])):
        assert cell == original or (cell == "'" + original and original[0] in "".join(
            FORMULA_TRIGGERS
        ))  # fmt: skip


@SETTINGS
@given(text=ANY_TEXT, name=ANY_TEXT, note=ANY_TEXT)
def test_json_reads_back_exactly(app, text, name, note):
    with app.test_request_context(), force_locale("en"):
        data = json.loads(to_json(one_question(text, name=name, note=note)))
    row = data["questions"][0]
    assert (row["text"], row["name"], row["answer_note"]) == (text, name, note)
    assert row["translations"][0]["by"] == name


def markdown_expected(text: str) -> str:
    lines = LINE_BREAK.split(printable(text).replace("\x00", "\ufffd"))
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _plain(inline) -> str:
    return "".join(
        "\n" if child.type == "hardbreak" else child.content
        for child in inline.children
        if child.type in ("text", "hardbreak", "softbreak")
    )


@SETTINGS
@given(text=ANY_TEXT, name=ANY_TEXT, note=ANY_TEXT, translation=ANY_TEXT)
def test_markdown_shows_every_text_as_typed(app, text, name, note, translation):
    with app.test_request_context(), force_locale("en"):
        output = to_markdown(one_question(text, name=name, note=note, translation=translation))
    tokens = MarkdownIt("commonmark").parse(output)
    assert not [t for t in tokens if t.type.startswith(("html", "code", "fence", "hr", "table"))]
    inline = [child for t in tokens if t.type == "inline" for child in t.children]
    assert not [t for t in inline if not t.type.startswith(("text", "hardbreak", "softbreak",
                                                            "strong", "em"))]  # fmt: skip
    # Our own bold labels are the only emphasis.
    assert all(t.markup == "**" for t in inline if t.type.startswith("strong"))
    quotes, depth = [], 0
    for token in tokens:
        depth += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if depth and token.type == "inline":
            quotes.append(_plain(token))
    # The question, the reader's translation, the text before edits, the note and the reason,
    # the written answer and its translation, then every translation.
    expected = [
        markdown_expected(t)
        for t in (text, translation, text, note, "A reason", note, translation, translation)
    ]
    assert quotes == [e for e in expected if e]
    items = [_plain(t) for t in tokens if t.type == "inline"]
    one_line_name = " ".join(LINE_BREAK.split(printable(name).replace("\x00", "\ufffd")))
    assert "Asked by: " + one_line_name in items


@SETTINGS
@given(text=ANY_TEXT, name=ANY_TEXT, note=ANY_TEXT, translation=ANY_TEXT)
def test_html_report_shows_every_text_as_typed(app, text, name, note, translation):
    with app.test_request_context(), force_locale("fr"):
        output = to_html(one_question(text, name=name, note=note, translation=translation))
    page = fx.parse_html(output)  # fails on any unbalanced tag the text could have opened
    assert not page.find_all("script")
    tags = {node.tag for node in page.walk()}
    assert tags <= fx.REPORT_TAGS, tags - fx.REPORT_TAGS
    for field, value in (
        ("text", text),
        ("reader-translation", translation),
        ("translation", translation),
        ("note", note),
        ("name", name),
        ("original-text", text),
        ("answer-translation", translation),
    ):
        found = page.find_all(data_field=field)
        assert found, field
        for node in found:
            assert node.text() == printable(value)


PRINTABLE = st.text(
    st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        "éèàçñüößøåÉÀÑ¿¡«»€£"
        "αβγδεζηθλμπσωΩ"
        "абвгдежзийклмнопрстуфхцчшщыэюяЖ"
        "<>&*_#[]()`~|\\/\"'=+-@%!?.,;:{}^$"
    ),
    min_size=3,
    max_size=60,
)


def squeeze(value: str) -> str:
    return re.sub(r"\s+", "", value)


# A PDF is laid out by WeasyPrint in a child process: seconds per example on a busy machine.
@settings(max_examples=8, deadline=EXAMPLE_DEADLINE * 12, suppress_health_check=list(HealthCheck))
@given(text=PRINTABLE)
def test_pdf_text_reads_back(app, text):
    with app.test_request_context(), force_locale("en"):
        data = layout(to_html(one_question("[[" + text + "]]", note="Note " + text)))
    extracted = squeeze(
        "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    )
    assert squeeze("[[" + text + "]]") in extracted
    assert squeeze("Note " + text) in extracted
