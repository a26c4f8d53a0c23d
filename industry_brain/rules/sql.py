"""Bulk evaluation: rules compiled to DuckDB SQL over the facts table, one scan per rule.

A clause becomes a boolean expression that is NULL when its fact is NULL; ``AND``, ``OR`` and
``NOT`` over NULL are Kleene's three-valued logic, so ``evaluate`` (Python) and this agree.
Each rule's clauses are computed once in an inner query (columns ``n0``, ``n1`` … in the order
of ``model.nodes``), its groups over them outside; the result is ``met`` / ``not_met`` /
``unknown`` and ``clauses`` every node's result by path: a JSON object from ``evaluate_all``,
a base-3 code in the table ``evaluate_into`` writes (``decode``). A rule has at most
``MAX_NODES`` nodes, so that the code fits in a BIGINT.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from industry_brain.rules.facts import HOME_REGION, HOME_WORDS, region_prefix
from industry_brain.rules.model import AllOf, Clause, Not, Result, Rule, nodes

if TYPE_CHECKING:
    import duckdb

RESULTS_COLUMNS = "key VARCHAR, uscc VARCHAR, result VARCHAR, clauses BIGINT"
CODED = (Result.MET, Result.NOT_MET, Result.UNKNOWN)
COMPARISONS = {"=": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<="}


def literal(value: int | float | str | bool) -> str:
    """Return a SQL literal (numbers as DOUBLE, as the facts table holds them)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return f"CAST('{value!r}' AS DOUBLE)"
    return "'" + value.replace("'", "''") + "'"


def _home(digits: int) -> str:
    """The prefix of the cluster's region kept by “本市” and its kin (NULL when not set)."""
    code = f'"{HOME_REGION}"'
    stripped = (
        f"CASE WHEN length({code}) = 6 THEN regexp_replace({code}, '(00)+$', '') ELSE {code} END"
    )
    return f"left({stripped}, {digits})"


def clause_sql(clause: Clause) -> str:
    """Return a clause as a boolean SQL expression, NULL when its fact is unknown."""
    column, op, value = f'"{clause.fact.id}"', clause.op, clause.value
    if op == "contains":
        return f"list_contains({column}, {literal(value)})"  # type: ignore[arg-type]
    if op == "prefix":
        return f"starts_with({column}, {literal(value)})"  # type: ignore[arg-type]
    if op in COMPARISONS:
        return f"({column} {COMPARISONS[op]} {literal(value)})"  # type: ignore[arg-type]
    assert isinstance(value, tuple)
    if clause.fact.region:
        prefixes = [
            _home(HOME_WORDS[str(item)])
            if item in HOME_WORDS
            else literal(region_prefix(str(item)))
            for item in value
        ]
        inside = " OR ".join(f"starts_with({column}, {prefix})" for prefix in prefixes)
        return f"({inside})" if op == "in" else f"(NOT ({inside}))"
    listed = ", ".join(literal(item) for item in value)
    return f"({column} {'IN' if op == 'in' else 'NOT IN'} ({listed}))"


def _node_sql(node: Rule, path: str, columns: Mapping[str, str]) -> str:
    """Return a group over its children's columns, or a clause's column."""
    if isinstance(node, Clause):
        return columns[path]
    if isinstance(node, Not):
        return f"(NOT {columns[f'{path}.not' if path else 'not']})"
    key, joiner = ("all", " AND ") if isinstance(node, AllOf) else ("any", " OR ")
    children = [
        columns[f"{path}.{key}[{i}]" if path else f"{key}[{i}]"] for i in range(len(node.items))
    ]
    return "(" + joiner.join(children) + ")"


def _result(expression: str) -> str:
    return f"CASE {expression} WHEN TRUE THEN 'met' WHEN FALSE THEN 'not_met' ELSE 'unknown' END"


def _node_columns(rule: Rule, table: str) -> tuple[list[str], str]:
    """Return the nodes' paths and a query of ``uscc`` and every node's boolean ``n<i>``."""
    found = list(nodes(rule))
    columns = {path: f"n{index}" for index, (path, _) in enumerate(found)}
    leaves = [
        f"{clause_sql(node)} AS {columns[path]}" for path, node in found if isinstance(node, Clause)
    ]
    # Groups refer to the columns computed before them (DuckDB's lateral column aliases),
    # children first, so a nested group reads its children's results.
    groups = [
        f"{_node_sql(node, path, columns)} AS {columns[path]}"
        for path, node in reversed(found)
        if not isinstance(node, Clause)
    ]
    inner = f"SELECT uscc, {', '.join(leaves)} FROM {table}"
    query = f"SELECT *, {', '.join(groups)} FROM ({inner})" if groups else inner
    return [path for path, _ in found], query


def rule_sql(key: str, rule: Rule, table: str) -> str:
    """Return ``SELECT key, uscc, result, clauses`` of one rule, ``clauses`` as JSON text."""
    paths, query = _node_columns(rule, table)
    parts = []
    for index, path in enumerate(paths):
        prefix = "'{" if index == 0 else "'\","
        parts.append(f"{prefix}{json.dumps(path)}:\"' || {_result(f'n{index}')}")
    clauses = " || ".join(parts) + " || '\"}'"
    return (
        f"SELECT {literal(key)} AS key, uscc, {_result('n0')} AS result,"
        f" {clauses} AS clauses FROM ({query})"
    )


def coded_rule_sql(key: str, rule: Rule, table: str) -> str:
    """Return ``SELECT key, uscc, result, clauses`` of one rule, ``clauses`` as a BIGINT: node
    ``i``'s result is digit ``i`` in base 3 (0 met, 1 not met, 2 unknown; see ``decode``).

    Sixteen times smaller than the JSON text: 200 policies × 100,000 enterprises are 20
    million rows, and writing them is most of a full evaluation's time.
    """
    paths, query = _node_columns(rule, table)
    code = " + ".join(
        f"{3**index}::BIGINT * CASE n{index} WHEN TRUE THEN 0 WHEN FALSE THEN 1 ELSE 2 END"
        for index in range(len(paths))
    )
    return (
        f"SELECT {literal(key)} AS key, uscc, {_result('n0')} AS result,"
        f" CAST({code} AS BIGINT) AS clauses FROM ({query})"
    )


def decode(rule: Rule, code: int) -> dict[str, Result]:
    """Return every node's result by path from a ``clauses`` code of ``evaluate_into``."""
    found: dict[str, Result] = {}
    for path, _ in nodes(rule):
        found[path] = CODED[code % 3]
        code //= 3
    return found


def evaluation_sql(rules: Mapping[str, Rule], table: str, *, coded: bool = False) -> str:
    """Return the query of every rule's results (``key, uscc, result, clauses``)."""
    one = coded_rule_sql if coded else rule_sql
    return " UNION ALL ".join(one(key, rule, table) for key, rule in rules.items())


def evaluate_all(
    con: duckdb.DuckDBPyConnection, rules: Mapping[str, Rule], table: str = "rules.enterprise_facts"
) -> list[tuple[str, str, str, str]]:
    """Return ``(key, uscc, result, clauses_json)`` for every rule and enterprise of ``table``.

    For many enterprises and rules prefer ``evaluate_into``, which keeps them in the lake.
    """
    if not rules:
        return []
    query = evaluation_sql(rules, table)
    rows = con.execute(f"{query} ORDER BY key, uscc").fetchall()
    return [(str(key), str(uscc), str(result), str(clauses)) for key, uscc, result, clauses in rows]


def evaluate_into(
    con: duckdb.DuckDBPyConnection,
    rules: Mapping[str, Rule],
    *,
    into: str,
    table: str = "rules.enterprise_facts",
    replace: bool = False,
) -> int:
    """Write the rules' results into the lake table ``into`` and return the rows written.

    ``into`` has ``key, uscc, result, clauses``: ``clauses`` is a code that ``decode`` turns
    into every node's result by path (the JSON of ``evaluate_all``, kept small). With
    ``replace`` the table holds exactly these rules' results afterwards; otherwise only the
    rows of these keys are replaced (one changed policy: its rows, nothing else).
    """
    keys = [list(rules)]
    if replace or not rules:
        con.execute(f"CREATE OR REPLACE TABLE {into} ({RESULTS_COLUMNS})")
    else:
        con.execute(f"CREATE TABLE IF NOT EXISTS {into} ({RESULTS_COLUMNS})")
        con.execute(f"DELETE FROM {into} WHERE list_contains(?::VARCHAR[], key)", keys)
    if not rules:
        return 0
    con.execute(f"INSERT INTO {into} {evaluation_sql(rules, table, coded=True)}")
    found = con.execute(
        f"SELECT count(*) FROM {into} WHERE list_contains(?::VARCHAR[], key)", keys
    ).fetchone()
    return int(found[0]) if found else 0


def rule_expression(rule: Rule) -> str:
    """Return a rule as one boolean SQL expression: TRUE met, FALSE not met, NULL unknown."""
    if isinstance(rule, Clause):
        return clause_sql(rule)
    if isinstance(rule, Not):
        return f"(NOT {rule_expression(rule.item)})"
    joiner = " AND " if isinstance(rule, AllOf) else " OR "
    return "(" + joiner.join(rule_expression(item) for item in rule.items) + ")"


def count_all(
    con: duckdb.DuckDBPyConnection, rules: Mapping[str, Rule], table: str = "rules.enterprise_facts"
) -> dict[str, dict[str, int]]:
    """Return every rule's number of enterprises by result, in one scan of ``table``."""
    if not rules:
        return {}
    keys = list(rules)
    parts = []
    for key in keys:
        expression = rule_expression(rules[key])
        parts.append(
            f"count(*) FILTER (WHERE {expression}), count(*) FILTER (WHERE NOT {expression})"
        )
    found = con.execute(f"SELECT count(*), {', '.join(parts)} FROM {table}").fetchone()
    assert found is not None
    total = int(found[0])
    counts = {}
    for index, key in enumerate(keys):
        met, not_met = int(found[1 + 2 * index]), int(found[2 + 2 * index])
        counts[key] = {"met": met, "not_met": not_met, "unknown": total - met - not_met}
    return counts
