"""the file's service on each history row, for the dashboard's per-service medians

Revision ID: 0021_history_service
Revises: 0020_questions

`history_events.service_id` (nullable, no default: PostgreSQL adds it without rewriting the
table) and the index the medians read instead of `ix_history_events_window`: (at, service_id,
from_stage, working_minutes), so the 90-day window is grouped by service without joining every
row to `applications` (7 s at a million files, BENCHMARKS.md). The rows already there are filled
by `flask history fill-minutes`, which the release step runs right after `flask db upgrade`, in
short transactions (the same reasons as 0004: workflow/stage_minutes.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_history_service"
down_revision = "0020_questions"
branch_labels = None
depends_on = None

OLD_INDEX, OLD_COLUMNS = "ix_history_events_window", ["at", "from_stage", "working_minutes"]
INDEX, COLUMNS = "ix_history_events_medians", ["at", "service_id", "from_stage", "working_minutes"]


def upgrade() -> None:
    with op.batch_alter_table("history_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_id", sa.Integer(), nullable=True))
    op.create_index(INDEX, "history_events", COLUMNS)
    op.drop_index(OLD_INDEX, table_name="history_events")


def downgrade() -> None:
    op.create_index(OLD_INDEX, "history_events", OLD_COLUMNS)
    op.drop_index(INDEX, table_name="history_events")
    with op.batch_alter_table("history_events", schema=None) as batch_op:
        batch_op.drop_column("service_id")
