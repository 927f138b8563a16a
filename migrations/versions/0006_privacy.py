"""privacy: proof of consent (notice version, message), pending erasure, generated attachments

Revision ID: 0006_privacy
Revises: 0005_submitted_index

Applicants who consented before the notice had a version get NULL: they are shown the complete
notice and asked again at their next message (UU 27/2022 Pasal 21 ayat 2).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0006_privacy"
down_revision = "0005_submitted_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_version", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("consent_message_sid", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("erasure_requested_at", storage.base.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attachment", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("attachment")
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.drop_column("erasure_requested_at")
        batch_op.drop_column("consent_message_sid")
        batch_op.drop_column("consent_version")
