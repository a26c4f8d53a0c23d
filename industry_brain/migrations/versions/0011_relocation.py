"""relocation watch list

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 14:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the watch list (关注名单) of the relocation domain."""
    op.create_table(
        "relocation_watch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("score_at_add", sa.Float(), nullable=True),
        sa.Column("level_at_add", sa.String(length=4), nullable=True),
        sa.Column("as_of_at_add", sa.Date(), nullable=True),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.Column("added_at", industry_brain.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("removed_by", sa.String(length=64), nullable=True),
        sa.Column("removed_at", industry_brain.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("removal_note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relocation_watch")),
    )
    with op.batch_alter_table("relocation_watch", schema=None) as batch_op:
        batch_op.create_index(
            "ix_relocation_watch_uscc_removed", ["uscc", "removed_at"], unique=False
        )


def downgrade() -> None:
    """Drop the watch list."""
    with op.batch_alter_table("relocation_watch", schema=None) as batch_op:
        batch_op.drop_index("ix_relocation_watch_uscc_removed")
    op.drop_table("relocation_watch")
