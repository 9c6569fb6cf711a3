"""The reference event (see shared/reference-event.md) and one account per role."""

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from .domain import grants, settings
from .extensions import db
from .models import Event, Panelist, Role, User

CODE = "FRI-PES"
TITLE = (
    "ILO Fair Recruitment Initiative knowledge exchange series: "
    "The role of Public Employment Services in fair recruitment promotion"
)
TIMEZONE = "Europe/Zurich"  # Geneva time (CET/CEST)
STARTS_AT = datetime(2023, 6, 15, 15, 30, tzinfo=ZoneInfo(TIMEZONE))
TOPICS = [
    "Promoting fair mobility through a network of public and private employment service "
    "actors: EURES Sweden",
    "Facilitating labour migration through outreach and prospection with employers: "
    "Tunisia's ATCT (international placement service)",
    "Integrating migrant labour present in national territories: "
    "Morocco's public employment service",
    "WAPES: its mission and services",
]
PANELISTS = [
    {"name": "EURES Sweden speaker", "organisation": "EURES Sweden", "languages_csv": "en"},
    {
        "name": "ATCT speaker",
        "organisation": "Tunisian Agency for Technical Cooperation (ATCT)",
        "languages_csv": "fr,ar,en",
    },
    {
        "name": "ANAPEC speaker",
        "organisation": "Morocco's public employment service (ANAPEC)",
        "languages_csv": "fr,ar",
    },
    {
        "name": "WAPES speaker",
        "organisation": "World Association of Public Employment Services (WAPES)",
        "languages_csv": "en,fr,es",
    },
]
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
    """Create the reference event and its accounts; returns (e-mail, role, password)."""
    event = settings.create_event(
        CODE,
        TITLE,
        STARTS_AT,
        timezone=TIMEZONE,
        duration_minutes=90,
        languages=["en", "fr", "es"],
        premoderation=True,
        topics=TOPICS,
        panelists=PANELISTS,
    )
    logins = []
    for email, name, role in ACCOUNTS:
        password = secrets.token_urlsafe(9)
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, session_token=secrets.token_hex(16))
            db.session.add(user)
        grants.give(user, role, event)
        user.set_password(password)
        logins.append((email, role.value, password))
    db.session.flush()
    panelist_user = db.session.scalar(select(User).where(User.email == ACCOUNTS[5][0]))
    seat = db.session.scalar(
        select(Panelist).where(Panelist.event_id == event.id, Panelist.position == 0)
    )
    seat.user_id = panelist_user.id
    db.session.commit()
    return logins
