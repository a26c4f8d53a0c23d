"""A small hand-made indicator system in the shape of Zhejiang's (two grades, a measured
and a judged condition each, four scored items in two categories), its checks, and bindings
with known values."""

from __future__ import annotations

from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.evaluation.checks import Checks, Scale, Threshold
from industry_brain.evaluation.model import (
    Binding,
    Category,
    GradeCondition,
    Indicator,
    IndicatorSystem,
    Measured,
    Scalar,
)

SYSTEM = IndicatorSystem(
    id="mini", title="迷你指标体系", issuer="测试", version="1", source="测试用",
    indicators=(
        Indicator("m-1", "1", "技术架构完备性", "是否具备完善架构", ("基础功能",), kind="bool",
                  points=10),
        Indicator("m-2", "2", "业务收益", "营收额", ("运营情况",), unit="亿元", points=10),
        Indicator("m-3", "3", "服务企业数量", "服务企业数量", ("运营情况",), unit="家",
                  binding="usage.served_enterprises", points=20),
        Indicator("m-4", "4", "推广案例", "跨省推广", ("运营情况",), kind="text", points=10),
        Indicator("m-5", "5", "应用场景", "说明", ("基础功能",), kind="text"),
    ),
    categories=(Category(("基础功能",), 10), Category(("运营情况",), 40)),
    grades=("基础级", "卓越级"),
    conditions=(
        GradeCondition("basic-function-1", "基础级", "基础功能", "具备互联网门户"),
        GradeCondition("basic-operation-2", "基础级", "运营情况", "服务企业 20家以上"),
        GradeCondition("excellent-operation-2", "卓越级", "运营情况",
                       "服务企业 50家以上，并为企业实现降本增效成效显著"),
    ),
)  # fmt: skip

CHECKS = Checks(
    "mini",
    conditions={
        "basic-operation-2": Threshold("usage.served_enterprises", 20, "服务企业"),
        "excellent-operation-2": Threshold(
            "usage.served_enterprises", 50, "服务企业", also="为企业实现降本增效成效显著"
        ),
    },
    scales={"m-1": Scale("bool"), "m-3": Scale("linear", full_at=100)},
)

DATA_ADMIN = Principal(
    user_id=None, username="data", org_id=None, org_type=OrgType.OPERATOR,
    roles=frozenset({Role.DATA_ADMIN}),
)  # fmt: skip
GOV_READER = Principal(
    user_id=None, username="gov", org_id=None, org_type=OrgType.GOVERNMENT,
    roles=frozenset({Role.MEMBER}),
)  # fmt: skip


def fixed(binding_id: str, value: Scalar | None, unit: str = "家") -> Binding:
    """Return a binding that always measures ``value`` (None: no data, with a reason)."""

    def compute(db: Session, year: int) -> Measured:
        return Measured(
            value=value,
            unit=unit,
            period=str(year),
            source="usage_monthly（服务库）",
            computation=f"{year}年有使用记录的企业数",
            missing=None if value is not None else f"{year}年没有使用记录",
        )

    return Binding(binding_id, "服务企业数量", unit, compute)


def bindings_with(served: Scalar | None) -> dict[str, Binding]:
    """The bindings of the mini system with a known number of served enterprises."""
    return {"usage.served_enterprises": fixed("usage.served_enterprises", served)}
