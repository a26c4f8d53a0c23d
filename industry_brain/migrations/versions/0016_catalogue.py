"""服务目录: providers' offerings, requests, responses and ratings

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

ORGS = "organisations"


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, industry_brain.db.UTCDateTime(timezone=True), nullable=nullable)


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


INDEXED = {
    "catalogue_offerings": ("active", "category", "provider_org_id"),
    "catalogue_requests": ("enterprise_org_id", "offering_id", "provider_org_id", "status"),
    "catalogue_messages": ("request_id",),
    "catalogue_ratings": ("offering_id", "provider_org_id"),
}


def _offerings() -> None:
    op.create_table(
        "catalogue_offerings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_org_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=10), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("price_min", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("price_max", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("price_unit", sa.String(length=20), nullable=False),
        sa.Column("cases", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        _fk("catalogue_offerings", "provider_org_id", ORGS),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_offerings")),
    )


def _requests() -> None:
    table = "catalogue_requests"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_org_id", sa.Integer(), nullable=False),
        sa.Column("provider_org_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=4), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        _when("responded_at", nullable=True),
        _when("closed_at", nullable=True),
        _fk(table, "enterprise_org_id", ORGS),
        _fk(table, "offering_id", "catalogue_offerings"),
        _fk(table, "provider_org_id", ORGS),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_requests")),
    )


def _messages_and_ratings() -> None:
    op.create_table(
        "catalogue_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=4), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _when("at"),
        _fk("catalogue_messages", "org_id", ORGS),
        _fk("catalogue_messages", "request_id", "catalogue_requests", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_messages")),
    )
    op.create_table(
        "catalogue_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("provider_org_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        _when("created_at"),
        _fk("catalogue_ratings", "offering_id", "catalogue_offerings"),
        _fk("catalogue_ratings", "provider_org_id", ORGS),
        _fk("catalogue_ratings", "request_id", "catalogue_requests", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_ratings")),
        sa.UniqueConstraint("request_id", name=op.f("uq_catalogue_ratings_request_id")),
    )


def upgrade() -> None:
    """Create the offerings, requests, their threads and ratings."""
    _offerings()
    _requests()
    _messages_and_ratings()
    for table, columns in INDEXED.items():
        _indexes(table, columns)


def downgrade() -> None:
    """Drop the ratings, threads, requests and offerings."""
    for table in reversed(list(INDEXED)):
        _drop(table, INDEXED[table])
