"""staff_users.session_version: logout, a new password and deactivation end every open session

Revision ID: 0015_session_version
Revises: 0014_access_log
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_session_version"
down_revision = "0014_access_log"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("session_version")
