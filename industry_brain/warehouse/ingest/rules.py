"""Validation rules as DuckDB SQL: per column, a typed value and named error conditions.

Every rule has a name (the ``rule`` of a quarantined row) and a Chinese message. Rules run
vectorised over the whole file in DuckDB: no row-by-row Python on the hot path.

The SQL of a column comes in layers so that each expression is computed once per row: the
``inputs`` (the trimmed cell) are computed from the staged cell, the ``derived`` columns
(the value and helpers) from the inputs, and ``parsed`` and the rule conditions from both.
A rule's condition is kept apart from its error so that the caller can first find the rows
with any error and build the error list for those rows only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from industry_brain.warehouse.ingest.header import MappedColumn
from industry_brain.warehouse.standards import Column

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = "[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28]"
# The value of a character of the alphabet is its position: ord() minus the gaps before it
# (':'..'@' between 9 and A, then I, O, S and V, which the alphabet leaves out). Only codes
# of the right format reach the check; any other text gives some letter and no error.
_USCC_VALUE = (
    "ord(x) - 48 - 7 * CAST(ord(x) >= 65 AS INTEGER) - CAST(ord(x) >= 74 AS INTEGER) "
    "- CAST(ord(x) >= 80 AS INTEGER) - CAST(ord(x) >= 84 AS INTEGER) "
    "- CAST(ord(x) >= 87 AS INTEGER)"
)
# GB 32100: registration authority, organisation category, 6-digit division, 9-character
# subject identifier, check character; or a provisional id of entity resolution ("P" + 17).
_USCC_CHAR = "[0-9A-HJ-NPQRTUWXY]"
_USCC_PATTERN = f"[1-9A-GNY]{_USCC_CHAR}[0-9]{{6}}{_USCC_CHAR}{{10}}|P{_USCC_CHAR}{{17}}"
MACROS = (
    f"CREATE OR REPLACE TEMP MACRO ib_uscc_check(c) AS substr('{USCC_ALPHABET}', "
    f"CAST((31 - CAST(list_inner_product(list_transform(str_split(rpad(c, 17, '0'), ''), "
    f"lambda x: {_USCC_VALUE}), {USCC_WEIGHTS}) AS BIGINT) % 31) % 31 AS BIGINT) + 1, 1)",
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
# The bound of numbers without a stated range: beyond any real amount, inside DECIMAL(20,4).
_NUMBER_LIMIT = "1e15"
_TEXT_FORMULA = "^[=@]|^[+-][^0-9. ]"
_TEXT_MARKUP = "<\\s*/?\\s*[a-zA-Z!]"
_TEXT_CONTROL = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]"


@dataclass(frozen=True)
class Rule:
    """A named check: ``condition`` flags a row, ``error`` is the struct it reports."""

    condition: str
    error: str

    @property
    def expression(self) -> str:
        """The error when the condition holds, else NULL."""
        return f"CASE WHEN {self.condition} THEN {self.error} END"


@dataclass(frozen=True)
class ColumnSql:
    """SQL for one column: its layers, its typed value and its rules."""

    inputs: dict[str, str]
    derived: dict[str, str]
    parsed: str
    rules: list[Rule] = field(default_factory=list)


@dataclass(frozen=True)
class _Parts:
    value: str
    parsed: str
    rules: list[Rule]
    helpers: dict[str, str] = field(default_factory=dict)


def quote(text: str) -> str:
    """Return a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _rule(column: Column, raw: str, condition: str, rule: str, message: str) -> Rule:
    return Rule(
        condition,
        f"{{'column': {quote(column.key)}, 'rule': {quote(rule)}, "
        f"'message': {message}, 'value': left({raw}, 200)}}",
    )


def column_sql(mapped: MappedColumn, source: str) -> ColumnSql:
    """Return the layered SQL of a mapped column read from ``source`` (a VARCHAR column).

    The layers name their columns after ``source``: ``<source>_raw``, ``<source>_value``
    and helpers ``<source>_value_*``.
    """
    column = mapped.column
    raw, value = f"{source}_raw", f"{source}_value"
    parts = _BUILDERS[column.type](column, raw, value, mapped.factor)
    rules = list(parts.rules)
    if column.required:
        message = quote(f"必填项“{column.label}”为空")
        rules.insert(0, _rule(column, raw, f"{raw} IS NULL", "required", message))
    return ColumnSql(
        inputs={raw: f"nullif(trim({source}), '')"},
        derived={value: parts.value, **parts.helpers},
        parsed=f"CAST({parts.parsed} AS {SQL_TYPES[column.type]})",
        rules=rules,
    )


def _uscc(column: Column, raw: str, value: str, _factor: float) -> _Parts:
    well_formed = f"{value}_format"
    bad_format = f"{raw} IS NOT NULL AND NOT {well_formed}"
    return _Parts(
        value=f"upper({raw})",
        parsed=value,
        helpers={well_formed: f"regexp_full_match(upper({raw}), '{_USCC_PATTERN}')"},
        rules=[
            _rule(
                column,
                raw,
                bad_format,
                "uscc_format",
                quote(
                    "统一社会信用代码应为18位：登记管理部门代码（1–9、A–G、N、Y）、机构类别、"
                    "6位行政区划码、9位主体标识码和校验位，字母不含I、O、S、V、Z"
                    "（或本平台的临时编码 P…）"
                ),
            ),
            _rule(
                column,
                raw,
                f"NOT ({bad_format}) AND {raw} IS NOT NULL AND "
                f"ib_uscc_check({value}) <> substr({value}, 18, 1)",
                "uscc_check",
                f"'校验位错误：应为“' || ib_uscc_check({value}) || '”'",
            ),
        ],
    )


def _text(column: Column, raw: str, value: str, _factor: float) -> _Parts:
    limit = column.max_length or 1000
    # One pass of the three patterns first: most text matches none of them.
    suspect = f"{value}_suspect"
    any_pattern = f"{_TEXT_FORMULA}|{_TEXT_MARKUP}|{_TEXT_CONTROL}"
    return _Parts(
        value=raw,
        parsed=value,
        helpers={suspect: f"regexp_matches({raw}, '{any_pattern}')"},
        rules=[
            _rule(column, raw, f"length({raw}) > {limit}", "too_long", quote(f"超过{limit}个字符")),
            _rule(
                column,
                raw,
                f"{suspect} AND regexp_matches({raw}, '{_TEXT_FORMULA}')",
                "formula",
                quote("疑似公式或命令（以 =、+、-、@ 开头），请填写纯文本"),
            ),
            _rule(
                column,
                raw,
                f"{suspect} AND regexp_matches({raw}, '{_TEXT_MARKUP}')",
                "markup",
                quote("含 HTML 或脚本标记"),
            ),
            _rule(
                column,
                raw,
                f"{suspect} AND regexp_matches({raw}, '{_TEXT_CONTROL}')",
                "control_chars",
                quote("含不可见控制字符"),
            ),
        ],
    )


def _date(column: Column, raw: str, value: str, _factor: float) -> _Parts:
    serial = (
        f"CASE WHEN regexp_full_match({raw}, '[0-9]{{2,5}}(\\.0+)?') THEN DATE '1899-12-30' "
        f"+ CAST(CAST({raw} AS DOUBLE) AS INTEGER) END"
    )
    # Dates of events lie at most a year ahead; validity periods (有效期至) may run decades.
    latest_days = 36_500 if column.future_allowed else 366
    return _Parts(
        value=f"coalesce(CAST(try_strptime({raw}, {DATE_FORMATS}) AS DATE), {serial})",
        parsed=value,
        rules=[
            _rule(
                column,
                raw,
                f"{raw} IS NOT NULL AND {value} IS NULL",
                "date",
                quote("无法识别的日期（应为 YYYY-MM-DD，且日期须真实存在）"),
            ),
            _rule(
                column,
                raw,
                f"{value} < DATE '1900-01-01' OR {value} > current_date + {latest_days}",
                "date_range",
                quote("日期超出合理范围"),
            ),
        ],
    )


def _month(column: Column, raw: str, value: str, _factor: float) -> _Parts:
    return _Parts(
        value=f"CAST(date_trunc('month', try_strptime({raw}, {MONTH_FORMATS})) AS DATE)",
        parsed=value,
        rules=[
            _rule(
                column,
                raw,
                f"{raw} IS NOT NULL AND {value} IS NULL",
                "month",
                quote("无法识别的期间（应为 YYYY-MM）"),
            ),
            _rule(
                column,
                raw,
                f"{value} < DATE '1990-01-01' OR {value} > current_date + 31",
                "month_range",
                quote("期间超出合理范围"),
            ),
        ],
    )


def _number(column: Column, raw: str, value: str, factor: float) -> _Parts:
    # A cell that already reads as a number needs no cleaning: removing ',', '%' and ' '
    # cannot change a valid number, so the cleaned cast is only tried for the others.
    cleaned = f"replace(replace(replace({raw}, ',', ''), '%', ''), ' ', '')"
    # The unit factor is applied where the value is used, not in the value column, so that
    # casts read an expression as before (DuckDB words cast errors differently for a column).
    number = f"({value} * {factor!r})"
    rules = [
        _rule(column, raw, f"{raw} IS NOT NULL AND {number} IS NULL", "number", quote("不是数字"))
    ]
    if column.type == "int":
        rules.append(
            _rule(column, raw, f"{number} <> floor({number})", "integer", quote("应为整数"))
        )
    # Absurd values (1e20, inf, NaN) are a rule's business, not a cast error of the whole
    # file: the typed value is a TRY_CAST, and a value that does not fit is out of range.
    typed = f"TRY_CAST({number} AS {SQL_TYPES[column.type]})"
    low = column.min if column.min is not None else f"-{_NUMBER_LIMIT}"
    high = column.max if column.max is not None else _NUMBER_LIMIT
    unit = column.unit or ""
    rules.append(
        _rule(
            column,
            raw,
            f"{number} IS NOT NULL AND ({typed} IS NULL OR isnan({number}) "
            f"OR {number} < {low} OR {number} > {high})",
            "range",
            quote(f"数值超出合理范围（{low}～{high}{unit}）"),
        )
    )
    return _Parts(
        value=f"coalesce(try_cast({raw} AS DOUBLE), try_cast({cleaned} AS DOUBLE))",
        parsed=typed,
        rules=rules,
    )


def _bool(column: Column, raw: str, value: str, _factor: float) -> _Parts:
    word = f"lower({raw})"
    return _Parts(
        value=(
            f"CASE WHEN list_contains({TRUE_WORDS}, {word}) THEN TRUE "
            f"WHEN list_contains({FALSE_WORDS}, {word}) THEN FALSE END"
        ),
        parsed=value,
        rules=[
            _rule(
                column,
                raw,
                f"{raw} IS NOT NULL AND {value} IS NULL",
                "bool",
                quote("应为“是”或“否”"),
            )
        ],
    )


def _enum(column: Column, raw: str, value: str, _factor: float) -> _Parts:
    allowed = "[" + ", ".join(quote(item) for item in column.values) + "]"
    return _Parts(
        value=raw,
        parsed=value,
        rules=[
            _rule(
                column,
                raw,
                f"{raw} IS NOT NULL AND NOT list_contains({allowed}, {raw})",
                "code_table",
                quote(f"不在代码表中（可选：{'、'.join(column.values)}）"),
            )
        ],
    )


def _industry(column: Column, raw: str, value: str, _factor: float) -> _Parts:
    code = f"upper(replace({raw}, ' ', ''))"
    letter = f"{value}_section"
    known = (
        f"EXISTS (SELECT 1 FROM ib_industry_codes i WHERE i.code = {value} "
        f"AND ({letter} = '' OR {letter} = i.section))"
    )
    message = quote("行业代码不存在于 GB/T 4754-2017（或门类字母不符）")
    return _Parts(
        # "C3612" → "3612"; a bare 门类 letter such as "C" is itself a (section-level) code.
        value=f"regexp_replace({code}, '^[A-T]([0-9])', '\\1')",
        parsed=value,
        helpers={letter: f"regexp_extract({code}, '^([A-T])[0-9]', 1)"},
        rules=[
            _rule(column, raw, f"{raw} IS NOT NULL AND NOT ({known})", "industry_code", message)
        ],
    )


_BUILDERS: dict[str, Callable[[Column, str, str, float], _Parts]] = {
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
