"""The 产业地图 cockpit panel: the cluster region's districts by enterprise count.

The figures change only when a pipeline run publishes new profiles, and the cockpit is
read far more often (a big screen reloads itself), so the panel keeps its last figures per
database, region and last finished pipeline run and recomputes after every run. Between a
run's publishing and its end the panel may show the figures of the run before.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.enterprise.directory import DirectoryFilter
from industry_brain.jobs import Job
from industry_brain.maps.service import default_region, regions

CACHE_SIZE = 16
_cache: dict[tuple[str, str, str], dict[str, Any]] = {}
_lock = threading.Lock()


def _cache_key(db: Session, region: str) -> tuple[str, str, str]:
    last_run = db.scalar(select(func.max(Job.finished_at)).where(Job.kind == "pipeline"))
    return (str(db.get_bind().engine.url), region, str(last_run))


def map_panel_data(db: Session, params: dict[str, str]) -> dict[str, Any]:
    """Return the regions under the cluster's region, by enterprise count (no periods)."""
    del params
    region = default_region(db)
    key = _cache_key(db, region)
    found = _cache.get(key)
    if found is None:
        computed = regions(db, code=region, spec=DirectoryFilter(), heat="count", filters={})
        found = computed.model_dump(mode="json")
        with _lock:
            if len(_cache) >= CACHE_SIZE:
                _cache.clear()
            _cache[key] = found
    return found
