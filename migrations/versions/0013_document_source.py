"""documents.source and documents.parts: a PDF made from photos (or a Word file) says so

Revision ID: 0013_document_source
Revises: 0012_privacy

`source` is "pdf" (checked as sent), "photos" (made by the service from the applicant's photos;
`parts` has one entry per photo) or "converted" (a Word/OpenDocument file through LibreOffice).
Existing rows were all PDFs.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_document_source"
down_revision = "0012_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("source", sa.String(length=16), nullable=False, server_default="pdf"))
        batch.add_column(sa.Column("parts", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("parts")
        batch.drop_column("source")
