"""registry at scale: indexes and columns the SQL statistics and bulk import need

Revision ID: 0003_scale
Revises: 0002_literature
Create Date: 2026-11-24
"""
from alembic import op

revision = "0003_scale"
down_revision = "0002_literature"
branch_labels = None
depends_on = None


# Bulk import (store.cases.add_cases): the next position is max(position), and the same-patient check
# reads the records that have a DOI or PMID -- both were full scans of the cases table.
_CASE_INDEXES = {"ix_cases_position": "position", "ix_cases_doi": "doi", "ix_cases_pmid": "pmid"}


def upgrade() -> None:
    for name, column in _CASE_INDEXES.items():
        op.create_index(name, "cases", [column])


def downgrade() -> None:
    for name in _CASE_INDEXES:
        op.drop_index(name, table_name="cases")
