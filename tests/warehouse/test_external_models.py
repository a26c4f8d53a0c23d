"""SQLMesh's external model file matches the standards and reference schemas."""

from __future__ import annotations

from industry_brain.warehouse.pipeline.external import EXTERNAL_MODELS, render


def test_external_models_file_is_current() -> None:
    assert EXTERNAL_MODELS.read_text(encoding="utf-8") == render(), (
        "regenerate: python -m industry_brain.warehouse.pipeline.external"
    )
