"""Registers the accounts domain: API, pages, navigation and templates."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts import api, user_views, views
from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.hookspecs import NavItem, hookimpl


def _manages_all(principal: Principal) -> bool:
    return is_allowed(principal, "organisation", "read")


def _manages_own(principal: Principal) -> bool:
    return not _manages_all(principal) and is_allowed(
        principal, "user", "read", target_org_id=principal.org_id
    )


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the accounts API and pages."""
    return [api.router, views.router, user_views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link organisation and user management for those who may use it."""
    return [
        NavItem(
            label="机构与用户",
            group="管理",
            href="/accounts/organisations",
            visible=_manages_all,
            order=80,
            description="创建和管理政府部门、企业、服务机构、金融机构及其用户",
        ),
        NavItem(
            label="本机构用户",
            group="管理",
            href="/accounts/organisations",
            visible=_manages_own,
            order=80,
            description="管理本机构的用户账户",
        ),
        NavItem(
            label="修改密码",
            group="更多",
            href="/account/password",
            visible=lambda _p: True,
            order=950,
            description="修改自己的登录密码",
        ),
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the accounts templates."""
    return [Path(__file__).parent / "templates"]
