"""The factors of the 招商 candidate score: ids, labels, default weights, definitions.

Each factor is a value 0–100 per (template, node, candidate), or NULL when the warehouse does
not know it; formulas in ``docs/invest.md``. The default weights sum to 100 so that a weight
reads as "points out of 100" before renormalisation over the known factors.
"""

from __future__ import annotations

from industry_brain.invest.engine_schemas import FactorDefinition

FACTORS: tuple[FactorDefinition, ...] = (
    FactorDefinition(
        "fit",
        "环节匹配度",
        25.0,
        "产业链分类器把企业归入该环节的置信度×100（人工确认为 100）",
    ),
    FactorDefinition(
        "scale",
        "规模",
        15.0,
        "近12个月营业收入的对数刻度（100 万元→0，100 亿元→100）；无营收时取从业人数"
        "（10→0，1 万→100）与注册资本（10 万元→0，10 亿元→100）两者已知者的平均；"
        "规上企业不低于 32.5",
    ),
    FactorDefinition(
        "growth",
        "成长性",
        10.0,
        "近12个月月均营收比前12个月的增速 g%：50+g（截在 0–100）；无经营数据时取近24个月注册资本"
        "变更倍数 r：50+25·log2(r)（截在 0–100）；都没有则未知",
    ),
    FactorDefinition(
        "innovation",
        "创新能力",
        10.0,
        "发明专利每件 8 分（至多 40），其他专利每件 2 分（至多 20），有效高新技术企业 20 分，"
        "专精特新（含小巨人）20 分；仓库无专利与荣誉数据时未知",
    ),
    FactorDefinition(
        "network",
        "本地供需关联",
        20.0,
        "与本地企业的实际供需关系（每个本地客户或供应商 100/3 分，至多 100）权重 0.6，"
        "模板上下游环节在本地有企业的比例×100 权重 0.4；缺一部分时按另一部分",
    ),
    FactorDefinition(
        "relatedness",
        "产业关联度",
        10.0,
        "经济复杂度的密度：由各地区环节共现得到环节邻近度，本地区显性优势环节在企业所在环节"
        "（按分类置信度加权）周围的密度×100",
    ),
    FactorDefinition(
        "distance",
        "距离",
        10.0,
        "到集群区域中心的球面距离 d 公里：100×0.5^(d/400)（400 公里 50 分）；无坐标时未知",
    ),
)
FACTOR_IDS: tuple[str, ...] = tuple(factor.id for factor in FACTORS)
FACTOR_LABELS: dict[str, str] = {factor.id: factor.label for factor in FACTORS}
DEFAULT_WEIGHTS: dict[str, float] = {factor.id: factor.default_weight for factor in FACTORS}
