"""招商 leads, their stages, visits and attachments

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 15:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _when(name: str) -> sa.Column[object]:
    return sa.Column(name, industry_brain.db.UTCDateTime(timezone=True), nullable=False)


def upgrade() -> None:
    """Create the leads and their timeline."""
    op.create_table(
        "invest_leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("template_id", sa.String(length=64), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.String(length=4), nullable=False),
        sa.Column("open_key", sa.String(length=150), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("abandon_reason", sa.Text(), nullable=True),
        sa.Column("abandoned_from", sa.String(length=4), nullable=True),
        sa.Column("score_at_add", sa.Float(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_invest_leads_assignee_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invest_leads")),
        sa.UniqueConstraint("open_key", name=op.f("uq_invest_leads_open_key")),
    )
    with op.batch_alter_table("invest_leads", schema=None) as batch_op:
        for column in ("assignee_id", "created_at", "stage", "uscc"):
            batch_op.create_index(batch_op.f(f"ix_invest_leads_{column}"), [column], unique=False)
        batch_op.create_index(
            "ix_invest_leads_template_node", ["template_id", "node_id"], unique=False
        )
    op.create_table(
        "invest_lead_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=4), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("people", sa.String(length=500), nullable=True),
        sa.Column("attachment_path", sa.String(length=500), nullable=True),
        sa.Column("attachment_sha256", sa.String(length=64), nullable=True),
        sa.Column("attachment_name", sa.String(length=255), nullable=True),
        sa.Column("attachment_bytes", sa.BigInteger(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        _when("at"),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["invest_leads.id"],
            name=op.f("fk_invest_lead_events_lead_id_invest_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invest_lead_events")),
    )
    with op.batch_alter_table("invest_lead_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invest_lead_events_lead_id"), ["lead_id"], unique=False
        )
        batch_op.create_index("ix_invest_lead_events_kind_stage", ["kind", "stage"], unique=False)


def downgrade() -> None:
    """Drop the leads and their timeline."""
    with op.batch_alter_table("invest_lead_events", schema=None) as batch_op:
        batch_op.drop_index("ix_invest_lead_events_kind_stage")
        batch_op.drop_index(batch_op.f("ix_invest_lead_events_lead_id"))
    op.drop_table("invest_lead_events")
    with op.batch_alter_table("invest_leads", schema=None) as batch_op:
        batch_op.drop_index("ix_invest_leads_template_node")
        for column in ("uscc", "stage", "created_at", "assignee_id"):
            batch_op.drop_index(batch_op.f(f"ix_invest_leads_{column}"))
    op.drop_table("invest_leads")
