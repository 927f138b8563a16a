"""The desk's search: the words of each file's details (search_terms) and the NIK's last digits
(an index on the expression), filled for the files already there

Revision ID: 0018_search
Revises: 0017_access_log_applicant
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0018_search"
down_revision = "0017_access_log_applicant"
branch_labels = None
depends_on = None

BATCH = 5_000


def upgrade() -> None:
    from storage.search_terms import TERM_TYPE, detail_terms

    op.create_table(
        "search_terms",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("term", TERM_TYPE, nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"],
                                name=op.f("fk_search_terms_application_id_applications"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("application_id", "term", name=op.f("pk_search_terms")),
    )
    op.create_index("ix_search_terms_term", "search_terms", ["term", "application_id"])
    op.create_index("ix_applicants_nik_tail", "applicants", [sa.text("substr(nik, 13, 4)")])
    # The files already there: their details' words (read in batches, by id).
    conn = op.get_bind()
    terms = sa.table("search_terms", sa.column("application_id"), sa.column("term"))
    last = 0
    while True:
        rows = conn.execute(sa.text("SELECT id, details FROM applications WHERE id > :last ORDER BY id LIMIT :n"),
                            {"last": last, "n": BATCH}).all()
        if not rows:
            break
        found = []
        for app_id, details in rows:
            details = json.loads(details) if isinstance(details, str) else details
            found += [{"application_id": app_id, "term": t} for t in sorted(detail_terms(details))]
        if found:
            conn.execute(terms.insert(), found)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_applicants_nik_tail", table_name="applicants")
    op.drop_index("ix_search_terms_term", table_name="search_terms")
    op.drop_table("search_terms")
