"""access_log.staff_id nullable: an applicant's own erasure (HAPUS DATA) is logged without staff

Revision ID: 0017_access_log_applicant
Revises: 0016_letter_drafts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_access_log_applicant"
down_revision = "0016_letter_drafts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("access_log", schema=None) as batch_op:  # nothing refers to access_log
        batch_op.alter_column("staff_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM access_log WHERE staff_id IS NULL")
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.alter_column("staff_id", existing_type=sa.Integer(), nullable=False)
