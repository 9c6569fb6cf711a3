"""Forms of the topics and panel pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from .fields import CheckboxesField, email_address, language_choices

REQUIRED = _l("This field is required.")
TOO_LONG = _l("Too long.")


class TopicForm(FlaskForm):
    """Add a topic, or rename one."""

    title = StringField(
        _l("Topic"), validators=[DataRequired(REQUIRED), Length(max=300, message=TOO_LONG)]
    )


class TopicMoveForm(FlaskForm):
    """Move a topic to a position (1 is the first); the drag handle posts the same."""

    position = IntegerField(
        _l("Position"),
        validators=[
            DataRequired(REQUIRED),
            NumberRange(min=1, max=10_000, message=_l("A whole number from 1 up.")),
        ],
    )


class TopicRemoveForm(FlaskForm):
    """Remove a topic; ``confirmed`` is set by the confirmation page."""

    confirmed = HiddenField()


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token (close, archive, revoke, ...)."""


class PanelistForm(FlaskForm):
    """Add or edit a panelist."""

    name = StringField(
        _l("Name"), validators=[DataRequired(REQUIRED), Length(max=120, message=TOO_LONG)]
    )
    organisation = StringField(
        _l("Organisation"), validators=[Optional(), Length(max=200, message=TOO_LONG)]
    )
    languages = CheckboxesField(_l("Languages spoken"), validate_choice=False)
    account = EmailField(
        _l("Linked account (e-mail, optional)"),
        description=_l("The account gets the panelist role on this event and sees its questions."),
        validators=[
            Optional(),
            Length(max=254, message=TOO_LONG),
            email_address(),
        ],
    )
    unlink = BooleanField(_l("Remove the linked account"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = language_choices()
