"""The relocation-risk signals, their points, and the levels (definitions in docs/relocation.md).

A score is the sum of the points of the signals an enterprise shows at a month, capped at
100. Registry events count for 12 months; operations compare the latest 3 months with the
same 3 months a year before (like for like, so the season cancels out).
"""

from __future__ import annotations

from dataclasses import dataclass

EVENT_MONTHS = 12  # registry events count for this many months (the cutoff month included)
RECENT_MONTHS = 3  # operations: the latest months compared with the same months a year before
MIN_PAIRED_MONTHS = 2  # of those, how many must be reported in both years
STOPPED_SILENT_MONTHS = 2  # no report in the latest months …
STOPPED_HISTORY_MONTHS = 6  # … after at least this many reports in the year before them
MAX_SCORE = 100.0


@dataclass(frozen=True)
class EventSignal:
    """A registry event (or a pattern in the series) worth fixed points."""

    id: str
    label: str
    points: float
    rule: str


@dataclass(frozen=True)
class DropSignal:
    """A fall of a monthly figure, 3 months against the same months a year before: no points
    up to a fall of ``start_pct``, full points from ``full_pct``, linear in between."""

    id: str
    label: str
    column: str
    start_pct: float
    full_pct: float
    points: float

    @property
    def rule(self) -> str:
        """The points rule in words."""
        return (
            f"降幅 {self.start_pct:g}% 以内不计分，降幅达到 {self.full_pct:g}% 计满 "
            f"{self.points:g} 分，其间按比例计分"
        )


ADDRESS_OUT = EventSignal(
    "address_out", "注册地址变更至区外", 30, "近12个月有地址变更，新地址位于本集群区域之外"
)
BRANCH_OUT = EventSignal(
    "branch_out",
    "在区外设立分支机构",
    25,
    "近12个月在本集群区域之外设立分支机构，且该分支机构尚未注销",
)
STATUS_CHANGE = EventSignal(
    "status_change",
    "登记状态变更",
    20,
    "近12个月登记状态变更为存续、在业、开业以外的状态（如停业、歇业、清算）",
)
ELECTRICITY = DropSignal("electricity_drop", "近3个月用电同比", "electricity_kwh", 20, 60, 20)
TAX = DropSignal("tax_drop", "近3个月税收同比", "tax_wan_yuan", 20, 60, 15)
EMPLOYEES = DropSignal("employees_drop", "近3个月从业人数同比", "employees", 10, 40, 20)
PRODUCTION_SHIFT = EventSignal(
    "production_shift",
    "用电降幅明显大于营收降幅",
    10,
    "近3个月用电同比降幅达到 20%，且比营业收入同比降幅多 25 个百分点以上（生产外移、销售留存）",
)
SHIFT_MIN_DROP_PCT = 20.0
SHIFT_GAP_PCT = 25.0
REPORTING_STOPPED = EventSignal(
    "reporting_stopped",
    "停止报送经营数据",
    10,
    "最近2个月未报送经营数据，而此前12个月中至少报送6个月",
)

DROPS = (ELECTRICITY, TAX, EMPLOYEES)
ALL_SIGNALS: tuple[EventSignal | DropSignal, ...] = (
    ADDRESS_OUT,
    BRANCH_OUT,
    STATUS_CHANGE,
    ELECTRICITY,
    TAX,
    EMPLOYEES,
    PRODUCTION_SHIFT,
    REPORTING_STOPPED,
)
# A status after a change that is not a risk (the enterprise keeps operating).
ACTIVE_STATUSES = ("存续", "在业", "开业", "正常", "在营", "登记成立")
# Statuses of enterprises no longer registered here: outcomes, not risks; never scored.
GONE_PATTERNS = ("迁出", "注销", "吊销", "撤销")
LEVELS = (("红", 70.0), ("橙", 50.0), ("黄", 30.0), ("蓝", 15.0))
LEVEL_COLOURS = {"红": "#c62828", "橙": "#ef6c00", "黄": "#f9a825", "蓝": "#1565c0"}


def level_of(score: float) -> str | None:
    """Return the colour level of a score (None below the lowest threshold)."""
    return next((level for level, threshold in LEVELS if score >= threshold), None)


def drop_points(signal: DropSignal, change_pct: float | None) -> float:
    """Return a drop signal's points for a change (e.g. −45.0 for a 45% fall)."""
    if change_pct is None:
        return 0.0
    share = (-change_pct - signal.start_pct) / (signal.full_pct - signal.start_pct)
    return round(signal.points * min(1.0, max(0.0, share)), 1)
