"""letter drafts: the letter as it will be signed, previewed before the signature

Revision ID: 0016_letter_drafts
Revises: 0015_session_version
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0016_letter_drafts"
down_revision = "0015_session_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_drafts",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("inputs", sa.String(length=64), nullable=False),
        sa.Column("verification_code", sa.String(length=40), nullable=False),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"],
                                name=op.f("fk_letter_drafts_application_id_applications"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_letter_drafts")),
        sa.UniqueConstraint("verification_code", name=op.f("uq_letter_drafts_verification_code")),
    )


def downgrade() -> None:
    op.drop_table("letter_drafts")
