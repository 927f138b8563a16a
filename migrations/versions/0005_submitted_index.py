"""index on applications.submitted_at, for the dashboard's submissions per week

Revision ID: 0005_submitted_index
Revises: 0004_stage_minutes

At a million applications the dashboard counted the last twelve weeks' submissions by reading
every row's submission time (345 ms on SQLite); with the index it reads the twelve weeks only.
"""

from __future__ import annotations

from alembic import op

revision = "0005_submitted_index"
down_revision = "0004_stage_minutes"
branch_labels = None
depends_on = None

INDEX = "ix_applications_submitted_at"


def upgrade() -> None:
    op.create_index(INDEX, "applications", ["submitted_at"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="applications")
