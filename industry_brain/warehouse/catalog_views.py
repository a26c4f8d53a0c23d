"""Pages of the data resource catalogue (数据资源目录) and column lineage."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from industry_brain.accounts.policy import require
from industry_brain.errors import NotFoundError
from industry_brain.warehouse.catalog import LAYER_LABELS, search, upstream
from industry_brain.warehouse.models import CatalogEntry, LineageEdge
from industry_brain.web.deps import DbDep, PageUser
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
    return render(
        request,
        "warehouse/entry.html",
        {
            "entry": entry,
            "fields": json.loads(entry.fields_json),
            "layers": LAYER_LABELS,
            "sources": sorted(s for s in sources if s != code),
            "targets": sorted(t for t in targets if t != code),
        },
        principal=principal,
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
