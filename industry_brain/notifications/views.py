"""The /notifications page (消息通知) with mark-read, and its small JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from industry_brain.notifications.actions import do_mark_read
from industry_brain.notifications.service import list_notifications, unread_count
from industry_brain.web.deps import ApiUser, DbDep, FormUser, PageUser
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])


@router.get("/notifications", response_class=HTMLResponse)
def notifications_page(request: Request, db: DbDep, principal: PageUser) -> Response:
    """Show the user's notifications, unread first marked, newest first."""
    return render(
        request,
        "notifications/index.html",
        {"items": list_notifications(db, principal), "unread": unread_count(db, principal)},
        principal=principal,
    )


@router.post("/notifications/read", response_class=HTMLResponse)
def mark_read(
    db: DbDep, principal: FormUser, notification_id: Annotated[str, Form(max_length=12)] = ""
) -> Response:
    """Mark one notification (or all) read and go where it leads, or back to the list."""
    one = int(notification_id) if notification_id.isdigit() else None
    do_mark_read(db, actor=principal, notification_id=one)
    return RedirectResponse("/notifications", status_code=303)


class NotificationOut(BaseModel):
    """A notification as the API returns it."""

    id: int
    kind: str
    title: str
    link: str
    created_at: str
    read: bool


class NotificationPage(BaseModel):
    """The user's notifications and the unread count."""

    unread: int
    items: list[NotificationOut]


@api.get("")
def list_mine(db: DbDep, principal: ApiUser) -> NotificationPage:
    """List the caller's notifications, newest first, with the unread count."""
    items = [
        NotificationOut(
            id=n.id,
            kind=n.kind,
            title=n.title,
            link=n.link,
            created_at=n.created_at.isoformat(),
            read=n.read_at is not None,
        )  # fmt: skip
        for n in list_notifications(db, principal)
    ]
    return NotificationPage(unread=unread_count(db, principal), items=items)


@api.post("/{notification_id:int}/read")
def read_one(db: DbDep, principal: ApiUser, notification_id: int) -> dict[str, int]:
    """Mark one of the caller's notifications read."""
    return {"changed": do_mark_read(db, actor=principal, notification_id=notification_id)}
