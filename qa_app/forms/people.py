"""Forms about people: staff invitations, passwords, accepting an invitation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from qa_app.domain.access.accounts import clean_name, clean_password
from qa_app.domain.errors import DomainError
from qa_app.forms.fields import CheckboxesField, email_address, error_text, language_choices

REQUIRED = _l("This field is required.")
# Roles an organiser hands out per event; admin is global and made on the command line.
ROLE_LABELS = {
    "organiser": _l("Organiser"),
    "moderator": _l("Moderator"),
    "facilitator": _l("Facilitator"),
    "panelist": _l("Panelist"),
    "interpreter": _l("Interpreter"),
}


class InviteForm(FlaskForm):
    """Invite someone to an event's staff by e-mail and role."""

    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(REQUIRED), Length(max=254), email_address()],
    )
    # Most invitations are for the people who run the Q&A: moderators come first.
    role = SelectField(_l("Role"), validators=[DataRequired(REQUIRED)], default="moderator")
    languages = CheckboxesField(
        _l("Languages they interpret into (interpreters)"), validate_choice=False
    )

    def __init__(self, *args, event_languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [SelectChoice(value, label) for value, label in ROLE_LABELS.items()]
        self.languages.choices = language_choices(event_languages)
        self._event_languages = set(event_languages)

    def validate_languages(self, field):
        if any(code not in self._event_languages for code in field.data or ()):
            raise ValidationError(_l("Pick languages of this event."))


class RevokeForm(FlaskForm):
    """Take one role away from one person on an event."""

    role = StringField(validators=[DataRequired(REQUIRED), Length(max=20)])


def _policy(form, field):
    """The password policy (``accounts.clean_password``), told whose password it is."""
    name = form.name.data if "name" in form else form.account_name
    try:
        clean_password(field.data or "", form.account_email, name or form.account_name)
    except DomainError as exc:
        raise ValidationError(error_text(exc)) from None


def _display_name(form, field):
    """Staff need a display name: attendees see it, never the e-mail address."""
    try:
        field.data = clean_name(field.data or "")
    except DomainError as exc:
        raise ValidationError(error_text(exc)) from None


class NewPasswordForm(FlaskForm):
    """Choose a password (invitation, reset link); a display name when one is asked."""

    name = StringField(_l("Your name, as others will see it"), validators=[_display_name])
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED), _policy])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("The passwords differ."))],
    )

    def __init__(self, *args, email=None, account_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The policy refuses passwords made of the person's e-mail address or name.
        self.account_email = email
        self.account_name = account_name


class ChangePasswordForm(NewPasswordForm):
    """A signed-in person changes their own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.name


class SignInToAcceptForm(FlaskForm):
    """Accept an invitation with an account one already has."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), Length(max=200)])
