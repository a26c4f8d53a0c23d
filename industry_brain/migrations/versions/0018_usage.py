"""平台使用记录 (M4): logins and module use by organisation and month

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

ORGS = "organisations"
INDEXED = {
    "usage_monthly": ("month", "org_id"),
    "usage_monthly_users": ("month", "user_id"),
}


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _indexes(table: str, columns: tuple[str, ...]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def _drop(table: str, columns: tuple[str, ...]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
    op.drop_table(table)


def _monthly() -> None:
    table = "usage_monthly"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("module", sa.String(length=40), nullable=False),
        sa.Column("logins", sa.Integer(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("users_seen", sa.Integer(), nullable=False),
        _fk(table, "org_id", ORGS),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("org_id", "month", "module", name=op.f(f"uq_{table}_org_id")),
    )


def _users() -> None:
    table = "usage_monthly_users"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("module", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _fk(table, "org_id", ORGS),
        _fk(table, "user_id", "users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint(
            "org_id",
            "month",
            "module",
            "user_id",
            name=op.f(f"uq_{table}_org_id"),
        ),
    )


def upgrade() -> None:
    """Create the monthly use of each organisation's modules and the users seen."""
    _monthly()
    _users()
    for table, columns in INDEXED.items():
        _indexes(table, columns)


def downgrade() -> None:
    """Drop the users seen and the monthly use."""
    for table in reversed(list(INDEXED)):
        _drop(table, INDEXED[table])
