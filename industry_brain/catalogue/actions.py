"""Audited changes of offerings: a provider creates, edits, takes down and puts back its own
offerings. Each change is one transaction with one audit row; a refusal changes nothing."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.audit import service as audit
from industry_brain.catalogue.models import CatalogueOffering
from industry_brain.catalogue.schemas import OfferingIn
from industry_brain.catalogue.service import get_offering
from industry_brain.catalogue.validation import CleanOffering, check_offering
from industry_brain.db import utcnow
from industry_brain.errors import PermissionDeniedError

POLICY = "catalogue.offering"


def _fields(clean: CleanOffering) -> dict[str, Any]:
    return {
        "title": clean.title, "category": clean.category,
        "tags": json.dumps(clean.tags, ensure_ascii=False), "description": clean.description,
        "price_min": clean.price_min, "price_max": clean.price_max,
        "price_unit": clean.price_unit, "active": clean.active,
        "cases": json.dumps(clean.cases, ensure_ascii=False),
    }  # fmt: skip


def _summary(offering: CatalogueOffering) -> dict[str, Any]:
    return {
        "title": offering.title, "category": offering.category, "active": offering.active,
        "price_min": offering.price_min, "price_max": offering.price_max,
        "price_unit": offering.price_unit, "provider_org_id": offering.provider_org_id,
    }  # fmt: skip


def do_create_offering(
    db: Session, *, actor: Principal, data: OfferingIn, provider_org_id: int | None = None
) -> CatalogueOffering:
    """List a new offering of the actor's own provider organisation (the operator at the
    command line names the provider, e.g. when seeding the demo)."""
    require(actor, POLICY, "create", target_org_id=actor.org_id)
    owner = provider_org_id if actor.is_system else actor.org_id
    if owner is None or (not actor.is_system and actor.org_type != OrgType.PROVIDER):
        raise PermissionDeniedError("只有服务机构可以发布服务")
    clean = check_offering(data)
    now = utcnow()
    offering = CatalogueOffering(
        provider_org_id=owner, created_by=actor.username, created_at=now,
        updated_at=now, **_fields(clean),
    )  # fmt: skip
    db.add(offering)
    db.flush()
    audit.append(
        db, actor=actor, event_type="catalogue.offering.create", object_type="catalogue_offering",
        object_id=offering.id, detail=_summary(offering),
    )  # fmt: skip
    db.commit()
    return offering


def do_update_offering(
    db: Session, *, actor: Principal, offering_id: int, data: OfferingIn
) -> CatalogueOffering:
    """Replace an offering's fields (its provider, or a data admin)."""
    offering = get_offering(db, offering_id)
    require(actor, POLICY, "update", target_org_id=offering.provider_org_id)
    clean = check_offering(data)
    before = _summary(offering)
    for name, value in _fields(clean).items():
        setattr(offering, name, value)
    offering.updated_at = utcnow()
    audit.append(
        db, actor=actor, event_type="catalogue.offering.update", object_type="catalogue_offering",
        object_id=offering.id,
        detail={"change": "edit", "before": before, "after": _summary(offering)},
    )  # fmt: skip
    db.commit()
    return offering


def do_set_active(
    db: Session, *, actor: Principal, offering_id: int, active: bool
) -> CatalogueOffering:
    """Take an offering down (no new requests; open ones go on) or put it back."""
    offering = get_offering(db, offering_id)
    require(actor, POLICY, "update", target_org_id=offering.provider_org_id)
    if offering.active == active:
        return offering
    offering.active, offering.updated_at = active, utcnow()
    audit.append(
        db, actor=actor, event_type="catalogue.offering.update", object_type="catalogue_offering",
        object_id=offering.id,
        detail={"change": "activate" if active else "deactivate", "title": offering.title},
    )  # fmt: skip
    db.commit()
    return offering
