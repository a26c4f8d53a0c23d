"""指标体系评估: manual indicator values and their evidence

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 18:30:00
"""

from __future__ import annotations

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Reserved: filled in by the change that needs it."""


def downgrade() -> None:
    """Reserved: filled in by the change that needs it."""
