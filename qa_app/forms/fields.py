"""Choices and fields shared by the forms: time zones, languages, domain errors on fields."""

from functools import lru_cache

from babel.dates import get_timezone_location
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from qa_app.domain.agenda.fields import zones
from qa_app.domain.rules import SUPPORTED_LANGUAGES
from qa_app.web.i18n import current_language, language_name, localized_params

# The regions of the IANA database people pick from; the legacy aliases (US/..., Etc/...,
# CET, ...) stay valid when typed on the command line but are not offered.
REGIONS = {
    "Africa": _l("Africa"),
    "America": _l("Americas"),
    "Antarctica": _l("Antarctica"),
    "Arctic": _l("Arctic"),
    "Asia": _l("Asia"),
    "Atlantic": _l("Atlantic Ocean"),
    "Australia": _l("Australia"),
    "Europe": _l("Europe"),
    "Indian": _l("Indian Ocean"),
    "Pacific": _l("Pacific Ocean"),
}


def is_time_zone(name: str) -> bool:
    """True for a name the IANA database knows (``Europe/Zurich``, ``UTC``)."""
    return isinstance(name, str) and name in zones()


def _city(zone: str, locale: str) -> str:
    """The zone's main city in the reader's language (CLDR), else from its IANA name."""
    fallback = zone.rsplit("/", 1)[-1].replace("_", " ")
    try:
        return get_timezone_location(zone, locale=locale, return_city=True) or fallback
    except LookupError:
        return fallback


@lru_cache(maxsize=8)
def _zones_for(locale: str) -> tuple[tuple[str, str, str], ...]:
    rows = []
    for zone in zones():
        region = zone.split("/", 1)[0]
        if region in REGIONS and "/" in zone:
            rows.append((region, zone, _city(zone, locale)))
    return tuple(sorted(rows, key=lambda row: (row[0], row[2].casefold())))


def time_zone_choices(current: str | None = None) -> list[SelectChoice]:
    """Every offered zone grouped by region, cities named in the reader's language.

    ``current`` (a valid zone set elsewhere, e.g. ``US/Eastern``) is offered too, so
    editing an event never changes its zone behind the organiser's back.
    """
    choices = [SelectChoice("UTC", _("UTC (coordinated universal time)"))]
    offered = {"UTC"}
    for region, zone, city in _zones_for(current_language()):
        choices.append(SelectChoice(zone, "%s (%s)" % (city, zone), optgroup=str(REGIONS[region])))
        offered.add(zone)
    if current and current not in offered and is_time_zone(current):
        choices.insert(1, SelectChoice(current, current))
    return choices


def email_address() -> Regexp:
    """A light e-mail check (one @, a dot in the domain); no DNS look-up, no extra package."""
    return Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an e-mail address."))


def language_choices(codes=SUPPORTED_LANGUAGES) -> list[SelectChoice]:
    """The supported languages, each named in the reader's language."""
    return [SelectChoice(code, language_name(code).capitalize()) for code in codes]


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (usable without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def error_text(exc) -> str:
    """A domain error's message (an untranslated template) in the reader's language."""
    return _(exc.message, **localized_params(exc.params))


def _show(form, name: str | None, exc) -> bool:
    target = getattr(form, name, None) if name else None
    if target is None:
        return False
    target.errors = [*target.errors, error_text(exc)]
    return True


def add_domain_error(form, exc, field: str | None = None, aliases=None) -> bool:
    """Show a refused change beside its fields; False when one error has no field to go to.

    ``InvalidFields`` carries one error per field name (``aliases`` renames the domain's
    names to the form's); any other error goes under ``field`` when one is given.
    """
    errors = getattr(exc, "errors", None)
    if errors:
        aliases = aliases or {}
        placed = [_show(form, aliases.get(name, name), error) for name, error in errors.items()]
        return all(placed)
    return _show(form, field, exc)
