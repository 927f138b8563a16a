"""complaints

Revision ID: 0003_survey
Revises: d58f9f66d156
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0003_survey"
down_revision = "d58f9f66d156"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicants.id"], name=op.f("fk_complaints_applicant_id_applicants")),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], name=op.f("fk_complaints_application_id_applications")),
        sa.ForeignKeyConstraint(["answered_by"], ["staff_users.id"], name=op.f("fk_complaints_answered_by_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("code", name=op.f("uq_complaints_code")),
    )
    op.create_index(op.f("ix_complaints_applicant_id"), "complaints", ["applicant_id"], unique=False)
    op.create_index(op.f("ix_complaints_status"), "complaints", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_complaints_status"), table_name="complaints")
    op.drop_index(op.f("ix_complaints_applicant_id"), table_name="complaints")
    op.drop_table("complaints")
