"""the Content resources `flask whatsapp sync` keeps, and documents held for the applicant

Revision ID: 0011_whatsapp_content
Revises: 0010_outbox_refused

`whatsapp_contents`: one row per Twilio Content resource and language (SID, WhatsApp's approval
status). `applicants.documents_held`: a document waits for the applicant's next message.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0011_whatsapp_content"
down_revision = "0010_outbox_refused"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "whatsapp_contents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("sid", sa.String(length=64), nullable=True),
        sa.Column("approval", sa.String(length=30), nullable=False),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("synced_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_contents")),
        sa.UniqueConstraint("name", "language", name="uq_whatsapp_contents_name_language"),
    )
    # A plain ADD COLUMN (also on SQLite): batch mode would recreate `applicants`, which other
    # tables' foreign keys point at.
    op.add_column("applicants", sa.Column("documents_held", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Not batch mode: recreating `applicants` would trip the foreign keys that point at it.
        op.execute("ALTER TABLE applicants DROP COLUMN documents_held")  # SQLite ≥ 3.35
    else:
        op.drop_column("applicants", "documents_held")
    op.drop_table("whatsapp_contents")
