"""Fixtures of the enterprise tests: file imports, and the known cluster loaded once for the
read-only profile and search tests (``tests.known_cluster.known_app``)."""

from tests.known_cluster import KnownApp, enterprise_org, known_app, load_known_cluster
from tests.warehouse.conftest import do_import

__all__ = ["KnownApp", "do_import", "enterprise_org", "known_app", "load_known_cluster"]
