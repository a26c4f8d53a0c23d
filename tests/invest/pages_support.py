"""Small known data for the 招商 pages: a chain run with four gaps, a published candidate pool
with exact factor values (so every score is known by hand), the 常州 cluster, a backtest and
the users who matter.

Scores under the default weights (25/15/10/10/20/10/10, docs/invest.md):

- ALPHA, every factor known: .25·90 + .15·80 + .1·60 + .1·40 + .2·50 + .1·30 + .1·20 = 59.5;
- BETA, innovation and distance unknown: the other weights (80) renormalised:
  25/80·80 + 15/80·80 + 10/80·40 + 20/80·100 + 10/80·40 = 25 + 15 + 5 + 25 + 5 = 75.0;
- FILLERS, every factor ``v`` (10–32): score ``v``; BLANK, every factor unknown: no score, last.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Boolean, Column, Float, Integer, MetaData, String, Table, Text

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.app import create_app
from industry_brain.chain.models import ChainNodeStat, ChainRun
from industry_brain.db import Database
from industry_brain.monitor.evaluations import BacktestResult, do_record_evaluation
from industry_brain.settings import Settings
from industry_brain.warehouse.models import ClusterProfile
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_uscc, make_user

TEMPLATE, NODE, WEAK, EMPTY = "new_energy_vehicle", "battery_cells", "drive_motors", "smart_cockpit"
PV, PV_NODE = "photovoltaic", "inverters"
ALPHA, BETA, BLANK, MOTOR = make_uscc(9001), make_uscc(9002), make_uscc(9003), make_uscc(9004)
FILLERS = [make_uscc(9100 + value) for value in range(10, 33)]  # scores 10 … 32
FACTORS = ("fit", "scale", "growth", "innovation", "network", "relatedness", "distance")
TEXT_COLUMNS = (
    "template_id", "node_id", "node_name", "uscc", "name", "province_code", "province_name",
    "city_code", "city_name", "county_code", "county_name", "location_precision",
    "industry_code", "industry_name", "status", "edge_names_local", "evidence",
)  # fmt: skip
NUMBER_COLUMNS = (
    "confidence", "longitude", "latitude", "revenue_12m_wan_yuan", "registered_capital_wan_yuan",
    "revenue_growth_pct", "capital_before_wan_yuan", "capital_after_wan_yuan", "capital_ratio",
    "local_sales_wan_yuan", "local_purchases_wan_yuan", "distance_km", *FACTORS,
)  # fmt: skip
INT_COLUMNS = (
    "assign_rank", "employees", "invention_patents", "other_patents", "local_buyers",
    "local_suppliers", "local_partners", "edge_nodes", "edge_nodes_local",
)  # fmt: skip
BOOL_COLUMNS = ("above_scale", "high_tech", "specialised", "relations_known")
SHENZHEN = {"province_code": "440000", "province_name": "广东省", "city_code": "440300",
            "city_name": "深圳市", "longitude": 114.06, "latitude": 22.54}  # fmt: skip
NINGDE = {"province_code": "350000", "province_name": "福建省", "city_code": "350900",
          "city_name": "宁德市", "longitude": 119.55, "latitude": 26.67}  # fmt: skip


def _row(
    uscc: str, name: str, node: str, values: dict[str, float | None], **extra: Any
) -> dict[str, Any]:
    node_name = {NODE: "动力电池", WEAK: "驱动电机"}[node]
    row: dict[str, Any] = {
        "template_id": TEMPLATE, "node_id": node, "node_name": node_name, "uscc": uscc,
        "name": name, "assign_rank": 1, "status": "存续",
    }  # fmt: skip
    return {**row, **dict.fromkeys(FACTORS), **values, **extra}


def pool_rows() -> list[dict[str, Any]]:
    """The candidate pool: 26 candidates of 动力电池, one of 驱动电机, none of 智能座舱."""
    alpha = dict(zip(FACTORS, (90.0, 80.0, 60.0, 40.0, 50.0, 30.0, 20.0), strict=True))
    beta = {"fit": 80.0, "scale": 80.0, "growth": 40.0, "network": 100.0, "relatedness": 40.0}
    rows = [
        _row(
            ALPHA,
            "深圳甲动力电池有限公司",
            NODE,
            alpha,
            **SHENZHEN,
            confidence=0.9,
            revenue_12m_wan_yuan=250000.0,
            revenue_growth_pct=10.0,
            invention_patents=5,
            other_patents=0,
            relations_known=True,
            local_buyers=1,
            local_suppliers=0,
            edge_nodes=8,
            edge_nodes_local=2,
            distance_km=1200.0,
            location_precision="address",
            industry_name="锂离子电池制造",
            evidence=json.dumps(
                {
                    "fit": ["产品：动力电池"],
                    "network": ["常州丙汽车有限公司"],
                    "relatedness": ["整车制造"],
                },
                ensure_ascii=False,
            ),
        ),
        _row(
            BETA,
            "宁德乙新能源科技有限公司",
            NODE,
            beta,
            **{**NINGDE, "longitude": None, "latitude": None},
            confidence=0.8,
            revenue_12m_wan_yuan=90000.0,
            revenue_growth_pct=-10.0,
            relations_known=True,
            local_buyers=3,
            local_suppliers=0,
            edge_nodes=8,
            edge_nodes_local=2,
        ),
        _row(BLANK, "未知丁电池有限公司", NODE, {}, province_code="320000", province_name="江苏省"),
        _row(MOTOR, "深圳戊电机有限公司", WEAK, dict.fromkeys(FACTORS, 50.0), **SHENZHEN),
    ]
    rows += [
        _row(code, f"填充企业{value:02d}号电池有限公司", NODE, dict.fromkeys(FACTORS, float(value)),
             province_code="320000", province_name="江苏省", longitude=120.3, latitude=31.5)
        for value, code in zip(range(10, 33), FILLERS, strict=True)
    ]  # fmt: skip
    return rows


def publish_pool(database: Database, rows: list[dict[str, Any]]) -> None:
    """Write ``ads_invest_pool`` as the pipeline publishes it (the columns the pages read)."""
    table = Table(
        "ads_invest_pool", MetaData(),
        *[Column(name, Text if name == "evidence" else String(200)) for name in TEXT_COLUMNS],
        *[Column(name, Float) for name in NUMBER_COLUMNS],
        *[Column(name, Integer) for name in INT_COLUMNS],
        *[Column(name, Boolean) for name in BOOL_COLUMNS],
    )  # fmt: skip
    table.create(database.engine)
    full = [{column.name: row.get(column.name) for column in table.columns} for row in rows]
    with database.engine.begin() as connection:
        connection.execute(table.insert(), full)


def _stat(run_id: str, node: str, local: int, health: str, suggestion: str | None,
          dependence: float | None) -> ChainNodeStat:  # fmt: skip
    return ChainNodeStat(
        run_id=run_id, node_id=node, enterprises=local, local_enterprises=local, above_scale=0,
        revenue_12m_wan_yuan=0.0, revenue_share_pct=None, revenue_yoy_pct=None,
        local_purchases_wan_yuan=0.0, outside_purchases_wan_yuan=0.0,
        outside_dependence_pct=dependence, health=health, suggestion=suggestion,
    )  # fmt: skip


def analyse_chains(database: Database) -> None:
    """Record a chain run per template: 动力电池 missing (补链, priority 100), 驱动电机 weak
    (强链, 75), 智能座舱 missing (延链, 70), 逆变器 weak (60); 整车制造 strong (no gap)."""
    with database.writer() as db:
        for run_id, template in (("run-nev", TEMPLATE), ("run-pv", PV)):
            db.add(ChainRun(id=run_id, template_id=template, template_version=1,
                            method="test", created_by="test"))  # fmt: skip
        db.flush()
        db.add_all([
            _stat("run-nev", NODE, 0, "missing", "补链", None),
            _stat("run-nev", WEAK, 2, "weak", "强链", 80.0),
            _stat("run-nev", EMPTY, 0, "missing", "延链", None),
            _stat("run-nev", "vehicle_manufacturing", 5, "strong", None, 10.0),
            _stat("run-pv", PV_NODE, 1, "weak", None, None),
        ])  # fmt: skip
        db.add(ClusterProfile(name="常州市新能源汽车产业集群", region_code="320400"))
        db.commit()


def record_backtest(database: Database) -> None:
    """Record a backtest of the ranking on synthetic data."""
    result = BacktestResult(
        model="invest.ranking", title="招商候选排序", synthetic=True,
        figures={"hit_rate_at_10": 0.25, "hit_rate_at_50": 0.6, "median_rank": 14,
                 "random_hit_rate_at_10": 0.02, "random_hit_rate_at_50": 0.1, "arrivals": 60,
                 "arrivals_in_pool": 48},
        data_note="演示数据（合成）：落地企业由演示程序预置；以下数字只说明方法可用",
        details={"cutoff": "2024-06"},
    )  # fmt: skip
    with database.writer() as db:
        do_record_evaluation(db, actor=Principal.system("test"), result=result)


def make_users(database: Database) -> None:
    """A government analyst and its org admin, the data admin, an enterprise and a bank."""
    with database.writer() as db:
        office = make_org(db, name="常州市投资促进中心", org_type=OrgType.GOVERNMENT)
        make_user(db, org=office, username="analyst")
        make_user(db, org=office, username="director", roles=(Role.ORG_ADMIN,))
        operator = make_org(db, org_type=OrgType.OPERATOR)
        make_user(db, org=operator, username="data", roles=(Role.DATA_ADMIN,))
        make_user(db, org=make_org(db), username="firm", roles=(Role.ORG_ADMIN,))
        make_user(db, org=make_org(db, org_type=OrgType.BANK), username="banker")


def load(database: Database, *, backtest: bool = True) -> None:
    """Everything the pages need, as a pipeline run would leave it."""
    from industry_brain.invest import pool_store

    pool_store.clear_cache()
    analyse_chains(database)
    publish_pool(database, pool_rows())
    if backtest:
        record_backtest(database)
    make_users(database)


@dataclass(frozen=True)
class PagesApp:
    """The app over the dataset and bearer headers of each user."""

    client: TestClient
    database: Database
    analyst: dict[str, str]
    director: dict[str, str]
    data: dict[str, str]
    firm: dict[str, str]
    banker: dict[str, str]


@pytest.fixture
def pages_app(settings: Settings, database: Database) -> Iterator[PagesApp]:
    """The app over the dataset, its users logged in through the API."""
    load(database)
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        names = ("analyst", "director", "data", "firm", "banker")
        yield PagesApp(c, database, *[bearer(api_token(c, name)) for name in names])
