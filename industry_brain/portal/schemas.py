"""Response models of the workbench API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from industry_brain.accounts.schemas import PushTokenOut
from industry_brain.enterprise.schemas import EnterpriseProfile


class WorkbenchBatch(BaseModel):
    """A batch the enterprise submitted."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    standard: str
    source: str
    file_name: str
    status: str
    rows: int
    accepted: int
    rejected: int
    error: str | None
    created_by: str
    created_at: datetime
    finished_at: datetime | None


class WorkbenchSubmissions(BaseModel):
    """The enterprise's submitted data: counts and the latest batches."""

    batches: int
    rows_accepted: int
    rows_rejected: int
    latest: list[WorkbenchBatch] = Field(
        description="Newest first; rejected rows: GET /api/v1/warehouse/batches/{id}/rejected"
    )


class PushExample(BaseModel):
    """A copy-paste push of one row of the own enterprise."""

    standard: str
    url: str
    curl: str


class WorkbenchOut(BaseModel):
    """The enterprise workbench: what the caller's enterprise sees on its landing page."""

    organisation: str
    uscc: str | None
    profile: EnterpriseProfile | None = Field(
        description="The published profile as the government sees it; null when not yet published"
    )
    profile_url: str | None
    submissions: WorkbenchSubmissions | None
    push_tokens: list[PushTokenOut] | None = Field(
        description="Null when the caller may not see the enterprise's push tokens"
    )
    push_example: PushExample | None
