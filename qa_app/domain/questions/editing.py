"""Changing a question's words: the moderator's ``edit`` and the asker's own edit.

The first version is kept (``original_text``, ``original_language``) and every edit's
previous text is in the history, so exports show what was asked and what was changed.
"""

from qa_app.domain import rules
from qa_app.domain.errors import N_, Invalid, NotFound
from qa_app.extensions import db
from qa_app.models import Event, Question, Topic, utcnow

EDITABLE = ("text", "topic_id", "language")


def topic_of(event: Event, topic_id) -> Topic | None:
    if topic_id is None:
        return None
    topic = db.session.get(Topic, rules.clean_id(topic_id))
    if topic is None or topic.event_id != event.id:
        raise NotFound(N_("That topic does not exist."))
    return topic


def rewrite(question: Question, text: str, language: str, by: str) -> str | None:
    """New words for a question; returns the previous text when the words changed.

    Translations of the old words are kept but no longer count as checked; one into
    the new original language is dropped (a translation is into another language).
    """
    if text == question.text and language == question.language:
        return None
    previous = question.text
    if question.original_text is None:
        question.original_text, question.original_language = question.text, question.language
    for translation in list(question.translations):
        if translation.language == language:
            question.translations.remove(translation)
        elif text != question.text:
            translation.verified = False
    question.text, question.language = text, language
    if question.edited_by != "moderator":  # the mark attendees see stays once set
        question.edited_by = by
    question.edited_at = utcnow()
    return previous


def edit(step) -> str | None:
    """Moderator: any of ``text``, ``topic_id``, ``language``; returns the old text."""
    fields, question, event = step.fields, step.question, step.unit.event
    if not any(name in fields for name in EDITABLE):
        raise Invalid(N_("Say what to change: the text, the topic or the language."))
    text = rules.clean_question_text(fields["text"]) if "text" in fields else question.text
    language = (
        rules.clean_language(fields["language"], event.languages)
        if "language" in fields
        else question.language
    )
    topic = topic_of(event, fields["topic_id"]) if "topic_id" in fields else question.topic
    question.topic = topic
    return rewrite(question, text, language, by="moderator")
