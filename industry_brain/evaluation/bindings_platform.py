"""Bindings of the platform's own operation: the lake, use, monitoring, warnings, 招商, policies,
the service catalogue and diagnoses. Each counts rows of the serving DB dated in the year (UTC);
a year with no such row has no value (the reason names the table), never a zero."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import and_, distinct, func, or_, select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.roles import OrgType
from industry_brain.alerts.models import AlertWarning
from industry_brain.catalogue.models import CATEGORIES, CatalogueOffering, CatalogueRequest
from industry_brain.diagnosis.models import Assessment
from industry_brain.evaluation.bindings_support import (
    Spec,
    Year,
    period_params,
    period_query,
    unpublished,
)
from industry_brain.evaluation.model import Binding, Measured
from industry_brain.evaluation.usage_models import LOGIN_MODULE, UsageMonthly, UsageMonthlyUser
from industry_brain.invest.lead_models import InvestLead, InvestLeadEvent
from industry_brain.policies.models import Policy, PolicyApplication, PolicyApplicationEvent
from industry_brain.warehouse.models import CatalogEntry, ImportBatch

BYTES_PER_TB = 10**12
LAKE_LAYERS = ("ods", "dwd", "dws", "ads")
# Modules that are not 应用场景: the home page, signing in, one's account, the API schema.
NOT_SCENARIOS = frozenset({"", LOGIN_MODULE, "auth", "account", "logout", "openapi.json"})
INDICATOR_VALUES = "ads_indicator_values"

LAKE_SIZE = Spec("TB", "import_batches（服务库：原始文件登记）", stock=True)
LAKE_TABLES = Spec("个", "catalog_entries、import_batches（服务库）", stock=True)
SERVED = Spec("家", "usage_monthly、organisations（服务库）")
ACTIVE = Spec("人", "usage_monthly_users（服务库）")
SCENARIOS = Spec("个", "usage_monthly（服务库）")
MONITORED = Spec("个", f"{INDICATOR_VALUES}（服务库）")
WARNINGS = Spec("个", "alert_warnings（服务库）")
LEADS = Spec("个", "invest_leads（服务库）")
LANDED = Spec("个", "invest_lead_events（服务库）")
POLICIES = Spec("项", "policies（服务库）")
BENEFICIARIES = Spec("家", "policy_applications、policy_application_events（服务库）")
OFFERINGS = Spec("个", "catalogue_offerings（服务库）", stock=True)
COMPLETED = Spec("个", "catalogue_requests（服务库）")
ASSESSMENTS = Spec("次", "diagnosis_assessments（服务库）")


def _in_year(column: Any, year: int) -> Any:
    bounds = Year(year)
    return and_(column >= bounds.start, column < bounds.end)


def lake_size_tb(db: Session, year: int) -> Measured:
    """数据仓存储量: the raw files received by the year's end (kept unchanged), in TB."""
    batches, size = db.execute(
        select(func.count(), func.coalesce(func.sum(ImportBatch.size_bytes), 0)).where(
            ImportBatch.created_at < Year(year).end
        )
    ).one()
    if not batches:
        return LAKE_SIZE.missing(year, f"截至{year}年底数据仓没有接收任何文件")
    computation = f"截至{year}年底数据仓接收并原样保存的原始文件字节数之和，按 1 TB = 10¹² 字节折算"
    detail = {"bytes": int(size), "batches": int(batches)}
    return LAKE_SIZE.value(year, int(size) / BYTES_PER_TB, computation, detail)


def lake_tables(db: Session, year: int) -> Measured:
    """Tables of the lake's ODS, DWD, DWS and ADS layers in the data resource catalogue."""
    if not db.scalar(select(func.count()).where(ImportBatch.created_at < Year(year).end)):
        return LAKE_TABLES.missing(year, f"截至{year}年底数据仓没有接收任何文件")
    layers = dict(
        db.execute(
            select(CatalogEntry.layer, func.count())
            .where(CatalogEntry.layer.in_(LAKE_LAYERS))
            .group_by(CatalogEntry.layer)
        ).all()
    )
    if not layers:
        return LAKE_TABLES.missing(year, "数据资源目录中没有数据仓的表（尚未运行数据处理流水线）")
    computation = "数据资源目录中贴源层、明细层、汇总层和应用层的表数（按当前目录）"
    detail = {layer: int(layers.get(layer, 0)) for layer in LAKE_LAYERS}
    return LAKE_TABLES.value(year, sum(detail.values()), computation, {"by_layer": detail})


def _usage_rows(db: Session, year: int) -> int:
    return int(
        db.scalar(select(func.count()).where(UsageMonthly.month.like(Year(year).months))) or 0
    )


def _no_usage(spec: Spec, year: int) -> Measured:
    return spec.missing(year, f"{year}年没有平台使用记录（usage_monthly）")


def usage_served_enterprises(db: Session, year: int) -> Measured:
    """服务企业数量: enterprise organisations with any recorded use in the year."""
    if not _usage_rows(db, year):
        return _no_usage(SERVED, year)
    rows = db.execute(
        select(UsageMonthly.month, func.count(distinct(UsageMonthly.org_id)))
        .join(Organisation, Organisation.id == UsageMonthly.org_id)
        .where(
            UsageMonthly.month.like(Year(year).months),
            Organisation.org_type == OrgType.ENTERPRISE.value,
            UsageMonthly.logins + UsageMonthly.requests > 0,
        )
        .group_by(UsageMonthly.month)
    ).all()
    served = db.scalar(
        select(func.count(distinct(UsageMonthly.org_id)))
        .join(Organisation, Organisation.id == UsageMonthly.org_id)
        .where(
            UsageMonthly.month.like(Year(year).months),
            Organisation.org_type == OrgType.ENTERPRISE.value,
            UsageMonthly.logins + UsageMonthly.requests > 0,
        )
    )
    computation = f"{year}年登录或使用过平台任一功能的企业机构数（按机构去重）"
    by_month = {month: int(count) for month, count in rows}
    return SERVED.value(year, int(served or 0), computation, {"by_month": by_month})


def usage_active_users(db: Session, year: int) -> Measured:
    """Users who logged in or used a module in the year."""
    if not _usage_rows(db, year):
        return _no_usage(ACTIVE, year)
    users = db.scalar(
        select(func.count(distinct(UsageMonthlyUser.user_id))).where(
            UsageMonthlyUser.month.like(Year(year).months)
        )
    )
    computation = f"{year}年登录或使用过平台的用户数（按用户去重）"
    return ACTIVE.value(year, int(users or 0), computation)


def usage_scenarios(db: Session, year: int) -> Measured:
    """应用场景数量: modules used in the year (not the home page, login or one's account)."""
    if not _usage_rows(db, year):
        return _no_usage(SCENARIOS, year)
    rows = db.execute(
        select(UsageMonthly.module, func.sum(UsageMonthly.requests))
        .where(UsageMonthly.month.like(Year(year).months), UsageMonthly.requests > 0)
        .group_by(UsageMonthly.module)
        .order_by(UsageMonthly.module)
    ).all()
    modules = {module: int(n) for module, n in rows if module not in NOT_SCENARIOS}
    computation = f"{year}年有人使用过的功能模块数（不含首页、登录与账户）"
    return SCENARIOS.value(year, len(modules), computation, {"requests_by_module": modules})


def monitor_indicators(db: Session, year: int) -> Measured:
    """运行监测指标: indicators with a cluster value for a month of the year."""
    if reason := unpublished(db, INDICATOR_VALUES):
        return MONITORED.missing(year, reason)
    rows = db.execute(
        period_query(
            f"SELECT DISTINCT indicator_id FROM {INDICATOR_VALUES} WHERE dimension = 'cluster' "
            "AND period >= :first AND period < :next_first AND value IS NOT NULL "
            "ORDER BY indicator_id"
        ),
        period_params(Year(year)),
    ).all()
    if not rows:
        return MONITORED.missing(year, f"{year}年没有运行监测指标值")
    ids = [str(row[0]) for row in rows]
    computation = f"{year}年至少有一个月集群值的运行监测指标数"
    return MONITORED.value(year, len(ids), computation, {"indicators": ids})


def _counted(spec: Spec, year: int, counts: Counter[str], what: str, table: str) -> Measured:
    total = sum(counts.values())
    if not total:
        return spec.missing(year, f"{year}年没有{what}记录（{table}）")
    computation = f"{year}年{what}数"
    return spec.value(year, total, computation, {"by": dict(sorted(counts.items()))})


def alerts_warnings(db: Session, year: int) -> Measured:
    """预警数量: warnings first raised for a month of the year, by colour; 0 when none was
    raised although the rules were evaluated for months of the year, else no data."""
    rows = db.execute(
        select(AlertWarning.level, func.count())
        .where(
            AlertWarning.first_period >= Year(year).first,
            AlertWarning.first_period < Year(year).next_first,
        )
        .group_by(AlertWarning.level)
    ).all()
    counts = Counter({str(level): int(n) for level, n in rows})
    if not counts:
        months = _evaluated_months(db, year)
        if months:  # the rules ran over months of the year and raised nothing: a real 0
            computation = f"{year}年预警规则评估了 {len(months)} 个月份（审计日志），未产生预警"
            return WARNINGS.value(year, 0, computation, {"by": {}, "evaluated_months": months})
    return _counted(WARNINGS, year, counts, "首次触发月份在该年的预警", "alert_warnings")


def _evaluated_months(db: Session, year: int) -> list[str]:
    """Return the months of the year the warning rules were evaluated for (each evaluation
    appends one ``alerts.warning.raise`` audit row whose object is the month)."""
    from industry_brain.audit.models import AuditEvent

    found = db.scalars(
        select(AuditEvent.object_id)
        .where(
            AuditEvent.event_type == "alerts.warning.raise",
            AuditEvent.object_id.like(f"{year}-%"),
        )
        .distinct()
    )
    return sorted(str(month) for month in found)


def invest_leads(db: Session, year: int) -> Measured:
    """招商线索: leads added in the year, by their stage now."""
    rows = db.execute(
        select(InvestLead.stage, func.count())
        .where(_in_year(InvestLead.created_at, year))
        .group_by(InvestLead.stage)
    ).all()
    counts = Counter({str(stage): int(n) for stage, n in rows})
    return _counted(LEADS, year, counts, "新增的招商线索", "invest_leads")


def invest_landed(db: Session, year: int) -> Measured:
    """落地项目: leads that reached 落地 in the year (0 when leads moved but none landed)."""
    events = db.scalar(
        select(func.count()).where(
            InvestLeadEvent.kind == "stage", _in_year(InvestLeadEvent.at, year)
        )
    )
    if not events:
        return LANDED.missing(year, f"{year}年没有招商线索的阶段变化记录（invest_lead_events）")
    landed = db.scalar(
        select(func.count(distinct(InvestLeadEvent.lead_id))).where(
            InvestLeadEvent.kind == "stage",
            InvestLeadEvent.stage == "落地",
            _in_year(InvestLeadEvent.at, year),
        )
    )
    computation = f"{year}年进入“落地”阶段的招商线索数"
    return LANDED.value(year, int(landed or 0), computation, {"stage_changes": int(events)})


def policies_published(db: Session, year: int) -> Measured:
    """惠企政策: policies published on the platform whose 发布日期 (else entry) is in the year."""
    rows = db.execute(
        select(Policy.published_on, Policy.created_at, Policy.demo).where(
            Policy.status.in_(("published", "expired"))
        )
    ).all()
    counts: Counter[str] = Counter()
    for published_on, created_at, demo in rows:
        if (published_on or created_at.date()).year == year:
            counts["演示数据" if demo else "政策"] += 1
    return _counted(POLICIES, year, counts, "发布的惠企政策", "policies")


def policies_beneficiaries(db: Session, year: int) -> Measured:
    """受惠企业: enterprises whose application was granted (兑现) in the year."""
    moved = PolicyApplicationEvent.application_id == PolicyApplication.id
    activity = db.scalar(select(func.count()).where(_in_year(PolicyApplicationEvent.at, year)))
    if not activity:
        return BENEFICIARIES.missing(year, f"{year}年没有政策申报记录（policy_application_events）")
    granted = db.scalar(
        select(func.count(distinct(PolicyApplication.uscc)))
        .join(PolicyApplicationEvent, moved)
        .where(PolicyApplicationEvent.status == "兑现", _in_year(PolicyApplicationEvent.at, year))
    )
    computation = f"{year}年政策申报获兑现的企业数（按信用代码去重）"
    return BENEFICIARIES.value(year, int(granted or 0), computation, {"events": int(activity)})


def catalogue_offerings(db: Session, year: int) -> Measured:
    """服务产品: offerings listed by the year's end and not withdrawn before it, by category."""
    end = Year(year).end
    rows = db.execute(
        select(CatalogueOffering.category, func.count())
        .where(
            CatalogueOffering.created_at < end,
            or_(CatalogueOffering.active, CatalogueOffering.updated_at >= end),
        )
        .group_by(CatalogueOffering.category)
    ).all()
    found = dict(rows)
    counts = Counter({category: int(found.get(category, 0)) for category in CATEGORIES})
    if not sum(counts.values()):
        return OFFERINGS.missing(
            year, f"截至{year}年底服务目录没有上架的服务（catalogue_offerings）"
        )
    computation = f"截至{year}年底服务目录中上架的服务数（之后下架的按年底仍上架计）"
    return OFFERINGS.value(year, sum(counts.values()), computation, dict(counts))


def catalogue_requests_completed(db: Session, year: int) -> Measured:
    """服务需求: requests completed (已完成) in the year."""
    activity = db.scalar(
        select(func.count()).where(
            or_(
                _in_year(CatalogueRequest.created_at, year),
                _in_year(CatalogueRequest.closed_at, year),
            )
        )
    )
    if not activity:
        return COMPLETED.missing(year, f"{year}年没有服务需求记录（catalogue_requests）")
    done = db.scalar(
        select(func.count()).where(
            CatalogueRequest.status == "已完成", _in_year(CatalogueRequest.closed_at, year)
        )
    )
    computation = f"{year}年完成（已完成）的服务需求数"
    return COMPLETED.value(year, int(done or 0), computation, {"requests_in_year": int(activity)})


def diagnosis_assessments(db: Session, year: int) -> Measured:
    """数字化诊断: assessments submitted in the year, by level reached."""
    rows = db.execute(
        select(Assessment.level, func.count())
        .where(_in_year(Assessment.submitted_at, year))
        .group_by(Assessment.level)
    ).all()
    counts = Counter({f"{level}级": int(n) for level, n in rows})
    return _counted(ASSESSMENTS, year, counts, "提交的数字化诊断", "diagnosis_assessments")


BINDINGS = [
    Binding("lake.size_tb", "数据仓存储量", LAKE_SIZE.unit, lake_size_tb),
    Binding("lake.tables", "数据仓数据表数量", LAKE_TABLES.unit, lake_tables),
    Binding("usage.served_enterprises", "服务企业数量", SERVED.unit, usage_served_enterprises),
    Binding("usage.active_users", "活跃用户数", ACTIVE.unit, usage_active_users),
    Binding("usage.scenarios", "应用场景数量", SCENARIOS.unit, usage_scenarios),
    Binding("monitor.indicators", "运行监测指标数量", MONITORED.unit, monitor_indicators),
    Binding("alerts.warnings", "预警数量", WARNINGS.unit, alerts_warnings),
    Binding("invest.leads", "招商线索数量", LEADS.unit, invest_leads),
    Binding("invest.landed", "招商落地项目数量", LANDED.unit, invest_landed),
    Binding("policies.published", "发布惠企政策数量", POLICIES.unit, policies_published),
    Binding(
        "policies.beneficiaries", "政策惠及企业数量", BENEFICIARIES.unit, policies_beneficiaries
    ),
    Binding("catalogue.offerings", "服务产品数量", OFFERINGS.unit, catalogue_offerings),
    Binding(
        "catalogue.requests_completed",
        "完成服务需求数量",
        COMPLETED.unit,
        catalogue_requests_completed,
    ),
    Binding("diagnosis.assessments", "数字化诊断次数", ASSESSMENTS.unit, diagnosis_assessments),
]
