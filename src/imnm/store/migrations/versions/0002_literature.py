"""living literature review: search runs, records, screening decisions

Revision ID: 0002_literature
Revises: 0001_initial
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_literature"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "literature_search_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("query", sa.Text(), nullable=True),
        sa.Column("mindate", sa.String(length=10), nullable=True),
        sa.Column("maxdate", sa.String(length=10), nullable=True),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("identified", sa.Integer(), nullable=False),
        sa.Column("duplicates_removed", sa.Integer(), nullable=False),
        sa.Column("new_records", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("literature_search_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_literature_search_runs_source"), ["source"], unique=False)

    op.create_table(
        "literature_records",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("pmid", sa.String(length=12), nullable=True),
        sa.Column("doi", sa.String(length=200), nullable=True),
        sa.Column("normalised_title", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("suggestion", sa.String(length=20), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("search_run_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["search_run_id"], ["literature_search_runs.id"]),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("literature_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_literature_records_pmid"), ["pmid"], unique=False)
        batch_op.create_index(batch_op.f("ix_literature_records_doi"), ["doi"], unique=False)
        batch_op.create_index(batch_op.f("ix_literature_records_year"), ["year"], unique=False)
        batch_op.create_index(batch_op.f("ix_literature_records_search_run_id"), ["search_run_id"], unique=False)

    op.create_table(
        "literature_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_key", sa.String(length=300), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(length=120), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["record_key"], ["literature_records.key"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("literature_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_literature_decisions_record_key"), ["record_key"], unique=False)


def downgrade() -> None:
    op.drop_table("literature_decisions")
    op.drop_table("literature_records")
    op.drop_table("literature_search_runs")
