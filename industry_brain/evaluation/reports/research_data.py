"""What the 产业情况调研报告 reads from the platform for a year: every binding's value (with
the reason where there is none), the cluster's monthly figures of 运行监测 and the year's
营业收入 by 区县 and by 产业链环节, from the serving DB only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from industry_brain.evaluation.model import Binding, Measured
from industry_brain.monitor.service import VALUES, is_ready, month_text

MONTHLY = (  # 运行监测 indicators shown month by month, with their names and units
    ("revenue", "营业收入", "万元"),
    ("output", "工业总产值", "万元"),
    ("tax", "税收", "万元"),
    ("employees", "从业人数", "人"),
    ("reporting", "报送企业数", "家"),
    ("above_scale", "规上企业数", "家"),
)


@dataclass(frozen=True)
class Fact:
    """A binding's value for the year, under the binding's name."""

    name: str
    measured: Measured


@dataclass(frozen=True)
class ResearchData:
    """Everything the report fills in; empty tuples where 运行监测 has not been published."""

    year: int
    cluster: str | None
    facts: dict[str, Fact]  # by binding id
    months: tuple[str, ...] = ()
    monthly: dict[str, tuple[float | None, ...]] | None = None  # by MONTHLY id
    regions: tuple[tuple[str, float], ...] = ()  # 区县, the year's 营业收入 (万元), largest first
    nodes: tuple[tuple[str, float], ...] = ()  # 产业链环节, as above


def _fact(db: Session, binding: Binding, year: int) -> Fact:
    try:
        measured = binding.compute(db, year)
    except Exception as exc:  # one failing binding must not sink the report
        db.rollback()
        measured = Measured(None, binding.unit, str(year), "", "", missing=f"计算出错：{exc}")
    return Fact(binding.name, measured)


def _monthly(db: Session, year: int) -> tuple[tuple[str, ...], dict[str, tuple[float | None, ...]]]:
    rows = db.execute(
        text(f"SELECT indicator_id, period, value FROM {VALUES} WHERE dimension = 'cluster' "
             "AND indicator_id IN :ids").bindparams(bindparam("ids", expanding=True)),
        {"ids": [key for key, _, _ in MONTHLY]},
    ).all()  # fmt: skip
    found: dict[tuple[str, str], Any] = {}
    for indicator_id, period, value in rows:
        if month_text(period).startswith(f"{year}-"):
            found[(indicator_id, month_text(period))] = value
    months = tuple(sorted({month for _, month in found}))
    monthly = {
        key: tuple(_number(found.get((key, month))) for month in months) for key, _, _ in MONTHLY
    }
    return months, monthly


def _number(value: object) -> float | None:
    return None if value is None else float(str(value))


def _totals(db: Session, year: int, dimension: str) -> tuple[tuple[str, float], ...]:
    rows = db.execute(
        text(f"SELECT member_name, period, value FROM {VALUES} "
             "WHERE indicator_id = 'revenue' AND dimension = :dimension AND value IS NOT NULL"),
        {"dimension": dimension},
    ).all()  # fmt: skip
    totals: dict[str, float] = {}
    for name, period, value in rows:
        if month_text(period).startswith(f"{year}-"):
            totals[str(name)] = totals.get(str(name), 0.0) + float(str(value))
    return tuple(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def gather(db: Session, *, year: int) -> ResearchData:
    """Read the bindings' values and the monitor's published figures for the year."""
    from industry_brain.evaluation.bindings import all_bindings
    from industry_brain.warehouse.cluster import get_cluster

    profile = get_cluster(db)
    facts = {key: _fact(db, binding, year) for key, binding in sorted(all_bindings().items())}
    if not is_ready(db):
        return ResearchData(year, profile.name if profile else None, facts)
    months, monthly = _monthly(db, year)
    return ResearchData(
        year, profile.name if profile else None, facts, months, monthly,
        _totals(db, year, "region"), _totals(db, year, "node"),
    )  # fmt: skip
