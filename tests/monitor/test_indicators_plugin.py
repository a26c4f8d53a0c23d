"""A plugin's indicators are computed by the pipeline step like the built-in ones; a formula
DuckDB refuses skips that indicator only, and the step says so."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from industry_brain import lake
from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.hookspecs import hookimpl
from industry_brain.monitor.indicators import Indicator, all_indicators
from industry_brain.monitor.pipeline import monitor_step
from industry_brain.plugins import plugin_manager
from tests.conftest import make_settings
from tests.monitor.conftest import MonitorApp
from tests.monitor.monitor_data import CLUSTER, WUJIN

TAX_SHARE = Indicator(
    "tax_share", "税收占营收比重", "%", "税收合计占营业收入合计的百分比",
    "100 * sum(tax_wan_yuan) / nullif(sum(revenue_wan_yuan), 0)",
    dimensions=("cluster", "region"),
)  # fmt: skip
EXPORT = Indicator("export", "出口额", "万元", "本月出口额合计", "sum(export_wan_yuan)")
BROKEN = Indicator("broken", "坏指标", "万元", "引用不存在的列", "sum(no_such_column)")


@hookimpl
def ib_indicators() -> list[Indicator]:
    return [TAX_SHARE, EXPORT, BROKEN]


@pytest.fixture
def plugin() -> Iterator[None]:
    plugin_manager().register(SimpleNamespace(ib_indicators=ib_indicators), name="test-extra")
    all_indicators.cache_clear()
    try:
        yield
    finally:
        plugin_manager().unregister(name="test-extra")
        all_indicators.cache_clear()


def test_plugin_indicators_are_computed_with_the_built_in_ones(
    plugin: None, monitor_app: MonitorApp, tmp_path: Path
) -> None:
    source = monitor_app.settings.data_dir
    (tmp_path / "var").mkdir()
    for name in ("serving.db", "serving.db-wal", "lake.duckdb"):
        if (source / name).exists():  # the session's writes may still be in the WAL
            shutil.copy(source / name, tmp_path / "var" / name)
    settings = make_settings(tmp_path / "var")
    database = Database.from_settings(settings)
    try:
        with lake.connect(settings) as con:
            summary = monitor_step(con, database, Principal.system("test"))
            rows = con.execute(
                "SELECT indicator_id, dimension, member, value FROM monitor.indicator_values "
                "WHERE period = DATE '2025-03-01' AND indicator_id IN "
                "('tax_share', 'export', 'broken', 'revenue')"
            ).fetchall()
    finally:
        database.dispose()
    found = {(i, d, m): v for i, d, m, v in rows}
    # 12.05 / 200 and, in 武进, (10.05 + 6) / 160.
    assert found[("tax_share", "cluster", CLUSTER)] == 6.025
    assert found[("tax_share", "region", WUJIN)] == 10.0313
    assert found[("export", "cluster", CLUSTER)] is None  # nobody reported exports
    assert found[("revenue", "cluster", CLUSTER)] == 200
    assert not any(key[0] == "broken" for key in found)
    assert "broken" in summary and "no_such_column" in summary
    assert ("tax_share", "node") not in {(k[0], k[1]) for k in found}  # not its dimension
    assert ("export", "node") in {(k[0], k[1]) for k in found}
