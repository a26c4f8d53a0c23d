"""Organisation types and roles, with their Chinese names.

三权分立: the three operator roles ``system_admin`` (accounts and organisations),
``security_admin`` (role grants, unlocking) and ``audit_admin`` (audit log only) are
mutually exclusive; no user may hold two of them.
"""

from __future__ import annotations

from enum import StrEnum


class OrgType(StrEnum):
    """The kinds of organisation that use one industry brain."""

    OPERATOR = "operator"
    GOVERNMENT = "government"
    ENTERPRISE = "enterprise"
    PROVIDER = "provider"
    BANK = "bank"
    DATA_PARTY = "data_party"


class Role(StrEnum):
    """Roles a user may hold; permissions are in ``policy.csv``."""

    SYSTEM_ADMIN = "system_admin"
    SECURITY_ADMIN = "security_admin"
    AUDIT_ADMIN = "audit_admin"
    DATA_ADMIN = "data_admin"
    ORG_ADMIN = "org_admin"
    MEMBER = "member"


ORG_TYPE_LABELS = {
    OrgType.OPERATOR: "运营方",
    OrgType.GOVERNMENT: "政府部门",
    OrgType.ENTERPRISE: "企业",
    OrgType.PROVIDER: "服务机构",
    OrgType.BANK: "金融机构",
    OrgType.DATA_PARTY: "数据方",
}

ROLE_LABELS = {
    Role.SYSTEM_ADMIN: "系统管理员",
    Role.SECURITY_ADMIN: "安全管理员",
    Role.AUDIT_ADMIN: "审计管理员",
    Role.DATA_ADMIN: "数据管理员",
    Role.ORG_ADMIN: "机构管理员",
    Role.MEMBER: "普通用户",
}

EXCLUSIVE_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
OPERATOR_ONLY_ROLES = EXCLUSIVE_ROLES | {Role.DATA_ADMIN}


def check_role_allowed(*, role: Role, org_type: OrgType, held: set[Role]) -> str | None:
    """Return why ``role`` cannot be added to a user of ``org_type`` holding ``held``, or None."""
    if role in OPERATOR_ONLY_ROLES and org_type is not OrgType.OPERATOR:
        return f"“{ROLE_LABELS[role]}”只能授予运营方用户"
    clash = (held & EXCLUSIVE_ROLES) - {role}
    if role in EXCLUSIVE_ROLES and clash:
        other = ROLE_LABELS[next(iter(sorted(clash)))]
        return f"三权分立：“{ROLE_LABELS[role]}”与“{other}”不能由同一用户担任"
    return None
