"""Who is acting: a logged-in user, or the operator at the command line."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from industry_brain.accounts.roles import OrgType, Role


@dataclass(frozen=True)
class Principal:
    """The acting party of a request or command, as the policy point sees it."""

    user_id: int | None
    username: str
    org_id: int | None
    org_type: OrgType | None
    roles: frozenset[Role]
    is_system: bool = False
    session_id: int | None = None
    must_change_password: bool = False
    # A push token acts with this one policy object only (see policy.is_allowed).
    token_scope: str | None = None

    @classmethod
    def system(cls, via: str = "cli") -> Principal:
        """Return the operator acting with shell access (audited as ``cli:<os user>``)."""
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "unknown"
        return cls(
            user_id=None,
            username=f"{via}:{who}"[:64],
            org_id=None,
            org_type=None,
            roles=frozenset(),
            is_system=True,
        )
