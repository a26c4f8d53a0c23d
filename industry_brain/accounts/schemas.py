"""Request and response models of the accounts API."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from industry_brain.accounts.roles import OrgType, Role
from industry_brain.enterprise.uscc import InvalidUSCCError, normalize_uscc

_FORBIDDEN_NAME_CHARS = re.compile(r"[<>\"'`;{}\\\x00-\x1f\x7f]")
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$")


def _clean_name(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("名称不能为空")
    found = _FORBIDDEN_NAME_CHARS.search(value)
    if found:
        raise ValueError(f"名称不能包含字符 {found.group()!r}")
    if "--" in value or "/*" in value:
        raise ValueError("名称不能包含 -- 或 /*")
    return value


def _clean_username(value: str) -> str:
    if not _USERNAME.match(value):
        raise ValueError("用户名为3至64位字母、数字、下划线、点或连字符，以字母或数字开头")
    return value


def _clean_uscc(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return normalize_uscc(value)
    except InvalidUSCCError as exc:
        raise ValueError(str(exc)) from exc


def _clean_region(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not re.fullmatch(r"\d{6}", value.strip()):
        raise ValueError("行政区划代码应为6位数字（GB/T 2260）")
    return value.strip()


FIELD_LABELS = {
    "name": "名称",
    "org_type": "机构类型",
    "uscc": "统一社会信用代码",
    "region_code": "行政区划代码",
    "org_id": "机构",
    "username": "用户名",
    "display_name": "姓名",
    "password": "密码",
    "roles": "角色",
    "is_active": "状态",
    "days": "有效天数",
}

Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_clean_name)]
Username = Annotated[str, AfterValidator(_clean_username)]
USCC = Annotated[str | None, AfterValidator(_clean_uscc)]
RegionCode = Annotated[str | None, AfterValidator(_clean_region)]


class StrictModel(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OrganisationCreate(StrictModel):
    """A new organisation."""

    name: Name
    org_type: OrgType
    uscc: USCC = Field(default=None, description="统一社会信用代码; required for enterprises")
    region_code: RegionCode = Field(default=None, description="GB/T 2260 code of its seat")


class OrganisationUpdate(StrictModel):
    """Changes to an organisation."""

    name: Name | None = None
    region_code: RegionCode = None
    is_active: bool | None = None


class OrganisationOut(BaseModel):
    """An organisation as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    org_type: OrgType
    uscc: str | None
    region_code: str | None
    is_active: bool
    created_at: datetime


class UserCreate(StrictModel):
    """A new user; a password is generated when none is given."""

    org_id: int
    username: Username
    display_name: Name
    password: str | None = Field(default=None, max_length=200)
    roles: list[Role] = Field(default_factory=lambda: [Role.MEMBER], max_length=5)


class UserUpdate(StrictModel):
    """Changes to a user."""

    display_name: Name | None = None
    is_active: bool | None = None


class UserOut(BaseModel):
    """A user as the API shows it (never the password hash)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    org_id: int
    username: str
    display_name: str
    is_active: bool
    roles: list[str]
    locked: bool
    must_change_password: bool
    last_login_at: datetime | None
    created_at: datetime


class UserCreated(BaseModel):
    """The created user, with the generated password shown exactly once."""

    user: UserOut
    generated_password: str | None


class RoleGrant(StrictModel):
    """A role to grant."""

    role: Role


class PasswordChange(StrictModel):
    """The caller's current and new password."""

    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class TokenOut(BaseModel):
    """An API bearer token."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds of inactivity after which the token expires")


class MeOut(BaseModel):
    """The logged-in user and what they are."""

    user: UserOut
    organisation: OrganisationOut


PUSH_TOKEN_DEFAULT_DAYS = 90
PUSH_TOKEN_MAX_DAYS = 365


class PushTokenCreate(StrictModel):
    """A new push token of the caller's enterprise."""

    name: Annotated[
        str,
        Field(min_length=1, max_length=60, description="What uses it, e.g. 'ERP 夜间推送'"),
        AfterValidator(_clean_name),
    ]
    days: int = Field(
        default=PUSH_TOKEN_DEFAULT_DAYS,
        ge=1,
        le=PUSH_TOKEN_MAX_DAYS,
        description="Days until it expires (at most 365)",
    )


class PushTokenOut(BaseModel):
    """A push token as lists show it: never its secret."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    hint: str = Field(description="The first characters of the secret, to recognise it")
    uscc: str = Field(description="The only 统一社会信用代码 it may push data for")
    scope: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    status: Literal["active", "expired", "revoked"]


class PushTokenCreated(BaseModel):
    """The created push token, with its secret shown exactly once."""

    token: PushTokenOut
    secret: str = Field(description="Send as 'Authorization: Bearer <secret>'; not stored")
