"""Flask commands for the transcript: ``export`` and ``events purge``."""

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

from qa_app.cli.common import event_arg, run
from qa_app.domain.agenda import retention
from qa_app.domain.errors import Invalid
from qa_app.domain.lifecycle import refuse_if_archived
from qa_app.exports.filters import GROUPS, ORDERS, STATES, parse_options
from qa_app.exports.formats import FORMATS, export, filename


@click.command("export")
@with_appcontext
@click.argument("code")
@click.option("--format", "fmt", required=True, type=click.Choice(sorted(FORMATS)))
@click.option("--lang", default=None, help="The reader's language for headers and labels.")
@click.option("-o", "--output", default=None, help="File to write; '-' for standard output.")
@click.option("--anonymous", is_flag=True, help="Leave out askers' names.")
@click.option("--state", type=click.Choice(STATES), default=None)
@click.option("--language", default=None, help="Only questions asked in this language.")
@click.option("--topic", default=None, help="Only questions on this topic (id).")
@click.option("--panelist", default=None, help="Only questions for this panelist (id).")
@click.option("--order", type=click.Choice(ORDERS), default="asked", show_default=True)
@click.option("--group", type=click.Choice(GROUPS), default="topic", show_default=True)
def export_command(code, fmt, lang, output, anonymous, **filters):
    """Write an event's transcript (csv, json, md) or report (html, pdf)."""
    event = event_arg(code)
    args = {key: value for key, value in filters.items() if value is not None}
    args.update(lang=lang, anonymous="1" if anonymous else None)
    languages = current_app.config["LANGUAGES"]
    try:
        options = parse_options(event, args, languages, current_app.config["BABEL_DEFAULT_LOCALE"])
    except Invalid as exc:
        raise click.BadParameter(_(exc.message, **exc.params)) from None
    path = output or filename(event.code, fmt)
    with force_locale(options.reader):
        body = export(event, fmt, options)
    if path == "-" and fmt == "pdf" and sys.stdout.isatty():
        raise click.UsageError("A PDF is not for a terminal: use -o FILE.")
    with click.open_file(path, "wb") as out:
        out.write(body)
    if path != "-":
        click.echo("Wrote %s (%d bytes)." % (path, len(body)), err=True)


@click.command("purge")
@with_appcontext
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def purge_command(code, yes):
    """Delete an event's questions, votes, translations and history (the event stays)."""
    event = event_arg(code)
    run(refuse_if_archived, event)  # before asking: the answer would not matter
    found = retention.count_content(event)
    click.echo(
        "Event %s: %d questions, %d votes, %d translations, %d history entries."
        % (event.code, found.questions, found.votes, found.translations, found.history)
    )
    if not yes:
        click.confirm("Delete them for good? The event, its topics and its panel stay.", abort=True)
    done = run(retention.purge_event, event)
    click.echo(
        "Deleted %d questions, %d votes, %d translations and %d history entries from %s."
        % (done.questions, done.votes, done.translations, done.history, event.code)
    )


def init_app(app, events_group) -> None:
    app.cli.add_command(export_command)
    events_group.add_command(purge_command)
