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


# Accounts the demo cluster adds so that the government and enterprise portals can be tried.
DEMO_GOVERNMENT = ("govanalyst", "常州市工业和信息化局（演示）", "产业分析员")
DEMO_ENTERPRISE_ADMIN = "firmadmin"
DEMO_PROVIDER_ADMIN = "provideradmin"


def create_demo_accounts(
    db: Session,
    *,
    settings: Settings,
    region_code: str,
    enterprise: tuple[str, str] | None,
    provider: str | None = None,
) -> list[str]:
    """Create a government analyst, for the enterprise (code, name) its org admin and for the
    service provider (name) its org admin, with generated passwords to change at first login;
    append their lines to the credentials file and return them. An account that exists is
    left alone."""
    username, org_name, display = DEMO_GOVERNMENT
    government = OrganisationCreate(
        name=org_name, org_type=OrgType.GOVERNMENT, region_code=region_code
    )
    lines = []
    if password := _demo_user(db, username, government, display, Role.MEMBER):
        lines.append(f"演示·政府部门  用户名 {username}  初始密码 {password}")
    if enterprise is not None:
        uscc, name = enterprise
        firm = OrganisationCreate(name=name, org_type=OrgType.ENTERPRISE, uscc=uscc)
        if password := _demo_user(db, DEMO_ENTERPRISE_ADMIN, firm, "企业管理员", Role.ORG_ADMIN):
            lines.append(
                f"演示·企业（{name}）  用户名 {DEMO_ENTERPRISE_ADMIN}  初始密码 {password}"
            )
    if provider is not None:
        org = OrganisationCreate(name=provider, org_type=OrgType.PROVIDER)
        if password := _demo_user(db, DEMO_PROVIDER_ADMIN, org, "服务机构管理员", Role.ORG_ADMIN):
            lines.append(
                f"演示·服务机构（{provider}）  用户名 {DEMO_PROVIDER_ADMIN}  初始密码 {password}"
            )
    _append_credentials(settings, lines)
    return lines


def _demo_user(
    db: Session, username: str, organisation: OrganisationCreate, display: str, role: Role
) -> str | None:
    """Create the user (and its organisation if missing); return its generated password."""
    if db.scalar(select(User.id).where(User.username == username)) is not None:
        return None
    actor = Principal.system("demo")
    org = db.scalar(select(Organisation).where(Organisation.name == organisation.name))
    if org is None:
        org = actions.do_create_organisation(db, actor=actor, data=organisation)
    data = UserCreate(org_id=org.id, username=username, display_name=display, roles=[role])
    _, password = actions.do_create_user(db, actor=actor, data=data, must_change_password=True)
    return password


def _append_credentials(settings: Settings, lines: list[str]) -> None:
    if not lines:
        return
    path = settings.data_dir / CREDENTIALS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


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
    names += [DEMO_GOVERNMENT[0], DEMO_ENTERPRISE_ADMIN]
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
