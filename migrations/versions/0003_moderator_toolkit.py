"""moderator's toolkit: edits, merges, up next, interpreter flags, written answers

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-27

"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("original_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("original_language", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("edited_by", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("queue_position", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("interpreter_flag", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("answered_how", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("dismiss_reason_code", sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f("ix_questions_merged_into_id"), ["merged_into_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_questions_merged_into_id_questions"),
            "questions",
            ["merged_into_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("via_question_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_votes_via_question_id_questions"),
            "questions",
            ["via_question_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_table(
        "written_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_written_answers_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_written_answers_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_written_answers")),
        sa.UniqueConstraint("question_id", name=op.f("uq_written_answers_question_id")),
    )
    op.create_table(
        "answer_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["written_answers.id"],
            name=op.f("fk_answer_translations_answer_id_written_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_answer_translations_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_translations")),
        sa.UniqueConstraint(
            "answer_id", "language", name=op.f("uq_answer_translations_answer_id")
        ),
    )


def downgrade():
    op.drop_table("answer_translations")
    op.drop_table("written_answers")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_votes_via_question_id_questions"), type_="foreignkey")
        batch_op.drop_column("via_question_id")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_questions_merged_into_id_questions"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_questions_merged_into_id"))
        for column in (
            "dismiss_reason_code",
            "answered_how",
            "interpreter_flag",
            "queue_position",
            "merged_into_id",
            "edited_at",
            "edited_by",
            "original_language",
            "original_text",
        ):
            batch_op.drop_column(column)
