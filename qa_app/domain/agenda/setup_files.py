"""Import and export a whole event set-up: the event, its topics, panel and staff.

API
- ``import_setup(data, lines=None) -> Imported``: checks every field first and raises
  ``SetupFileError`` with one ``Problem`` per bad field (its path, and its line when
  ``lines`` comes from ``setup_format.load``); nothing is saved unless all are good. Then
  one transaction creates the event (a new code), its topics and panel, the series when
  it is new, and the staff: an existing account gets its grant, anyone else an
  invitation (``Imported.invitations``: ``(email, role, token)``). An account whose
  address is not confirmed yet gets nothing now: its grants wait for the confirmation
  (``Imported.held``: ``(email, role)``; see ``confirmations``), panel seats included.
- ``export_setup(event) -> dict``: the same shape; ``starts_at`` is local time in the
  event's time zone; staff are the event's own grants and pending invitations.

The shape (every key but ``event.code`` and ``event.title`` optional)::

    event: {code, title, description, starts_at, timezone, duration_minutes, languages,
            premoderation, accepting, question_cap, public,
            series: {code, title, description} or null}
    topics: [title, ...]
    panel: [{name, organisation, languages, account}]    # account: an existing e-mail
    staff: [{email, role, languages}]                      # languages: interpreters only
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from qa_app.domain.access import accounts, confirmations, grants, invitations
from qa_app.domain.agenda import events as events_admin
from qa_app.domain.agenda import fields
from qa_app.domain.agenda import program as agenda
from qa_app.domain.agenda.setup_format import Problem, SetupFileError
from qa_app.domain.errors import N_, DomainError, Invalid, InvalidFields
from qa_app.extensions import db
from qa_app.models import Event, Grant, Panelist, Role, Series, User, utcnow

SECTIONS = ("event", "topics", "panel", "staff")


@dataclass
class Imported:
    event: Event
    granted: list[tuple[str, str]] = field(default_factory=list)  # (email, role)
    invitations: list[tuple[str, str, str]] = field(default_factory=list)  # (email, role, token)
    held: list[tuple[str, str]] = field(default_factory=list)  # (email, role), unconfirmed


class _Checker:
    def __init__(self, lines: dict):
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: tuple, error: DomainError) -> None:
        line = None
        for end in range(len(path), -1, -1):  # the field's own line, else its parent's
            if path[:end] in self.lines:
                line = self.lines[path[:end]]
                break
        if isinstance(error, InvalidFields):
            for name, inner in error.errors.items():
                self.add((*path, name), inner)
            return
        self.problems.append(Problem(path, line, error))

    def run(self, path: tuple, clean, *args):
        try:
            return clean(*args)
        except DomainError as exc:
            self.add(path, exc)
            return None

    def mapping(self, path: tuple, value, allowed) -> dict:
        if not isinstance(value, dict):
            self.add(path, Invalid(N_("Expected a mapping of fields.")))
            return {}
        for key in value:
            if key not in allowed:
                self.add((*path, key), Invalid(N_("Unknown field.")))
        return {key: value[key] for key in value if key in allowed}

    def sequence(self, path: tuple, value) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, Invalid(N_("Expected a list.")))
            return []
        return value


def _series(check: _Checker, value):
    path = ("event", "series")
    if value is None:
        return None
    data = check.mapping(path, value, ("code", "title", "description"))
    code = check.run((*path, "code"), fields.clean_code, data.get("code"))
    existing = db.session.scalar(select(Series).where(Series.code == code)) if code else None
    if existing is not None:
        return existing
    title = check.run((*path, "title"), fields.clean_title, data.get("title"))
    description = check.run(
        (*path, "description"), fields.clean_description, data.get("description")
    )
    return Series(code=code, title=title, description=description or "")


def _event(check: _Checker, raw) -> tuple:
    data = check.mapping(("event",), raw, ("code", *events_admin.EVENT_FIELDS))
    code = check.run(("event", "code"), fields.clean_code, data.pop("code", None))
    if code is not None:
        check.run(("event", "code"), events_admin.code_is_free, code)
    series = _series(check, data.pop("series", None))
    if "title" not in data:
        check.add(("event", "title"), Invalid(N_("Please give a title.")))
    cleaned = check.run(("event",), events_admin.clean_event_fields, data) or {}
    return code, cleaned, series


def _panel(check: _Checker, raw) -> list[tuple[dict, User | None]]:
    panel = []
    for index, item in enumerate(check.sequence(("panel",), raw)):
        path = ("panel", index)
        data = check.mapping(path, item, ("name", "organisation", "languages", "account"))
        account = data.pop("account", None)
        defaults = {"name": None, "organisation": ""}  # a missing name is reported
        cleaned = check.run(path, agenda.panel_fields, {**defaults, **data}) or {}
        user = None
        if account is not None:
            user = accounts.find_user(account)
            if user is None or not user.active:
                check.add(
                    (*path, "account"), Invalid(N_("There is no active account with that e-mail."))
                )
        panel.append((cleaned, user))
    return panel


def _staff(check: _Checker, raw) -> list[tuple[str, Role, list[str]]]:
    staff = []
    for index, item in enumerate(check.sequence(("staff",), raw)):
        path = ("staff", index)
        data = check.mapping(path, item, ("email", "role", "languages"))
        email = check.run((*path, "email"), accounts.clean_email, data.get("email"))
        role = check.run((*path, "role"), grants.clean_role, data.get("role"))
        if role == Role.ADMIN:
            check.add(
                (*path, "role"),
                Invalid(N_("The admin role is for every event; it cannot be given per event.")),
            )
        languages = check.run(
            (*path, "languages"), grants.clean_languages, data.get("languages", [])
        )
        staff.append((email, role, languages or []))
    return staff


def import_setup(data, lines: dict | None = None) -> Imported:
    check = _Checker(lines or {})
    data = check.mapping((), data, SECTIONS)
    if "event" not in data and not check.problems:
        check.add(("event",), Invalid(N_("The file needs an event.")))
    code, cleaned, series = _event(check, data.get("event", {}))
    topics = [
        check.run(("topics", i), fields.clean_title, title)
        for i, title in enumerate(check.sequence(("topics",), data.get("topics")))
    ]
    panel = _panel(check, data.get("panel"))
    staff = _staff(check, data.get("staff"))
    if check.problems:
        raise SetupFileError(check.problems)
    try:
        return _create(code, cleaned, series, topics, panel, staff)
    except Exception:
        db.session.rollback()
        raise


def _create(code, cleaned, series, topics, panel, staff) -> Imported:
    event = events_admin.build_event(code, {"starts_at": utcnow(), **cleaned}, topics)
    event.series = series
    db.session.flush()
    result = Imported(event)
    for position, (values, user) in enumerate(panel):
        panelist = Panelist(event_id=event.id, position=position, **values)
        db.session.add(panelist)
        if user is not None:
            panelist.user_id = user.id  # a seat alone gives no rights
            _grant(result, user, Role.PANELIST, event, listed=False)
    for email, role, languages in staff:
        user = accounts.find_user(email)
        if user is not None:
            _grant(result, user, role, event, languages)
        else:
            _invitation, token = invitations.build_invitation(event, email, role, languages)
            result.invitations.append((email, str(role), token))
    db.session.commit()
    return result


def _grant(result: Imported, user: User, role, event: Event, languages=(), listed=True) -> None:
    """Give the role now, or hold it until the account's address is confirmed."""
    if confirmations.is_confirmed(user):
        grants.give(user, role, event, languages)
        if listed:
            result.granted.append((user.email, str(role)))
    else:
        confirmations.hold_grant(user, role, event, languages)
        result.held.append((user.email, str(role)))


def export_setup(event: Event) -> dict:
    zone = fields.zone_of(event.timezone)
    series = event.series
    setup = {
        "event": {
            "code": event.code,
            "title": event.title,
            "description": event.description,
            "starts_at": event.starts_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            "timezone": event.timezone,
            "duration_minutes": event.duration_minutes,
            "languages": event.languages,
            "premoderation": event.premoderation,
            "accepting": event.accepting,
            "question_cap": event.question_cap,
            "public": event.public,
            "series": series.to_dict() if series is not None else None,
        },
        "topics": [topic.title for topic in event.topics],
        "panel": [_panelist(p) for p in event.panelists],
        "staff": _staff_of(event),
    }
    return setup


def _panelist(panelist) -> dict:
    data = {
        "name": panelist.name,
        "organisation": panelist.organisation,
        "languages": panelist.languages,
    }
    if panelist.user is not None:
        data["account"] = panelist.user.email
    return data


def _staff_of(event: Event) -> list[dict]:
    entries = {}
    rows = db.session.execute(
        select(Grant, User.email)
        .join(User, User.id == Grant.user_id)
        .where(Grant.event_id == event.id)
    ).all()
    people = [(email, grant.role, grant.languages) for grant, email in rows]
    people += [(i.email, i.role, i.languages) for i in invitations.pending(event)]
    for email, role, languages in people:
        entry = {"email": email, "role": role}
        if role == Role.INTERPRETER and languages:
            entry["languages"] = languages
        entries[(email, role)] = entry
    return [entries[key] for key in sorted(entries)]
