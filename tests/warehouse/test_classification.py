"""数据分类分级: sensitive fields (declared, detected, inherited), masking, export by grade."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.service import principal_for
from industry_brain.audit.models import AuditEvent
from industry_brain.db import Database
from industry_brain.errors import PermissionDeniedError, ValidationFailedError
from industry_brain.settings import Settings
from industry_brain.warehouse.classification import detect, export_rule, mask
from industry_brain.warehouse.export import export_entry, masks_for, may_export
from industry_brain.warehouse.models import CatalogEntry
from industry_brain.warehouse.pipeline.run import run_pipeline
from tests.factories import make_org, make_uscc, make_user
from tests.warehouse.conftest import Importer, write_csv
from tests.warehouse.test_ingest import HEADER
from tests.warehouse.test_warehouse_web import _page_login

ID_CARD = "11010519491231002X"  # the GB 11643 example number, valid check character


def test_detection_by_label_and_by_checked_values() -> None:
    assert detect("法定代表人", []) == "person_name"
    assert detect("联系电话", []) == "mobile"
    assert detect("备注", [ID_CARD, ID_CARD[:-1] + "5", "无"]) is None  # a wrong check
    assert detect("备注", [ID_CARD, "110101199003074514"]) == "id_card"
    assert detect("备注", ["13812345678", "15900001111", "无"]) == "mobile"
    assert detect("账号", ["6222020200112233446", "4111111111111111"]) == "bank_card"
    assert detect("账号", ["6222020200112233445", "4111111111111112"]) is None  # Luhn fails
    assert detect("企业名称", ["常州恒博新能源科技有限公司", "常州乙公司", "13812345678"]) is None


def test_masking_keeps_only_what_identifies_nothing() -> None:
    assert mask("13812345678", "mobile") == "138****5678"
    assert mask(ID_CARD, "id_card") == "110105********002X"
    assert mask("张三丰", "person_name") == "张**"
    assert mask("zhang.san@example.com", "email") == "z***@example.com"
    assert mask("6222020200112233445", "bank_card") == "***************3445"
    assert mask("常州市", None) == "常州市" and mask(None, "mobile") is None


def test_export_rules_by_grade_and_role(db: Session) -> None:
    admin = principal_for(
        make_user(db, org=make_org(db, org_type=OrgType.OPERATOR), roles=(Role.DATA_ADMIN,))
    )
    analyst = principal_for(make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT)))
    firm = principal_for(make_user(db, org=make_org(db), roles=(Role.ORG_ADMIN,)))
    general, important = export_rule("一般", "无条件共享"), export_rule("重要", "有条件共享")
    core, closed = export_rule("核心", "有条件共享"), export_rule("一般", "不予共享")
    assert [may_export(p, general) for p in (admin, analyst, firm)] == [True, True, False]
    assert [may_export(p, important) for p in (admin, analyst, firm)] == [True, False, False]
    assert not may_export(admin, core) and not may_export(admin, closed)
    assert (masks_for(admin, general), masks_for(analyst, general)) == (False, True)
    assert masks_for(admin, important)


LINES = [
    HEADER + ",省份,城市,法定代表人,联系电话",
    f"{make_uscc(501)},常州甲电池有限公司,2015-01-01,5000,江苏省常州市武进区常武中路18号,3841,"
    "13812345678,存续,是,300,,,张三丰,13812345678",
    f"{make_uscc(502)},常州乙电机有限公司,2012-01-01,800,江苏省常州市新北区华山路8号,3812,"
    "15900001111,存续,否,50,,,李四,15900001111",
]


@pytest.fixture
def published(tmp_path: Path, do_import: Importer, settings: Settings, database: Database) -> None:
    """Two enterprises with their legal representative and phone, through the pipeline."""
    assert do_import("registry", write_csv(tmp_path / "r.csv", LINES)).accepted == 2
    run_pipeline(settings=settings, database=database, actor=Principal.system("test"))


def _fields(db: Session, code: str) -> dict[str, tuple[str, str]]:
    entry = db.get(CatalogEntry, code)
    assert entry is not None
    return {
        f["name"]: (f.get("sensitive", ""), f.get("sensitive_by", ""))
        for f in json.loads(entry.fields_json)
    }


def test_the_catalogue_marks_declared_detected_and_inherited_fields(
    published: None, db: Session
) -> None:
    template = _fields(db, "template.registry")
    assert template["legal_representative"] == ("person_name", "声明")
    assert template["name"] == ("", "")
    # Phone numbers where the business scope should be: found in the data.
    assert _fields(db, "ods.registry")["business_scope"] == ("mobile", "自动识别")
    served = _fields(db, "serving.ads_enterprise_profile")
    assert served["contact_phone"] == ("mobile", "血缘继承")
    assert served["legal_representative"] == ("person_name", "血缘继承")
    assert served["revenue_12m_wan_yuan"] == ("", "")


def test_export_masks_personal_information_and_is_audited(
    published: None, db: Session, client: TestClient
) -> None:
    # The profile carries operations (重要数据), so the whole served table is 重要.
    make_user(
        db, org=make_org(db, org_type=OrgType.OPERATOR), username="data", roles=(Role.DATA_ADMIN,)
    )
    csrf = _page_login(client, "data")
    page = client.get("/catalog/serving.ads_enterprise_profile")
    assert "重要数据（工业数据二级）" in page.text and "自然人姓名" in page.text
    assert "导出时脱敏字段" in page.text
    response = client.post(
        "/catalog/serving.ads_enterprise_profile/export",
        data={"csrf_token": csrf, "purpose": "核对法定代表人"},
    )
    assert response.status_code == 200
    exported = response.content.decode("utf-8-sig")
    assert exported.splitlines()[0].startswith("统一社会信用代码,企业名称")
    assert "138****5678" in exported and "张**" in exported and "13812345678" not in exported
    event = db.scalars(
        select(AuditEvent).where(AuditEvent.event_type == "warehouse.catalog.export")
    ).one()
    detail = json.loads(event.detail)
    assert (detail["purpose"], detail["rows"]) == ("核对法定代表人", 2)
    assert set(detail["masked"]) == {"legal_representative", "contact_phone"}
    gov = principal_for(make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT)))
    entry = db.get(CatalogEntry, "serving.ads_enterprise_profile")
    assert entry is not None
    with pytest.raises(PermissionDeniedError):
        export_entry(db, principal=gov, entry=entry, purpose="研究")
    ods = db.get(CatalogEntry, "ods.registry")
    assert ods is not None
    with pytest.raises(ValidationFailedError, match="仅应用层"):
        export_entry(db, principal=gov, entry=ods, purpose="")


def test_general_data_is_masked_for_analysts_and_not_for_data_admins(
    published: None, db: Session
) -> None:
    entry = db.get(CatalogEntry, "serving.ads_enterprise_profile")
    assert entry is not None
    entry.grade = "一般"  # as if the served table carried 一般数据 only (not committed)
    gov = principal_for(make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT)))
    admin = principal_for(
        make_user(db, org=make_org(db, org_type=OrgType.OPERATOR), roles=(Role.DATA_ADMIN,))
    )
    content, rows, masked = export_entry(db, principal=gov, entry=entry, purpose="")
    assert rows == 2 and set(masked) == {"legal_representative", "contact_phone"}
    assert "159****1111" in content.decode("utf-8-sig")
    content, _, masked = export_entry(db, principal=admin, entry=entry, purpose="")
    assert masked == [] and "15900001111" in content.decode("utf-8-sig")
    with pytest.raises(ValidationFailedError, match="用途"):
        entry.grade = "重要"
        export_entry(db, principal=admin, entry=entry, purpose=" ")
