"""/manage staff and accounts, and the invitation and reset links they hand out."""

from datetime import timedelta

from qa_app.config import Config
from qa_app.domain.access import invitations
from qa_app.domain.access.grants import grant_for
from qa_app.domain.access.passwords import verify_password
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Invitation, User
from tests.conftest import PASSWORD
from tests.manage_support import field_error, one_time_link, page_text

BASE = Config.BASE_URL  # links start with QA_BASE_URL, whatever the request's Host


def roles_of(app, email, code="EV1"):
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        return set(grant_for(user.id, get_event(code)).roles) if user else set()


def invite(http, email, role, languages=()):
    response = http.post(
        "/manage/e/EV1/staff/", data={"email": email, "role": role, "languages": list(languages)}
    )
    assert response.status_code == 200, page_text(response)
    return one_time_link(page_text(response))


def test_invite_a_new_person_who_sets_a_password(app, organiser):
    link = invite(organiser, "interp@example.org", "interpreter", ["fr"])
    path = link.split(BASE, 1)[1]
    newcomer = app.test_client()
    page = page_text(newcomer.get(path))
    assert "Set your password" in page and "interp@example.org" in page
    short = newcomer.post(
        path, data={"action": "new", "new-password": "short", "new-confirm": "short"}
    )
    assert short.status_code == 400 and field_error(page_text(short), "new-password")
    assert "attendees see it" in field_error(page_text(short), "new-name")  # a name is required
    done = newcomer.post(
        path,
        data={
            "action": "new",
            "new-name": "Inès",
            "new-password": PASSWORD,
            "new-confirm": PASSWORD,
        },
    )
    assert done.status_code == 303 and done.headers["Location"].endswith("/e/EV1/moderate")
    assert roles_of(app, "interp@example.org") == {"interpreter"}
    assert newcomer.get("/e/EV1/moderate").status_code == 200  # signed in already
    used = newcomer.get(path)
    assert used.status_code == 410 and "Ask the organiser" in page_text(used)


def test_accept_with_an_existing_account(app, organiser, make_user):
    make_user(None, email="known@example.org")
    path = invite(organiser, "known@example.org", "moderator").split(BASE, 1)[1]
    other = app.test_client()
    assert "Set your password" not in page_text(other.get(path))
    wrong = other.post(
        path,
        data={
            "action": "signin",
            "signin-email": "known@example.org",
            "signin-password": "nope-nope",
        },
    )
    assert wrong.status_code == 400 and roles_of(app, "known@example.org") == set()
    ok = other.post(
        path,
        data={"action": "signin", "signin-email": "known@example.org", "signin-password": PASSWORD},
    )
    assert ok.status_code == 303
    assert roles_of(app, "known@example.org") == {"moderator"}


def test_a_tampered_or_expired_link_says_what_to_do(app, organiser):
    path = invite(organiser, "late@example.org", "facilitator").split(BASE, 1)[1]
    tampered = app.test_client().get(path[:-3] + "xyz")
    assert tampered.status_code == 410 and "Ask the organiser" in page_text(tampered)
    with app.app_context():
        invitation = db.session.scalar(db.select(Invitation))
        invitation.expires_at = invitation.created_at - timedelta(seconds=1)
        db.session.commit()
    expired = app.test_client().get(path)
    assert expired.status_code == 410 and "7 days" in page_text(expired)


def test_staff_list_revoke_and_resend(app, organiser, make_user):
    make_user("moderator", email="mod@example.org", events=("EV1",))
    old = invite(organiser, "later@example.org", "panelist").split(BASE, 1)[1]
    body = page_text(organiser.get("/manage/e/EV1/staff/"))
    assert "mod@example.org" in body and "later@example.org" in body
    with app.app_context():
        invitation_id = db.session.scalar(db.select(Invitation.id))
    resent = organiser.post("/manage/e/EV1/staff/invitations/%d/resend" % invitation_id)
    assert resent.status_code == 200
    new = one_time_link(page_text(resent)).split(BASE, 1)[1]
    assert new != old and app.test_client().get(old).status_code == 410
    assert app.test_client().get(new).status_code == 200
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.email == "mod@example.org"))
    revoke = "/manage/e/EV1/staff/people/%d/revoke" % user_id
    assert organiser.post(revoke, data={"role": "moderator"}).status_code == 303
    assert roles_of(app, "mod@example.org") == set()
    # Revoking what is not there says so, and changes nothing.
    again = organiser.post(revoke, data={"role": "moderator"}, follow_redirects=True)
    assert "That person holds no such role here." in page_text(again)


def test_invite_refusals(app, organiser):
    for data, field_id in [
        ({"email": "nope", "role": "moderator"}, "email"),
        ({"email": "a@example.org", "role": "admin"}, "role"),
        ({"email": "a@example.org", "role": "interpreter", "languages": ["ar"]}, "languages"),
    ]:
        response = organiser.post("/manage/e/EV1/staff/", data=data)
        assert response.status_code == 400 and field_error(page_text(response), field_id), data
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Invitation)) == 0


NEW = "violet-harbour-tram-92"


def test_everyone_changes_their_own_password(app, make_user, login):
    http = login(make_user("panelist", email="pan@example.org"))
    wrong = http.post(
        "/manage/password",
        data={"current": "wrong-one", "password": NEW, "confirm": NEW},
    )
    assert wrong.status_code == 400 and field_error(page_text(wrong), "current")
    differ = http.post(
        "/manage/password",
        data={"current": PASSWORD, "password": NEW, "confirm": "another-one"},
    )
    assert differ.status_code == 400 and field_error(page_text(differ), "confirm")
    ok = http.post(
        "/manage/password",
        data={"current": PASSWORD, "password": NEW, "confirm": NEW},
    )
    assert ok.status_code == 303
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "pan@example.org"))
        assert verify_password(user.password_hash, NEW)


def test_admins_deactivate_and_issue_reset_links(app, admin, make_user, login):
    make_user("moderator", email="mod@example.org")
    mod = login("mod@example.org")
    body = page_text(admin.get("/manage/accounts?q=mod@"))
    assert "mod@example.org" in body and "admin@example.org" not in body
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.email == "mod@example.org"))
    assert admin.post("/manage/accounts/%d/active" % user_id).status_code == 303
    assert mod.get("/manage/").status_code == 302  # signed out: the session ended
    admin.post("/manage/accounts/%d/active" % user_id)  # reactivated
    link = one_time_link(page_text(admin.post("/manage/accounts/%d/reset-link" % user_id)))
    path = link.split(BASE, 1)[1]
    someone = app.test_client()
    assert (
        someone.post(
            path, data={"password": "copper-lantern-fjord-31", "confirm": "copper-lantern-fjord-31"}
        ).status_code
        == 303
    )
    assert someone.get(path).status_code == 410
    assert (
        app.test_client()
        .post("/login", data={"email": "mod@example.org", "password": "copper-lantern-fjord-31"})
        .status_code
        == 302
    )


def test_only_admins_manage_accounts(organiser):
    assert organiser.get("/manage/accounts").status_code == 403
    assert organiser.post("/manage/accounts/1/active").status_code == 403
    assert organiser.post("/manage/accounts/1/reset-link").status_code == 403


def test_links_come_from_the_base_url_never_the_host_header(app, organiser, admin):
    """Before, a forged Host put a stranger's site into the link the organiser sends on."""

    raw = app.test_client(use_cookies=False)  # the jar would not send cookies to that host

    def forged(http):  # a forged Host, with that person's session cookie
        return {"Host": "attacker.example", "Cookie": "session=" + http.get_cookie("session").value}

    response = raw.post(
        "/manage/e/EV1/staff/",
        data={"email": "guest@example.org", "role": "moderator"},
        headers=forged(organiser),
    )
    link = one_time_link(page_text(response))
    assert link.startswith(BASE + "/invite/") and "attacker" not in link
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.email == "org@example.org"))
    reset = raw.post("/manage/accounts/%d/reset-link" % user_id, headers=forged(admin))
    link = one_time_link(page_text(reset))
    assert link.startswith(BASE + "/reset/") and "attacker" not in link
    assert invitations.PATH == "/invite/"


def test_the_staff_page_lists_only_the_events_own_staff(app, organiser, admin, make_user):
    """Before, an organiser of one event saw every global admin's e-mail address."""
    make_user("moderator", email="everywhere@example.org")  # a role on every event
    make_user("facilitator", email="here@example.org", events=["EV1"])
    page = page_text(organiser.get("/manage/e/EV1/staff/"))
    assert "here@example.org" in page and "org@example.org" in page
    assert "admin@example.org" not in page and "everywhere@example.org" not in page
