"""docs/monitoring.md lists every built-in indicator as the registry defines it."""

from __future__ import annotations

from industry_brain.monitor.docs import DOC, current_reference, indicator_reference
from industry_brain.monitor.indicators import BUILT_IN


def test_the_indicator_reference_is_current() -> None:
    found = current_reference(DOC.read_text(encoding="utf-8"))
    assert found == indicator_reference(), "run: python -m industry_brain.monitor.docs"
    for indicator in BUILT_IN:
        assert f"### {indicator.name}（`{indicator.id}`）" in found
        assert indicator.definition in found
