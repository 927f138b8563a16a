"""privacy: proof of consent (notice version, message), pending erasure, generated attachments

Revision ID: 0012_privacy
Revises: 0011_whatsapp_content

Applicants who consented before the notice had a version get NULL: they are shown the complete
notice and asked again at their next message (UU 27/2022 Pasal 21 ayat 2).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0012_privacy"
down_revision = "0011_whatsapp_content"
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN (SQLite ≥ 3.35 and PostgreSQL both have them): a batch rebuild of
# `applicants` would DROP a table other tables' foreign keys point at.
def _applicant_columns() -> list[sa.Column]:
    return [
        sa.Column("consent_version", sa.String(length=20), nullable=True),
        sa.Column("consent_message_sid", sa.String(length=64), nullable=True),
        sa.Column("erasure_requested_at", storage.base.UTCDateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    for column in _applicant_columns():
        op.add_column("applicants", column)
    op.add_column("outbox_messages", sa.Column("attachment", sa.String(length=20), nullable=True))


def downgrade() -> None:
    op.drop_column("outbox_messages", "attachment")
    for column in reversed(_applicant_columns()):
        op.drop_column("applicants", column.name)
