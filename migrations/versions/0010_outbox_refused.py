"""outbox rows remember WhatsApp's refusal of a free-form send (63016) and a held document

Revision ID: 0010_outbox_refused
Revises: 0005_submitted_index

`refused_at`/`refused_sid`: the free-form send WhatsApp refused outside the 24-hour window (at
creation or in the status callback); the row is then sent again as its template, once.
`document_held`: the row's document did not travel with it (a template without a media header)
and goes out on the applicant's next message.
"""

from __future__ import annotations

import sqlalchemy as sa
import storage.base
from alembic import op

revision = "0010_outbox_refused"
down_revision = "0005_submitted_index"
branch_labels = None
depends_on = None

INDEX = "ix_outbox_messages_refused_sid"


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refused_at", storage.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("refused_sid", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("document_held", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index(INDEX, "outbox_messages", ["refused_sid"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="outbox_messages")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("document_held")
        batch_op.drop_column("refused_sid")
        batch_op.drop_column("refused_at")
