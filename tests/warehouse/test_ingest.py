"""Importing files: encodings, formats, validation, quarantine, duplicates, nothing lost."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain import lake
from industry_brain.enterprise.uscc import check_character
from industry_brain.settings import Settings
from industry_brain.warehouse.models import ImportBatch, QuarantinedRow
from tests.factories import make_uscc
from tests.warehouse.conftest import Importer, write_csv

HEADER = (
    "统一社会信用代码,企业名称,成立日期,注册资本(万元),注册地址,行业代码,经营范围,"
    "登记状态,是否规上,从业人数"
)
A, B, C = make_uscc(101), make_uscc(102), make_uscc(103)
GOOD = [
    f"{A},常州恒博新能源科技有限公司,2015-03-18,5000,江苏省常州市武进区常武中路18号,3841,锂离子电池制造,存续,是,320",
    f"{B},常州瑞驰汽车零部件有限公司,2009/7/1,1200.5,江苏省常州市新北区华山路8号,C3670,汽车零部件制造,在业,否,85",
    f"{C},常州卓能电控有限公司,20180906,800,江苏省常州市天宁区青洋北路1号,3812,电动机制造,存续,否,40",
]


def _coded(first17: str) -> str:
    return first17 + check_character(first17)


def _ods_count(settings: Settings, table: str) -> int:
    with lake.connect(settings) as con:
        exists = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'ods' AND table_name = ?",
            [table],
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = con.execute(f"SELECT count(*) FROM ods.{table}").fetchone()
        return int(row[0]) if row else 0


def _quarantine(db: Session, batch_id: str) -> dict[int, str]:
    db.rollback()
    rows = db.scalars(select(QuarantinedRow).where(QuarantinedRow.batch_id == batch_id))
    return {row.row_number: f"{row.column_key}:{row.rule}" for row in rows}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_good_rows_load_in_every_encoding(
    tmp_path: Path, do_import: Importer, settings: Settings, encoding: str
) -> None:
    path = write_csv(tmp_path / "registry.csv", [HEADER, *GOOD], encoding=encoding)
    result = do_import("registry", path)
    assert (result.status, result.rows, result.accepted, result.rejected) == ("loaded", 3, 3, 0)
    assert _ods_count(settings, "registry") == 3
    with lake.connect(settings) as con:
        row = con.execute(
            "SELECT registered_capital_wan_yuan, established_on, industry_code, "
            "above_scale FROM ods.registry WHERE uscc = ?",
            [B],
        ).fetchone()
    assert row is not None
    assert (float(row[0]), row[1].isoformat(), row[2], row[3]) == (
        1200.5,
        "2009-07-01",
        "3670",
        False,
    )


def test_the_received_file_is_kept_unchanged(
    tmp_path: Path, do_import: Importer, db: Session
) -> None:
    path = write_csv(tmp_path / "registry.csv", [HEADER, *GOOD], encoding="gbk")
    result = do_import("registry", path)
    batch = db.get(ImportBatch, result.batch_id)
    assert batch is not None
    kept = Path(batch.raw_path)
    assert kept.read_bytes() == path.read_bytes()
    assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert batch.encoding == "gb18030"


def test_reimporting_the_same_file_counts_once(
    tmp_path: Path, do_import: Importer, settings: Settings
) -> None:
    path = write_csv(tmp_path / "registry.csv", [HEADER, *GOOD])
    first = do_import("registry", path)
    again = do_import("registry", path)
    assert again.status == "duplicate" and again.duplicate_of == first.batch_id
    assert _ods_count(settings, "registry") == 3


BAD_ROWS = {
    2: (f"{A[:-1]}X,坏校验位公司,2015-03-18,5000,地址,3841,范围,存续,是,10", "uscc:uscc_check"),
    3: (",缺代码公司,2015-03-18,5000,地址,3841,范围,存续,是,10", "uscc:required"),
    4: (
        f"{make_uscc(201)},日期错公司,2023-02-30,5000,地址,3841,范围,存续,是,10",
        "established_on:date",
    ),
    5: (
        f"{make_uscc(202)},负资本公司,2015-03-18,-5,地址,3841,范围,存续,是,10",
        "registered_capital_wan_yuan:range",
    ),
    6: (
        f"{make_uscc(203)},行业错公司,2015-03-18,5,地址,9999,范围,存续,是,10",
        "industry_code:industry_code",
    ),
    7: (
        f"{make_uscc(204)},状态错公司,2015-03-18,5,地址,3841,范围,正常营业,是,10",
        "status:code_table",
    ),
    8: (
        f"{make_uscc(205)},<script>alert(1)</script>,2015-03-18,5,地址,3841,范围,存续,是,10",
        "name:markup",
    ),
    9: (
        f"{make_uscc(206)},\"=cmd|' /C calc'!A0\",2015-03-18,5,地址,3841,范围,存续,是,10",
        "name:formula",
    ),
    10: (GOOD[0], ""),
    11: (GOOD[0].replace("常州恒博", "重复恒博"), "uscc:duplicate"),
    12: (
        f"{make_uscc(207)},多列公司,2015-03-18,5,地址,3841,范围,存续,是,10,多余,字段",
        ":extra_fields",
    ),
    13: (
        f"{make_uscc(208)},门类错公司,2015-03-18,5,地址,A3841,范围,存续,是,10",
        "industry_code:industry_code",
    ),
    14: (
        f"{make_uscc(209)},天文资本公司,2015-03-18,1e20,地址,3841,范围,存续,是,10",
        "registered_capital_wan_yuan:range",
    ),
    15: (
        f"{make_uscc(210)},无穷人数公司,2015-03-18,5,地址,3841,范围,存续,是,1e30",
        "employees:range",
    ),
    16: (
        f"{make_uscc(211)},非数公司,2015-03-18,NaN,地址,3841,范围,存续,是,inf",
        "registered_capital_wan_yuan:range",
    ),
    # Right alphabet and check character, but no registration authority "H" and letters
    # where the division code goes: not codes of GB 32100.
    17: (
        f"{_coded('H1330100MA0000001')},无此机关公司,2015-03-18,5,地址,3841,范围,存续,是,1",
        "uscc:uscc_format",
    ),
    18: (
        f"{_coded('9133AB00MA0000001')},区划错公司,2015-03-18,5,地址,3841,范围,存续,是,1",
        "uscc:uscc_format",
    ),
}


def test_bad_rows_are_quarantined_with_row_column_and_rule(
    tmp_path: Path, do_import: Importer, db: Session, settings: Settings
) -> None:
    lines = [HEADER] + [line for line, _ in BAD_ROWS.values()]
    result = do_import("registry", write_csv(tmp_path / "bad.csv", lines))
    expected = {row: rule for row, (_, rule) in BAD_ROWS.items() if rule}
    assert result.status == "loaded"
    assert (result.rows, result.accepted, result.rejected) == (17, 1, 16)
    assert _quarantine(db, result.batch_id) == expected
    assert _ods_count(settings, "registry") == 1
    check = db.scalar(select(QuarantinedRow).where(QuarantinedRow.row_number == 2))
    assert check is not None and check.message == f"校验位错误：应为“{A[-1]}”"


def test_money_in_yuan_is_converted_to_wan_yuan(
    tmp_path: Path, do_import: Importer, settings: Settings
) -> None:
    lines = ["统一社会信用代码,期间,营业收入(元),税收（亿元）", f"{A},2024-03,12345678,0.5"]
    result = do_import("operations", write_csv(tmp_path / "ops.csv", lines))
    assert result.accepted == 1
    with lake.connect(settings) as con:
        row = con.execute(
            "SELECT period, revenue_wan_yuan, tax_wan_yuan FROM ods.operations"
        ).fetchone()
    assert row is not None
    assert (row[0].isoformat(), float(row[1]), float(row[2])) == ("2024-03-01", 1234.5678, 5000.0)


def test_xlsx_with_dates_serials_and_a_formula(
    tmp_path: Path, do_import: Importer, db: Session, settings: Settings
) -> None:
    import datetime as dt

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(
        [A, "甲公司", dt.datetime(2015, 3, 18), 5000, "地址", "3841", "范围", "存续", "是", 10]
    )
    sheet.append([B, "乙公司", 42005, 100, "地址", "3841", "范围", "存续", "否", 5])
    sheet.append(
        [C, '=CONCAT("丙","公司")', "2018-09-06", 100, "地址", "3841", "范围", "存续", "否", 5]
    )
    book.create_sheet("说明").append(["填写说明"])
    path = tmp_path / "registry.xlsx"
    book.save(path)
    result = do_import("registry", path)
    assert (result.accepted, result.rejected) == (2, 1)
    assert _quarantine(db, result.batch_id) == {4: "name:formula"}
    with lake.connect(settings) as con:
        serial = con.execute(
            "SELECT established_on FROM ods.registry WHERE uscc = ?", [B]
        ).fetchone()
    assert serial is not None and serial[0].isoformat() == "2015-01-01"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空"),
        (b"PK\x03\x04this is not a workbook", "XLSX 文件已损坏"),
        ("企业名称,注册地址\n甲,乙\n".encode(), "缺少必填列：统一社会信用代码"),
        (b"company_id,company_name\nx,y\n", "表头无法识别"),
        (HEADER.encode() + b"\n", "没有数据行"),
        (HEADER.encode() + b"\n" + b"\xff\xfe\xfa\xfb\x80\x81\n", "第 2 行：无法识别文件编码"),
        (
            HEADER.encode() + b"\n" + GOOD[0].encode() + b"\n1," + b"x" * 10_000_000 + b"\n",
            "第 3 行：该行超过",
        ),
    ],
)
def test_unusable_files_fail_clearly_and_store_nothing(
    tmp_path: Path,
    do_import: Importer,
    db: Session,
    settings: Settings,
    content: bytes,
    message: str,
) -> None:
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    result = do_import("registry", path)
    assert result.status == "failed"
    assert result.error is not None and "文件 input.csv" in result.error
    assert message in result.error
    assert _ods_count(settings, "registry") == 0
    batch = db.get(ImportBatch, result.batch_id)
    assert batch is not None and Path(batch.raw_path).read_bytes() == content


def test_a_failure_after_loading_takes_the_rows_back(
    tmp_path: Path, do_import: Importer, database_engine_sql: None, settings: Settings
) -> None:
    lines = [HEADER, *GOOD, BAD_ROWS[2][0]]
    with pytest.raises(Exception, match="quarantined_rows"):
        do_import("registry", write_csv(tmp_path / "bad.csv", lines))
    assert _ods_count(settings, "registry") == 0


@pytest.fixture
def database_engine_sql(database: object) -> None:
    """Break the quarantine table for real, so recording a batch fails after loading."""
    from industry_brain.db import Database

    assert isinstance(database, Database)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE quarantined_rows")


def test_validity_dates_may_lie_years_ahead(tmp_path: Path, do_import: Importer) -> None:
    lines = [
        "统一社会信用代码,荣誉名称,级别,认定日期,有效期至",
        f"{A},高新技术企业,国家级,2025-11-20,2028-11-19",
        f"{B},专精特新,省级,2099-01-01,2102-01-01",
    ]
    result = do_import("honors", write_csv(tmp_path / "honors.csv", lines))
    assert (result.accepted, result.rejected) == (1, 1), "a recognition date cannot be in 2099"


def test_industry_codes_at_any_level(tmp_path: Path, do_import: Importer) -> None:
    lines = [
        "统一社会信用代码,企业名称,行业代码",
        f"{A},门类企业,C",
        f"{B},大类企业,C36",
        f"{C},小类企业,3612",
        f"{make_uscc(401)},错门类企业,J36",
    ]
    result = do_import("registry", write_csv(tmp_path / "codes.csv", lines))
    assert (result.accepted, result.rejected) == (3, 1)


def test_an_ods_table_of_an_older_standard_gains_the_new_columns(
    tmp_path: Path, do_import: Importer, settings: Settings
) -> None:
    # A lake built before the registry standard had 省份 and 城市.
    with lake.connect(settings) as con:
        con.execute(
            "CREATE TABLE ods.registry (uscc VARCHAR, name VARCHAR, _batch_id VARCHAR NOT NULL, "
            "_row INTEGER NOT NULL, _loaded_at TIMESTAMP NOT NULL)"
        )
        con.execute("INSERT INTO ods.registry VALUES ('X', '旧企业', 'old', 2, now())")
    lines = [HEADER + ",省份,城市", GOOD[0] + ",江苏省,常州市"]
    assert do_import("registry", write_csv(tmp_path / "r.csv", lines)).accepted == 1
    with lake.connect(settings, read_only=True) as con:
        rows = con.execute(
            "SELECT name, city, employees FROM ods.registry ORDER BY name"
        ).fetchall()
    assert rows == [("常州恒博新能源科技有限公司", "常州市", 320), ("旧企业", None, None)]
