"""Flask command for the held words: ``events held-words CODE --language L [--set WORDS]``."""

import click
from flask.cli import with_appcontext

from qa_app.domain.access.permissions import EventGrant
from qa_app.domain.changes import Actor
from qa_app.domain.errors import DomainError
from qa_app.domain.safety import measures as safety
from qa_app.domain.store import get_event
from qa_app.models import Role

# The command line acts as an admin (whoever can run it can read the database anyway).
OPERATOR = Actor(user_id=None, email="command line", name="", grant=EventGrant.of(Role.ADMIN))


@click.command("held-words")
@with_appcontext
@click.argument("code")
@click.option("--language", required=True, help="One of the event's languages.")
@click.option("--set", "words", default=None, help="Comma-separated; an empty value clears.")
def held_words_command(code, language, words):
    """Show, or with --set replace, the words that hold questions in LANGUAGE for review."""
    try:
        event = get_event(code)
        if words is not None:
            safety.set_held_words(event, OPERATOR, language, words.split(","))
        lists = safety.word_lists(event)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("\n".join(lists.get(language, [])) or "(no held words for %s)" % language)


def init_app(app, events_group) -> None:
    events_group.add_command(held_words_command)
