"""惠企政策: each policy's counts by result, results kept only where the serving DB needs them

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 18:30:00
"""

from __future__ import annotations

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Reserved: filled in by the change that needs it."""


def downgrade() -> None:
    """Reserved: filled in by the change that needs it."""
