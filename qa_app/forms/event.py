"""The event set-up form: create, edit and duplicate."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from qa_app.domain.rules import SUPPORTED_LANGUAGES
from qa_app.forms.fields import CheckboxesField, is_time_zone, language_choices, time_zone_choices

REQUIRED = _l("This field is required.")
CODE_RULE = _l("1 to 32 letters, digits, '-' or '_'.")
MAX_DURATION = 24 * 60
MAX_CAP = 1000


class EventForm(FlaskForm):
    code = StringField(
        _l("Event code"),
        description=_l("Part of the attendee link; 1 to 32 letters, digits, '-' or '_'."),
        validators=[
            DataRequired(REQUIRED),
            Length(max=32, message=CODE_RULE),
            Regexp(r"^[A-Za-z0-9_-]+$", message=CODE_RULE),
        ],
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(REQUIRED), Length(max=300, message=_l("Too long."))]
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=5000, message=_l("Too long."))]
    )
    starts_at = DateTimeLocalField(
        _l("Start (local time)"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(REQUIRED)],
    )
    timezone = SelectField(_l("Time zone"), validators=[DataRequired(REQUIRED)])
    duration_minutes = IntegerField(
        _l("Duration (minutes)"),
        default=90,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(
                min=1,
                max=MAX_DURATION,
                message=_l("The end must come after the start, within 24 hours."),
            ),
        ],
    )
    languages = CheckboxesField(_l("Languages"), validate_choice=False)
    premoderation = BooleanField(_l("Premoderation: hold new questions until approved"))
    accepting = BooleanField(_l("Accepting questions"), default=True)
    question_cap = IntegerField(
        _l("Questions per attendee (leave empty for no limit)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_CAP, message=_l("A whole number from 1 to 1000.")),
        ],
    )
    series = SelectField(_l("Series"), validate_choice=False)
    new_series = StringField(
        _l("Or start a new series"),
        validators=[Optional(), Length(max=200, message=_l("Too long."))],
    )
    public = BooleanField(_l("List it on the home page"))

    def __init__(self, *args, series_choices=(), editing=False, may_add_series=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = time_zone_choices(self.timezone.data or None)
        self.languages.choices = language_choices()
        self.series.choices = [
            SelectChoice("", _l("No series")),
            *(SelectChoice(str(value), label) for value, label in series_choices),
        ]
        if editing:
            # The code is in every link already shared: it is shown, not changed.
            del self.code
        if not may_add_series:
            del self.new_series  # new series are made by those who create events

    def validate_timezone(self, field):
        if not is_time_zone(field.data):
            raise ValidationError(_l("Pick a time zone from the list."))

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Pick at least one language."))
        if any(code not in SUPPORTED_LANGUAGES for code in field.data):
            raise ValidationError(_l("Pick languages from the list."))

    def validate_series(self, field):
        known = {choice.value for choice in self.series.choices}
        if (field.data or "") not in known:
            raise ValidationError(_l("Pick a series from the list."))

    def start_in_zone(self) -> datetime | None:
        """The start the organiser typed, read in the chosen time zone."""
        if self.starts_at.data is None or not is_time_zone(self.timezone.data):
            return None
        return self.starts_at.data.replace(tzinfo=ZoneInfo(self.timezone.data))

    def fill_from(self, event) -> None:
        """Show ``event`` as the organiser typed it: local start, series by code."""
        zone = ZoneInfo(event.timezone) if is_time_zone(event.timezone) else ZoneInfo("UTC")
        self.starts_at.data = event.starts_at.astimezone(zone).replace(tzinfo=None)
        self.languages.data = list(event.languages)
        self.series.data = event.series.code if event.series else ""

    def event_fields(self) -> tuple[dict, str | None]:
        """The validated input, named as ``events_admin`` takes it, and a new series' title."""
        data = {
            "title": self.title.data.strip(),
            "description": (self.description.data or "").strip(),
            "starts_at": self.start_in_zone(),
            "timezone": self.timezone.data,
            "duration_minutes": self.duration_minutes.data,
            "languages": list(dict.fromkeys(self.languages.data)),
            "premoderation": self.premoderation.data,
            "accepting": self.accepting.data,
            "question_cap": self.question_cap.data,
            "series": self.series.data or None,
            "public": self.public.data,
        }
        new_series = (self.new_series.data or "").strip() if self.new_series else ""
        return data, new_series or None


class DuplicateForm(FlaskForm):
    """Next in the series: a new code and start; everything else is copied."""

    code = StringField(
        _l("Code of the new event"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=32, message=CODE_RULE),
            Regexp(r"^[A-Za-z0-9_-]+$", message=CODE_RULE),
        ],
    )
    starts_at = DateTimeLocalField(
        _l("Start (local time)"), format="%Y-%m-%dT%H:%M", validators=[InputRequired(REQUIRED)]
    )

    def __init__(self, *args, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._zone = ZoneInfo(source.timezone) if source and is_time_zone(source.timezone) else UTC
        if source is not None and not self.is_submitted():
            # A monthly series is the common case: four weeks later, same hour.
            later = source.starts_at + timedelta(weeks=4)
            self.starts_at.data = later.astimezone(self._zone).replace(tzinfo=None)

    def start_in_zone(self) -> datetime:
        return self.starts_at.data.replace(tzinfo=self._zone)
