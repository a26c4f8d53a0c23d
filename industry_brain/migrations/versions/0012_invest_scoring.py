"""招商 scoring weights

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 15:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the operator's weights of the 招商 candidate score (one row per factor)."""
    op.create_table(
        "invest_weights",
        sa.Column("factor_id", sa.String(length=32), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", industry_brain.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("factor_id", name=op.f("pk_invest_weights")),
    )


def downgrade() -> None:
    """Drop the weights."""
    op.drop_table("invest_weights")
