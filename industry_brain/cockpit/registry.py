"""The panels plugins register, in order, and those a principal may see."""

from __future__ import annotations

from industry_brain.accounts.principal import Principal
from industry_brain.errors import NotFoundError
from industry_brain.hookspecs import CockpitPanel


def all_panels() -> list[CockpitPanel]:
    """Return every registered panel, in their order."""
    from industry_brain.plugins import plugin_manager

    found = [panel for panels in plugin_manager().hook.ib_cockpit_panels() for panel in panels]
    return sorted(found, key=lambda panel: (panel.order, panel.id))


def visible_panels(principal: Principal) -> list[CockpitPanel]:
    """Return the panels this principal may see."""
    return [panel for panel in all_panels() if panel.visible(principal)]


def get_panel(principal: Principal, panel_id: str) -> CockpitPanel:
    """Return a visible panel by id, or raise NotFoundError."""
    for panel in visible_panels(principal):
        if panel.id == panel_id:
            return panel
    raise NotFoundError(f"没有面板“{panel_id}”")
