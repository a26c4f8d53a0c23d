"""Registry change events (登记变更事件) of the local enterprises.

A relocation leaves a trail: a branch (分公司) opens in the destination city a few months
before the decline, the registered address changes to the destination the month before
the move, and the move itself is a 迁出 plus a 状态变更 (存续 → 迁出). Other enterprises get
the ordinary changes of a registry feed, including out-of-region branches of firms that do
not move, so that a migration model has decoys to tell apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from industry_brain.months import add_months
from industry_brain.warehouse.demo import places
from industry_brain.warehouse.demo.months import month_end
from industry_brain.warehouse.demo.operations import Relocation
from industry_brain.warehouse.demo.population import Context, Enterprise
from industry_brain.warehouse.demo.tables import Row

_DESTINATIONS = ("340000", "330000", "340000", "320000")
_MAX_TEXT = 500


@dataclass(frozen=True)
class MoveRecord:
    """What the ground truth says about one relocation."""

    relocation: Relocation
    branch_on: date
    address_changed_on: date
    moved_on: date
    destination: places.Place


def _day_in(ctx: Context, month: date) -> date:
    return month.replace(day=ctx.rng.randint(1, month_end(month).day))


def _event(e: Enterprise, kind: str, on: date, before: str | None, after: str | None) -> Row:
    return {"uscc": e.uscc, "event_type": kind, "event_date": on, "before_value": before,
            "after_value": after}  # fmt: skip


def _destination(ctx: Context) -> places.Place:
    province = ctx.rng.choice(_DESTINATIONS)
    if province == "320000":  # elsewhere in 江苏, never inside 常州
        while True:
            place = places.outside_place(ctx.rng, ("320000",))
            if place.region.code[:4] != places.CITY_CODE[:4]:
                return place
    return places.outside_place(ctx.rng, (province,))


def relocation_events(
    ctx: Context, moves: list[Relocation], months: list[date]
) -> tuple[list[Row], list[MoveRecord]]:
    """Return the trail of each relocation; the enterprise ends 迁出 at its new address."""
    rows: list[Row] = []
    records: list[MoveRecord] = []
    for move in moves:
        e = move.enterprise
        place = _destination(ctx)
        branch_month = months[max(0, move.signal - ctx.rng.randint(1, 3))]
        branch_on = _day_in(ctx, branch_month)
        changed_on = _day_in(ctx, months[move.moved - 1])
        moved_on = _day_in(ctx, months[move.moved])
        branch = f"{e.name}{places.city_short_name(place.region)}分公司"
        local_region = e.region.full_name
        rows += [
            _event(e, "设立分支机构", branch_on, None, branch),
            _event(e, "地址变更", changed_on, e.address, place.address),
            _event(e, "迁出", moved_on, local_region, place.region.full_name),
            _event(e, "状态变更", moved_on, e.status, "迁出"),
        ]
        records.append(MoveRecord(move, branch_on, changed_on, moved_on, place))
        e.status, e.address = "迁出", place.address
    return rows, records


def ordinary_events(ctx: Context, enterprises: list[Enterprise], months: list[date]) -> list[Row]:
    """Return the everyday changes of enterprises that stay in the region."""
    rng = ctx.rng
    rows: list[Row] = []
    for e in enterprises:
        if e.fate == "relocation":
            continue
        if rng.random() < 0.08:
            old = places.local_place(rng, e.region.code).address
            rows.append(_event(e, "地址变更", _when(ctx, e, months), old, e.address))
        if rng.random() < 0.04:
            e.former_name = ctx.codes.former_name(e.prefix, e.trade)
            rows.append(_event(e, "名称变更", _when(ctx, e, months), e.former_name, e.name))
        if rng.random() < 0.06 and len(e.business_scope) <= _MAX_TEXT:
            rows.append(_event(e, "经营范围变更", _when(ctx, e, months), None, e.business_scope))
        if rng.random() < 0.05:
            before = f"{max(10, round(e.capital_wan_yuan * rng.uniform(0.2, 0.8)))}万元"
            after = f"{round(e.capital_wan_yuan)}万元"
            rows.append(_event(e, "注册资本变更", _when(ctx, e, months), before, after))
        rows += _branch_events(ctx, e, months)
    return rows


def _branch_events(ctx: Context, e: Enterprise, months: list[date]) -> list[Row]:
    rng = ctx.rng
    if rng.random() >= 0.05:
        return []
    place = places.outside_place(rng) if rng.random() < 0.5 else None
    city = places.city_short_name(place.region) if place else rng.choice(("溧阳", "金坛", "武进"))
    branch = f"{e.name}{city}分公司"
    opened = _when(ctx, e, months)
    rows = [_event(e, "设立分支机构", opened, None, branch)]
    if rng.random() < 0.3:
        closed = _day_in(ctx, add_months(opened.replace(day=1), rng.randint(3, 18)))
        if closed <= month_end(months[-1]):
            rows.append(_event(e, "注销分支", closed, branch, None))
    return rows


def _when(ctx: Context, e: Enterprise, months: list[date]) -> date:
    """Return a date after the enterprise was founded, mostly inside the window."""
    first = months[0] if ctx.rng.random() < 0.8 else add_months(months[0], -24)
    month = add_months(first, ctx.rng.randrange(len(months) if first == months[0] else 24))
    return max(_day_in(ctx, month), e.established_on)
