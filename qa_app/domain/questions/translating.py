"""A person's translation of a text (a question or its written answer): one row per language."""

from sqlalchemy import select

from qa_app.domain import rules
from qa_app.domain.errors import N_, Invalid
from qa_app.extensions import db
from qa_app.models import utcnow


def save_translation(actor, row_model, relation, owner, languages, language, text, max_chars):
    """Clean ``language`` and ``text``, then create or replace ``owner``'s translation into it.

    ``row_model`` is the translation table (``Translation`` or ``AnswerTranslation``) and
    ``relation`` the name of its link to ``owner`` (``"question"`` or ``"answer"``, beside the
    ``<relation>_id`` column). A person's work is verified. Returns the cleaned language.
    """
    language = rules.clean_language(language, languages)
    if language == owner.language:
        raise Invalid(N_("A translation must be into another language than the original."))
    text = rules.clean_text(
        text,
        field_max=max_chars,
        required=True,
        empty_message=N_("Please write the translation."),
    )
    existing = db.session.scalar(
        select(row_model).where(
            getattr(row_model, relation + "_id") == owner.id, row_model.language == language
        )
    )
    if existing is None:
        existing = row_model(**{relation: owner}, language=language)
        db.session.add(existing)
    existing.text = text
    existing.by, existing.by_user_id = actor.public_name, actor.user_id  # never an e-mail
    existing.verified = True
    existing.updated_at = utcnow()
    return language
