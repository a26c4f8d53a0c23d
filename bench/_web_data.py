"""The warehouse ``web_bench.py`` measures: N enterprises × M months, loaded the real way.

Not a benchmark itself. Files come from ``_import_data`` (registry and operations, one bad row
in 1,000) plus, written here with DuckDB from the same macros: a second registry batch that
renames one enterprise in 20 (so that search has former names), the matching 名称变更 events,
honours for about 8 % of enterprises (tags) and supply relations (the profile's graph). Every
file goes through ``ib import``; then ``ib cluster set`` (常州市 320400) and ``ib pipeline run``.
A government user and its password are written for the measuring script.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import _import_data as gen
from _support import IB, PYTHON, bench_env

GOV_USER = "benchgov"
GOV_PASSWORD = "Bench-Gov-2026"
RENAMED_SUFFIX = "集团有限公司"


def _renames_sql(registry: Path) -> str:
    return f"""
    SELECT * REPLACE (regexp_replace("企业名称", '有限公司$', '{RENAMED_SUFFIX}') AS "企业名称")
    FROM read_csv('{registry}', all_varchar = true, header = true)
    WHERE hash("统一社会信用代码", 'rename') % 20 = 0 AND "企业名称" LIKE '%有限公司'
    """


def _events_sql(registry: Path) -> str:
    return f"""
    SELECT "统一社会信用代码", '名称变更' AS "事件类型", DATE '2025-06-01' AS "事件日期",
      "企业名称" AS "变更前",
      regexp_replace("企业名称", '有限公司$', '{RENAMED_SUFFIX}') AS "变更后"
    FROM read_csv('{registry}', all_varchar = true, header = true)
    WHERE hash("统一社会信用代码", 'rename') % 20 = 0 AND "企业名称" LIKE '%有限公司'
    """


def _honors_sql(enterprises: int) -> str:
    return f"""
    SELECT uscc(e) AS "统一社会信用代码",
      CASE WHEN u(e, 'hn') < 0.05 THEN '高新技术企业' WHEN u(e, 'hn') < 0.07 THEN '专精特新'
        ELSE '上市' END AS "荣誉名称",
      '国家级' AS "级别", DATE '2024-11-01' AS "认定日期", NULL AS "有效期至"
    FROM range({enterprises}) AS t(e)
    WHERE u(e, 'hn') < 0.075
    """


def _relations_sql(enterprises: int, relations: int) -> str:
    products = gen._sql_list(list(gen.PRODUCTS))
    pick = f"list_element({products}, CAST(floor(u(r, 'rp') * len({products})) AS INTEGER) + 1)"
    return f"""
    SELECT uscc(CAST(hash(r, 'sup') % {enterprises} AS BIGINT)) AS "供方信用代码",
      uscc(CAST(hash(r, 'buy') % {enterprises} AS BIGINT)) AS "需方信用代码",
      {pick} AS "产品名称",
      CAST(round(10 + 990 * u(r, 'amt'), 2) AS DECIMAL(18, 2)) AS "金额(万元)",
      strftime(DATE '2025-01-01' + INTERVAL (CAST(u(r, 'm') * 12 AS INTEGER)) MONTH, '%Y-%m')
        AS "期间",
      '采购合同' AS "来源"
    FROM range({relations}) AS t(r)
    WHERE hash(r, 'sup') % {enterprises} <> hash(r, 'buy') % {enterprises}
    """


def write_files(folder: Path, *, enterprises: int, months: int) -> list[tuple[str, Path]]:
    """Write the files to import, in import order: (standard, path)."""
    folder.mkdir(parents=True, exist_ok=True)
    con = gen.connect(folder)
    registry = folder / "registry.csv"
    gen.write_csv(con, gen.registry_sql(enterprises), registry)
    files = [("registry", registry)]
    for standard, name, select in (
        ("registry", "registry_renames.csv", _renames_sql(registry)),
        ("events", "events.csv", _events_sql(registry)),
        ("honors", "honors.csv", _honors_sql(enterprises)),
        ("relations", "relations.csv", _relations_sql(enterprises, 2 * enterprises)),
    ):
        gen.write_csv(con, select, folder / name)
        files.append((standard, folder / name))
    operations = folder / "operations.csv"
    gen.write_operations(con, enterprises, months, operations)
    files.append(("operations", operations))
    con.close()
    return files


def _ib(data_dir: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(IB), *args], env=bench_env(IB_DATA_DIR=str(data_dir)), check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def _government_user(data_dir: Path) -> None:
    script = f"""
from industry_brain.accounts import actions
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.accounts.schemas import OrganisationCreate, UserCreate
from industry_brain.db import Database
from industry_brain.settings import Settings, prepare_settings

database = Database.from_settings(prepare_settings(Settings()))
actor = Principal.system("bench")
with database.writer() as db:
    org = actions.do_create_organisation(db, actor=actor, data=OrganisationCreate(
        name="常州市工业和信息化局", org_type=OrgType.GOVERNMENT, region_code="320400"))
    actions.do_create_user(db, actor=actor, must_change_password=False, data=UserCreate(
        org_id=org.id, username="{GOV_USER}", display_name="基准测试分析员",
        password="{GOV_PASSWORD}", roles=["member"]))
database.dispose()
"""
    subprocess.run([str(PYTHON), "-c", script], env=bench_env(IB_DATA_DIR=str(data_dir)),
                   check=True)  # fmt: skip


def build(workdir: Path, *, enterprises: int, months: int) -> Path:
    """Build the warehouse under ``workdir`` (reused when complete); return its data dir."""
    data_dir = workdir / "var"
    done = workdir / "complete"
    if done.exists():
        print(f"reusing the warehouse in {data_dir} ({done.read_text().strip()})")
        return data_dir
    started = time.perf_counter()
    files = write_files(workdir / "files", enterprises=enterprises, months=months)
    print(f"files written in {time.perf_counter() - started:.0f} s")
    print(f"ib init {_ib(data_dir, 'init'):.1f} s")
    _government_user(data_dir)
    _ib(data_dir, "cluster", "set", "--name", "常州市新能源汽车产业集群", "--region", "320400")
    for standard, path in files:
        seconds = _ib(data_dir, "import", standard, str(path))
        print(f"ib import {standard} {path.name}: {seconds:.1f} s")
    print(f"ib pipeline run: {_ib(data_dir, 'pipeline', 'run'):.1f} s")
    done.write_text(f"{enterprises} enterprises × {months} months\n", encoding="utf-8")
    return data_dir
