"""Deterministic test files for ``import_bench.py``: a registry CSV and an operations CSV.

Not a benchmark itself. DuckDB writes the files with ``COPY ... TO``; every value is a pure
function of the row number (DuckDB's ``hash``), so the same arguments and DuckDB version give
the same bytes. Enterprise ``e`` has a valid 统一社会信用代码 (GB 32100 check character, and a
GB 11714 check digit in its organisation code), a registered address in one of six real 常州
districts (about 60 %) or eight districts of other cities, a real GB/T 4754-2017 class code
and heavy-tailed sizes. Exactly one row in 1,000 of each file is bad, in rotating ways
(wrong check character, unknown code, impossible date or month, out-of-range or non-numeric
amount, duplicated key, formula, missing name).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import duckdb

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
START_MONTH = "2023-01-01"

# (GB/T 2260 code, address prefix, short city name, weight in %, roads)
PLACES: tuple[tuple[str, str, str, int, tuple[str, ...]], ...] = (
    (
        "320412",
        "江苏省常州市武进区",
        "常州",
        20,
        ("常武中路", "延政中大道", "武宜南路", "长虹西路"),
    ),
    ("320411", "江苏省常州市新北区", "常州", 18, ("华山路", "通江中路", "太湖东路", "汉江路")),
    ("320402", "江苏省常州市天宁区", "常州", 8, ("关河东路", "青洋北路", "中吴大道", "红梅南路")),
    ("320404", "江苏省常州市钟楼区", "常州", 7, ("延陵西路", "勤业路", "星港路", "玉龙南路")),
    ("320413", "江苏省常州市金坛区", "常州", 4, ("金坛大道", "华城路", "南环二路", "东门大街")),
    ("320481", "江苏省常州市溧阳市", "常州", 3, ("燕山中路", "昆仑北路", "平陵东路", "天目湖大道")),
    ("320506", "江苏省苏州市吴中区", "苏州", 7, ("东吴北路", "宝带西路", "吴中大道", "越溪路")),
    ("320214", "江苏省无锡市新吴区", "无锡", 6, ("长江路", "菱湖大道", "新华路", "锡士路")),
    ("320115", "江苏省南京市江宁区", "南京", 5, ("双龙大道", "秣周东路", "胜太路", "天元中路")),
    ("310114", "上海市嘉定区", "上海", 5, ("墨玉南路", "嘉松北路", "博园路", "于田南路")),
    ("330110", "浙江省杭州市余杭区", "杭州", 5, ("文一西路", "五常大道", "良睦路", "临平大道")),
    ("340111", "安徽省合肥市包河区", "合肥", 4, ("繁华大道", "花园大道", "徽州大道", "包河大道")),
    ("440305", "广东省深圳市南山区", "深圳", 4, ("深南大道", "高新南一道", "科技南路", "南海大道")),
    ("420106", "湖北省武汉市武昌区", "武汉", 4, ("中北路", "和平大道", "武珞路", "徐东大街")),
)
WORDS = tuple("华瑞恒德鑫泰丰盛达宏晟源安新远博凯嘉伟创峰天科诚信隆润星航")
TRADES = (
    "电池", "电机", "新能源", "汽车零部件", "精密机械", "电子", "新材料", "智能装备",
    "动力科技", "储能", "电控", "轴承", "模具", "线缆", "光电", "传动",
)  # fmt: skip
SUFFIXES = ("科技", "制造", "实业", "技术", "工业", "")
PRODUCTS = (
    "锂离子电池", "电池管理系统", "驱动电机", "电机控制器", "减速器", "汽车线束", "车身结构件",
    "铝合金压铸件", "充电桩", "正极材料", "负极材料", "隔膜", "电解液", "汽车座椅", "车灯",
    "制动系统", "传感器", "功率半导体", "热管理系统", "轮毂",
)  # fmt: skip
REGISTRY_HEADER = (
    "统一社会信用代码",
    "企业名称",
    "成立日期",
    "注册资本(万元)",
    "注册地址",
    "行业代码",
    "经营范围",
    "登记状态",
    "是否规上",
    "从业人数",
)
OPERATIONS_HEADER = (
    "统一社会信用代码",
    "期间",
    "营业收入(万元)",
    "工业总产值(万元)",
    "税收(万元)",
    "用电量(千瓦时)",
    "从业人数",
    "研发投入(万元)",
    "出口额(万元)",
    "综合能耗(吨标煤)",
)


def _sql_list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def _industry_codes() -> list[str]:
    from industry_brain.codes.industries import all_industries

    return [i.code for i in all_industries() if i.level == "class" and i.section == "C"]


def _macros() -> list[str]:
    """Return the macros that define enterprise ``e`` (pure functions of ``e``)."""
    slots = [index for index, place in enumerate(PLACES) for _ in range(place[3])]
    assert len(slots) == 100, len(slots)
    uscc_terms = " + ".join(
        f"(instr('{USCC_ALPHABET}', b[{i + 1}]) - 1) * {w}" for i, w in enumerate(USCC_WEIGHTS)
    )
    org_terms = " + ".join(f"CAST(d[{i + 1}] AS INTEGER) * {w}" for i, w in enumerate(ORG_WEIGHTS))
    return [
        "CREATE OR REPLACE MACRO u(e, salt) AS (hash(e, salt) % 1000003) / 1000003.0",
        f"CREATE OR REPLACE MACRO place(e) AS {slots}"
        "[CAST(floor(u(e, 'place') * 100) AS INTEGER) + 1] + 1",
        f"CREATE OR REPLACE MACRO place_code(e) AS {_sql_list([p[0] for p in PLACES])}[place(e)]",
        # Organisation code: 8 digits, a bijection of e (48271 is coprime to 10^8), + check.
        "CREATE OR REPLACE MACRO org8(e) AS lpad(CAST((e * 48271 + 1357) % 100000000 AS VARCHAR),"
        " 8, '0')",
        f"CREATE OR REPLACE MACRO org_check_of(d) AS ['0','1','2','3','4','5','6','7','8','9','X',"
        f"'0'][11 - ({org_terms}) % 11 + 1]",
        "CREATE OR REPLACE MACRO body17(e) AS '91' || place_code(e) || org8(e) || "
        "org_check_of(org8(e))",
        f"CREATE OR REPLACE MACRO uscc_check_of(b) AS "
        f"'{USCC_ALPHABET}'[((31 - ({uscc_terms}) % 31) % 31) + 1]",
        "CREATE OR REPLACE MACRO uscc(e) AS body17(e) || uscc_check_of(body17(e))",
        # Size: log-uniform monthly revenue from 10 to about 30,000 万元.
        "CREATE OR REPLACE MACRO size(e) AS 10 * exp(8 * u(e, 'size') * u(e, 'size2'))",
        "CREATE OR REPLACE MACRO workforce(e) AS CAST(3 + exp(8 * u(e, 'emp')) AS BIGINT)",
    ]


def connect(workdir: Path) -> duckdb.DuckDBPyConnection:
    """Return an in-memory DuckDB connection with the generator's macros (spilling to workdir)."""
    con = duckdb.connect(
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    con.execute(f"SET temp_directory = '{workdir / 'gen.tmp'}'")
    for macro in _macros():
        con.execute(macro)
    return con


def registry_sql(enterprises: int) -> str:
    """Return the SELECT of the registry file, one row per enterprise in order."""
    codes = _sql_list(_industry_codes())
    prefixes = _sql_list([p[1] for p in PLACES])
    cities = _sql_list([p[2] for p in PLACES])
    roads = "[" + ", ".join(_sql_list(p[4]) for p in PLACES) + "]"
    pick = "list_element({list}, CAST(floor(u(e, '{salt}') * len({list})) AS INTEGER) + 1)"
    words = _sql_list(list(WORDS))
    return f"""
    WITH base AS (
      SELECT e, e % 1000 = 999 AS bad, (e // 1000) % 8 AS kind,
        CASE WHEN e % 1000 = 999 AND (e // 1000) % 8 = 6 THEN uscc(e - 1) ELSE uscc(e) END
          AS code,
        {cities}[place(e)] || {pick.format(list=words, salt="w1")}
          || {pick.format(list=words, salt="w2")} || {pick.format(list=_sql_list(TRADES), salt="t")}
          || {pick.format(list=_sql_list(SUFFIXES), salt="s")} || '有限公司' AS company,
        DATE '1990-01-01' + CAST(u(e, 'est') * 12700 AS INTEGER) AS est,
        u(e, 'fmt') AS fmt,
        CASE WHEN u(e, 'addr') < 0.15 THEN regexp_replace({prefixes}[place(e)], '^.+?省', '')
          ELSE {prefixes}[place(e)] END
          || list_element({roads}[place(e)], CAST(floor(u(e, 'road') * 4) AS INTEGER) + 1)
          || CAST(1 + hash(e, 'no') % 998 AS VARCHAR) || '号'
          || CASE WHEN u(e, 'bld') < 0.4 THEN CAST(1 + hash(e, 'b') % 20 AS VARCHAR) || '幢'
             ELSE '' END AS address,
        {pick.format(list=codes, salt="ind")} AS industry,
        {pick.format(list=_sql_list(PRODUCTS), salt="p1")} || '、'
          || {pick.format(list=_sql_list(PRODUCTS), salt="p2")}
          || '的研发、制造、销售；技术服务、技术开发、技术咨询；货物及技术进出口' AS scope,
        u(e, 'status') AS status_u
      FROM range({enterprises}) AS t(e)
    )
    SELECT
      CASE WHEN bad AND kind = 0 THEN left(code, 17) ||
        CASE WHEN right(code, 1) = 'A' THEN 'B' ELSE 'A' END ELSE code END AS "统一社会信用代码",
      CASE WHEN bad AND kind = 5 THEN '=HYPERLINK("http://x")' WHEN bad AND kind = 7 THEN ''
        ELSE company END AS "企业名称",
      CASE WHEN bad AND kind = 2 THEN '2021-02-30'
        WHEN fmt < 0.05 THEN strftime(est, '%Y/%m/%d')
        WHEN fmt < 0.08 THEN strftime(est, '%Y年%m月%d日')
        ELSE strftime(est, '%Y-%m-%d') END AS "成立日期",
      CASE WHEN bad AND kind = 3 THEN '-5'
        ELSE CAST(CAST(10 * exp(9 * u(e, 'cap')) AS DECIMAL(18, 2)) AS VARCHAR) END
        AS "注册资本(万元)",
      CASE WHEN u(e, 'noaddr') < 0.01 THEN '人民路' || CAST(1 + e % 300 AS VARCHAR) || '号'
        ELSE address END AS "注册地址",
      CASE WHEN bad AND kind = 1 THEN '9999' WHEN fmt > 0.9 THEN 'C' || industry ELSE industry END
        AS "行业代码",
      scope AS "经营范围",
      CASE WHEN bad AND kind = 4 THEN '存在' WHEN status_u < 0.85 THEN '存续'
        WHEN status_u < 0.95 THEN '在业' WHEN status_u < 0.97 THEN '迁出'
        WHEN status_u < 0.99 THEN '注销' ELSE '吊销' END AS "登记状态",
      CASE WHEN u(e, 'scale') < 0.1 THEN '是' ELSE '否' END AS "是否规上",
      workforce(e) AS "从业人数"
    FROM base
    """


def create_enterprises(con: duckdb.DuckDBPyConnection, enterprises: int) -> None:
    """Materialise the per-enterprise attributes that the operations rows repeat."""
    con.execute(
        "CREATE OR REPLACE TABLE ent AS SELECT e, uscc(e) AS uscc, size(e) AS size, "
        "workforce(e) AS workforce, u(e, 'g') AS g, u(e, 'ov') AS ov, u(e, 'kwh') AS kwh, "
        f"u(e, 'rd') AS rd, u(e, 'x') AS x FROM range({enterprises}) AS t(e)"
    )


def operations_month_sql(enterprises: int, month: int) -> str:
    """Return the SELECT of one month of the operations file, every enterprise in order.

    Row ``o = month * enterprises + e`` of the file (0-based, header not counted) is bad when
    ``o % 1000 == 999``.
    """
    season = "0.7" if month % 12 == 1 else f"{1 + 0.15 * math.sin(2 * math.pi * month / 12)!r}"
    period = f"{2023 + month // 12}-{month % 12 + 1:02d}"
    return f"""
    WITH v AS (
      SELECT *, {month} * {enterprises} + e AS o,
        size * {season} * pow(0.9 + 0.3 * g, {month / 12!r})
          * (0.95 + 0.1 * u({month} * {enterprises} + e, 'noise')) AS revenue
      FROM ent
    ), b AS (
      SELECT *, o % 1000 = 999 AS bad, (o // 1000) % 6 AS kind FROM v
    )
    SELECT
      CASE WHEN bad AND kind = 3 THEN left(uscc, 17) ||
          CASE WHEN right(uscc, 1) = 'A' THEN 'B' ELSE 'A' END
        WHEN bad AND kind = 4 AND e > 0 THEN uscc(e - 1) ELSE uscc END,
      CASE WHEN bad AND kind = 0 THEN '{2023 + month // 12}-13' ELSE '{period}' END,
      CASE WHEN bad AND kind = 1 THEN 'N/A' ELSE CAST(CAST(revenue AS DECIMAL(18, 2)) AS VARCHAR)
        END,
      CASE WHEN bad AND kind = 2 THEN '-100'
        ELSE CAST(CAST(revenue * (0.8 + 0.2 * ov) AS DECIMAL(18, 2)) AS VARCHAR) END,
      CAST(revenue * 0.04 AS DECIMAL(18, 2)),
      CAST(round(revenue * (80 + 80 * kwh)) AS BIGINT),
      CASE WHEN bad AND kind = 5 THEN '12.5' ELSE CAST(workforce AS VARCHAR) END,
      CASE WHEN rd < 0.2 THEN NULL ELSE CAST(revenue * 0.03 AS DECIMAL(18, 2)) END,
      CASE WHEN rd < 0.3 THEN NULL ELSE CAST(revenue * 0.5 * x AS DECIMAL(18, 2)) END,
      CAST(revenue * (80 + 80 * kwh) * 0.0001229 AS DECIMAL(18, 3))
    FROM b
    """


def write_operations(
    con: duckdb.DuckDBPyConnection, enterprises: int, months: int, target: Path
) -> int:
    """Write the operations file month by month (period-major, as monthly exports append)."""
    create_enterprises(con, enterprises)
    part = target.with_suffix(".part")
    rows = 0
    try:
        with target.open("wb") as output:
            output.write((",".join(OPERATIONS_HEADER) + "\n").encode())
            for month in range(months):
                rows += write_csv(con, operations_month_sql(enterprises, month), part, header=False)
                with part.open("rb") as chunk:
                    shutil.copyfileobj(chunk, output, 1 << 22)
    finally:
        part.unlink(missing_ok=True)
        con.execute("DROP TABLE IF EXISTS ent")
    return rows


def write_csv(
    con: duckdb.DuckDBPyConnection, select: str, target: Path, *, header: bool = True
) -> int:
    """Write the query's rows as a UTF-8 CSV; return the number of rows."""
    rows = con.execute(
        f"COPY ({select}) TO '{target}' (FORMAT csv, HEADER {str(header).lower()}, DELIMITER ',')"
    ).fetchone()
    assert rows is not None
    return int(rows[0])
