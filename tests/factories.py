"""Small builders of organisations and users through the real actions."""

from __future__ import annotations

from itertools import count

from sqlalchemy.orm import Session

from industry_brain.accounts import actions
from industry_brain.accounts.models import Organisation, User
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import OrganisationCreate, UserCreate
from industry_brain.db import Database
from industry_brain.enterprise.uscc import check_character

PASSWORD = "Correct-Horse-42"
_serial = count(1)


def make_uscc(serial: int) -> str:
    """Return a valid 统一社会信用代码 built from a serial number."""
    body = f"91330100MA{serial:07d}"
    return body + check_character(body)


def make_org(
    db: Session, *, name: str | None = None, org_type: OrgType = OrgType.ENTERPRISE
) -> Organisation:
    """Create an organisation (an enterprise by default, with a valid code)."""
    serial = next(_serial)
    uscc = make_uscc(serial) if org_type is OrgType.ENTERPRISE else None
    data = OrganisationCreate(
        name=name or f"测试机构{serial}", org_type=org_type, uscc=uscc, region_code="330100"
    )
    return actions.do_create_organisation(db, actor=Principal.system("test"), data=data)


def make_user(
    db: Session,
    *,
    org: Organisation,
    username: str | None = None,
    roles: tuple[Role, ...] = (Role.MEMBER,),
    password: str = PASSWORD,
) -> User:
    """Create a user who does not have to change the password first."""
    data = UserCreate(
        org_id=org.id,
        username=username or f"user{next(_serial)}",
        display_name="测试用户",
        password=password,
        roles=list(roles),
    )
    user, _ = actions.do_create_user(
        db, actor=Principal.system("test"), data=data, must_change_password=False
    )
    return user


def create_organisations_concurrently(database: Database, *, count: int, threads: int = 8) -> None:
    """Create ``count`` government organisations from ``threads`` threads at once."""
    from concurrent.futures import ThreadPoolExecutor

    def create(index: int) -> None:
        with database.writer() as session:
            data = OrganisationCreate(name=f"并发机构{index}", org_type=OrgType.GOVERNMENT)
            actions.do_create_organisation(session, actor=Principal.system("test"), data=data)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(create, range(count)))
