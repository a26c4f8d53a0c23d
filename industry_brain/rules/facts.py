"""The facts rules may name: built-ins over the warehouse, and those plugins add.

A fact is one value per enterprise, computed by the pipeline's rules step into the lake table
``rules.enterprise_facts`` (one column per fact, ``NULL`` = unknown). Built-in facts are
computed together by ``facts_sql``; a plugin's fact (hook ``ib_facts``) carries ``query``, a
DuckDB ``SELECT uscc, value`` over the lake, which the step joins in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FactType = Literal["number", "text", "bool", "set"]
FACT_TYPES: tuple[FactType, ...] = ("number", "text", "bool", "set")
TYPE_LABELS: dict[str, str] = {"number": "数值", "text": "文本", "bool": "是/否", "set": "集合"}

# The column of ``rules.enterprise_facts`` holding the cluster's own region (GB/T 2260), for
# “本市” and its kin; it is context, not a fact.
HOME_REGION = "home_region_code"
# Words that stand for a part of the cluster's own region, with how many code digits they keep.
HOME_WORDS: dict[str, int] = {"本省": 2, "本市": 4, "本区县": 6, "本区": 6, "本县": 6, "本地": 6}


@dataclass(frozen=True)
class Fact:
    """A named enterprise fact.

    Args:
        id: the name in stored rules (``revenue_last_year``); also the column name.
        label: the Chinese name in the text form and on pages (``上年营业收入``).
        type: ``number``, ``text``, ``bool`` or ``set`` (of texts).
        unit: the unit of a number (``万元``, ``%``, ``人``, ``年``, ``件``), else ``""``.
        description: how it is computed, for the docs and the rule editor.
        source: the warehouse tables it comes from.
        region: a GB/T 2260 code, matched by containment (``在 "320400"``, ``在 本市``).
        query: for a plugin's fact, ``SELECT uscc, value …`` over the lake; empty for built-ins.
    """

    id: str
    label: str
    type: FactType
    unit: str = ""
    description: str = ""
    source: str = ""
    region: bool = False
    query: str = ""


BUILTIN_FACTS: tuple[Fact, ...] = (
    Fact("revenue_last_year", "上年营业收入", "number", "万元",
         "上年（数据中最近一个完整自然年）12 个月营业收入之和；缺任一月为未知", "dwd.operations"),
    Fact("tax_last_year", "上年税收", "number", "万元",
         "上年 12 个月税收之和；缺任一月为未知", "dwd.operations"),
    Fact("employees", "从业人数", "number", "人",
         "最近一次月报的从业人数，无月报时取登记信息", "dwd.operations, dwd.enterprise"),
    Fact("rd_ratio_last_year", "研发投入占比", "number", "%",
         "上年研发投入之和 ÷ 上年营业收入之和 × 100；缺任一月或营业收入为 0 时未知",
         "dwd.operations"),
    Fact("region_code", "注册地", "text", "",
         "注册地所在区县代码（GB/T 2260，由地址解析；解析不到区县时取地市或省）",
         "dwd.enterprise", region=True),
    Fact("industry_code", "行业代码", "text", "", "国民经济行业代码（GB/T 4754-2017）",
         "dwd.enterprise"),
    Fact("honors", "荣誉", "set", "",
         "评价日有效的资质荣誉名称（专精特新、高新技术企业 …）；没有记录时为空集合",
         "dwd.honors"),
    Fact("age_years", "成立年限", "number", "年", "成立日期到评价日的整年数", "dwd.enterprise"),
    Fact("status", "登记状态", "text", "", "企业登记状态（存续、在业、注销 …）", "dwd.enterprise"),
    Fact("above_scale", "规上", "bool", "", "是否规模以上企业（登记信息）", "dwd.enterprise"),
    Fact("revenue_growth_3y", "近三年营业收入年均增速", "number", "%",
         "上年与上年 − 3 年全年营业收入的复合年均增速 ×100，保留 2 位；缺年或基数 ≤ 0 时未知",
         "dwd.operations"),
    Fact("invention_patents", "发明专利数", "number", "件",
         "专利类型为“发明”的专利件数；没有记录时为 0", "dwd.patents"),
)  # fmt: skip


def builtin_facts() -> list[Fact]:
    """Return the built-in facts (registered by the rules plugin through ``ib_facts``)."""
    return list(BUILTIN_FACTS)


def all_facts() -> dict[str, Fact]:
    """Return every fact by id: built-ins and those plugins add, in registration order.

    Raises:
        ValueError: when two facts share an id or a label, or a plugin's fact has no query.
    """
    from industry_brain.plugins import plugin_manager

    found = [fact for facts in plugin_manager().hook.ib_facts() for fact in facts]
    return _registry(found)


def _registry(found: list[Fact]) -> dict[str, Fact]:
    builtin = {fact.id for fact in BUILTIN_FACTS}
    registry: dict[str, Fact] = {}
    labels: set[str] = set()
    for fact in sorted(found, key=lambda fact: fact.id not in builtin):
        if fact.id in registry or fact.label in labels:
            raise ValueError(f"事实 {fact.id}（{fact.label}）重复注册")
        if fact.type not in FACT_TYPES:
            raise ValueError(f"事实 {fact.id} 的类型 {fact.type} 不受支持")
        if fact.id not in builtin and not fact.query:
            raise ValueError(f"事实 {fact.id} 没有给出计算它的查询（query）")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", fact.id) or fact.id == HOME_REGION:
            raise ValueError(f"事实编号 {fact.id} 应为小写字母、数字与下划线")
        registry[fact.id] = fact
        labels.add(fact.label)
    return registry


def region_prefix(code: str) -> str:
    """Return the code prefix of a region and everything in it (320400 → 3204, 320000 → 32)."""
    return re.sub(r"(00)+$", "", code) if len(code) == 6 else code


def home_prefix(word: str, home_region: str | None) -> str | None:
    """Return the prefix “本市” (etc.) stands for, given the cluster's region; None if unknown."""
    if not home_region:
        return None
    return region_prefix(home_region)[: HOME_WORDS[word]]
