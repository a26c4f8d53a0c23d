"""The warehouse's import fixture, for the chain tests that load a small cluster."""

from tests.warehouse.conftest import do_import

__all__ = ["do_import"]
