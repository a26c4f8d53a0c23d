"""warning rules, warnings and their tasks, warning timelines

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, industry_brain.db.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create the rules, warnings and warning events tables."""
    op.create_table(
        "alert_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("indicator", sa.String(length=60), nullable=True),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("thresholds", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        _when("created_at"),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_rules")),
        sa.UniqueConstraint("name", name=op.f("uq_alert_rules_name")),
    )
    op.create_table(
        "alert_warnings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_key", sa.String(length=120), nullable=False),
        sa.Column("subject_name", sa.String(length=200), nullable=False),
        sa.Column("county_code", sa.String(length=6), nullable=True),
        sa.Column("track_key", sa.String(length=140), nullable=True),
        sa.Column("level", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("condition", sa.String(length=10), nullable=False),
        sa.Column("cleared_period", sa.Date(), nullable=True),
        sa.Column("first_period", sa.Date(), nullable=False),
        sa.Column("since_period", sa.Date(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("evaluated_period", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("base", sa.Float(), nullable=True),
        sa.Column("measure", sa.Float(), nullable=True),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=False),
        _when("closed_at", nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        _when("created_at"),
        _when("updated_at"),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_alert_warnings_assignee_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["alert_rules.id"], name=op.f("fk_alert_warnings_rule_id_alert_rules")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_warnings")),
        sa.UniqueConstraint("track_key", name=op.f("uq_alert_warnings_track_key")),
    )
    with op.batch_alter_table("alert_warnings", schema=None) as batch_op:
        for column in ("assignee_id", "county_code", "created_at", "rule_id"):
            batch_op.create_index(batch_op.f(f"ix_alert_warnings_{column}"), [column], unique=False)
        batch_op.create_index("ix_alert_warnings_status_level", ["status", "level"], unique=False)
        batch_op.create_index(
            "ix_alert_warnings_subject", ["subject_type", "subject_key"], unique=False
        )
    op.create_table(
        "alert_warning_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("warning_id", sa.Integer(), nullable=False),
        _when("at"),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("period", sa.Date(), nullable=True),
        sa.Column("level", sa.String(length=2), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["warning_id"],
            ["alert_warnings.id"],
            name=op.f("fk_alert_warning_events_warning_id_alert_warnings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_warning_events")),
    )
    with op.batch_alter_table("alert_warning_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alert_warning_events_warning_id"), ["warning_id"], unique=False
        )


def downgrade() -> None:
    """Drop the warnings domain's tables."""
    with op.batch_alter_table("alert_warning_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_warning_events_warning_id"))
    op.drop_table("alert_warning_events")
    with op.batch_alter_table("alert_warnings", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_warnings_subject")
        batch_op.drop_index("ix_alert_warnings_status_level")
        for column in ("rule_id", "created_at", "county_code", "assignee_id"):
            batch_op.drop_index(batch_op.f(f"ix_alert_warnings_{column}"))
    op.drop_table("alert_warnings")
    op.drop_table("alert_rules")
