"""Create or update an event together with a new series it belongs to, all or nothing.

The event form can name a new series. The series is added to the session without a
commit, so the event's own unit of work (``events_admin.create_event`` or
``update_event``) commits both, or a refusal rolls both back: nothing is half-saved.
The series code is made from its title (``Fair recruitment 2026`` -> ``fair-recruitment-2026``).
"""

import re
import unicodedata

from sqlalchemy import select

from qa_app.domain.agenda import fields
from qa_app.domain.errors import DomainError, InvalidFields
from qa_app.extensions import db
from qa_app.models import Series

MAX_CODE = fields.MAX_CODE_CHARS


def code_for(title: str) -> str:
    """A free series code from ``title``: ASCII letters and digits joined by '-'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = "-".join(re.findall(r"[A-Za-z0-9]+", ascii_title)).lower()[:MAX_CODE] or "series"
    taken = set(db.session.scalars(select(Series.code).where(Series.code.like(base + "%"))))
    code, number = base, 1
    while code in taken:
        number += 1
        suffix = "-%d" % number
        code = base[: MAX_CODE - len(suffix)] + suffix
    return code


def save(unit, *args, data: dict, series_title: str | None = None):
    """Run ``unit(*args, data)`` after adding the new series ``series_title`` (if any)."""
    try:
        if series_title:
            try:
                title = fields.clean_title(series_title)
            except DomainError as exc:
                raise InvalidFields({"new_series": exc}) from None
            series = Series(code=code_for(title), title=title)
            db.session.add(series)
            data = {**data, "series": series.code}
        return unit(*args, data)
    except DomainError:
        db.session.rollback()
        raise
