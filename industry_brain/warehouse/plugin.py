"""Registers the warehouse domain."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.hookspecs import NavItem, hookimpl
from industry_brain.warehouse import api, catalog_views, views
from industry_brain.warehouse.standards import STANDARDS_DIR


@hookimpl
def ib_data_standards() -> list[Path]:
    """Provide the built-in data standards."""
    return sorted(STANDARDS_DIR.glob("*.yaml"))


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the warehouse API and pages."""
    return [api.router, views.router, catalog_views.router]


def _sees_batches(principal: Principal) -> bool:
    return is_allowed(principal, "warehouse.batch", "read") or is_allowed(
        principal, "warehouse.batch", "read", target_org_id=principal.org_id
    )


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link data import and the catalogue for those who may use them."""
    return [
        NavItem(
            label="数据导入",
            group="数据",
            href="/warehouse",
            order=50,
            visible=_sees_batches,
            description="下载数据模板、上传数据文件、查看校验结果与被拒绝的行",
        ),
        NavItem(
            label="数据资源目录",
            group="数据",
            href="/catalog",
            order=55,
            visible=lambda p: is_allowed(p, "warehouse.catalog", "read"),
            description="按名称或字段搜索数据资源，查看分级、共享类型与字段血缘",
        ),
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the warehouse templates."""
    return [Path(__file__).parent / "templates"]
