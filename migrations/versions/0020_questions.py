"""questions: "Tanya petugas", questions to the office answered from the back office

Revision ID: 0020_questions
Revises: 0019_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0020_questions"
down_revision = "0019_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("alerted_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicants.id"], name=op.f("fk_questions_applicant_id_applicants")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], name=op.f("fk_questions_service_id_services")),
        sa.ForeignKeyConstraint(["answered_by"], ["staff_users.id"], name=op.f("fk_questions_answered_by_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
        sa.UniqueConstraint("code", name=op.f("uq_questions_code")),
    )
    op.create_index(op.f("ix_questions_applicant_id"), "questions", ["applicant_id"], unique=False)
    op.create_index(op.f("ix_questions_status"), "questions", ["status"], unique=False)
    op.create_index(op.f("ix_questions_created_at"), "questions", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_questions_created_at"), table_name="questions")
    op.drop_index(op.f("ix_questions_status"), table_name="questions")
    op.drop_index(op.f("ix_questions_applicant_id"), table_name="questions")
    op.drop_table("questions")
