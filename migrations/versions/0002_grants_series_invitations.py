"""per-event grants, organisers, series, invitations, reset links, event life

Revision ID: 0002
Revises: 0005
Create Date: 2026-11-27

Rights move from ``users.role`` to ``grants``: an ``admin`` becomes a global admin
grant; every other role becomes a grant on every event that exists now, so the
demo and existing events keep working as before.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0005"
branch_labels = None
depends_on = None


def _language_column():
    return sa.Column("languages", sa.String(length=100), nullable=False, server_default="")


def _create_tables():
    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series")),
        sa.UniqueConstraint("code", name=op.f("uq_series_code")),
    )
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("description", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("public", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("series_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("question_cap", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_events_series_id_series"), "series", ["series_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index(op.f("ix_events_series_id"), ["series_id"], unique=False)
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_table(
        "grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        _language_column(),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_grants_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_grants_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grants")),
    )
    op.create_index(op.f("ix_grants_user_id"), "grants", ["user_id"], unique=False)
    op.create_index(op.f("ix_grants_event_id"), "grants", ["event_id"], unique=False)
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        _language_column(),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_invitations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"],
            ["users.id"],
            name=op.f("fk_invitations_accepted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    op.create_index(op.f("ix_invitations_event_id"), "invitations", ["event_id"], unique=False)
    op.create_table(
        "reset_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reset_links_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reset_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_reset_links_token_hash")),
    )
    op.create_index(op.f("ix_reset_links_user_id"), "reset_links", ["user_id"], unique=False)


def _roles_to_grants():
    """admin: one global grant; any other role: a grant on every existing event."""
    bind = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("role", sa.String))
    events = sa.table("events", sa.column("id", sa.Integer))
    grants = sa.table(
        "grants",
        sa.column("user_id", sa.Integer),
        sa.column("event_id", sa.Integer),
        sa.column("role", sa.String),
        sa.column("languages", sa.String),
        sa.column("created_at", sa.DateTime),
    )
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC, as the models do
    event_ids = [row.id for row in bind.execute(sa.select(events.c.id).order_by(events.c.id))]
    rows = []
    for user_id, role in bind.execute(sa.select(users.c.id, users.c.role).order_by(users.c.id)):
        targets = [None] if role == "admin" else event_ids
        rows += [{"user_id": user_id, "event_id": e, "role": role} for e in targets]
    if rows:
        bind.execute(grants.insert().values(languages="", created_at=now), rows)


def upgrade():
    _create_tables()
    _roles_to_grants()
    with op.batch_alter_table("users") as batch:
        batch.drop_column("role")


def _grants_to_roles():
    """Back to one role per account: the widest one it held anywhere."""
    bind = op.get_bind()
    order = ["admin", "organiser", "moderator", "facilitator", "interpreter", "panelist"]
    held: dict[int, set[str]] = {}
    for user_id, role in bind.execute(sa.text("SELECT user_id, role FROM grants")):
        held.setdefault(user_id, set()).add(role)
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("role", sa.String))
    for user_id, roles in held.items():
        # organiser did not exist before 0002: the nearest older role is moderator
        role = next(r for r in order if r in roles).replace("organiser", "moderator")
        bind.execute(users.update().where(users.c.id == user_id).values(role=role))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("role", sa.String(length=20), nullable=False, server_default="panelist")
        )
    _grants_to_roles()
    op.drop_index(op.f("ix_reset_links_user_id"), table_name="reset_links")
    op.drop_table("reset_links")
    op.drop_index(op.f("ix_invitations_event_id"), table_name="invitations")
    op.drop_table("invitations")
    op.drop_index(op.f("ix_grants_event_id"), table_name="grants")
    op.drop_index(op.f("ix_grants_user_id"), table_name="grants")
    op.drop_table("grants")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("active")
    with op.batch_alter_table("events") as batch:
        batch.drop_index(op.f("ix_events_series_id"))
        batch.drop_constraint(op.f("fk_events_series_id_series"), type_="foreignkey")
        for column in ("archived_at", "closed_at", "question_cap", "series_id"):
            batch.drop_column(column)
        batch.drop_column("public")
        batch.drop_column("description")
    op.drop_table("series")
