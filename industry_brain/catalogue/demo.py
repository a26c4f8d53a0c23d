"""Demo providers and offerings of the 服务目录, every one marked 演示: three provider
organisations named 演示·…, a dozen offerings across the six categories, each tagged 演示 and
saying in its description that it is not a real service. Seeding twice adds nothing."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts import actions as accounts
from industry_brain.accounts.models import Organisation
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.accounts.schemas import OrganisationCreate
from industry_brain.catalogue.actions import do_create_offering
from industry_brain.catalogue.schemas import CaseIn, OfferingIn
from industry_brain.db import Database

DEMO_NOTE = "（演示数据：虚构的服务机构与服务，仅用于体验平台功能，不是真实报价。）"
Row = tuple[str, str, list[str], str, int | None, int | None, str, tuple[str, str] | None]
PROVIDERS: dict[str, list[Row]] = {
    "演示·数智工场科技服务有限公司": [
        (
            "MES 制造执行系统实施",
            "数字化改造",
            ["MES", "智能制造"],
            "梳理生产流程，部署制造执行系统，打通计划、排产、报工与质量追溯。",
            150000,
            600000,
            "元/项目",
            ("演示案例：某汽车零部件厂", "上线报工与追溯，交付周期约 4 个月。"),
        ),
        (
            "设备联网与数据采集",
            "数字化改造",
            ["工业互联网", "数据采集"],
            "为数控机床、注塑机等设备加装采集网关，实时采集状态、产量与能耗。",
            30000,
            200000,
            "元/项目",
            None,
        ),
        (
            "中小企业数字化转型诊断咨询",
            "数字化改造",
            ["诊断", "咨询"],
            "对照数字化水平评测指标现场访谈，出具现状评估与分步改造路线图。",
            20000,
            50000,
            "元/次",
            ("演示案例：某机械加工企业", "形成三年改造路线图与首期项目清单。"),
        ),
        (
            "云上 ERP 与财务数字化",
            "数字化改造",
            ["ERP", "云服务"],
            "订阅式云 ERP，覆盖采购、销售、库存与财务，含数据迁移与培训。",
            8000,
            30000,
            "元/年",
            None,
        ),
    ],
    "演示·知恒知识产权与法律服务中心": [
        (
            "发明专利申请代理",
            "知识产权",
            ["专利", "申请"],
            "技术交底、检索、撰写与答复审查意见，全流程代理发明专利申请。",
            6000,
            12000,
            "元/件",
            ("演示案例：某电池材料企业", "一年内提交发明专利申请 8 件。"),
        ),
        (
            "商标注册与监测",
            "知识产权",
            ["商标"],
            "商标查询、注册申请与续展，并对近似商标进行定期监测。",
            1500,
            3000,
            "元/类",
            None,
        ),
        (
            "企业常年法律顾问",
            "法律",
            ["法律顾问", "合同"],
            "合同审查、劳动用工、纠纷应对等日常法律服务，按年提供。",
            30000,
            80000,
            "元/年",
            None,
        ),
        (
            "股权架构与融资法律服务",
            "法律",
            ["股权", "融资"],
            "设计股权与激励架构，审阅投资协议，陪同融资谈判。",
            None,
            None,
            "",
            None,
        ),
    ],
    "演示·标准检测与人才培训研究院": [
        (
            "企业标准与团体标准编制",
            "标准规范",
            ["标准", "团体标准"],
            "协助起草企业标准、团体标准，组织技术审查并完成发布备案。",
            20000,
            60000,
            "元/项",
            ("演示案例：某新材料企业", "牵头编制团体标准 1 项。"),
        ),
        (
            "两化融合管理体系贯标辅导",
            "标准规范",
            ["两化融合", "贯标"],
            "按两化融合管理体系要求开展诊断、文件编制、内审与评定辅导。",
            50000,
            120000,
            "元/项目",
            None,
        ),
        (
            "产品检验检测与认证咨询",
            "检验检测",
            ["检测", "认证", "CMA"],
            "委托检验、型式试验与认证咨询，出具具备资质的检测报告。",
            2000,
            50000,
            "元/批次",
            None,
        ),
        (
            "数字化人才与智能制造技能培训",
            "人才培训",
            ["培训", "智能制造", "技能"],
            "面向车间骨干与信息化人员的工业互联网、数据分析与 MES 应用培训。",
            1500,
            1500,
            "元/人",
            ("演示案例：某装备制造企业", "两期培训 60 人次。"),
        ),
    ],
}


def _provider(db: Session, name: str) -> tuple[int, bool]:
    """Return the provider's id and whether it was created now."""
    found = db.scalar(select(Organisation.id).where(Organisation.name == name))
    if found is not None:
        return found, False
    data = OrganisationCreate(name=name, org_type=OrgType.PROVIDER)
    return accounts.do_create_organisation(db, actor=Principal.system("demo"), data=data).id, True


def _offering(row: Row) -> OfferingIn:
    title, category, tags, text, low, high, unit, case = row
    return OfferingIn(
        title=title, category=category, tags=[*tags, "演示"], description=text + DEMO_NOTE,
        price_min=None if low is None else Decimal(low),
        price_max=None if high is None else Decimal(high), price_unit=unit or "元/项目",
        cases=[CaseIn(title=case[0], text=case[1])] if case else [],
    )  # fmt: skip


def seed_demo_catalogue(database: Database) -> int:
    """Add the demo providers and their offerings (once); return how many offerings were
    added."""
    actor, added = Principal.system("demo"), 0
    with database.writer() as db:
        for name, rows in PROVIDERS.items():
            org_id, created = _provider(db, name)
            if not created:
                continue
            for row in rows:
                do_create_offering(db, actor=actor, data=_offering(row), provider_org_id=org_id)
                added += 1
    return added
