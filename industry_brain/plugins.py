"""The plugin manager: default plugins first, then those installed by entry point."""

from __future__ import annotations

from functools import lru_cache

import pluggy

from industry_brain.hookspecs import IndustryBrainSpec

DEFAULT_PLUGINS = (
    "industry_brain.web.plugin",
    "industry_brain.accounts.plugin",
    "industry_brain.audit.plugin",
    "industry_brain.warehouse.plugin",
    "industry_brain.enterprise.plugin",
    "industry_brain.chain.plugin",
    "industry_brain.cockpit.plugin",
    "industry_brain.maps.plugin",
    "industry_brain.portal.plugin",
    "industry_brain.monitor.plugin",
    "industry_brain.relocation.plugin",
    "industry_brain.alerts.plugin",
    "industry_brain.invest.plugin_engine",
    "industry_brain.invest.plugin_leads",
    "industry_brain.invest.plugin_pages",
    "industry_brain.rules.plugin",
    "industry_brain.diagnosis.plugin",
    "industry_brain.catalogue.plugin",
    "industry_brain.policies.plugin",
    "industry_brain.notifications.plugin",
    "industry_brain.evaluation.plugin",
)


@lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    """Return the plugin manager with every default and installed plugin registered."""
    import importlib

    manager = pluggy.PluginManager("industry_brain")
    manager.add_hookspecs(IndustryBrainSpec)
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    manager.load_setuptools_entrypoints("industry_brain")
    return manager
