"""Every kind of audit row the code writes has a Chinese label on the audit pages."""

from __future__ import annotations

import re
from pathlib import Path

import industry_brain
from industry_brain.audit.service import EVENT_LABELS

WRITTEN = re.compile(r'event_type="([a-z_.]+)"')


def test_every_event_type_written_has_a_label() -> None:
    package = Path(industry_brain.__file__).parent
    written = {
        match
        for path in package.rglob("*.py")
        for match in WRITTEN.findall(path.read_text(encoding="utf-8"))
    }
    assert {"push_token.create", "warehouse.pipeline.run", "access.denied"} <= written
    assert sorted(written - set(EVENT_LABELS)) == []
