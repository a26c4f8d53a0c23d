"""惠企政策: each policy's counts by result; notices instead of a result per enterprise

Who is eligible is computed from the published facts when shown, so the serving DB keeps
only each policy's counts and which enterprises were told. The counts and the notices of
``policy_results`` carry over; downgrading restores the table empty of results (the next
evaluation fills it again) with the notices as rows.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

COUNTS = ("met_count", "not_met_count", "unknown_count")


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, industry_brain.db.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Add the counts, move the notices out of ``policy_results`` and drop it."""
    with op.batch_alter_table("policies", schema=None) as batch_op:
        for column in COUNTS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
    for column, result in zip(COUNTS, ("met", "not_met", "unknown"), strict=True):
        op.execute(
            f"UPDATE policies SET {column} = (SELECT count(*) FROM policy_results AS r"
            f" WHERE r.policy_id = policies.id AND r.result = '{result}')"
            " WHERE evaluated_at IS NOT NULL"
        )
    op.create_table(
        "policy_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        _when("notified_at"),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["policies.id"],
            name=op.f("fk_policy_notices_policy_id_policies"),
            ondelete="CASCADE",
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_notices")),
        sa.UniqueConstraint("policy_id", "uscc", name="uq_policy_notices_policy_uscc"),
    )
    with op.batch_alter_table("policy_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_notices_uscc"), ["uscc"], unique=False)
    op.execute(
        "INSERT INTO policy_notices (policy_id, uscc, notified_at) SELECT policy_id, uscc,"
        " notified_at FROM policy_results WHERE notified_at IS NOT NULL"
    )
    with op.batch_alter_table("policy_results", schema=None) as batch_op:
        batch_op.drop_index("ix_policy_results_policy_result")
        batch_op.drop_index(batch_op.f("ix_policy_results_uscc"))
    op.drop_table("policy_results")


def downgrade() -> None:
    """Restore ``policy_results`` holding the notices, drop the notices and the counts."""
    op.create_table(
        "policy_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("result", sa.String(length=8), nullable=False),
        sa.Column("clauses", sa.Text(), nullable=False),
        _when("evaluated_at"),
        _when("notified_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["policies.id"],
            name=op.f("fk_policy_results_policy_id_policies"),
            ondelete="CASCADE",
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_results")),
        sa.UniqueConstraint("policy_id", "uscc", name="uq_policy_results_policy_uscc"),
    )
    with op.batch_alter_table("policy_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_results_uscc"), ["uscc"], unique=False)
        batch_op.create_index(
            "ix_policy_results_policy_result", ["policy_id", "result"], unique=False
        )
    op.execute(
        "INSERT INTO policy_results (policy_id, uscc, result, clauses, evaluated_at,"
        " notified_at) SELECT policy_id, uscc, 'met', '{}', notified_at, notified_at"
        " FROM policy_notices"
    )
    with op.batch_alter_table("policy_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_notices_uscc"))
    op.drop_table("policy_notices")
    with op.batch_alter_table("policies", schema=None) as batch_op:
        for column in reversed(COUNTS):
            batch_op.drop_column(column)
