"""平台使用记录 (M4): logins and module use by organisation and month

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 18:30:00
"""

from __future__ import annotations

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Reserved: filled in by the change that needs it."""


def downgrade() -> None:
    """Reserved: filled in by the change that needs it."""
