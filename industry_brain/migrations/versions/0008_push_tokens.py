"""push tokens

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "push_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=16), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", industry_brain.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", industry_brain.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", industry_brain.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", industry_brain.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_push_tokens_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_push_tokens_token_hash")),
    )
    with op.batch_alter_table("push_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_push_tokens_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("push_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_push_tokens_org_id"))
    op.drop_table("push_tokens")
