"""Units of work on topics, the panel, staff, invitations and accounts. No HTTP."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from qa_app.domain.access import accounts, grants, invitations, staff
from qa_app.domain.access.passwords import verify_password
from qa_app.domain.access.tokens import hash_token
from qa_app.domain.agenda import program as agenda
from qa_app.domain.errors import Conflict, Invalid, InvalidFields, NotFound
from qa_app.domain.questions import operations as questions
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Invitation, Question, ResetLink, User
from qa_app.web.rate_limits import limiter

from .conftest import PASSWORD


@pytest.fixture
def ctx(app, make_event):
    make_event("EV1")
    make_event("EV2")
    with app.app_context():
        yield app
        db.session.remove()


def _topics(code="EV1"):
    return [t.title for t in get_event(code).topics]


def test_topics_add_rename_reorder_move_and_remove(ctx):
    event = get_event("EV1")
    topic, change = agenda.add_topic(event, "Topic C")
    assert change.event["topics"][-1] == {"id": topic.id, "title": "Topic C"}
    agenda.rename_topic(get_event("EV1"), topic.id, " Topic Z ")
    ids = [t.id for t in get_event("EV1").topics]
    agenda.reorder_topics(get_event("EV1"), list(reversed(ids)))
    assert _topics() == ["Topic Z", "Topic B", "Topic A"]
    agenda.move_topic(get_event("EV1"), topic.id, 1)
    assert _topics() == ["Topic B", "Topic Z", "Topic A"]
    agenda.move_topic(get_event("EV1"), ids[0], -1)
    assert _topics() == ["Topic B", "Topic A", "Topic Z"]
    agenda.move_topic(get_event("EV1"), ids[1], -1)  # already first: stays
    assert _topics() == ["Topic B", "Topic A", "Topic Z"]
    with pytest.raises(Invalid):
        agenda.move_topic(get_event("EV1"), ids[1], 2)
    for bad in ([ids[0]], ids + ids[:1], [*ids[:2], 999], "1,2,3"):
        with pytest.raises(Invalid):
            agenda.reorder_topics(get_event("EV1"), bad)
    with pytest.raises(NotFound):
        agenda.rename_topic(get_event("EV1"), get_event("EV2").topics[0].id, "Not mine")
    with pytest.raises(Invalid):
        agenda.rename_topic(get_event("EV1"), topic.id, "  ")


def test_removing_a_topic_keeps_its_questions_with_no_topic(ctx):
    event = get_event("EV1")
    first = event.topics[0].id
    for n in range(3):
        questions.ask(
            event, "a%d" % n, "Question number %d here" % n, language="en", topic_id=first
        )
    assert agenda.topic_usage(get_event("EV1"), first) == 3
    moved, change = agenda.remove_topic(get_event("EV1"), first)
    assert moved == 3 and [t["title"] for t in change.event["topics"]] == ["Topic B"]
    assert [t.position for t in get_event("EV1").topics] == [0]
    kept = db.session.scalars(select(Question)).all()
    assert len(kept) == 3 and all(q.topic_id is None for q in kept)


def test_panel_add_edit_link_and_remove(ctx, make_user):
    email = make_user(None, email="speaker@example.org")
    event = get_event("EV1")
    panelist, change = agenda.add_panelist(event, "Sara", "EURES", ["en", "fr"], account=email)
    assert change.event["panelists"][-1]["languages"] == ["en", "fr"]
    user = accounts.find_user(email)
    # Linking gives the panelist grant on this event only.
    assert grants.grant_for(user.id, get_event("EV1")).roles == {"panelist"}
    assert not grants.grant_for(user.id, get_event("EV2"))
    agenda.update_panelist(get_event("EV1"), panelist.id, organisation="EURES Sweden")
    with pytest.raises(InvalidFields) as caught:
        agenda.update_panelist(get_event("EV1"), panelist.id, name="", languages=["xx"])
    assert set(caught.value.errors) == {"name", "languages"}
    with pytest.raises(InvalidFields):
        agenda.link_panelist(get_event("EV1"), panelist.id, "nobody@example.org")
    db.session.rollback()
    question = questions.ask(get_event("EV1"), "a", "For Sara, please answer", language="en")
    db.session.get(Question, question.question["id"]).panelist_id = panelist.id
    db.session.commit()
    unassigned, change = agenda.remove_panelist(get_event("EV1"), panelist.id)
    assert unassigned == 1 and [p["name"] for p in change.event["panelists"]] == ["Ana", "Omar"]
    assert db.session.get(Question, question.question["id"]).panelist_id is None


def test_staff_list_give_and_revoke(ctx, make_user):
    make_user("admin")
    mod = make_user("moderator", events=["EV1"])
    both = make_user(
        "interpreter", email="int@example.org", events=["EV1", "EV2"], languages=["fr"]
    )
    staff.give_role(get_event("EV1"), mod, "facilitator")
    members = {m.email: m for m in staff.list_staff(get_event("EV1"), with_global=True)}
    assert members["admin@example.org"].global_roles == ["admin"]
    assert members[mod].roles == ["moderator", "facilitator"]
    assert members[both].languages == ["fr"]
    with pytest.raises(Invalid):
        staff.give_role(get_event("EV1"), mod, "admin")
    with pytest.raises(NotFound):
        staff.give_role(get_event("EV1"), "stranger@example.org", "moderator")
    user = accounts.find_user(mod)
    revoked = staff.revoke(get_event("EV1"), user.id, "facilitator")
    assert revoked.roles == ("facilitator",)
    assert grants.grant_for(user.id, get_event("EV1")).roles == {"moderator"}
    staff.revoke(get_event("EV1"), user.id)
    assert not grants.grant_for(user.id, get_event("EV1"))
    with pytest.raises(NotFound):
        staff.revoke(get_event("EV1"), user.id)
    assert [m.email for m in staff.list_staff(get_event("EV2"))] == [both]  # its own staff
    everyone = staff.list_staff(get_event("EV2"), with_global=True)
    assert [m.email for m in everyone] == ["admin@example.org", both]


def test_an_invitation_is_one_time_and_only_its_hash_is_stored(ctx):
    invitation, token = invitations.invite(
        get_event("EV1"), " New@Example.org ", "interpreter", ["fr"]
    )
    assert invitation.email == "new@example.org" and invitation.token_hash == hash_token(token)
    assert token not in {i.token_hash for i in db.session.scalars(select(Invitation))}
    assert invitations.invitation_path(token) == "/invite/" + token
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    user = invitations.accept_with_new_account(token, "a long password", "New person")
    assert verify_password(user.password_hash, "a long password") and user.name == "New person"
    assert grants.grant_for(user.id, get_event("EV1")) == grants.EventGrant.of(
        "interpreter", languages=["fr"]
    )
    with pytest.raises(NotFound, match="already used"):
        invitations.find_invitation(token)
    with pytest.raises(NotFound, match="not valid"):
        invitations.find_invitation(token[:-2] + "xx")  # tampered


def test_accepting_with_an_existing_account_resend_revoke_and_expiry(ctx, make_user):
    existing = make_user("moderator", events=["EV2"])
    _invitation, token = invitations.invite(get_event("EV1"), existing, "moderator")
    with pytest.raises(Conflict, match="sign in"):
        invitations.accept_with_new_account(token, "another password", "Someone")
    invitations.accept_with_account(token, accounts.find_user(existing))
    assert grants.grant_for(accounts.find_user(existing).id, get_event("EV1")).roles == {
        "moderator"
    }

    invitation, token = invitations.invite(get_event("EV1"), "late@example.org", "panelist")
    invitation.expires_at = invitation.created_at - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(NotFound, match="expired"):
        invitations.find_invitation(token)
    fresh = invitations.resend(get_event("EV1"), invitation.id)
    with pytest.raises(NotFound):
        invitations.find_invitation(token)  # the old link stops working
    assert invitations.find_invitation(fresh).email == "late@example.org"
    invitations.revoke_invitation(get_event("EV1"), invitation.id)
    with pytest.raises(NotFound, match="withdrawn"):
        invitations.find_invitation(fresh)
    with pytest.raises(NotFound):
        invitations.resend(get_event("EV2"), invitation.id)  # not that event's
    assert invitations.pending(get_event("EV1")) == []


def test_a_new_invitation_replaces_the_pending_one_and_bad_ones_are_refused(ctx):
    first, _ = invitations.invite(get_event("EV1"), "x@example.org", "moderator")
    second, _ = invitations.invite(get_event("EV1"), "x@example.org", "moderator")
    assert [i.id for i in invitations.pending(get_event("EV1"))] == [second.id]
    assert first.revoked_at is not None
    with pytest.raises(InvalidFields) as caught:
        invitations.invite(get_event("EV1"), "not-an-address", "owner", ["xx"])
    assert set(caught.value.errors) == {"email", "role", "languages"}
    with pytest.raises(InvalidFields):
        invitations.invite(get_event("EV1"), "x@example.org", "admin")


def test_accounts_deactivate_reset_and_change_password(ctx, make_user):
    email = make_user("moderator")
    user = accounts.find_user(email)
    with pytest.raises(Conflict):
        accounts.create_account(email.upper(), "saffron quarry tide", "Dup")
    with pytest.raises(Invalid):
        accounts.create_account("short@example.org", "short", "Short")
    with pytest.raises(Invalid):  # staff need a display name: attendees see it
        accounts.create_account("noname@example.org", "saffron quarry tide", "")
    token_before = user.session_token
    accounts.deactivate(user)
    assert not user.active and user.session_token != token_before
    assert not grants.grant_for(user.id, get_event("EV1"))  # no rights while deactivated
    accounts.reactivate(user)
    assert grants.grant_for(user.id, get_event("EV1")).roles == {"moderator"}

    old = accounts.issue_reset_link(user)
    token = accounts.issue_reset_link(user)
    with pytest.raises(NotFound):
        accounts.reset_link(old)  # only the newest link works
    accounts.reset_password(token, "a brand new password")
    assert verify_password(user.password_hash, "a brand new password")
    with pytest.raises(NotFound):
        accounts.reset_password(token, "yet another password")
    assert db.session.scalar(
        select(ResetLink.used_at).where(ResetLink.token_hash == hash_token(token))
    )

    with pytest.raises(Invalid):
        accounts.change_password(  # no longer current
            limiter(), "192.0.2.1", user, PASSWORD, "another password"
        )
    accounts.change_password(
        limiter(), "192.0.2.1", user, "a brand new password", "another password"
    )
    assert verify_password(db.session.get(User, user.id).password_hash, "another password")
