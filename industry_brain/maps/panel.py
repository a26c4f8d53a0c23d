"""The 产业地图 cockpit panel: the cluster region's districts by enterprise count.

The figures change only when a pipeline run publishes new profiles, and the cockpit is read
far more often (a big screen reloads itself), so they are kept until the next run starts or
ends (``cached_until_republished``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from industry_brain.enterprise.directory import DirectoryFilter
from industry_brain.maps.service import default_region, regions
from industry_brain.warehouse.pipeline.publish import cached_until_republished


def map_panel_data(db: Session, params: dict[str, str]) -> dict[str, Any]:
    """Return the regions under the cluster's region, by enterprise count (no periods)."""
    del params
    region = default_region(db)

    def compute() -> dict[str, Any]:
        found = regions(db, code=region, spec=DirectoryFilter(), heat="count", filters={})
        return found.model_dump(mode="json")

    return cached_until_republished(db, ("map-panel", region), compute)
