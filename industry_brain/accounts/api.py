"""JSON API of accounts: tokens, organisations, users and roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Response

from industry_brain.accounts import actions, push_token_actions
from industry_brain.accounts import service as accounts
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import (
    MeOut,
    OrganisationCreate,
    OrganisationOut,
    OrganisationUpdate,
    PasswordChange,
    PushTokenCreate,
    PushTokenCreated,
    PushTokenOut,
    RoleGrant,
    TokenOut,
    UserCreate,
    UserCreated,
    UserOut,
    UserUpdate,
)
from industry_brain.web.deps import ApiUser, DbDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post("/auth/token", response_model=TokenOut, tags=["auth"])
def issue_token(
    db: DbDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
) -> TokenOut:
    """Exchange a username and password for a bearer token."""
    token, _ = actions.do_login(
        db, settings=settings, username=username, password=password, kind="api"
    )
    return TokenOut(access_token=token, expires_in=settings.session_idle_minutes * 60)


@router.post("/auth/logout", status_code=204, tags=["auth"])
def revoke_token(db: DbDep, principal: ApiUser) -> Response:
    """Revoke the bearer token used for this request."""
    actions.do_logout(db, actor=principal)
    return Response(status_code=204)


@router.get("/auth/me", response_model=MeOut, tags=["auth"])
def me(db: DbDep, principal: ApiUser) -> MeOut:
    """Return the caller and their organisation."""
    user = accounts.get_user_by_username(db, username=principal.username)
    organisation = accounts.own_organisation(db, principal=principal)
    assert user is not None and organisation is not None
    return MeOut(
        user=accounts.user_out(user), organisation=OrganisationOut.model_validate(organisation)
    )


@router.post("/auth/password", status_code=204, tags=["auth"])
def change_password(db: DbDep, principal: ApiUser, body: PasswordChange) -> Response:
    """Change the caller's own password."""
    actions.do_change_own_password(
        db, actor=principal, current_password=body.current_password, new_password=body.new_password
    )
    return Response(status_code=204)


@router.get("/accounts/organisations", response_model=list[OrganisationOut])
def list_organisations(
    db: DbDep,
    principal: ApiUser,
    q: Annotated[str | None, Query(max_length=100)] = None,
    org_type: OrgType | None = None,
) -> list[OrganisationOut]:
    """List the organisations the caller may see."""
    orgs = accounts.list_organisations(db, principal=principal, query=q, org_type=org_type)
    return [OrganisationOut.model_validate(org) for org in orgs]


@router.post("/accounts/organisations", response_model=OrganisationOut, status_code=201)
def create_organisation(db: DbDep, principal: ApiUser, body: OrganisationCreate) -> OrganisationOut:
    """Create an organisation (system admin)."""
    org = actions.do_create_organisation(db, actor=principal, data=body)
    return OrganisationOut.model_validate(org)


@router.get("/accounts/organisations/{org_id}", response_model=OrganisationOut)
def get_organisation(db: DbDep, principal: ApiUser, org_id: int) -> OrganisationOut:
    """Return one organisation."""
    org = accounts.get_organisation(db, principal=principal, org_id=org_id)
    return OrganisationOut.model_validate(org)


@router.patch("/accounts/organisations/{org_id}", response_model=OrganisationOut)
def update_organisation(
    db: DbDep, principal: ApiUser, org_id: int, body: OrganisationUpdate
) -> OrganisationOut:
    """Rename, re-seat or (de)activate an organisation."""
    org = actions.do_update_organisation(db, actor=principal, org_id=org_id, data=body)
    return OrganisationOut.model_validate(org)


@router.get("/accounts/organisations/{org_id}/users", response_model=list[UserOut])
def list_users(db: DbDep, principal: ApiUser, org_id: int) -> list[UserOut]:
    """List the users of an organisation."""
    return [
        accounts.user_out(u) for u in accounts.list_users(db, principal=principal, org_id=org_id)
    ]


@router.post("/accounts/users", response_model=UserCreated, status_code=201)
def create_user(db: DbDep, principal: ApiUser, body: UserCreate) -> UserCreated:
    """Create a user; a generated password is returned once."""
    user, generated = actions.do_create_user(db, actor=principal, data=body)
    return UserCreated(user=accounts.user_out(user), generated_password=generated)


@router.get("/accounts/users/{user_id}", response_model=UserOut)
def get_user(db: DbDep, principal: ApiUser, user_id: int) -> UserOut:
    """Return one user."""
    return accounts.user_out(accounts.get_user(db, principal=principal, user_id=user_id))


@router.patch("/accounts/users/{user_id}", response_model=UserOut)
def update_user(db: DbDep, principal: ApiUser, user_id: int, body: UserUpdate) -> UserOut:
    """Change a user's display name or (de)activate the account."""
    user = actions.do_update_user(db, actor=principal, user_id=user_id, data=body)
    return accounts.user_out(user)


@router.post("/accounts/users/{user_id}/roles", response_model=UserOut)
def grant_role(db: DbDep, principal: ApiUser, user_id: int, body: RoleGrant) -> UserOut:
    """Grant a role (security admin); 三权分立 conflicts are refused with 409."""
    user = actions.do_grant_role(db, actor=principal, user_id=user_id, role=body.role)
    return accounts.user_out(user)


@router.delete("/accounts/users/{user_id}/roles/{role}", response_model=UserOut)
def revoke_role(db: DbDep, principal: ApiUser, user_id: int, role: Role) -> UserOut:
    """Revoke a role (security admin)."""
    user = actions.do_revoke_role(db, actor=principal, user_id=user_id, role=role)
    return accounts.user_out(user)


@router.post("/accounts/users/{user_id}/unlock", response_model=UserOut)
def unlock_user(db: DbDep, principal: ApiUser, user_id: int) -> UserOut:
    """Lift a lockout (security admin)."""
    return accounts.user_out(actions.do_unlock_user(db, actor=principal, user_id=user_id))


@router.post("/accounts/users/{user_id}/reset-password", response_model=UserCreated)
def reset_password(db: DbDep, principal: ApiUser, user_id: int) -> UserCreated:
    """Set a generated password that must be changed at next login."""
    user, password = actions.do_reset_password(db, actor=principal, user_id=user_id)
    return UserCreated(user=accounts.user_out(user), generated_password=password)


@router.get("/accounts/push-tokens", response_model=list[PushTokenOut], tags=["push-tokens"])
def list_push_tokens(db: DbDep, principal: ApiUser) -> list[PushTokenOut]:
    """List the push tokens of the caller's enterprise with created, last used and expiry."""
    return [accounts.push_token_out(t) for t in accounts.list_push_tokens(db, principal=principal)]


@router.post(
    "/accounts/push-tokens",
    response_model=PushTokenCreated,
    status_code=201,
    tags=["push-tokens"],
)
def create_push_token(db: DbDep, principal: ApiUser, body: PushTokenCreate) -> PushTokenCreated:
    """Create a push token (org admin of an enterprise); its secret is returned once.

    The token may only call ``POST /api/v1/warehouse/push/{standard}`` for the enterprise's
    own 统一社会信用代码, until it expires (default 90 days, at most 365) or is revoked.
    """
    token, secret = push_token_actions.do_create_push_token(db, actor=principal, data=body)
    return PushTokenCreated(token=accounts.push_token_out(token), secret=secret)


@router.delete(
    "/accounts/push-tokens/{token_id}", response_model=PushTokenOut, tags=["push-tokens"]
)
def revoke_push_token(db: DbDep, principal: ApiUser, token_id: int) -> PushTokenOut:
    """Revoke a push token of the caller's enterprise; pushes with it are refused from then on."""
    token = push_token_actions.do_revoke_push_token(db, actor=principal, token_id=token_id)
    return accounts.push_token_out(token)
