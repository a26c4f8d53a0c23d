"""经营范围 text in the two styles a registry holds.

Enterprises registered (or last amended) since the 2019 reform use the standard wording of
the 经营范围规范表述目录 (``许可项目：…；一般项目：…``); older ones keep free wording built from
their products (``磷酸铁锂正极材料的研发、生产、销售；…``).
"""

from __future__ import annotations

import random
from datetime import date

from industry_brain.warehouse.demo.sector import Sector

_COMMON_ITEMS = (
    "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    "货物进出口",
    "技术进出口",
    "机械设备销售",
    "非居住房地产租赁",
    "信息咨询服务（不含许可类信息咨询服务）",
    "工程和技术研究和试验发展",
)
_LICENSED_NOTE = (
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以审批结果为准）"
)
_GENERAL_NOTE = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
_OLD_TRADE = "自营和代理各类商品及技术的进出口业务（国家限定企业经营或禁止进出口的商品及技术除外）"
_OLD_NOTE = "（依法须经批准的项目，经相关部门批准后方可开展经营活动）"


def business_scope(
    rng: random.Random, sector: Sector, products: list[tuple[str, str]], established: date
) -> str:
    """Return a 经营范围 for an enterprise of this sector making these products."""
    if established.year < 2019 and rng.random() < 0.45:
        return _old_style(rng, products)
    return _standard_style(rng, sector)


def _standard_style(rng: random.Random, sector: Sector) -> str:
    own = rng.sample(sector.scope_items, rng.randint(2, min(4, len(sector.scope_items))))
    common = rng.sample(_COMMON_ITEMS, rng.randint(1, 3))
    general = "一般项目：" + "；".join(own + common) + _GENERAL_NOTE
    if sector.licensed_items and rng.random() < 0.6:
        return "许可项目：" + "；".join(sector.licensed_items) + _LICENSED_NOTE + general
    return general


def _old_style(rng: random.Random, products: list[tuple[str, str]]) -> str:
    names = "、".join(bare_product(name) for name, _ in products)
    parts = [f"{names}的研发、生产、销售"]
    if rng.random() < 0.5:
        parts.append(f"{products[0][1]}的技术开发、技术咨询")
    if rng.random() < 0.6:
        parts.append(_OLD_TRADE)
    return "；".join(parts) + "。" + _OLD_NOTE


def bare_product(product: str) -> str:
    """Drop a bracketed abbreviation: 电池管理系统(BMS) → 电池管理系统."""
    return product.split("(", 1)[0]
