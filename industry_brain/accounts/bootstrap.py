"""First-run setup: the operator organisation, its three separate admins (三权分立) and a
data admin who loads the warehouse.

No default credentials exist: passwords are generated, must be changed at first login, and
are written once to ``<data_dir>/initial_credentials.txt`` (mode 0600) for the operator to
read; the file is the operator's to delete.
"""

from __future__ import annotations

import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts import actions, service
from industry_brain.accounts.models import Organisation, User
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import ROLE_LABELS, OrgType, Role
from industry_brain.accounts.schemas import OrganisationCreate, UserCreate
from industry_brain.errors import NotFoundError
from industry_brain.settings import Settings

CREDENTIALS_FILE = "initial_credentials.txt"
OPERATOR_NAME = "平台运营方"
INITIAL_ADMINS = (
    ("sysadmin", Role.SYSTEM_ADMIN),
    ("secadmin", Role.SECURITY_ADMIN),
    ("auditadmin", Role.AUDIT_ADMIN),
    ("dataadmin", Role.DATA_ADMIN),
)


def operator_organisation(db: Session) -> Organisation:
    """Return the operator organisation, creating it when missing."""
    org = db.scalar(
        select(Organisation)
        .where(Organisation.org_type == OrgType.OPERATOR.value)
        .order_by(Organisation.id)
        .limit(1)
    )
    if org is not None:
        return org
    return actions.do_create_organisation(
        db,
        actor=Principal.system(),
        data=OrganisationCreate(name=OPERATOR_NAME, org_type=OrgType.OPERATOR),
    )


def create_admin_user(
    db: Session, *, username: str, password: str | None, role: Role, display_name: str | None
) -> tuple[User, str | None]:
    """Create an admin of the operator; return it and its generated password, if any."""
    org = operator_organisation(db)
    data = UserCreate(
        org_id=org.id,
        username=username,
        display_name=display_name or ROLE_LABELS[role],
        password=password,
        roles=[role],
    )
    return actions.do_create_user(
        db, actor=Principal.system(), data=data, must_change_password=password is None
    )


def bootstrap_operator(db: Session, *, settings: Settings) -> bool:
    """Create the operator and its three admins when no user exists; return whether it did."""
    if service.has_users(db):
        return False
    lines = []
    for username, role in INITIAL_ADMINS:
        _, password = create_admin_user(
            db, username=username, password=None, role=role, display_name=None
        )
        lines.append(f"{ROLE_LABELS[role]}  用户名 {username}  初始密码 {password}")
    path = settings.data_dir / CREDENTIALS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return True


def find_organisation(db: Session, ref: str) -> Organisation:
    """Return the organisation with this id or exact name."""
    org = (
        db.get(Organisation, int(ref))
        if ref.isdigit()
        else db.scalar(select(Organisation).where(Organisation.name == ref))
    )
    if org is None:
        raise NotFoundError(f"机构“{ref}”不存在")
    return org


def pending_initial_credentials(db: Session, *, settings: Settings) -> str | None:
    """Return the initial credentials still in use; delete the file once all were changed."""
    path = settings.data_dir / CREDENTIALS_FILE
    if not path.exists():
        return None
    names = [username for username, _ in INITIAL_ADMINS]
    pending = set(
        db.scalars(
            select(User.username).where(
                User.username.in_(names), User.must_change_password.is_(True)
            )
        )
    )
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if any(f"用户名 {name} " in line for name in pending)
    ]
    if not lines:
        path.unlink()
        return None
    return "\n".join(lines)
