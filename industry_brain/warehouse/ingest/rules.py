"""Validation rules as DuckDB SQL, one parse expression and one error expression per column.

Every rule has a name (the ``rule`` of a quarantined row) and a Chinese message. Rules run
vectorised over the whole file in DuckDB: no row-by-row Python on the hot path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from industry_brain.warehouse.ingest.header import MappedColumn
from industry_brain.warehouse.standards import Column

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = "[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28]"
MACROS = (
    f"CREATE OR REPLACE TEMP MACRO ib_uscc_check(c) AS substr('{USCC_ALPHABET}', "
    f"((31 - list_sum(list_transform(range(17), lambda i: (instr('{USCC_ALPHABET}', "
    f"substr(c, (i + 1)::BIGINT, 1)) - 1) * {USCC_WEIGHTS}[i + 1])) % 31) % 31)::BIGINT + 1, 1)",
)
DATE_FORMATS = "['%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d', '%Y%m%d', '%Y年%m月%d日', '%Y-%m-%d %H:%M:%S']"
MONTH_FORMATS = "['%Y-%m', '%Y/%m', '%Y%m', '%Y.%m', '%Y年%m月', '%Y-%m-%d', '%Y/%m/%d']"
TRUE_WORDS = "['是', 'y', 'yes', 'true', '1', '√']"
FALSE_WORDS = "['否', 'n', 'no', 'false', '0', '×']"
SQL_TYPES = {
    "uscc": "VARCHAR",
    "text": "VARCHAR",
    "enum": "VARCHAR",
    "industry_code": "VARCHAR",
    "date": "DATE",
    "month": "DATE",
    "money": "DECIMAL(20,4)",
    "decimal": "DOUBLE",
    "ratio": "DECIMAL(9,4)",
    "int": "BIGINT",
    "bool": "BOOLEAN",
}


@dataclass(frozen=True)
class ColumnSql:
    """SQL for one column: its typed value and the list of its possible errors."""

    parsed: str
    errors: list[str]


def quote(text: str) -> str:
    """Return a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _error(column: Column, raw: str, condition: str, rule: str, message: str) -> str:
    return (
        f"CASE WHEN {condition} THEN {{'column': {quote(column.key)}, 'rule': {quote(rule)}, "
        f"'message': {message}, 'value': left({raw}, 200)}} END"
    )


def column_sql(mapped: MappedColumn, source: str) -> ColumnSql:
    """Return the parse and error SQL of a mapped column read from ``source`` (VARCHAR)."""
    column = mapped.column
    raw = f"nullif(trim({source}), '')"
    parsed, errors = _BUILDERS[column.type](column, raw, mapped.factor)
    if column.required:
        errors.insert(
            0,
            _error(column, raw, f"{raw} IS NULL", "required", quote(f"必填项“{column.label}”为空")),
        )
    return ColumnSql(parsed=f"CAST({parsed} AS {SQL_TYPES[column.type]})", errors=errors)


def _uscc(column: Column, raw: str, _factor: float) -> tuple[str, list[str]]:
    value = f"upper({raw})"
    bad_format = (
        f"{raw} IS NOT NULL AND NOT regexp_full_match({value}, '[0-9A-HJ-NPQRTUWXY]{{18}}')"
    )
    return value, [
        _error(
            column,
            raw,
            bad_format,
            "uscc_format",
            quote("统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）"),
        ),
        _error(
            column,
            raw,
            f"NOT ({bad_format}) AND {raw} IS NOT NULL AND "
            f"ib_uscc_check({value}) <> substr({value}, 18, 1)",
            "uscc_check",
            f"'校验位错误：应为“' || ib_uscc_check({value}) || '”'",
        ),
    ]


def _text(column: Column, raw: str, _factor: float) -> tuple[str, list[str]]:
    limit = column.max_length or 1000
    return raw, [
        _error(column, raw, f"length({raw}) > {limit}", "too_long", quote(f"超过{limit}个字符")),
        _error(
            column,
            raw,
            f"regexp_matches({raw}, '^[=@]|^[+-][^0-9. ]')",
            "formula",
            quote("疑似公式或命令（以 =、+、-、@ 开头），请填写纯文本"),
        ),
        _error(
            column,
            raw,
            f"regexp_matches({raw}, '<\\s*/?\\s*[a-zA-Z!]')",
            "markup",
            quote("含 HTML 或脚本标记"),
        ),
        _error(
            column,
            raw,
            f"regexp_matches({raw}, '[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]')",
            "control_chars",
            quote("含不可见控制字符"),
        ),
    ]


def _date(column: Column, raw: str, _factor: float) -> tuple[str, list[str]]:
    serial = (
        f"CASE WHEN regexp_full_match({raw}, '[0-9]{{2,5}}(\\.0+)?') THEN DATE '1899-12-30' "
        f"+ CAST(CAST({raw} AS DOUBLE) AS INTEGER) END"
    )
    value = f"coalesce(CAST(try_strptime({raw}, {DATE_FORMATS}) AS DATE), {serial})"
    # Dates of events lie at most a year ahead; validity periods (有效期至) may run decades.
    latest_days = 36_500 if column.future_allowed else 366
    return value, [
        _error(
            column,
            raw,
            f"{raw} IS NOT NULL AND {value} IS NULL",
            "date",
            quote("无法识别的日期（应为 YYYY-MM-DD，且日期须真实存在）"),
        ),
        _error(
            column,
            raw,
            f"{value} < DATE '1900-01-01' OR {value} > current_date + {latest_days}",
            "date_range",
            quote("日期超出合理范围"),
        ),
    ]


def _month(column: Column, raw: str, _factor: float) -> tuple[str, list[str]]:
    value = f"CAST(date_trunc('month', try_strptime({raw}, {MONTH_FORMATS})) AS DATE)"
    return value, [
        _error(
            column,
            raw,
            f"{raw} IS NOT NULL AND {value} IS NULL",
            "month",
            quote("无法识别的期间（应为 YYYY-MM）"),
        ),
        _error(
            column,
            raw,
            f"{value} < DATE '1990-01-01' OR {value} > current_date + 31",
            "month_range",
            quote("期间超出合理范围"),
        ),
    ]


def _number(column: Column, raw: str, factor: float) -> tuple[str, list[str]]:
    cleaned = f"replace(replace(replace({raw}, ',', ''), '%', ''), ' ', '')"
    value = f"(try_cast({cleaned} AS DOUBLE) * {factor!r})"
    errors = [
        _error(column, raw, f"{raw} IS NOT NULL AND {value} IS NULL", "number", quote("不是数字"))
    ]
    if column.type == "int":
        errors.append(
            _error(column, raw, f"{value} <> floor({value})", "integer", quote("应为整数"))
        )
        value = f"CAST({value} AS BIGINT)"
    low = column.min if column.min is not None else "-1e30"
    high = column.max if column.max is not None else "1e30"
    unit = column.unit or ""
    errors.append(
        _error(
            column,
            raw,
            f"{value} < {low} OR {value} > {high}",
            "range",
            quote(f"数值超出合理范围（{low}～{high}{unit}）"),
        )
    )
    return value, errors


def _bool(column: Column, raw: str, _factor: float) -> tuple[str, list[str]]:
    word = f"lower({raw})"
    value = (
        f"CASE WHEN list_contains({TRUE_WORDS}, {word}) THEN TRUE "
        f"WHEN list_contains({FALSE_WORDS}, {word}) THEN FALSE END"
    )
    return value, [
        _error(
            column, raw, f"{raw} IS NOT NULL AND {value} IS NULL", "bool", quote("应为“是”或“否”")
        )
    ]


def _enum(column: Column, raw: str, _factor: float) -> tuple[str, list[str]]:
    allowed = "[" + ", ".join(quote(value) for value in column.values) + "]"
    return raw, [
        _error(
            column,
            raw,
            f"{raw} IS NOT NULL AND NOT list_contains({allowed}, {raw})",
            "code_table",
            quote(f"不在代码表中（可选：{'、'.join(column.values)}）"),
        )
    ]


def _industry(column: Column, raw: str, _factor: float) -> tuple[str, list[str]]:
    code = f"upper(replace({raw}, ' ', ''))"
    # "C3612" → "3612"; a bare 门类 letter such as "C" is itself a (section-level) code.
    value = f"regexp_replace({code}, '^[A-T]([0-9])', '\\1')"
    letter = f"regexp_extract({code}, '^([A-T])[0-9]', 1)"
    known = (
        f"EXISTS (SELECT 1 FROM ib_industry_codes i WHERE i.code = {value} "
        f"AND ({letter} = '' OR {letter} = i.section))"
    )
    message = quote("行业代码不存在于 GB/T 4754-2017（或门类字母不符）")
    return value, [
        _error(column, raw, f"{raw} IS NOT NULL AND NOT ({known})", "industry_code", message)
    ]


_BUILDERS: dict[str, Callable[[Column, str, float], tuple[str, list[str]]]] = {
    "uscc": _uscc,
    "text": _text,
    "date": _date,
    "month": _month,
    "money": _number,
    "decimal": _number,
    "ratio": _number,
    "int": _number,
    "bool": _bool,
    "enum": _enum,
    "industry_code": _industry,
}
