"""Flask commands: init-db, users, events, demo and translate."""

import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext
from flask_babel import gettext as _
from flask_migrate import upgrade
from sqlalchemy import select

from qa_app import demo
from qa_app.config import INSTANCE_DIR, REPO_ROOT
from qa_app.domain import accounts, settings
from qa_app.domain.errors import N_, Conflict, DomainError
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.i18n import localized_params
from qa_app.models import Event, Role

DEMO_LOGINS = INSTANCE_DIR / "demo-logins.txt"
users_cli = AppGroup("users", help="Manage staff accounts.")
events_cli = AppGroup("events", help="Manage events.")
translate_cli = AppGroup("translate", help="Translation catalogs (wraps pybabel).")


def _fail(exc: DomainError):
    raise click.ClickException(_(exc.message, **localized_params(exc.params)))


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
@click.option("--name", required=True, help="Display name; attendees may see it.")
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
        if accounts.find_user(email) is not None:
            raise Conflict(N_("An account with that e-mail already exists."))
        targets = [None] if role == Role.ADMIN or not codes else [get_event(c) for c in codes]
    except DomainError as exc:
        _fail(exc)
    password = _read_password(password, password_stdin)
    try:
        user = accounts.create_account(
            email, password, name, grants=[(role, event) for event in targets]
        )
    except DomainError as exc:
        _fail(exc)
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
        event = settings.create_event(
            code,
            title,
            start,
            timezone=timezone,
            duration_minutes=duration,
            languages=settings.parse_languages(languages),
            premoderation=premoderation,
        )
    except DomainError as exc:
        _fail(exc)
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


# Every gettext-like call in the code and the templates; the catalog tests use the same list.
KEYWORDS = (
    "_",
    "_l",
    "N_",
    "gettext",
    "lazy_gettext",
    "ngettext:1,2",
    "lazy_ngettext:1,2",
    "pgettext:1c,2",
    "npgettext:1c,2,3",
)
TRANSLATIONS_DIR = REPO_ROOT / "translations"


def _pybabel(*args, quiet=False):
    options = ["-q"] if quiet else []
    command = [sys.executable, "-m", "babel.messages.frontend", *options, *args]
    subprocess.run(command, check=True, cwd=REPO_ROOT)


def extract_messages(pot) -> None:
    """Write every translatable string of qa_app/ and templates/ to the template ``pot``."""
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "--no-default-keywords",
        *keywords,
        "--add-comments=TRANSLATORS:",
        "--project=qa_app",
        "-o",
        str(pot),
        ".",
        quiet=True,
    )


@translate_cli.command("update")
def translate_update():
    """Extract messages and merge them into every catalog (new entries start empty)."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        extract_messages(pot)
        _pybabel(
            "update",
            "-i",
            str(pot),
            "-d",
            str(TRANSLATIONS_DIR),
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )
        click.echo("Catalogs updated; fill in the new entries, then run `flask translate compile`.")


@translate_cli.command("init")
@click.argument("lang")
def translate_init(lang):
    """Start a catalog for a new language."""
    if (TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po").exists():
        raise click.ClickException("There is already a catalog for %s." % lang)
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        extract_messages(pot)
        _pybabel("init", "-i", str(pot), "-d", str(TRANSLATIONS_DIR), "-l", lang)


@translate_cli.command("compile")
def translate_compile():
    """Build the .mo files the app reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS_DIR), "--statistics")


def init_app(app) -> None:
    for command in (init_db, load_demo, users_cli, events_cli, translate_cli):
        app.cli.add_command(command)
    from qa_app.cli_export import init_app as add_export_commands  # they add to events_cli
    from qa_app.cli_safety import init_app as add_safety_commands

    add_export_commands(app, events_cli)
    from qa_app.cli_manage import init_app as add_manage_commands

    add_manage_commands(app, events_cli, users_cli)
    add_safety_commands(app, events_cli)
