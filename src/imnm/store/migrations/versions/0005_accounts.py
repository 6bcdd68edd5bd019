"""web accounts, sessions and the patient-data audit log

Revision ID: 0005_accounts
Revises: 0004_extraction_queue
Create Date: 2026-11-24
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005_accounts"
down_revision = "0004_extraction_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
