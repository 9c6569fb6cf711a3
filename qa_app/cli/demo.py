"""The reference event (see shared/reference-event.md), loaded from a set-up file.

``demo_event.yaml`` beside this module is the event, its series, topics, panel and staff,
in the format of ``flask events import``. The accounts it names are made here first, each
with a random password, so the import grants their roles instead of inviting them; the
admin account gets the global admin grant.
"""

import secrets
from pathlib import Path

from sqlalchemy import select

from qa_app.domain.access import accounts, grants, signin
from qa_app.domain.access.passwords import hash_password
from qa_app.domain.agenda import setup_files, setup_format
from qa_app.extensions import db
from qa_app.models import Event, Role

SETUP_FILE = Path(__file__).with_name("demo_event.yaml")
CODE = "FRI-PES"
ACCOUNTS = [
    ("admin@fri-pes.example", "Event admin", Role.ADMIN),
    ("organiser@fri-pes.example", "Series organiser", Role.ORGANISER),
    ("anna-karin.palm-olsson@fri-pes.example", "Anna-Karin Palm-Olsson", Role.MODERATOR),
    ("miriam.boudraa@fri-pes.example", "Miriam Boudraa (ITC-ILO)", Role.FACILITATOR),
    ("gaela.roudy-fraser@fri-pes.example", "Gaëla Roudy Fraser (ILO)", Role.FACILITATOR),
    ("panelist@fri-pes.example", "EURES Sweden speaker", Role.PANELIST),
    ("interpreter@fri-pes.example", "Interpreter (FR/ES)", Role.INTERPRETER),
]


def demo_exists() -> bool:
    return db.session.scalar(select(Event.id).where(Event.code == CODE)) is not None


def load_demo() -> list[tuple[str, str, str]]:
    """Create the accounts, then import the reference event; returns (e-mail, role, password)."""
    # Every hash first, with no transaction open: a running server keeps its write lock.
    signin.end_read()
    passwords = [secrets.token_urlsafe(12) for _ in ACCOUNTS]
    hashes = [hash_password(password) for password in passwords]
    logins = []
    for (email, name, role), password, password_hash in zip(
        ACCOUNTS, passwords, hashes, strict=True
    ):
        user = accounts.find_user(email)
        if user is None:
            user = accounts.build_account(email, name, password_hash)
        user.password_hash = password_hash
        if role == Role.ADMIN:
            grants.give(user, role)
        logins.append((email, role.value, password))
    db.session.commit()
    data, lines = setup_format.load(SETUP_FILE.read_text(encoding="utf-8"), "yaml")
    setup_files.import_setup(data, lines)
    return logins
