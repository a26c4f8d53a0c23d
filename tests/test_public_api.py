"""The package's public names are exactly these."""

from __future__ import annotations

import subprocess
import sys

import industry_brain


def test_public_names() -> None:
    assert industry_brain.__all__ == ["Settings", "__version__", "create_app"]
    for name in industry_brain.__all__:
        assert getattr(industry_brain, name) is not None


def test_cli_module_does_not_import_the_web_stack() -> None:
    code = (
        "import sys, industry_brain.cli; "
        "heavy = [m for m in ('fastapi', 'sqlalchemy', 'duckdb', 'casbin', 'argon2') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
