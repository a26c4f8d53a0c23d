"""Government users as the task workflows see them: whom a warning or a 招商 lead can be
assigned to, and the names to show for assignees."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation, User
from industry_brain.accounts.roles import OrgType


class Person(BaseModel):
    """A user with the name of their organisation."""

    id: int
    name: str
    organisation: str


def people_by_id(db: Session, ids: set[int]) -> dict[int, Person]:
    """Return the users with these ids, with their organisations' names."""
    if not ids:
        return {}
    rows = db.execute(
        select(User.id, User.display_name, Organisation.name)
        .join(Organisation, Organisation.id == User.org_id)
        .where(User.id.in_(ids))
    )
    return {uid: Person(id=uid, name=name, organisation=org) for uid, name, org in rows}


def government_people(db: Session) -> list[Person]:
    """Return the active users of active government organisations (who follow tasks up)."""
    rows = db.execute(
        select(User.id, User.display_name, Organisation.name)
        .join(Organisation, Organisation.id == User.org_id)
        .where(Organisation.org_type == str(OrgType.GOVERNMENT), Organisation.is_active)
        .where(User.is_active)
        .order_by(Organisation.name, User.display_name, User.id)
    )
    return [Person(id=uid, name=name, organisation=org) for uid, name, org in rows]
