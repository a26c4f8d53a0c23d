"""指标体系评估: manual indicator values and their evidence

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the manual values and their evidence files."""
    op.create_table(
        "evaluation_manual_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.String(length=64), nullable=False),
        sa.Column("indicator", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_at", industry_brain.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_manual_values")),
    )
    with op.batch_alter_table("evaluation_manual_values", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evaluation_manual_values_key", ["system_id", "year", "indicator"], unique=False
        )
    op.create_table(
        "evaluation_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("relative_path", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["value_id"],
            ["evaluation_manual_values.id"],
            name=op.f("fk_evaluation_evidence_value_id_evaluation_manual_values"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_evidence")),
    )
    with op.batch_alter_table("evaluation_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_evidence_value_id"), ["value_id"], unique=False
        )


def downgrade() -> None:
    """Drop the evidence files and the manual values."""
    with op.batch_alter_table("evaluation_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_evidence_value_id"))
    op.drop_table("evaluation_evidence")
    with op.batch_alter_table("evaluation_manual_values", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluation_manual_values_key")
    op.drop_table("evaluation_manual_values")
