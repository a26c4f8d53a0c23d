"""Request and response models of 惠企政策 (policies, results, applications)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

FIELD_LABELS = {
    "title": "政策名称", "issuer": "发文机关", "doc_no": "文号", "published_on": "发布日期",
    "valid_from": "有效期起", "valid_until": "有效期止", "region_code": "适用地区",
    "text": "政策原文", "benefits": "支持内容", "amount": "扶持金额", "auto_grant": "免申即享",
    "status": "状态", "rule": "申报条件", "rule_text": "申报条件", "note": "说明",
    "reason": "原因", "granted_wan_yuan": "兑现金额", "to": "办理结果",
}  # fmt: skip


class PolicyIn(BaseModel):
    """A policy as entered: its document and its rule, as text (``rule_text``) or as the
    stored JSON form (``rule``); when both are given the text wins."""

    title: str = Field(min_length=1, max_length=200)
    issuer: str = Field(min_length=1, max_length=200)
    doc_no: str = Field(default="", max_length=100)
    published_on: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    region_code: str = Field(default="", pattern=r"^(\d{6})?$")
    text: str = Field(default="", max_length=20000)
    benefits: str = Field(default="", max_length=4000)
    amount: str = Field(default="", max_length=200)
    auto_grant: bool = False
    status: Literal["draft", "published", "expired"] = "draft"
    rule_text: str | None = Field(default=None, max_length=4000)
    rule: dict[str, Any] | None = None

    @field_validator("title", "issuer", "doc_no", "amount", "region_code")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @model_validator(mode="after")
    def _dates_and_rule(self) -> PolicyIn:
        if not self.title:
            raise ValueError("请填写政策名称")
        if not self.issuer:
            raise ValueError("请填写发文机关")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("有效期止不能早于有效期起")
        if self.rule is None and not (self.rule_text or "").strip():
            raise ValueError("请填写申报条件")
        return self


class ClauseOut(BaseModel):
    """One clause's outcome for one enterprise."""

    path: str
    text: str
    result: str
    reason: str
    depth: int = 0
    leaf: bool = True


class PolicyOut(BaseModel):
    """A policy with its rule (data and text) and the counts of its last evaluation."""

    id: int
    title: str
    issuer: str
    doc_no: str
    published_on: date | None
    valid_from: date | None
    valid_until: date | None
    region_code: str | None
    text: str
    benefits: str
    amount: str
    auto_grant: bool
    status: str
    demo: bool
    rule: dict[str, Any]
    rule_text: str
    counts: dict[str, int]
    evaluated_at: datetime | None


class ResultOut(BaseModel):
    """One enterprise's eligibility for one policy, clause by clause."""

    uscc: str
    name: str
    result: str
    clauses: list[ClauseOut]


class ResultPage(BaseModel):
    """Results of one policy, filtered by result."""

    policy_id: int
    counts: dict[str, int]
    items: list[ResultOut]


class MatchOut(BaseModel):
    """A policy as one enterprise sees it: its result there and open application."""

    policy: PolicyOut
    result: str
    clauses: list[ClauseOut]
    application_id: int | None
    application_status: str | None


class ApplicationIn(BaseModel):
    """An enterprise's application for a policy."""

    note: str = Field(default="", max_length=4000)


class TransitionIn(BaseModel):
    """A government decision on an application: the next step, 退回 or 不予支持 with a
    reason; 兑现 may carry the amount granted (万元)."""

    to: Literal["受理", "审核", "兑现", "退回", "不予支持"]
    reason: str = Field(default="", max_length=4000)
    granted_wan_yuan: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)


class EventOut(BaseModel):
    """One step of an application's timeline."""

    status: str
    note: str
    actor: str
    at: datetime


class ApplicationOut(BaseModel):
    """An application with its policy, enterprise and timeline."""

    id: int
    policy_id: int
    policy_title: str
    org_id: int
    enterprise: str
    uscc: str
    status: str
    note: str
    reason: str | None
    granted_wan_yuan: Decimal | None
    created_at: datetime
    updated_at: datetime
    events: list[EventOut]
