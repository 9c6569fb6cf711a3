"""The transcript as Markdown, with attendees' text escaped so it renders as typed.

Escaping, documented for readers of the raw file:
- the marks Markdown (CommonMark, and GitHub's tables and strike-through) reads as markup
  anywhere, ``\\ ` * _ { } [ ] # | ~ ^ $``, get a backslash, and so does a ``-``, ``+`` or
  ``=`` or the ``.`` or ``)`` after a number at the start of a line (lists, underlines);
  ``<``, ``>`` and ``&`` are written as ``&lt;``, ``&gt;`` and ``&amp;``, so no HTML passes;
- spaces and other blanks at the start or end of a line are written as numeric character
  references, which Markdown would otherwise drop;
- a line break inside a text is a hard line break (a backslash at the end of the line);
  blank lines at the very start or end of a text are dropped;
- control characters show as U+FFFD (see inert.py).
"""

import re

from flask_babel import format_number
from flask_babel import gettext as _

from qa_app.exports import labels
from qa_app.exports.inert import printable_transcript
from qa_app.exports.rows import Transcript
from qa_app.exports.summary import figures

# Marks that are markup wherever they stand. Others are markup only at the start of a line.
ESCAPED = frozenset("\\`*_{}[]#|~^$")
LINE_START = re.compile(r"^(?:[-+=]|\d{1,9}[.)])")
ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What a Markdown parser strips at a line's edges (JavaScript's trim(), which markdown-it
# uses, strips all of these; CommonMark itself spaces and tabs).
BLANK = frozenset(" \t\xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {
    chr(c) for c in range(0x2000, 0x200B)
}


def _char(ch: str) -> str:
    if ch in ENTITIES:
        return ENTITIES[ch]
    if ch in ESCAPED:
        return "\\" + ch
    return ch


def escape_line(line: str) -> str:
    """One line of text, inert in Markdown, its edge blanks kept as character references."""
    body = line.strip("".join(BLANK))
    start = len(line) - len(line.lstrip("".join(BLANK)))
    lead, trail = line[:start], line[start + len(body) :]
    if not body:
        lead, trail = line, ""
    escaped = "".join(_char(ch) for ch in body)
    start_mark = LINE_START.match(body)
    if start_mark:  # a list item, a setext underline or a thematic break
        end = start_mark.end()
        escaped = body[: end - 1] + "\\" + body[end - 1] + "".join(_char(ch) for ch in body[end:])
    return (
        "".join("&#x%X;" % ord(ch) for ch in lead)
        + escaped
        + "".join("&#x%X;" % ord(ch) for ch in trail)
    )


def inline(text: str | None) -> str:
    """A short value (a name, a topic) on one line: line breaks become spaces."""
    return escape_line(" ".join(LINE_BREAK.split(text or "")))


def quote(text: str, indent: str = "") -> str:
    """A text as a block quote; each line break inside it stays a line break."""
    lines = LINE_BREAK.split(text)
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return indent + ">"
    escaped = [escape_line(line) for line in lines]
    return "\n".join(
        "%s> %s%s" % (indent, line, "" if i == len(escaped) - 1 else "\\")
        for i, line in enumerate(escaped)
    )


def _item(label: str, value: str) -> str:
    return "- **%s** %s" % (inline(labels.with_colon(label)), value)


def _header(transcript: Transcript) -> list[str]:
    event = transcript.event
    panel = labels.semicolon().join(
        inline(p["name"] + (" (%s)" % p["organisation"] if p["organisation"] else ""))
        for p in event["panelists"]
    )
    lines = [
        "# %s" % inline(_("Transcript: %(title)s", title=event["title"])),
        "",
        _item(_("Event code"), inline(event["code"])),
        _item(_("Starts"), inline(labels.local_time(event["starts_at"], event["timezone"]))),
        _item(_("Time zone"), inline(event["timezone"])),
        _item(_("Panel"), panel or "—"),
        _item(_("Order"), inline(str(labels.ORDER_LABELS[transcript.options.order]))),
    ]
    if transcript.options.anonymous:
        lines.append(_item(_("Askers' names"), inline(_("left out"))))
    lines += ["", "## %s" % inline(_("Summary")), ""]
    numbers = figures(transcript)
    for label, value in (
        (_("Questions asked"), numbers.asked),
        (_("Published"), numbers.published),
        (_("Answered"), numbers.answered),
        (_("Dismissed"), numbers.dismissed),
        (_("Attendees who asked or voted"), numbers.participants),
        (_("Votes cast"), numbers.votes),
    ):
        lines.append(_item(label, inline(format_number(value))))
    return lines


def _written_answer(answer: dict | None) -> list[str]:
    if not answer:
        return []
    heading = _(
        "Written answer in %(language)s, by %(name)s",
        language=labels.language_name(answer["language"]),
        name=answer["by"],
    )
    lines = ["", "**%s**" % inline(heading), "", quote(answer["text"]), ""]
    for t in answer["translations"]:
        heading = _(
            "%(language)s, by %(name)s (%(verified)s)",
            language=labels.language_name(t["language"]),
            name=t["by"],
            verified=labels.verified_label(t["verified"]),
        )
        lines += ["- %s" % inline(heading), "", quote(t["text"], "  "), ""]
    return lines


def _question(row: dict, event: dict, reader: str) -> list[str]:
    zone = event["timezone"]
    title = _("Question %(id)s", id=row["id"]) + " · " + labels.state_label(row["state"])
    lines = ["", "### %s" % inline(title), "", quote(row["text"]), ""]
    translation = labels.reader_translation(row, reader)
    if translation:
        lines += [
            "*%s*"
            % inline(
                _(
                    "%(language)s, by %(name)s (%(verified)s)",
                    language=labels.language_name(reader),
                    name=translation["by"],
                    verified=labels.verified_label(translation["verified"]),
                )
            ),
            "",
            quote(translation["text"]),
            "",
        ]
    lines += [
        _item(_("Asked at"), inline(labels.both_times(row["asked_at_utc"], zone))),
        _item(_("Language"), inline(labels.language_name(row["language"]))),
        _item(_("Asked by"), inline(labels.asker(row["name"]))),
        _item(_("Votes"), inline(format_number(row["votes"]))),
        _item(_("State"), inline(labels.state_label(row["state"]))),
        _item(_("Topic"), inline(row["topic"]) or "—"),
        _item(_("Panelist"), inline(row["panelist"]) or "—"),
        _item(_("Highlighted at"), inline(labels.both_times(row["highlighted_at"], zone)) or "—"),
        _item(_("Answered at"), inline(labels.both_times(row["answered_at"], zone)) or "—"),
    ]
    if row["outcome"]:
        lines.append(_item(_("Outcome"), inline(labels.outcome_label(row["outcome"]))))
    if row["dismiss_reason_code"]:
        lines.append(
            _item(_("Listed reason"), inline(labels.reason_label(row["dismiss_reason_code"])))
        )
    if row["merged"]:
        merged = ", ".join("#%d" % i for i in row["merged"])
        lines.append(_item(_("Merged questions"), inline(merged)))
    if row["merged_into"]:
        lines.append(_item(_("Merged into"), inline("#%d" % row["merged_into"])))
    for label, text in (
        (_("Text before edits"), row["original_text"]),
        (_("Answer note"), row["answer_note"]),
        (_("Dismissal reason"), row["dismiss_reason"]),
    ):
        if text:
            lines += [_item(label, ""), "", quote(text, "  "), ""]
    lines += _written_answer(row["written_answer"])
    if row["translations"]:
        lines += ["", "**%s**" % inline(_("Translations")), ""]
        for t in row["translations"]:
            heading = _(
                "%(language)s, by %(name)s (%(verified)s)",
                language=labels.language_name(t["language"]),
                name=t["by"],
                verified=labels.verified_label(t["verified"]),
            )
            lines += ["- %s" % inline(heading), "", quote(t["text"], "  "), ""]
    lines += ["", "**%s**" % inline(_("History")), ""]
    for n, change in enumerate(row["history"], start=1):
        parts = [
            labels.local_time(change["at"], zone),
            labels.action_label(change["action"]),
            labels.state_label(change["to"]),
            change["by"] if change["by"] != "attendee" else _("the asker"),
            labels.history_detail(change),
        ]
        lines.append("%d. %s" % (n, " · ".join(inline(part) for part in parts if part)))
    return lines


def to_markdown(transcript: Transcript) -> str:
    transcript = printable_transcript(transcript)
    lines = _header(transcript)
    lines += ["", "## %s" % inline(_("Questions"))]
    if not transcript.rows:
        lines += ["", inline(_("No questions."))]
    for row in transcript.rows:
        lines += _question(row, transcript.event, transcript.options.reader)
    return "\n".join(lines).rstrip() + "\n"
