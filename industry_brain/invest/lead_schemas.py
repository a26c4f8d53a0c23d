"""Request and response bodies of the 招商 leads API (``/api/v1/invest/leads``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from industry_brain.accounts.people import Person

Stage = Literal["线索", "接洽", "考察", "签约", "落地", "放弃"]


class LeadIn(BaseModel):
    """A candidate to follow: the enterprise and the gap node it would fill."""

    uscc: str = Field(min_length=1, max_length=18, description="统一社会信用代码")
    template_id: str = Field(min_length=1, max_length=64, description="产业链模板")
    node_id: str = Field(min_length=1, max_length=64, description="产业链环节")


class StageIn(BaseModel):
    """A stage move: one step forward or back (back needs a note), 放弃 (the note is the
    required reason), or, from 放弃, back to the stage the lead was abandoned at (reopen)."""

    to: Stage
    note: str = Field(default="", max_length=2000)


class AssignIn(BaseModel):
    """Who follows the lead up, and by when (Beijing date, not in the past)."""

    assignee_id: int
    due_on: date
    note: str = Field(default="", max_length=1000)


class VisitIn(BaseModel):
    """A visit (date, place, people met, what was said) or a plain note (text only)."""

    kind: Literal["visit", "note"] = "visit"
    visited_on: date | None = Field(default=None, description="走访日期（kind=visit 时必填）")
    place: str = Field(default="", max_length=200)
    people: str = Field(default="", max_length=500, description="参与人员")
    text: str = Field(min_length=1, max_length=4000)


class AttachmentOut(BaseModel):
    """A file kept with a lead: its original name, size, SHA-256 and download link."""

    id: int
    name: str
    bytes: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime
    href: str


class LeadOut(BaseModel):
    """A lead as the board shows it."""

    id: int
    uscc: str
    name: str
    template_id: str
    template_name: str
    node_id: str
    node_name: str
    stage: Stage
    assignee: Person | None
    due_on: date | None
    overdue: bool
    score_at_add: float | None
    abandon_reason: str | None
    abandoned_from: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    href: str


class TimelineEntry(BaseModel):
    """One entry of a lead's timeline."""

    id: int
    at: datetime
    kind: str
    label: str
    stage: str | None
    actor: str
    text: str
    visited_on: date | None
    place: str | None
    people: str | None
    attachment: AttachmentOut | None


class LeadDetail(LeadOut):
    """A lead with the stages it can move to, its attachments and its timeline."""

    forward_to: str | None
    back_to: str | None
    reopen_to: str | None
    attachments: list[AttachmentOut]
    timeline: list[TimelineEntry]


class LeadPage(BaseModel):
    """The leads matching the filters, counted by stage (the board's columns)."""

    total: int
    by_stage: dict[str, int]
    items: list[LeadOut]
