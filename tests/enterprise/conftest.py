"""The warehouse's import fixture, for tests that load files before resolving enterprises."""

from tests.warehouse.conftest import do_import

__all__ = ["do_import"]
