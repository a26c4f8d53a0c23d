"""Reads of relocation risk for pages and API: the ranking, one enterprise, the watch list.

Everything reads the published ``ads_relocation_risk`` (one row per scored enterprise, as of
the latest month) in the request's session; before the first pipeline run there is nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from industry_brain.chain.service import latest_run, template_or_404
from industry_brain.chain.template import all_templates
from industry_brain.monitor.evaluations import latest_evaluation
from industry_brain.months import months_ending
from industry_brain.relocation.backtest import MODEL
from industry_brain.relocation.models import WatchEntry
from industry_brain.relocation.pipeline import RISK_TABLE
from industry_brain.relocation.schemas import (
    Evaluation,
    MonthSeries,
    RiskPage,
    RiskRow,
    Signal,
    SignalRule,
    WatchOut,
    as_date,
)
from industry_brain.relocation.signals import ALL_SIGNALS, LEVELS
from industry_brain.warehouse.pipeline.publish import PUBLISHED_PREFIX, is_published

PAGE_SIZE = 50
MONTHS_TABLE = f"{PUBLISHED_PREFIX}enterprise_month"
SERIES = ("electricity_kwh", "tax_wan_yuan", "employees", "revenue_wan_yuan")
COLUMNS = "uscc, name, county_code, county_name, industry_name, score, level, signals"


@dataclass(frozen=True)
class RiskFilter:
    """What the ranking is restricted to; every field optional."""

    county: str | None = None
    template: str | None = None
    node: str | None = None
    level: str | None = None


def _where(db: Session, spec: RiskFilter) -> tuple[str, dict[str, Any]]:
    clauses, params = ["score > 0"], {}
    if spec.county:
        clauses.append("county_code = :county")
        params["county"] = spec.county
    if spec.level:
        clauses.append("level = :level")
        params["level"] = spec.level
    if spec.template and spec.node:
        template_or_404(spec.template)
        run = latest_run(db, spec.template)
        clauses.append(
            "uscc IN (SELECT uscc FROM chain_assignments WHERE run_id = :run "
            "AND node_id = :node AND rank = 1)"
        )
        params["run"], params["node"] = run.id if run else "", spec.node
    return " AND ".join(clauses), params


def _row(row: Any, watched: set[str]) -> RiskRow:
    return RiskRow(
        uscc=row.uscc,
        name=row.name,
        county_code=row.county_code,
        county_name=row.county_name,
        industry_name=row.industry_name,
        score=float(row.score),
        level=row.level,
        signals=[Signal.model_validate(item) for item in json.loads(row.signals)],
        watched=row.uscc in watched,
    )


def list_risks(db: Session, *, spec: RiskFilter, page: int = 1) -> RiskPage:
    """Return one page of the enterprises with a score above 0, highest first."""
    evaluation = model_evaluation(db)
    if not is_published(db, RISK_TABLE):
        return RiskPage(as_of=None, total=0, page=1, pages=1, levels={}, watched=0, rows=[],
                        evaluation=evaluation)  # fmt: skip
    where, params = _where(db, spec)
    total = int(db.execute(text(f"SELECT count(*) FROM {RISK_TABLE} WHERE {where}"), params)
                .scalar() or 0)  # fmt: skip
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.execute(
        text(
            f"SELECT {COLUMNS} FROM {RISK_TABLE} WHERE {where} "
            "ORDER BY score DESC, uscc LIMIT :limit OFFSET :offset"
        ),
        {**params, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE},
    ).all()
    watched = watched_codes(db)
    return RiskPage(
        as_of=as_date(db.execute(text(f"SELECT max(as_of) FROM {RISK_TABLE}")).scalar()),
        total=total,
        page=page,
        pages=pages,
        levels=level_counts(db),
        watched=len(watched),
        rows=[_row(row, watched) for row in rows],
        evaluation=evaluation,
    )


def level_counts(db: Session) -> dict[str, int]:
    """Return how many scored enterprises are at each level (红 first)."""
    found: dict[str, int] = dict(
        db.execute(
            text(f"SELECT level, count(*) FROM {RISK_TABLE} WHERE level IS NOT NULL GROUP BY level")
        ).all()
    )
    return {level: int(found.get(level, 0)) for level, _ in LEVELS}


def risk_row(db: Session, uscc: str) -> tuple[RiskRow, Any, str | None] | None:
    """Return an enterprise's row, its as-of month and status, or None when it is not scored."""
    if not is_published(db, RISK_TABLE):
        return None
    row = db.execute(
        text(f"SELECT {COLUMNS}, as_of, status FROM {RISK_TABLE} WHERE uscc = :u"), {"u": uscc}
    ).first()
    if row is None:
        return None
    return _row(row, watched_codes(db, [uscc])), as_date(row.as_of), row.status


def districts(db: Session) -> list[tuple[str, str]]:
    """Return the (code, name) of the districts of the scored enterprises."""
    if not is_published(db, RISK_TABLE):
        return []
    rows = db.execute(
        text(
            f"SELECT DISTINCT county_code, county_name FROM {RISK_TABLE} "
            "WHERE county_code IS NOT NULL ORDER BY county_code"
        )
    ).all()
    return [(str(code), str(name or code)) for code, name in rows]


def node_choices() -> list[tuple[str, str, str]]:
    """Return (template id, node id, label) of every chain node, for the filter."""
    return [
        (template.id, node.id, f"{template.name} · {node.name}")
        for template in all_templates().values()
        for node in template.nodes
    ]


def signal_rules() -> list[SignalRule]:
    """Return every signal's points and rule, in order."""
    return [
        SignalRule(signal=signal.id, label=signal.label, points=signal.points, rule=signal.rule)
        for signal in ALL_SIGNALS
    ]


def model_evaluation(db: Session) -> Evaluation | None:
    """Return the latest backtest of the score, if one was run."""
    found = latest_evaluation(db, model=MODEL)
    return None if found is None else Evaluation.model_validate(found)


def active_entry(db: Session, uscc: str) -> WatchEntry | None:
    """Return the enterprise's entry on the watch list, if it is on it."""
    return db.scalar(
        select(WatchEntry).where(WatchEntry.uscc == uscc, WatchEntry.removed_at.is_(None))
    )


def watched_codes(db: Session, codes: list[str] | None = None) -> set[str]:
    """Return the codes on the watch list (among ``codes`` when given)."""
    query = select(WatchEntry.uscc).where(WatchEntry.removed_at.is_(None))
    if codes is not None:
        query = query.where(WatchEntry.uscc.in_(codes))
    return set(db.scalars(query))


def watch_list(db: Session) -> list[WatchOut]:
    """Return the watch list, latest added first, with each enterprise's score now."""
    entries = db.scalars(
        select(WatchEntry)
        .where(WatchEntry.removed_at.is_(None))
        .order_by(WatchEntry.added_at.desc(), WatchEntry.id.desc())
    ).all()
    current: dict[str, tuple[float, str | None]] = {}
    if entries and is_published(db, RISK_TABLE):
        rows = db.execute(
            text(f"SELECT uscc, score, level FROM {RISK_TABLE} WHERE uscc IN :codes").bindparams(
                bindparam("codes", expanding=True)
            ),
            {"codes": [entry.uscc for entry in entries]},
        ).all()
        current = {row.uscc: (float(row.score), row.level) for row in rows}
    return [watch_out(entry, current.get(entry.uscc)) for entry in entries]


def current_score(db: Session, uscc: str) -> tuple[float, str | None] | None:
    """Return the enterprise's score and level now, or None when it is not scored."""
    found = risk_row(db, uscc)
    return None if found is None else (found[0].score, found[0].level)


def watch_out(entry: WatchEntry, current: tuple[float, str | None] | None) -> WatchOut:
    """Return a watch entry with the enterprise's current score and its change."""
    score, level = current if current else (None, None)
    change = None
    if score is not None and entry.score_at_add is not None:
        change = round(score - entry.score_at_add, 1)
    return WatchOut(
        uscc=entry.uscc,
        name=entry.name,
        note=entry.note,
        added_by=entry.added_by,
        added_at=entry.added_at,
        score_at_add=entry.score_at_add,
        level_at_add=entry.level_at_add,
        as_of_at_add=entry.as_of_at_add,
        score=score,
        level=level,
        change=change,
    )


def month_series(db: Session, *, uscc: str, as_of: date, months: int = 36) -> MonthSeries:
    """Return the enterprise's figures behind the operations signals over the ``months``
    months ending at ``as_of`` (months not reported are null: drawn as gaps)."""
    periods = months_ending(as_of, months)
    found: dict[str, Any] = {}
    if is_published(db, MONTHS_TABLE):
        rows = db.execute(
            text(
                f"SELECT period, {', '.join(SERIES)} FROM {MONTHS_TABLE} WHERE uscc = :u "
                "ORDER BY period"
            ),
            {"u": uscc},
        ).all()
        found = {str(row.period)[:7]: row for row in rows}

    def column(name: str) -> list[Any]:
        kind = int if name == "employees" else float
        values = [getattr(found[p], name) if p in found else None for p in periods]
        return [None if value is None else kind(value) for value in values]

    return MonthSeries(periods=periods, **{name: column(name) for name in SERIES})
