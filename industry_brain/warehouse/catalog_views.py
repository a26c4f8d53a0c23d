"""Pages of the data resource catalogue (数据资源目录) and column lineage."""

from __future__ import annotations

import json
from typing import Annotated
from urllib.parse import quote as url_quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from industry_brain.accounts.policy import require
from industry_brain.audit import service as audit
from industry_brain.errors import NotFoundError
from industry_brain.warehouse.catalog import LAYER_LABELS, search, upstream
from industry_brain.warehouse.classification import KINDS, MIIT_LEVELS, export_rule
from industry_brain.warehouse.export import export_entry, masks_for, may_export
from industry_brain.warehouse.models import CatalogEntry, LineageEdge
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/catalog", response_class=HTMLResponse)
def catalog_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    q: Annotated[str | None, Query(max_length=100)] = None,
    layer: Annotated[str | None, Query(max_length=16)] = None,
) -> Response:
    """Search the catalogue by name, description or field."""
    require(principal, "warehouse.catalog", "read")
    entries = search(db, query=q or None, layer=layer or None)
    return render(
        request,
        "warehouse/catalog.html",
        {
            "entries": entries,
            "q": q or "",
            "layer": layer or "",
            "layers": LAYER_LABELS,
        },
        principal=principal,
    )


@router.get("/catalog/{code}", response_class=HTMLResponse)
def entry_page(request: Request, db: DbDep, principal: PageUser, code: str) -> Response:
    """Show one resource: its facts, fields and the tables it comes from and feeds."""
    require(principal, "warehouse.catalog", "read")
    entry = db.get(CatalogEntry, code)
    if entry is None:
        raise NotFoundError("目录中没有该数据资源")
    sources = db.scalars(
        select(LineageEdge.source_table).distinct().where(LineageEdge.target_table == code)
    ).all()
    targets = db.scalars(
        select(LineageEdge.target_table).distinct().where(LineageEdge.source_table == code)
    ).all()
    fields = json.loads(entry.fields_json)
    rule = export_rule(entry.grade, entry.sharing)
    return render(
        request,
        "warehouse/entry.html",
        {
            "entry": entry,
            "fields": fields,
            "layers": LAYER_LABELS,
            "sources": sorted(s for s in sources if s != code),
            "targets": sorted(t for t in targets if t != code),
            "miit_level": MIIT_LEVELS.get(entry.grade, ""),
            "kinds": KINDS,
            "rule": rule,
            "can_export": entry.layer == "serving" and may_export(principal, rule),
            "export_note": "" if entry.layer == "serving" else "仅应用层（服务库）数据资源可导出",
            "masked": [
                f["label"] or f["name"]
                for f in fields
                if f.get("sensitive") and masks_for(principal, rule)
            ],
        },
        principal=principal,
    )


@router.post("/catalog/{code}/export")
def export_csv(
    request: Request,
    db: DbDep,
    principal: FormUser,
    code: str,
    purpose: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Export a served resource as CSV under the rule of its grade (audited)."""
    entry = db.get(CatalogEntry, code)
    if entry is None:
        raise NotFoundError("目录中没有该数据资源")
    content, rows, masked = export_entry(db, principal=principal, entry=entry, purpose=purpose)
    audit.append(
        db,
        actor=principal,
        event_type="warehouse.catalog.export",
        object_type="catalog_entry",
        object_id=code,
        detail={"rows": rows, "purpose": purpose, "masked": masked, "grade": entry.grade},
    )
    db.commit()
    name = f"{code}.csv"
    disposition = f"attachment; filename*=UTF-8''{url_quote(name)}"
    return Response(
        content, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition}
    )


@router.get("/catalog/{code}/lineage/{column}", response_class=HTMLResponse)
def lineage_page(
    request: Request, db: DbDep, principal: PageUser, code: str, column: str
) -> Response:
    """Show where a column comes from, back to the template column it was received in."""
    require(principal, "warehouse.catalog", "read")
    if db.get(CatalogEntry, code) is None:
        raise NotFoundError("目录中没有该数据资源")
    labels = {
        e.code: {f["name"]: f["label"] for f in json.loads(e.fields_json)}
        for e in db.scalars(select(CatalogEntry))
    }
    return render(
        request,
        "warehouse/lineage.html",
        {
            "code": code,
            "column": column,
            "tree": upstream(db, table=code, column=column),
            "labels": labels,
        },
        principal=principal,
    )
