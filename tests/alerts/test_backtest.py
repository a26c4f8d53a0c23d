"""The warning rules' backtest: precision, recall and lead time computed by hand on small
planted datasets, the figures recorded and shown on the page with their data note."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from industry_brain.accounts.principal import Principal
from industry_brain.alerts.backtest import replay, run_backtest, score
from industry_brain.alerts.kinds import RuleSpec
from industry_brain.alerts.rule_actions import do_seed_rules
from industry_brain.audit.models import AuditEvent
from industry_brain.db import Database
from industry_brain.monitor.evaluations import do_record_evaluation, latest_evaluation
from industry_brain.months import month_index
from industry_brain.settings import Settings
from industry_brain.warehouse.models import ImportBatch
from tests.alerts.conftest import AlertsApp
from tests.alerts.lake import Lake, rule
from tests.conftest import page_login


def test_scoring_by_hand() -> None:
    rules = [RuleSpec(1, "甲", "yoy_drop", "enterprise", "revenue", {}, {}),
             RuleSpec(2, "乙", "cliff", "enterprise", "tax", {}, {})]  # fmt: skip
    hits = {
        (1, "A"): {
            103,
            104,
            105,
        },  # raised at 103, shock at 105: a hit, 4 months before it is confirmed
        (1, "E"): {110},  # no shock follows: a miss
        (1, "F"): {115},  # too late in the replay to know what followed: not judged
        (2, "A"): {108},  # after the shock was confirmed (107): a miss
        (2, "B"): {100, 101},  # raised at the first month; B's shock starts 18 months later
        (1, "C"): {95},  # before the replay
    }
    onsets = {"A": [105], "B": [118], "C": [90], "D": [119]}  # D is confirmed after the end
    overall, by_rule = score(rules, hits, onsets, first=100, last=120)
    assert overall.figures() == {
        "warnings": 4, "hits": 1, "precision": 0.25, "shocks": 2, "caught": 1, "recall": 0.5,
        "median_lead_months": 4,
    }  # fmt: skip
    assert (by_rule[1].warnings, by_rule[1].hits, by_rule[1].caught) == (2, 1, 1)
    assert (by_rule[2].warnings, by_rule[2].hits, by_rule[2].caught) == (2, 0, 0)


def _planted(lake: Lake) -> None:
    """24 months to 2024-12: P falls by half from 2024-03 (a shock), Q dips once in 2024-02,
    S falls by half from 2024-08, R and U stay steady."""
    months = [date(2023 + m // 12, m % 12 + 1, 1) for m in range(24)]
    for code, low in (("P", date(2024, 3, 1)), ("S", date(2024, 8, 1))):
        lake.enterprise(code)
        lake.series(code, [50.0 if m >= low else 100.0 for m in months])
    lake.enterprise("Q")
    lake.series("Q", [60.0 if m == date(2024, 2, 1) else 100.0 for m in months])
    for code in ("R", "U"):
        lake.enterprise(code)
        lake.series(code, [100.0] * 24)


def test_replay_on_a_planted_dataset(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake.duckdb")
    _planted(lake)
    planted = {"P": [month_index(date(2024, 3, 1))], "U": [month_index(date(2024, 5, 1))]}
    yoy = rule("yoy_drop", thresholds={"黄": 30.0})
    found = replay(lake.con, [yoy], months=12, leaders=[], planted=planted)
    # Judged: warnings raised 2024-01..2024-04 (P at 2024-03: a hit; Q at 2024-02: a miss).
    # Shocks: P (2024-03) and S (2024-08), both caught 2 months before they are confirmed.
    assert found["figures"] == {
        "warnings": 2, "hits": 1, "precision": 0.5, "shocks": 2, "caught": 2, "recall": 1.0,
        "median_lead_months": 2, "months": 12,
        "planted_precision": 0.5, "planted_recall": 0.5, "planted_shocks": 2,
    }  # fmt: skip
    assert (found["first"], found["last"]) == ("2024-01", "2024-12")
    assert found["rules"][0]["name"] == "规则1" and found["skipped"] == []


def test_backtest_is_recorded_and_shown(
    alerts_app: AlertsApp, settings: Settings, database: Database
) -> None:
    lake = Lake(settings.resolved_lake_path)
    _planted(lake)
    lake.con.close()
    truth = settings.data_dir / "demo-input" / "seed-1-5" / "truth" / "ground_truth.json"
    truth.parent.mkdir(parents=True)
    shocks = [{"uscc": "P", "start_period": "2024-03"}, {"uscc": "U", "start_period": "2024-05"}]
    truth.write_text(json.dumps({"shocks": shocks}), encoding="utf-8")
    with database.writer() as db:
        do_seed_rules(db, actor=Principal.system("test"))
    result = run_backtest(settings=settings, database=database, months=12)
    assert result.model == "alerts.rules" and result.synthetic is False
    assert result.data_note == "已导入的经营数据（无演示批次，2024-01–2024-12）。"
    assert result.figures["planted_shocks"] == 2
    assert [r["name"] for r in result.details["rules"]] == [
        "营业收入同比降幅", "用电量连续下降", "税收断崖", "营业收入统计异常", "链主营业收入下滑",
    ]  # fmt: skip
    assert "链主营业收入下滑：尚无链主（运行产业链分析后评估）" in result.details["skipped"]
    with database.writer() as db:
        do_record_evaluation(db, actor=Principal.system("test"), result=result)
    with database.reader() as db:
        assert latest_evaluation(db, model="alerts.rules") is not None
        assert db.scalar(select(AuditEvent).where(AuditEvent.event_type == "model.evaluate"))
    page_login(alerts_app.client, "lead")
    page = alerts_app.client.get("/alerts").text
    assert 'id="backtest-precision"' in page and "已导入的经营数据（无演示批次" in page
    assert "对照演示数据植入的 2 次冲击" in page


def test_the_demo_s_figures_are_said_to_be_synthetic(
    settings: Settings, database: Database
) -> None:
    lake = Lake(settings.resolved_lake_path)
    _planted(lake)
    lake.con.close()
    with database.writer() as db:
        db.add(ImportBatch(id="b1", standard="operations", source="demo", file_name="ops.csv",
                           sha256="0" * 64, size_bytes=1, raw_path="raw/b1", status="loaded",
                           created_by="test"))  # fmt: skip
        do_seed_rules(db, actor=Principal.system("test"))
        db.commit()
    result = run_backtest(settings=settings, database=database, months=12)
    assert result.synthetic is True and result.data_note.startswith(
        "演示数据（ib demo 生成的合成数据）"
    )
    assert result.lines[1].startswith("全部规则：预警")
