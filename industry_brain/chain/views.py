"""Pages of the chain: the templates, the chain graph, a node with its enterprises."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.chain import actions, service
from industry_brain.chain.api import chain_overview, get_node, list_templates
from industry_brain.errors import DomainError
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render, script_json

router = APIRouter(include_in_schema=False)


@router.get("/chain", response_class=HTMLResponse)
def index_page(request: Request, db: DbDep, principal: PageUser) -> Response:
    """List the chain templates with their 健全度."""
    templates = list_templates(db, principal)
    return render(request, "chain/index.html", {"templates": templates}, principal=principal)


@router.get("/chain/{template_id}", response_class=HTMLResponse)
def chain_page(request: Request, db: DbDep, principal: PageUser, template_id: str) -> Response:
    """Show the chain graph, 链主, node figures and suggestions."""
    require(principal, "chain", "read")
    chain = chain_overview(db, service.template_or_404(template_id))
    return render(
        request,
        "chain/chain.html",
        {"chain": chain, "chain_json": script_json(chain), "leaders": chain["leaders"]},
        principal=principal,
    )


def _node_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    template_id: str,
    node_id: str,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    template = service.template_or_404(template_id)
    node = get_node(db, principal, template_id, node_id)
    return render(
        request,
        "chain/node.html",
        {
            "template": template,
            "node": node,
            "enterprises": node["enterprises"],
            "products": template.node(node_id).products,
            "can_label": is_allowed(principal, "chain.label", "create"),
            "error": error,
        },
        principal=principal,
        status_code=status_code,
    )


@router.get("/chain/{template_id}/nodes/{node_id}", response_class=HTMLResponse)
def node_page(
    request: Request, db: DbDep, principal: PageUser, template_id: str, node_id: str
) -> Response:
    """Show a node: its figures, 链主 and enterprises with confidence and evidence."""
    return _node_page(request, db, principal, template_id, node_id)


@router.post("/chain/{template_id}/labels", response_class=HTMLResponse)
def label(
    request: Request,
    db: DbDep,
    principal: FormUser,
    template_id: str,
    uscc: Annotated[str, Form(max_length=18)],
    back: Annotated[str, Form(max_length=64)],
    node_id: Annotated[str, Form(max_length=64)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Confirm or correct an enterprise's node and return to the node page."""
    try:
        actions.do_label_enterprise(
            db,
            actor=principal,
            template_id=template_id,
            uscc=uscc,
            node_id=node_id or None,
            reason=reason,
        )
    except DomainError as exc:
        db.rollback()
        return _node_page(
            request, db, principal, template_id, back, error=exc.message, status_code=422
        )
    return RedirectResponse(f"/chain/{template_id}/nodes/{back}", status_code=303)
