"""Registers the 服务目录: its API and pages, the navigation entries 服务目录 (everyone who may
read the catalogue) and 我的服务 (providers), and the templates."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.db import Database
from industry_brain.hookspecs import DemoSeed, NavItem, hookimpl


def is_provider(principal: Principal) -> bool:
    """Return whether the principal manages offerings of its own provider organisation."""
    return principal.org_type == OrgType.PROVIDER and is_allowed(
        principal, "catalogue.offering", "create", target_org_id=principal.org_id
    )


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the catalogue API and pages."""
    from industry_brain.catalogue import api, provider_views, request_views, views

    return [api.router, views.router, provider_views.router, request_views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the catalogue for everyone who may read it, and the provider's own page."""
    return [
        NavItem(
            label="服务目录",
            group="企业服务",
            href="/services/catalogue",
            order=62,
            visible=lambda p: is_allowed(p, "catalogue", "read"),
            description="服务目录：数字化改造、标准规范、知识产权、法律、检验检测、人才培训",
        ),
        NavItem(
            label="我的服务",
            group="企业服务",
            href="/services/provider",
            order=63,
            visible=is_provider,
            description="服务机构：发布和维护服务，响应企业需求",
        ),
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the catalogue, offering, provider and requests templates."""
    return [Path(__file__).parent / "templates"]


def _seed_demo(database: Database) -> int:
    from industry_brain.catalogue.demo import seed_demo_catalogue

    return seed_demo_catalogue(database)


@hookimpl
def ib_demo_seeds() -> list[DemoSeed]:
    """Add the demo's service providers and their offerings (演示)."""
    return [DemoSeed(name="演示服务目录", run=_seed_demo, order=10)]
