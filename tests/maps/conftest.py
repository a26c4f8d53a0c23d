"""Fixtures from other suites: file imports and the known cluster."""

from tests.known_cluster import known_app, known_cluster
from tests.warehouse.conftest import do_import

__all__ = ["do_import", "known_app", "known_cluster"]
