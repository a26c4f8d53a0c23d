"""Industry Brain (产业大脑): the shared data platform of one industrial cluster.

The public surface is small and pinned by ``tests/test_public_api.py``. Names are imported
lazily so that ``import industry_brain`` (and ``ib --help``) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Settings", "__version__", "create_app"]

if TYPE_CHECKING:
    from industry_brain.app import create_app
    from industry_brain.settings import Settings


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from industry_brain.app import create_app

        return create_app
    if name == "Settings":
        from industry_brain.settings import Settings

        return Settings
    raise AttributeError(f"module 'industry_brain' has no attribute {name!r}")
