"""Flask commands to run events from a terminal or a repository (the CLI form of
/manage): events, topics and panelists here; staff, series and accounts in cli_staff."""

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from qa_app.cli.common import event_arg, invitation_link, languages_arg, message, run
from qa_app.domain.access import staff
from qa_app.domain.access.accounts import find_user
from qa_app.domain.agenda import events as events_admin
from qa_app.domain.agenda import program as agenda
from qa_app.domain.agenda import setup_files, setup_format
from qa_app.domain.errors import DomainError
from qa_app.live import broadcast
from qa_app.web import mail
from qa_app.web.confirmation_mail import send_confirmation
from qa_app.web.i18n import localized_params

topics_cli = AppGroup("topics", help="An event's topics.")
panelists_cli = AppGroup("panelists", help="An event's panel.")


# --- events -------------------------------------------------------------------------


def add_event_commands(events_cli: AppGroup) -> None:
    @events_cli.command("list")
    @click.option("--search", default=None, help="Part of the code or title.")
    @click.option("--when", type=click.Choice(["upcoming", "live", "past"]), default=None)
    def list_events(search, when):
        """List events, newest first."""
        for event in run(events_admin.list_events, search, when):
            flags = " archived" if event.archived else ""
            click.echo(
                "%-16s %-9s %s  %s%s"
                % (event.code, event.status(), event.starts_at.isoformat(), event.title, flags)
            )

    @events_cli.command("show")
    @click.argument("code")
    def show_event(code):
        """Show an event's set-up, topics, panel and staff."""
        event = event_arg(code)
        data = event.to_dict()
        for key in ("code", "title", "starts_at", "timezone", "duration_minutes", "languages"):
            click.echo("%-17s %s" % (key + ":", data[key]))
        click.echo("%-17s %s" % ("status:", event.status()))
        for key in ("premoderation", "accepting", "question_cap", "archived"):
            click.echo("%-17s %s" % (key + ":", data[key]))
        click.echo("%-17s %s" % ("public:", event.public))
        click.echo("%-17s %s" % ("series:", event.series.code if event.series else "-"))
        click.echo("topics:")
        for topic in event.topics:
            click.echo("  %d  %s" % (topic.id, topic.title))
        click.echo("panelists:")
        for panelist in event.panelists:
            click.echo("  %d  %s (%s)" % (panelist.id, panelist.name, panelist.organisation))
        click.echo("staff:")
        for member in staff.list_staff(event):
            roles = member.roles + ["%s (every event)" % r for r in member.global_roles]
            click.echo("  %s  %s" % (member.email, ", ".join(roles)))

    @events_cli.command("update")
    @click.argument("code")
    @click.option("--title")
    @click.option("--description")
    @click.option("--starts-at", help="Local start, YYYY-MM-DDTHH:MM.")
    @click.option("--timezone")
    @click.option("--duration", "duration_minutes", type=int)
    @click.option("--languages", help="Comma-separated.")
    @click.option("--premoderation/--no-premoderation", default=None)
    @click.option("--accepting/--no-accepting", default=None)
    @click.option("--question-cap", help="Questions per attendee, or 'none'.")
    @click.option("--public/--no-public", default=None)
    @click.option("--series", help="A series code, or 'none'.")
    def update_event(code, **options):
        """Change an event's set-up; only the options given change."""
        event = event_arg(code)
        data = {key: value for key, value in options.items() if value is not None}
        if "languages" in data:
            data["languages"] = languages_arg(data["languages"])
        for key in ("question_cap", "series"):
            if data.get(key) == "none":
                data[key] = None
        change = run(events_admin.update_event, event, data)
        broadcast.event_changed(change)
        click.echo("Updated %s." % event.code)

    @events_cli.command("duplicate")
    @click.argument("code")
    @click.argument("new_code")
    @click.option("--starts-at", default=None, help="Local start; default: a week later.")
    @click.option("--title", default=None)
    def duplicate_event(code, new_code, starts_at, title):
        """Next in the series: a copy with the same set-up, panel and staff, no questions."""
        copy = run(events_admin.duplicate_event, event_arg(code), new_code, starts_at, title)
        click.echo("Created event %s: /e/%s (starts %s)" % (copy.code, copy.code, copy.starts_at))

    @events_cli.command("close")
    @click.argument("code")
    def close_event(code):
        """Close the Q&A now (the event ends)."""
        broadcast.event_changed(run(events_admin.close_event, event_arg(code)))
        click.echo("Closed %s." % code)

    @events_cli.command("archive")
    @click.argument("code")
    @click.option("--undo", is_flag=True, help="Make the event editable again.")
    def archive_event(code, undo):
        """Make an event read-only (or, with --undo, editable again)."""
        unit = events_admin.unarchive_event if undo else events_admin.archive_event
        broadcast.event_changed(run(unit, event_arg(code)))
        click.echo("%s %s." % ("Unarchived" if undo else "Archived", code))

    @events_cli.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def import_setup(path):
        """Create an event from a set-up file (.yaml, .yml or .json); prints invitation links."""
        imported = load_setup_file(path)
        event = imported.event
        click.echo("Created event %s: /e/%s" % (event.code, event.code))
        click.echo("%d topics, %d panelists." % (len(event.topics), len(event.panelists)))
        for email, role in imported.granted:
            click.echo("Granted %s to %s." % (role, email))
        for email, role, token in imported.invitations:
            click.echo("Invitation for %s (%s): %s" % (email, role, invitation_link(token)))
        for email, role in imported.held:
            click.echo("%s waits until %s confirms the address." % (role, email))
        for email in dict.fromkeys(email for email, _role in imported.held):
            if mail.configured() and send_confirmation(find_user(email), None):
                click.echo("Sent %s a new confirmation link." % email)

    @events_cli.command("export-setup")
    @click.argument("code")
    @click.option("-o", "--output", default=None, help="A .yaml, .yml or .json file.")
    def export_setup(code, output):
        """Write an event's set-up as JSON (standard output) or to FILE (YAML or JSON)."""
        data = setup_files.export_setup(event_arg(code))
        if output is None:
            click.echo(setup_format.dump(data, "json"), nl=False)
            return
        text = setup_format.dump(data, run(setup_format.format_of, output))
        with open(output, "w", encoding="utf-8") as out:
            out.write(text)
        click.echo("Wrote %s." % output, err=True)


def load_setup_file(path: str) -> setup_files.Imported:
    """Import a set-up file; every bad field is reported (with its line, for YAML)."""
    try:
        fmt = setup_format.format_of(path)
        with open(path, "rb") as source:
            text = setup_format.read(source)
        data, lines = setup_format.load(text, fmt)
        return setup_files.import_setup(data, lines)
    except setup_format.SetupFileError as exc:
        for problem in exc.problems:
            where = "%s:%s" % (path, problem.line) if problem.line else path
            field = setup_format.path_text(problem.path)
            error = problem.error
            text = _(error.message, **localized_params(error.params))
            click.echo("%s: %s%s" % (where, field + ": " if field else "", text), err=True)
        raise click.ClickException(
            "%d problems; nothing was imported." % len(exc.problems)
        ) from None
    except UnicodeDecodeError:
        raise click.ClickException("%s is not UTF-8 text." % path) from None
    except DomainError as exc:
        raise click.ClickException(message(exc)) from None


# --- topics and panelists ------------------------------------------------------------


@topics_cli.command("add")
@click.argument("code")
@click.argument("title")
def add_topic(code, title):
    """Add a topic at the end."""
    topic, change = run(agenda.add_topic, event_arg(code), title)
    broadcast.event_changed(change)
    click.echo("Added topic %d." % topic.id)


@topics_cli.command("list")
@click.argument("code")
def list_topics(code):
    """List topics: id and title, in order."""
    event = event_arg(code)
    for topic in event.topics:
        click.echo("%d\t%s" % (topic.id, topic.title))


@topics_cli.command("remove")
@click.argument("code")
@click.argument("topic_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def remove_topic(code, topic_id, yes):
    """Remove a topic; its questions stay, with no topic."""
    event = event_arg(code)
    used = run(agenda.topic_usage, event, topic_id)
    if used and not yes:
        click.confirm(
            "%d questions use this topic; they will have no topic. Go on?" % used, abort=True
        )
    moved, change = run(agenda.remove_topic, event, topic_id)
    broadcast.event_changed(change)
    click.echo("Removed topic %d; %d questions now have no topic." % (topic_id, moved))


@panelists_cli.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--organisation", default="")
@click.option("--languages", default="", help="Languages spoken, comma-separated.")
@click.option(
    "--account", default=None, help="E-mail of the account to link (gets a panelist grant)."
)
def add_panelist(code, name, organisation, languages, account):
    """Add a panelist at the end of the panel."""
    panelist, change = run(
        agenda.add_panelist, event_arg(code), name, organisation, languages_arg(languages), account
    )
    broadcast.event_changed(change)
    click.echo("Added panelist %d." % panelist.id)


@panelists_cli.command("list")
@click.argument("code")
def list_panelists(code):
    """List the panel: id, name, organisation, languages, linked account."""
    for p in event_arg(code).panelists:
        account = p.user.email if p.user else "-"
        click.echo(
            "%d\t%s\t%s\t%s\t%s" % (p.id, p.name, p.organisation, ",".join(p.languages), account)
        )


@panelists_cli.command("remove")
@click.argument("code")
@click.argument("panelist_id", type=int)
def remove_panelist(code, panelist_id):
    """Remove a panelist; questions assigned to them become unassigned."""
    unassigned, change = run(agenda.remove_panelist, event_arg(code), panelist_id)
    broadcast.event_changed(change)
    click.echo("Removed panelist %d; %d questions unassigned." % (panelist_id, unassigned))


def init_app(app, events_cli: AppGroup) -> None:
    add_event_commands(events_cli)
    for group in (topics_cli, panelists_cli):
        app.cli.add_command(group)
