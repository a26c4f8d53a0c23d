"""Registers the 数字化诊断: its API and pages, the navigation entry 数字化诊断 (the
questionnaire and report for enterprise users, the summary of levels for government and
data readers) and its templates."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.hookspecs import NavItem, hookimpl

DESCRIPTION = "中小企业数字化水平自评：等级、优势与短板、匹配的解决方案与历次进步"


def _enterprise(principal: Principal) -> bool:
    from industry_brain.diagnosis.api import may_take

    return may_take(principal)


def _reader(principal: Principal) -> bool:
    return not _enterprise(principal) and is_allowed(principal, "diagnosis", "read")


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the diagnosis API and pages."""
    from industry_brain.diagnosis import api, views

    return [api.router, views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the questionnaire for enterprises and the summary for government readers."""
    return [
        NavItem(label="数字化诊断", group="企业服务", href="/services/diagnosis", order=61,
                visible=_enterprise, description=DESCRIPTION),
        NavItem(label="数字化诊断", group="企业服务", href="/services/diagnosis/summary", order=61,
                visible=_reader, description="各地区企业数字化诊断等级汇总（只读）"),
    ]  # fmt: skip


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the questionnaire, report and summary templates."""
    return [Path(__file__).parent / "templates"]
