"""Home page and health check."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from industry_brain.accounts import service as accounts
from industry_brain.web.deps import DbDep, PageUser
from industry_brain.web.templating import render, visible_nav

router = APIRouter()


@router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    """Answer that the process is up."""
    return {"status": "ok"}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, principal: PageUser, db: DbDep) -> HTMLResponse:
    """Show the user's organisation, roles and the functions they can open."""
    organisation = accounts.own_organisation(db, principal=principal)
    features = [item for item in visible_nav(principal) if item.href != "/"]
    overview = accounts.overview(db, principal=principal)
    return render(
        request,
        "home.html",
        {"organisation": organisation, "features": features, "overview": overview},
        principal=principal,
    )
