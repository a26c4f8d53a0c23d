"""The data standards the issue names, with their columns in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from industry_brain.warehouse.standards import all_standards, get_standard, load_standard

EXPECTED = {
    "registry": [
        "uscc",
        "name",
        "established_on",
        "registered_capital_wan_yuan",
        "address",
        "industry_code",
        "business_scope",
        "status",
        "above_scale",
        "employees",
    ],
    "operations": [
        "uscc",
        "period",
        "revenue_wan_yuan",
        "output_value_wan_yuan",
        "tax_wan_yuan",
        "electricity_kwh",
        "employees",
        "rd_expense_wan_yuan",
        "export_wan_yuan",
        "energy_tce",
    ],
    "products": ["uscc", "product_name", "product_category", "revenue_share"],
    "relations": [
        "supplier_uscc",
        "buyer_uscc",
        "product_name",
        "amount_wan_yuan",
        "period",
        "source",
    ],
    "honors": ["uscc", "honor_name", "level", "recognized_on", "valid_until"],
    "patents": ["uscc", "patent_no", "title", "patent_type", "applied_on", "granted_on", "ipc"],
    "events": ["uscc", "event_type", "event_date", "before_value", "after_value"],
}


def test_the_seven_standards_keep_their_column_order() -> None:
    standards = all_standards()
    assert set(standards) == set(EXPECTED)
    # More columns may be added after the issue's, never before or between them.
    for code, keys in EXPECTED.items():
        assert [column.key for column in standards[code].columns][: len(keys)] == keys
    added = [c.key for c in standards["registry"].columns][len(EXPECTED["registry"]) :]
    assert added == [
        *("province", "city", "legal_representative", "contact_phone", "longitude", "latitude")
    ]


def test_chinese_labels_follow_the_issue() -> None:
    labels = [column.label for column in get_standard("operations").columns]
    assert labels[:4] == ["统一社会信用代码", "期间", "营业收入(万元)", "工业总产值(万元)"]
    assert get_standard("registry").column("status").values == (
        "存续",
        "在业",
        "迁出",
        "注销",
        "吊销",
    )


def test_unknown_standard_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="registry"):
        get_standard("invoices")


def test_a_broken_standard_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "code: bad\nname: 坏\ndescription: x\nprovider: x\nupdate_cycle: x\n"
        "grade: 一般\nsharing: 无条件共享\nkey: [missing]\n"
        "columns:\n  - {key: a, label: 甲, type: text}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="key columns"):
        load_standard(path)
