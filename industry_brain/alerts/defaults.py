"""The rules seeded on the first evaluation (audited as the system); operators edit them.

The thresholds were chosen on the demo cluster's backtest (docs/warnings.md): enough warnings
to matter, few enough that each one can be followed up.
"""

from __future__ import annotations

from typing import Any

DEFAULT_RULES: tuple[dict[str, Any], ...] = (
    {
        "name": "营业收入同比降幅",
        "kind": "yoy_drop",
        "scope": "enterprise",
        "indicator": "revenue",
        "params": {"min_months": 2, "min_base": 10.0},
        "thresholds": {"黄": 30.0, "橙": 50.0, "红": 70.0},
    },
    {
        "name": "用电量连续下降",
        "kind": "consecutive_decline",
        "scope": "enterprise",
        "indicator": "electricity",
        "params": {"months": 3},
        "thresholds": {"黄": 40.0, "橙": 60.0},
    },
    {
        "name": "税收断崖",
        "kind": "cliff",
        "scope": "enterprise",
        "indicator": "tax",
        "params": {"months": 3, "seasonal": True, "min_base": 1.0},
        "thresholds": {"黄": 60.0, "橙": 80.0, "红": 95.0},
    },
    {
        "name": "营业收入统计异常",
        "kind": "seasonal_anomaly",
        "scope": "enterprise",
        "indicator": "revenue",
        "params": {"min_history": 12, "min_drop_pct": 25.0},
        "thresholds": {"蓝": 3.5, "黄": 5.0, "橙": 8.0},
    },
    {
        "name": "链主营业收入下滑",
        "kind": "leader_decline",
        "scope": "enterprise",
        "indicator": "revenue",
        "params": {"months": 3},
        "thresholds": {"黄": 10.0, "橙": 20.0, "红": 30.0},
    },
    {
        "name": "企业迁出",
        "kind": "status_change",
        "scope": "enterprise",
        "indicator": None,
        "params": {"statuses": ["迁出"], "months": 12, "level": "红"},
        "thresholds": {},
    },
    {
        "name": "企业注销或吊销",
        "kind": "status_change",
        "scope": "enterprise",
        "indicator": None,
        "params": {"statuses": ["注销", "吊销"], "months": 12, "level": "橙"},
        "thresholds": {},
    },
    {
        "name": "迁移风险高",
        "kind": "relocation_risk",
        "scope": "enterprise",
        "indicator": None,
        "params": {},
        "thresholds": {"橙": 50.0, "红": 70.0},
    },
    {
        "name": "产业链环节营业收入同比下降",
        "kind": "indicator_threshold",
        "scope": "node",
        "indicator": "revenue_yoy",
        "params": {"direction": "below"},
        "thresholds": {"黄": -15.0, "橙": -25.0, "红": -40.0},
    },
    {
        "name": "区县营业收入同比下降",
        "kind": "indicator_threshold",
        "scope": "region",
        "indicator": "revenue_yoy",
        "params": {"direction": "below"},
        "thresholds": {"黄": -10.0, "橙": -20.0, "红": -30.0},
    },
    {
        "name": "集群营业收入同比下降",
        "kind": "indicator_threshold",
        "scope": "cluster",
        "indicator": "revenue_yoy",
        "params": {"direction": "below"},
        "thresholds": {"蓝": -5.0, "黄": -10.0, "橙": -20.0, "红": -30.0},
    },
)
