"""The desk's search: the words of each file's details (search_terms) and of each applicant's name
(name_terms), the NIK's last digits (an index on the expression); the words filled for the rows
already there

Revision ID: 0019_search
Revises: 0018_held_desk_notices
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0019_search"
down_revision = "0018_held_desk_notices"
branch_labels = None
depends_on = None

BATCH = 5_000


def upgrade() -> None:
    from storage.search_terms import TERM_TYPE, detail_terms, words

    op.create_table(
        "name_terms",
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("term", TERM_TYPE, nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicants.id"],
                                name=op.f("fk_name_terms_applicant_id_applicants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("applicant_id", "term", name=op.f("pk_name_terms")),
    )
    op.create_index("ix_name_terms_term", "name_terms", ["term", "applicant_id"])
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
    # The rows already there: the files' details and the applicants' names (read in batches, by id).
    _fill("applications", "details", "search_terms", "application_id",
          lambda details: detail_terms(json.loads(details) if isinstance(details, str) else details))
    _fill("applicants", "name", "name_terms", "applicant_id", lambda name: set(words(name or "")))


def _fill(source: str, column: str, target: str, key: str, terms_of) -> None:
    conn = op.get_bind()
    terms = sa.table(target, sa.column(key), sa.column("term"))
    last = 0
    while True:
        rows = conn.execute(sa.text(f"SELECT id, {column} FROM {source} WHERE id > :last ORDER BY id LIMIT :n"),
                            {"last": last, "n": BATCH}).all()
        if not rows:
            break
        found = [{key: row_id, "term": t} for row_id, value in rows for t in sorted(terms_of(value))]
        if found:
            conn.execute(terms.insert(), found)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_applicants_nik_tail", table_name="applicants")
    op.drop_index("ix_search_terms_term", table_name="search_terms")
    op.drop_table("search_terms")
    op.drop_index("ix_name_terms_term", table_name="name_terms")
    op.drop_table("name_terms")
