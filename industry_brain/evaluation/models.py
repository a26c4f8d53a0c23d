"""Tables of the evaluation: values entered by hand, their evidence files, and the frozen
snapshots (定稿) of a year's evaluation.

Invariants:
- A manual value is never edited: entering a new one for the same (system, key, year) adds a
  row, and the newest row not withdrawn counts; the older rows are the history.
- A withdrawn value keeps its row and its evidence (they are the record); only
  ``withdrawn_at``, ``withdrawn_by`` and ``withdrawn_reason`` are set, once.
- ``indicator`` is the key entered: an indicator id of the system, ``condition:<id>`` for
  the confirmation of a grade condition (是/否), or ``score:<id>`` for the points an
  assessor awards a judgement item.
- Every manual value has at least one evidence file; its bytes are kept unchanged under
  ``<data_dir>/raw/evaluation/`` with the SHA-256, and the row holds the path relative to
  the data directory.
- A snapshot is never edited or deleted: ``payload`` is the whole evaluation as the API
  serialises it (:mod:`industry_brain.evaluation.snapshots`) and ``sha256`` its digest over
  the UTF-8 bytes; several snapshots of one (system, year) may exist.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow


class ManualValue(Base):
    """A value entered by hand for one indicator (or condition, or score) and year."""

    __tablename__ = "evaluation_manual_values"
    __table_args__ = (Index("ix_evaluation_manual_values_key", "system_id", "year", "indicator"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_id: Mapped[str] = mapped_column(String(64))
    indicator: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(Text)  # canonical text: "20", "12.5", "是", or prose
    unit: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    withdrawn_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class EvidenceFile(Base):
    """A file proving a manual value, kept byte for byte in the raw store."""

    __tablename__ = "evaluation_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_manual_values.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    relative_path: Mapped[str] = mapped_column(String(500))


class Snapshot(Base):
    """A year's evaluation frozen (定稿) as it stood: the payload is never changed."""

    __tablename__ = "evaluation_snapshots"
    __table_args__ = (Index("ix_evaluation_snapshots_key", "system_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_id: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # the Evaluation as the API gives it (JSON)
    sha256: Mapped[str] = mapped_column(String(64))  # of the payload's UTF-8 bytes
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
