"""The published facts (serving ``ads_enterprise_facts``) of a few enterprises, by code: what
the pages evaluate in Python to give the reasons clause by clause (every column published,
whichever facts it holds)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session


def fact_rows(db: Session, usccs: list[str]) -> dict[str, dict[str, Any]]:
    """Return the published facts of the enterprises, by code (none before publication)."""
    from industry_brain.policies.matching import facts_published
    from industry_brain.rules.serving import SERVING_FACTS

    if not usccs or not facts_published(db):
        return {}
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(usccs), 500):
        chunk = usccs[start : start + 500]
        params = {f"u{i}": code for i, code in enumerate(chunk)}
        marks = ", ".join(f":{key}" for key in params)
        rows = db.execute(
            text(f"SELECT * FROM {SERVING_FACTS} WHERE uscc IN ({marks})"), params
        ).mappings()
        found.update((str(row["uscc"]), dict(row)) for row in rows)
    return found
