"""Written answers: a moderator or the assigned panelist answers in one of the event's
languages, also after the event; interpreters translate the answer at the desk."""

from qa_app.domain import rules
from qa_app.domain.errors import N_, NotFound
from qa_app.domain.questions.translating import save_translation
from qa_app.extensions import db
from qa_app.models import AnswerTranslation, Question, State, WrittenAnswer, utcnow


def write_answer(step) -> str:
    """Write (or rewrite) the public answer; a published question is now answered."""
    question, actor = step.question, step.unit.actor
    text = rules.clean_answer_text(step.fields.get("text"))
    language = rules.clean_language(step.fields.get("language"), step.unit.event.languages)
    answer = question.written_answer
    if answer is None:
        answer = WrittenAnswer(question=question, text=text, language=language)
        db.session.add(answer)
    for translation in list(answer.translations):
        if translation.language == language:
            answer.translations.remove(translation)
        elif text != answer.text:
            translation.verified = False  # it translated the previous words
    answer.text, answer.language = text, language
    answer.by, answer.by_user_id = actor.public_name, actor.user_id  # never an e-mail
    answer.written_at = utcnow()
    if step.before == State.PUBLISHED:
        question.highlighted = False
        question.answered_at = utcnow()
        question.answered_how = "written"
    return language


def translate_answer(actor, question: Question, language, text) -> str:
    """A person's translation of the written answer; returns its language."""
    answer = question.written_answer
    if answer is None:
        raise NotFound(N_("This question has no written answer yet."))
    return save_translation(
        actor,
        AnswerTranslation,
        "answer",
        answer,
        question.event.languages,
        language,
        text,
        rules.MAX_ANSWER_CHARS,
    )
