"""held desk notices: a stage's owners hear of a file that arrived in quiet hours when the office opens

Revision ID: 0018_held_desk_notices
Revises: 0017_access_log_applicant
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0018_held_desk_notices"
down_revision = "0017_access_log_applicant"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "held_desk_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("stage_entered_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("release_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("released_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"],
                                name=op.f("fk_held_desk_notices_application_id_applications"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_users.id"],
                                name=op.f("fk_held_desk_notices_staff_id_staff_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_desk_notices")),
        sa.UniqueConstraint("staff_id", "application_id", "stage", "stage_entered_at",
                            name=op.f("uq_held_desk_notices_staff_id")),
    )
    op.create_index("ix_held_desk_notices_due", "held_desk_notices", ["released_at", "release_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_held_desk_notices_due", table_name="held_desk_notices")
    op.drop_table("held_desk_notices")
