"""The rules of the Q&A on plain values: no app, no database."""

import pytest

from qa_app.domain import rules
from qa_app.domain.errors import Conflict, DomainError, Invalid
from qa_app.models import State

STATES = list(State)

# (action, state, highlighted) -> state afterwards; every combination not listed is refused.
ALLOWED = {
    ("approve", State.PENDING, False): State.PUBLISHED,
    ("dismiss", State.PENDING, False): State.DISMISSED,
    ("dismiss", State.PUBLISHED, False): State.DISMISSED,
    ("dismiss", State.PUBLISHED, True): State.DISMISSED,
    ("restore", State.DISMISSED, False): State.PUBLISHED,
    ("highlight", State.PENDING, False): State.PUBLISHED,
    ("highlight", State.PUBLISHED, False): State.PUBLISHED,
    ("unhighlight", State.PUBLISHED, True): State.PUBLISHED,
    ("answer", State.PUBLISHED, False): State.ANSWERED,
    ("answer", State.PUBLISHED, True): State.ANSWERED,
    ("reopen", State.ANSWERED, False): State.PUBLISHED,
    ("assign", State.PENDING, False): State.PENDING,
    ("assign", State.PUBLISHED, False): State.PUBLISHED,
    ("assign", State.PUBLISHED, True): State.PUBLISHED,
    ("assign", State.ANSWERED, False): State.ANSWERED,
    ("note", State.PENDING, False): State.PENDING,
    ("note", State.PUBLISHED, False): State.PUBLISHED,
    ("note", State.PUBLISHED, True): State.PUBLISHED,
    ("note", State.ANSWERED, False): State.ANSWERED,
    ("note", State.DISMISSED, False): State.DISMISSED,
    ("note", State.WITHDRAWN, False): State.WITHDRAWN,
    ("note", State.MERGED, False): State.MERGED,
    # Issue 9: the moderator's toolkit.
    ("edit", State.PENDING, False): State.PENDING,
    ("edit", State.PUBLISHED, False): State.PUBLISHED,
    ("edit", State.PUBLISHED, True): State.PUBLISHED,
    ("edit", State.ANSWERED, False): State.ANSWERED,
    ("merge", State.PENDING, False): State.MERGED,
    ("merge", State.PUBLISHED, False): State.MERGED,
    ("merge", State.PUBLISHED, True): State.MERGED,
    ("unmerge", State.MERGED, False): State.MERGED,  # then back as before (merging.py)
    ("write_answer", State.PUBLISHED, False): State.ANSWERED,
    ("write_answer", State.PUBLISHED, True): State.ANSWERED,
    ("write_answer", State.ANSWERED, False): State.ANSWERED,
    ("queue", State.PUBLISHED, False): State.PUBLISHED,
    ("flag", State.PENDING, False): State.PENDING,
    ("flag", State.PUBLISHED, False): State.PUBLISHED,
    ("flag", State.PUBLISHED, True): State.PUBLISHED,
}
# What an asker may do to their own question.
ASKER_ALLOWED = {
    ("edit", State.PENDING): State.PENDING,
    ("withdraw", State.PENDING): State.WITHDRAWN,
    ("withdraw", State.PUBLISHED): State.WITHDRAWN,
}
# Only a published question can be on screen.
REACHABLE = [(s, False) for s in STATES] + [(State.PUBLISHED, True)]
EVERY_CASE = [(a, s, h) for a in rules.ACTIONS for s, h in REACHABLE]


def test_the_action_list_is_the_protocols_plus_note():
    assert set(rules.ACTIONS) == {
        "approve",
        "dismiss",
        "restore",
        "highlight",
        "unhighlight",
        "answer",
        "reopen",
        "assign",
        "note",
        "edit",
        "merge",
        "unmerge",
        "write_answer",
        "queue",
        "flag",
    }
    assert set(rules.TRANSITIONS) == set(rules.ACTIONS)


def test_every_action_has_its_verb_in_one_table():
    from qa_app.domain.questions.moderation import VERBS

    assert set(VERBS) == set(rules.TRANSITIONS)


@pytest.mark.parametrize("action", ["edit", "withdraw"])
@pytest.mark.parametrize("state", STATES)
def test_what_an_asker_may_do_in_every_state(action, state):
    if (action, state) in ASKER_ALLOWED:
        after = rules.next_state(state, action, table=rules.ASKER_TRANSITIONS)
        assert after == ASKER_ALLOWED[(action, state)]
    else:
        with pytest.raises(Conflict):
            rules.next_state(state, action, table=rules.ASKER_TRANSITIONS)


def test_queue_refuses_the_question_on_screen():
    with pytest.raises(Conflict, match="already on screen"):
        rules.next_state(State.PUBLISHED, "queue", highlighted=True)


def test_an_asker_cannot_use_moderator_actions():
    with pytest.raises(Invalid):
        rules.next_state(State.PENDING, "approve", table=rules.ASKER_TRANSITIONS)


@pytest.mark.parametrize(
    ("action", "state", "highlighted"), [c for c in EVERY_CASE if c in ALLOWED]
)
def test_allowed_transition(action, state, highlighted):
    assert rules.next_state(state, action, highlighted) == ALLOWED[(action, state, highlighted)]


@pytest.mark.parametrize(
    ("action", "state", "highlighted"), [c for c in EVERY_CASE if c not in ALLOWED]
)
def test_refused_transition_is_a_conflict(action, state, highlighted):
    with pytest.raises(Conflict) as caught:
        rules.next_state(state, action, highlighted)
    assert caught.value.code == "conflict"
    assert caught.value.message  # a message template for the caller to translate


def test_refused_transition_names_the_state():
    with pytest.raises(Conflict) as caught:
        rules.next_state(State.DISMISSED, "answer")
    assert caught.value.params == {"state": "dismissed"}
    assert "dismissed" in str(caught.value)


def test_highlight_twice_and_unhighlight_when_not_on_screen_are_refused():
    with pytest.raises(Conflict, match="already on screen"):
        rules.next_state(State.PUBLISHED, "highlight", highlighted=True)
    with pytest.raises(Conflict, match="not on screen"):
        rules.next_state(State.PUBLISHED, "unhighlight", highlighted=False)


@pytest.mark.parametrize("action", ["publish", "", "APPROVE", "delete", "note "])
def test_unknown_action_is_invalid(action):
    with pytest.raises(Invalid) as caught:
        rules.next_state(State.PUBLISHED, action)
    assert caught.value.code == "invalid"


def test_every_error_carries_a_protocol_code():
    codes = {"invalid", "not_found", "forbidden", "rate_limited", "closed", "conflict"}
    codes.add("unavailable")  # a retryable outage
    from qa_app.domain import errors

    classes = [
        getattr(errors, name)
        for name in dir(errors)
        if isinstance(getattr(errors, name), type)
        and issubclass(getattr(errors, name), DomainError)
    ]
    assert {cls.code for cls in classes} == codes


# --- question text -----------------------------------------------------------------


def test_question_text_is_trimmed():
    assert rules.clean_question_text("  How?\n ") == "How?"


def test_nul_characters_are_dropped():
    assert rules.clean_question_text("\x00 Wh\x00y? \x00") == "Why?"
    with pytest.raises(Invalid, match="write your question"):
        rules.clean_question_text("\x00 \x00")


@pytest.mark.parametrize("length", [1, 2, 499, 500])
def test_question_text_within_limits(length):
    assert rules.clean_question_text("x" * length) == "x" * length


def test_limit_counts_characters_after_trimming():
    assert rules.clean_question_text("   " + "é" * 500 + "   ") == "é" * 500


@pytest.mark.parametrize("length", [501, 5000])
def test_question_text_too_long(length):
    with pytest.raises(Invalid) as caught:
        rules.clean_question_text("x" * length)
    assert caught.value.params == {"limit": 500}


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t "])
def test_question_text_empty(value):
    with pytest.raises(Invalid, match="write your question"):
        rules.clean_question_text(value)


@pytest.mark.parametrize("value", [42, 1.5, True, ["a"], {"text": "a"}, b"bytes"])
def test_question_text_wrong_type(value):
    with pytest.raises(Invalid, match="Expected text"):
        rules.clean_question_text(value)


# --- names -----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", None), ("  ", None)])
def test_name_is_optional(value, expected):
    assert rules.clean_name(value) is expected


def test_name_is_trimmed_and_limited():
    assert rules.clean_name("  Ana María ") == "Ana María"
    assert rules.clean_name("n" * rules.MAX_NAME_CHARS) == "n" * rules.MAX_NAME_CHARS
    with pytest.raises(Invalid):
        rules.clean_name("n" * (rules.MAX_NAME_CHARS + 1))


@pytest.mark.parametrize("value", [7, False, ["Ana"], {"n": 1}])
def test_name_wrong_type(value):
    with pytest.raises(Invalid):
        rules.clean_name(value)


# --- ids, flags, languages -----------------------------------------------------------


@pytest.mark.parametrize("value", [1, 2, 10**9, 2**63 - 1])
def test_valid_ids(value):
    assert rules.clean_id(value) == value


@pytest.mark.parametrize(
    "value", [True, False, 0, -1, None, "1", 1.0, 1.5, [1], {"id": 1}, 2**63, 10**30]
)
def test_invalid_ids(value):
    with pytest.raises(Invalid) as caught:
        rules.clean_id(value)
    assert caught.value.code == "invalid"


@pytest.mark.parametrize("value", [True, False])
def test_flags(value):
    assert rules.clean_flag(value) is value


@pytest.mark.parametrize("value", [None, 0, 1, "true", "false", "", [], {}])
def test_flags_must_be_booleans(value):
    with pytest.raises(Invalid, match="true or false"):
        rules.clean_flag(value)


def test_languages_of_the_event_only():
    allowed = ["en", "fr", "es"]
    for language in allowed:
        assert rules.clean_language(language, allowed) == language
    for bad in ["ar", "EN", "en ", "", None, 1, ["en"], {"en": 1}]:
        with pytest.raises(Invalid) as caught:
            rules.clean_language(bad, allowed)
        assert caught.value.params == {"languages": "en, fr, es"}


def test_generic_clean_text_limits():
    assert rules.clean_text(None, field_max=5, required=False, empty_message="") is None
    assert rules.clean_text(" ab ", field_max=5, required=True, empty_message="x") == "ab"
    with pytest.raises(Invalid, match="Need it"):
        rules.clean_text("  ", field_max=5, required=True, empty_message="Need it")
    with pytest.raises(Invalid, match="at most 5"):
        rules.clean_text("abcdef", field_max=5, required=False, empty_message="")


# --- issue 9: reason codes, interpreter flags, up next positions, answers, bulk ids ----


@pytest.mark.parametrize(
    "code", ["answered", "off_topic", "duplicate", "personal_data", "rephrase"]
)
def test_reason_codes(code):
    assert rules.clean_reason_code(code) == code


@pytest.mark.parametrize("code", ["", "spam", "Duplicate", 1, True, ["duplicate"]])
def test_unknown_reason_codes_are_invalid(code):
    with pytest.raises(Invalid) as caught:
        rules.clean_reason_code(code)
    assert "off_topic" in caught.value.params["choices"]


def test_no_reason_code_is_none():
    assert rules.clean_reason_code(None) is None


@pytest.mark.parametrize("flag", ["unclear", "in_progress", "ready", None])
def test_interpreter_flags(flag):
    assert rules.clean_interpreter_flag(flag) == flag


@pytest.mark.parametrize("flag", ["", "done", "READY", 0, False])
def test_unknown_interpreter_flags_are_invalid(flag):
    with pytest.raises(Invalid):
        rules.clean_interpreter_flag(flag)


@pytest.mark.parametrize("position", [0, 1, 7, None])
def test_positions(position):
    assert rules.clean_position(position) == position


@pytest.mark.parametrize("position", [-1, 1.0, "0", True, [0], 2**63])
def test_bad_positions_are_invalid(position):
    with pytest.raises(Invalid, match="position"):
        rules.clean_position(position)


def test_answer_text_limits():
    assert rules.clean_answer_text("  Yes.  ") == "Yes."
    assert rules.clean_answer_text("a" * rules.MAX_ANSWER_CHARS) == "a" * rules.MAX_ANSWER_CHARS
    with pytest.raises(Invalid, match="too long"):
        rules.clean_answer_text("a" * (rules.MAX_ANSWER_CHARS + 1))
    with pytest.raises(Invalid, match="write the answer"):
        rules.clean_answer_text("   ")


def test_bulk_ids():
    assert rules.clean_ids([3, 1, 2]) == [3, 1, 2]
    for bad in [[], None, 3, "1,2", [1, 1], [1, "2"], list(range(1, rules.MAX_BULK + 2))]:
        with pytest.raises(Invalid):
            rules.clean_ids(bad)
