"""Flask commands for people: an event's staff and invitations, series, and account
administration (deactivate, reset links)."""

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from qa_app.cli.common import event_arg, invitation_link, languages_arg, run
from qa_app.domain.access import accounts, invitations, staff
from qa_app.domain.agenda import program as agenda
from qa_app.domain.agenda import series
from qa_app.live import broadcast
from qa_app.models import Role

staff_cli = AppGroup("staff", help="An event's staff and invitations.")
series_cli = AppGroup("series", help="Series of events.")
ROLES = click.Choice([r.value for r in Role if r != Role.ADMIN])


# --- staff --------------------------------------------------------------------------


@staff_cli.command("invite")
@click.argument("code")
@click.argument("email")
@click.option("--role", required=True, type=ROLES)
@click.option("--languages", default="", help="An interpreter's languages, comma-separated.")
@click.option(
    "--seat",
    default=None,
    help="Panelists: the panel seat (a name; a new name adds a seat). It links itself to "
    "the account when the invitation is accepted.",
)
@click.option(
    "--any-account",
    is_flag=True,
    help="Let a signed-in account with another e-mail accept it (an administrator's call).",
)
def invite(code, email, role, languages, seat, any_account):
    """Invite someone to a role on an event; prints the one-time link (valid 7 days)."""
    event = event_arg(code)
    if seat is not None:
        if role != Role.PANELIST:
            raise click.UsageError("--seat is for --role panelist.")
        invitation, token, change = run(agenda.invite_to_seat, event, seat, email)
        broadcast.event_changed(change)
    else:
        invitation, token = run(invitations.invite, event, email, role, languages_arg(languages))
    if any_account:
        run(invitations.allow_any_account, event, invitation.id)
    click.echo(
        "Invitation for %s (%s on %s), valid until %s:"
        % (invitation.email, role, code, invitation.expires_at.isoformat(timespec="minutes"))
    )
    click.echo(invitation_link(token))


@staff_cli.command("list")
@click.argument("code")
def list_staff(code):
    """List the event's staff and pending invitations."""
    event = event_arg(code)
    for member in staff.list_staff(event, with_global=True):
        roles = member.roles + ["%s (every event)" % r for r in member.global_roles]
        state = "" if member.active else "  [deactivated]"
        click.echo("%s\t%s\t%s%s" % (member.email, member.name, ", ".join(roles), state))
    for invitation in invitations.pending(event):
        click.echo(
            "%s\t(invited)\t%s\tuntil %s"
            % (
                invitation.email,
                invitation.role,
                invitation.expires_at.isoformat(timespec="minutes"),
            )
        )


@staff_cli.command("revoke")
@click.argument("code")
@click.argument("email")
@click.option("--role", type=ROLES, default=None, help="Only this role (default: all).")
def revoke(code, email, role):
    """Take a person's roles on an event away; their live sockets on it close."""
    event = event_arg(code)
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(_("There is no account with that e-mail."))
    revoked = run(staff.revoke, event, user.id, role)
    broadcast.close_user_sockets(revoked.user_id, revoked.event_code)
    click.echo("Revoked %s from %s on %s." % (", ".join(revoked.roles), user.email, code))


# --- series -------------------------------------------------------------------------


@series_cli.command("create")
@click.argument("code")
@click.option("--title", required=True)
@click.option("--description", default="")
def create_series(code, title, description):
    """Create a series; add events with `events update CODE --series SERIES`."""
    created = run(series.create_series, code, title, description)
    click.echo("Created series %s." % created.code)


@series_cli.command("list")
def list_series():
    """List series and their events."""
    for item in series.list_series():
        codes = ", ".join(e.code for e in series.series_events(item)) or "-"
        click.echo("%s\t%s\t%s" % (item.code, item.title, codes))


def add_user_commands(users_cli: AppGroup) -> None:
    @users_cli.command("deactivate")
    @click.argument("email")
    @click.option("--undo", is_flag=True, help="Reactivate the account.")
    def deactivate(email, undo):
        """Deactivate an account: it cannot sign in and its live sockets close."""
        user = accounts.find_user(email)
        if user is None:
            raise click.ClickException(_("There is no account with that e-mail."))
        if undo:
            accounts.reactivate(user)
        else:
            accounts.deactivate(user)
            broadcast.close_user_sockets(user.id)
        click.echo("%s %s." % ("Reactivated" if undo else "Deactivated", user.email))

    @users_cli.command("reset-link")
    @click.argument("email")
    def reset_link(email):
        """Print a one-time password reset link for an account."""
        user = accounts.find_user(email)
        if user is None:
            raise click.ClickException(_("There is no account with that e-mail."))
        token = accounts.issue_reset_link(user)
        click.echo(current_app.config["BASE_URL"] + accounts.RESET_PATH + token)


def init_app(app, users_cli: AppGroup) -> None:
    add_user_commands(users_cli)
    for group in (staff_cli, series_cli):
        app.cli.add_command(group)
