"""The first commands: ``init-db``, ``users create``, ``events create`` and ``demo``."""

import sys
from datetime import UTC, datetime

import click
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from qa_app.cli import demo
from qa_app.cli.common import fail
from qa_app.config import INSTANCE_DIR, REPO_ROOT
from qa_app.domain.access import accounts, signin
from qa_app.domain.agenda import events as agenda_events
from qa_app.domain.agenda import settings
from qa_app.domain.errors import N_, Conflict, DomainError
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Event, Role

DEMO_LOGINS = INSTANCE_DIR / "demo-logins.txt"
users_cli = AppGroup("users", help="Manage staff accounts.")
events_cli = AppGroup("events", help="Manage events.")


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the database schema (safe to run again)."""
    INSTANCE_DIR.mkdir(exist_ok=True)
    upgrade(directory=str(REPO_ROOT / "migrations"))
    click.echo("Database ready: %s" % db.engine.url.render_as_string(hide_password=True))


def _read_password(password: str | None, from_stdin: bool) -> str:
    """--password (visible in ``ps`` and shell history), --password-stdin, or a prompt."""
    if password is not None and from_stdin:
        raise click.UsageError("Use either --password or --password-stdin, not both.")
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if password is not None:
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--password", default=None, help="Visible to other local users; prefer the prompt.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option(
    "--name",
    default=None,
    help="Display name; attendees may see it (default: the e-mail's local part).",
)
@click.option(
    "--event",
    "codes",
    multiple=True,
    help="Grant the role on this event only (repeatable). Default: every event.",
)
def create_user(email, role, password, password_stdin, name, codes):
    """Create an account with ROLE on every event, or on each --event (prompts for the
    password unless given)."""
    try:
        email = accounts.clean_email(email)
        name = name if name is not None else email.partition("@")[0]
        if accounts.find_user(email) is not None:
            raise Conflict(N_("An account with that e-mail already exists."))
        targets = [None] if role == Role.ADMIN or not codes else [get_event(c) for c in codes]
    except DomainError as exc:
        fail(exc)
    signin.end_read()  # no write lock held while a person types the password
    password = _read_password(password, password_stdin)
    try:
        user = accounts.create_account(
            email, password, name, grants=[(role, event) for event in targets]
        )
    except DomainError as exc:
        fail(exc)
    scope = "every event" if targets == [None] else ", ".join(e.code for e in targets)
    click.echo("Created %s (%s on %s)." % (user.email, role, scope))


@events_cli.command("create")
@click.argument("code")
@click.option("--title", required=True)
@click.option("--languages", default="en", show_default=True, help="Comma-separated.")
@click.option("--premoderation", is_flag=True, help="Hold new questions until approved.")
@click.option("--starts-at", default=None, help="Local start, YYYY-MM-DDTHH:MM.")
@click.option("--timezone", default="UTC", show_default=True)
@click.option("--duration", default=60, show_default=True, type=click.IntRange(1, 24 * 60))
def create_event(code, title, languages, premoderation, starts_at, timezone, duration):
    """Create an event."""
    try:
        # Without --starts-at the event starts now; a naive time is read in --timezone.
        start = datetime.fromisoformat(starts_at) if starts_at else datetime.now(UTC)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DDTHH:MM", param_hint="--starts-at") from None
    try:
        event = agenda_events.new_event(
            code,
            title,
            start,
            timezone=timezone,
            duration_minutes=duration,
            languages=settings.parse_languages(languages),
            premoderation=premoderation,
        )
    except DomainError as exc:
        fail(exc)
    click.echo("Created event %s: /e/%s" % (event.code, event.code))


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only load it when the database has no event.")
def load_demo(if_empty):
    """Load the reference event (FRI-PES) and one account per role; print the logins."""
    has_events = db.session.scalar(select(db.func.count()).select_from(Event)) > 0
    if demo.demo_exists():
        click.echo("The demo event %s is already loaded." % demo.CODE)
    elif if_empty and has_events:
        click.echo("The database already has events; the demo was not loaded.")
    else:
        logins = demo.load_demo()
        INSTANCE_DIR.mkdir(exist_ok=True)
        lines = ["%-42s %-12s %s" % row for row in logins]
        DEMO_LOGINS.write_text("\n".join(lines) + "\n")
        DEMO_LOGINS.chmod(0o600)
    if DEMO_LOGINS.exists():
        click.echo("Demo logins (also in %s):" % DEMO_LOGINS)
        click.echo(DEMO_LOGINS.read_text().rstrip())


def init_app(app) -> None:
    for command in (init_db, load_demo, users_cli, events_cli):
        app.cli.add_command(command)
