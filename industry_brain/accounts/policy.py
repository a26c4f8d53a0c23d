"""The single policy point: every access decision is made here, by pycasbin.

Permissions are data (``policy.csv`` over ``rbac_model.conf``). A request is allowed when
any role of the principal allows it. ``scope`` is ``own`` when the target object belongs
to the principal's organisation, so tenant isolation is a property of the policy file:
only rows with scope ``any`` reach other organisations' objects.

A principal acting through a push token carries a ``token_scope``: whatever its roles allow,
it is refused every object but that one, so a leaked ERP token can push data and nothing else.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from industry_brain.accounts.principal import Principal
from industry_brain.errors import PermissionDeniedError

_HERE = Path(__file__).parent


@lru_cache(maxsize=1)
def _enforcer() -> Any:
    import casbin

    # pycasbin logs every refused request at WARNING, once per role tried; refusals that
    # matter are written to the audit log instead.
    logging.getLogger("casbin").setLevel(logging.ERROR)
    policy = _HERE / "policy.csv"
    return casbin.Enforcer(str(_HERE / "rbac_model.conf"), str(policy))


def is_allowed(
    principal: Principal, obj: str, act: str, *, target_org_id: int | None = None
) -> bool:
    """Return whether the principal may do ``act`` on ``obj`` (of ``target_org_id``)."""
    if principal.is_system:
        return True
    if principal.org_type is None:
        return False
    if principal.token_scope is not None and obj != principal.token_scope:
        return False
    scope = "own" if target_org_id is not None and target_org_id == principal.org_id else "any"
    org_type = str(principal.org_type)
    return any(_decide(str(role), org_type, obj, act, scope) for role in principal.roles)


_ENFORCE_LOCK = threading.Lock()


@lru_cache(maxsize=4096)
def _decide(role: str, org_type: str, obj: str, act: str, scope: str) -> bool:
    """Return casbin's decision; the policy is fixed at run time, so decisions are cached.

    pycasbin parses its matcher with ``ast`` on every call, which is slow and not safe from
    several threads at once (CPython gh-106905), hence the lock on a cache miss.
    """
    with _ENFORCE_LOCK:
        return bool(_enforcer().enforce(role, org_type, obj, act, scope))


def require(principal: Principal, obj: str, act: str, *, target_org_id: int | None = None) -> None:
    """Raise PermissionDeniedError unless the principal may do ``act`` on ``obj``."""
    if not is_allowed(principal, obj, act, target_org_id=target_org_id):
        raise PermissionDeniedError(f"无权执行此操作（{obj}:{act}）")
