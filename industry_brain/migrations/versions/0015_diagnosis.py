"""数字化诊断: assessments and answers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import industry_brain.db

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the assessments and their answers."""
    op.create_table(
        "diagnosis_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.Column("questionnaire_id", sa.String(length=64), nullable=False),
        sa.Column("questionnaire_version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", industry_brain.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("dimension_scores", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_diagnosis_assessments_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnosis_assessments")),
    )
    with op.batch_alter_table("diagnosis_assessments", schema=None) as batch_op:
        for column in ("level", "uscc"):
            batch_op.create_index(
                batch_op.f(f"ix_diagnosis_assessments_{column}"), [column], unique=False
            )
        batch_op.create_index(
            "ix_diagnosis_assessments_org_submitted", ["org_id", "submitted_at"], unique=False
        )
    op.create_table(
        "diagnosis_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["diagnosis_assessments.id"],
            name=op.f("fk_diagnosis_answers_assessment_id_diagnosis_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnosis_answers")),
    )
    with op.batch_alter_table("diagnosis_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_diagnosis_answers_assessment_id"), ["assessment_id"], unique=False
        )


def downgrade() -> None:
    """Drop the assessments and their answers."""
    with op.batch_alter_table("diagnosis_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diagnosis_answers_assessment_id"))
    op.drop_table("diagnosis_answers")
    with op.batch_alter_table("diagnosis_assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_diagnosis_assessments_org_submitted")
        for column in ("uscc", "level"):
            batch_op.drop_index(batch_op.f(f"ix_diagnosis_assessments_{column}"))
    op.drop_table("diagnosis_assessments")
