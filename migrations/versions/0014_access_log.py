"""access log of personal data: who opened which applicant's file, NIK or document, and when

Revision ID: 0014_access_log
Revises: 0013_document_source
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0014_access_log"
down_revision = "0013_document_source"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_users.id"], name=op.f("fk_access_log_staff_id_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    op.create_index(op.f("ix_access_log_at"), "access_log", ["at"])
    op.create_index(op.f("ix_access_log_staff_id"), "access_log", ["staff_id"])
    op.create_index(op.f("ix_access_log_applicant_id"), "access_log", ["applicant_id"])


def downgrade() -> None:
    op.drop_table("access_log")
