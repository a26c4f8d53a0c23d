"""Bindings of the platform's operation on hand-made rows of a fresh serving DB (exact values),
and every binding on an empty one: no value, with a reason, never a zero.

The industry bindings (scale, enterprises, chain) run on a cluster loaded through the real
pipeline: ``test_bindings_industry.py``."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.alerts.models import AlertRule, AlertWarning
from industry_brain.audit import service as audit
from industry_brain.catalogue.models import CatalogueOffering, CatalogueRequest
from industry_brain.db import Database
from industry_brain.diagnosis.models import Assessment
from industry_brain.evaluation import usage
from industry_brain.evaluation.bindings import BUILTIN, all_bindings
from industry_brain.evaluation.model import Measured
from industry_brain.invest.lead_models import InvestLead, InvestLeadEvent
from industry_brain.policies.models import Policy, PolicyApplication, PolicyApplicationEvent
from industry_brain.warehouse.models import CatalogEntry, ImportBatch
from tests.factories import make_org, make_user

CONTRACT_IDS = {
    "industry.scale": "亿元",
    "industry.concentration": "%",
    "enterprise.count": "家",
    "enterprise.above_scale": "家",
    "enterprise.listed": "家",
    "enterprise.advantaged": "家",
    "chain.completeness": "%",
    "chain.leader_output": "亿元",
    "lake.size_tb": "TB",
    "lake.tables": "个",
    "usage.served_enterprises": "家",
    "usage.active_users": "人",
    "usage.scenarios": "个",
    "monitor.indicators": "个",
    "alerts.warnings": "个",
    "invest.leads": "个",
    "invest.landed": "个",
    "policies.published": "项",
    "policies.beneficiaries": "家",
    "catalogue.offerings": "个",
    "catalogue.requests_completed": "个",
    "diagnosis.assessments": "次",
}


def at(day: str) -> datetime:
    """Return noon UTC of an ISO day."""
    return datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=UTC)


def measure(db: Session, binding_id: str, year: int) -> Measured:
    db.rollback()
    measured = BUILTIN_BY_ID[binding_id].compute(db, year)
    assert measured.unit == CONTRACT_IDS[binding_id]
    assert (measured.value is None) == (measured.missing is not None), measured
    return measured


BUILTIN_BY_ID = {binding.id: binding for binding in BUILTIN}


def test_the_contract_ids_are_built_in_with_their_units() -> None:
    assert {binding.id: binding.unit for binding in BUILTIN} == CONTRACT_IDS
    assert len(BUILTIN) == len(CONTRACT_IDS)  # no id twice
    assert set(all_bindings()) >= set(CONTRACT_IDS)


def test_an_empty_platform_has_no_value_anywhere_and_says_why(db: Session) -> None:
    for binding in BUILTIN:
        measured = measure(db, binding.id, 2025)
        assert measured.value is None, binding.id
        assert measured.missing, binding.id


def test_lake(database: Database, db: Session) -> None:
    with database.writer() as w:
        for serial, (day, size) in enumerate([("2024-05-01", 1000), ("2025-02-01", 500)]):
            w.add(
                ImportBatch(
                    id=f"b{serial}", standard="registry", source="upload", file_name="x.csv",
                    sha256="0" * 64, size_bytes=size, raw_path=f"raw/b{serial}/x.csv",
                    status="loaded", created_by="test", created_at=at(day),
                )
            )  # fmt: skip
        for code, layer in [("ods.a", "ods"), ("ods.b", "ods"), ("dwd.a", "dwd"),
                            ("ads.a", "ads"), ("template.a", "template"),
                            ("serving.ads_a", "serving")]:  # fmt: skip
            w.add(
                CatalogEntry(code=code, layer=layer, name=code, grade="一般", sharing="无条件共享")
            )
        w.commit()
    assert measure(db, "lake.size_tb", 2024).value == 1000 / 10**12
    stored = measure(db, "lake.size_tb", 2025)
    assert (stored.value, stored.period) == (1500 / 10**12, "2025-12")
    assert stored.detail == {"bytes": 1500, "batches": 2}
    assert measure(db, "lake.size_tb", 2023).missing == "截至2023年底数据仓没有接收任何文件"
    tables = measure(db, "lake.tables", 2025)
    assert tables.value == 4
    assert tables.detail == {"by_layer": {"ods": 2, "dwd": 1, "dws": 0, "ads": 1}}
    assert measure(db, "lake.tables", 2023).value is None


def test_usage(database: Database, db: Session) -> None:
    with database.writer() as w:
        x, y = make_org(w), make_org(w)
        operator = make_org(w, org_type=OrgType.OPERATOR)
        x1, x2, y1 = make_user(w, org=x), make_user(w, org=x), make_user(w, org=y)
        admin = make_user(w, org=operator)
        rows = [
            (x.id, "2025-03", "chain", x1.id, 3),
            (x.id, "2025-03", "chain", x2.id, 1),
            (x.id, "2025-04", "auth", x1.id, 2),
            (operator.id, "2025-09", "monitor", admin.id, 5),
            (y.id, "2024-12", "policies", y1.id, 1),
        ]
        for org_id, month, module, user_id, requests in rows:
            key = (org_id, month, module)
            usage.store(
                w, requests=Counter({key: requests}), logins=Counter(), users=[(*key, user_id)]
            )
        key = (y.id, "2025-07", "login")
        usage.store(w, requests=Counter(), logins=Counter({key: 2}), users=[(*key, y1.id)])
        w.commit()
    served = measure(db, "usage.served_enterprises", 2025)
    assert (served.value, served.detail) == (
        2,
        {"by_month": {"2025-03": 1, "2025-04": 1, "2025-07": 1}},
    )
    assert measure(db, "usage.served_enterprises", 2024).value == 1
    assert measure(db, "usage.active_users", 2025).value == 4  # x1, x2, y1 and the admin
    scenarios = measure(db, "usage.scenarios", 2025)
    assert (scenarios.value, scenarios.detail) == (
        2,
        {"requests_by_module": {"chain": 4, "monitor": 5}},
    )
    for binding_id in ("usage.served_enterprises", "usage.active_users", "usage.scenarios"):
        assert measure(db, binding_id, 2023).missing == "2023年没有平台使用记录（usage_monthly）"


def test_monitor_indicators(database: Database, db: Session) -> None:
    assert "尚未运行数据处理流水线" in (measure(db, "monitor.indicators", 2024).missing or "")
    with database.writer() as w:
        w.execute(text(
            "CREATE TABLE ads_indicator_values (indicator_id VARCHAR, dimension VARCHAR, "
            "member VARCHAR, member_name VARCHAR, period DATE, value FLOAT)"
        ))  # fmt: skip
        for row in [("revenue", "cluster", "2024-01-01", 10.0),
                    ("revenue", "cluster", "2024-02-01", None),
                    ("tax", "cluster", "2024-03-01", None), ("output", "region", "2024-01-01", 5.0),
                    ("output", "cluster", "2025-01-01", 7.0)]:  # fmt: skip
            w.execute(
                text("INSERT INTO ads_indicator_values VALUES (:i, :d, 'm', 'm', :p, :v)"),
                dict(
                    zip("idpv", (row[0], row[1], date.fromisoformat(row[2]), row[3]), strict=True)
                ),
            )
        w.commit()
    indicators = measure(db, "monitor.indicators", 2024)
    assert (indicators.value, indicators.detail) == (1, {"indicators": ["revenue"]})
    assert measure(db, "monitor.indicators", 2023).missing == "2023年没有运行监测指标值"


def test_alerts_and_invest(database: Database, db: Session) -> None:
    with database.writer() as w:
        rule = AlertRule(
            name="营收下滑", kind="drop", scope="enterprise", created_by="t", updated_by="t"
        )
        w.add(rule)
        w.flush()
        for level, first in [("红", "2024-03-01"), ("黄", "2024-05-01"), ("黄", "2025-01-01")]:
            day = date.fromisoformat(first)
            w.add(AlertWarning(
                rule_id=rule.id, subject_type="enterprise", subject_key=first, subject_name="甲",
                level=level, first_period=day, since_period=day, period=day, evaluated_period=day,
            ))  # fmt: skip
        leads = [("落地", "2025-02-01"), ("线索", "2025-04-01"), ("签约", "2024-11-01")]
        made = []
        for stage, created in leads:
            lead = InvestLead(uscc="x", name="乙", template_id="t", node_id="n", stage=stage,
                              created_by="t", created_at=at(created))  # fmt: skip
            w.add(lead)
            made.append(lead)
        w.flush()
        for lead, stage, moved in [(made[0], "接洽", "2025-03-01"),
                                   (made[0], "落地", "2025-06-01"),
                                   (made[2], "签约", "2025-01-10")]:  # fmt: skip
            w.add(
                InvestLeadEvent(lead_id=lead.id, kind="stage", stage=stage, actor="t", at=at(moved))
            )
        w.commit()
    warnings = measure(db, "alerts.warnings", 2024)
    assert (warnings.value, warnings.detail) == (2, {"by": {"红": 1, "黄": 1}})
    assert measure(db, "alerts.warnings", 2023).missing == (
        "2023年没有首次触发月份在该年的预警记录（alert_warnings）"
    )
    with database.writer() as w:  # the rules were evaluated for 2023-11 and raised nothing
        audit.append(
            w, actor=Principal.system("pipeline"), event_type="alerts.warning.raise",
            object_type="alerts_evaluation", object_id="2023-11", detail={"new": 0},
        )  # fmt: skip
        w.commit()
    quiet = measure(db, "alerts.warnings", 2023)
    assert (quiet.value, quiet.missing, quiet.detail["evaluated_months"]) == (0, None, ["2023-11"])
    assert measure(db, "alerts.warnings", 2022).value is None
    new_leads = measure(db, "invest.leads", 2025)
    assert (new_leads.value, new_leads.detail) == (2, {"by": {"线索": 1, "落地": 1}})
    assert measure(db, "invest.leads", 2024).value == 1
    landed = measure(db, "invest.landed", 2025)
    assert (landed.value, landed.detail) == (1, {"stage_changes": 3})
    assert measure(db, "invest.landed", 2024).value is None  # no lead moved in 2024


def test_policies(database: Database, db: Session) -> None:
    with database.writer() as w:
        org = make_org(w)
        policies = []
        for status, published_on, created, demo in [
            ("published", date(2025, 3, 1), "2024-12-01", False),
            ("expired", date(2024, 6, 1), "2024-06-01", False),
            ("draft", None, "2025-01-01", False),
            ("published", None, "2025-05-01", True),
        ]:
            policy = Policy(title="政策", issuer="局", rule="{}", status=status,
                            published_on=published_on, demo=demo, created_by="t",
                            created_at=at(created))  # fmt: skip
            w.add(policy)
            policies.append(policy)
        w.flush()
        for policy, uscc, steps in [
            (policies[0], "U1", [("申报", "2025-02-01"), ("兑现", "2025-04-01")]),
            (policies[0], "U2", [("申报", "2025-05-01")]),
            (policies[1], "U1", [("兑现", "2025-08-01")]),
        ]:
            application = PolicyApplication(policy_id=policy.id, org_id=org.id, uscc=uscc,
                                            status=steps[-1][0], created_by="t")  # fmt: skip
            w.add(application)
            w.flush()
            for status, day in steps:
                w.add(PolicyApplicationEvent(application_id=application.id, status=status,
                                             actor="t", at=at(day)))  # fmt: skip
        w.commit()
    listed = measure(db, "policies.published", 2025)
    assert (listed.value, listed.detail) == (2, {"by": {"政策": 1, "演示数据": 1}})
    assert measure(db, "policies.published", 2024).value == 1
    beneficiaries = measure(db, "policies.beneficiaries", 2025)
    assert (beneficiaries.value, beneficiaries.detail) == (1, {"events": 4})
    assert measure(db, "policies.beneficiaries", 2024).value is None


def test_catalogue_and_diagnosis(database: Database, db: Session) -> None:
    with database.writer() as w:
        provider = make_org(w, org_type=OrgType.PROVIDER)
        firm = make_org(w)
        offerings = []
        for category, created, active, updated in [
            ("数字化改造", "2024-05-01", True, "2024-05-01"),
            ("知识产权", "2025-02-01", True, "2025-02-01"),
            ("法律", "2024-01-01", False, "2025-03-01"),  # withdrawn in 2025
            ("检验检测", "2024-02-01", False, "2024-10-01"),  # withdrawn in 2024
        ]:
            offering = CatalogueOffering(
                provider_org_id=provider.id, title=category, category=category, description="",
                active=active, created_by="t", created_at=at(created), updated_at=at(updated),
            )  # fmt: skip
            w.add(offering)
            offerings.append(offering)
        w.flush()
        for status, created, closed in [("已完成", "2025-03-01", "2025-05-01"),
                                        ("进行中", "2025-06-01", None),
                                        ("已完成", "2024-12-01", "2025-01-05")]:  # fmt: skip
            w.add(CatalogueRequest(
                offering_id=offerings[0].id, enterprise_org_id=firm.id,
                provider_org_id=provider.id, message="", status=status, created_by="t",
                created_at=at(created), closed_at=at(closed) if closed else None,
            ))  # fmt: skip
        for level, day in [(2, "2025-01-01"), (3, "2025-06-01"), (2, "2024-06-01")]:
            w.add(Assessment(org_id=firm.id, uscc=firm.uscc, questionnaire_id="q",
                             questionnaire_version=1, submitted_at=at(day), submitted_by="t",
                             total=50, level=level))  # fmt: skip
        w.commit()
    zeros = {"标准规范": 0, "法律": 0, "检验检测": 0, "人才培训": 0}
    offered = measure(db, "catalogue.offerings", 2024)
    assert (offered.value, offered.detail) == (
        2,
        {**zeros, "数字化改造": 1, "法律": 1, "知识产权": 0},
    )
    offered = measure(db, "catalogue.offerings", 2025)
    assert (offered.value, offered.detail) == (2, {**zeros, "数字化改造": 1, "知识产权": 1})
    assert measure(db, "catalogue.offerings", 2023).value is None
    done = measure(db, "catalogue.requests_completed", 2025)
    assert (done.value, done.detail) == (2, {"requests_in_year": 3})
    assert measure(db, "catalogue.requests_completed", 2024).value == 0  # a request, none done
    assert measure(db, "catalogue.requests_completed", 2023).value is None
    assessed = measure(db, "diagnosis.assessments", 2025)
    assert (assessed.value, assessed.detail) == (2, {"by": {"2级": 1, "3级": 1}})


@pytest.mark.parametrize("year", [2024, 2025])
def test_concentration_needs_the_regions_total(db: Session, year: int) -> None:
    measured = measure(db, "industry.concentration", year)
    assert measured.value is None
    assert "平台没有所在地区的工业总产值" in (measured.missing or "")
