"""Which sections make up the landing page of each organisation type.

A portal is an ordered list of sections; each section decides through the policy point
whether the principal sees it and builds its own figures. ``/`` renders the sections of the
user's organisation type that the user may see; the operator's sections follow the roles
(三权分立 and data admin), so each admin lands on what is theirs to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.portal import service, workbench
from industry_brain.portal.context import PortalContext


@dataclass(frozen=True)
class PortalSection:
    """One card of a landing page: ``build`` returns what ``template`` draws."""

    id: str
    title: str
    template: str
    build: Callable[[PortalContext], dict[str, Any]]
    visible: Callable[[Principal], bool]


@dataclass(frozen=True)
class RenderedSection:
    """A section with its figures, ready for the template."""

    id: str
    title: str
    template: str
    data: dict[str, Any]


def _own(obj: str, act: str = "read") -> Callable[[Principal], bool]:
    return lambda p: is_allowed(p, obj, act, target_org_id=p.org_id)


def _any(obj: str, act: str = "read") -> Callable[[Principal], bool]:
    return lambda p: is_allowed(p, obj, act)


def _always(_principal: Principal) -> bool:
    return True


def _section(
    section_id: str,
    title: str,
    build: Callable[[PortalContext], dict[str, Any]],
    visible: Callable[[Principal], bool],
) -> PortalSection:
    return PortalSection(section_id, title, f"portal/sections/{section_id}.html", build, visible)


ORGANISATION = _section("organisation", "本机构", service.organisation_card, _always)
API_ACCESS = _section("api", "接口与令牌", service.api_access, _always)
CAPABILITIES = _section("capabilities", "可用功能", service.capabilities, _always)
WORKBENCH = (
    _section("profile", "企业画像", workbench.profile_card, _own("enterprise.profile")),
    _section("batches", "报送数据与质量问题", workbench.batches_card, _own("warehouse.batch")),
    _section("tokens", "推送令牌", workbench.tokens_card, _own("warehouse.push_token")),
)
PARTNER = (ORGANISATION, CAPABILITIES, API_ACCESS)
PORTALS: dict[OrgType, tuple[PortalSection, ...]] = {
    OrgType.GOVERNMENT: (
        _section("cluster", "产业概况", service.cluster_figures, _any("cockpit")),
        CAPABILITIES,
    ),
    OrgType.OPERATOR: (
        _section("platform", "平台概况", service.platform_overview, _any("user", "create")),
        _section("data", "数据状态", service.data_status, _any("warehouse.batch", "create")),
        _section("security", "安全状况", service.security_status, _any("user", "unlock")),
        _section("audit", "审计日志", service.audit_status, _any("audit")),
    ),
    OrgType.ENTERPRISE: WORKBENCH,
    OrgType.PROVIDER: PARTNER,
    OrgType.BANK: PARTNER,
    OrgType.DATA_PARTY: PARTNER,
}


def portal_sections(principal: Principal) -> tuple[PortalSection, ...]:
    """Return the sections of the principal's portal it may see (the basics when none)."""
    sections = PORTALS.get(principal.org_type, ()) if principal.org_type else ()
    return _visible(sections, principal) or (ORGANISATION, CAPABILITIES)


def workbench_sections(principal: Principal) -> tuple[PortalSection, ...]:
    """Return the sections of the enterprise workbench the principal may see."""
    return _visible(WORKBENCH, principal)


def _visible(
    sections: tuple[PortalSection, ...], principal: Principal
) -> tuple[PortalSection, ...]:
    return tuple(section for section in sections if section.visible(principal))


def render_sections(
    sections: tuple[PortalSection, ...], context: PortalContext
) -> list[RenderedSection]:
    """Build every section's figures."""
    return [RenderedSection(s.id, s.title, s.template, s.build(context)) for s in sections]
