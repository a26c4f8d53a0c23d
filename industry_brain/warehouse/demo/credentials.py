"""Honours (资质荣誉) and patents (专利) of the demo enterprises.

Only a minority hold any honour, and the odds follow what each list rewards: R&D for
高新技术企业, niche SMEs for 专精特新 (and a fifth of those for 小巨人), the largest
manufacturers for 单项冠军 and listing, fast growth for 瞪羚. Patent numbers follow the CNIPA
format: ``CN`` + year + type digit (1 发明, 2 实用新型, 3 外观设计) + a 7-digit serial, a dot and
the check digit (weights 2…9,2…5 mod 11, 10 → X); a granted patent carries ``ZL``.
"""

from __future__ import annotations

from datetime import date, timedelta

from industry_brain.warehouse.demo.population import Context, Enterprise
from industry_brain.warehouse.demo.scope import bare_product
from industry_brain.warehouse.demo.sector import is_industrial
from industry_brain.warehouse.demo.tables import Row

_APPLICATION_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_TYPE_DIGIT = {"发明": "1", "实用新型": "2", "外观设计": "3"}
_PROCESS_TITLES = (
    "一种{p}的制备方法",
    "一种高性能{p}及其制备方法",
    "一种{p}的表面包覆改性方法",
    "一种低成本{p}的连续化生产工艺",
    "一种{p}中杂质的去除方法",
)
_DEVICE_TITLES = (
    "一种{p}的控制方法及系统",
    "一种{p}及车辆",
    "一种{p}的散热结构",
    "一种{p}的故障诊断方法",
    "一种轻量化{p}",
    "一种{p}的装配工装",
)
_UTILITY_TITLES = (
    "一种{p}生产用{t}",
    "一种{p}的{t}",
    "一种便于安装的{p}",
)
_TOOLS = ("检测装置", "输送装置", "定位夹具", "冷却装置", "密封结构", "安装支架", "除尘装置")
_PROCESS_SECTORS = frozenset(
    {"lithium_resources", "cathode", "anode", "electrolyte", "separator",
     "copper_aluminum_foil", "rare_earth_magnets", "battery_recycling", "surface_treatment",
     "textiles"}
)  # fmt: skip

# Honour name → (level, validity in years or None, batch dates).
_HONORS: dict[str, tuple[str | None, int | None, tuple[date, ...]]] = {
    "高新技术企业": ("国家级", 3, (date(2021, 11, 30), date(2022, 12, 12), date(2023, 11, 6),
                              date(2024, 12, 16), date(2025, 11, 20))),
    "专精特新": ("省级", 3, (date(2022, 8, 10), date(2023, 7, 25), date(2024, 6, 28),
                          date(2025, 7, 9))),
    "专精特新小巨人": ("国家级", 3, (date(2021, 7, 19), date(2022, 8, 30), date(2023, 7, 14),
                                date(2024, 8, 7), date(2025, 8, 26))),
    "单项冠军": ("国家级", 3, (date(2021, 11, 30), date(2022, 12, 1), date(2023, 12, 28),
                          date(2024, 12, 31))),
    "瞪羚": ("市级", 2, (date(2023, 12, 20), date(2024, 12, 18), date(2025, 12, 5))),
    "独角兽": ("省级", None, (date(2024, 3, 28), date(2025, 4, 2))),
    "科技型中小企业": ("国家级", 1, (date(2024, 5, 20), date(2025, 5, 16), date(2026, 5, 15))),
    "绿色工厂": ("省级", None, (date(2023, 2, 15), date(2024, 1, 22), date(2025, 2, 10))),
}  # fmt: skip


def application_check(digits: str) -> str:
    """Return the check character of a 12-digit CNIPA application number."""
    total = sum(int(d) * w for d, w in zip(digits, _APPLICATION_WEIGHTS, strict=True)) % 11
    return "X" if total == 10 else str(total)


def _honor_names(ctx: Context, e: Enterprise, growth: float) -> list[str]:
    rng, rev, rd = ctx.rng, e.revenue_wan_yuan, e.sector.rd_ratio
    maker = is_industrial(e.industry_code)
    chain = 2.0 if e.sector.in_chain else 1.0
    names: list[str] = []
    odds = 0.01 + 1.5 * rd + (0.1 if rev > 1000 else 0.0) + (0.25 if rev > 10_000 else 0.0)
    if maker and rng.random() < odds:
        names.append("高新技术企业")
    if maker and 2000 <= rev <= 150_000 and rng.random() < 0.05 * chain:
        names.append("专精特新")
        if rng.random() < 0.2:
            names.append("专精特新小巨人")
    if maker and rev > 200_000 and rng.random() < 0.25:
        names.append("单项冠军")
    if 1000 <= rev <= 100_000 and growth > 0.3 and rng.random() < 0.1:
        names.append("瞪羚")
    if rd >= 0.08 and 20_000 <= rev <= 300_000 and rng.random() < 0.05:
        names.append("独角兽")
    if rev < 5000 and rd >= 0.03 and rng.random() < 0.04:
        names.append("科技型中小企业")
    if maker and rev > 20_000 and rng.random() < 0.15:
        names.append("绿色工厂")
    return names


def honor_rows(
    ctx: Context, enterprises: list[Enterprise], growth: list[float], end: date
) -> list[Row]:
    """Return the honours held, the latest recognition of each, plus listings (上市)."""
    rows: list[Row] = []
    for enterprise, rate in zip(enterprises, growth, strict=True):
        for name in _honor_names(ctx, enterprise, rate):
            level, years, batches = _HONORS[name]
            dates = [d for d in batches if enterprise.established_on < d <= end]
            if not dates:
                continue
            recognized = ctx.rng.choice(dates)
            valid = _years_later(recognized, years) if years else None
            rows.append(_honor(enterprise, name, level, recognized, valid))
        if _listed(ctx, enterprise):
            listed = enterprise.established_on + timedelta(days=ctx.rng.randint(4 * 365, 12 * 365))
            rows.append(_honor(enterprise, "上市", None, min(listed, end), None))
    return rows


def _listed(ctx: Context, enterprise: Enterprise) -> bool:
    if enterprise.fate == "anchor":
        return True
    return enterprise.revenue_wan_yuan > 150_000 and ctx.rng.random() < 0.4


def _honor(e: Enterprise, name: str, level: str | None, on: date, until: date | None) -> Row:
    return {"uscc": e.uscc, "honor_name": name, "level": level, "recognized_on": on,
            "valid_until": until}  # fmt: skip


def _years_later(day: date, years: int) -> date:
    return day.replace(year=day.year + years) - timedelta(days=1)


def patent_rows(
    ctx: Context, enterprises: list[Enterprise], end: date, *, rate: float, taken: set[str]
) -> list[Row]:
    """Return the patents of these enterprises, about ``rate`` times the usual count, with
    numbers not in ``taken`` (which receives the new ones)."""
    rows: list[Row] = []
    for enterprise in enterprises:
        intensity = (
            (enterprise.sector.rd_ratio / 0.03) ** 0.7 if enterprise.sector.rd_ratio else 0.1
        )
        mean = rate * 0.6 * (enterprise.revenue_wan_yuan / 100.0) ** 0.45 * intensity
        for _ in range(min(int(ctx.np_rng.poisson(min(mean, 250.0))), 400)):
            rows.append(_patent(ctx, enterprise, end, taken))
    return rows


def _patent(ctx: Context, e: Enterprise, end: date, taken: set[str]) -> Row:
    rng = ctx.rng
    process = e.sector.key in _PROCESS_SECTORS
    kind = rng.choices(("发明", "实用新型", "外观设计"), weights=(35, 55, 0 if process else 10))[0]
    first = max(e.established_on, date(2012, 1, 1))
    applied = first + timedelta(days=rng.randint(0, max(1, (end - first).days - 30)))
    lag = {"发明": (420, 1200), "实用新型": (150, 360), "外观设计": (120, 240)}[kind]
    granted: date | None = applied + timedelta(days=rng.randint(*lag))
    if granted is not None and (granted > end or (kind == "发明" and rng.random() < 0.2)):
        granted = None
    while True:
        digits = f"{applied.year}{_TYPE_DIGIT[kind]}{rng.randint(1, 1_999_999):07d}"
        number = f"{'ZL' if granted else 'CN'}{digits}.{application_check(digits)}"
        if number not in taken:
            taken.add(number)
            break
    return {
        "uscc": e.uscc,
        "patent_no": number,
        "title": _title(ctx, e, kind, process),
        "patent_type": kind,
        "applied_on": applied,
        "granted_on": granted,
        "ipc": None if kind == "外观设计" else rng.choice(e.sector.ipc),
    }


def _title(ctx: Context, e: Enterprise, kind: str, process: bool) -> str:
    product = bare_product(ctx.rng.choice(e.products)[0])
    if kind == "外观设计":
        return product
    if kind == "实用新型":
        return ctx.rng.choice(_UTILITY_TITLES).format(p=product, t=ctx.rng.choice(_TOOLS))
    return ctx.rng.choice(_PROCESS_TITLES if process else _DEVICE_TITLES).format(p=product)
