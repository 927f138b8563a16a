"""working minutes per stage visit on the history row that leaves the stage

Revision ID: 0004_stage_minutes
Revises: 0003_survey

Only the column: the rows already there are filled by `flask history fill-minutes`, which the
release step runs right after `flask db upgrade` (see workflow/stage_minutes.py for why the
backfill is not done here).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_stage_minutes"
down_revision = "0003_survey"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no default: PostgreSQL adds it without rewriting the table.
    with op.batch_alter_table("history_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("working_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("history_events", schema=None) as batch_op:
        batch_op.drop_column("working_minutes")
