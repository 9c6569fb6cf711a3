"""The language a panelist answers in: the question's own when they speak it, otherwise
their first language that the event has. Computed once, in the question payload."""

import pytest

from qa_app.domain.questions import operations as questions
from qa_app.domain.questions.payloads import answers_in, public_question, staff_question
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Panelist, Question

PANEL = [
    {"name": "Amina Diallo", "organisation": "ANAPEC", "languages_csv": "en,fr"},
    {"name": "Ana Ruiz", "organisation": "SEPE", "languages_csv": "es,en"},
    {"name": "Layla Haddad", "organisation": "WAPES", "languages_csv": "ar,en"},
    {"name": "Jonas Berg", "organisation": "EURES", "languages_csv": "sv"},
]


@pytest.fixture
def panel_event(app, make_event):
    make_event("EV1", languages=["en", "fr", "es", "ar"], premoderation=False, panelists=PANEL)
    with app.app_context():
        yield get_event("EV1")


def assigned(event, text, language, panelist_name) -> Question:
    change = questions.ask(event, "a1", text, language=language, confirm_language=True)
    question = db.session.get(Question, change.question["id"])
    question.panelist = db.session.scalar(db.select(Panelist).filter_by(name=panelist_name))
    db.session.commit()
    return question


@pytest.mark.parametrize(
    ("text", "language", "panelist", "expected"),
    [
        ("Comment les agences sont-elles contrôlées ?", "fr", "Amina Diallo", "fr"),
        ("How are the agencies audited?", "en", "Amina Diallo", "en"),
        ("¿Cómo se controlan las agencias?", "es", "Amina Diallo", "en"),  # her first
        ("How are the agencies audited?", "en", "Ana Ruiz", "en"),  # not her first, Spanish
        ("كيف تتم مراقبة الوكالات؟", "ar", "Layla Haddad", "ar"),
        ("Comment les agences sont-elles contrôlées ?", "fr", "Layla Haddad", "ar"),
        ("How are the agencies audited?", "en", "Jonas Berg", None),  # no event language
    ],
)
def test_the_question_language_when_spoken_else_the_first_event_language(
    panel_event, text, language, panelist, expected
):
    question = assigned(panel_event, text, language, panelist)
    assert answers_in(question) == expected
    staff = staff_question(question)
    assert staff["panelist"]["answers_in"] == expected
    assert public_question(staff)["panelist"]["answers_in"] == expected


def test_no_panelist_no_language(panel_event):
    change = questions.ask(panel_event, "a1", "Unassigned?", language="en", confirm_language=True)
    assert staff_question(db.session.get(Question, change.question["id"]))["panelist"] is None
