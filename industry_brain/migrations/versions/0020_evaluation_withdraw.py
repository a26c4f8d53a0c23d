"""指标体系评估: manual values can be withdrawn (when, by whom, why)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the withdrawal of a manual value: when, by whom and the reason."""
    with op.batch_alter_table("evaluation_manual_values", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("withdrawn_at", industry_brain.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("withdrawn_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the withdrawal columns (withdrawn values count again)."""
    with op.batch_alter_table("evaluation_manual_values", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_by")
        batch_op.drop_column("withdrawn_at")
