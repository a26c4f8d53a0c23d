"""Bindings: computations of indicators over the platform's own data, by id.

Every binding reads the serving DB only (published ``ads_`` tables and platform tables), for
one calendar year, and returns a ``Measured``: a value with its unit, source and computation
in words, or ``value=None`` with the reason when there is no data for the year (never a zero
standing in for no data). The built-ins are ``BUILTIN`` (served to the
``ib_evaluation_bindings`` hook by the evaluation plugin); plugins add their own through the
same hook. Definitions: docs/usage.md.
"""

from __future__ import annotations

from industry_brain.evaluation.bindings_industry import BINDINGS as INDUSTRY
from industry_brain.evaluation.bindings_platform import BINDINGS as PLATFORM
from industry_brain.evaluation.model import Binding
from industry_brain.plugins import plugin_manager

BUILTIN: list[Binding] = [*INDUSTRY, *PLATFORM]


def all_bindings() -> dict[str, Binding]:
    """Return every binding by id: the built-ins, then those of the ``ib_evaluation_bindings``
    hook (a plugin's binding of the same id replaces a built-in; the evaluation plugin serves
    ``BUILTIN`` itself, which is harmless)."""
    found = {binding.id: binding for binding in BUILTIN}
    for bindings in plugin_manager().hook.ib_evaluation_bindings():
        for binding in bindings:
            if binding.id not in found or binding not in BUILTIN:
                found[binding.id] = binding
    return found
