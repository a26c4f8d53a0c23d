"""惠企政策: policies, eligibility, notifications and applications (policies domain)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, industry_brain.db.UTCDateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.Constraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def _notifications() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        _when("created_at"),
        _when("read_at", nullable=True),
        _fk("notifications", "org_id", "organisations", "CASCADE"),
        _fk("notifications", "user_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    _index("notifications", "created_at")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notifications_org_user_read", ["org_id", "user_id", "read_at"], unique=False
        )


def _policies() -> None:
    op.create_table(
        "policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("doc_no", sa.String(length=100), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("benefits", sa.Text(), nullable=False),
        sa.Column("amount", sa.String(length=200), nullable=False),
        sa.Column("auto_grant", sa.Boolean(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        _when("evaluated_at", nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policies")),
    )
    _index("policies", "status")
    op.create_table(
        "policy_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("result", sa.String(length=8), nullable=False),
        sa.Column("clauses", sa.Text(), nullable=False),
        _when("evaluated_at"),
        _when("notified_at", nullable=True),
        _fk("policy_results", "policy_id", "policies", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_results")),
        sa.UniqueConstraint("policy_id", "uscc", name="uq_policy_results_policy_uscc"),
    )
    _index("policy_results", "uscc")
    with op.batch_alter_table("policy_results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_policy_results_policy_result", ["policy_id", "result"], unique=False
        )


def _applications() -> None:
    op.create_table(
        "policy_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("open_key", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("granted_wan_yuan", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        _fk("policy_applications", "policy_id", "policies"),
        _fk("policy_applications", "org_id", "organisations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_applications")),
        sa.UniqueConstraint("open_key", name=op.f("uq_policy_applications_open_key")),
    )
    _index("policy_applications", "org_id", "policy_id", "status")
    op.create_table(
        "policy_application_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        _when("at"),
        _fk("policy_application_events", "application_id", "policy_applications", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_application_events")),
    )
    _index("policy_application_events", "application_id")


def upgrade() -> None:
    """Create notifications, policies, their results and applications with their timeline."""
    _notifications()
    _policies()
    _applications()


def _drop(table: str, *indexes: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for index in indexes:
            batch_op.drop_index(index)
    op.drop_table(table)


def downgrade() -> None:
    """Drop the tables of 0014, dependants first."""
    _drop("policy_application_events", "ix_policy_application_events_application_id")
    _drop(
        "policy_applications",
        "ix_policy_applications_status",
        "ix_policy_applications_policy_id",
        "ix_policy_applications_org_id",
    )
    _drop("policy_results", "ix_policy_results_policy_result", "ix_policy_results_uscc")
    _drop("policies", "ix_policies_status")
    _drop("notifications", "ix_notifications_org_user_read", "ix_notifications_created_at")
