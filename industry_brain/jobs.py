"""Job records (B3): every pipeline or long task leaves a row with status, progress and log.

This is the local executor: a job runs in the calling process and records itself. The
record is what operators see; a queue and other executors can be added behind ``run_job``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.accounts.principal import Principal
from industry_brain.db import Base, Database, UTCDateTime, utcnow

T = TypeVar("T")
Progress = Callable[[str, int], None]


class Job(Base):
    """One run of a long task."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(String(300), default="")
    log: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def run_job(
    database: Database,
    *,
    kind: str,
    actor: Principal,
    work: Callable[[Progress], T],
    on_progress: Progress | None = None,
) -> tuple[Job, T | None]:
    """Run ``work`` as a recorded job; its progress callback updates the record."""
    job_id = f"{kind}-{utcnow():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    with database.writer() as db:
        db.add(Job(id=job_id, kind=kind, status="running", created_by=actor.username))
        db.commit()

    def progress(message: str, percent: int) -> None:
        with database.writer() as db:
            job = db.get(Job, job_id)
            assert job is not None
            job.message, job.progress = message[:300], percent
            job.log += f"{utcnow():%H:%M:%S} {percent:3d}% {message}\n"
            db.commit()
        if on_progress:
            on_progress(message, percent)

    try:
        result = work(progress)
    except Exception as exc:
        _finish(database, job_id, status="failed", error=f"{type(exc).__name__}: {exc}")
        raise
    return _finish(database, job_id, status="succeeded", error=None), result


def _finish(database: Database, job_id: str, *, status: str, error: str | None) -> Job:
    with database.writer() as db:
        job = db.get(Job, job_id)
        assert job is not None
        job.status, job.error, job.finished_at = status, error, utcnow()
        if status == "succeeded":
            job.progress = 100
        db.commit()
        return job


def recent_jobs(database: Database, *, kind: str | None = None, limit: int = 20) -> list[Job]:
    """Return the latest jobs, newest first."""
    query = select(Job).order_by(Job.started_at.desc()).limit(limit)
    if kind:
        query = query.where(Job.kind == kind)
    with database.reader() as db:
        return list(db.scalars(query))
