"""The evaluation step on a real serving DB: default rules seeded (audited as the system), one
warning per condition across runs, corrected past months and new months update it, a
condition that stops holding is noted, a gap changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from industry_brain.accounts.principal import Principal
from industry_brain.alerts.defaults import DEFAULT_RULES
from industry_brain.alerts.models import AlertRule, AlertWarning, AlertWarningEvent
from industry_brain.alerts.pipeline import evaluate_warehouse
from industry_brain.audit.models import AuditEvent
from industry_brain.db import Database
from tests.alerts.lake import LAST, Lake, warehouse

SYSTEM = Principal.system("test")


def _run(lake: Lake, database: Database) -> dict[str, int]:
    _, plan = evaluate_warehouse(lake.con, database=database, actor=SYSTEM)
    return plan.counts


def _warnings(database: Database) -> list[tuple[int, str, str, str, date, str]]:
    with database.reader() as db:
        rows = db.execute(
            select(AlertWarning.id, AlertWarning.subject_key, AlertWarning.level,
                   AlertWarning.condition, AlertWarning.period, AlertWarning.status)
            .order_by(AlertWarning.id)
        ).all()  # fmt: skip
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _events(database: Database, warning_id: int) -> list[str]:
    with database.reader() as db:
        return list(
            db.scalars(
                select(AlertWarningEvent.text)
                .where(AlertWarningEvent.warning_id == warning_id)
                .order_by(AlertWarningEvent.id)
            )
        )


def _audits(database: Database, event_type: str) -> list[AuditEvent]:
    with database.reader() as db:
        return list(db.scalars(select(AuditEvent).where(AuditEvent.event_type == event_type)))


def run_scenario(lake: Lake, database: Database) -> None:
    """The whole scenario (also run on PostgreSQL)."""
    assert _run(lake, database) == {"raised": 2}
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(AlertRule)) == len(DEFAULT_RULES)
    seeded = _audits(database, "alerts.rule.create")
    assert len(seeded) == len(DEFAULT_RULES) and {a.username for a in seeded} == {SYSTEM.username}
    first = _warnings(database)
    assert [row[1:] for row in first] == [
        ("ALPHA", "黄", "active", LAST, "open"),
        ("ZERO", "黄", "active", LAST, "open"),
    ]
    alpha = first[0][0]
    assert _run(lake, database) == {}  # the same data again: nothing changes
    assert _warnings(database) == first and _events(database, alpha) == ["2024-12 产生黄色预警"]
    # A corrected year-ago month (re-imported): 200 instead of 100 makes it 70% down.
    lake.series("ALPHA", [200.0], last=date(2023, 12, 1))
    assert _run(lake, database) == {"escalated": 1}
    assert [row[1:3] for row in _warnings(database)] == [("ALPHA", "红"), ("ZERO", "黄")]
    # A new month, still down; then a month back to normal; then a month not reported.
    for month, value in ((date(2025, 1, 1), 60.0), (date(2025, 2, 1), 100.0)):
        lake.series("ALPHA", [value], last=month)
        lake.series("BETA", [50.0], last=month)
        _run(lake, database)
    lake.series("BETA", [50.0], last=date(2025, 3, 1))
    assert _run(lake, database) == {}  # ALPHA's gap neither clears nor raises anything
    assert _warnings(database)[0][1:] == ("ALPHA", "黄", "cleared", date(2025, 1, 1), "open")
    assert _events(database, alpha) == [
        "2024-12 产生黄色预警",
        "2024-12 由黄色升为红色",
        "2025-01 由红色降为黄色",
        "条件已解除 2025-02",
    ]
    assert len(_warnings(database)) == 2
    assert len(_audits(database, "alerts.warning.raise")) == 6  # one per evaluation


def test_one_warning_per_condition_across_runs_and_corrections(
    tmp_path: Path, database: Database
) -> None:
    run_scenario(warehouse(tmp_path / "lake.duckdb"), database)


def test_without_operations_nothing_is_evaluated(tmp_path: Path, database: Database) -> None:
    lake = Lake(tmp_path / "lake.duckdb")
    report, plan = evaluate_warehouse(lake.con, database=database, actor=SYSTEM)
    assert report.month is None and plan.counts == {} and _warnings(database) == []
