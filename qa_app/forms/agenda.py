"""Forms of the topics and panel pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, StringField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, Regexp

from qa_app.forms.fields import CheckboxesField, email_address, language_choices

REQUIRED = _l("This field is required.")
TOO_LONG = _l("Too long.")


class TopicForm(FlaskForm):
    """Add a topic, or rename one."""

    title = StringField(
        _l("Topic"), validators=[DataRequired(REQUIRED), Length(max=300, message=TOO_LONG)]
    )


class TopicMoveForm(FlaskForm):
    """Move a topic one place: -1 up, 1 down (the arrow buttons)."""

    offset = IntegerField(validators=[InputRequired(), AnyOf((-1, 1))])


class TopicOrderForm(FlaskForm):
    """Every topic id once, comma-separated, in the new order (drag and drop)."""

    order = StringField(validators=[InputRequired(), Regexp(r"^\d+(,\d+)*$")])

    def topic_ids(self) -> list[int]:
        return [int(part) for part in self.order.data.split(",")]


class ConfirmForm(FlaskForm):
    """A button that carries the CSRF token (close, archive, revoke...), and ``confirmed``
    when a confirmation page asked first."""

    confirmed = HiddenField()


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
        _l("Invite to this seat (e-mail, optional)"),
        description=_l(
            "They get a one-time link. When they accept it, the seat links itself to their "
            "account, which sees the questions assigned to this seat."
        ),
        validators=[
            Optional(),
            Length(max=254, message=TOO_LONG),
            email_address(),
        ],
    )
    unlink = BooleanField(_l("Remove the linked account or the pending invitation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = language_choices()
