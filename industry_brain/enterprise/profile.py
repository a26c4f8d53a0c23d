"""One enterprise as the platform sees it (企业画像): registry facts, names, 36 months of
operations, tags, scores with their inputs, suppliers and customers, events, chain positions.

Access (``require_profile_access``): whoever may list enterprises (government, data admin)
reads any profile; an enterprise's users read their own enterprise's profile and nothing
else. Another enterprise's profile, or one that does not exist, is the same 404 to them, and
the refusal is audited like every cross-tenant probe. Every read is by indexed ``uscc`` in
the published tables (``ads_*``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from sqlalchemy import text
from sqlalchemy.orm import Session

from industry_brain.accounts import service as accounts
from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.codes.regions import get_region
from industry_brain.enterprise.profile_reads import (
    EVENTS,
    MONTHS,
    NAMES,
    RELATIONS,
    SCORES,
    read_events,
    read_months,
    read_names,
    read_relations,
)
from industry_brain.enterprise.schemas import (
    ChainPosition,
    EnterpriseFacts,
    EnterpriseProfile,
    MonthlySeries,
    Relations,
    Tag,
)
from industry_brain.enterprise.scoring import explain_scores
from industry_brain.errors import HiddenObjectError, NotFoundError, PermissionDeniedError
from industry_brain.warehouse.classification import mask
from industry_brain.warehouse.pipeline.publish import ENTERPRISE_PROFILE, is_published

PERSONAL = {"legal_representative": "person_name", "contact_phone": "mobile"}
RELATIONS_SHOWN = 50


def require_profile_access(db: Session, principal: Principal, uscc: str) -> None:
    """Allow the profile to those who may list enterprises and to the enterprise's own users;
    raise a 404-looking (audited) denial for another enterprise's users, 403 for others."""
    if is_allowed(principal, "enterprise.directory", "read"):
        return
    owner = accounts.organisation_id_by_uscc(db, uscc=uscc)
    if owner is not None and is_allowed(
        principal, "enterprise.profile", "read", target_org_id=owner
    ):
        return
    if is_allowed(principal, "enterprise.profile", "read", target_org_id=principal.org_id):
        raise HiddenObjectError("企业不存在")
    raise PermissionDeniedError("无权查看企业画像（enterprise.profile:read）")


def enterprise_profile(db: Session, principal: Principal, uscc: str) -> EnterpriseProfile:
    """Return the enterprise's profile (企业画像) if the principal may read it; personal
    fields are masked for everyone but data admins."""
    uscc = uscc.strip().upper()
    require_profile_access(db, principal, uscc)
    facts = _facts(db, principal, uscc)
    return EnterpriseProfile(
        profile=facts,
        region_name=_region_name(facts),
        tags=_tags(facts, _leader_of(db, uscc)),
        chains=_chains(db, uscc),
        **_published_parts(db, uscc),
    )


def _published_parts(db: Session, uscc: str) -> dict[str, Any]:
    """Names, months, scores, relations and events; empty until a pipeline run has published
    their tables (every run publishes them together, hence one check)."""
    if not is_published(db, NAMES, MONTHS, EVENTS, RELATIONS, SCORES):
        return {
            "names": [],
            "months": _no_months(),
            "scores": explain_scores(None),
            "relations": Relations(
                suppliers=[], customers=[], suppliers_total=0, customers_total=0, limit=0
            ),
            "events": [],
        }
    scores_row = _scores_row(db, uscc)
    as_of = scores_row.get("as_of") if scores_row else None
    return {
        "names": read_names(db, uscc),
        "months": read_months(db, uscc, latest=as_of),
        "scores_as_of": as_of,
        "scores": explain_scores(scores_row),
        "relations": read_relations(db, uscc, limit=RELATIONS_SHOWN),
        "events": read_events(db, uscc),
    }


def _facts(db: Session, principal: Principal, uscc: str) -> EnterpriseFacts:
    row = None
    if is_published(db, ENTERPRISE_PROFILE):
        row = (
            db.execute(text(f"SELECT * FROM {ENTERPRISE_PROFILE} WHERE uscc = :u"), {"u": uscc})
            .mappings()
            .first()
        )
    if row is None:
        raise NotFoundError(f"没有统一社会信用代码为 {uscc} 的企业（或尚未运行数据管道）")
    facts = dict(row)
    if not is_allowed(principal, "warehouse.export", "unmasked"):
        for column, kind in PERSONAL.items():
            facts[column] = mask(facts.get(column), kind)
    return EnterpriseFacts.model_validate(facts)


def _scores_row(db: Session, uscc: str) -> dict[str, Any] | None:
    row = db.execute(text(f"SELECT * FROM {SCORES} WHERE uscc = :u"), {"u": uscc}).mappings()
    found = row.first()
    return dict(found) if found else None


def _region_name(facts: EnterpriseFacts) -> str | None:
    code = facts.county_code or facts.city_code or facts.province_code
    region = get_region(code) if code else None
    return region.full_name if region else None


def _no_months() -> MonthlySeries:
    return MonthlySeries(
        periods=[],
        revenue_wan_yuan=[],
        output_value_wan_yuan=[],
        tax_wan_yuan=[],
        electricity_kwh=[],
        employees=[],
        reported_months=0,
    )


def _leader_of(db: Session, uscc: str) -> list[Mapping[str, str]]:
    """Return the chains whose latest run names the enterprise 链主, with its node."""
    from industry_brain.chain.service import chain_leaders, latest_run
    from industry_brain.chain.template import all_templates

    found: list[Mapping[str, str]] = []
    for template in all_templates().values():
        run = latest_run(db, template.id)
        for leader in chain_leaders(run, template) if run else []:
            if leader["uscc"] == uscc:
                found.append(
                    {"id": template.id, "name": template.name, "node": leader["node_name"]}
                )
    return found


def _tags(facts: EnterpriseFacts, leader_of: list[Mapping[str, str]]) -> list[Tag]:
    """规上 and valid honours, 链主, 本地/区外 and the registry status, each with its list."""
    tags = [
        Tag(
            label=label,
            kind="scale" if label == "规上" else "honor",
            href=f"/enterprises?tag={quote(label)}",
        )
        for label in (facts.tags or "").split("、")
        if label
    ]
    tags += [
        Tag(
            label="链主",
            kind="leader",
            href=f"/chain/{chain['id']}",
            title=f"{chain['name']}链主（{chain['node']}）",
        )
        for chain in leader_of
    ]
    if facts.is_local is not None:
        local = "true" if facts.is_local else "false"
        label = "本地企业" if facts.is_local else "区外企业"
        tags.append(Tag(label=label, kind="locality", href=f"/enterprises?local={local}"))
    if facts.status:
        href = f"/enterprises?status={quote(facts.status)}"
        tags.append(Tag(label=facts.status, kind="status", href=href))
    return tags


def _chains(db: Session, uscc: str) -> list[ChainPosition]:
    from industry_brain.chain.service import enterprise_positions

    return [ChainPosition.model_validate(p) for p in enterprise_positions(db, uscc)]
