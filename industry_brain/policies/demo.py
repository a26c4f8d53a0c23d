"""Demo policies (演示): four 惠企 policies of a 地市 whose rules use the built-in enterprise
facts, entered through the same audited action as any policy (so each is evaluated at once
over the published facts). Titles and issuers say 演示; the figures are illustrative."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.policies.actions import do_create_policy
from industry_brain.policies.models import Policy
from industry_brain.policies.schemas import PolicyIn

ISSUER = "市工业和信息化局（演示）"
DEMO_POLICIES: tuple[dict[str, object], ...] = (
    {"title": "专精特新“小巨人”企业奖励（演示）", "doc_no": "演示〔2024〕1号",
     "rule_text": '荣誉 包含 "专精特新" 且 注册地 在 本市 且 上年营业收入 >= 2000',
     "benefits": "对本市新认定的专精特新企业给予一次性奖励。",
     "amount": "一次性奖励 50 万元（演示）"},
    {"title": "企业研发投入补助（演示）", "doc_no": "演示〔2024〕2号",
     "rule_text": "研发投入占比 >= 3 且 上年营业收入 >= 1000 且 注册地 在 本市",
     "benefits": "按上年研发投入的 10% 给予补助。", "amount": "最高 200 万元（演示）"},
    {"title": "规上工业企业首次入规奖励（演示）", "doc_no": "演示〔2024〕3号",
     "rule_text": '规上 = 是 且 成立年限 <= 5 且 行业代码 前缀 "3" 且 注册地 在 本市',
     "benefits": "对首次纳入规模以上统计的工业企业给予奖励（是否首次由受理部门核对）。",
     "amount": "一次性奖励 20 万元（演示）"},
    {"title": "高新技术企业认定奖励（免申即享，演示）", "doc_no": "演示〔2024〕4号",
     "rule_text": '荣誉 包含 "高新技术企业" 且 注册地 在 本市', "auto_grant": True,
     "benefits": "对有效期内的高新技术企业直接兑现奖励，无需申报。",
     "amount": "一次性奖励 30 万元（演示）"},
)  # fmt: skip


def seed_demo_policies(database: Database) -> int:
    """Enter the demo policies, published, unless demo policies exist; return how many."""
    actor = Principal.system("demo")
    with database.writer() as db:
        if db.scalar(select(Policy.id).where(Policy.demo).limit(1)) is not None:
            return 0
        for values in DEMO_POLICIES:
            data = PolicyIn.model_validate(
                {"issuer": ISSUER, "status": "published", "published_on": date(2024, 3, 1),
                 "valid_from": date(2024, 3, 1), "valid_until": date(2027, 12, 31),
                 "text": f"{values['benefits']}（演示政策，非真实文件。）", **values}
            )  # fmt: skip
            do_create_policy(db, actor=actor, data=data, demo=True)
    return len(DEMO_POLICIES)
