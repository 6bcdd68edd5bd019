"""literature extraction review queue and living-update runs

Revision ID: 0004_extraction_queue
Revises: 0003_scale
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_extraction_queue"
down_revision = "0003_scale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "literature_update_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("search_run_id", sa.Integer(), nullable=True),
        sa.Column("since", sa.String(length=10), nullable=True),
        sa.Column("identified", sa.Integer(), nullable=False),
        sa.Column("new_records", sa.Integer(), nullable=False),
        sa.Column("likely_new", sa.Integer(), nullable=False),
        sa.Column("records_extracted", sa.Integer(), nullable=False),
        sa.Column("items_queued", sa.Integer(), nullable=False),
        sa.Column("policy", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["search_run_id"], ["literature_search_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("literature_update_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_literature_update_runs_search_run_id"), ["search_run_id"],
                              unique=False)

    op.create_table(
        "extraction_queue_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_key", sa.String(length=300), nullable=False),
        sa.Column("pmid", sa.String(length=12), nullable=True),
        sa.Column("doi", sa.String(length=200), nullable=True),
        sa.Column("patient_label", sa.String(length=200), nullable=True),
        sa.Column("extracted", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("update_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["record_key"], ["literature_records.key"]),
        sa.ForeignKeyConstraint(["update_run_id"], ["literature_update_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("extraction_queue_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extraction_queue_items_record_key"), ["record_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_extraction_queue_items_pmid"), ["pmid"], unique=False)
        batch_op.create_index(batch_op.f("ix_extraction_queue_items_update_run_id"), ["update_run_id"],
                              unique=False)

    op.create_table(
        "extraction_queue_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("reviewer", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited", sa.JSON(), nullable=True),
        sa.Column("case_id", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["extraction_queue_items.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("extraction_queue_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extraction_queue_decisions_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    op.drop_table("extraction_queue_decisions")
    op.drop_table("extraction_queue_items")
    op.drop_table("literature_update_runs")
