"""confirmed e-mail addresses, grants waiting for them, invitations any account may
accept, seats waiting for their invitation

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-07

Accounts that exist before the upgrade count as confirmed (since their creation): the
rule applies to accounts made from an invitation from now on (issue 17, item 7).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email_verified_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE users SET email_verified_at = created_at")
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(
            sa.Column("any_account", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("panelists") as batch:
        batch.add_column(sa.Column("pending_email", sa.String(length=254), nullable=True))
    op.create_table(
        "email_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_email_confirmations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_confirmations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_email_confirmations_token_hash")),
    )
    op.create_index(
        op.f("ix_email_confirmations_user_id"), "email_confirmations", ["user_id"], unique=False
    )
    op.create_table(
        "pending_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("languages", sa.String(length=100), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_pending_grants_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_pending_grants_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_grants")),
    )
    op.create_index(op.f("ix_pending_grants_user_id"), "pending_grants", ["user_id"], unique=False)
    op.create_index(
        op.f("ix_pending_grants_event_id"), "pending_grants", ["event_id"], unique=False
    )


def downgrade():
    op.drop_table("pending_grants")
    op.drop_table("email_confirmations")
    with op.batch_alter_table("panelists") as batch:
        batch.drop_column("pending_email")
    with op.batch_alter_table("invitations") as batch:
        batch.drop_column("any_account")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email_verified_at")
