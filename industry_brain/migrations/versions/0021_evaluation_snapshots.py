"""指标体系评估: frozen snapshots (定稿) of a year's evaluation

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the snapshots: the whole evaluation as JSON with its SHA-256, note, who, when."""
    op.create_table(
        "evaluation_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", industry_brain.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_snapshots")),
    )
    with op.batch_alter_table("evaluation_snapshots", schema=None) as batch_op:
        batch_op.create_index("ix_evaluation_snapshots_key", ["system_id", "year"], unique=False)


def downgrade() -> None:
    """Drop the snapshots."""
    with op.batch_alter_table("evaluation_snapshots", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluation_snapshots_key")
    op.drop_table("evaluation_snapshots")
