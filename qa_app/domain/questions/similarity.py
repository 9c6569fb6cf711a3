"""Suggestions of similar questions, for the moderator to merge (a person confirms).

Texts are compared language by language: the original and every translation a person
verified, so a French and a Spanish question meet through their English translations.
The score is rapidfuzz's, 0 to 100: the mean of ``token_sort_ratio`` (word order does
not matter) and ``token_set_ratio`` (one text may say a little more than the other),
on lower-cased texts without punctuation.
"""

from rapidfuzz import fuzz, utils
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from qa_app.domain.access.permissions import can_suggest_merges
from qa_app.domain.changes import Actor
from qa_app.domain.errors import N_, Forbidden
from qa_app.domain.questions.unit import question_of
from qa_app.extensions import db, offload
from qa_app.models import LIVE_STATES, Event, Question

THRESHOLD = 60
LIMIT = 5

Texts = dict[str, tuple[str, str]]  # language: (kind, text); kind: original|translation


def texts_of(question: Question) -> Texts:
    texts = {t.language: ("translation", t.text) for t in question.translations if t.verified}
    texts[question.language] = ("original", question.text)
    return texts


def score(a: str, b: str) -> float:
    a, b = utils.default_process(a), utils.default_process(b)
    return (fuzz.token_sort_ratio(a, b) + fuzz.token_set_ratio(a, b)) / 2


def suggest(
    subject: Texts, candidates: dict[int, Texts], threshold=THRESHOLD, limit=LIMIT
) -> list[dict]:
    """The most similar candidates, best first, each with the texts that matched."""
    found = []
    for question_id, texts in candidates.items():
        best = max(
            ((score(subject[lang][1], texts[lang][1]), lang) for lang in subject.keys() & texts),
            default=None,
        )
        if best is None or best[0] < threshold:
            continue
        value, lang = best
        via = {"language": lang, "question": subject[lang][0], "suggestion": texts[lang][0]}
        found.append({"question_id": question_id, "score": round(value), "via": via})
    found.sort(key=lambda s: (-s["score"], s["question_id"]))
    return found[:limit]


def similar(event: Event, actor: Actor, question_id) -> list[dict]:
    """Questions of the event that may say the same as this one (read only)."""
    if not can_suggest_merges(actor.grant):
        raise Forbidden(N_("Only moderators can do that."))
    subject = question_of(event, question_id)
    others = db.session.scalars(
        select(Question)
        .where(
            Question.event_id == event.id,
            Question.state.in_(LIVE_STATES),
            Question.id != subject.id,
        )
        .options(selectinload(Question.translations))
    )
    candidates = {q.id: texts_of(q) for q in others}
    subject_texts = texts_of(subject)
    # End the read first: on SQLite every transaction holds the write lock, and askers
    # and voters must not wait for the scoring (about 10 ms for 500 questions in three
    # languages), which runs off the event loop.
    db.session.commit()
    return offload.run(suggest, subject_texts, candidates)
