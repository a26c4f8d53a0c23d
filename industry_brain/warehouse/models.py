"""Serving-DB tables of the warehouse: import batches and quarantined rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow


class ImportBatch(Base):
    """One received file (or pushed payload): where it is kept, what became of it."""

    __tablename__ = "import_batches"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    standard: Mapped[str] = mapped_column(String(40), index=True)
    source: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    raw_path: Mapped[str] = mapped_column(String(500))
    file_format: Mapped[str | None] = mapped_column(String(8))
    encoding: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[str | None] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class QuarantinedRow(Base):
    """A rejected row of a batch, with the first rule it broke and all its errors."""

    __tablename__ = "quarantined_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[str] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )
    row_number: Mapped[int] = mapped_column(Integer)
    column_key: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(32), index=True)
    message: Mapped[str] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text)
    errors_json: Mapped[str] = mapped_column(Text)
    raw_json: Mapped[str] = mapped_column(Text)


class ClusterProfile(Base):
    """The cluster this deployment serves: its name and region (one row)."""

    __tablename__ = "cluster_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(String(6))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CatalogEntry(Base):
    """A data resource of the catalogue (数据资源目录): a template, a lake table, a served table."""

    __tablename__ = "catalog_entries"

    code: Mapped[str] = mapped_column(String(120), primary_key=True)
    layer: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    provider: Mapped[str] = mapped_column(String(200), default="")
    update_cycle: Mapped[str] = mapped_column(String(50), default="")
    grade: Mapped[str] = mapped_column(String(8))
    sharing: Mapped[str] = mapped_column(String(16))
    row_count: Mapped[int | None] = mapped_column(Integer)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    fields_json: Mapped[str] = mapped_column(Text, default="[]")


class LineageEdge(Base):
    """One column-level edge: ``source`` feeds ``target``."""

    __tablename__ = "lineage_edges"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_table: Mapped[str] = mapped_column(String(120), index=True)
    source_column: Mapped[str] = mapped_column(String(120))
    target_table: Mapped[str] = mapped_column(String(120), index=True)
    target_column: Mapped[str] = mapped_column(String(120))
