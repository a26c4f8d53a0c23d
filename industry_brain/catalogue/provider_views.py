"""Pages of a provider (/services/provider): its offerings with the new/edit form (each
problem shown next to its field), taking an offering down or back, and incoming requests."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.catalogue import actions
from industry_brain.catalogue.models import CATEGORIES, STATUSES, CatalogueOffering
from industry_brain.catalogue.request_service import list_requests
from industry_brain.catalogue.schemas import CaseIn, OfferingIn
from industry_brain.catalogue.service import OfferingFilter, find_offerings, get_offering
from industry_brain.catalogue.validation import OfferingInvalidError, check_offering
from industry_brain.errors import PermissionDeniedError
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
CASE_SLOTS = 3
NOTICES = {
    "created": "服务已发布。",
    "updated": "服务已保存。",
    "down": "服务已下架，不再接受新需求。",
    "up": "服务已重新上架。",
}
TextForm = Annotated[str, Form(max_length=10000)]
ListForm = Annotated[list[str], Form()]


def _own(principal: Principal) -> None:
    require(principal, "catalogue.offering", "read", target_org_id=principal.org_id)
    require(principal, "catalogue.request", "update", target_org_id=principal.org_id)


@router.get("/services/provider", response_class=HTMLResponse)
def provider_page(
    request: Request, db: DbDep, principal: PageUser,
    notice: Annotated[str, Query(max_length=10)] = "",
    status: Annotated[str, Query(pattern="^(待响应|已响应|进行中|已完成|已取消)?$")] = "",
) -> Response:  # fmt: skip
    """Show the provider's offerings and the requests made to it."""
    return provider_view(request, db, principal, notice=NOTICES.get(notice), status=status)


def provider_view(
    request: Request, db: Session, principal: Principal, *, notice: str | None = None,
    error: str | None = None, status: str = "", status_code: int = 200,
) -> Response:  # fmt: skip
    """Render the provider page, with a notice or an error."""
    _own(principal)
    spec = OfferingFilter(provider_org_id=principal.org_id, include_inactive=True, sort="new")
    _, offerings = find_offerings(db, spec, limit=200)
    return render(
        request, "catalogue/provider.html",
        {"offerings": offerings, "requests": list_requests(db, principal, status=status or None),
         "statuses": STATUSES, "status": status, "notice": notice, "error": error,
         "side": "provider"},
        principal=principal, status_code=status_code,
    )  # fmt: skip


def _price(text: str, field: str, problems: dict[str, str]) -> Decimal | None:
    text = text.replace(",", "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        problems[field] = "请填写数字（元），如 5000"
        return None


def _data(form: dict[str, Any]) -> tuple[OfferingIn, dict[str, str]]:
    """Return the offering the form holds and the problems of its unreadable numbers."""
    problems: dict[str, str] = {}
    cases = [CaseIn(title=t[:200], text=x[:2000])
             for t, x in zip(form["case_title"], form["case_text"], strict=False)]  # fmt: skip
    data = OfferingIn(
        title=form["title"][:500], category=form["category"][:20],
        tags=[t for t in re.split(r"[,，、;；\s]+", form["tags"]) if t][:50],
        description=form["description"], price_unit=form["price_unit"][:50],
        price_min=_price(form["price_min"], "price_min", problems),
        price_max=_price(form["price_max"], "price_max", problems),
        cases=cases[:50], active=True,
    )  # fmt: skip
    return data, problems


def _form_page(
    request: Request, principal: Principal, form: dict[str, Any], *, offering_id: int | None,
    problems: dict[str, str] | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    slots = max(CASE_SLOTS, len(form["case_title"]) + 1)
    form = {**form, "case_title": [*form["case_title"], *[""] * slots][:slots],
            "case_text": [*form["case_text"], *[""] * slots][:slots]}  # fmt: skip
    return render(
        request, "catalogue/offering_form.html",
        {"form": form, "offering_id": offering_id, "problems": problems or {},
         "categories": CATEGORIES},
        principal=principal, status_code=status_code,
    )  # fmt: skip


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}".removesuffix(".00")


def _form_of(offering: CatalogueOffering | None) -> dict[str, Any]:
    if offering is None:
        return {"title": "", "category": "", "tags": "", "description": "", "price_min": "",
                "price_max": "", "price_unit": "元/项目", "case_title": [],
                "case_text": []}  # fmt: skip
    cases = json.loads(offering.cases)
    return {
        "title": offering.title, "category": offering.category,
        "tags": "、".join(json.loads(offering.tags)), "description": offering.description,
        "price_min": _number(offering.price_min), "price_max": _number(offering.price_max),
        "price_unit": offering.price_unit, "case_title": [c["title"] for c in cases],
        "case_text": [c["text"] for c in cases],
    }  # fmt: skip


@router.get("/services/provider/offerings/new", response_class=HTMLResponse)
def new_page(request: Request, principal: PageUser) -> Response:
    """Show the empty offering form."""
    _own(principal)
    return _form_page(request, principal, _form_of(None), offering_id=None)


@router.get("/services/provider/offerings/{offering_id:int}/edit", response_class=HTMLResponse)
def edit_page(request: Request, db: DbDep, principal: PageUser, offering_id: int) -> Response:
    """Show an offering's form filled in."""
    offering = get_offering(db, offering_id)
    require(principal, "catalogue.offering", "update", target_org_id=offering.provider_org_id)
    return _form_page(request, principal, _form_of(offering), offering_id=offering_id)


def _save(
    request: Request, db: Session, principal: Principal, form: dict[str, Any],
    offering_id: int | None,
) -> Response:  # fmt: skip
    data, problems = _data(form)
    try:
        if problems:
            check_offering(data)
            raise OfferingInvalidError(problems)
        if offering_id is None:
            actions.do_create_offering(db, actor=principal, data=data)
        else:
            keep = get_offering(db, offering_id).active
            data = data.model_copy(update={"active": keep})
            actions.do_update_offering(db, actor=principal, offering_id=offering_id, data=data)
    except OfferingInvalidError as exc:
        db.rollback()
        return _form_page(request, principal, form, offering_id=offering_id,
                          problems={**exc.problems, **problems}, status_code=422)  # fmt: skip
    notice = "created" if offering_id is None else "updated"
    return RedirectResponse(f"/services/provider?notice={notice}", status_code=303)


@router.post("/services/provider/offerings", response_class=HTMLResponse)
def create(
    request: Request, db: DbDep, principal: FormUser, title: TextForm = "",
    category: TextForm = "", tags: TextForm = "", description: TextForm = "",
    price_min: TextForm = "", price_max: TextForm = "", price_unit: TextForm = "",
    case_title: ListForm = [], case_text: ListForm = [],  # noqa: B006
) -> Response:  # fmt: skip
    """List a new offering, or show the form with each problem next to its field."""
    form = {k: v for k, v in locals().items() if k not in ("request", "db", "principal")}
    return _save(request, db, principal, form, None)


@router.post("/services/provider/offerings/{offering_id:int}", response_class=HTMLResponse)
def update(
    request: Request, db: DbDep, principal: FormUser, offering_id: int, title: TextForm = "",
    category: TextForm = "", tags: TextForm = "", description: TextForm = "",
    price_min: TextForm = "", price_max: TextForm = "", price_unit: TextForm = "",
    case_title: ListForm = [], case_text: ListForm = [],  # noqa: B006
) -> Response:  # fmt: skip
    """Save an offering, or show the form with each problem next to its field."""
    form = {k: v for k, v in locals().items()
            if k not in ("request", "db", "principal", "offering_id")}  # fmt: skip
    return _save(request, db, principal, form, offering_id)


@router.post("/services/provider/offerings/{offering_id:int}/active", response_class=HTMLResponse)
def toggle(
    db: DbDep, principal: FormUser, offering_id: int,
    active: Annotated[str, Form(pattern="^(0|1)$")] = "0",
) -> Response:  # fmt: skip
    """Take an offering down (active=0) or put it back (active=1)."""
    if principal.org_id is None:
        raise PermissionDeniedError("只有服务机构可以管理服务")
    actions.do_set_active(db, actor=principal, offering_id=offering_id, active=active == "1")
    notice = "up" if active == "1" else "down"
    return RedirectResponse(f"/services/provider?notice={notice}", status_code=303)
