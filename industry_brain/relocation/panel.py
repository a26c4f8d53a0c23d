"""The 迁移监测 cockpit panel: enterprises per risk level, the highest risks, the watch list.

The ranking changes only when a pipeline run publishes new scores, so it is kept until the
next run starts or ends (``cached_until_republished``); the watch list's size is read each
time, since an analyst changes it between runs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from industry_brain.relocation.pipeline import RISK_TABLE
from industry_brain.relocation.schemas import as_date
from industry_brain.relocation.service import level_counts, watched_codes
from industry_brain.relocation.signals import LEVEL_COLOURS
from industry_brain.warehouse.pipeline.publish import cached_until_republished, is_published

TOP = 5


def relocation_panel_data(db: Session, params: dict[str, str]) -> dict[str, Any]:
    """Return the counts per level, the top risks and the watch list's size (no periods)."""
    del params
    ranking = cached_until_republished(db, "relocation-panel", lambda: _ranking(db))
    return {**ranking, "watched": len(watched_codes(db))}


def _ranking(db: Session) -> dict[str, Any]:
    if not is_published(db, RISK_TABLE):
        return {"ready": False}
    levels = level_counts(db)
    top = db.execute(
        text(
            f"SELECT uscc, name, score, level FROM {RISK_TABLE} WHERE score > 0 "
            "ORDER BY score DESC, uscc LIMIT :top"
        ),
        {"top": TOP},
    ).all()
    as_of = as_date(db.execute(text(f"SELECT max(as_of) FROM {RISK_TABLE}")).scalar())
    return {
        "ready": True,
        "as_of": f"{as_of:%Y-%m}" if as_of else None,
        "levels": levels,
        "high": levels.get("红", 0) + levels.get("橙", 0),
        "top": [
            {
                "uscc": r.uscc,
                "name": r.name,
                "score": float(r.score),
                "level": r.level,
                "colour": LEVEL_COLOURS.get(r.level or ""),
            }
            for r in top
        ],
    }
