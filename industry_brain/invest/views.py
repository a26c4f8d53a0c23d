"""Pages of 精准招商: the gaps (/invest), a gap's ranked candidates with their factor bars,
one candidate, the candidates on a map, and the weights form."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.chain.service import latest_run
from industry_brain.chain.template import all_templates
from industry_brain.codes.regions import provinces
from industry_brain.errors import ValidationFailedError
from industry_brain.invest import service
from industry_brain.invest.api import (
    NodeId,
    PageMinScore,
    PageProvince,
    TemplateId,
    Uscc,
    candidate_detail,
    candidate_page,
    gap_out,
    page_filters,
    weights_out,
)
from industry_brain.invest.map_data import map_config
from industry_brain.invest.schemas import Evaluation
from industry_brain.invest.weights_actions import do_update_weights
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render, script_json

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
SUGGESTIONS = ("补链", "强链", "延链")
_HIT_RATE = re.compile(r"^hit_rate_at_(\d+)$")


def _pct(value: object) -> str:
    return "—" if value is None else f"{100 * float(str(value)):.0f}%"


def backtest_figures(found: Evaluation | None) -> list[tuple[str, str]]:
    """Return the backtest's headline figures as (label, shown value): hit rates against a
    random order's, the median rank, the arrivals (docs/invest.md)."""
    if found is None:
        return []
    figures = found.figures
    shown: list[tuple[str, str]] = []
    for k in sorted(int(m[1]) for key in figures if (m := _HIT_RATE.match(key))):
        chance = figures.get(f"random_hit_rate_at_{k}")
        baseline = f"（随机排序 {_pct(chance)}）" if chance is not None else ""
        shown.append((f"前 {k} 名命中率", _pct(figures[f"hit_rate_at_{k}"]) + baseline))
    if "median_rank" in figures:
        median = figures["median_rank"]
        shown.append(("落地企业的排名中位数", "—" if median is None else f"{median:g}"))
    if "arrivals" in figures:
        in_pool = figures.get("arrivals_in_pool")
        where = f"，其中 {in_pool} 家当时在候选池中" if in_pool is not None else ""
        shown.append(("截止月后落地的区外企业", f"{figures['arrivals']} 家{where}"))
    return shown


@router.get("/invest", response_class=HTMLResponse)
def index_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    template: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    """Show the chains' gaps ranked by priority, each with its reason and candidates."""
    require(principal, "invest", "read")
    gaps = [gap_out(gap) for gap in service.list_gaps(db)]
    templates = list(all_templates().values())
    shown = [gap for gap in gaps if not template or gap.template_id == template]
    counts = {t.id: sum(1 for g in gaps if g.template_id == t.id) for t in templates}
    context = {
        "gaps": shown,
        "templates": templates,
        "template": template,
        "counts": counts,
        "total": len(gaps),
        "analysed": any(latest_run(db, t.id) is not None for t in templates),
        "by_suggestion": {s: sum(1 for g in shown if g.suggestion == s) for s in SUGGESTIONS},
        "can_weights": is_allowed(principal, "invest.weights", "update"),
    }
    return render(request, "invest/index.html", context, principal=principal)


@router.get("/invest/gaps/{template_id}/{node_id}", response_class=HTMLResponse)
def gap_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    template_id: TemplateId,
    node_id: NodeId,
    province: PageProvince = "",
    min_score: PageMinScore = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """Show a gap's candidates ranked by score with a bar of each factor's contribution."""
    require(principal, "invest", "read")
    region, score = page_filters(province, min_score)
    found = candidate_page(
        db, template_id, node_id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
        province=region, min_score=score,
    )  # fmt: skip
    filters = {"province": province, "min_score": min_score}
    context = {
        "found": found,
        "page": page,
        "pages": max(1, -(-found.total // PAGE_SIZE)),
        "filters": filters,
        "query": {k: v for k, v in filters.items() if v != ""},
        "provinces": provinces(),
        "factors": service.factor_definitions(),
        "figures": backtest_figures(found.evaluation),
        "unfiltered": found.total if not (province or min_score) else None,
    }
    return render(request, "invest/gap.html", context, principal=principal)


@router.get("/invest/gaps/{template_id}/{node_id}/candidates/{uscc}", response_class=HTMLResponse)
def candidate_view(
    request: Request,
    db: DbDep,
    principal: PageUser,
    template_id: TemplateId,
    node_id: NodeId,
    uscc: Uscc,
) -> Response:
    """Show a candidate's score broken into factors, the evidence and the lead form."""
    require(principal, "invest", "read")
    detail = candidate_detail(db, template_id, node_id, uscc)
    context = {
        "d": detail,
        "labels": {f.id: f.label for f in service.factor_definitions()},
        "can_lead": is_allowed(principal, "invest.lead", "create"),
        "can_profile": is_allowed(principal, "enterprise.directory", "read"),
    }
    return render(request, "invest/candidate.html", context, principal=principal)


@router.get("/invest/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    template: Annotated[str, Query(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)],
    node: Annotated[str, Query(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)],
    province: PageProvince = "",
    min_score: PageMinScore = "",
) -> Response:
    """Show a gap's candidates on the map of China, coloured by score, with the cluster."""
    require(principal, "invest", "read")
    region, score = page_filters(province, min_score)
    drawn = map_config(db, template, node, province=region, min_score=score)
    context = {"m": drawn, "config_json": script_json(drawn.model_dump(mode="json"))}
    return render(request, "invest/map.html", context, principal=principal)


def _weights_page(
    request: Request,
    db: DbDep,
    principal: Principal,
    *,
    entered: dict[str, str] | None = None,
    error: ValidationFailedError | None = None,
    notice: str | None = None,
) -> Response:
    current = weights_out(db)
    values: dict[str, Any] = entered or {f.id: f"{f.weight:g}" for f in current.factors}
    context = {
        "w": current,
        "values": values,
        "field": error.field if error else None,
        "error": error.message if error and not error.field else None,
        "field_error": error.message if error and error.field else None,
        "notice": notice,
        "can_edit": is_allowed(principal, "invest.weights", "update"),
    }
    status = 422 if error else 200
    return render(request, "invest/weights.html", context, principal=principal, status_code=status)


@router.get("/invest/weights", response_class=HTMLResponse)
def weights_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    saved: Annotated[bool, Query()] = False,
) -> Response:
    """Show the weights of the score and, to those allowed, the form to change them."""
    require(principal, "invest", "read")
    notice = "权重已保存，候选企业已按新权重排序。" if saved else None
    return _weights_page(request, db, principal, notice=notice)


@router.post("/invest/weights", response_class=HTMLResponse)
async def save_weights(request: Request, db: DbDep, principal: FormUser) -> Response:
    """Save the weights (audited); refuse bad input with the message next to its field."""
    require(principal, "invest.weights", "update")
    form = await request.form()
    entered = {f.id: str(form.get(f.id, "")).strip() for f in service.factor_definitions()}
    weights = {key: (value if value else None) for key, value in entered.items()}
    try:
        do_update_weights(db, actor=principal, weights=weights)
    except ValidationFailedError as exc:
        db.rollback()
        return _weights_page(request, db, principal, entered=entered, error=exc)
    return RedirectResponse("/invest/weights?saved=true", status_code=303)
