"""change sequence: PostgreSQL draws seq from one sequence, not from the event's row

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-27

Votes no longer write the event's row on PostgreSQL (qa_app/domain/store.py,
CHANGE_SEQ). The sequence starts above every event's current seq, so the seqs
clients see keep rising across the upgrade. SQLite keeps its per-event counter.
"""

from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE SEQUENCE IF NOT EXISTS qa_change_seq")
    op.execute("SELECT setval('qa_change_seq', (SELECT COALESCE(MAX(seq), 0) + 1 FROM events))")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP SEQUENCE IF EXISTS qa_change_seq")
