"""catalogue and lineage

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 05:34:23.950655
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "catalog_entries",
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("layer", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("update_cycle", sa.String(length=50), nullable=False),
        sa.Column("grade", sa.String(length=8), nullable=False),
        sa.Column("sharing", sa.String(length=16), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=True),
        sa.Column("refreshed_at", industry_brain.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("fields_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_catalog_entries")),
    )
    with op.batch_alter_table("catalog_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalog_entries_layer"), ["layer"], unique=False)

    op.create_table(
        "lineage_edges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_table", sa.String(length=120), nullable=False),
        sa.Column("source_column", sa.String(length=120), nullable=False),
        sa.Column("target_table", sa.String(length=120), nullable=False),
        sa.Column("target_column", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lineage_edges")),
    )
    with op.batch_alter_table("lineage_edges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lineage_edges_source_table"), ["source_table"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_lineage_edges_target_table"), ["target_table"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("lineage_edges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lineage_edges_target_table"))
        batch_op.drop_index(batch_op.f("ix_lineage_edges_source_table"))

    op.drop_table("lineage_edges")
    with op.batch_alter_table("catalog_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_entries_layer"))

    op.drop_table("catalog_entries")
