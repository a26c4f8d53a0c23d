"""``ib monitor backtest`` runs the relocation backtest on the warehouse, records it, and the
page and API show it; on imported (not demo) data it is not marked synthetic.

On the dataset (dataset.py), replaying 6 months gives the cutoffs 2024-06 … 2024-11. Only
常州丁科技 moves out (迁出 2024-10); its address moved to 杭州 on 2024-09-05, so it ranks first
at 2024-09 (30) and is a mover for the cutoffs 2024-06 … 2024-09: one hit in 6 cutoffs,
precision@10 1/60, @20 1/120, @50 1/300; recall of the top 50 1/4; lead 1 month.
"""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import text

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.monitor.evaluations import do_record_evaluation, run_backtests
from industry_brain.relocation.backtest import run_backtest
from industry_brain.settings import Settings
from tests.conftest import page_login
from tests.relocation.conftest import Users
from tests.relocation.dataset import GONE, IDLE


def test_backtest_is_recorded_and_shown(
    users: Users, client: TestClient, settings: Settings, database: Database
) -> None:
    results = run_backtests(
        settings=settings, database=database, actor=Principal.system("test"), months=6
    )
    [result] = [r for r in results if r.model == "relocation.risk"]
    assert result.synthetic is False
    assert result.data_note == (
        "已导入的数据（无演示批次）：以登记变更中的迁出事件为准，回放窗口内迁出 1 家"
    )
    assert result.figures == {
        "precision_at_10": 0.0167,
        "precision_at_20": 0.0083,
        "precision_at_50": 0.0033,
        "recall_at_50": 0.25,
        "median_lead_months": 1,
        "cutoffs": 6,
        "relocations": 1,
        "relocations_caught": 1,
    }
    assert result.details["lead_months"]["top_10"] == {GONE: 1}
    assert result.lines[0].startswith("回放 6 个截止月：precision@10 2%")
    shown = client.get("/api/v1/monitor/relocation", headers=users.government).json()
    assert shown["evaluation"]["figures"]["recall_at_50"] == 0.25
    assert shown["evaluation"]["synthetic"] is False
    page_login(client, "reloc_gov")
    html = client.get("/relocation").text
    assert "前50名召回率 <strong>25%</strong>" in html and "合成数据" not in html


def test_on_demo_data_the_backtest_says_it_is_synthetic(
    users: Users, client: TestClient, settings: Settings, database: Database
) -> None:
    with database.writer() as db:
        db.execute(text("UPDATE import_batches SET source = 'demo'"))
        db.commit()
    truth = settings.data_dir / "demo-input" / "seed-1-8" / "truth"
    truth.mkdir(parents=True)
    planted = [{"uscc": GONE, "moved_out_on": "2024-10-08"},
               {"uscc": IDLE, "moved_out_on": "2024-12-20"}]  # fmt: skip
    (truth / "ground_truth.json").write_text(json.dumps({"relocations": planted}), "utf-8")
    result = run_backtest(settings=settings, database=database, months=6)
    assert result.synthetic is True
    assert result.data_note.startswith("演示数据（合成）：迁出企业及其先兆信号由演示程序预置（2 家")
    assert result.details["lead_months"]["top_50"] == {GONE: 1, IDLE: 4}
    with database.writer() as db:
        do_record_evaluation(db, actor=Principal.system("test"), result=result)
    page_login(client, "reloc_gov")
    html = client.get("/relocation").text
    assert "合成数据" in html and "不代表真实数据上的准确率" in html
