"""working minutes per stage visit on the history row that leaves the stage

Revision ID: 0004_stage_minutes
Revises: 0003_survey

The column, and the index the dashboard's medians read. The rows already there are filled by
`flask history fill-minutes`, which the release step runs right after `flask db upgrade` (see
workflow/stage_minutes.py for why the backfill is not done here).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_stage_minutes"
down_revision = "0003_survey"
branch_labels = None
depends_on = None

INDEX = "ix_history_events_window"
COLUMNS = ["at", "from_stage", "working_minutes"]


def upgrade() -> None:
    # Nullable, no default: PostgreSQL adds it without rewriting the table.
    with op.batch_alter_table("history_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("working_minutes", sa.Integer(), nullable=True))
    # One transaction with the column (on PostgreSQL): history inserts wait while the index is
    # built (seconds at a million files; reads go on), and a failed upgrade leaves nothing behind.
    op.create_index(INDEX, "history_events", COLUMNS)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="history_events")
    with op.batch_alter_table("history_events", schema=None) as batch_op:
        batch_op.drop_column("working_minutes")
