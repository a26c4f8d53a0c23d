"""The cluster profile: the one cluster (name and region) a deployment serves."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.codes.regions import get_region
from industry_brain.db import utcnow
from industry_brain.errors import ValidationFailedError
from industry_brain.warehouse.models import ClusterProfile


def get_cluster(db: Session) -> ClusterProfile | None:
    """Return the cluster profile, if one was set."""
    return db.scalar(select(ClusterProfile).limit(1))


def set_cluster(db: Session, *, actor: Principal, name: str, region_code: str) -> ClusterProfile:
    """Set the cluster's name and GB/T 2260 region; audited."""
    region = get_region(region_code)
    if region is None:
        raise ValidationFailedError(f"行政区划代码“{region_code}”不存在", field="region_code")
    if not name.strip():
        raise ValidationFailedError("集群名称不能为空", field="name")
    profile = get_cluster(db) or ClusterProfile(name=name, region_code=region.code)
    profile.name, profile.region_code, profile.updated_at = name.strip(), region.code, utcnow()
    db.add(profile)
    audit.append(
        db,
        actor=actor,
        event_type="cluster.set",
        object_type="cluster",
        object_id=region.code,
        detail={"name": profile.name, "region": region.full_name},
    )
    db.commit()
    return profile
