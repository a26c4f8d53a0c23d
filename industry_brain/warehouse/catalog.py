"""The data resource catalogue and column lineage (A4), rebuilt after each pipeline run.

Every data standard (template), ODS table, SQLMesh model (DWD/DWS/ADS) and published serving
table is an entry with its fields, provider, update cycle, grade (一般/重要/核心) and sharing
type (无条件/有条件/不予共享). Derived tables inherit the strictest grade and sharing of the
sources they are built from. Column lineage comes from SQLMesh's parsing of the models, plus
the identity edges template → ODS and ADS → serving table.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from industry_brain.db import Database, utcnow
from industry_brain.warehouse.models import CatalogEntry, LineageEdge
from industry_brain.warehouse.pipeline.publish import PUBLISHED_PREFIX
from industry_brain.warehouse.standards import all_standards

if TYPE_CHECKING:
    import duckdb
    from sqlmesh import Context

GRADES = ("一般", "重要", "核心")
SHARING = ("无条件共享", "有条件共享", "不予共享")
LAYER_LABELS = {
    "template": "数据标准",
    "ods": "贴源层",
    "dwd": "明细层",
    "dws": "汇总层",
    "ads": "应用层",
    "serving": "服务库",
}


@dataclass
class _Entry:
    code: str
    layer: str
    name: str
    description: str = ""
    provider: str = "产业大脑（加工）"
    update_cycle: str = "每次流水线运行"
    grade: str = "一般"
    sharing: str = "无条件共享"
    row_count: int | None = None
    fields: list[dict[str, str]] = field(default_factory=list)


def build_catalog(
    *, context: Context, con: duckdb.DuckDBPyConnection, published: list[str]
) -> tuple[list[_Entry], list[tuple[str, str, str, str]]]:
    """Return the catalogue entries and lineage edges (source table, column, target, column)."""
    entries: dict[str, _Entry] = {}
    edges: list[tuple[str, str, str, str]] = []
    for standard in all_standards().values():
        fields = [
            {
                "name": c.key,
                "label": c.label,
                "type": c.type,
                "unit": c.unit or "",
                "sensitive": c.sensitive or "",
                "sensitive_by": "声明" if c.sensitive else "",
            }
            for c in standard.columns
        ]
        ods = f"ods.{standard.code}"
        for code, layer, name, rows in (
            (f"template.{standard.code}", "template", standard.name, None),
            (ods, "ods", f"{standard.name}（贴源）", _count(con, ods)),
        ):
            entries[code] = _Entry(
                code=code,
                layer=layer,
                name=name,
                description=standard.description,
                provider=standard.provider,
                update_cycle=standard.update_cycle,
                grade=standard.grade,
                sharing=standard.sharing,
                row_count=rows,
                fields=[dict(f) for f in fields],
            )
        edges += [(f"template.{standard.code}", c.key, ods, c.key) for c in standard.columns]
    for model in context.models.values():
        name = _short(model.name)
        layer = name.split(".")[0]
        if layer not in ("dwd", "dws", "ads"):
            continue
        fields = [
            {
                "name": column,
                "label": model.column_descriptions.get(column, ""),
                "type": str(kind.sql(dialect="duckdb")) if kind else "",
                "unit": "",
            }
            for column, kind in (model.columns_to_types or {}).items()
        ]
        entries[name] = _Entry(
            code=name,
            layer=layer,
            name=(model.description or name).split("：")[0],
            description=model.description or "",
            fields=fields,
            row_count=_count(con, name),
        )
        edges += _model_edges(context, model.name, name, list(model.columns_to_types or {}))
    for ads_model in published:
        source, target = f"ads.{ads_model}", f"serving.{PUBLISHED_PREFIX}{ads_model}"
        upstream = entries[source]
        entries[target] = _Entry(
            code=target,
            layer="serving",
            name=upstream.name,
            description=upstream.description,
            fields=[dict(f) for f in upstream.fields],
            row_count=upstream.row_count,
        )
        edges += [(source, f["name"], target, f["name"]) for f in upstream.fields]
    _inherit_grades(entries, edges)
    _mark_sensitive(con, entries, edges)
    return list(entries.values()), edges


def _short(model_name: str) -> str:
    return ".".join(part.strip('"') for part in model_name.split(".")[-2:])


def _model_edges(
    context: Context, full_name: str, name: str, columns: list[str]
) -> list[tuple[str, str, str, str]]:
    from sqlmesh.core.lineage import column_dependencies

    edges = []
    for column in columns:
        for parent, parent_columns in column_dependencies(context, full_name, column).items():
            edges += [(_short(parent), source, name, column) for source in sorted(parent_columns)]
    return edges


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int | None:
    try:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    except Exception:  # a table not built yet has no count
        return None
    return int(row[0]) if row else None


def _inherit_grades(entries: dict[str, _Entry], edges: list[tuple[str, str, str, str]]) -> None:
    """Give each derived table the strictest grade and sharing among its sources."""
    parents: dict[str, set[str]] = defaultdict(set)
    for source, _, target, _ in edges:
        if source != target:
            parents[target].add(source)
    order = ["template", "ods", "dwd", "dws", "ads", "serving"]
    for code in sorted(entries, key=lambda c: order.index(entries[c].layer)):
        upstream = [entries[p] for p in parents.get(code, ()) if p in entries]
        if upstream and entries[code].layer not in ("template", "ods"):
            entries[code].grade = max((e.grade for e in upstream), key=GRADES.index)
            entries[code].sharing = max((e.sharing for e in upstream), key=SHARING.index)


def _mark_sensitive(
    con: duckdb.DuckDBPyConnection,
    entries: dict[str, _Entry],
    edges: list[tuple[str, str, str, str]],
) -> None:
    """Mark personal-information fields: declared, detected in the data, or inherited.

    Layer by layer, so that a field inherits from its lineage sources once they are marked.
    """
    from industry_brain.warehouse.classification import DETECTION_SAMPLE, detect

    sources: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for source, source_column, target, target_column in edges:
        sources[target, target_column].append((source, source_column))
    kinds: dict[tuple[str, str], str] = {}
    order = ["template", "ods", "dwd", "dws", "ads", "serving"]
    for code in sorted(entries, key=lambda c: order.index(entries[c].layer)):
        entry = entries[code]
        for item in entry.fields:
            if not item.get("sensitive"):
                inherited = [kinds[s] for s in sources.get((code, item["name"]), ()) if s in kinds]
                if inherited:
                    item["sensitive"], item["sensitive_by"] = inherited[0], "血缘继承"
                elif entry.layer in ("ods", "dwd", "dws", "ads"):
                    values = _text_sample(con, code, item, DETECTION_SAMPLE)
                    found = detect(item.get("label", ""), values)
                    if found:
                        item["sensitive"], item["sensitive_by"] = found, "自动识别"
            if item.get("sensitive"):
                kinds[code, item["name"]] = item["sensitive"]


def _text_sample(
    con: duckdb.DuckDBPyConnection, table: str, field: dict[str, str], limit: int
) -> list[str]:
    """Return up to ``limit`` non-empty values of a text column (nothing for other types)."""
    if field.get("type") not in ("text", "TEXT", "VARCHAR"):
        return []
    column = '"' + field["name"].replace('"', '""') + '"'
    try:
        rows = con.execute(
            f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL LIMIT {int(limit)}"
        ).fetchall()
    except Exception:  # a table not built yet has no values
        return []
    return [str(row[0]) for row in rows]


def store_catalog(
    database: Database, entries: list[_Entry], edges: list[tuple[str, str, str, str]]
) -> None:
    """Replace the catalogue and lineage in the serving DB in one transaction."""
    now = utcnow()
    with database.writer() as db:
        db.execute(delete(LineageEdge))
        db.execute(delete(CatalogEntry))
        for e in entries:
            db.add(
                CatalogEntry(
                    code=e.code,
                    layer=e.layer,
                    name=e.name,
                    description=e.description,
                    provider=e.provider,
                    update_cycle=e.update_cycle,
                    grade=e.grade,
                    sharing=e.sharing,
                    row_count=e.row_count,
                    refreshed_at=now,
                    fields_json=json.dumps(e.fields, ensure_ascii=False),
                )
            )
        db.add_all(
            LineageEdge(source_table=s, source_column=sc, target_table=t, target_column=tc)
            for s, sc, t, tc in sorted(set(edges))
        )
        db.commit()


def search(
    db: Session, *, query: str | None = None, layer: str | None = None
) -> list[CatalogEntry]:
    """Return catalogue entries matching words in name, description or field labels."""
    stmt = select(CatalogEntry).order_by(CatalogEntry.code)
    if layer:
        stmt = stmt.where(CatalogEntry.layer == layer)
    if query:
        pattern = f"%{query}%"
        stmt = stmt.where(
            CatalogEntry.name.like(pattern)
            | CatalogEntry.description.like(pattern)
            | CatalogEntry.fields_json.like(pattern)
            | CatalogEntry.code.like(pattern)
        )
    return list(db.scalars(stmt))


def upstream(db: Session, *, table: str, column: str, depth: int = 12) -> list[dict[str, Any]]:
    """Return the lineage of a column back to its sources, as nested nodes."""
    if depth == 0:
        return []
    rows = db.execute(
        select(LineageEdge.source_table, LineageEdge.source_column)
        .where(LineageEdge.target_table == table, LineageEdge.target_column == column)
        .order_by(LineageEdge.source_table, LineageEdge.source_column)
    ).all()
    return [
        {"table": s, "column": c, "parents": upstream(db, table=s, column=c, depth=depth - 1)}
        for s, c in rows
        if (s, c) != (table, column)
    ]
