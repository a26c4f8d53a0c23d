"""Rules compiled to SQLAlchemy over the published facts (``ads_enterprise_facts`` in the serving
DB), so that the web process counts and lists the enterprises of a result with one query, on
SQLite and PostgreSQL alike, without copying the facts anywhere.

A clause becomes a boolean expression that is NULL when its fact is NULL; ``AND``, ``OR`` and
``NOT`` over NULL are Kleene's three-valued logic in both databases, as in ``evaluate``
(Python) and ``sql`` (DuckDB). A set fact is published as its members joined by “、”, so
membership is a match of “、member、” inside “、members、”. Prefixes compare ``substr`` (not
``LIKE``, which ignores case in SQLite).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Float,
    MetaData,
    Table,
    Text,
    and_,
    case,
    false,
    func,
    literal,
    not_,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session

from industry_brain.rules.facts import (
    HOME_REGION,
    HOME_WORDS,
    all_facts,
    home_prefix,
    region_prefix,
)
from industry_brain.rules.model import AllOf, AnyOf, Clause, Not, Rule

SERVING_FACTS = "ads_enterprise_facts"
SEPARATOR = "、"
COLUMN_TYPES: dict[str, Any] = {"number": Float, "text": Text, "bool": Boolean, "set": Text}


def facts_table() -> Table:
    """Return the published facts table as SQLAlchemy knows it (one column per fact)."""
    columns = [Column("uscc", Text), Column(HOME_REGION, Text)]
    columns += [Column(f.id, COLUMN_TYPES[f.type]) for f in all_facts().values()]
    return Table(SERVING_FACTS, MetaData(), *columns)


def home_region(db: Session, table: Table) -> str | None:
    """Return the cluster's region code as published with the facts (None when not set)."""
    found = db.scalar(
        select(table.c[HOME_REGION]).where(table.c[HOME_REGION].is_not(None)).limit(1)
    )
    return str(found) if found else None


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _starts_with(column: ColumnElement[Any], prefix: str | None) -> ColumnElement[bool]:
    if prefix is None:
        return null()  # type: ignore[return-value]  # unknown, as in Kleene's logic
    return func.substr(column, 1, len(prefix)) == prefix


def clause_filter(clause: Clause, table: Table, home: str | None) -> ColumnElement[bool]:
    """Return a clause as a boolean expression over ``table``, NULL when its fact is NULL."""
    column, op, value = table.c[clause.fact.id], clause.op, clause.value
    if op == "contains":
        if SEPARATOR in str(value):  # no member holds the separator: never met when known
            return case((column.is_(None), null()), else_=false())
        wrapped = literal(SEPARATOR) + column + literal(SEPARATOR)
        pattern = f"%{SEPARATOR}{_escaped(str(value))}{SEPARATOR}%"
        return wrapped.like(pattern, escape="\\")
    if op == "prefix":
        return _starts_with(column, str(value))
    if op in ("in", "not_in"):
        assert isinstance(value, tuple)
        if clause.fact.region:
            prefixes = [
                home_prefix(str(item), home) if item in HOME_WORDS else region_prefix(str(item))
                for item in value
            ]
            inside = or_(false(), *(_starts_with(column, prefix) for prefix in prefixes))
        else:
            inside = column.in_(list(value))
        return inside if op == "in" else not_(inside)
    return {
        "=": column.__eq__,
        "!=": column.__ne__,
        ">": column.__gt__,
        ">=": column.__ge__,
        "<": column.__lt__,
        "<=": column.__le__,
    }[op](value)


def rule_filter(rule: Rule, table: Table, home: str | None) -> ColumnElement[bool]:
    """Return a rule as one boolean expression: TRUE met, FALSE not met, NULL unknown."""
    if isinstance(rule, Clause):
        return clause_filter(rule, table, home)
    if isinstance(rule, Not):
        return not_(rule_filter(rule.item, table, home))
    parts = [rule_filter(item, table, home) for item in rule.items]
    if isinstance(rule, AllOf):
        return and_(*parts)
    assert isinstance(rule, AnyOf)
    return or_(*parts)


def result_filter(expression: ColumnElement[bool], result: str) -> ColumnElement[bool]:
    """Return the condition of one result (``met``, ``not_met``, ``unknown``) of a rule."""
    if result == "met":
        return expression.is_(True)
    if result == "not_met":
        return expression.is_(False)
    return expression.is_(None)


def count_results(db: Session, rule: Rule) -> dict[str, int]:
    """Return how many published enterprises the rule's results count, by result."""
    table = facts_table()
    expression = rule_filter(rule, table, home_region(db, table))
    met, not_met, total = db.execute(
        select(
            func.coalesce(func.sum(case((expression, 1), else_=0)), 0),
            func.coalesce(func.sum(case((not_(expression), 1), else_=0)), 0),
            func.count(),
        ).select_from(table)
    ).one()
    return {"met": int(met), "not_met": int(not_met), "unknown": int(total - met - not_met)}
