"""literature extraction review queue and living-update runs

Revision ID: 0004_extraction_queue
Revises: 0003_scale
Create Date: 2026-11-24
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004_extraction_queue"
down_revision = "0003_scale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
